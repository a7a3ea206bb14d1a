"""Score criteria and how they combine, checked on the worked examples of their docstrings."""

from __future__ import annotations

import pytest

from landrestore.engine import criteria

STRONG_EROSION_SITE = {"severity": "strong", "degradation": ["water_erosion", "vegetation_loss"]}


def practice(**kw):
    base = {
        "addresses": [{"degradation": "water_erosion", "effectiveness": "high"}],
        "suitability": {"severities": ["strong"]},
        "ldn_response": "reverse",
        "intervention": "rehabilitation",
        "cobenefits": {"carbon": 3, "biodiversity": 0, "livelihoods": 3, "water": 0},
    }
    return {**base, **kw}


def test_effectiveness_weighs_the_main_degradation_most() -> None:
    # water erosion (main, high) and vegetation loss (not treated): 0.7 * 1 + 0.3 * 0
    assert criteria.effectiveness(STRONG_EROSION_SITE, practice(), {}) == pytest.approx(0.7)
    # the other way round: 0.7 * 0 + 0.3 * 1
    flipped = {**STRONG_EROSION_SITE, "degradation": ["vegetation_loss", "water_erosion"]}
    assert criteria.effectiveness(flipped, practice(), {}) == pytest.approx(0.3)


def test_partial_remedies_count_less_on_badly_degraded_land() -> None:
    medium = practice(addresses=[{"degradation": "water_erosion", "effectiveness": "medium"}])
    light = criteria.effectiveness({"severity": "light", "degradation": ["water_erosion"]}, medium, {})
    extreme = criteria.effectiveness({"severity": "extreme", "degradation": ["water_erosion"]}, medium, {})
    assert light == pytest.approx(0.6**0.75) and extreme == pytest.approx(0.6**1.5) and light > extreme


def test_severity_fit_worked_example() -> None:
    # a reverse-type rehabilitation listed for strong degradation, on strong land: 1.0
    assert criteria.severity_fit({"severity": "strong"}, practice()) == pytest.approx(1.0)
    # an avoid-type restoration listed for moderate only, on strong land: 0.5*0.2 + 0.3*0.7 + 0.2*0.3
    avoid = practice(ldn_response="avoid", intervention="restoration", suitability={"severities": ["moderate"]})
    assert criteria.severity_fit({"severity": "strong"}, avoid) == pytest.approx(0.37)


def test_cost_effectiveness_worked_example() -> None:
    # US$1,000/ha at present value is 1 - log10(100)/4 = 0.5 cheap; effectiveness 0.75 -> 0.5 * 0.875
    assert criteria.cost_effectiveness({}, {}, {"pv_per_ha": 1000.0, "effectiveness": 0.75}) == pytest.approx(0.4375)
    assert criteria.cheapness(5.0) == 1.0 and criteria.cheapness(1e6) == 0.0


def test_budget_fit_is_the_share_the_budget_covers() -> None:
    assert criteria.budget_fit({"budget_usd": 500}, {}, {"total_typical": 1000.0}) == 0.5
    assert criteria.budget_fit({"budget_usd": 5000}, {}, {"total_typical": 1000.0}) == 1.0
    assert criteria.budget_fit({}, {}, {"total_typical": 1000.0}) is None


def test_cobenefits_follow_the_site_priorities() -> None:
    site = {"priorities": {"carbon": 1, "biodiversity": 1, "livelihoods": 1, "water": 1}}
    assert criteria.cobenefits(site, practice()) == pytest.approx(0.5)  # (3 + 0 + 3 + 0) / 3 / 4
    carbon_only = {"priorities": {"carbon": 1, "biodiversity": 0, "livelihoods": 0, "water": 0}}
    assert criteria.cobenefits(carbon_only, practice()) == pytest.approx(1.0)
    nothing = {"priorities": {"carbon": 0, "biodiversity": 0, "livelihoods": 0, "water": 0}}
    assert criteria.cobenefits(nothing, practice()) is None


def test_a_score_computed_by_hand() -> None:
    """No budget, priorities 1: criteria 0.75, 1.0, 0.4375, None, 0.5 give
    (0.45*0.75 + 0.15*1 + 0.10*0.4375 + 0.25*0.5) / 0.95 = 0.690789...; suitability 0.875 gives the
    multiplier 0.3 + 0.7*0.875 = 0.9125, so 0.630345...; a boost of 0.05 makes it 0.680345..."""
    values = {"effectiveness": 0.75, "severity_fit": 1.0, "cost_effectiveness": 0.4375, "budget_fit": None, "cobenefits": 0.5}
    ones = {"cost": 1, "carbon": 1, "biodiversity": 1, "livelihoods": 1, "water": 1}
    base = (0.45 * 0.75 + 0.15 * 1 + 0.10 * 0.4375 + 0.25 * 0.5) / 0.95
    assert criteria.combine(values, ones, 1.0, 0.0) == pytest.approx(base)
    assert criteria.combine(values, ones, 0.875, 0.0) == pytest.approx(base * 0.9125)
    assert criteria.combine(values, ones, 0.875, 0.05) == pytest.approx(base * 0.9125 + 0.05)
    assert criteria.combine(values, ones, 0.875, 0.05) == pytest.approx(0.6803, abs=5e-5)


def test_the_score_stays_in_the_unit_interval() -> None:
    ones = {"cost": 1, "carbon": 1, "biodiversity": 1, "livelihoods": 1, "water": 1}
    assert criteria.combine({"effectiveness": 1.0}, ones, 1.0, 0.5) == 1.0
    assert criteria.combine({"effectiveness": 0.1}, ones, 0.25, -0.5) == 0.0


def test_the_weights_sum_to_one() -> None:
    assert sum(criteria.WEIGHTS.values()) == pytest.approx(1.0)
