"""The cost model: what a practice costs on a site, as low/typical/high, in one price year.

Pure functions. The catalogue holds each cost per ha treated in US dollars of its reference
year at the reference price level (the US = 1), derived from documented observations
(``knowledge/costs.py``), with the labour share at that level. On a site:

1. the labour share follows the site's price level ``L`` (its country's, else its region's,
   else the median of all countries): ``x * (s * L + 1 - s)``; materials and equipment are
   taken to be traded at world prices;
2. the area treated is the site's area times the share of it the practice occupies (gullies,
   stream banks, field edges; 1 when the practice treats the whole site);
3. total over the horizon: ``treated * (establishment + maintenance * H)``;
4. present value at the discount rate r, maintenance from year 1 (end-of-year convention):
   ``treated * (establishment + maintenance * (1 - (1 + r)^-H) / r)``;
5. the opportunity cost of the land's forgone use, where the catalogue has one, is counted the
   same way and shown apart, never in the total.
"""

from __future__ import annotations

from typing import Any

LEVELS = ("low", "typical", "high")


def median(values: list[float]) -> float:
    """The median (``statistics`` costs 3 ms of start-up for this one use)."""
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 a year for ``years`` years at ``rate`` (sum of (1+r)^-t, t=1..H)."""
    if rate == 0:
        return float(years)
    return (1 - (1 + rate) ** -years) / rate


def world_level(catalog: Any) -> float:
    """The median price level of all countries, for a site that names neither country nor region."""
    cached = getattr(catalog, "_world_level", None)
    if cached is None:
        levels = [float(c["cost_level"]) for c in catalog.countries.values() if c.get("cost_level")]
        cached = median(levels) if levels else 1.0
        try:
            catalog._world_level = cached
        except AttributeError:
            pass
    return cached


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


def site_level(catalog: Any, site: dict[str, Any]) -> float:
    level = cost_level(catalog, site.get("country"), site.get("region"))
    return world_level(catalog) if level is None else level


def level_factor(item: dict[str, Any] | None, level: float) -> float:
    """Step 1 for one cost item: the reference-level figure to the site's price level."""
    if item is None:
        return 0.0
    s = float(item["labour_share"])
    return s * level + (1 - s)


def _r(x: float) -> float:
    return round(x, 2)


def treated_shares(practice: dict[str, Any], site: dict[str, Any]) -> dict[str, float]:
    """The share of the site the practice treats (the site's own figure, else the catalogue's)."""
    own = (site.get("treated_share") or {}).get(practice["id"])
    if own is not None:
        return {k: float(own) for k in LEVELS}
    share = practice["costs"].get("treated_share")
    return {k: float(share[k]) for k in LEVELS} if share else {k: 1.0 for k in LEVELS}


def per_ha(practice: dict[str, Any], level: float) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Establishment, maintenance (per year) and opportunity cost (per year) per ha treated at a
    price level, unrounded; an absent item is 0."""
    c = practice["costs"]
    out = []
    for key in ("establishment", "maintenance", "opportunity"):
        item = c.get(key)
        f = level_factor(item, level)
        out.append({k: (item["per_ha"][k] * f if item else 0.0) for k in LEVELS})
    return out[0], out[1], out[2]


def estimate(practice: dict[str, Any], site: dict[str, Any], catalog: Any) -> dict[str, Any]:
    """Cost of a practice on a site. ``site`` is normalised, with ``region`` derived."""
    return estimate_and_figures(practice, site, catalog)[0]


def estimate_and_figures(practice: dict[str, Any], site: dict[str, Any], catalog: Any) -> tuple[dict[str, Any], float, float]:
    """The cost estimate, plus the unrounded present value per ha of site and typical total the scores use."""
    c = practice["costs"]
    level = site_level(catalog, site)
    est, mnt, opp = per_ha(practice, level)
    share = treated_shares(practice, site)
    area = site.get("area_ha")
    area_assumed = area is None
    area = 1.0 if area is None else float(area)
    horizon = int(site["horizon_years"])
    rate = float(site["discount_rate"])
    af = annuity_factor(rate, horizon)
    treated = {k: area * share[k] for k in LEVELS}
    total = {k: treated[k] * (est[k] + mnt[k] * horizon) for k in LEVELS}
    pv = {k: treated[k] * (est[k] + mnt[k] * af) for k in LEVELS}
    # De Groot et al. 2013 used 2 % and 8 %; the typical present value at both shows the sensitivity.
    sensitivity = {
        f"{r:.2f}": _r(treated["typical"] * (est["typical"] + mnt["typical"] * annuity_factor(r, horizon))) for r in (0.02, 0.08)
    }
    out: dict[str, Any] = {
        "currency": "USD",
        "year": catalog.deflators["reference_year"],
        "area_ha": area,
        "area_assumed": area_assumed,
        "treated_share": {k: share[k] for k in LEVELS},
        "treated_area_ha": {k: _r(treated[k]) for k in LEVELS},
        "horizon_years": horizon,
        "discount_rate": rate,
        "establishment_per_ha": {k: _r(est[k]) for k in LEVELS},
        "maintenance_per_ha_year": {k: _r(mnt[k]) for k in LEVELS},
        "total": {k: _r(total[k]) for k in LEVELS},
        "total_per_ha": {k: _r(total[k] / area) for k in LEVELS},
        "present_value": {k: _r(pv[k]) for k in LEVELS},
        "present_value_typical_at": sensitivity,
        "adjustments": {
            "site_price_level": round(level, 4),
            "labour_share": c["establishment"]["labour_share"],
            "price_level_factor": round(level_factor(c["establishment"], level), 4),
        },
        "maintenance_known": c.get("maintenance") is not None,
        "no_maintenance": c.get("no_maintenance"),
        "observations": {
            key: len(c[key]["observations"]) for key in ("establishment", "maintenance", "opportunity") if c.get(key)
        },
        "labour_days_per_ha": c.get("labour_days_per_ha"),
    }
    if c.get("opportunity"):
        out["opportunity"] = {
            "per_ha_year": {k: _r(opp[k]) for k in LEVELS},
            "total": {k: _r(treated[k] * opp[k] * horizon) for k in LEVELS},
            "present_value": {k: _r(treated[k] * opp[k] * af) for k in LEVELS},
            "in_total": False,
        }
    budget = site.get("budget_usd")
    if budget is not None:
        out["budget_usd"] = budget
        out["within_budget"] = round(total["typical"], 2) <= budget
        total_ha = total["typical"] / area
        out["affordable_area_ha"] = _r(min(area, budget / total_ha)) if total_ha > 0 else area
    # The score reads the present value per ha of site: the treated share times the present value
    # per ha treated (computed this way, not as pv / area, so that batch reproduces it exactly).
    return out, share["typical"] * (est["typical"] + mnt["typical"] * af), total["typical"]


def money_benefit(practice: dict[str, Any]) -> dict[str, Any] | None:
    """The practice's first benefit in USD per ha per year, if the catalogue has one."""
    for b in practice["benefits"]:
        if b.get("value") and (b.get("unit") or "").replace(" ", "").lower() in ("usd/ha/yr", "usd/ha/year"):
            return b
    return None


def benefits_present_value(practice: dict[str, Any], rate: float, horizon: int) -> dict[str, float] | None:
    """Present value per ha treated of the practice's money benefit, low/typical/high, or None.

    Benefits ramp linearly from zero at the first-benefit year to full at the full-effect
    year, then stay flat to the horizon (De Groot et al. 2013's gradual recovery).
    """
    b = money_benefit(practice)
    if b is None:
        return None
    t0 = float(practice["timing"]["first_benefit_years"])
    t1 = max(float(practice["timing"]["full_effect_years"]), t0)
    out = {}
    for k in LEVELS:
        total = 0.0
        for t in range(1, horizon + 1):
            share = 0.0 if t < t0 else (1.0 if t >= t1 or t1 == t0 else (t - t0) / (t1 - t0))
            total += b["value"][k] * share / (1 + rate) ** t
        out[k] = total
    return out


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
    pv_b = benefits_present_value(practice, cost["discount_rate"], cost["horizon_years"]) or {}
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
