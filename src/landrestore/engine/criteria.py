"""Score criteria, each in [0, 1], and how they combine with suitability into one score.

A practice that can work on the land (its suitability, ``suitability.py``) is scored on what it
achieves there: how well it treats the site's degradation, whether its LDN response fits the
degree, what it costs against what it does, whether the budget covers it, and the co-benefits
the site's priorities ask for. The weights are the project's documented judgement, not a
literature figure.

Each criterion is one registry entry with its scalar form and its column form side by side;
``tests/engine/test_criteria.py`` checks on random sites that they agree exactly.

The score is ``clip(base * (SUIT_FLOOR + (1 - SUIT_FLOOR) * suitability) + adjustment, 0, 1)``
where ``base`` is the weighted mean of the criteria present (budget fit only with a budget) and
``adjustment`` the boosts minus the penalties of the general rules that fired.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

EFFECTIVENESS = {"high": 1.0, "medium": 0.6, "low": 0.3}
#: Harder problems discount partial remedies more: effectiveness ** exponent.
SEVERITY_EXPONENT = {"light": 0.75, "moderate": 1.0, "strong": 1.25, "extreme": 1.5}
#: effectiveness ** exponent, computed once so that the single-site and bulk paths agree exactly.
EFFECT_POWER = {(lvl, sev): EFFECTIVENESS[lvl] ** g for lvl in EFFECTIVENESS for sev, g in SEVERITY_EXPONENT.items()}
#: Weight of the site's main (first) degradation type against the others: a practice that treats
#: the main problem well is worth doing even if it leaves the others to a companion measure
#: (real sites combine 2-4 practices). Calibrated on the documented sites (benchmarks/advice.py).
MAIN_SHARE = 0.7
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
COBENEFIT_KEYS = ("carbon", "biodiversity", "livelihoods", "water")
#: The criteria that weigh cost; ``plan`` leaves them out of the value it maximises, since its
#: budget constraint already weighs cost.
COST_CRITERIA = ("cost_effectiveness", "budget_fit")
#: What is left of the score of a practice whose suitability value is 0.25 (S3's floor) is
#: SUIT_FLOOR + 0.75 * (1 - SUIT_FLOOR); at suitability 1 nothing is taken.
SUIT_FLOOR = 0.3


def mean(values: list[float]) -> float:
    """Left-to-right mean. Not ``sum()``: its float algorithm changed in Python 3.12, and the
    column forms must reproduce every operation in the same order to agree exactly."""
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


def effect_levels(site: dict[str, Any], p: dict[str, Any]) -> list[float]:
    """effectiveness ** severity exponent for each of the site's degradation types (0: not treated)."""
    eff = {a["degradation"]: a["effectiveness"] for a in p["addresses"]}
    sev = site["severity"]
    return [EFFECT_POWER[(eff[d], sev)] if d in eff else 0.0 for d in site["degradation"]]


def effectiveness(site: dict[str, Any], p: dict[str, Any], ctx: dict[str, Any]) -> float:
    """How well the practice treats the site's degradation, weighed by severity and by which
    degradation is the main one.

    Each degradation type counts high = 1, medium = 0.6, low = 0.3, not treated = 0, raised to a
    power that grows with the severity (0.75 light ... 1.5 extreme), so partial remedies count
    less on badly degraded land. The site's first degradation type is its main one (as in a
    WOCAT record, the main type comes first): it weighs MAIN_SHARE, the others share the rest.
    Worked example: water erosion (main, high) and vegetation loss (not treated) on strong land
    give levels 1 and 0, so 0.7 * 1 + 0.3 * 0 = 0.7; the other way round, 0.7 * 0 + 0.3 * 1 = 0.3.
    """
    levels = effect_levels(site, p)
    if len(levels) == 1:
        return levels[0]
    rest = 0.0
    for v in levels[1:]:
        rest += v
    return MAIN_SHARE * levels[0] + (1 - MAIN_SHARE) * (rest / (len(levels) - 1))


def _effectiveness_col(c: Any) -> Any:
    import numpy as np

    sites, comp = c.sites, c.comp
    sev = sites.severity.astype(np.intp)
    levels = [
        np.where(
            (sites.degradation[:, k] >= 0)[:, None], comp.effpow[sev, np.maximum(sites.degradation[:, k], 0).astype(np.intp)], 0.0
        )
        for k in range(sites.degradation.shape[1])
    ]
    rest = np.zeros((len(sites), comp.n))
    for lv in levels[1:]:
        rest += lv
    ndeg = sites.n_degradation.astype(np.float64)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        mixed = MAIN_SHARE * levels[0] + (1 - MAIN_SHARE) * (rest / (ndeg - 1))
    return np.where(ndeg == 1, levels[0], mixed)


def severity_fit(site: dict[str, Any], p: dict[str, Any], ctx: dict[str, Any] | None = None) -> float:
    """Fit of the LDN response (50 %), intervention (30 %) and stated severities (20 %) to the degree.

    Worked example: a reverse-type rehabilitation listed for strong degradation, on strong land:
    0.5 * 1.0 + 0.3 * 1.0 + 0.2 * 1.0 = 1.0; an avoid-type restoration listed for moderate
    degradation only, on the same land: 0.5 * 0.2 + 0.3 * 0.7 + 0.2 * 0.3 = 0.37 (one degree
    away from a listed severity counts 0.3, further 0).
    """
    sev = site["severity"]
    listed = p["suitability"]["severities"]
    if sev in listed:
        in_list = 1.0
    else:
        gap = min(abs(SEVERITY_ORDER.index(sev) - SEVERITY_ORDER.index(x)) for x in listed)
        in_list = 0.3 if gap == 1 else 0.0
    return 0.5 * LDN_FIT[sev][p["ldn_response"]] + 0.3 * INTERVENTION_FIT[sev][p["intervention"]] + 0.2 * in_list


def _severity_fit_col(c: Any) -> Any:
    return c.comp.sev_fit[c.sites.severity.astype("intp")]


def cheapness(pv_per_ha: float) -> float:
    """Log scale of the present cost per ha: US$10 or less = 1, US$100,000 or more = 0."""
    x = max(pv_per_ha, 10.0)
    return max(0.0, min(1.0, 1 - math.log10(x / 10.0) / 4))


def cost_effectiveness(site: dict[str, Any], p: dict[str, Any], ctx: dict[str, Any]) -> float:
    """Cheapness of the present cost per ha, scaled by effectiveness (half counts regardless).

    Worked example: US$1,000/ha at present value is 1 - log10(100)/4 = 0.5 cheap; with
    effectiveness 0.75 the criterion is 0.5 * (0.5 + 0.375) = 0.4375.
    """
    return cheapness(ctx["pv_per_ha"]) * (0.5 + 0.5 * ctx["effectiveness"])


def _cost_effectiveness_col(c: Any) -> Any:
    return c.cheap * (0.5 + 0.5 * c.values["effectiveness"])


def budget_fit(site: dict[str, Any], p: dict[str, Any], ctx: dict[str, Any]) -> float | None:
    """Share of the typical total the budget covers (1 when it all fits); None without a budget."""
    budget = site.get("budget_usd")
    if budget is None:
        return None
    total = ctx["total_typical"]
    if total <= 0:
        return 1.0
    return max(0.0, min(1.0, budget / total))


def _budget_fit_col(c: Any) -> Any:
    import numpy as np

    budget = c.sites.budget[:, None]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        v = np.where(c.total_typical <= 0, 1.0, np.maximum(0.0, np.minimum(1.0, budget / c.total_typical)))
    return np.where(np.isnan(budget), np.nan, v)


def cobenefits(site: dict[str, Any], p: dict[str, Any], ctx: dict[str, Any] | None = None) -> float | None:
    """Co-benefit ratings (0-3) averaged with the site's priority weights; None if all weights are 0."""
    cb = p["cobenefits"]
    priorities = site["priorities"]
    total_w = num = 0.0
    for k in COBENEFIT_KEYS:
        total_w += priorities.get(k, 1.0)
    if total_w <= 0:
        return None
    for k in COBENEFIT_KEYS:
        num += priorities.get(k, 1.0) * cb[k] / 3
    return num / total_w


def _cobenefits_col(c: Any) -> Any:
    import numpy as np

    pr = c.sites.priorities
    total_w = np.zeros(len(pr))
    num = np.zeros((len(pr), c.comp.n))
    for k in range(len(COBENEFIT_KEYS)):
        total_w += pr[:, 1 + k]
    for k in range(len(COBENEFIT_KEYS)):
        num += pr[:, 1 + k][:, None] * c.comp.cob[k][None, :] / 3
    with np.errstate(invalid="ignore", divide="ignore"):
        v = num / total_w[:, None]
    return np.where((total_w > 0)[:, None], v, np.nan)


@dataclass(frozen=True)
class Criterion:
    """One score criterion: its weight and its two forms. ``scalar(site, practice, ctx)`` gets
    the values of the criteria before it in ``ctx`` (and the cost figures); ``column(c)`` gets a
    chunk context with ``sites``, ``comp``, ``values`` and the cost arrays."""

    id: str
    weight: float
    scalar: Callable[[dict[str, Any], dict[str, Any], dict[str, Any]], float | None]
    column: Callable[[Any], Any]

    @property
    def doc(self) -> str:
        return (self.scalar.__doc__ or "").strip().splitlines()[0]


CRITERIA: dict[str, Criterion] = {
    c.id: c
    for c in (
        Criterion("effectiveness", 0.45, effectiveness, _effectiveness_col),
        Criterion("severity_fit", 0.15, severity_fit, _severity_fit_col),
        Criterion("cost_effectiveness", 0.10, cost_effectiveness, _cost_effectiveness_col),
        Criterion("budget_fit", 0.05, budget_fit, _budget_fit_col),
        Criterion("cobenefits", 0.25, cobenefits, _cobenefits_col),
    )
}
WEIGHTS = {k: c.weight for k, c in CRITERIA.items()}


def weight(name: str, priorities: dict[str, float]) -> float:
    """A criterion's weight; the site's ``cost`` priority scales cost-effectiveness."""
    return WEIGHTS[name] * (priorities.get("cost", 1.0) if name == "cost_effectiveness" else 1.0)


def combine(values: dict[str, float | None], priorities: dict[str, float], suitability: float, adjustment: float) -> float:
    """The score: weighted mean of the criteria present, times the suitability multiplier, plus
    rule adjustments, clipped to [0, 1].

    Worked example (no budget, priorities 1): criteria 0.75, 1.0, 0.4375, None, 0.5 give
    (0.45*0.75 + 0.15*1 + 0.10*0.4375 + 0.25*0.5) / 0.95 = 0.6908; at suitability 0.875 the
    multiplier is 0.3 + 0.7*0.875 = 0.9125, so 0.6303; a boost of 0.05 makes it 0.6803.
    """
    num = den = 0.0
    for name, value in values.items():
        if value is None:
            continue
        w = weight(name, priorities)
        num += w * value
        den += w
    base = num / den if den else 0.0
    return max(0.0, min(1.0, base * (SUIT_FLOOR + (1 - SUIT_FLOOR) * suitability) + adjustment))
