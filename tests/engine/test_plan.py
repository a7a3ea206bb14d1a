"""``plan``: the programme finds the true optimum, keeps to the budget, and its figures hold together.

The optimum is checked against an exhaustive enumeration of a small instance built from the
real catalogue: three zones of the example watershed, three candidates each, pairs allowed to
share land, whole hectares.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from landrestore import api
from landrestore.engine import plan as planner
from landrestore.knowledge.catalog import load_catalog
from landrestore.model.errors import InputError
from landrestore.model.site import normalise_site

ROOT = Path(__file__).resolve().parents[2]
WATERSHED = ROOT / "examples" / "tigray-watershed.yaml"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def small_site(catalog, budget: float) -> dict:
    """The watershed, shrunk to 4 + 3 + 5 ha so that every allocation can be enumerated."""
    raw = api.read_site_file(WATERSHED)
    raw["area_ha"] = 12
    raw["budget_usd"] = budget
    for zone, area in zip(raw["zones"], (4, 3, 5), strict=True):
        zone["area_ha"] = area
    return normalise_site(raw, countries=catalog.countries)


def small_problem(catalog, budget: float) -> planner.Problem:
    site = small_site(catalog, budget)
    problem = planner.build(site, catalog, budget, max_candidates=3, max_stack=2, max_practices=2, area_step=1.0)
    for zone in problem.zones:
        # Every pair may share land here: the test is of the programme, not of the catalogue's pairs.
        every = {frozenset((a.practice_id, b.practice_id)) for a, b in itertools.combinations(zone.options, 2)}
        zone.packages = planner.packages(zone.options, every, 2)
    return problem


def zone_allocations(problem: planner.Problem, zone: planner.Zone) -> list[tuple[float, float]]:
    """Every feasible (cost, value) of one zone in whole hectares, dominated ones removed."""
    k = len(zone.packages)
    area = int(zone.area)
    patch = problem.min_patch_share * zone.area
    found: list[tuple[float, float]] = []
    for counts in itertools.product(range(area + 1), repeat=k):
        if sum(counts) > area:
            continue
        covered = [0] * len(zone.options)
        for n, pkg in zip(counts, zone.packages, strict=True):
            for i in pkg:
                covered[i] += n
        used = [c for c in covered if c > 0]
        if len(used) > problem.max_practices or any(c < patch for c in used):
            continue
        cost = sum(n * planner.package_cost(zone.options, pkg) for n, pkg in zip(counts, zone.packages, strict=True))
        value = sum(n * planner.package_value(zone.options, pkg) for n, pkg in zip(counts, zone.packages, strict=True))
        found.append((cost, value))
    found.sort(key=lambda cv: (cv[0], -cv[1]))
    frontier: list[tuple[float, float]] = []
    for cost, value in found:
        if not frontier or value > frontier[-1][1] + 1e-12:
            frontier.append((cost, value))
    return frontier


def brute_force(problem: planner.Problem) -> float:
    best = 0.0
    per_zone = [zone_allocations(problem, z) for z in problem.zones]
    for combo in itertools.product(*per_zone):
        cost = sum(c for c, _ in combo)
        if cost <= problem.budget + 1e-6:
            best = max(best, sum(v for _, v in combo))
    return best


@pytest.mark.parametrize("share_of_everything", [0.15, 0.4, 0.7, 2.0])
def test_the_programme_finds_the_enumerated_optimum(catalog, share_of_everything):
    probe = small_problem(catalog, 1e12)
    everything = planner.solve(probe, None)
    budget = round(everything.cost * share_of_everything, 2)
    problem = small_problem(catalog, budget)
    assert all(len(z.options) == 3 for z in problem.zones)
    sol = planner.solve(problem, budget)
    assert sol.status == "optimal"
    assert planner.totals(problem, sol)["value"] == pytest.approx(brute_force(problem), abs=1e-4)


def test_the_plan_keeps_to_its_budget_at_typical_cost(catalog):
    site = normalise_site(api.read_site_file(WATERSHED), countries=catalog.countries)
    for budget in (5_000, 40_000, 150_000, 10_000_000):
        doc = planner.plan(site, catalog, budget, draws=500)
        assert doc["totals"]["total"]["typical"] <= budget + 0.01
        assert doc["totals"]["budget_left"] >= -0.01
        for z in doc["zones"]:
            assert z["covered_ha"] <= z["area_ha"] + 1e-6


def test_uncertainty_is_ordered_and_reproducible(catalog):
    site = normalise_site(api.read_site_file(WATERSHED), countries=catalog.countries)
    a = api.plan(site, catalog=catalog)
    b = api.plan(site, catalog=catalog)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    u = a["uncertainty"]
    for key in ("total", "present_value"):
        assert u[key]["p10"] <= u[key]["p50"] <= u[key]["p90"]
    for row in u["cumulative_cost"]:
        assert row["p10"] <= row["p50"] <= row["p90"]
    assert 0 <= u["within_budget"] <= 1
    other = api.plan(site, catalog=catalog, seed=7)
    assert other["uncertainty"]["total"] != u["total"]


def test_discounting_lowers_the_present_value(catalog):
    site = normalise_site(api.read_site_file(WATERSHED), countries=catalog.countries)
    sens = planner.plan(site, catalog, draws=200)["sensitivity"]
    assert sens["0.02"]["present_value"] > sens["0.05"]["present_value"] > sens["0.08"]["present_value"]


def test_a_bigger_budget_never_buys_less(catalog):
    site = normalise_site(api.read_site_file(WATERSHED), countries=catalog.countries)
    doc = planner.plan(site, catalog, draws=200)
    values = [p["value"] for p in doc["frontier"]]
    assert values == sorted(values)
    assert doc["next"]["value"] >= 0


def test_required_and_refused_practices(catalog):
    site = normalise_site(api.read_site_file(WATERSHED), countries=catalog.countries)
    doc = planner.plan(site, catalog, include=("check_dams",), exclude=("exclosures",), draws=200)
    used = {p["practice_id"] for z in doc["zones"] for p in z["practices"]}
    assert "check_dams" in used
    assert "exclosures" not in used
    assert all("exclosures" not in z["candidates"] for z in doc["zones"])


def test_a_budget_too_small_for_anything_says_so(catalog):
    site = normalise_site(api.read_site_file(WATERSHED), countries=catalog.countries)
    doc = planner.plan(site, catalog, 1.0, draws=200)
    assert doc["totals"]["treated_ha"] == 0
    assert [w["code"] for w in doc["warnings"]][0] == "plan.budget_too_small"


def test_bad_requests_name_what_is_wrong(catalog):
    site = normalise_site(api.read_site_file(WATERSHED), countries=catalog.countries)
    with pytest.raises(InputError, match="did you mean 'check_dams'"):
        planner.plan(site, catalog, include=("check_dam",))
    with pytest.raises(InputError, match="min_share 1"):
        planner.plan(site, catalog, 1000.0, min_share=1.0)
    no_budget = {k: v for k, v in site.items() if k != "budget_usd"}
    with pytest.raises(InputError, match="needs a budget"):
        planner.plan(no_budget, catalog)
    raw = api.read_site_file(WATERSHED)
    raw["zones"][0]["area_ha"] = 1000
    with pytest.raises(InputError, match="the zones cover 1180 ha but the site's area_ha is 400 ha"):
        normalise_site(raw)


def test_without_zones_the_site_is_one_zone(catalog):
    raw = api.read_site_file(ROOT / "examples" / "tigray-hillside.yaml")
    doc = api.plan(raw, catalog=catalog, draws=200)
    assert [z["id"] for z in doc["zones"]] == ["site"]
    assert doc["zones"][0]["area_ha"] == 120
