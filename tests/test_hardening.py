"""Hostile and broken inputs: every one gets a result or a clear error, never a traceback, a hang,
unbounded memory, executed code or a lost file. docs/hardening.md lists what is tried here."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from landrestore.api import recommend_data
from landrestore.batch.run import run
from landrestore.io.yamlio import YamlError, parse_text
from landrestore.knowledge.validate import validate_paths
from landrestore.model import vocab
from landrestore.model.errors import UserError
from landrestore.model.site import FIELDS

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW_FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [*vocab.BIOMES, *vocab.DEGRADATION_TYPES, *vocab.SEVERITIES, "ETH", "1,5", " 12 ", "nan", "-1", "1e999", "yes"]
    ),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8
)
site_dicts = st.dictionaries(st.sampled_from([*FIELDS, "colour", "rainfall", "slope", "ph", ""]), values, max_size=10)
#: Mostly valid sites, so that the success path is explored as much as the error path.
near_valid_sites = st.fixed_dictionaries(
    {
        "biome": st.sampled_from(vocab.BIOMES),
        "degradation": st.lists(st.sampled_from(vocab.DEGRADATION_TYPES), min_size=1, max_size=3),
        "severity": st.sampled_from(vocab.SEVERITIES),
    }
).flatmap(lambda base: site_dicts.map(lambda extra: {**base, **extra}))


def assert_well_formed(result: dict[str, Any], practice_ids: list[str], top: int | None = None) -> None:
    """What a caller relies on in any result: ranks 1..n best first, scores in [0, 1], and every
    practice of the catalogue either ranked or excluded (with its reasons), never both or neither."""
    options = result["options"]
    assert [o["rank"] for o in options] == list(range(1, len(options) + 1))
    scores = [o["score"] for o in options]
    assert all(0 <= s <= 1 for s in scores), scores
    assert scores == sorted(scores, reverse=True), "best first"
    assert result["catalog"]["eligible"] >= len(options)
    if top is None:
        ranked = [o["practice_id"] for o in options]
        excluded = [e["practice_id"] for e in result["excluded"]]
        assert len(ranked) == len(set(ranked)) and not set(ranked) & set(excluded)
        assert sorted(ranked + excluded) == practice_ids
        assert result["catalog"]["eligible"] == len(options)
        assert all(e["reasons"] for e in result["excluded"]), "an excluded practice says why"
    else:
        assert len(options) == min(top, result["catalog"]["eligible"])


@pytest.fixture(scope="module")
def practice_ids(catalog) -> list[str]:
    return sorted(catalog.practices)


@pytest.fixture(scope="module")
def advise(catalog):
    """`recommend_data` on the shipped catalogue (a function, which hypothesis prints in one line)."""
    return lambda site: recommend_data(site, catalog)


def assert_clear_error(code: int, err: str) -> None:
    """A usage or input error: exit 2 and one line that starts with 'error:'."""
    assert code == 2, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and len(lines[0]) > len("error: "), err


@FUZZ
@given(site=st.one_of(site_dicts, near_valid_sites))
def test_any_site_mapping_gives_a_result_or_a_clear_error(site, advise, practice_ids) -> None:
    try:
        result = advise(site)
    except UserError as exc:
        assert exc.exit_code == 2
        message = str(exc)
        assert message and "\n" not in message, message
        return
    assert_well_formed(result, practice_ids)


@SLOW_FUZZ
@given(site=st.one_of(site_dicts, near_valid_sites))
def test_any_site_file_gives_json_or_one_error_line(site, cli, practice_ids, tmp_path_factory) -> None:
    f = tmp_path_factory.mktemp("fuzz") / "site.yaml"
    f.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    r = cli("recommend", "--site", f, "--format", "json")
    if r.code == 0:
        assert r.err == ""
        assert_well_formed(json.loads(r.out), practice_ids)
    else:
        assert_clear_error(r.code, r.err)


VALID_SITE = b"biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\nslope_pct: 2\n"
site_bytes = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.integers(0, len(VALID_SITE)), st.binary(max_size=12)).map(
        lambda t: VALID_SITE[: t[0]] + t[1] + VALID_SITE[t[0] :]
    ),
    st.integers(0, len(VALID_SITE)).map(lambda n: VALID_SITE[:n]),
)


@SLOW_FUZZ
@given(raw=site_bytes)
def test_any_bytes_as_a_site_file_give_json_or_one_error_line(raw, cli, practice_ids, tmp_path_factory) -> None:
    f = tmp_path_factory.mktemp("fuzz") / "site.yaml"
    f.write_bytes(raw)
    r = cli("recommend", "--site", f, "--format", "json")
    if r.code == 0:
        result = json.loads(r.out)
        assert result["site"]["biome"] in vocab.BIOMES
        assert_well_formed(result, practice_ids)
    else:
        assert_clear_error(r.code, r.err)


# --- a damaged catalogue is reported, never crashes, never passes -----------------------------


def key_lines(text: str) -> list[tuple[int, int, int]]:
    """(line, key column, column after the key) of every key of a block mapping: the lines where
    a mutation below always breaks the file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(text, Loader=loader)
    lines = text.splitlines()
    out = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                line = lines[k.start_mark.line]
                lead = len(line) - len(line.lstrip(" -"))
                if not node.flow_style and k.start_mark.column == lead and k.end_mark.line == k.start_mark.line:
                    out.append((k.start_mark.line, k.start_mark.column, k.end_mark.column))
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(out)


BAD_VALUES = ["[unclosed", "{unclosed", '"unclosed', "*nowhere", "&anchor x", "!!python/object/apply:os.system ['true']"]


def mutate(text: str, where: list[tuple[int, int, int]], ops: list[tuple[int, int, int]]) -> tuple[str, list[int]]:
    """Apply each (kind, which key line, which bad value), bottom to top: 0 duplicates the key's
    line, 1 removes the key's colon, 2 gives the key a value YAML or the catalogue refuses."""
    lines = text.splitlines(keepends=True)
    chosen = sorted({pos % len(where): (kind, junk) for kind, pos, junk in ops}.items(), reverse=True)
    touched = []
    for i, (kind, junk) in chosen:
        line_no, _, key_end = where[i]
        line = lines[line_no]
        if kind == 0:
            lines.insert(line_no + 1, line)
        elif kind == 1:
            lines[line_no] = line[:key_end] + line[key_end + 1 :]
        else:
            lines[line_no] = line[: key_end + 1] + " " + BAD_VALUES[junk % len(BAD_VALUES)] + "\n"
        touched.append(line_no + 1)
    return "".join(lines), touched


@pytest.fixture(scope="module")
def practices_text() -> tuple[str, list[tuple[int, int, int]]]:
    text = (DATA / "practices.yaml").read_text(encoding="utf-8")
    return text, key_lines(text)


@pytest.fixture
def catalogue_copy(tmp_path_factory):
    def make() -> Path:
        dest = tmp_path_factory.mktemp("cat") / "catalogue"
        shutil.copytree(DATA, dest)
        return dest

    return make


def test_the_shipped_catalogue_has_no_error_to_begin_with(catalogue_copy) -> None:
    assert not [d for d in validate_paths([catalogue_copy()]) if d.severity == "error"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 10)), min_size=1, max_size=3))
def test_a_damaged_catalogue_file_is_reported_at_a_position(ops, practices_text, catalogue_copy) -> None:
    text, where = practices_text
    folder = catalogue_copy()
    f = folder / "practices.yaml"
    damaged, touched = mutate(text, where, ops)
    assert damaged != text
    f.write_text(damaged, encoding="utf-8")
    diags = validate_paths([folder])
    errors = [d for d in diags if d.severity == "error"]
    assert errors, f"no finding for the damage at line(s) {touched}"
    assert any(Path(d.path).name == "practices.yaml" for d in errors)
    for d in diags:
        assert d.line >= 1 and d.column >= 1 and d.message and d.code


# --- batch rows ---------------------------------------------------------------------------------

CSV_HEADER = [
    "id",
    "biome",
    "degradation",
    "severity",
    "rainfall_mm",
    "slope_pct",
    "soil_ph",
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
    *vocab.SITE_FEATURES,
    "extra",
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=0, max_size=len(CSV_HEADER)),
        min_size=1,
        max_size=30,
    )
)
def test_any_csv_rows_keep_every_row_accounted_for(cells, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("csv")
    src = tmp / "in.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_HEADER)
        for i, row in enumerate(cells):
            if i % 3 == 0:  # keep some rows valid so that both paths run
                row = [f"r{i}", "mangroves", "water_erosion", "strong"] + row[4:]
            w.writerow(row)
    out = tmp / "out.jsonl"
    summary = run(str(src), str(out))
    data_rows = list(csv.reader(io.StringIO(src.read_bytes().decode("utf-8"), newline="")))[1:]
    nonblank = [n for n, r in enumerate(data_rows, start=1) if r and not (len(r) == 1 and not r[0].strip())]
    done = [json.loads(x)["row"] for x in out.read_bytes().decode("utf-8").split("\n") if x]
    errors_file = tmp / "out.errors.csv"
    failed = (
        [int(e["row"]) for e in csv.DictReader(io.StringIO(errors_file.read_bytes().decode("utf-8"), newline=""))]
        if errors_file.exists()
        else []
    )
    assert (summary.sites_ok, summary.sites_failed) == (len(done), len(failed))
    assert sorted(done + failed) == nonblank, "every row is either done or listed as failed, once"


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
jsonl_lines = st.one_of(
    st.builds(lambda v: json.dumps(v), json_values),  # any JSON value: most are not a site
    st.builds(
        lambda extra: json.dumps({"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong", **extra}),
        st.dictionaries(st.sampled_from(CSV_HEADER), json_values, max_size=3),
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), max_size=20),  # not JSON
    st.sampled_from(["[" * 5000, "9" * 5000, '{"biome": ', "{}"]),  # deep, a long number, cut short, empty
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(jsonl_lines, min_size=1, max_size=25))
def test_any_json_lines_keep_every_row_accounted_for(lines, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("jsonl")
    src = tmp / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp / "out.jsonl"
    summary = run(str(src), str(out))
    nonblank = [n for n, line in enumerate(lines, start=1) if line.strip()]
    errors_file = tmp / "out.errors.csv"
    failed = (
        [int(e["row"]) for e in csv.DictReader(io.StringIO(errors_file.read_bytes().decode("utf-8"), newline=""))]
        if errors_file.exists()
        else []
    )
    done = [x for x in out.read_bytes().decode("utf-8").split("\n") if x]
    assert summary.sites_ok == len(done) and summary.sites_failed == len(failed)
    assert summary.sites_ok + summary.sites_failed == len(nonblank), "every line is done or listed as failed, once"
    assert len(set(failed)) == len(failed) and set(failed) <= set(nonblank)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    features=st.lists(
        st.one_of(
            json_values, st.builds(lambda p, g: {"type": "Feature", "properties": p, "geometry": g}, json_values, json_values)
        ),
        min_size=1,
        max_size=15,
    )
)
def test_any_geojson_features_keep_every_feature_accounted_for(features, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("geojson")
    src = tmp / "in.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    summary = run(str(src), str(tmp / "out.geojson"))
    assert summary.sites_ok + summary.sites_failed == len(features), "every feature is done or listed as failed"
    done = json.loads((tmp / "out.geojson").read_text(encoding="utf-8"))["features"]
    assert len(done) == summary.sites_ok


# --- hostile files ---------------------------------------------------------------------------------


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
    assert_clear_error(r.code, r.err)
    assert "aliases are not allowed" in r.err or "anchors" in r.err


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(YamlError) as exc:
        parse_text("a: " + "[" * 100_000 + "]" * 100_000, "deep.yaml")
    assert exc.value.code == "yaml-too-deep"


def test_a_deeply_nested_site_file_is_one_error_line(tmp_path: Path, cli) -> None:
    f = tmp_path / "site.json"
    f.write_text('{"biome": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    r = cli("recommend", "--site", f)
    assert_clear_error(r.code, r.err)


def test_a_huge_site_file_is_refused_and_the_limit_is_configurable(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_text("name: " + "x" * 5000 + "\nbiome: mangroves\ndegradation: [water_erosion]\nseverity: strong\n", encoding="utf-8")
    env = {**os.environ, "LANDRESTORE_MAX_SITE_BYTES": "1000"}
    r = subprocess.run(
        [sys.executable, "-m", "landrestore", "recommend", "--site", str(f)], env=env, capture_output=True, text=True, timeout=60
    )
    assert_clear_error(r.returncode, r.stderr)
    assert "larger than 1,000 bytes" in r.stderr and "LANDRESTORE_MAX_SITE_BYTES" in r.stderr


def test_python_tags_are_refused_and_never_run(tmp_path: Path, cli) -> None:
    marker = tmp_path / "pwned"
    f = tmp_path / "site.yaml"
    f.write_text(
        f"biome: !!python/object/apply:os.system ['touch {marker}']\ndegradation: [water_erosion]\nseverity: strong\n",
        encoding="utf-8",
    )
    r = cli("recommend", "--site", f)
    assert_clear_error(r.code, r.err)
    assert "not allowed" in r.err and not marker.exists()


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


def test_batch_cells_cannot_become_formulas(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "id,name,biome,degradation,severity\n"
        "=cmd|' /C calc'!A0,x,mangroves,water_erosion,strong\n"
        "+1,x,nowhere,water_erosion,strong\n"
        ",@SUM(A1),mangroves,water_erosion,strong\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    run(str(src), str(out))
    written = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert {r["site"] for r in written} == {"'=cmd|' /C calc'!A0", "'@SUM(A1)"}
    err = next(csv.DictReader(io.StringIO((tmp_path / "out.errors.csv").read_text(encoding="utf-8"), newline="")))
    assert err["site"] == "'+1"


def test_recommend_never_overwrites_its_site_file(tmp_path: Path, cli) -> None:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\n", encoding="utf-8")
    before = f.read_bytes()
    r = cli("recommend", "--site", f, "--format", "json", "-o", f)
    assert_clear_error(r.code, r.err)
    assert f.read_bytes() == before


def test_recommend_never_overwrites_a_catalogue_file_in_use(tmp_path: Path, cli) -> None:
    nat = tmp_path / "cat"
    nat.mkdir()
    rules = nat / "rules.yaml"
    rules.write_text("[]\n", encoding="utf-8")
    r = cli(
        "recommend",
        "--biome",
        "mangroves",
        "--degradation",
        "water_erosion",
        "--severity",
        "strong",
        "--data",
        nat,
        "--format",
        "json",
        "-o",
        rules,
    )
    assert_clear_error(r.code, r.err)
    assert rules.read_text(encoding="utf-8") == "[]\n"


def test_utf16_site_file_is_refused_clearly(tmp_path: Path, cli) -> None:
    f = tmp_path / "site.yaml"
    f.write_bytes("biome: mangroves\n".encode("utf-16"))
    r = cli("recommend", "--site", f)
    assert_clear_error(r.code, r.err)
    assert "UTF-8" in r.err


def test_site_file_with_bom_and_crlf(tmp_path: Path, catalog) -> None:
    f = tmp_path / "site.yaml"
    f.write_bytes(b"\xef\xbb\xbfbiome: mangroves\r\ndegradation: [water_erosion]\r\nseverity: strong\r\n")
    plain = tmp_path / "plain.yaml"
    plain.write_text("biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\n", encoding="utf-8")
    assert recommend_data(f, catalog) == recommend_data(plain, catalog)


def test_json_site_file(tmp_path: Path, catalog) -> None:
    f = tmp_path / "site.json"
    f.write_text(json.dumps({"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}), encoding="utf-8")
    result = recommend_data(f, catalog)
    assert result["site"]["biome"] == "mangroves"
    assert_well_formed(result, sorted(catalog.practices))


parquet_cells = st.one_of(
    st.none(), st.sampled_from(["mangroves", "water_erosion", "strong", "", "=1+1", "x" * 50]), st.text(max_size=8)
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(parquet_cells, parquet_cells, parquet_cells, st.one_of(st.none(), st.floats(allow_nan=True))),
        min_size=1,
        max_size=20,
    )
)
def test_any_parquet_rows_keep_every_row_accounted_for(rows, tmp_path_factory) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    tmp = tmp_path_factory.mktemp("parquet")
    table = pa.table(
        {
            "biome": [r[0] for r in rows],
            "degradation": [r[1] for r in rows],
            "severity": [r[2] for r in rows],
            "slope_pct": pa.array([r[3] for r in rows], pa.float64()),
        }
    )
    pq.write_table(table, tmp / "in.parquet")
    summary = run(str(tmp / "in.parquet"), str(tmp / "out.parquet"))
    assert summary.sites_ok + summary.sites_failed == len(rows), "every row is done or listed as failed, once"
    done = pq.read_table(tmp / "out.parquet").column("site").to_pylist()
    assert len(set(done)) == summary.sites_ok
