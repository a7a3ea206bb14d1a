"""Facts about how well the catalogue is sourced (``landrestore catalog stats``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from landrestore.model import vocab


def _sources(catalog: Any) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for kind in ("practices", "biomes", "policies"):
        for key, entry in getattr(catalog, kind).items():
            for s in entry.get("sources") or []:
                out.append((kind, key, s))
    return out


def catalog_stats(catalog: Any) -> dict[str, Any]:
    """Counts of sources by kind, weak share, DOIs and years, case studies on strong sources."""
    srcs = _sources(catalog)
    kinds = Counter(s.get("kind") or "unclassified" for _, _, s in srcs)
    total = len(srcs) or 1
    weak = sum(kinds[k] for k in vocab.WEAK_SOURCE_KINDS)
    cases = 0
    cases_strong = cases_weak = 0
    for p in catalog.practices.values():
        by_id = {s["id"]: s for s in p["sources"]}
        for cs in p["case_studies"]:
            cases += 1
            kind = (by_id.get(cs["source"]) or {}).get("kind")
            cases_strong += kind in vocab.STRONG_SOURCE_KINDS
            cases_weak += kind in vocab.WEAK_SOURCE_KINDS
    obs = strong_obs = 0
    two_or_more = 0
    for p in catalog.practices.values():
        by_id = {s["id"]: s for s in p["sources"]}
        n_est = 0
        for key in ("establishment", "maintenance", "opportunity"):
            for o in (p["costs"].get(key) or {}).get("observations") or []:
                obs += 1
                n_est += key == "establishment"
                strong_obs += (by_id.get(o["source"]) or {}).get("kind") in vocab.STRONG_SOURCE_KINDS
        two_or_more += n_est >= 2
    return {
        "sources": {k: kinds.get(k, 0) for k in (*vocab.SOURCE_KINDS, "unclassified")},
        "cost_observations": {
            "total": obs,
            "from strong sources": f"{strong_obs} ({100 * strong_obs / (obs or 1):.0f} %)",
            "practices with 2 or more establishment observations": f"{two_or_more} of {len(catalog.practices)}",
        },
        "shares": {
            "weak": f"{100 * weak / total:.1f} %",
            "with a DOI": f"{100 * sum(1 for _, _, s in srcs if s.get('doi')) / total:.1f} %",
            "with a year": f"{100 * sum(1 for _, _, s in srcs if s.get('year')) / total:.1f} %",
        },
        "case_studies": {
            "total": cases,
            "on a strong source": cases_strong,
            "on grey literature (programme reports, trials)": cases - cases_strong - cases_weak,
            "on news or commercial pages": cases_weak,
        },
        "catalogue": {"practices": len(catalog.practices), "biomes": len(catalog.biomes), "policies": len(catalog.policies)},
    }
