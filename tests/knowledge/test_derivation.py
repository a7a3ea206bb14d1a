"""Cost triples derived from documented observations: the rule of ``knowledge/costs.py``, worked
by hand, and `validate` catching a stored triple that drifts from its observations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from landrestore.knowledge.costs import CatalogParts, DerivationError, derive
from landrestore.knowledge.validate import validate_paths


@pytest.fixture
def parts(catalog) -> CatalogParts:
    return CatalogParts(catalog.regions, catalog.countries, catalog.deflators)


def obs(**kw):
    base = {"id": "a", "unit": "per_ha", "price_year": 2007, "country": "BFA", "source": "s"}
    return {**base, **kw}


def test_the_worked_example_of_the_module(parts, catalog) -> None:
    """76,000 FCFA per ha at 500 FCFA per US$ in 2007 in Burkina Faso, labour share 0.8:
    152 US$/ha, x CPI 2024 / CPI 2007, x (0.8 / L + 0.2) at Burkina Faso's price level L."""
    item = {"observations": [obs(value=76000, currency="XOF", usd_rate=500, labour_share=0.8)]}
    cpi = {v["year"]: v["index"] for v in catalog.deflators["values"]}
    level = catalog.countries["BFA"]["cost_level"]
    want = 152 * cpi[2024] / cpi[2007] * (0.8 / level + 0.2)
    d = derive(item, 0.5, parts)
    assert d["per_ha"]["typical"] == pytest.approx(want, abs=0.01)
    assert d["labour_share"] == pytest.approx((0.8 / level) / (0.8 / level + 0.2), abs=0.001)


def test_low_typical_high_are_min_median_max_of_the_observations(parts) -> None:
    item = {
        "observations": [
            obs(id="a", value=100, price_year=2024, country="USA", labour_share=0),
            obs(id="b", value=300, price_year=2024, country="USA", labour_share=0),
            obs(id="c", value=200, price_year=2024, country="USA", labour_share=0),
        ]
    }
    assert derive(item, 0.5, parts)["per_ha"] == {"low": 100, "typical": 200, "high": 300}


def test_units_and_totals_become_costs_per_ha(parts) -> None:
    per_dam = obs(value=500, unit="per_structure", units_per_ha=4, price_year=2024, country="USA", labour_share=0)
    total = obs(id="b", value=1_000_000, unit="total", area_ha=500, price_year=2024, country="USA", labour_share=0)
    assert derive({"observations": [per_dam]}, 0.5, parts)["per_ha"]["typical"] == 2000
    assert derive({"observations": [total]}, 0.5, parts)["per_ha"]["typical"] == 2000


def test_a_single_observation_with_a_stated_spread(parts) -> None:
    item = {
        "observations": [obs(value=100, price_year=2024, country="USA", labour_share=0)],
        "single_observation_spread": {"low": 0.5, "high": 3, "note": "the range the same source reports"},
    }
    assert derive(item, 0.5, parts)["per_ha"] == {"low": 50, "typical": 100, "high": 300}


def test_a_year_without_a_price_index_is_an_error_not_a_silent_pass(parts) -> None:
    with pytest.raises(DerivationError, match="no price index for 1960"):
        derive({"observations": [obs(value=100, price_year=1960)]}, 0.5, parts)


def test_validate_finds_a_triple_that_drifts_from_its_observations(data_copy: Path) -> None:
    f = data_copy / "practices.yaml"
    lines = f.read_text(encoding="utf-8").split("\n")
    start = lines.index("- id: zai_pits")
    n = next(i for i in range(start, len(lines)) if lines[i].startswith("      per_ha:"))
    lines[n] = "      per_ha: {low: 1, typical: 2, high: 3}"
    f.write_text("\n".join(lines), encoding="utf-8")
    found = [d for d in validate_paths([data_copy]) if d.code == "cost-drift"]
    assert found and found[0].line == n + 1, [d.parsable() for d in found]
    assert "its observations give" in found[0].message


NATIONAL = """- id: stone_bunds
  costs:
    establishment:
      per_ha: {low: PLACE, typical: PLACE, high: PLACE}
      labour_share: SHARE
      observations:
        - {id: moa_2020_tigray, value: 300, unit: per_ha, price_year: 2024, country: USA, labour_share: 0, source: moa_2020}
    no_maintenance: "The national survey gives no yearly figure."
  sources:
    - {id: moa_2020, title: National SLM cost survey, year: 2020, url: "https://example.org/survey", kind: official_report}
"""


def test_a_national_catalogue_overrides_costs_without_copying(tmp_path: Path, cli) -> None:
    from landrestore import load_catalog

    nat = tmp_path / "national"
    nat.mkdir()
    (nat / "catalog.yaml").write_text('name: National SLM catalogue\nversion: "1"\n', encoding="utf-8")
    text = NATIONAL.replace("PLACE", "300").replace("SHARE", "0")
    (nat / "practices.yaml").write_text(text, encoding="utf-8")
    assert [d.parsable() for d in validate_paths([nat]) if d.severity == "error"] == []
    cat = load_catalog(nat)
    assert cat.practices["stone_bunds"]["costs"]["establishment"]["per_ha"]["typical"] == 300
    assert cat.practices["stone_bunds"]["case_studies"], "the rest of the practice is kept"
    assert len(cat.practices) == len(load_catalog().practices)
    r = cli("practices", "show", "stone_bunds", "--format", "json", "--data", nat)
    assert json.loads(r.out)["costs"]["establishment"]["per_ha"]["typical"] == 300
