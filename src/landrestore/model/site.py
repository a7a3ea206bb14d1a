"""Reading and checking a site description, with messages a field officer can act on.

Plain Python, no pydantic: the recommendation path stays fast, and the same checks serve the
``Site`` model, the CLI flags, site files and every batch row.
"""

from __future__ import annotations

import math
from typing import Any

from . import vocab
from .errors import InputError

REQUIRED = ("biome", "degradation", "severity")
FIELDS = (
    "id",
    "name",
    "country",
    "region",
    "biome",
    "aridity",
    "rainfall_mm",
    "slope_pct",
    "soil_ph",
    "land_use",
    "degradation",
    "severity",
    "area_ha",
    "budget_usd",
    "horizon_years",
    "discount_rate",
    "priorities",
    *vocab.SITE_FEATURES,
)
DEFAULTS: dict[str, Any] = {"horizon_years": 20, "discount_rate": 0.05}
#: (minimum, maximum, minimum exclusive?, description of what is allowed)
NUMBERS: dict[str, tuple[float, float, bool, str]] = {
    "rainfall_mm": (0, 15000, False, "a number of mm between 0 and 15000"),
    "slope_pct": (0, 100, False, "a percentage between 0 and 100"),
    "soil_ph": (0, 14, False, "a pH between 0 and 14"),
    "area_ha": (0, 1e9, True, "a number of hectares greater than 0"),
    "budget_usd": (0, 1e13, False, "an amount of USD of 0 or more"),
    "horizon_years": (1, 100, False, "a whole number of years between 1 and 100"),
    "discount_rate": (0, 1, False, "a fraction between 0 and 1 (e.g. 0.05 for 5 %)"),
}
ID_FIELDS = {
    "biome": vocab.BIOMES,
    "region": vocab.REGIONS,
    "aridity": vocab.ARIDITY_ZONES,
    "severity": vocab.SEVERITIES,
}
#: Fields that hold a list of ids (a comma- or semicolon-separated text is accepted too).
LIST_FIELDS = {"degradation": vocab.DEGRADATION_TYPES, "land_use": vocab.LAND_USES}
ALIASES = {
    "rainfall": "rainfall_mm",
    "slope": "slope_pct",
    "area": "area_ha",
    "budget": "budget_usd",
    "horizon": "horizon_years",
    "landuse": "land_use",
    "land-use": "land_use",
    "discount-rate": "discount_rate",
    "ph": "soil_ph",
    "land_uses": "land_use",
}
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0")


def _unknown_id(field: str, value: Any, allowed: tuple[str, ...]) -> InputError:
    hint = f"allowed: {', '.join(allowed)}" if len(allowed) <= 8 else f"allowed ids: `landrestore vocab {field}`"
    return InputError(field, value, f"unknown {field.replace('_', ' ')} '{value}'", vocab.closest(str(value), allowed), hint)


def _as_id(field: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise InputError(field, value, f"{field} must be one of the ids, not {value!r}")
    text = value.strip()
    if text in allowed:
        return text
    norm = text.lower().replace("-", "_").replace(" ", "_")
    if norm in allowed:
        return norm
    raise _unknown_id(field, value, allowed)


def _as_number(field: str, value: Any, strict_types: bool) -> float:
    lo, hi, exclusive, allowed = NUMBERS[field]
    num: float
    if isinstance(value, bool):
        raise InputError(field, value, f"{field} must be {allowed}, got {value!r}")
    if isinstance(value, (int, float)):
        num = float(value)
    elif isinstance(value, str) and not strict_types:
        text = value.strip().replace("_", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # decimal comma from a spreadsheet in another locale
        try:
            num = float(text)
        except ValueError:
            raise InputError(field, value, f"{field} must be {allowed}, got '{value}'") from None
    else:
        raise InputError(field, value, f"{field} must be {allowed}, got {value!r}")
    if math.isnan(num) or math.isinf(num) or num < lo or num > hi or (exclusive and num <= lo):
        raise InputError(field, value, f"{field} must be {allowed}, got {value}")
    if field == "horizon_years":
        if num != int(num):
            raise InputError(field, value, f"{field} must be {allowed}, got {value}")
        return int(num)
    return num


def _as_list(field: str, value: Any) -> list[str]:
    allowed = LIST_FIELDS[field]
    what = "degradation types" if field == "degradation" else "land uses"
    if isinstance(value, str):
        items = [v for v in (p.strip() for p in value.replace(";", ",").split(",")) if v]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise InputError(field, value, f"{field} must be a list of {what}, got {value!r}")
    out: list[str] = []
    for item in items:
        d = _as_id(field, item, allowed)
        if d not in out:
            out.append(d)
    if not out:
        raise InputError(field, value, f"{field} needs at least one of the {what} (see `landrestore vocab {field}`)")
    return out


def _as_bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(field, value, f"{field} must be yes or no (true/false), got {value!r}")


def _priorities(value: Any, strict_types: bool) -> dict[str, float]:
    if value is None:
        return {p: 1.0 for p in vocab.PRIORITIES}
    if isinstance(value, str):
        pairs = [p for p in value.replace(";", ",").split(",") if p.strip()]
        parsed: dict[str, Any] = {}
        for pair in pairs:
            if "=" not in pair:
                raise InputError("priorities", value, f"priority '{pair.strip()}' must be NAME=WEIGHT, e.g. carbon=2")
            k, v = pair.split("=", 1)
            parsed[k.strip()] = v.strip()
        value = parsed
    if not isinstance(value, dict):
        raise InputError("priorities", value, "priorities must be a mapping such as {cost: 1, carbon: 2}")
    out = {p: 1.0 for p in vocab.PRIORITIES}
    for k, v in value.items():
        name = str(k).strip().lower()
        if name not in vocab.PRIORITIES:
            raise InputError(
                "priorities",
                k,
                f"unknown priority '{k}' (allowed: {', '.join(vocab.PRIORITIES)})",
                vocab.closest(name, vocab.PRIORITIES),
            )
        try:
            w = float(str(v).replace(",", ".")) if isinstance(v, str) else float(v)
        except (TypeError, ValueError):
            raise InputError("priorities", v, f"priority {name} must be a weight between 0 and 10, got {v!r}") from None
        if isinstance(v, bool) or not (0 <= w <= 10) or math.isnan(w):
            raise InputError("priorities", v, f"priority {name} must be a weight between 0 and 10, got {v!r}")
        out[name] = w
    return out


def normalise_site(data: dict[str, Any], strict_types: bool = False, countries: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check a site mapping and return it with canonical ids and defaults.

    Raises InputError for the first problem, naming the field, the value given and what is
    allowed, with the closest id for a typo. ``countries`` (iso3 -> region) enables the check
    that a country code exists.
    """
    if not isinstance(data, dict):
        raise InputError("site", data, "a site must be a mapping of fields (biome, degradation, severity, ...)")
    site: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).strip()
        name = ALIASES.get(name, name)
        if name not in FIELDS:
            raise InputError(
                name, value, f"unknown site field '{key}' (allowed: {', '.join(FIELDS)})", vocab.closest(name, FIELDS)
            )
        if value is None or (isinstance(value, str) and not value.strip() and name != "name"):
            continue
        site[name] = value
    for field in REQUIRED:
        if field not in site:
            raise InputError(field, None, f"missing required field '{field}' (give it in the site file or with --{field})")
    out: dict[str, Any] = {}
    for key in ("id", "name"):
        if key in site:
            out[key] = str(site[key])
    if "country" in site:
        code = str(site["country"]).strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise InputError(
                "country",
                site["country"],
                f"country must be an ISO 3166-1 alpha-3 code such as ETH or BFA, got '{site['country']}'",
            )
        if countries is not None and code not in countries:
            raise InputError(
                "country",
                site["country"],
                f"unknown country code '{site['country']}' (ISO 3166-1 alpha-3)",
                vocab.closest(code, tuple(countries)),
            )
        out["country"] = code
    for field, allowed in ID_FIELDS.items():
        if field in site:
            out[field] = _as_id(field, site[field], allowed)
    for field in LIST_FIELDS:
        if field in site:
            out[field] = _as_list(field, site[field])
    for field in NUMBERS:
        if field in site:
            out[field] = _as_number(field, site[field], strict_types)
        elif field in DEFAULTS:
            out[field] = DEFAULTS[field]
    out["priorities"] = _priorities(site.get("priorities"), strict_types)
    for field in vocab.SITE_FEATURES:
        if field in site:
            out[field] = _as_bool(field, site[field])
    return out
