"""Score components, each in [0, 1], and how they combine. Pure functions.

The weights below are the project's documented judgement, not a literature figure; each
component's docstring says what it rewards. The final score is the weighted mean of the
components present (budget fit only when a budget is given), plus rule boosts and penalties,
clipped to [0, 1].
"""

from __future__ import annotations

import math
from typing import Any

WEIGHTS = {
    "site_fit": 0.15,
    "effectiveness": 0.30,
    "severity_fit": 0.20,
    "cost_effectiveness": 0.15,
    "budget_fit": 0.05,
    "cobenefits": 0.15,
}
EFFECTIVENESS = {"high": 1.0, "medium": 0.6, "low": 0.3}
#: Harder problems discount partial remedies more: effectiveness ** exponent.
SEVERITY_EXPONENT = {"light": 0.75, "moderate": 1.0, "strong": 1.25, "extreme": 1.5}
#: Fit of the LDN response to the degradation degree (Orr et al. 2017: avoid > reduce > reverse;
#: light degradation calls for avoiding or reducing it, strong and extreme for reversing it).
LDN_FIT = {
    "light": {"avoid": 1.0, "reduce": 1.0, "reverse": 0.4},
    "moderate": {"avoid": 0.5, "reduce": 1.0, "reverse": 0.8},
    "strong": {"avoid": 0.2, "reduce": 0.6, "reverse": 1.0},
    "extreme": {"avoid": 0.0, "reduce": 0.3, "reverse": 1.0},
}
#: Fit of the intervention to the degree (GLASOD: strong is "non-reclaimable at farm level",
#: extreme "beyond restoration", so reclamation is the answer there and a poor one for light).
INTERVENTION_FIT = {
    "light": {"restoration": 0.8, "rehabilitation": 1.0, "reclamation": 0.1},
    "moderate": {"restoration": 0.9, "rehabilitation": 1.0, "reclamation": 0.4},
    "strong": {"restoration": 0.7, "rehabilitation": 1.0, "reclamation": 0.8},
    "extreme": {"restoration": 0.4, "rehabilitation": 0.7, "reclamation": 1.0},
}
SEVERITY_ORDER = ("light", "moderate", "strong", "extreme")
#: effectiveness ** exponent, computed once so that the single-site and bulk paths agree exactly.
EFFECT_POWER = {(lvl, sev): EFFECTIVENESS[lvl] ** g for lvl in EFFECTIVENESS for sev, g in SEVERITY_EXPONENT.items()}
COBENEFIT_KEYS = ("carbon", "biodiversity", "livelihoods", "water")


def mean(values: list[float]) -> float:
    """Left-to-right mean. Not ``sum()``: its float algorithm changed in Python 3.12, and the
    bulk scorer (batch) must reproduce every operation in the same order to agree exactly."""
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


def _edge_fit(value: float, lo: float, hi: float) -> float:
    """1 well inside a range, falling to 0.6 at its edges (within 15 % of its width)."""
    width = hi - lo
    if width <= 0:
        return 1.0
    margin = min(value - lo, hi - value) / (0.15 * width)
    return 0.6 + 0.4 * max(0.0, min(1.0, margin))


def site_fit(site: dict[str, Any], p: dict[str, Any]) -> float:
    """How comfortably the site sits inside the practice's conditions.

    Unknown site facts count 0.5; facts the catalogue gives no limits for count 0.75.
    """
    s = p["suitability"]
    parts = [1.0]  # the biome matched, or the practice was excluded
    parts.append(1.0 if site.get("aridity") else 0.5)
    parts.append(1.0 if site.get("land_use") else 0.5)
    for fact, rng in (("rainfall_mm", s.get("rainfall_mm")), ("slope_pct", s.get("slope_pct"))):
        value = site.get(fact)
        if value is None:
            parts.append(0.5)
        elif rng is None:
            parts.append(0.75)  # the catalogue has no limits to check against
        else:
            parts.append(_edge_fit(value, rng["min"], rng["max"]))
    return mean(parts)


def effectiveness(site: dict[str, Any], p: dict[str, Any]) -> float:
    """Mean effectiveness against each of the site's degradation types, weighed by severity.

    high = 1, medium = 0.6, low = 0.3, not addressed = 0, each raised to a power that grows
    with the severity (0.75 light ... 1.5 extreme), so partial remedies count less on badly
    degraded land.
    """
    eff = {a["degradation"]: a["effectiveness"] for a in p["addresses"]}
    sev = site["severity"]
    return mean([EFFECT_POWER[(eff[d], sev)] if d in eff else 0.0 for d in site["degradation"]])


def severity_fit(site: dict[str, Any], p: dict[str, Any]) -> float:
    """Fit of the LDN response (50 %), intervention (30 %) and stated severities (20 %) to the degree."""
    sev = site["severity"]
    listed = p["suitability"]["severities"]
    if sev in listed:
        in_list = 1.0
    else:
        gap = min(abs(SEVERITY_ORDER.index(sev) - SEVERITY_ORDER.index(x)) for x in listed)
        in_list = 0.3 if gap == 1 else 0.0
    return 0.5 * LDN_FIT[sev][p["ldn_response"]] + 0.3 * INTERVENTION_FIT[sev][p["intervention"]] + 0.2 * in_list


def cheapness(pv_per_ha: float) -> float:
    """Log scale of the present cost per ha: US$10 or less = 1, US$100,000 or more = 0."""
    c = max(pv_per_ha, 10.0)
    return max(0.0, min(1.0, 1 - math.log10(c / 10.0) / 4))


def cost_effectiveness(pv_per_ha: float, eff: float) -> float:
    """Cheapness of the present cost per ha, scaled by effectiveness (half counts regardless)."""
    return cheapness(pv_per_ha) * (0.5 + 0.5 * eff)


def budget_fit(budget: float | None, total_typical: float) -> float | None:
    """Share of the typical total the budget covers (1 when it all fits); None without a budget."""
    if budget is None:
        return None
    if total_typical <= 0:
        return 1.0
    return max(0.0, min(1.0, budget / total_typical))


def cobenefits(p: dict[str, Any], priorities: dict[str, float]) -> float | None:
    """Co-benefit ratings (0-3) averaged with the site's priority weights; None if all weights are 0."""
    cb = p["cobenefits"]
    total_w = num = 0.0
    for k in COBENEFIT_KEYS:
        total_w += priorities.get(k, 1.0)
    if total_w <= 0:
        return None
    for k in COBENEFIT_KEYS:
        num += priorities.get(k, 1.0) * cb[k] / 3
    return num / total_w


def combine(components: dict[str, float | None], priorities: dict[str, float], adjustment: float) -> float:
    """Weighted mean of the components present, plus rule adjustments, clipped to [0, 1]."""
    num = den = 0.0
    for name, value in components.items():
        if value is None:
            continue
        w = WEIGHTS[name] * (priorities.get("cost", 1.0) if name == "cost_effectiveness" else 1.0)
        num += w * value
        den += w
    base = num / den if den else 0.0
    return max(0.0, min(1.0, base + adjustment))
