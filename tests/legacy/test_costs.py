"""The cost model, checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from landrestore import costs


def test_annuity_factor_matches_the_textbook_formula() -> None:
    # (1 - 1.05**-20) / 0.05 = 12.4622 (standard annuity tables)
    assert costs.annuity_factor(0.05, 20) == pytest.approx(12.4622, abs=1e-4)
    assert costs.annuity_factor(0.0, 7) == 7


def test_worked_example(catalog) -> None:
    """Zai pits on 10 ha in Burkina Faso, 20 years at 5 %.

    With the catalogue's figures E (establishment) and M (maintenance) in its price year y, the
    labour share s, Burkina Faso's price level L_BFA and the level L_o where the figures were
    observed: factor = CPI[2024]/CPI[y] * (s * L_BFA / L_o + 1 - s); the total is
    10 * (E + 20 M) * factor and the present value 10 * (E + M * 12.4622) * factor.
    """
    p = catalog.practices["zai_pits"]
    c0 = p["costs"]
    site = {
        "biome": p["suitability"]["biomes"][0],
        "country": "BFA",
        "region": "africa",
        "area_ha": 10,
        "horizon_years": 20,
        "discount_rate": 0.05,
        "budget_usd": 5000,
    }
    c = costs.estimate(p, site, catalog)
    infl = costs.price_index_factor(c0["year"], catalog.deflators)
    l_site = catalog.countries["BFA"]["cost_level"]
    l_origin = (
        catalog.countries[c0["country"]]["cost_level"] if c0.get("country") else catalog.regions[c0["region"]]["cost_level"]
    )
    s = c0["labour_share"]
    factor = infl * (s * l_site / l_origin + 1 - s)
    e, m = c0["establishment_per_ha"]["typical"], c0["maintenance_per_ha_year"]["typical"]
    assert c["total"]["typical"] == pytest.approx(10 * (e + 20 * m) * factor, rel=1e-6)
    assert c["present_value"]["typical"] == pytest.approx(10 * (e + m * 12.4622) * factor, rel=1e-4)
    assert c["within_budget"] == (c["total"]["typical"] <= 5000)
    assert c["affordable_area_ha"] == pytest.approx(min(10, 5000 / (c["total"]["typical"] / 10)), abs=0.01)
    assert c["year"] == catalog.deflators["reference_year"]


def test_ranges_stay_ordered_after_adjustment(catalog) -> None:
    site = {"country": "USA", "area_ha": 3, "horizon_years": 10, "discount_rate": 0.08}
    for p in catalog.practices.values():
        c = costs.estimate(p, site, catalog)
        for key in ("establishment_per_ha", "total", "present_value"):
            assert c[key]["low"] <= c[key]["typical"] <= c[key]["high"], (p["id"], key)


def test_labour_share_scales_with_price_level(catalog) -> None:
    p = catalog.practices["zai_pits"]
    cheap = costs.estimate(p, {"country": "BFA", "horizon_years": 1, "discount_rate": 0.05}, catalog)
    dear = costs.estimate(p, {"country": "USA", "horizon_years": 1, "discount_rate": 0.05}, catalog)
    share = p["costs"]["labour_share"]
    ratio = dear["establishment_per_ha"]["typical"] / cheap["establishment_per_ha"]["typical"]
    origin = catalog.regions[p["costs"]["region"]]["cost_level"]
    l_bfa, l_usa = catalog.countries["BFA"]["cost_level"], costs.cost_level(catalog, "USA", None)
    expected = (share * l_usa / origin + 1 - share) / (share * l_bfa / origin + 1 - share)
    assert ratio == pytest.approx(expected, rel=1e-3)
    assert ratio > 1.5, "labour-heavy zai pits cost far more at US prices"


def test_present_value_sensitivity_at_2_and_8_percent(catalog) -> None:
    p = catalog.practices["stone_bunds"]
    c = costs.estimate(p, {"country": "BFA", "area_ha": 10, "horizon_years": 20, "discount_rate": 0.05}, catalog)
    at = c["present_value_typical_at"]
    assert at["0.02"] > c["present_value"]["typical"] > at["0.08"], "lower rates weigh future maintenance more"


def test_benefit_cost_ratio_is_computed_or_reported_or_absent_never_invented(catalog) -> None:
    kinds = set()
    for p in catalog.practices.values():
        c = costs.estimate(p, {"horizon_years": 20, "discount_rate": 0.05}, catalog)
        b = costs.benefit_cost(p, c)
        if b["benefit_cost_ratio"] is None:
            kinds.add("absent")
        elif b["computed"]:
            kinds.add("computed")
            assert any((x.get("unit") or "").replace(" ", "").lower() == "usd/ha/yr" for x in p["benefits"])
        else:
            kinds.add("reported")
            assert "reported by the source" in b["basis"]
    assert kinds == {"absent", "computed", "reported"}
