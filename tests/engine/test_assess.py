"""The recommendation engine as a user relies on it: properties that hold on any site, and the
facts the engine derives, on the format-2 contract (codes, suitability, costs)."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CASES
from landrestore.api import prepare_site, recommend_data
from landrestore.engine import assess
from landrestore.engine.suitability import suitability_class
from landrestore.model import vocab

CONFIDENCE = {"low": 0, "medium": 1, "high": 2}


def shipped():
    """The shipped catalogue (loaded once; not a fixture, so that Hypothesis does not print it)."""
    from landrestore import load_catalog

    return load_catalog()


def run(site: dict, catalog=None, top: int | None = None) -> dict:
    """The engine's result (codes and numbers) for a site, checked as the API checks it."""
    catalog = catalog or shipped()
    return assess.recommend(prepare_site(site, catalog), catalog, top=top)


def case_site(name: str) -> dict:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))["site"]


sites = st.fixed_dictionaries(
    {
        "biome": st.sampled_from(vocab.BIOMES),
        "degradation": st.lists(st.sampled_from(vocab.DEGRADATION_TYPES), min_size=1, max_size=4, unique=True),
        "severity": st.sampled_from(vocab.SEVERITIES),
    },
    optional={
        "aridity": st.sampled_from(vocab.ARIDITY_ZONES),
        "rainfall_mm": st.floats(0, 4000),
        "slope_pct": st.floats(0, 100),
        "soil_ph": st.floats(3, 10),
        "land_use": st.lists(st.sampled_from(vocab.LAND_USES), min_size=1, max_size=3, unique=True),
        "country": st.sampled_from(["ETH", "BFA", "CHN", "USA", "BRA", "IND", "DEU", "AUS", "VNM"]),
        "area_ha": st.floats(0.1, 1e6),
        "budget_usd": st.floats(0, 1e8),
        "horizon_years": st.integers(1, 100),
        "discount_rate": st.floats(0, 1),
        "watercourse": st.booleans(),
        "gullies": st.booleans(),
        "remnant_vegetation": st.booleans(),
        "irrigated": st.booleans(),
    },
)
PROPS = settings(max_examples=40, deadline=None)


# --- properties on any site ---------------------------------------------------------------------


@PROPS
@given(site=sites)
def test_scores_stay_in_unit_interval_and_ranks_follow_scores(site) -> None:
    catalog = shipped()
    result = run(site)
    opts = result["options"]
    assert [o["rank"] for o in opts] == list(range(1, len(opts) + 1))
    for o in opts:
        assert 0.0 <= o["score"] <= 1.0
        assert all(v is None or 0.0 <= v <= 1.0 for v in o["components"].values())
        suit = o["suitability"]
        assert 0.0 < suit["value"] <= 1.0 and suit["class"] == suitability_class(suit["value"]) != "N"
    assert all(a["score"] >= b["score"] for a, b in zip(opts, opts[1:], strict=False))
    ranked = {o["practice_id"] for o in opts}
    assert ranked.isdisjoint({e["practice_id"] for e in result["excluded"]})
    assert len(ranked) + len(result["excluded"]) == len(catalog.practices)
    assert result["catalog"]["eligible"] == len(opts)


@PROPS
@given(site=sites)
def test_excluded_practices_keep_their_reasons(site) -> None:
    for e in run(site)["excluded"]:
        assert e["reasons"], e["practice_id"]
        factor_codes = {f["code"] for f in e["suitability"]["factors"] if f["value"] == 0.0}
        for r in e["reasons"]:
            assert r["code"] in factor_codes or r["code"] == f"rule.{r.get('rule')}", (e["practice_id"], r)
        assert e["suitability"]["class"] == "N" or any(r["code"].startswith("rule.") for r in e["reasons"])


@PROPS
@given(site=sites, extra=st.floats(1, 1e7))
def test_more_budget_never_removes_an_option(site, extra) -> None:
    site = {**site, "budget_usd": site.get("budget_usd", 1000.0)}
    before = run(site)
    after = run({**site, "budget_usd": site["budget_usd"] + extra})
    fitted = {o["practice_id"] for o in before["options"] if o["cost"]["within_budget"]}
    after_fit = {o["practice_id"] for o in after["options"] if o["cost"]["within_budget"]}
    assert fitted <= after_fit
    assert {o["practice_id"] for o in before["options"]} == {o["practice_id"] for o in after["options"]}
    scores = {o["practice_id"]: o["score"] for o in before["options"]}
    assert all(o["score"] >= scores[o["practice_id"]] for o in after["options"]), "a bigger budget never lowers a score"


@PROPS
@given(site=sites)
def test_same_input_same_output_byte_for_byte(site) -> None:
    a = json.dumps(recommend_data(site, shipped()))
    b = json.dumps(recommend_data(dict(reversed(list(site.items()))), shipped()))
    assert a == b


def test_same_output_from_a_fresh_catalogue(catalog) -> None:
    from landrestore import load_catalog

    fresh = load_catalog(use_cache=False)
    site = case_site("tigray-hillside")
    assert json.dumps(recommend_data(site, fresh)) == json.dumps(recommend_data(site, catalog))


@PROPS
@given(site=sites, drop=st.sampled_from(assess.OPTIONAL_FACTS))
def test_a_missing_optional_fact_never_raises_the_confidence(site, drop) -> None:
    full = run(site)["site"]
    less = run({k: v for k, v in site.items() if k != drop})["site"]
    assert CONFIDENCE[less["confidence"]] <= CONFIDENCE[full["confidence"]]
    assert set(full["missing_facts"]) <= set(less["missing_facts"])


@PROPS
@given(site=sites)
def test_within_budget_is_true_exactly_when_the_typical_total_fits(site) -> None:
    for o in run(site)["options"]:
        c = o["cost"]
        if "budget_usd" in site:
            assert c["within_budget"] == (c["total"]["typical"] <= site["budget_usd"])
            assert c["affordable_area_ha"] <= c["area_ha"] + 0.005  # areas are shown to 0.01 ha
        else:
            assert "within_budget" not in c


# --- what the engine derives and says ---------------------------------------------------------------


def test_missing_optional_facts_lower_confidence_not_fail(catalog) -> None:
    result = run({"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}, catalog)
    s = result["site"]
    assert s["confidence"] == "low" and s["missing_facts"] == list(assess.OPTIONAL_FACTS)
    assert result["options"], "advice is still given"
    codes = [w["code"] for w in result["warnings"]]
    assert "site.area_missing" in codes and "site.facts_missing" in codes
    assert all(o["cost"]["area_ha"] == 1.0 and o["cost"]["area_assumed"] for o in result["options"])
    full = run(case_site("tigray-hillside"), catalog)["site"]
    assert full["confidence"] == "high" and full["missing_facts"] == []


def test_country_sets_region_and_cost_level(catalog) -> None:
    base = {
        "biome": "tropical_subtropical_grasslands_savannas_shrublands",
        "degradation": ["crusting_sealing"],
        "severity": "strong",
        "area_ha": 10,
        "land_use": ["cropland"],
        "rainfall_mm": 500,
    }
    bfa = run({**base, "country": "BFA"}, catalog)
    usa = run({**base, "country": "USA"}, catalog)
    assert bfa["site"]["region"] == "africa" and "region" in bfa["site"]["derived_fields"]
    assert usa["site"]["region"] == "other"
    zai_bfa = next(o for o in bfa["options"] if o["practice_id"] == "zai_pits")
    zai_usa = next(o for o in usa["options"] if o["practice_id"] == "zai_pits")
    # Labour-heavy zai pits cost more where labour is dearer.
    assert zai_usa["cost"]["total"]["typical"] > zai_bfa["cost"]["total"]["typical"]


def test_a_region_given_against_the_country_is_kept_with_a_warning(catalog) -> None:
    result = run(
        {"biome": "mangroves", "country": "VNM", "region": "africa", "degradation": ["water_erosion"], "severity": "strong"},
        catalog,
    )
    assert result["site"]["region"] == "africa" and "region" not in result["site"]["derived_fields"]
    (w,) = [w for w in result["warnings"] if w["code"] == "site.region_mismatch"]
    assert w == {"code": "site.region_mismatch", "region_given": "africa", "country": "VNM", "region": "asia_pacific"}


def test_aridity_is_derived_from_rainfall_when_missing(catalog) -> None:
    site = {"biome": "deserts_xeric_shrublands", "rainfall_mm": 150, "degradation": ["wind_erosion"], "severity": "strong"}
    result = run(site, catalog)
    assert result["site"]["aridity"] in ("arid", "hyper_arid")
    assert "aridity" in result["site"]["derived_fields"]
    (w,) = [w for w in result["warnings"] if w["code"] == "site.aridity_derived"]
    assert w["aridity"] == result["site"]["aridity"] and w["rainfall_mm"] == 150


def test_excluded_practices_say_why(catalog) -> None:
    result = run(case_site("eroding-mangrove-coast"), catalog)
    zai = next(e for e in result["excluded"] if e["practice_id"] == "zai_pits")
    assert zai["suitability"]["class"] == "N" and zai["reasons"]
    assert {r["code"] for r in zai["reasons"]} <= {f["code"] for f in zai["suitability"]["factors"] if f["value"] == 0.0}


def test_a_practice_without_what_it_needs_is_excluded_with_the_requirement(catalog) -> None:
    site = {"biome": "deserts_xeric_shrublands", "land_use": "barren", "degradation": ["wind_erosion"], "severity": "strong"}
    halo = next(e for e in run(site, catalog)["excluded"] if e["practice_id"] == "halophyte_planting")
    (req,) = [r for r in halo["reasons"] if r["code"] == "requirement.unmet"]
    assert "salt_affected" in req["requirements"] or "wet_or_saline_soil" in req["requirements"]


def test_a_rule_from_the_rules_file_excludes_with_its_code(catalog) -> None:
    site = {"biome": "temperate_broadleaf_mixed_forests", "degradation": ["peat_subsidence", "fire_damage"], "severity": "strong"}
    result = run(site, catalog)
    assert "fire_management" not in {o["practice_id"] for o in result["options"]}
    fire = next(e for e in result["excluded"] if e["practice_id"] == "fire_management")
    assert {"code": "rule.no-burning-on-peat", "rule": "no-burning-on-peat"} in fire["reasons"]
    without_peat = run({**site, "degradation": ["fire_damage"]}, catalog)
    assert "fire_management" in {o["practice_id"] for o in without_peat["options"]}


def test_main_reason_is_the_strongest_effect(catalog) -> None:
    ex = next(o for o in run(case_site("tigray-hillside"), catalog)["options"] if o["practice_id"] == "exclosures")
    assert ex["main_reason"]["code"] == "main.effect" and ex["main_reason"]["level"] == "high"
    assert ex["reasons"][0]["code"] == "reason.acts_on"


def test_top_cuts_the_options_but_not_the_ranking(catalog) -> None:
    site = case_site("tigray-hillside")
    full, top = run(site, catalog), run(site, catalog, top=3)
    assert top["options"] == full["options"][:3] and top["catalog"]["eligible"] == full["catalog"]["eligible"]


# --- the Python API around the engine ------------------------------------------------------------------


def test_python_api_with_the_site_model() -> None:
    from landrestore import Site, load_catalog, recommend

    site = Site(biome="mangroves", country="VNM", degradation=["water_erosion"], severity="strong", area_ha=100)
    result = recommend(site, load_catalog(), top=2)
    assert [o.rank for o in result.options] == [1, 2]
    assert result.options[0].practice_id == "mangrove_restoration", "mangroves first on a mangrove coast (README)"
    assert result.options[0].cost.total.typical > 0
    assert result.model_dump(mode="json")["site"]["region"] == "asia_pacific"


def test_site_model_gives_the_same_clear_errors() -> None:
    from landrestore import Site
    from landrestore.model.errors import InputError

    with pytest.raises(InputError, match="did you mean 'mangroves'"):
        Site(biome="mangrove", degradation=["water_erosion"], severity="strong")


def test_a_user_catalogue_can_add_a_rule(tmp_path, catalog) -> None:
    from landrestore import load_catalog

    nat = tmp_path / "national"
    nat.mkdir()
    (nat / "rules.yaml").write_text(
        "- id: prefer-fmnr-in-niger\n"
        "  description: National policy prefers farmer-managed regeneration on farmland.\n"
        "  when: {country: {in: [NER]}}\n"
        "  practice: {id: {in: [farmer_managed_natural_regeneration]}}\n"
        "  effect: boost\n  amount: 0.2\n"
        "  message: national policy favours FMNR\n",
        encoding="utf-8",
    )
    site = {
        "biome": "tropical_subtropical_grasslands_savannas_shrublands",
        "country": "NER",
        "rainfall_mm": 450,
        "land_use": "cropland",
        "degradation": ["vegetation_loss", "nutrient_decline"],
        "severity": "moderate",
        "remnant_vegetation": True,
    }
    fm = "farmer_managed_natural_regeneration"
    base = {o["practice_id"]: o for o in run(site, catalog)["options"]}
    boosted = {o["practice_id"]: o for o in run(site, load_catalog(nat))["options"]}
    assert boosted[fm]["score"] > base[fm]["score"] and boosted[fm]["adjustment"] == pytest.approx(base[fm]["adjustment"] + 0.2)
    assert any(r["rule"] == "prefer-fmnr-in-niger" for r in boosted[fm]["rules_fired"])
    assert boosted[fm]["rank"] == 1
