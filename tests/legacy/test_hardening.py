"""Hostile and broken inputs: every one gets a result or a clear error, never a traceback, a hang,
unbounded memory, executed code or a lost file. docs/hardening.md lists what is tried here."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from landrestore.errors import UserError
from landrestore.sites import FIELDS
from landrestore.validate import validate_paths
from landrestore.yamlio import YamlError, parse_text

from landrestore import batch, vocab
from landrestore.api import recommend_data

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from([*vocab.BIOMES, *vocab.DEGRADATION_TYPES, *vocab.SEVERITIES, "ETH", "1,5", " 12 ", "nan", "-1", "1e999"]),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8
)
site_dicts = st.dictionaries(st.sampled_from([*FIELDS, "colour", "rainfall", "slope", ""]), values, max_size=10)


@FUZZ
@given(site=site_dicts)
def test_any_site_mapping_gives_a_result_or_a_clear_error(site, catalog) -> None:
    try:
        result = recommend_data(site, catalog, top=3)
    except UserError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert all(0 <= o["score"] <= 1 for o in result["options"])


@FUZZ
@given(raw=st.binary(max_size=400))
def test_any_bytes_as_a_site_file(raw, tmp_path_factory) -> None:
    f = tmp_path_factory.mktemp("fuzz") / "site.yaml"
    f.write_bytes(raw)
    try:
        recommend_data(f, None)
    except UserError as exc:
        assert str(exc)


def mutate(text: str, ops: list[tuple[int, int, str]]) -> str:
    lines = text.splitlines(keepends=True)
    for kind, pos, junk in ops:
        if not lines:
            break
        i = pos % len(lines)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind == 2:
            lines[i] = junk + "\n"
        elif kind == 3:
            cut = pos % max(len(lines[i]), 1)
            lines[i] = lines[i][:cut] + junk + lines[i][cut:]
        else:
            lines[i] = lines[i].replace(":", "", 1)
    return "".join(lines)


mutations = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 10**6), st.text(alphabet="-:[]{}&*!#|>'\"\t aZ0", max_size=6)),
    min_size=1,
    max_size=5,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=mutations)
def test_mutated_catalogue_is_reported_not_crashed(ops, data_copy_factory) -> None:
    folder = data_copy_factory()
    f = folder / "practices.yaml"
    f.write_text(mutate(f.read_text(encoding="utf-8"), ops), encoding="utf-8")
    diags = validate_paths([folder])
    for d in diags:
        assert d.line >= 1 and d.column >= 1 and d.message


@pytest.fixture
def data_copy_factory(tmp_path_factory):
    import shutil

    from conftest import DATA

    def make() -> Path:
        dest = tmp_path_factory.mktemp("cat") / "catalogue"
        shutil.copytree(DATA, dest)
        return dest

    return make


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=0, max_size=17),
        min_size=1,
        max_size=30,
    )
)
def test_any_csv_rows_keep_every_row_accounted_for(cells, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("csv")
    header = [
        "id",
        "biome",
        "degradation",
        "severity",
        "rainfall_mm",
        "slope_pct",
        "country",
        "land_use",
        "area_ha",
        "budget_usd",
        "aridity",
        "region",
        "horizon_years",
        "discount_rate",
        "name",
        "priorities",
        "extra",
    ]
    src = tmp / "in.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i, row in enumerate(cells):
            # keep some rows valid so that both paths run
            if i % 3 == 0:
                row = [f"r{i}", "mangroves", "water_erosion", "strong"] + row[4:]
            w.writerow(row)
    out = tmp / "out.csv"
    summary = batch.run(str(src), str(out))
    data_rows = [r for r in csv.reader(io.StringIO(src.read_text(encoding="utf-8"))) if r][1:]
    nonblank = sum(1 for r in data_rows if not (len(r) == 1 and not r[0].strip()))
    assert summary.sites_ok + summary.sites_failed == nonblank
    assert out.exists()


def test_billion_laughs_is_refused_quickly(tmp_path: Path, cli) -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev = "a"
    for i in range(1, 10):
        name = f"a{i}"
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    f = tmp_path / "site.yaml"
    f.write_text(bomb + "biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\n", encoding="utf-8")
    t = time.perf_counter()
    r = cli("recommend", "--site", f)
    assert time.perf_counter() - t < 5
    assert r.code == 2 and "aliases are not allowed" in r.err


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as exc:
        parse_text("a: " + "[" * 100_000 + "]" * 100_000, "deep.yaml")
    assert exc.value.code == "yaml-too-deep"


def test_huge_file_is_refused_and_the_limit_is_configurable(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_text("a: " + "x" * 5000 + "\n", encoding="utf-8")
    env = {**os.environ, "LANDRESTORE_MAX_YAML_BYTES": "1000"}
    r = subprocess.run(
        [sys.executable, "-m", "landrestore", "recommend", "--site", str(f)], env=env, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "larger than 1000 bytes" in r.stderr and "LANDRESTORE_MAX_YAML_BYTES" in r.stderr


def test_python_tags_are_refused_and_never_run(tmp_path: Path, cli) -> None:
    marker = tmp_path / "pwned"
    f = tmp_path / "site.yaml"
    f.write_text(
        f"biome: !!python/object/apply:os.system ['touch {marker}']\ndegradation: [water_erosion]\nseverity: strong\n",
        encoding="utf-8",
    )
    r = cli("recommend", "--site", f)
    assert r.code == 2 and "not allowed" in r.err and not marker.exists()


def test_a_rule_is_data_never_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    nat = tmp_path / "cat"
    nat.mkdir()
    (nat / "rules.yaml").write_text(
        "- id: sneaky\n  description: tries to run code through a condition value\n"
        f"  when: {{biome: {{in: [\"__import__('os').system('touch {marker}')\"]}}}}\n"
        "  effect: warn\n  message: never shown\n",
        encoding="utf-8",
    )
    diags = validate_paths([nat])
    assert any(d.code == "unknown-id" and d.line == 3 for d in diags)
    assert not marker.exists()


def test_a_catalogue_file_linking_outside_its_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("- id: x\n", encoding="utf-8")
    nat = tmp_path / "cat"
    nat.mkdir()
    (nat / "practices.yaml").symlink_to(secret)
    (d,) = [d for d in validate_paths([nat]) if d.severity == "error"]
    assert d.code == "file-outside-catalogue"


def test_csv_cells_cannot_become_formulas(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "id,biome,degradation,severity\n=cmd|' /C calc'!A0,mangroves,water_erosion,strong\n+1,nowhere,water_erosion,strong\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    batch.run(str(src), str(out))
    first = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert first["site"].startswith("'=")
    err = next(csv.DictReader(io.StringIO((tmp_path / "out.errors.csv").read_text(encoding="utf-8"))))
    assert err["site"].startswith("'+")


def test_recommend_never_overwrites_its_input(tmp_path: Path, cli) -> None:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\n", encoding="utf-8")
    before = f.read_bytes()
    r = cli("recommend", "--site", f, "--format", "json", "-o", f)
    assert r.code == 2 and "overwrite an input" in r.err and f.read_bytes() == before


def test_latin1_csv_is_refused_clearly(tmp_path: Path, cli) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes("id,biome,degradation,severity\nCôte,mangroves,water_erosion,strong\n".encode("latin-1"))
    r = cli("batch", src, "-o", tmp_path / "out.csv")
    assert r.code == 2 and "not UTF-8" in r.err and not (tmp_path / "out.csv").exists()


def test_utf16_site_file_is_refused_clearly(tmp_path: Path, cli) -> None:
    f = tmp_path / "site.yaml"
    f.write_bytes("biome: mangroves\n".encode("utf-16"))
    r = cli("recommend", "--site", f)
    assert r.code == 2 and "UTF-8" in r.err


def test_site_file_with_bom_and_crlf(tmp_path: Path, catalog) -> None:
    f = tmp_path / "site.yaml"
    f.write_bytes(b"\xef\xbb\xbfbiome: mangroves\r\ndegradation: [water_erosion]\r\nseverity: strong\r\n")
    assert recommend_data(f, catalog)["options"][0]["practice_id"] == "mangrove_restoration"


def test_json_site_file(tmp_path: Path, catalog) -> None:
    f = tmp_path / "site.json"
    f.write_text(json.dumps({"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}), encoding="utf-8")
    assert recommend_data(f, catalog)["options"]
