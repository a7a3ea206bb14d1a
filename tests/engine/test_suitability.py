"""Land suitability, factor by factor, with the worked examples of the module's docstrings."""

from __future__ import annotations

import pytest

from landrestore.engine import suitability as S


def test_the_ramp_example_of_the_docstring() -> None:
    # Slope with optimal 0-30 % and absolute 0-60 %.
    assert S.ramp(20, [0, 30], [0, 60]) == 1.0
    assert S.ramp(35, [0, 30], [0, 60]) == pytest.approx(0.875)
    assert S.ramp(50, [0, 30], [0, 60]) == pytest.approx(0.5)
    assert S.ramp(60, [0, 30], [0, 60]) == pytest.approx(0.25)
    assert S.ramp(61, [0, 30], [0, 60]) == 0.0


def test_the_ramp_below_the_optimal_range() -> None:
    # Rainfall with optimal 300-800 mm and absolute 250-1000 mm: 275 mm is half way down the margin.
    assert S.ramp(275, [300, 800], [250, 1000]) == pytest.approx(1 - 0.75 * 0.5)
    assert S.ramp(249, [300, 800], [250, 1000]) == 0.0


@pytest.mark.parametrize(
    ("value", "cls"), [(1.0, "S1"), (0.75, "S1"), (0.74, "S2"), (0.5, "S2"), (0.49, "S3"), (0.25, "S3"), (0.0, "N")]
)
def test_classes(value: float, cls: str) -> None:
    assert S.suitability_class(value) == cls


def _practice(catalog, pid):
    return catalog.practices[pid]


def test_slope_beyond_optimal_lowers_the_fit_without_excluding(catalog) -> None:
    site = {"biome": "montane_grasslands_shrublands", "slope_pct": 45, "degradation": ["water_erosion"], "severity": "strong"}
    res = S.assess(site, _practice(catalog, "check_dams"), catalog)
    slope = next(f for f in res["factors"] if f["factor"] == "slope")
    assert slope["code"] == "slope.above_optimal" and slope["class"] in ("S1", "S2", "S3")
    assert res["class"] != "N"


def test_outside_the_absolute_range_is_not_suitable(catalog) -> None:
    site = {"biome": "deserts_xeric_shrublands", "rainfall_mm": 1400, "degradation": ["crusting_sealing"], "severity": "strong"}
    res = S.assess(site, _practice(catalog, "zai_pits"), catalog)
    assert res["class"] == "N" and res["limiting_factor"] == "rainfall"
    rain = next(f for f in res["factors"] if f["factor"] == "rainfall")
    assert rain["code"] == "rainfall.above_absolute"


def test_an_undocumented_biome_lowers_the_fit_and_says_so(catalog) -> None:
    site = {"biome": "tundra", "degradation": ["vegetation_loss"], "severity": "strong"}
    res = S.assess(site, _practice(catalog, "native_reforestation"), catalog)
    biome = next(f for f in res["factors"] if f["factor"] == "biome")
    assert biome["code"] in ("biome.undocumented", "biome.similar", "biome.other_climate")
    assert res["class"] != "N"  # never N for the biome alone


def test_a_similar_biome_is_closer_evidence_than_none(catalog) -> None:
    p = {"suitability": {"biomes": ["temperate_broadleaf_mixed_forests"]}, "case_studies": []}
    similar = S.FACTORS["biome"].scalar({"biome": "temperate_conifer_forests"}, p, catalog)
    other = S.FACTORS["biome"].scalar({"biome": "deserts_xeric_shrublands"}, p, catalog)
    assert similar["code"] == "biome.similar" and other["code"] == "biome.undocumented"
    assert similar["value"] > other["value"]


def test_a_practice_is_documented_where_its_own_case_studies_are(catalog) -> None:
    p = {"suitability": {"biomes": ["mangroves"]}, "case_studies": [{"biome": "tundra"}]}
    assert S.FACTORS["biome"].scalar({"biome": "tundra"}, p, catalog)["code"] == "biome.documented"


def test_mixed_land_matches_the_uses_it_mixes(catalog) -> None:
    p = {"suitability": {"land_uses": ["grazing_land"]}}
    part = S.FACTORS["land_use"].scalar({"land_use": ["mixed"]}, p, catalog)
    assert part["code"] == "land_use.part_of_mixed" and S.suitability_class(part["value"]) == "S1"
    whole = S.FACTORS["land_use"].scalar({"land_use": ["mixed"]}, {"suitability": {"land_uses": ["mixed"]}}, catalog)
    assert whole["code"] == "land_use.documented" and whole["value"] > part["value"], "mixed systems first on mixed land"
    # ... but a practice documented on mixed land is a change of land use on pure cropland.
    p = {"suitability": {"land_uses": ["mixed"], "converts_to": "mixed"}}
    assert S.FACTORS["land_use"].scalar({"land_use": ["cropland"]}, p, catalog)["code"] == "land_use.conversion"


def test_a_practice_that_changes_land_use_is_not_ruled_out_by_the_current_one(catalog) -> None:
    site = {
        "biome": "montane_grasslands_shrublands",
        "land_use": ["cropland"],
        "degradation": ["vegetation_loss"],
        "severity": "strong",
    }
    res = S.assess(site, _practice(catalog, "native_reforestation"), catalog)
    lu = next(f for f in res["factors"] if f["factor"] == "land_use")
    assert lu["code"] in ("land_use.documented", "land_use.conversion") and lu["value"] >= 0.75


def test_aridity_from_the_biome_when_neither_aridity_nor_rainfall_is_given(catalog) -> None:
    p = {"suitability": {"aridity": ["arid", "semi_arid"]}}
    moist = S.FACTORS["aridity"].scalar({"biome": "tropical_subtropical_moist_broadleaf_forests"}, p, catalog)
    assert moist["code"] == "aridity.biome_undocumented" and moist["value"] < 1


REQ = {
    "any_of": [{"soil_ph": {"lte": 5.5}}, {"degradation": {"any_of": ["acidification"]}}],
    "implausible_when": {"aridity": {"in": ["arid", "semi_arid"]}},
}


@pytest.mark.parametrize(
    ("site", "status"),
    [
        ({"soil_ph": 5.0, "degradation": ["nutrient_decline"]}, "met"),
        ({"degradation": ["acidification"]}, "met"),
        ({"soil_ph": 7.2, "degradation": ["nutrient_decline"]}, "unmet"),
        ({"degradation": ["nutrient_decline"]}, "unknown"),
        ({"degradation": ["nutrient_decline"], "aridity": "semi_arid"}, "implausible"),
    ],
)
def test_requirement_status(site: dict, status: str) -> None:
    assert S.requirement_status(REQ, site) == status


def test_liming_needs_a_measured_acid_ph_on_semi_arid_land(catalog) -> None:
    base = {
        "biome": "tropical_subtropical_grasslands_savannas_shrublands",
        "aridity": "semi_arid",
        "degradation": ["nutrient_decline"],
        "severity": "moderate",
        "land_use": ["cropland"],
    }
    assert S.assess(base, _practice(catalog, "liming"), catalog)["class"] == "N"
    assert S.assess({**base, "soil_ph": 4.8}, _practice(catalog, "liming"), catalog)["class"] != "N"


def test_an_unknown_requirement_keeps_the_practice_as_a_limitation(catalog) -> None:
    site = {
        "biome": "temperate_broadleaf_mixed_forests",
        "degradation": ["contamination"],
        "severity": "moderate",
        "land_use": ["cropland"],
    }
    res = S.assess(site, _practice(catalog, "riparian_buffers"), catalog)
    req = next(f for f in res["factors"] if f["factor"] == "requirements")
    assert req["code"] == "requirement.unknown" and req["requirements"] == ["watercourse"]
    assert res["class"] == "S2"
    assert S.assess({**site, "watercourse": False}, _practice(catalog, "riparian_buffers"), catalog)["class"] == "N"
    assert S.assess({**site, "watercourse": True}, _practice(catalog, "riparian_buffers"), catalog)["class"] == "S1"


def test_the_limiting_factor_is_the_lowest_and_ties_go_to_the_first_factor(catalog) -> None:
    site = {"biome": "tundra", "rainfall_mm": 1100, "degradation": ["water_erosion"], "severity": "strong", "slope_pct": 3}
    res = S.assess(site, _practice(catalog, "stone_bunds"), catalog)
    values = [f["value"] for f in res["factors"]]
    assert res["value"] == min(values)
    first = next(f["factor"] for f in res["factors"] if f["value"] == res["value"])
    assert res["limiting_factor"] == first


def test_dry_land_practices_are_marginal_on_a_tidal_coast(catalog) -> None:
    """Evidence from dry land only, on a mangrove coast that names no dry-land use, is at the floor
    of S3; the same practice on a rice field behind the mangroves is judged as usual."""
    p = catalog.practices["silvopasture"]
    tidal = S.assess({"biome": "mangroves", "land_use": ["wetland"]}, p, catalog)
    biome = next(f for f in tidal["factors"] if f["factor"] == "biome")
    assert biome["code"] == "biome.other_realm" and biome["value"] == S.BIOME_OTHER_REALM_VALUE
    behind = S.assess({"biome": "mangroves", "land_use": ["wetland", "cropland"]}, p, catalog)
    assert next(f for f in behind["factors"] if f["factor"] == "biome")["code"] != "biome.other_realm"


def test_runoff_structures_need_land_above_the_tides(catalog) -> None:
    site = {"biome": "mangroves", "land_use": ["wetland"], "degradation": ["water_erosion"], "severity": "strong"}
    for pid in ("stone_bunds", "contour_trenches", "check_dams", "bench_terraces"):
        res = S.assess(site, catalog.practices[pid], catalog)
        assert res["class"] == "N" and res["limiting_factor"] == "requirements", pid
    unnamed = S.assess({"biome": "mangroves", "degradation": ["water_erosion"]}, catalog.practices["stone_bunds"], catalog)
    assert unnamed["class"] == "N", "a mangrove site that names no land use is taken to be tidal"
    hillside = S.assess({"biome": "montane_grasslands_shrublands"}, catalog.practices["stone_bunds"], catalog)
    assert hillside["class"] != "N"


def test_turning_cropland_into_forest_is_a_moderate_limitation(catalog) -> None:
    p = catalog.practices["exclosures"]  # documented on grazing land, barren land and forest; closes the land
    crop = S.assess({"biome": "montane_grasslands_shrublands", "land_use": ["cropland"]}, p, catalog)
    graze = S.assess({"biome": "montane_grasslands_shrublands", "land_use": ["grazing_land"]}, p, catalog)
    lu = next(f for f in crop["factors"] if f["factor"] == "land_use")
    assert lu["code"] == "land_use.cropland_conversion" and lu["class"] == "S2"
    assert next(f for f in graze["factors"] if f["factor"] == "land_use")["value"] == 1.0
