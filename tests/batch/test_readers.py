"""Reading batch inputs: every line ending a spreadsheet writes, and a bad row costs that row only.

A row too long, nested too deep or holding a number too long to read becomes one entry of the
errors file, and the batch goes on with the other rows. The errors file itself is safe to open
in a spreadsheet: no cell of it can run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from landrestore.batch import readers
from landrestore.batch.run import run
from landrestore.render.writers.csvfmt import header

HEAD = "id,biome,degradation,severity,rainfall_mm\n"
GOOD = [
    "a,montane_grasslands_shrublands,water_erosion;vegetation_loss,strong,600",
    "b,mangroves,water_erosion,moderate,",
    'c,deserts_xeric_shrublands,"wind_erosion,crusting_sealing",extreme,120',
]


def text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # as written: no newline translation


def errors_of(path: Path) -> list[list[str]]:
    """The errors file as rows of cells (header first)."""
    return list(csv.reader(io.StringIO(text_of(path), newline="")))


def sites_in(path: Path) -> list[str]:
    return [r["site"] for r in csv.DictReader(io.StringIO(text_of(path), newline=""))]


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_every_line_ending_reads_the_same_sites(tmp_path: Path, newline: str) -> None:
    # A bare CR is how spreadsheets on old Macs end lines; the rows are not one long row.
    src = tmp_path / "sites.csv"
    src.write_bytes((HEAD + "\n".join(GOOD) + "\n").replace("\n", newline).encode("utf-8"))
    reference = tmp_path / "lf.csv"
    reference.write_text(HEAD + "\n".join(GOOD) + "\n", encoding="utf-8")
    summary = run(str(src), str(tmp_path / "out.csv"))
    run(str(reference), str(tmp_path / "ref.csv"))
    assert (summary.sites_ok, summary.sites_failed) == (3, 0)
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "ref.csv").read_bytes()
    assert sites_in(tmp_path / "out.csv")[0] == "a"


def test_a_cr_only_file_with_a_line_break_inside_a_quoted_cell(tmp_path: Path) -> None:
    src = tmp_path / "sites.csv"
    src.write_bytes(
        (HEAD.replace("\n", "\r") + 'x,mangroves,water_erosion,strong,\r"two\rlines",mangroves,water_erosion,strong,\r').encode()
    )
    summary = run(str(src), str(tmp_path / "out.csv"), top=1)
    assert (summary.sites_ok, summary.sites_failed) == (2, 0)
    assert sites_in(tmp_path / "out.csv") == ["x", "two\nlines"]


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted-with-line-breaks"])
def test_a_cell_longer_than_the_line_limit_costs_its_row(tmp_path: Path, quoted: bool) -> None:
    big = "x" * (readers.MAX_LINE_BYTES + 10)
    cell = f'"{big[:100]}\n{big}\n{big[:100]}"' if quoted else big
    src = tmp_path / "sites.csv"
    src.write_text(
        HEAD + GOOD[0] + "\n" + f"{cell},mangroves,water_erosion,strong,\n" + "\n".join(GOOD[1:]) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    summary = run(str(src), str(out))
    assert (summary.sites_ok, summary.sites_failed) == (3, 1)
    (_, *errors) = errors_of(tmp_path / "out.errors.csv")
    assert len(errors) == 1 and errors[0][0] == "2" and errors[0][2] == "row"
    assert "LANDRESTORE_MAX_LINE_BYTES" in errors[0][3]
    assert sorted(set(sites_in(out))) == ["a", "b", "c"]


def test_the_line_limit_is_set_by_its_environment_variable(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    src = tmp_path / "sites.csv"
    src.write_text(HEAD + GOOD[0] + "\n" + "y" * 300 + ",mangroves,water_erosion,strong,\n", encoding="utf-8")
    env = {**os.environ, "LANDRESTORE_MAX_LINE_BYTES": "200"}
    r = subprocess.run(
        [sys.executable, "-m", "landrestore", "batch", str(src), "-o", str(tmp_path / "out.csv")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1, r.stderr
    (_, *errors) = errors_of(tmp_path / "out.errors.csv")
    assert [e[0] for e in errors] == ["2"] and "longer than 200 bytes" in errors[0][3]
    assert sites_in(tmp_path / "out.csv") == ["a"] * 3


def jsonl(tmp_path: Path, lines: list[str]) -> Path:
    src = tmp_path / "sites.jsonl"
    src.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return src


SITE = {"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"biome": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        (
            '{"biome": "mangroves", "degradation": "water_erosion", "severity": "strong", "area_ha": ' + "7" * 5000 + "}",
            "not valid JSON",
        ),
        ('{"biome": "mangroves",', "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('"a string"', "JSON object"),
    ],
    ids=["nested-100000-deep", "integer-of-5000-digits", "cut-short", "a-list", "a-string"],
)
def test_an_unreadable_json_line_costs_its_row(tmp_path: Path, line: str, says: str) -> None:
    src = jsonl(tmp_path, [json.dumps({**SITE, "id": "first"}), line, "", json.dumps({**SITE, "id": "last"})])
    out = tmp_path / "out.jsonl"
    summary = run(str(src), str(out))
    assert (summary.sites_ok, summary.sites_failed) == (2, 1)
    (_, *errors) = errors_of(tmp_path / "out.errors.csv")
    assert [(e[0], e[2]) for e in errors] == [("2", "row")]
    assert says in errors[0][3]
    records = [json.loads(x) for x in text_of(out).split("\n") if x]
    assert [(r["row"], r["site"]) for r in records] == [(1, "first"), (4, "last")], "the blank line 3 is skipped, not an error"


def test_a_json_line_longer_than_the_limit_costs_its_row(tmp_path: Path) -> None:
    long_line = json.dumps({**SITE, "name": "n" * (readers.MAX_LINE_BYTES + 1)})
    src = jsonl(tmp_path, [json.dumps({**SITE, "id": "first"}), long_line, json.dumps({**SITE, "id": "last"})])
    summary = run(str(src), str(tmp_path / "out.jsonl"))
    assert (summary.sites_ok, summary.sites_failed) == (2, 1)
    (_, *errors) = errors_of(tmp_path / "out.errors.csv")
    assert errors[0][0] == "2" and "LANDRESTORE_MAX_LINE_BYTES" in errors[0][3]


# --- the errors file is safe in a spreadsheet ---------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def assert_safe_errors_file(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.endswith(b"\n"), "the errors file ends with a newline"
    rows = errors_of(path)
    assert rows[0] == ["row", "site", "field", "message"]
    for row in rows:
        assert len(row) == 4, row
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"a cell a spreadsheet would run: {cell!r}"
    return rows[1:]


def test_a_formula_in_a_json_key_is_neutralised_in_the_field_column(tmp_path: Path) -> None:
    src = jsonl(
        tmp_path,
        [
            json.dumps({**SITE, "=cmd|' /C calc'!A0": "x"}),
            json.dumps({**SITE, "id": "@SUM(A1)", "severity": "-1"}),
            json.dumps(SITE),
        ],
    )
    run(str(src), str(tmp_path / "out.jsonl"))
    errors = assert_safe_errors_file(tmp_path / "out.errors.csv")
    assert [e[0] for e in errors] == ["1", "2"]
    assert errors[0][2] == "'=cmd|' /C calc'!A0", "the field column keeps the key, made safe"
    assert errors[1][1] == "'@SUM(A1)" and errors[1][2] == "severity"


def test_a_csv_id_with_a_bare_cr_or_a_formula_stays_one_safe_cell(tmp_path: Path) -> None:
    src = tmp_path / "sites.csv"
    src.write_bytes(
        (
            HEAD
            + '"\r=1+1",nowhere,water_erosion,strong,\n'
            + '"ab\rcd",mangroves,water_erosion,awful,\n'
            + "+SUM(1),mangroves,water_erosion,strong,-5\n"
            + "\t=tab,mangroves,water_erosion,strong,\n"
        ).encode("utf-8")
    )
    out = tmp_path / "out.csv"
    summary = run(str(src), str(out))
    errors = assert_safe_errors_file(tmp_path / "out.errors.csv")
    assert [e[0] for e in errors] == ["1", "2", "3"]
    assert [e[1] for e in errors] == ["'\r=1+1", "ab\rcd", "'+SUM(1)"]
    assert summary.sites_ok == 1
    assert text_of(out).startswith(header())
    assert sites_in(out)[0] == "'\t=tab"


def test_a_number_json_cannot_carry_costs_its_feature_not_the_file(tmp_path: Path) -> None:
    good = '{"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}'
    src = tmp_path / "in.geojson"
    src.write_text(
        '{"type": "FeatureCollection", "features": ['
        f'{{"type": "Feature", "geometry": null, "properties": {good}}},'
        '{"type": "Feature", "geometry": null, "properties": {"biome": "mangroves", "degradation": ["water_erosion"],'
        ' "severity": "strong", "slope_pct": 1e400}},'
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [NaN, 1]}, "properties": ' + good + "},"
        f'{{"type": "Feature", "geometry": null, "properties": {good}}}]}}',
        encoding="utf-8",
    )
    summary = run(str(src), str(tmp_path / "out.geojson"))
    assert (summary.sites_ok, summary.sites_failed) == (2, 2)
    errors = list(csv.DictReader(io.StringIO((tmp_path / "out.errors.csv").read_text(encoding="utf-8"))))
    assert [(e["row"], e["field"]) for e in errors] == [("2", "slope_pct"), ("3", "row")]
    assert "geometry holds a number JSON cannot carry" in errors[1]["message"]
    assert len(json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))["features"]) == 2
