"""Every general rule of the catalogue fires where it should and stays silent elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from landrestore.engine import rules

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "rules.yaml").read_text(encoding="utf-8"))
BASE = {"biome": "montane_grasslands_shrublands", "degradation": ["water_erosion"], "severity": "strong"}


def test_every_rule_has_a_case(catalog) -> None:
    assert {r["id"] for r in catalog.rules} == set(CASES), "add a case to tests/cases/rules.yaml for each rule"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_and_stays_silent(rule_id: str, catalog) -> None:
    case = CASES[rule_id]
    for key, expected in (("fires", True), ("silent", False)):
        site = {**BASE, **case[key]["site"]}
        practice = {**catalog.practices[case[key]["practice"]], **case[key].get("with", {})}
        fired = {r["id"] for r in rules.fired(catalog.rules, site, practice)}
        assert (rule_id in fired) is expected, f"{rule_id} {key}: fired {sorted(fired)}"


def test_a_rule_effect_reaches_the_option(catalog) -> None:
    from landrestore.api import recommend_data

    site = {
        "biome": "montane_grasslands_shrublands",
        "land_use": "grazing_land",
        "degradation": ["vegetation_loss"],
        "severity": "strong",
        "slope_pct": 20,
        "rainfall_mm": 600,
        "country": "ETH",
    }
    ex = next(o for o in recommend_data(site, catalog)["options"] if o["practice_id"] == "exclosures")
    assert "grazing-needs-bylaws" in {r["rule"] for r in ex["rules_fired"]}
    assert "community_grazing_bylaws" in {p["id"] for p in ex["policy_instruments"]}
