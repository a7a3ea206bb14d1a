"""The Python API: ``recommend(site)`` returns the same data the CLI prints as JSON.

Each function takes a site (a ``Site``, a mapping of site fields, or a path to a YAML/JSON site
file) and a catalogue (a loaded ``Catalog``, a user catalogue folder, or None for the catalogue
in use), checks the site, asks the engine, and turns the engine's codes into words in ``lang``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .knowledge.catalog import Catalog, load_catalog
from .model.site import normalise_site


def read_site_file(path: str | Path) -> dict[str, Any]:
    """Read a site from a YAML or JSON file; InputError with a position when it is malformed."""
    from .io.sitefile import read_site_file as read

    return read(path)


def prepare_site(site: Any, catalog: Catalog) -> dict[str, Any]:
    """Accept a Site model, a mapping or a path, and return the checked site mapping."""
    if isinstance(site, (str, Path)):
        site = read_site_file(site)
    if hasattr(site, "model_dump"):
        site = site.model_dump(exclude_none=True)
    out = normalise_site(dict(site), countries=catalog.countries)
    for pid in out.get("treated_share") or {}:
        if pid not in catalog.practices:
            from .model.errors import InputError
            from .model.vocab import closest

            raise InputError(
                "treated_share", pid, f"unknown practice '{pid}' in treated_share", closest(pid, tuple(catalog.practices))
            )
    return out


def _catalog(catalog: Catalog | str | Path | None) -> Catalog:
    if isinstance(catalog, Catalog):
        return catalog
    return load_catalog(catalog)


def recommend_data(
    site: Any, catalog: Catalog | str | Path | None = None, top: int | None = None, lang: str = "en"
) -> dict[str, Any]:
    """Ranked options as plain data (the JSON contract), without building any pydantic model."""
    from .engine import assess
    from .render import localise

    cat = _catalog(catalog)
    return localise.recommendation(assess.recommend(prepare_site(site, cat), cat, top=top), cat, lang)


def recommend(site: Any, catalog: Catalog | str | Path | None = None, top: int | None = None, lang: str = "en"):  # noqa: ANN201
    """Rank the catalogue's practices for a site.

    Returns a ``Recommendation`` (pydantic) whose ``model_dump(mode="json")`` is the JSON contract.
    """
    from .model.results import Recommendation

    return Recommendation.model_validate(recommend_data(site, catalog, top, lang))


def recommend_many(
    sites: Iterable[Any], catalog: Catalog | str | Path | None = None, top: int | None = None, lang: str = "en"
) -> Iterator[dict[str, Any]]:
    """Yield one result per site, lazily; a bad site yields ``{"error": ..., "field": ...}`` instead of stopping."""
    from .model.errors import UserError

    cat = _catalog(catalog)
    for site in sites:
        try:
            yield recommend_data(site, cat, top, lang)
        except UserError as exc:
            yield {"error": str(exc), "field": getattr(exc, "field", None)}


def explain(practice_id: str, site: Any, catalog: Catalog | str | Path | None = None, lang: str = "en") -> dict[str, Any]:
    """Why a practice ranks where it does on a site, or why it was excluded: every factor,
    criterion and rule."""
    from .engine import assess
    from .render import localise

    cat = _catalog(catalog)
    return localise.explanation(assess.explain(prepare_site(site, cat), practice_id, cat), cat, lang)


def plan(
    site: Any,
    budget: float | None = None,
    catalog: Catalog | str | Path | None = None,
    lang: str = "en",
    **options: Any,
) -> dict[str, Any]:
    """The best mix of practices per zone for a budget, with the frontier and the uncertainty.

    ``options``: include, exclude (practice ids), min_share, min_patch_share, max_practices,
    max_stack, max_candidates, area_step, time_limit (s), draws, seed, frontier_points. The site's
    ``budget_usd`` is used when ``budget`` is None.
    """
    from .engine import plan as planner
    from .render import plan as plan_words

    cat = _catalog(catalog)
    for key in ("include", "exclude"):
        if key in options:
            options[key] = tuple(options[key] or ())
    doc = planner.plan(prepare_site(site, cat), cat, budget, **options)
    return plan_words.localise(doc, cat, lang)
