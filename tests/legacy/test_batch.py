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

import pytest

from landrestore import batch, presenters, vocab
from landrestore.api import recommend_data, recommend_many

COLUMNS = [
    "id",
    "name",
    "country",
    "region",
    "biome",
    "aridity",
    "rainfall_mm",
    "slope_pct",
    "land_use",
    "degradation",
    "severity",
    "area_ha",
    "budget_usd",
    "horizon_years",
    "discount_rate",
]


def random_rows(n: int, seed: int) -> list[dict[str, str]]:
    """Varied, valid rows as a spreadsheet would hold them (some cells empty, some spelled loosely)."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        r = {
            "id": f"site-{i}" if rnd.random() < 0.8 else "",
            "name": rnd.choice(["", "North plot", "=HYPERLINK(1)", 'A "quoted", name']),
            "country": rnd.choice(["", "ETH", "bfa", "USA", "CHN", "BRA", "DEU", "IND", "NER"]),
            "region": rnd.choice([""] * 8 + list(vocab.REGIONS)),
            "biome": rnd.choice(vocab.BIOMES),
            "aridity": rnd.choice([""] * 3 + list(vocab.ARIDITY_ZONES)),
            "rainfall_mm": rnd.choice(["", str(round(rnd.uniform(0, 3000), 1)), f"{rnd.randint(0, 3000)},5"]),
            "slope_pct": rnd.choice(["", str(round(rnd.uniform(0, 60), 2))]),
            "land_use": rnd.choice(["", *vocab.LAND_USES, "Grazing Land"]),
            "degradation": ";".join(rnd.sample(vocab.DEGRADATION_TYPES, rnd.randint(1, 3))),
            "severity": rnd.choice(vocab.SEVERITIES),
            "area_ha": rnd.choice(["", str(round(rnd.uniform(0.5, 5000), 2))]),
            "budget_usd": rnd.choice(["", str(rnd.randint(0, 10**6))]),
            "horizon_years": rnd.choice(["", str(rnd.randint(1, 50))]),
            "discount_rate": rnd.choice(["", str(round(rnd.uniform(0, 0.2), 3))]),
        }
        rows.append(r)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)


def single_csv(rows: list[dict[str, str]], catalog, top: int | None) -> str:
    """What `recommend --format csv` says for each row, without the header."""
    out = []
    for n, row in enumerate(rows, start=1):
        site = {k: v for k, v in row.items() if v != ""}
        result = recommend_data(site, catalog, top=top)
        out.append(presenters.to_csv(result, label=presenters.site_label(result["site"], n), header=False))
    return "".join(out)


@pytest.mark.parametrize("top", [3, None])
def test_batch_csv_equals_recommend_for_every_site(tmp_path: Path, catalog, top) -> None:
    rows = random_rows(600, seed=11 if top else 12)
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    out = tmp_path / "out.csv"
    summary = batch.run(str(src), str(out), top=top)
    assert summary.sites_failed == 0 and summary.sites_ok == 600
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(presenters.CSV_FIELDS)
    assert text.split("\n", 1)[1] == single_csv(rows, catalog, top)


def test_bad_rows_are_named_and_good_rows_kept(tmp_path: Path, cli) -> None:
    rows = random_rows(50, seed=3)
    rows[4]["biome"] = "tropical_forest"
    rows[9]["slope_pct"] = "120"
    rows[20]["severity"] = ""
    rows[33]["country"] = "XYZ"
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    out = tmp_path / "out.csv"
    r = cli("batch", src, "-o", out)
    assert r.code == 1
    errors = list(csv.DictReader(io.StringIO((tmp_path / "out.errors.csv").read_text(encoding="utf-8"))))
    assert [int(e["row"]) for e in errors] == [5, 10, 21, 34]
    assert [e["field"] for e in errors] == ["biome", "slope_pct", "severity", "country"]
    assert "did you mean 'tropical_subtropical_moist_broadleaf_forests'" in errors[0]["message"]
    good = {
        presenters.site_label({k: v for k, v in row.items() if v}, i + 1) for i, row in enumerate(rows) if i not in (4, 9, 20, 33)
    }
    written = {rec["site"] for rec in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert {presenters.csv_safe(g) for g in good} == written, "every good site appears, even one where nothing fits"
    assert "46 sites done, 4 failed" in r.err


def test_strict_stops_and_writes_nothing(tmp_path: Path, cli) -> None:
    rows = random_rows(30, seed=4)
    rows[7]["severity"] = "awful"
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    out = tmp_path / "out.csv"
    out.write_text("previous result\n", encoding="utf-8")
    r = cli("batch", src, "-o", out, "--strict")
    assert r.code == 2 and "row 8" in r.err and "severity" in r.err
    assert out.read_text(encoding="utf-8") == "previous result\n"


def test_semicolon_csv_with_bom_and_windows_line_endings(tmp_path: Path, catalog) -> None:
    rows = random_rows(40, seed=5)
    plain = tmp_path / "plain.csv"
    write_csv(plain, rows)
    excel = tmp_path / "excel.csv"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    excel.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    batch.run(str(plain), str(tmp_path / "a.csv"))
    batch.run(str(excel), str(tmp_path / "b.csv"))
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_jsonl_output_is_the_recommend_json(tmp_path: Path, catalog) -> None:
    rows = random_rows(20, seed=6)
    src = tmp_path / "sites.jsonl"
    src.write_text("".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    batch.run(str(src), str(out), top=2)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 20
    for row, line in zip(rows, lines, strict=True):
        line.pop("row"), line.pop("label")
        assert line == json.loads(json.dumps(recommend_data({k: v for k, v in row.items() if v}, catalog, top=2)))


def test_geojson_in_and_out_carries_geometry(tmp_path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [39.5, 13.9]},
            "properties": {
                "id": "a",
                "biome": "montane_grasslands_shrublands",
                "degradation": ["water_erosion"],
                "severity": "strong",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [1.0, 2.0]},
            "properties": {"id": "b", "biome": "nowhere", "degradation": ["water_erosion"], "severity": "strong"},
        },
    ]
    src = tmp_path / "sites.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    out = tmp_path / "out.geojson"
    summary = batch.run(str(src), str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 1
    f = data["features"][0]
    assert f["geometry"]["coordinates"] == [39.5, 13.9]
    assert f["properties"]["landrestore"]["options"][0]["rank"] == 1
    assert summary.sites_failed == 1


def test_parallel_jobs_give_the_same_file(tmp_path: Path, monkeypatch) -> None:
    rows = random_rows(300, seed=8)
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    monkeypatch.setattr(batch, "CHUNK_ROWS", 37)
    batch.run(str(src), str(tmp_path / "one.csv"))
    batch.run(str(src), str(tmp_path / "two.csv"), jobs=2)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_output_never_overwrites_the_input(tmp_path: Path, cli) -> None:
    src = tmp_path / "sites.csv"
    write_csv(src, random_rows(3, seed=1))
    before = src.read_bytes()
    r = cli("batch", src, "-o", src)
    assert r.code == 2 and "overwrite the input" in r.err and src.read_bytes() == before


def test_stdout_output(tmp_path: Path, cli) -> None:
    src = tmp_path / "sites.csv"
    write_csv(src, random_rows(5, seed=2))
    r = cli("batch", src, "-o", "-", "-q")
    assert r.code == 0 and r.out.startswith("site,rank,")


def test_recommend_many_is_lazy(catalog) -> None:
    def sites():
        yield {"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}
        raise AssertionError("the second site must not be read before the first result is used")

    first = next(iter(recommend_many(sites(), catalog)))
    assert first["options"][0]["practice_id"] == "mangrove_restoration"


def _run_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "landrestore", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killed_batch_leaves_no_output_and_resume_finishes_it(tmp_path: Path) -> None:
    rows = random_rows(3000, seed=9)
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    env = {**os.environ, "LANDRESTORE_BATCH_CHUNK_ROWS": "100", "LANDRESTORE_CACHE_DIR": str(tmp_path / "cache")}
    reference = tmp_path / "reference.csv"
    subprocess.run([sys.executable, "-m", "landrestore", "batch", str(src), "-o", str(reference), "-q"], env=env, check=True)
    out = tmp_path / "out.csv"
    for delay in (0.4, 0.8, 1.2):
        proc = _run_cli(["batch", str(src), "-o", str(out), "-q", "--resume"], env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert not out.exists() or out.read_bytes() == reference.read_bytes(), "either no output or the whole output"
        if out.exists():
            break
    r = subprocess.run(
        [sys.executable, "-m", "landrestore", "batch", str(src), "-o", str(out), "-q", "--resume"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert not list(tmp_path.glob(".out.csv*")), "no partial or journal file left"


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork", reason="the test patches the worker function through fork"
)
def test_a_worker_that_dies_costs_its_rows_not_the_batch(tmp_path: Path, monkeypatch) -> None:
    rows = random_rows(200, seed=10)
    src = tmp_path / "sites.csv"
    write_csv(src, rows)
    monkeypatch.setattr(batch, "CHUNK_ROWS", 50)
    real = batch.process

    def dying(chunk):
        if chunk.index == 1:
            os._exit(9)  # the worker process dies abruptly, as if killed
        return real(chunk)

    monkeypatch.setattr(batch, "process", dying)  # workers are forked and inherit it
    out = tmp_path / "out.csv"
    summary = batch.run(str(src), str(out), jobs=2)
    assert summary.sites_failed == 50 and summary.sites_ok == 150
    errors = list(csv.DictReader(io.StringIO((tmp_path / "out.errors.csv").read_text(encoding="utf-8"))))
    assert [int(e["row"]) for e in errors] == list(range(51, 101))
    assert all("worker process died" in e["message"] for e in errors)
    firsts = [rec for rec in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))) if rec["rank"] in ("1", "")]
    assert len(firsts) == 150, "one first line per good site"
