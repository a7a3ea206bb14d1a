"""The writers: what a user gets in each format for three real sites (golden files), and a registry
where every format name leads to a writer that renders a recommendation or says it cannot.

After a deliberate change of an output, rewrite the golden files with
``pytest --update-golden tests/render/test_writers.py`` and read the diff before committing it.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

from conftest import CASES, EXAMPLES
from landrestore import __version__
from landrestore.api import recommend_data
from landrestore.render import writers
from landrestore.render.writers import REGISTRY, Context


def _case_site(name: str) -> dict:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))["site"]


SITES = {
    "tigray-hillside": lambda: EXAMPLES / "tigray-hillside.yaml",
    "eroding-mangrove-coast": lambda: _case_site("eroding-mangrove-coast"),
    "loess-plateau": lambda: _case_site("loess-plateau"),
}
#: golden file suffix -> (format, page width)
OUTPUTS = {
    "table-80.txt": ("table", 80),
    "table-120.txt": ("table", 120),
    "md": ("markdown", 100),
    "csv": ("csv", 100),
    "json": ("json", 100),
    "html": ("html", 100),
}


@pytest.fixture(scope="module")
def results(catalog) -> dict[str, dict]:
    return {name: recommend_data(site(), catalog) for name, site in SITES.items()}


def render(fmt: str, doc: dict, catalog, width: int = 100, lang: str = "en") -> str:
    return writers.get(fmt).render(doc, Context(catalog=catalog, lang=lang, tool_version=__version__, width=width, color=False))


@pytest.mark.parametrize("suffix", sorted(OUTPUTS))
@pytest.mark.parametrize("site", sorted(SITES))
def test_output_matches_its_golden_file(site: str, suffix: str, results, catalog, golden) -> None:
    fmt, width = OUTPUTS[suffix]
    golden(f"{site}.{suffix}", render(fmt, results[site], catalog, width))


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("site", sorted(SITES))
def test_the_table_fits_its_width_without_colour(site: str, width: int, results, catalog) -> None:
    from rich.cells import cell_len

    text = render("table", results[site], catalog, width)
    assert "\x1b[" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("site", sorted(SITES))
def test_the_table_wraps_at_spaces_without_breaking_a_word(site: str, width: int, results, catalog) -> None:
    text = render("table", results[site], catalog, width)
    table = text.split("\nCosts are estimates", 1)[0]
    shown = set(re.findall(r"[A-Za-z]+", table))
    for o in results[site]["options"]:
        broken = [w for w in re.findall(r"[A-Za-z]+", f"{o['name']} {o['main_reason']['text']}") if w not in shown]
        assert not broken, f"{width} columns: words broken across lines in row {o['rank']}: {broken}"


def test_the_wide_table_shows_the_present_value(results, catalog) -> None:
    assert "Present value" not in render("table", results["tigray-hillside"], catalog, 80)
    assert "Present value" in render("table", results["tigray-hillside"], catalog, 120)


@pytest.mark.parametrize("site", sorted(SITES))
def test_data_formats_carry_the_recommendation_whole(site: str, results, catalog) -> None:
    doc = results[site]
    assert json.loads(render("json", doc, catalog)) == doc
    assert yaml.safe_load(render("yaml", doc, catalog)) == doc
    line = render("jsonl", doc, catalog)
    assert line.count("\n") == 1 and json.loads(line) == doc
    rows = list(csv.DictReader(io.StringIO(render("csv", doc, catalog))))
    assert [r["practice_id"] for r in rows] == [o["practice_id"] for o in doc["options"]]
    assert [r["main_reason"] for r in rows] == [o["main_reason"]["text"] for o in doc["options"]]


def test_a_site_where_nothing_fits_still_renders(catalog) -> None:
    site = {
        "biome": "temperate_broadleaf_mixed_forests",
        "degradation": ["peat_subsidence"],
        "severity": "extreme",
        "land_use": ["grazing_land"],
        "rainfall_mm": 0,
        "slope_pct": 100,
    }
    doc = recommend_data(site, catalog)
    assert doc["options"] == []
    assert "No practice in the catalogue fits this site" in render("table", doc, catalog, 80)
    assert "No practice in the catalogue fits this site" in render("html", doc, catalog)
    (row,) = list(csv.DictReader(io.StringIO(render("csv", doc, catalog))))
    assert row["practice_id"] == "" and row["main_reason"] == "no practice in the catalogue can work on this site"
    assert render("markdown", doc, catalog).startswith("# Restoration options for")


# --- the registry -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_writer_renders_a_recommendation_or_declares_it_cannot(name: str, results, catalog) -> None:
    w = writers.get(name)
    assert w.name == name and isinstance(w.capabilities, frozenset) and w.capabilities
    if "recommendation" in w.capabilities:
        text = render(name, results["tigray-hillside"], catalog)
        assert isinstance(text, str) and text.strip()
    else:
        assert name not in writers.names("recommendation")
    if "batch" in w.capabilities:
        assert all(callable(getattr(w, m, None)) for m in ("batch_header", "batch_chunk", "batch_footer"))


def test_recommend_offers_exactly_the_formats_that_can_render_a_recommendation() -> None:
    from landrestore.cli.app import RECOMMEND_FORMATS

    assert set(RECOMMEND_FORMATS) <= set(writers.names("recommendation"))
    assert all("recommendation" in writers.get(n).capabilities for n in RECOMMEND_FORMATS)


def test_file_names_lead_to_registered_formats() -> None:
    assert set(writers.EXTENSIONS.values()) <= set(REGISTRY)
    assert writers.from_path("out/results.geo.json") == "geojson"
    assert writers.from_path("REPORT.HTML") == "html" and writers.from_path("advice.yml") == "yaml"
    assert writers.from_path("notes.pdf") is None


def test_an_unknown_format_name_is_not_in_the_registry() -> None:
    with pytest.raises(KeyError):
        writers.get("pdf")
