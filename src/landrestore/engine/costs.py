"""The cost model: what a practice costs on this site, as low/typical/high, in one price year.

Pure functions. Steps, each visible in the result:

1. Bring the source's price year to the catalogue's reference year with the US CPI-U
   (``deflators.yaml``): ``x * CPI[ref] / CPI[year]``.
2. Scale the labour share of the cost by the ratio of price levels between the site and the place
   where the figures were observed: ``x * (s * L_site / L_origin + (1 - s))``, ``s`` the labour share.
   Price-level ratios are the ICP's PPP / exchange-rate ratios (``regions.yaml``); materials and
   equipment are treated as traded at world prices.
3. Total over the horizon: ``area * (establishment + maintenance * H)``.
4. Present value at discount rate r, maintenance from year 1 (end-of-year convention):
   ``area * (establishment + maintenance * (1 - (1 + r)^-H) / r)``.
"""

from __future__ import annotations

from typing import Any

LEVELS = ("low", "typical", "high")


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 a year for ``years`` years at ``rate`` (sum of (1+r)^-t, t=1..H)."""
    if rate == 0:
        return float(years)
    return (1 - (1 + rate) ** -years) / rate


def price_index_factor(year: int, deflators: dict[str, Any]) -> float:
    values = {v["year"]: v["index"] for v in deflators["values"]}
    ref = deflators["reference_year"]
    if year not in values or ref not in values:
        return 1.0
    return values[ref] / values[year]


def cost_level(catalog: Any, country: str | None, region: str | None) -> float | None:
    """Price-level ratio to the US for a country (its own, else its region's), or None if unknown."""
    if country and country in catalog.countries:
        c = catalog.countries[country]
        if c.get("cost_level"):
            return float(c["cost_level"])
        region = region or c["region"]
    if region and region in catalog.regions:
        return float(catalog.regions[region]["cost_level"])
    return None


def _r(x: float) -> float:
    return round(x, 2)


def level_factor(practice: dict[str, Any], site_level: float | None, catalog: Any) -> float:
    """Cost-level multiplier of step 2 for a practice at a site of the given price level."""
    c = practice["costs"]
    origin_level = cost_level(catalog, c.get("country"), c.get("region"))
    share = float(c.get("labour_share", 0.5))
    if site_level is not None and origin_level is not None:
        return share * site_level / origin_level + (1 - share)
    return 1.0


def per_ha_factor(practice: dict[str, Any], site_level: float | None, catalog: Any) -> float:
    """The multiplier from the catalogue's per-ha figures to the site's: price year and price level.

    The column form of the cost model (``engine.bulk``) calls this once per distinct price level,
    so both paths use the very same number.
    """
    return price_index_factor(practice["costs"]["year"], catalog.deflators) * level_factor(practice, site_level, catalog)


def per_ha(practice: dict[str, Any], factor: float) -> tuple[dict[str, float], dict[str, float]]:
    """Establishment and maintenance per ha after adjustment, unrounded."""
    c = practice["costs"]
    maint = c.get("maintenance_per_ha_year")
    est = {k: c["establishment_per_ha"][k] * factor for k in LEVELS}
    mnt = {k: (maint[k] * factor if maint is not None else 0.0) for k in LEVELS}
    return est, mnt


def estimate(practice: dict[str, Any], site: dict[str, Any], catalog: Any) -> dict[str, Any]:
    """Cost of a practice on a site. ``site`` is normalised, with ``region`` derived."""
    return estimate_and_figures(practice, site, catalog)[0]


def estimate_and_figures(practice: dict[str, Any], site: dict[str, Any], catalog: Any) -> tuple[dict[str, Any], float, float]:
    """The cost estimate, plus the unrounded (present value per ha, typical total) the scores use."""
    c = practice["costs"]
    infl = price_index_factor(c["year"], catalog.deflators)
    site_level = cost_level(catalog, site.get("country"), site.get("region"))
    origin_level = cost_level(catalog, c.get("country"), c.get("region"))
    share = float(c.get("labour_share", 0.5))
    level = level_factor(practice, site_level, catalog)
    factor = per_ha_factor(practice, site_level, catalog)
    maint_known = c.get("maintenance_per_ha_year") is not None
    est, mnt = per_ha(practice, factor)
    area = site.get("area_ha")
    area_assumed = area is None
    area = 1.0 if area is None else float(area)
    horizon = int(site["horizon_years"])
    rate = float(site["discount_rate"])
    af = annuity_factor(rate, horizon)
    total = {k: area * (est[k] + mnt[k] * horizon) for k in LEVELS}
    pv = {k: area * (est[k] + mnt[k] * af) for k in LEVELS}
    # De Groot et al. 2013 used 2 % and 8 %; the typical present value at both shows the sensitivity.
    sensitivity = {f"{r:.2f}": _r(area * (est["typical"] + mnt["typical"] * annuity_factor(r, horizon))) for r in (0.02, 0.08)}
    out: dict[str, Any] = {
        "currency": "USD",
        "year": catalog.deflators["reference_year"],
        "source_year": c["year"],
        "area_ha": area,
        "area_assumed": area_assumed,
        "horizon_years": horizon,
        "discount_rate": rate,
        "establishment_per_ha": {k: _r(est[k]) for k in LEVELS},
        "maintenance_per_ha_year": {k: _r(mnt[k]) for k in LEVELS},
        "total": {k: _r(total[k]) for k in LEVELS},
        "total_per_ha": {k: _r(total[k] / area) for k in LEVELS},
        "present_value": {k: _r(pv[k]) for k in LEVELS},
        "present_value_typical_at": sensitivity,
        "adjustments": {
            "price_index": round(infl, 4),
            "cost_level": round(level, 4),
            "labour_share": share,
            "site_cost_level": site_level,
            "origin_cost_level": origin_level,
        },
        "maintenance_known": maint_known,
        "labour_days_per_ha": c.get("labour_days_per_ha"),
        "estimate": bool(c.get("estimate")),
        "source": c.get("source"),
    }
    budget = site.get("budget_usd")
    if budget is not None:
        out["budget_usd"] = budget
        out["within_budget"] = round(total["typical"], 2) <= budget
        total_ha = total["typical"] / area
        out["affordable_area_ha"] = _r(min(area, budget / total_ha)) if total_ha > 0 else area
    return out, est["typical"] + mnt["typical"] * af, total["typical"]


def benefit_cost(practice: dict[str, Any], cost: dict[str, Any]) -> dict[str, Any]:
    """Benefit-cost ratio where the catalogue has a monetary benefit (USD per ha per year).

    Benefits ramp linearly from zero at the first-benefit year to full at the full-effect
    year, then stay flat to the horizon (the ramp follows De Groot et al. 2013's assumption
    of gradual recovery); both streams are discounted at the site's rate.
    """
    money = [
        b
        for b in practice["benefits"]
        if b.get("value") and (b.get("unit") or "").replace(" ", "").lower() in ("usd/ha/yr", "usd/ha/year")
    ]
    if not money:
        reported = [
            b for b in practice["benefits"] if b.get("value") and (b.get("unit") or "").lower().startswith("benefit-cost ratio")
        ]
        if reported:
            b = reported[0]
            return {
                "benefit_cost_ratio": b["value"],
                "computed": False,
                "basis": f"reported by the source for its own setting, not computed for this site: {b['description']} (source: {b.get('source')})",
            }
        return {
            "benefit_cost_ratio": None,
            "computed": False,
            "basis": "no monetary benefit per ha in the catalogue for this practice",
        }
    b = money[0]
    t0 = float(practice["timing"]["first_benefit_years"])
    t1 = max(float(practice["timing"]["full_effect_years"]), t0)
    rate, horizon = cost["discount_rate"], cost["horizon_years"]
    pv_b = {}
    for k in LEVELS:
        total = 0.0
        for t in range(1, horizon + 1):
            share = 0.0 if t < t0 else (1.0 if t >= t1 or t1 == t0 else (t - t0) / (t1 - t0))
            total += b["value"][k] * share / (1 + rate) ** t
        pv_b[k] = total
    # Cheapest cost with highest benefit gives the high ratio, and the other way round.
    pv_cost_per_ha = {k: cost["present_value"][k] / cost["area_ha"] for k in LEVELS}
    ratio = {
        "low": pv_b["low"] / pv_cost_per_ha["high"] if pv_cost_per_ha["high"] else None,
        "typical": pv_b["typical"] / pv_cost_per_ha["typical"] if pv_cost_per_ha["typical"] else None,
        "high": pv_b["high"] / pv_cost_per_ha["low"] if pv_cost_per_ha["low"] else None,
    }
    return {
        "benefit_cost_ratio": {k: (round(v, 2) if v is not None else None) for k, v in ratio.items()},
        "computed": True,
        "basis": f"{b['description']} ({b['unit']}, source: {b.get('source')}); benefits ramp from year {t0:g} to {t1:g}",
        "present_value_benefits_per_ha": {k: _r(v) for k, v in pv_b.items()},
        "note": "benefits are not adjusted for cost level or price year",
    }
