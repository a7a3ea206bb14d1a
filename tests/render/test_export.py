"""`landrestore export`: the PRAIS table of implemented actions and a monitoring plan, as CSV and as
XLSX that a spreadsheet opens (read back here with openpyxl)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from conftest import EXAMPLES

SITE = EXAMPLES / "tigray-hillside.yaml"
WATERSHED = EXAMPLES / "tigray-watershed.yaml"
PRAIS_COLUMNS = ["Description of the action", "Location", "Start date", "Area (km2)", "Funding source"]
MRV_COLUMNS = ["Practice", "Indicator", "Method", "Baseline to measure", "Frequency", "SDG 15.3.1 sub-indicator"]


def sheet(path: Path) -> list[list]:
    ws = openpyxl.load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_prais_from_a_recommendation_opens_in_a_spreadsheet(cli, tmp_path: Path) -> None:
    out = tmp_path / "actions.xlsx"
    r = cli("export", "prais", "--site", SITE, "-o", out, "--start-date", "2027-01-01", "--funding-source", "GEF-8")
    assert r.code == 0, r.err
    rows = sheet(out)
    assert rows[0][:5] == PRAIS_COLUMNS
    assert len(rows) == 4, "the three best options"
    first = rows[1]
    assert first[0].startswith("Exclosures") and "Ethiopia" in first[1]
    assert (first[2], first[4]) == ("2027-01-01", "GEF-8")
    assert 0 < first[3] <= 1.2, "area in km2: at most the site's 120 ha"


def test_prais_from_a_plan_lists_each_zone_and_practice(cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    assert cli("export", "prais", "--site", WATERSHED, "-o", out).code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0][:5] == PRAIS_COLUMNS
    zones = {r[1].split(",")[0] for r in rows[1:]}
    assert zones and zones <= {"Hillside", "Gullies and drainage lines", "Cropland in the valley"}
    assert sum(float(r[3]) for r in rows[1:]) <= 4.0, "the plan covers at most the watershed's 400 ha"


def test_prais_from_a_batch_result(cli, tmp_path: Path) -> None:
    src = tmp_path / "sites.csv"
    src.write_text("id,biome,degradation,severity,budget_usd\nplot-a,mangroves,water_erosion,strong,5000\n", encoding="utf-8")
    assert cli("batch", src, "-o", tmp_path / "results.csv").code == 0
    r = cli("export", "prais", "--from", tmp_path / "results.csv", "-o", tmp_path / "prais.csv")
    assert r.code == 0, r.err
    rows = list(csv.reader(io.StringIO((tmp_path / "prais.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 2 and rows[1][1] == "plot-a" and rows[1][5] == "mangrove_restoration"


def test_mrv_plan_names_sdg_sub_indicators(cli, tmp_path: Path) -> None:
    out = tmp_path / "mrv.xlsx"
    assert cli("export", "mrv", "--site", SITE, "-o", out).code == 0
    rows = sheet(out)
    assert rows[0] == MRV_COLUMNS
    assert {r[5] for r in rows[1:]} & {"land cover", "land productivity", "soil organic carbon"}
    assert all(r[3] and "before work starts" in r[3] for r in rows[1:])


def test_no_text_becomes_a_formula_in_the_workbook(cli, tmp_path: Path) -> None:
    site = tmp_path / "s.yaml"
    site.write_text(
        "name: '=HYPERLINK(\"http://x\")'\nbiome: mangroves\ncountry: VNM\ndegradation: [water_erosion]\nseverity: strong\n"
    )
    out = tmp_path / "a.xlsx"
    assert cli("export", "prais", "--site", site, "-o", out).code == 0
    ws = openpyxl.load_workbook(out).active
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert any(str(c.value).startswith("'=HYPERLINK") for row in ws.iter_rows() for c in row)


def test_a_bad_batch_file_is_a_clear_error(cli, tmp_path: Path) -> None:
    other = tmp_path / "x.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    r = cli("export", "prais", "--from", other)
    assert r.code == 2 and "not a batch result" in r.err
