"""The recommendation engine: a site and a catalogue in, ranked policy options out, as data.

Everything here returns codes and numbers; ``render.localise`` turns the codes into sentences in
the user's language. Deterministic: practices are visited in id order, ranked by the unrounded
score and then by id, so the same input gives the same output byte for byte.
"""

from __future__ import annotations

from typing import Any

from landrestore.model.errors import InputError
from landrestore.model.vocab import SDG_15_3_1, closest

from . import costs, criteria, rules, suitability

FORMAT_VERSION = 2
OPTIONAL_FACTS = ("country", "aridity", "rainfall_mm", "slope_pct", "land_use", "area_ha")


def code(name: str, **params: Any) -> dict[str, Any]:
    """A reason, warning or exclusion as data: a code and its parameters."""
    return {"code": name, **params}


def derive_aridity(rainfall_mm: float, pet_mm: float, thresholds: list[tuple[str, float | None]]) -> tuple[str, float]:
    """UNEP aridity zone from the aridity index AI = P / PET (UNEP 1992 thresholds)."""
    ai = rainfall_mm / pet_mm
    for zone, upper in thresholds:
        if upper is None or ai < upper:
            return zone, ai
    return thresholds[-1][0], ai


def complete_site(site: dict[str, Any], catalog: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Fill derived fields (region from country, aridity from rainfall) and collect warnings."""
    s = dict(site)
    warnings: list[dict[str, Any]] = []
    derived: list[str] = []
    if s.get("country"):
        c = catalog.countries.get(s["country"])
        if c is None:
            raise InputError(
                "country",
                s["country"],
                f"unknown country code '{s['country']}' (ISO 3166-1 alpha-3 of a UN member state)",
                closest(s["country"], tuple(catalog.countries)),
            )
        if s.get("region") and s["region"] not in annexes_of(catalog, s["country"]):
            warnings.append(code("site.region_mismatch", region_given=s["region"], country=s["country"], region=c["region"]))
        elif not s.get("region"):
            s["region"] = c["region"]
            derived.append("region")
    if not s.get("aridity") and s.get("rainfall_mm") is not None:
        pet = (catalog.biomes.get(s["biome"]) or {}).get("pet_mm")
        if pet:
            zones = [(t["id"], t.get("ai_max")) for t in catalog.vocabularies["aridity"]]
            zone, ai = derive_aridity(s["rainfall_mm"], pet, zones)
            s["aridity"] = zone
            derived.append("aridity")
            warnings.append(code("site.aridity_derived", aridity=zone, rainfall_mm=s["rainfall_mm"], pet_mm=pet, ai=round(ai, 2)))
    missing = [f for f in OPTIONAL_FACTS if s.get(f) is None and not (f == "country" and s.get("region"))]
    if s.get("area_ha") is None:
        warnings.append(code("site.area_missing"))
    if missing:
        warnings.append(code("site.facts_missing", facts=missing))
    known = len(OPTIONAL_FACTS) - len(missing)
    s["confidence"] = "high" if known == len(OPTIONAL_FACTS) else "medium" if known >= 3 else "low"
    s["missing_facts"] = missing
    s["derived_fields"] = derived
    return s, warnings


def _effects(site: dict[str, Any], p: dict[str, Any]) -> list[dict[str, Any]]:
    eff = {a["degradation"]: a["effectiveness"] for a in p["addresses"]}
    return [{"degradation": d, "level": eff[d]} for d in site["degradation"] if d in eff]


def main_reason(site: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    """The practice's strongest effect on the site's degradation (ties by the type's id)."""
    hits = sorted(_effects(site, p), key=lambda e: (-criteria.EFFECTIVENESS[e["level"]], e["degradation"]))
    if not hits:
        return code("main.no_effect")
    return code("main.effect", **hits[0])


def _reasons(site: dict[str, Any], p: dict[str, Any], e: dict[str, Any]) -> list[dict[str, Any]]:
    """Why the practice fits, as codes: degradation, suitability, severity, cost, budget, co-benefits."""
    comp, cost, suit = e["components"], e["cost"], e["suitability"]
    hits = _effects(site, p)
    out = [code("reason.acts_on", effects=hits) if hits else code("reason.no_effect", degradation=site["degradation"])]
    for f in suit["factors"]:
        if f["factor"] == suit["limiting_factor"] or f["code"] in (
            "requirement.unknown",
            "land_use.conversion",
            "land_use.cropland_conversion",
        ):
            out.append({k: v for k, v in f.items() if k not in ("factor", "value", "class")})
    sf = comp["severity_fit"]
    fit = "well" if sf >= 0.8 else "partly" if sf >= 0.5 else "poorly"
    out.append(code("reason.fit", ldn=p["ldn_response"], intervention=p["intervention"], fit=fit, severity=site["severity"]))
    tph = cost["total_per_ha"]
    out.append(
        code(
            "reason.cost",
            per_ha=tph["typical"],
            low=tph["low"],
            high=tph["high"],
            years=cost["horizon_years"],
            maintenance_known=cost["maintenance_known"],
        )
    )
    if "within_budget" in cost:
        if cost["within_budget"]:
            out.append(code("reason.fits_budget"))
        else:
            out.append(code("reason.covers", area=cost["affordable_area_ha"], total=cost["area_ha"]))
    strong = [k for k in criteria.COBENEFIT_KEYS if p["cobenefits"][k] >= 2]
    if strong:
        out.append(code("reason.cobenefits", items=strong))
    return out


def exclusion_reasons(suit: dict[str, Any], fired: list[dict[str, Any]], outcome: dict[str, Any]) -> list[dict[str, Any]]:
    """Why a practice cannot work here: its N factors and the rules that exclude it."""
    out = [
        {k: v for k, v in f.items() if k not in ("value", "class")}
        for f in suit["factors"]
        if f["value"] is not None and f["value"] == 0.0
    ]
    out += [code(f"rule.{rid}", rule=rid) for rid in outcome["excluded_by"]]
    return out


def evaluate(site: dict[str, Any], p: dict[str, Any], catalog: Any) -> dict[str, Any]:
    """Everything the engine knows about one practice on one completed site (excluded or not)."""
    suit = suitability.assess(site, p, catalog)
    fired = rules.fired(catalog.rules, site, p)
    outcome = rules.apply(fired)
    trace = [
        {"rule": r["id"], "effect": r["effect"], "amount": r.get("amount"), "policy": r.get("policy"), "code": f"rule.{r['id']}"}
        for r in fired
    ]
    result: dict[str, Any] = {"practice_id": p["id"], "suitability": suit, "rules_fired": trace, "outcome": outcome}
    if suit["class"] == "N" or outcome["excluded_by"]:
        result["exclusions"] = exclusion_reasons(suit, fired, outcome)
        return result
    result["exclusions"] = []
    cost, pv_per_ha, total_typical = costs.estimate_and_figures(p, site, catalog)
    ctx: dict[str, Any] = {"pv_per_ha": pv_per_ha, "total_typical": total_typical}
    values: dict[str, float | None] = {}
    for name, crit in criteria.CRITERIA.items():
        values[name] = ctx[name] = crit.scalar(site, p, ctx)
    adjustment = outcome["boost"] - outcome["penalty"]
    raw = criteria.combine(values, site["priorities"], suit["value"], adjustment)
    # What the practice achieves, its cost left out: the value `plan` buys with its budget.
    benefit = criteria.combine(
        {k: v for k, v in values.items() if k not in criteria.COST_CRITERIA}, site["priorities"], suit["value"], adjustment
    )
    result.update(
        raw_score=raw,
        score=round(raw, 4),
        benefit=benefit,
        components={k: (round(v, 4) if v is not None else None) for k, v in values.items()},
        adjustment=round(adjustment, 4),
        cost=cost,
    )
    return result


def _policies(p: dict[str, Any], outcome: dict[str, Any]) -> list[dict[str, Any]]:
    out = [{"id": i, "why": "catalogue"} for i in p["policy_instruments"]]
    seen = set(p["policy_instruments"])
    for pid, rid in outcome["policies"]:
        if pid not in seen:
            seen.add(pid)
            out.append({"id": pid, "why": "rule", "rule": rid})
    return out


def annexes_of(catalog: Any, country: str) -> list[str]:
    """The UNCCD regions a country belongs to: its region and any other annex it is a Party of."""
    c = catalog.countries.get(country) or {}
    return [c["region"], *(c.get("also_in") or [])] if c else []


def case_study(p: dict[str, Any], site: dict[str, Any], catalog: Any) -> dict[str, Any]:
    """The practice's case study closest to the site: same country, region, biome, aridity."""

    def closeness(cs: dict[str, Any]) -> int:
        score = 0
        if site.get("country") and cs["country"] == site["country"]:
            score += 4
        if site.get("region") and site["region"] in annexes_of(catalog, cs["country"]):
            score += 2
        if cs.get("biome") == site["biome"]:
            score += 2
        if site.get("aridity") and cs.get("aridity") == site["aridity"]:
            score += 1
        return score

    best = max(enumerate(p["case_studies"]), key=lambda ic: (closeness(ic[1]), -ic[0]))[1]
    srcs = {s["id"]: s for s in p["sources"]}
    return {**best, "source": srcs.get(best["source"], {"id": best["source"]})}


def option(rank: int, site: dict[str, Any], p: dict[str, Any], e: dict[str, Any], catalog: Any) -> dict[str, Any]:
    """One ranked option with everything a user reads about it (as data)."""
    return {
        "rank": rank,
        "practice_id": p["id"],
        "score": e["score"],
        "intervention": p["intervention"],
        "ldn_response": p["ldn_response"],
        "measure_types": p["measure_types"],
        "suitability": e["suitability"],
        "main_reason": main_reason(site, p),
        "components": e["components"],
        "adjustment": e["adjustment"],
        "rules_fired": e["rules_fired"],
        "reasons": _reasons(site, p, e),
        "cost": e["cost"],
        "benefits": {
            "items": p["benefits"],
            "cobenefits": p["cobenefits"],
            **costs.benefit_cost(p, e["cost"]),
            "timing": p["timing"],
        },
        "monitoring": [{**m, "sdg_15_3_1": m["indicator"] in SDG_15_3_1} for m in p["monitoring"]],
        "policy_instruments": _policies(p, e["outcome"]),
        "case_study": case_study(p, site, catalog),
        "sources": p["sources"],
    }


def rank(evaluated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The practices that can work here, best first: by the unrounded score, then by id."""
    kept = [e for e in evaluated if not e["exclusions"]]
    kept.sort(key=lambda e: (-e["raw_score"], e["practice_id"]))
    return kept


def recommend(site: dict[str, Any], catalog: Any, top: int | None = None) -> dict[str, Any]:
    """Rank every practice for a checked site; the result as data (codes and numbers)."""
    full, warnings = complete_site(site, catalog)
    evaluated = [evaluate(full, p, catalog) for _, p in sorted(catalog.practices.items())]
    kept = rank(evaluated)
    options = [
        option(i, full, catalog.practices[e["practice_id"]], e, catalog)
        for i, e in enumerate(kept[:top] if top is not None else kept, start=1)
    ]
    seen: set[str] = set()
    for e in kept:
        for rid in e["outcome"]["warnings"]:
            if rid not in seen:
                seen.add(rid)
                warnings.append(code(f"rule.{rid}", rule=rid))
    if not kept:
        warnings.append(code("site.no_fit"))
    excluded = [
        {"practice_id": e["practice_id"], "suitability": e["suitability"], "reasons": e["exclusions"]}
        for e in evaluated
        if e["exclusions"]
    ]
    biome = catalog.biomes.get(full["biome"]) or {}
    return {
        "format_version": FORMAT_VERSION,
        "site": full,
        "catalog": {**catalog.summary(), "eligible": len(kept)},
        "biome_context": {
            "biome": full["biome"],
            "restoration": biome.get("restoration"),
            "recovery_years": biome.get("recovery_years"),
        },
        "options": options,
        "excluded": excluded,
        "warnings": warnings,
    }


def explain(site: dict[str, Any], practice_id: str, catalog: Any) -> dict[str, Any]:
    """One practice on one site: every factor, criterion and rule, or why it was excluded."""
    p = catalog.practice(practice_id)
    full, warnings = complete_site(site, catalog)
    evaluated = [evaluate(full, q, catalog) for _, q in sorted(catalog.practices.items())]
    e = next(x for x in evaluated if x["practice_id"] == p["id"])
    out: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "site": full,
        "practice_id": p["id"],
        "excluded": bool(e["exclusions"]),
        "suitability": e["suitability"],
        "requirements": [catalog.requirements[r] for r in p["suitability"].get("requires") or []],
        "rules_fired": e["rules_fired"],
        "warnings": warnings,
    }
    if e["exclusions"]:
        out["reasons"] = e["exclusions"]
        return out
    kept = rank(evaluated)
    position = next(i for i, x in enumerate(kept, start=1) if x["practice_id"] == p["id"])
    out.update(
        rank=position,
        of=len(kept),
        option=option(position, full, p, e, catalog),
        weights=criteria.WEIGHTS,
        suitability_floor=criteria.SUIT_FLOOR,
    )
    return out
