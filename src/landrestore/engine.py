"""The recommendation engine: a site and a catalogue in, ranked policy options out, as data.

Deterministic: practices are visited in id order, scores are rounded to 4 decimals, and ties
break by id, so the same input gives the same output byte for byte.
"""

from __future__ import annotations

from typing import Any

from . import costs, rules, scoring
from .catalog import Catalog
from .errors import InputError

FORMAT_VERSION = 1
OPTIONAL_FACTS = ("country", "aridity", "rainfall_mm", "slope_pct", "land_use", "area_ha")


def derive_aridity(rainfall_mm: float, pet_mm: float, thresholds: list[tuple[str, float | None]]) -> tuple[str, float]:
    """UNEP aridity zone from the aridity index AI = P / PET (UNEP 1992 thresholds)."""
    ai = rainfall_mm / pet_mm
    for zone, upper in thresholds:
        if upper is None or ai < upper:
            return zone, ai
    return thresholds[-1][0], ai


def complete_site(site: dict[str, Any], catalog: Catalog) -> tuple[dict[str, Any], list[str]]:
    """Fill derived fields (region from country, aridity from rainfall) and collect warnings."""
    s = dict(site)
    warnings: list[str] = []
    derived: list[str] = []
    if s.get("country"):
        c = catalog.countries.get(s["country"])
        if c is None:
            from .vocab import closest

            raise InputError(
                "country",
                s["country"],
                f"unknown country code '{s['country']}' (ISO 3166-1 alpha-3 of a UN member state)",
                closest(s["country"], tuple(catalog.countries)),
            )
        if s.get("region") and s["region"] != c["region"]:
            warnings.append(f"region '{s['region']}' given, but {c['name']} belongs to '{c['region']}'; using the region given")
        elif not s.get("region"):
            s["region"] = c["region"]
            derived.append("region")
    if not s.get("aridity") and s.get("rainfall_mm") is not None:
        biome = catalog.biomes.get(s["biome"], {})
        pet = biome.get("pet_mm")
        if pet:
            zones = [(t["id"], t.get("ai_max")) for t in catalog.vocabularies["aridity"]]
            zone, ai = derive_aridity(s["rainfall_mm"], pet, zones)
            s["aridity"] = zone
            derived.append("aridity")
            warnings.append(
                f"aridity derived as {zone} from {s['rainfall_mm']:g} mm rainfall and a typical PET of {pet:g} mm for the biome (AI {ai:.2f}); give --aridity if you know it"
            )
    missing = [f for f in OPTIONAL_FACTS if s.get(f) is None and not (f == "country" and s.get("region"))]
    if s.get("area_ha") is None:
        warnings.append("area not given: totals are for 1 ha")
    if missing:
        warnings.append("not given: " + ", ".join(missing) + "; practices that depend on them were not checked against them")
    known = len(OPTIONAL_FACTS) - len(missing)
    s["confidence"] = "high" if known == len(OPTIONAL_FACTS) else "medium" if known >= 3 else "low"
    s["missing_facts"] = missing
    s["derived_fields"] = derived
    return s, warnings


def _case_study(p: dict[str, Any], site: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """The practice's case study closest to the site: same country, region, biome, aridity."""

    def closeness(cs: dict[str, Any]) -> int:
        score = 0
        if site.get("country") and cs["country"] == site["country"]:
            score += 4
        region = catalog.countries.get(cs["country"], {}).get("region")
        if site.get("region") and region == site["region"]:
            score += 2
        if cs.get("biome") == site["biome"]:
            score += 2
        if site.get("aridity") and cs.get("aridity") == site["aridity"]:
            score += 1
        return score

    best = max(enumerate(p["case_studies"]), key=lambda ic: (closeness(ic[1]), -ic[0]))[1]
    srcs = {s["id"]: s for s in p["sources"]}
    return {**best, "source": srcs.get(best["source"], {"id": best["source"]})}


def _reasons(site: dict[str, Any], p: dict[str, Any], comp: dict[str, float | None], cost: dict[str, Any]) -> list[str]:
    eff = {a["degradation"]: a["effectiveness"] for a in p["addresses"]}
    hits = [f"{eff[d]} against {d.replace('_', ' ')}" for d in site["degradation"] if d in eff]
    out = [f"acts on the site's degradation: {', '.join(hits)}"]
    sev = site["severity"]
    out.append(
        f"a {p['ldn_response']} response by {p['intervention']}, "
        + (
            "well suited"
            if (comp["severity_fit"] or 0) >= 0.8
            else "partly suited"
            if (comp["severity_fit"] or 0) >= 0.5
            else "poorly suited"
        )
        + f" to {sev} degradation"
    )
    tph = cost["total_per_ha"]["typical"]
    out.append(
        f"about US${tph:,.0f}/ha over {cost['horizon_years']} years (range {cost['total_per_ha']['low']:,.0f}-{cost['total_per_ha']['high']:,.0f})"
        + ("" if cost["maintenance_known"] else "; maintenance cost unknown, not included")
    )
    if "within_budget" in cost:
        out.append(
            "the typical total fits the budget"
            if cost["within_budget"]
            else f"the budget covers about {cost['affordable_area_ha']:,.1f} of {cost['area_ha']:,.1f} ha"
        )
    cb = p["cobenefits"]
    strong = [k for k in ("carbon", "biodiversity", "livelihoods", "water") if cb[k] >= 2]
    if strong:
        out.append("co-benefits for " + ", ".join(strong))
    return out


def _main_reason(site: dict[str, Any], p: dict[str, Any]) -> str:
    eff = {a["degradation"]: a["effectiveness"] for a in p["addresses"]}
    best = sorted((d for d in site["degradation"] if d in eff), key=lambda d: (-scoring.EFFECTIVENESS[eff[d]], d))
    d = best[0]
    return f"{eff[d]} effect on {d.replace('_', ' ')}"


def evaluate(site: dict[str, Any], p: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """Everything the engine knows about one practice on one site (excluded or not)."""
    exclusions = rules.hard_exclusions(site, p)
    fired = rules.fired(catalog.rules, site, p)
    trace = [{"rule": r["id"], "effect": r["effect"], "amount": r.get("amount"), "message": r["message"]} for r in fired]
    for r in fired:
        if r["effect"] == "exclude":
            exclusions.append({"rule": r["id"], "reason": r["message"]})
    result: dict[str, Any] = {"practice_id": p["id"], "name": p["name"], "exclusions": exclusions, "rules_fired": trace}
    if exclusions:
        return result
    cost = costs.estimate(p, site, catalog)
    pv_per_ha, total_typical = costs.scoring_figures(p, site, catalog)
    eff = scoring.effectiveness(site, p)
    comp = {
        "site_fit": scoring.site_fit(site, p),
        "effectiveness": eff,
        "severity_fit": scoring.severity_fit(site, p),
        "cost_effectiveness": scoring.cost_effectiveness(pv_per_ha, eff),
        "budget_fit": scoring.budget_fit(site.get("budget_usd"), total_typical),
        "cobenefits": scoring.cobenefits(p, site["priorities"]),
    }
    adjustment = rules.adjustment(fired)
    raw = scoring.combine(comp, site["priorities"], adjustment)
    result.update(
        raw_score=raw,
        score=round(raw, 4),
        components={k: (round(v, 4) if v is not None else None) for k, v in comp.items()},
        adjustment=round(adjustment, 4),
        cost=cost,
    )
    return result


def _policies(p: dict[str, Any], fired: list[dict[str, Any]], catalog: Catalog) -> list[dict[str, Any]]:
    ids = list(p["policy_instruments"])
    why = {i: "enables this practice (catalogue)" for i in ids}
    for r in fired:
        if r["effect"] == "add_policy" and r.get("policy") and r["policy"] not in why:
            ids.append(r["policy"])
            why[r["policy"]] = r["message"]
    out = []
    for i in ids:
        pol = catalog.policies.get(i, {})
        out.append({"id": i, "name": pol.get("name", i), "summary": pol.get("summary"), "why": why[i]})
    return out


def recommend_dict(site: dict[str, Any], catalog: Catalog, top: int | None = None) -> dict[str, Any]:
    """Rank every practice for a normalised site; return the JSON contract as plain data."""
    full, warnings = complete_site(site, catalog)
    evaluated = [evaluate(full, p, catalog) for _, p in sorted(catalog.practices.items())]
    kept = [e for e in evaluated if not e["exclusions"]]
    # Rank by the unrounded score, then id: the bulk scorer reproduces this order exactly.
    kept.sort(key=lambda e: (-e["raw_score"], e["practice_id"]))
    options = []
    for rank, e in enumerate(kept, start=1):
        if top is not None and rank > top:
            break
        p = catalog.practices[e["practice_id"]]
        fired = [r for r in catalog.rules if r["id"] in {t["rule"] for t in e["rules_fired"]}]
        options.append(
            {
                "rank": rank,
                "practice_id": p["id"],
                "name": p["name"],
                "score": e["score"],
                "intervention": p["intervention"],
                "ldn_response": p["ldn_response"],
                "measure_types": p["measure_types"],
                "main_reason": _main_reason(full, p),
                "components": e["components"],
                "adjustment": e["adjustment"],
                "rules_fired": e["rules_fired"],
                "reasons": _reasons(full, p, e["components"], e["cost"]),
                "cost": e["cost"],
                "benefits": {
                    "items": p["benefits"],
                    "cobenefits": p["cobenefits"],
                    **costs.benefit_cost(p, e["cost"]),
                    "timing": p["timing"],
                },
                "monitoring": [
                    {**m, "sdg_15_3_1": m["indicator"] in ("land_cover", "land_productivity", "soil_organic_carbon")}
                    for m in p["monitoring"]
                ],
                "policy_instruments": _policies(p, fired, catalog),
                "case_study": _case_study(p, full, catalog),
                "sources": p["sources"],
            }
        )
    for e in evaluated:
        for t in e["rules_fired"]:
            if t["effect"] == "warn" and not e["exclusions"] and t["message"] not in warnings:
                warnings.append(t["message"])
    excluded = [
        {
            "practice_id": e["practice_id"],
            "name": e["name"],
            "reasons": [x["reason"] for x in e["exclusions"]],
            "rules": [x["rule"] for x in e["exclusions"]],
        }
        for e in evaluated
        if e["exclusions"]
    ]
    if not kept:
        warnings.append("no practice in the catalogue fits this site; see 'excluded' for the reasons")
    biome = catalog.biomes.get(full["biome"], {})
    return {
        "format_version": FORMAT_VERSION,
        "site": full,
        "catalog": {**catalog.summary(), "eligible": len(kept)},
        "biome_context": {
            "name": biome.get("name"),
            "restoration": biome.get("restoration"),
            "recovery_years": biome.get("recovery_years"),
        },
        "options": options,
        "excluded": excluded,
        "warnings": warnings,
    }


def explain_dict(site: dict[str, Any], practice_id: str, catalog: Catalog) -> dict[str, Any]:
    """One practice on one site: every component, every rule that fired, or why it was excluded."""
    p = catalog.practice(practice_id)
    full, warnings = complete_site(site, catalog)
    e = evaluate(full, p, catalog)
    out: dict[str, Any] = {
        "site": full,
        "practice_id": p["id"],
        "name": p["name"],
        "excluded": bool(e["exclusions"]),
        "warnings": warnings,
    }
    if e["exclusions"]:
        out["reasons"] = [f"{x['reason']} [{x['rule']}]" for x in e["exclusions"]]
        out["rules_fired"] = e["rules_fired"]
        return out
    rec = recommend_dict(site, catalog)
    opt = next(o for o in rec["options"] if o["practice_id"] == p["id"])
    out.update(rank=opt["rank"], of=len(rec["options"]), option=opt, weights=scoring.WEIGHTS)
    return out
