"""The Python API: ``recommend(site)`` returns the same data the CLI prints as JSON."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .catalog import Catalog, load_catalog
from .sites import normalise_site


def read_site_file(path: str | Path) -> dict[str, Any]:
    """Read a site from a YAML or JSON file; InputError with a position when it is malformed."""
    from .errors import InputError
    from .yamlio import YamlError, load_file

    try:
        doc = load_file(path)
    except YamlError as exc:
        where = f"{exc.path}:{exc.line}:{exc.column}: " if exc.line else f"{exc.path}: "
        raise InputError("site", str(path), f"site file {where}{exc.message}") from None
    if doc.problems:
        p = doc.problems[0]
        raise InputError("site", str(path), f"site file {path}:{p.line}:{p.column}: {p.message}")
    if not isinstance(doc.data, dict):
        raise InputError(
            "site", str(path), f"site file {path} must be a mapping of fields (biome: ..., degradation: [...], severity: ...)"
        )
    return doc.data


def prepare_site(site: Any, catalog: Catalog) -> dict[str, Any]:
    """Accept a Site model, a mapping or a path, and return the checked site mapping."""
    if isinstance(site, (str, Path)):
        site = read_site_file(site)
    if hasattr(site, "model_dump"):
        site = site.model_dump(exclude_none=True)
    return normalise_site(dict(site), countries=catalog.countries)


def _catalog(catalog: Catalog | str | Path | None) -> Catalog:
    if isinstance(catalog, Catalog):
        return catalog
    return load_catalog(catalog)


def recommend_data(
    site: Any, catalog: Catalog | str | Path | None = None, top: int | None = None, lang: str = "en"
) -> dict[str, Any]:
    """Ranked options as plain data (the JSON contract), without building any pydantic model."""
    from .engine import recommend_dict

    cat = _catalog(catalog)
    return recommend_dict(prepare_site(site, cat), cat, top=top, lang=lang)


def recommend(site: Any, catalog: Catalog | str | Path | None = None, top: int | None = None, lang: str = "en"):  # noqa: ANN201
    """Rank the catalogue's practices for a site.

    ``site``: a ``Site``, a mapping of site fields, or a path to a YAML/JSON site file.
    ``catalog``: a loaded ``Catalog``, a user catalogue folder, or None for the catalogue in use.
    Returns a ``Recommendation`` (pydantic) whose ``model_dump(mode="json")`` is the JSON contract.
    """
    from .results import Recommendation

    return Recommendation.model_validate(recommend_data(site, catalog, top, lang))


def recommend_many(
    sites: Iterable[Any], catalog: Catalog | str | Path | None = None, top: int | None = None
) -> Iterator[dict[str, Any]]:
    """Yield one result per site, lazily; a bad site yields ``{"error": ...}`` instead of stopping."""
    from .errors import UserError

    cat = _catalog(catalog)
    for site in sites:
        try:
            yield recommend_data(site, cat, top)
        except UserError as exc:
            yield {"error": str(exc), "field": getattr(exc, "field", None)}


def explain(practice_id: str, site: Any, catalog: Catalog | str | Path | None = None, lang: str = "en") -> dict[str, Any]:
    """Why a practice ranks where it does on a site, or why it was excluded."""
    from .engine import explain_dict

    cat = _catalog(catalog)
    return explain_dict(prepare_site(site, cat), practice_id, cat, lang=lang)
