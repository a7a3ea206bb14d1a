"""`landrestore batch`: the same answers as `recommend`, every bad row named, nothing half-written."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from landrestore.api import recommend_data, recommend_many
from landrestore.batch import readers
from landrestore.batch.run import run
from landrestore.model import vocab
from landrestore.model.site import FIELDS as SITE_FIELDS
from landrestore.render.writers import csvfmt

#: The fields a batch row carries; a site's zones are read by `plan` only.
FIELDS = tuple(f for f in SITE_FIELDS if f != "zones")

#: How a spreadsheet holds each site field: some cells empty, some spelled loosely.
CELLS = {
    "id": lambda rnd, i: f"site-{i}" if rnd.random() < 0.7 else "",
    "name": lambda rnd, i: rnd.choice(["", "North plot", "=HYPERLINK(1)", 'A "quoted", name', "Côte — 北"]),
    "country": lambda rnd, i: rnd.choice(["", "ETH", "bfa", "USA", "CHN", "BRA", "DEU", "IND", "NER", "VNM"]),
    "region": lambda rnd, i: rnd.choice([""] * 8 + list(vocab.REGIONS)),
    "biome": lambda rnd, i: rnd.choice(vocab.BIOMES),
    "aridity": lambda rnd, i: rnd.choice([""] * 3 + list(vocab.ARIDITY_ZONES)),
    "rainfall_mm": lambda rnd, i: rnd.choice(["", str(round(rnd.uniform(0, 3000), 1)), f"{rnd.randint(0, 3000)},5"]),
    "slope_pct": lambda rnd, i: rnd.choice(["", str(round(rnd.uniform(0, 60), 2))]),
    "soil_ph": lambda rnd, i: rnd.choice(["", "", str(round(rnd.uniform(3.5, 9.5), 1)), "5,2"]),
    "land_use": lambda rnd, i: rnd.choice(["", *vocab.LAND_USES, "Grazing Land", "cropland;forest", "mixed, wetland"]),
    "degradation": lambda rnd, i: ";".join(rnd.sample(vocab.DEGRADATION_TYPES, rnd.randint(1, 3))),
    "severity": lambda rnd, i: rnd.choice([*vocab.SEVERITIES, "Strong"]),
    "area_ha": lambda rnd, i: rnd.choice(["", str(round(rnd.uniform(0.5, 5000), 2))]),
    "budget_usd": lambda rnd, i: rnd.choice(["", str(rnd.randint(0, 10**6))]),
    "horizon_years": lambda rnd, i: rnd.choice(["", str(rnd.randint(1, 50))]),
    "discount_rate": lambda rnd, i: rnd.choice(["", str(round(rnd.uniform(0, 0.2), 3))]),
    "priorities": lambda rnd, i: rnd.choice(["", "", "", "carbon=2;cost=0.5", "water=0"]),
    "treated_share": lambda rnd, i: rnd.choice(["", "", "", "check_dams=0.05", "check_dams=0.1;gully_rehabilitation=0.02"]),
    **{f: (lambda rnd, i: rnd.choice(["", "", "yes", "no", "TRUE", "0"])) for f in vocab.SITE_FEATURES},
}
COLUMNS = [f for f in FIELDS if f in CELLS]


def random_rows(n: int, seed: int) -> list[dict[str, str]]:
    """Varied, valid rows as a spreadsheet would hold them."""
    rnd = random.Random(seed)
    return [{c: CELLS[c](rnd, i) for c in COLUMNS} for i in range(n)]


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)


def site_of(row: dict[str, str], n: int) -> dict[str, str]:
    """The row as a site file: its non-empty cells, and its row number as id when it has no
    label of its own (so that `recommend` names it as `batch` does)."""
    site = {k: v for k, v in row.items() if v != ""}
    if not site.get("id", "").strip() and not site.get("name"):
        site["id"] = str(n)
    return site


def recommend(cli, tmp_path: Path, site: dict[str, Any], fmt: str, top: int | None) -> str:
    f = tmp_path / "site.json"
    f.write_text(json.dumps(site), encoding="utf-8")
    r = cli("recommend", "--site", f, "--format", fmt, *(["--top", top] if top else []))
    assert r.code == 0, r.err
    return r.out


def text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # as written: no newline translation


def records_of(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV output or errors file, by column name."""
    return list(csv.DictReader(io.StringIO(text_of(path), newline="")))


@pytest.fixture
def chunk_rows(monkeypatch: pytest.MonkeyPatch):
    """Read the input in chunks of N rows (as LANDRESTORE_BATCH_CHUNK_ROWS=N does for a new process)."""

    def set_rows(n: int) -> None:
        monkeypatch.setattr(readers, "CHUNK_ROWS", n)

    return set_rows


def test_the_random_rows_cover_every_site_field() -> None:
    assert set(FIELDS) <= set(CELLS), "give the new site field a spreadsheet cell here"


@pytest.mark.parametrize("top", [3, None])
def test_batch_csv_rows_are_the_recommend_csv_rows_of_each_site(tmp_path: Path, cli, chunk_rows, top) -> None:
    rows = random_rows(150, seed=11 if top else 12)
    rows[7] = no_fit_row("")
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    out = tmp_path / "out.csv"
    chunk_rows(40)
    summary = run(str(src), str(out), top=top)
    assert (summary.sites_ok, summary.sites_failed) == (150, 0)
    lines = text_of(out).splitlines(keepends=True)
    assert lines[0] == csvfmt.header()
    at = 1
    for n, row in enumerate(rows, start=1):
        single = recommend(cli, tmp_path, site_of(row, n), "csv", top).splitlines(keepends=True)
        assert single[0] == csvfmt.header()
        assert lines[at : at + len(single) - 1] == single[1:], f"row {n}: {row}"
        at += len(single) - 1
    assert at == len(lines), "nothing more than the sites' rows"


def test_batch_jsonl_options_are_those_of_recommend_json(tmp_path: Path, cli, chunk_rows) -> None:
    rows = random_rows(120, seed=6)
    rows[7] = no_fit_row("")
    src = tmp_path / "sites.jsonl"
    src.write_text("".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    chunk_rows(50)
    summary = run(str(src), str(out), top=3)
    assert (summary.sites_ok, summary.sites_failed) == (120, 0)
    records = [json.loads(x) for x in text_of(out).split("\n") if x]
    assert [r["row"] for r in records] == list(range(1, 121))
    for n, (row, rec) in enumerate(zip(rows, records, strict=True), start=1):
        site = site_of(row, n)
        assert rec["site"] == csvfmt.site_label(site)
        want = json.loads(recommend(cli, tmp_path, site, "json", 3))["options"]
        assert len(rec["options"]) == len(want), f"row {n}"
        for got, o in zip(rec["options"], want, strict=True):
            assert_same_option(got, o, f"row {n}, rank {o['rank']}")


def test_batch_geojson_features_carry_the_options_of_recommend_json(tmp_path: Path, cli, chunk_rows) -> None:
    rows = random_rows(80, seed=8)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [i / 10, -i / 10]} if i % 3 else None,
            "properties": {**{k: v for k, v in r.items() if v}, "landrestore": "an old result", "note": "Côte — 北"},
        }
        for i, r in enumerate(rows)
    ]
    src = tmp_path / "sites.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    chunk_rows(30)
    summary = run(str(src), str(tmp_path / "out.geojson"), top=3)
    assert (summary.sites_ok, summary.sites_failed) == (80, 0), "a GIS layer's other attributes are not errors"
    assert "properties that are not site fields were carried through and not read: 'note'" in summary.notes
    got = json.loads(text_of(tmp_path / "out.geojson"))["features"]
    for n, (row, f, feature) in enumerate(zip(rows, features, got, strict=True), start=1):
        assert feature["type"] == "Feature" and feature["geometry"] == f["geometry"]
        props = feature["properties"]
        assert {k: v for k, v in props.items() if k != "landrestore"} == {
            k: v for k, v in f["properties"].items() if k != "landrestore"
        }
        want = json.loads(recommend(cli, tmp_path, site_of(row, n), "json", 3))["options"]
        assert len(props["landrestore"]["options"]) == len(want), f"feature {n}"
        for o_got, o in zip(props["landrestore"]["options"], want, strict=True):
            assert_same_option(o_got, o, f"feature {n}, rank {o['rank']}")


def assert_same_option(got: dict[str, Any], want: dict[str, Any], where: str) -> None:
    """The fields a batch option carries are those of `recommend --format json`, field by field."""
    for key in ("rank", "practice_id", "name", "score"):
        assert got[key] == want[key], f"{where}: {key}"
    for key in ("class", "value", "limiting_factor"):
        assert got["suitability"][key] == want["suitability"][key], f"{where}: suitability {key}"
    for key in ("code", "text"):
        assert got["main_reason"][key] == want["main_reason"][key], f"{where}: main_reason {key}"
    for key in ("total", "within_budget", "affordable_area_ha", "currency", "year"):
        assert (key in got["cost"]) == (key in want["cost"]), f"{where}: cost {key} given on one side only"
        assert got["cost"].get(key) == want["cost"].get(key), f"{where}: cost {key}"


def test_bad_rows_are_named_and_good_rows_kept(tmp_path: Path, cli) -> None:
    rows = random_rows(50, seed=3)
    rows[4]["biome"] = "tropical_forest"
    rows[9]["slope_pct"] = "120"
    rows[20]["severity"] = ""
    rows[33]["country"] = "XYZ"
    rows[40] = no_fit_row("dry-peat")
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    out = tmp_path / "out.csv"
    r = cli("batch", src, "-o", out)
    assert r.code == 1
    errors = records_of(tmp_path / "out.errors.csv")
    assert [int(e["row"]) for e in errors] == [5, 10, 21, 34]
    assert [e["field"] for e in errors] == ["biome", "slope_pct", "severity", "country"]
    assert "did you mean 'tropical_subtropical_moist_broadleaf_forests'" in errors[0]["message"]
    good = {csvfmt.safe(csvfmt.site_label(site_of(row, i + 1))) for i, row in enumerate(rows) if i not in (4, 9, 20, 33)}
    written = {rec["site"] for rec in csv.DictReader(io.StringIO(text_of(out), newline=""))}
    assert written == good, "every good site appears, even one where nothing fits"
    assert "46 sites done, 4 failed" in r.err


#: A site where no practice of the catalogue can work (peat subsidence with no rain, no stream, no stumps).
NO_FIT = {
    "biome": "tundra",
    "degradation": "peat_subsidence",
    "severity": "moderate",
    "rainfall_mm": "0",
    "slope_pct": "0",
    "land_use": "forest",
    "aridity": "arid",
    **{f: "no" for f in vocab.SITE_FEATURES},
}


def no_fit_row(row_id: str) -> dict[str, str]:
    return {**{c: "" for c in COLUMNS}, **NO_FIT, "id": row_id}


def test_a_site_where_nothing_fits_gets_one_row_with_the_reason(tmp_path: Path, catalog) -> None:
    assert not recommend_data(NO_FIT, catalog)["options"], "NO_FIT must fit nothing"
    rows = [no_fit_row("nowhere"), {**random_rows(1, seed=2)[0], "id": "hill"}]
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    out = tmp_path / "out.csv"
    summary = run(str(src), str(out), top=2)
    assert (summary.sites_ok, summary.sites_failed) == (2, 0)
    recs = list(csv.DictReader(io.StringIO(text_of(out), newline="")))
    assert [(r["site"], r["rank"]) for r in recs] == [("nowhere", ""), ("hill", "1"), ("hill", "2")]
    assert recs[0]["practice_id"] == "" and recs[0]["main_reason"] == csvfmt.NO_FIT


def test_strict_stops_at_the_first_bad_row_and_writes_nothing(tmp_path: Path, cli) -> None:
    rows = random_rows(30, seed=4)
    rows[7]["severity"] = "awful"
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    out = tmp_path / "out.csv"
    out.write_text("previous result\n", encoding="utf-8")
    r = cli("batch", src, "-o", out, "--strict")
    assert r.code == 2 and "row 8" in r.err and "severity" in r.err
    assert out.read_text(encoding="utf-8") == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "sites.csv"], "no partial, journal or errors file"


def test_semicolon_csv_with_bom_and_windows_line_endings_reads_as_the_plain_file(tmp_path: Path) -> None:
    rows = random_rows(40, seed=5)
    plain = tmp_path / "plain.csv"
    write_csv(plain, rows)
    excel = tmp_path / "excel.csv"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    excel.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    a = run(str(plain), str(tmp_path / "a.csv"))
    b = run(str(excel), str(tmp_path / "b.csv"))
    assert a.sites_ok == b.sites_ok == 40
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_latin1_csv_is_refused_with_what_to_do(tmp_path: Path, cli) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes("id,biome,degradation,severity\nCôte,mangroves,water_erosion,strong\n".encode("latin-1"))
    r = cli("batch", src, "-o", tmp_path / "out.csv")
    assert r.code == 2 and "not UTF-8" in r.err and len(r.err.splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()


def test_geojson_in_and_out_carries_geometry_and_properties(tmp_path: Path, cli, chunk_rows) -> None:
    good = {
        "id": "a",
        "biome": "montane_grasslands_shrublands",
        "degradation": ["water_erosion"],
        "severity": "strong",
        "slope_pct": 20,
    }
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [39.5, 13.9]}, "properties": good},
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [1.0, 2.0]},
            "properties": {"id": "b", "biome": "nowhere", "degradation": ["water_erosion"], "severity": "strong"},
        },
        "not a feature",
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
            "properties": {"id": "c", "biome": "mangroves", "degradation": ["water_erosion"], "severity": "moderate"},
        },
    ]
    src = tmp_path / "sites.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    out = tmp_path / "out.geojson"
    chunk_rows(2)  # the features of several chunks, from two workers, make one valid document
    summary = run(str(src), str(out), jobs=2)
    assert (summary.sites_ok, summary.sites_failed) == (2, 2)
    data = json.loads(text_of(out))
    assert data["type"] == "FeatureCollection"
    assert [f["geometry"] for f in data["features"]] == [features[0]["geometry"], features[3]["geometry"]]
    first = data["features"][0]["properties"]
    assert {k: first[k] for k in good} == good, "the input's properties are carried through"
    want = json.loads(recommend(cli, tmp_path, good, "json", 3))["options"]
    assert len(first["landrestore"]["options"]) == len(want) == 3
    for got, o in zip(first["landrestore"]["options"], want, strict=True):
        assert_same_option(got, o, f"feature a, rank {o['rank']}")
    errors = records_of(tmp_path / "out.errors.csv")
    assert [(e["row"], e["field"]) for e in errors] == [("2", "biome"), ("3", "row")]


def test_a_chunk_where_every_row_is_bad_names_each_row_s_own_problem(tmp_path: Path) -> None:
    src = tmp_path / "sites.jsonl"
    src.write_text(
        '{"biome": "tropical_forest", "degradation": "water_erosion", "severity": "strong"}\n'
        '{"biome": "mangroves", "degradation": "water_erosion", "severity": "awful"}\n',
        encoding="utf-8",
    )
    summary = run(str(src), str(tmp_path / "out.jsonl"))
    assert (summary.sites_ok, summary.sites_failed) == (0, 2)
    errors = records_of(tmp_path / "out.errors.csv")
    assert [(e["row"], e["field"]) for e in errors] == [("1", "biome"), ("2", "severity")], errors
    assert "did you mean 'tropical_subtropical_moist_broadleaf_forests'" in errors[0]["message"]
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == ""


def test_jobs_2_gives_the_same_bytes_as_one_process(tmp_path: Path, cli, chunk_rows) -> None:
    rows = random_rows(300, seed=8)
    rows[17]["biome"] = "nowhere"
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    chunk_rows(37)
    one = cli("batch", src, "-o", tmp_path / "one.csv")
    two = cli("batch", src, "-o", tmp_path / "two.csv", "--jobs", "2")  # forkserver workers
    assert one.code == two.code == 1
    assert "299 sites done, 1 failed" in one.err and "299 sites done, 1 failed" in two.err
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert (tmp_path / "one.errors.csv").read_bytes() == (tmp_path / "two.errors.csv").read_bytes()


def test_a_worker_that_dies_costs_its_chunk_not_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows) -> None:
    from landrestore.batch import run as batch_run

    rows = random_rows(200, seed=10)
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    chunk_rows(50)
    real = batch_run.process

    def dying(chunk):
        if chunk.index == 1:
            os._exit(9)  # the worker process dies abruptly, as if killed
        return real(chunk)

    monkeypatch.setenv("LANDRESTORE_START_METHOD", "fork")  # workers are forked and inherit the patch
    monkeypatch.setattr(batch_run, "process", dying)
    out = tmp_path / "out.csv"
    summary = run(str(src), str(out), jobs=2)
    assert (summary.sites_ok, summary.sites_failed) == (150, 50)
    errors = records_of(tmp_path / "out.errors.csv")
    assert [int(e["row"]) for e in errors] == list(range(51, 101))
    assert all("worker process died" in e["message"] for e in errors)
    firsts = [rec for rec in csv.DictReader(io.StringIO(text_of(out), newline="")) if rec["rank"] in ("1", "")]
    assert len(firsts) == 150, "one first line per site of the other chunks"


def test_output_never_overwrites_the_input(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "sites.csv"
    write_csv(src, random_rows(3, seed=1))
    before = src.read_bytes()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    for target in (src, "sites.csv", "./sub/../sites.csv"):
        r = cli("batch", src, "-o", target)
        assert r.code == 2 and "overwrite the input" in r.err, target
    assert src.read_bytes() == before


def test_csv_to_stdout(tmp_path: Path, cli) -> None:
    src = tmp_path / "sites.csv"
    write_csv(src, random_rows(5, seed=2))
    r = cli("batch", src, "-o", "-", "-q")
    assert r.code == 0 and r.err == ""
    assert r.out.startswith(csvfmt.header())
    assert len({rec["site"] for rec in csv.DictReader(io.StringIO(r.out, newline=""))}) == 5


def test_recommend_many_is_lazy(catalog) -> None:
    def sites():
        yield {"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}
        raise AssertionError("the second site must not be read before the first result is used")

    first = next(iter(recommend_many(sites(), catalog)))
    assert first["options"] and first["site"]["biome"] == "mangroves"


# --- interrupted runs -------------------------------------------------------------------------


def landrestore(*args: str, env: dict[str, str], **kw: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "landrestore", *args], env=env, capture_output=True, text=True, timeout=120, **kw
    )


def kill_after_progress(args: list[str], env: dict[str, str], journal: Path, past_row: int) -> None:
    """Start a batch and SIGKILL it once its journal has committed rows beyond ``past_row``."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "landrestore", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                state = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                state = {}
            if state.get("phase") == "running" and state.get("next_row", 0) > past_row:
                break
            time.sleep(0.002)
        assert proc.poll() is None, "the run ended before it could be killed: give it more rows"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()


def test_a_killed_batch_leaves_no_output_and_resume_finishes_it_byte_for_byte(tmp_path: Path) -> None:
    rows = random_rows(4000, seed=9)
    for i in (5, 1500, 3999):
        rows[i]["severity"] = "awful"
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    env = {**os.environ, "LANDRESTORE_BATCH_CHUNK_ROWS": "50"}
    reference = tmp_path / "ref" / "out.csv"
    reference.parent.mkdir()
    r = landrestore("batch", str(src), "-o", str(reference), "-q", env=env)
    assert r.returncode == 1, r.stderr
    out = tmp_path / "out.csv"
    args = ["batch", str(src), "-o", str(out), "-q", "--resume"]
    journal = tmp_path / ".out.csv.landrestore-journal.json"
    kill_after_progress(args, env, journal, past_row=1)
    assert not out.exists() and not (tmp_path / "out.errors.csv").exists(), "no output until the whole output"
    first_kill = json.loads(journal.read_text(encoding="utf-8"))["next_row"]
    kill_after_progress(args, env, journal, past_row=first_kill)  # a resumed run is killed too
    assert not out.exists()
    r = landrestore(*args, env=env)
    assert r.returncode == 1, r.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert (tmp_path / "out.errors.csv").read_bytes() == (reference.parent / "out.errors.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.errors.csv", "ref", "sites.csv"], (
        "no partial, journal or lock file left"
    )


def test_progress_ends_at_the_input_s_size_in_the_reader_s_unit(tmp_path: Path, chunk_rows) -> None:
    rows = random_rows(60, seed=9)
    write_csv(tmp_path / "sites.csv", rows)
    features = [{"type": "Feature", "geometry": None, "properties": {k: v for k, v in r.items() if v}} for r in rows]
    (tmp_path / "sites.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    chunk_rows(25)
    for name, total in (("sites.csv", (tmp_path / "sites.csv").stat().st_size), ("sites.geojson", 60)):
        seen: list[tuple[int, int | None]] = []
        run(
            str(tmp_path / name),
            str(tmp_path / f"{name}.out.csv"),
            progress=lambda pos, tot, s, seen=seen: seen.append((pos, tot)),
        )
        assert [t for _, t in seen] == [total] * 3, name  # bytes of a CSV file, features of a document
        assert [p for p, _ in seen] == sorted(p for p, _ in seen) and seen[-1][0] == total, name
