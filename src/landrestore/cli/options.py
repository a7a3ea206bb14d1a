"""Options shared by several commands, declared once.

The site flags are named like the site file's fields (``--slope-pct``, with the short
``--slope`` kept as an alias) and added to every command that takes a site by ``site_flags``.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

DataOpt = Annotated[
    Optional[Path], typer.Option("--data", help="A user catalogue folder laid over the shipped one (env LANDRESTORE_DATA).")
]
LangOpt = Annotated[Optional[str], typer.Option("--lang", help="en, zh, fr, es, ar or ru (default: from the locale, else en).")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Plain text without colours (also: the NO_COLOR variable).")]
OutputOpt = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to this file (whole or not at all); '-' for stdout.")
]
SiteOpt = Annotated[Optional[Path], typer.Option("--site", "-s", help="Site file (YAML or JSON). Flags override its fields.")]
TopOpt = Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Show only the N best options.")]

#: (parameter, site field, type, option names, help). The site flags of every command that takes a site.
SITE_FLAGS: list[tuple[str, str, Any, tuple[str, ...], str]] = [
    ("name", "name", Optional[str], ("--name",), "A name for the site."),
    ("biome", "biome", Optional[str], ("--biome",), "WWF biome id (see `landrestore biomes list`)."),
    ("country", "country", Optional[str], ("--country",), "ISO 3166-1 alpha-3 code, e.g. ETH."),
    ("region", "region", Optional[str], ("--region",), "UNCCD region; derived from the country when missing."),
    ("aridity", "aridity", Optional[str], ("--aridity",), "hyper_arid, arid, semi_arid, dry_subhumid or humid."),
    ("rainfall_mm", "rainfall_mm", Optional[str], ("--rainfall-mm", "--rainfall"), "Mean annual rainfall, mm."),
    ("slope_pct", "slope_pct", Optional[str], ("--slope-pct", "--slope"), "Slope, percent."),
    ("soil_ph", "soil_ph", Optional[str], ("--soil-ph",), "Topsoil pH (liming and gypsum depend on it)."),
    (
        "land_use",
        "land_use",
        Optional[list[str]],
        ("--land-use",),
        "cropland, grazing_land, forest, mixed, settlement, wetland, mine or barren; repeat or give a comma list.",
    ),
    ("degradation", "degradation", Optional[list[str]], ("--degradation",), "Degradation type; repeat or give a comma list."),
    ("severity", "severity", Optional[str], ("--severity",), "light, moderate, strong or extreme (GLASOD)."),
    ("area_ha", "area_ha", Optional[str], ("--area-ha", "--area"), "Area to treat, ha."),
    ("budget_usd", "budget_usd", Optional[str], ("--budget-usd", "--budget"), "Total budget, USD."),
    (
        "horizon_years",
        "horizon_years",
        Optional[str],
        ("--horizon-years", "--horizon"),
        "Years over which costs are counted (default 20).",
    ),
    ("discount_rate", "discount_rate", Optional[str], ("--discount-rate",), "Discount rate 0..1 (default 0.05)."),
    (
        "priority",
        "priorities",
        Optional[list[str]],
        ("--priority",),
        "NAME=WEIGHT for cost, carbon, biodiversity, livelihoods, water; repeatable.",
    ),
    ("irrigated", "irrigated", Optional[bool], ("--irrigated/--not-irrigated",), "The land is (not) irrigated."),
    (
        "watercourse",
        "watercourse",
        Optional[bool],
        ("--watercourse/--no-watercourse",),
        "A stream, river or lake borders the site (or not).",
    ),
    ("gullies", "gullies", Optional[bool], ("--gullies/--no-gullies",), "The site has gullies or drainage lines (or not)."),
    (
        "remnant_vegetation",
        "remnant_vegetation",
        Optional[bool],
        ("--remnant-vegetation/--no-remnant-vegetation",),
        "Living stumps, roots or seed trees remain for natural regeneration (or not).",
    ),
]
SITE_FLAG_NAMES = tuple(f[0] for f in SITE_FLAGS)


def flags_to_site(values: dict[str, Any]) -> dict[str, Any]:
    """Site fields from the flags given (lists split on commas, ``--priority`` pairs parsed)."""
    from landrestore.model.errors import InputError

    out: dict[str, Any] = {}
    for param, field, _, _, _ in SITE_FLAGS:
        value = values.get(param)
        if value is None or value == [] or value == ():
            continue
        if param in ("land_use", "degradation"):
            value = [x.strip() for v in value for x in v.split(",") if x.strip()]
        elif param == "priority":
            prio: dict[str, str] = {}
            for item in value:
                if "=" not in item:
                    raise InputError("priority", item, f"--priority must be NAME=WEIGHT (e.g. carbon=2), got '{item}'")
                k, v = item.split("=", 1)
                prio[k.strip()] = v.strip()
            value = prio
        out[field] = value
    return out


def site_flags(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add the site flags to a command; it receives them as ``flags`` (a mapping of site fields)."""
    sig = inspect.signature(fn, eval_str=True)
    hints = typing.get_type_hints(fn, include_extras=True)
    own = [p for p in sig.parameters.values() if p.name != "flags"]
    extra = [
        inspect.Parameter(
            param,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[typ, typer.Option(*names, help=help_, rich_help_panel="Site")],
        )
        for param, _, typ, names, help_ in SITE_FLAGS
    ]

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        given = {k: kwargs.pop(k) for k in SITE_FLAG_NAMES}
        return fn(**kwargs, flags=flags_to_site(given))

    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + extra
    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {
        **{k: v for k, v in hints.items() if k != "flags"},
        **{p.name: p.annotation for p in extra},
    }
    del wrapper.__wrapped__  # typer must see the new signature, not the wrapped one
    return wrapper
