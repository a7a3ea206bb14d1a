"""The chunk scorer of `batch` gives the very numbers of the single-site engine.

`Compiled(catalog).score(sites)` scores a chunk of sites against every practice at once, from the
column forms of the engine's registries. A site scored in a batch must get exactly (==, not
approximately) the score, the exclusions and the suitability that `engine.assess.evaluate` gives it
on its own, so that a million-site batch and `recommend` never disagree. Sites are random, over
every site field of `model/site.py`: drawn by hypothesis, and a fixed sample of 2,000.
"""

from __future__ import annotations

import math
import random
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrestore.batch.columns import Compiled, complete, sites_from_dicts
from landrestore.engine import assess, costs, criteria, suitability
from landrestore.model import vocab
from landrestore.model.site import FIELDS as SITE_FIELDS
from landrestore.model.site import REQUIRED, normalise_site

#: The fields a site is scored on; its zones are read by `plan` only.
FIELDS = tuple(f for f in SITE_FIELDS if f != "zones")

FACTOR_IDS = list(suitability.FACTORS)
PROPS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


# --- random sites over every site field -------------------------------------------------------


def range_ends(catalog, fact: str) -> list[float]:
    """The optimal and absolute limits of every practice for a number: where a ramp turns."""
    out = set()
    for p in catalog.practices.values():
        rng = p["suitability"].get(fact)
        if rng:
            out.update([*rng["optimal"], *rng["absolute"]])
    return sorted(out)


def field_strategies(catalog) -> dict[str, st.SearchStrategy]:
    """A strategy for each site field, as a checked site file may give it."""

    def number(fact: str, lo: float, hi: float) -> st.SearchStrategy:
        ends = range_ends(catalog, fact)
        plain = st.floats(lo, hi, allow_nan=False)
        return st.one_of(plain, st.sampled_from(ends)) if ends else plain

    feature = st.booleans()
    return {
        "id": st.text(max_size=6),
        "name": st.text(max_size=6),
        "country": st.sampled_from(sorted(catalog.countries)),
        "region": st.sampled_from(vocab.REGIONS),
        "biome": st.sampled_from(vocab.BIOMES),
        "aridity": st.sampled_from(vocab.ARIDITY_ZONES),
        "rainfall_mm": number("rainfall_mm", 0, 15000),
        "slope_pct": number("slope_pct", 0, 100),
        "soil_ph": number("soil_ph", 0, 14),
        "land_use": st.lists(st.sampled_from(vocab.LAND_USES), min_size=1, max_size=3, unique=True),
        "degradation": st.lists(st.sampled_from(vocab.DEGRADATION_TYPES), min_size=1, max_size=5, unique=True),
        "severity": st.sampled_from(vocab.SEVERITIES),
        "area_ha": st.one_of(st.floats(0, 1e9, exclude_min=True), st.sampled_from([0.01, 1, 120])),
        "budget_usd": st.one_of(st.floats(0, 1e13), st.integers(0, 10**6)),
        "horizon_years": st.integers(1, 100),
        "discount_rate": st.one_of(st.floats(0, 1), st.sampled_from([0, 0.05])),
        "priorities": st.dictionaries(
            st.sampled_from(vocab.PRIORITIES), st.one_of(st.floats(0, 10), st.sampled_from([0, 1, 2])), max_size=5
        ),
        "treated_share": st.dictionaries(
            st.sampled_from(sorted(catalog.practices)), st.floats(0, 1, exclude_min=True), max_size=4
        ),
        **{f: feature for f in vocab.SITE_FEATURES},
    }


def site_strategy(catalog) -> st.SearchStrategy:
    fields = field_strategies(catalog)
    return st.fixed_dictionaries({f: fields[f] for f in REQUIRED}, optional={f: fields[f] for f in FIELDS if f not in REQUIRED})


def random_site(rnd: random.Random, catalog) -> dict[str, Any]:
    """One random site with every field of FIELDS sometimes given (for the fixed sample)."""
    ends = {f: range_ends(catalog, f) for f in vocab.RANGE_FACTS}

    def given(p: float = 0.5) -> bool:
        return rnd.random() < p

    def number(fact: str, hi: float) -> float:
        if ends[fact] and given(0.3):
            return rnd.choice(ends[fact])
        return round(rnd.uniform(0, hi), rnd.choice([0, 1, 3, 9]))

    site: dict[str, Any] = {
        "biome": rnd.choice(vocab.BIOMES),
        "degradation": rnd.sample(vocab.DEGRADATION_TYPES, rnd.randint(1, 5)),
        "severity": rnd.choice(vocab.SEVERITIES),
    }
    makers = {
        "id": lambda: f"s{rnd.randint(0, 10**6)}",
        "name": lambda: rnd.choice(["North plot", ""]),
        "country": lambda: rnd.choice(sorted(catalog.countries)),
        "region": lambda: rnd.choice(vocab.REGIONS),
        "aridity": lambda: rnd.choice(vocab.ARIDITY_ZONES),
        "rainfall_mm": lambda: number("rainfall_mm", 4000),
        "slope_pct": lambda: number("slope_pct", 100),
        "soil_ph": lambda: number("soil_ph", 14),
        "land_use": lambda: rnd.sample(vocab.LAND_USES, rnd.randint(1, 3)),
        "area_ha": lambda: rnd.choice([0.01, 1.0, 250.5, rnd.uniform(0.1, 1e6)]),
        "budget_usd": lambda: rnd.choice([0, rnd.randint(0, 10**6), rnd.uniform(0, 1e9)]),
        "horizon_years": lambda: rnd.choice([5, 10, 30, rnd.randint(1, 100)]),
        "discount_rate": lambda: rnd.choice([0, 0.03, 0.1, rnd.uniform(0, 1)]),
        "priorities": lambda: {
            k: rnd.choice([0, 0.5, 2, 10, rnd.uniform(0, 10)]) for k in rnd.sample(vocab.PRIORITIES, rnd.randint(1, 5))
        },
        "treated_share": lambda: {p: rnd.choice([1.0, rnd.uniform(0.01, 1)]) for p in rnd.sample(sorted(catalog.practices), 3)},
        **{f: (lambda: given()) for f in vocab.SITE_FEATURES},
    }
    for f in FIELDS:
        if f not in site and given(0.45):
            site[f] = makers[f]()
    return site


@pytest.fixture(scope="module")
def compiled(catalog) -> Compiled:
    return Compiled(catalog)


@pytest.fixture(scope="module")
def sample(catalog) -> list[dict[str, Any]]:
    rnd = random.Random(20240611)
    return [random_site(rnd, catalog) for _ in range(2000)]


def test_the_random_sites_cover_every_site_field(catalog, sample) -> None:
    assert set(FIELDS) <= set(field_strategies(catalog)), "give the new site field a strategy here"
    given_fields = {f for s in sample for f in s}
    assert given_fields == set(FIELDS), f"the fixed sample never gives {set(FIELDS) - given_fields}"


# --- both paths on the same sites -----------------------------------------------------------


def completed(raw: list[dict[str, Any]], catalog) -> list[dict[str, Any]]:
    """Each site checked, then completed by `complete_site` (region, aridity derived)."""
    return [assess.complete_site(normalise_site(s, countries=catalog.countries), catalog)[0] for s in raw]


def engine_path(raw: list[dict[str, Any]], catalog) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    """Each site completed and every practice evaluated on it, in id order."""
    full = completed(raw, catalog)
    practices = [catalog.practices[pid] for pid in sorted(catalog.practices)]
    return full, [[assess.evaluate(f, p, catalog) for p in practices] for f in full]


def column_path(raw: list[dict[str, Any]], catalog, compiled: Compiled) -> Any:
    """The same sites as `batch` takes them: checked, then put in columns and completed there."""
    cols = sites_from_dicts([normalise_site(s, countries=catalog.countries) for s in raw], compiled)
    complete(cols, compiled)
    return cols


def first_difference(got: Any, want: Any, raw: list[dict[str, Any]], ids: list[str]) -> str | None:
    """None when the two (sites x practices) tables are equal, NaN equal to NaN (a value the
    scalar form leaves out is NaN in the column form); else the first (site, practice) that differs."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape == (len(raw), len(ids))
    if np.array_equal(got, want, equal_nan=True):
        return None
    i, j = (int(k[0]) for k in np.nonzero(~((got == want) | (np.isnan(got) & np.isnan(want)))))
    return f"site {raw[i]!r}, practice {ids[j]}: column form {got[i, j]!r}, scalar form {want[i, j]!r}"


def limiting_index(suit: dict[str, Any]) -> int:
    return -1 if suit["limiting_factor"] is None else FACTOR_IDS.index(suit["limiting_factor"])


def assert_same_assessment(
    raw: list[dict[str, Any]], evaluated: list[list[dict[str, Any]]], res: dict[str, Any], ids: list[str]
) -> None:
    want_score = [[math.nan if e["exclusions"] else e["raw_score"] for e in row] for row in evaluated]
    diff = first_difference(res["score"], want_score, raw, ids)
    assert diff is None, f"score (NaN: excluded) differs: {diff}"
    diff = first_difference(res["suitability"], [[e["suitability"]["value"] for e in row] for row in evaluated], raw, ids)
    assert diff is None, f"suitability value differs: {diff}"
    diff = first_difference(res["limiting"], [[limiting_index(e["suitability"]) for e in row] for row in evaluated], raw, ids)
    assert diff is None, f"limiting factor (index in FACTORS) differs: {diff}"


@pytest.fixture(scope="module")
def sample_engine(catalog, sample):
    return engine_path(sample, catalog)


@pytest.fixture(scope="module")
def sample_columns(catalog, compiled, sample):
    return compiled.score(column_path(sample, catalog, compiled))


def test_scores_exclusions_and_suitability_equal_the_engine_on_2000_sites(
    compiled, sample, sample_engine, sample_columns
) -> None:
    assert [e["practice_id"] for e in sample_engine[1][0]] == compiled.ids == sorted(compiled.catalog.practices)
    assert_same_assessment(sample, sample_engine[1], sample_columns, compiled.ids)


@PROPS
@given(data=st.data())
def test_scores_exclusions_and_suitability_equal_the_engine_on_any_sites(data, compiled) -> None:
    catalog = compiled.catalog  # (not the fixture: hypothesis would print the whole catalogue)
    raw = data.draw(st.lists(site_strategy(catalog), min_size=1, max_size=6), label="sites")
    _, evaluated = engine_path(raw, catalog)
    assert_same_assessment(raw, evaluated, compiled.score(column_path(raw, catalog, compiled)), compiled.ids)


def test_the_sample_is_varied_enough_to_mean_something(catalog, compiled, sample, sample_columns) -> None:
    # Both outcomes of the comparison occur: excluded and kept, every class, every factor in use limiting.
    excluded = np.isnan(sample_columns["score"])
    assert 0.1 < excluded.mean() < 0.9
    classes = {suitability.suitability_class(v) for v in sample_columns["suitability"].ravel().tolist()}
    assert classes == set(vocab.SUITABILITY_CLASSES)
    cols = column_path(sample, catalog, compiled)
    in_use = {i for i, f in enumerate(suitability.FACTORS.values()) if not np.isnan(f.column(cols, compiled)).all()}
    assert len(in_use) >= 6
    assert set(sample_columns["limiting"].ravel().tolist()) >= {-1, *in_use}


def test_region_and_aridity_are_derived_as_complete_site_derives_them(catalog, compiled, sample, sample_engine) -> None:
    full = sample_engine[0]
    cols = column_path(sample, catalog, compiled)
    region = [vocab.REGIONS[k] if k >= 0 else None for k in cols.region.tolist()]
    aridity = [vocab.ARIDITY_ZONES[k] if k >= 0 else None for k in cols.aridity.tolist()]
    assert region == [f.get("region") for f in full]
    assert aridity == [f.get("aridity") for f in full]
    assert sum(1 for f in full if "aridity" in f["derived_fields"]) > 100, "the sample derives aridity from rainfall often"


def test_the_best_options_and_their_costs_are_those_of_recommend(catalog, compiled, sample, sample_engine) -> None:
    """`Compiled.top` (what the batch writers print): the ranking, totals and budget fit of the engine."""
    raw, evaluated = sample[:400], sample_engine[1][:400]
    top = compiled.top(column_path(raw, catalog, compiled), 5)
    for i, row in enumerate(evaluated):
        kept = assess.rank(row)[:5]
        order = top["order"][i].tolist()
        assert [compiled.ids[j] for j in order if j >= 0] == [e["practice_id"] for e in kept], raw[i]
        for r, e in enumerate(kept):
            cost = e["cost"]
            for k in costs.LEVELS:
                assert round(float(top[f"total_{k}"][i, r]), 2) == cost["total"][k], (raw[i], e["practice_id"], k)
            if "within_budget" in cost:
                assert bool(top["within"][i, r]) is cost["within_budget"], (raw[i], e["practice_id"])
                assert round(float(top["affordable"][i, r]), 2) == cost["affordable_area_ha"], (raw[i], e["practice_id"])


# --- each registry entry: its column form is its scalar form --------------------------------


@pytest.mark.parametrize("factor_id", FACTOR_IDS)
@PROPS
@given(data=st.data())
def test_each_suitability_factor_column_equals_its_scalar(factor_id: str, data, compiled) -> None:
    catalog = compiled.catalog  # (not the fixture: hypothesis would print the whole catalogue)
    raw = data.draw(st.lists(site_strategy(catalog), min_size=1, max_size=8), label="sites")
    factor = suitability.FACTORS[factor_id]
    full = completed(raw, catalog)
    practices = [catalog.practices[pid] for pid in compiled.ids]
    want = [[_value(factor.scalar(site, p, catalog)) for p in practices] for site in full]
    got = factor.column(column_path(raw, catalog, compiled), compiled)
    diff = first_difference(got, want, raw, compiled.ids)
    assert diff is None, f"factor {factor_id}: {diff}"


def _value(res: dict[str, Any] | None) -> float:
    return math.nan if res is None else res["value"]


def _none_nan(v: float | None) -> float:
    return math.nan if v is None else v


@pytest.mark.parametrize("criterion_id", list(criteria.CRITERIA))
@PROPS
@given(data=st.data())
def test_each_score_criterion_column_equals_its_scalar(criterion_id: str, data, compiled) -> None:
    """Both forms get the same inputs (the cost figures and the criteria before this one, from
    the scalar path), so that a difference is this criterion's own."""
    catalog = compiled.catalog  # (not the fixture: hypothesis would print the whole catalogue)
    raw = data.draw(st.lists(site_strategy(catalog), min_size=1, max_size=8), label="sites")
    full = completed(raw, catalog)
    practices = [catalog.practices[pid] for pid in compiled.ids]
    names = list(criteria.CRITERIA)
    before = names[: names.index(criterion_id)]
    crit = criteria.CRITERIA[criterion_id]
    want, cheap, total, earlier = [], [], [], {n: [] for n in before}
    for site in full:
        row_want, row_cheap, row_total = [], [], []
        row_earlier: dict[str, list[float]] = {n: [] for n in before}
        for p in practices:
            _, pv_per_ha, total_typical = costs.estimate_and_figures(p, site, catalog)
            ctx: dict[str, Any] = {"pv_per_ha": pv_per_ha, "total_typical": total_typical}
            for n in before:
                ctx[n] = criteria.CRITERIA[n].scalar(site, p, ctx)
                row_earlier[n].append(_none_nan(ctx[n]))
            row_want.append(_none_nan(crit.scalar(site, p, ctx)))
            row_cheap.append(criteria.cheapness(pv_per_ha))
            row_total.append(total_typical)
        want.append(row_want)
        cheap.append(row_cheap)
        total.append(row_total)
        for n in before:
            earlier[n].append(row_earlier[n])
    chunk = SimpleNamespace(
        sites=column_path(raw, catalog, compiled),
        comp=compiled,
        cheap=np.array(cheap),
        total_typical=np.array(total),
        values={n: np.array(v) for n, v in earlier.items()},
    )
    got = np.broadcast_to(crit.column(chunk), (len(raw), len(practices)))
    diff = first_difference(got, want, raw, compiled.ids)
    assert diff is None, f"criterion {criterion_id}: {diff}"
