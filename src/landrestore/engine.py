"""The recommendation engine: a site and a catalogue in, ranked policy options out, as data.

Deterministic: practices are visited in id order, scores are rounded to 4 decimals, and ties
break by id, so the same input gives the same output byte for byte.
"""

from __future__ import annotations

from typing import Any

from . import costs, rules, scoring
from .catalog import Catalog
from .errors import InputError
from .i18n import Translator
from .vocab import SDG_15_3_1

FORMAT_VERSION = 1
OPTIONAL_FACTS = ("country", "aridity", "rainfall_mm", "slope_pct", "land_use", "area_ha")


def derive_aridity(rainfall_mm: float, pet_mm: float, thresholds: list[tuple[str, float | None]]) -> tuple[str, float]:
    """UNEP aridity zone from the aridity index AI = P / PET (UNEP 1992 thresholds)."""
    ai = rainfall_mm / pet_mm
    for zone, upper in thresholds:
        if upper is None or ai < upper:
            return zone, ai
    return thresholds[-1][0], ai


def complete_site(site: dict[str, Any], catalog: Catalog, tr: Translator | None = None) -> tuple[dict[str, Any], list[str]]:
    """Fill derived fields (region from country, aridity from rainfall) and collect warnings."""
    tr = tr or Translator("en", catalog)
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
            warnings.append(
                tr("warn.region", given=tr.term("region", s["region"]), country=c["name"], region=tr.term("region", c["region"]))
            )
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
                tr("warn.aridity", zone=tr.term("aridity", zone), rain=f"{s['rainfall_mm']:g}", pet=f"{pet:g}", ai=f"{ai:.2f}")
            )
    missing = [f for f in OPTIONAL_FACTS if s.get(f) is None and not (f == "country" and s.get("region"))]
    if s.get("area_ha") is None:
        warnings.append(tr("warn.area"))
    if missing:
        warnings.append(tr("warn.missing", facts=", ".join(missing)))
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


def _reasons(
    site: dict[str, Any], p: dict[str, Any], comp: dict[str, float | None], cost: dict[str, Any], tr: Translator
) -> list[str]:
    """Why the practice fits, in sentences: degradation, severity, cost, budget, co-benefits."""
    eff = {a["degradation"]: a["effectiveness"] for a in p["addresses"]}
    hits = [
        tr("reason.effect", level=tr(f"level.{eff[d]}"), degradation=tr.term("degradation", d))
        for d in site["degradation"]
        if d in eff
    ]
    out = [tr("reason.acts_on", items=tr.join(hits))]
    sf = comp["severity_fit"] or 0
    fit = tr("fit.well") if sf >= 0.8 else tr("fit.partly") if sf >= 0.5 else tr("fit.poorly")
    out.append(
        tr(
            "reason.fit",
            ldn=tr.term("ldn_response", p["ldn_response"]),
            intervention=tr.term("intervention", p["intervention"]),
            fit=fit,
            severity=tr.term("severity", site["severity"]),
        )
    )
    tph = cost["total_per_ha"]
    text = tr(
        "reason.cost",
        per_ha=f"{tph['typical']:,.0f}",
        years=cost["horizon_years"],
        low=f"{tph['low']:,.0f}",
        high=f"{tph['high']:,.0f}",
    )
    out.append(text + ("" if cost["maintenance_known"] else tr("reason.no_maintenance")))
    if "within_budget" in cost:
        out.append(
            tr("reason.fits_budget")
            if cost["within_budget"]
            else tr("reason.covers", area=f"{cost['affordable_area_ha']:,.1f}", total=f"{cost['area_ha']:,.1f}")
        )
    cb = p["cobenefits"]
    strong = [tr(f"cob.{k}") for k in scoring.COBENEFIT_KEYS if cb[k] >= 2]
    if strong:
        out.append(tr("reason.cobenefits", items=tr.enum(strong)))
    return out


def main_reason(site: dict[str, Any], p: dict[str, Any], tr: Translator) -> str:
    """The practice's strongest effect on the site's degradation (ties by the type's id)."""
    eff = {a["degradation"]: a["effectiveness"] for a in p["addresses"]}
    best = sorted((d for d in site["degradation"] if d in eff), key=lambda d: (-scoring.EFFECTIVENESS[eff[d]], d))
    d = best[0]
    return tr("main_reason", level=tr(f"level.{eff[d]}"), degradation=tr.term("degradation", d))


def evaluate(site: dict[str, Any], p: dict[str, Any], catalog: Catalog, tr: Translator | None = None) -> dict[str, Any]:
    """Everything the engine knows about one practice on one site (excluded or not)."""
    tr = tr or Translator("en", catalog)
    exclusions = rules.hard_exclusions(site, p, tr)
    fired = rules.fired(catalog.rules, site, p)
    trace = [{"rule": r["id"], "effect": r["effect"], "amount": r.get("amount"), "message": tr.message(r)} for r in fired]
    for r in fired:
        if r["effect"] == "exclude":
            exclusions.append({"rule": r["id"], "reason": tr.message(r)})
    result: dict[str, Any] = {"practice_id": p["id"], "name": tr.name(p), "exclusions": exclusions, "rules_fired": trace}
    if exclusions:
        return result
    cost, pv_per_ha, total_typical = costs.estimate_and_figures(p, site, catalog)
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


def _policies(p: dict[str, Any], fired: list[dict[str, Any]], catalog: Catalog, tr: Translator) -> list[dict[str, Any]]:
    ids = list(p["policy_instruments"])
    why = {i: "catalogue" for i in ids}
    for r in fired:
        if r["effect"] == "add_policy" and r.get("policy") and r["policy"] not in why:
            ids.append(r["policy"])
            why[r["policy"]] = tr.message(r)
    out = []
    for i in ids:
        pol = catalog.policies.get(i, {"id": i, "name": i})
        out.append({"id": i, "name": tr.name(pol), "summary": tr.summary(pol) or None, "why": why[i]})
    return out


def recommend_dict(site: dict[str, Any], catalog: Catalog, top: int | None = None, lang: str = "en") -> dict[str, Any]:
    """Rank every practice for a normalised site; return the JSON contract as plain data.

    ``lang`` sets the language of names, summaries, reasons and warnings (ids never change).
    """
    tr = Translator(lang, catalog)
    full, warnings = complete_site(site, catalog, tr)
    evaluated = [evaluate(full, p, catalog, tr) for _, p in sorted(catalog.practices.items())]
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
                "name": tr.name(p),
                "summary": tr.summary(p),
                "score": e["score"],
                "intervention": p["intervention"],
                "ldn_response": p["ldn_response"],
                "measure_types": p["measure_types"],
                "main_reason": main_reason(full, p, tr),
                "components": e["components"],
                "adjustment": e["adjustment"],
                "rules_fired": e["rules_fired"],
                "reasons": _reasons(full, p, e["components"], e["cost"], tr),
                "cost": e["cost"],
                "benefits": {
                    "items": p["benefits"],
                    "cobenefits": p["cobenefits"],
                    **costs.benefit_cost(p, e["cost"]),
                    "timing": p["timing"],
                },
                "monitoring": [{**m, "sdg_15_3_1": m["indicator"] in SDG_15_3_1} for m in p["monitoring"]],
                "policy_instruments": _policies(p, fired, catalog, tr),
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
        warnings.append(tr("warn.no_fit"))
    biome = catalog.biomes.get(full["biome"], {})
    return {
        "format_version": FORMAT_VERSION,
        "language": lang,
        "site": full,
        "catalog": {**catalog.summary(), "eligible": len(kept)},
        "biome_context": {
            "name": tr.name(biome) if biome else None,
            "restoration": biome.get("restoration"),
            "recovery_years": biome.get("recovery_years"),
        },
        "options": options,
        "excluded": excluded,
        "warnings": warnings,
    }


def explain_dict(site: dict[str, Any], practice_id: str, catalog: Catalog, lang: str = "en") -> dict[str, Any]:
    """One practice on one site: every component, every rule that fired, or why it was excluded."""
    tr = Translator(lang, catalog)
    p = catalog.practice(practice_id)
    full, warnings = complete_site(site, catalog, tr)
    e = evaluate(full, p, catalog, tr)
    out: dict[str, Any] = {
        "site": full,
        "practice_id": p["id"],
        "name": tr.name(p),
        "excluded": bool(e["exclusions"]),
        "warnings": warnings,
    }
    if e["exclusions"]:
        out["reasons"] = [f"{x['reason']} [{x['rule']}]" for x in e["exclusions"]]
        out["rules_fired"] = e["rules_fired"]
        return out
    rec = recommend_dict(site, catalog, lang=lang)
    opt = next(o for o in rec["options"] if o["practice_id"] == p["id"])
    out.update(rank=opt["rank"], of=len(rec["options"]), option=opt, weights=scoring.WEIGHTS)
    return out
