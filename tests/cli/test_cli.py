"""The command line as a user meets it: exit codes, one clear line per mistake, the site flags, the
JSON contract (the same data as the Python API), outputs that never replace an input, and the
committed JSON Schemas."""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, EXAMPLES, ROOT

SITE = EXAMPLES / "tigray-hillside.yaml"
MANGROVE = ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong"]


def as_json(r) -> dict:
    assert r.code == 0, r.err
    return json.loads(r.out)


# --- exit codes (README: 0 ok, 1 findings, 2 usage or input error, 3 internal error, 130 interrupted)


def test_exit_0_for_advice(cli) -> None:
    r = cli("recommend", "--site", SITE)
    assert r.code == 0 and "Exclosures" in r.out and r.err == ""


def test_exit_1_when_validation_finds_faults(cli, data_copy: Path) -> None:
    f = data_copy / "practices.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("- id: earth_bunds\n", "- id: stone_bunds\n", 1), encoding="utf-8")
    r = cli("validate", data_copy)
    assert r.code == 1 and "[duplicate-id]" in r.out


@pytest.mark.parametrize(
    "args",
    [
        ["recommend", "--bogus"],
        ["frobnicate"],
        ["recommend", *MANGROVE, "--top", "0"],
        ["recommend", "--biome", "nowhere", "--degradation", "water_erosion", "--severity", "strong"],
    ],
    ids=["unknown-option", "unknown-command", "bad-option-value", "bad-site-value"],
)
def test_exit_2_for_usage_and_input_errors(cli, args: list[str]) -> None:
    r = cli(*args)
    assert r.code == 2 and r.out == "" and "Traceback" not in r.err


def test_exit_3_for_a_bug_with_one_line_and_no_traceback(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import landrestore.api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(landrestore.api, "recommend_data", broken)
    r = cli("recommend", "--site", SITE)
    assert r.code == 3 and r.out == ""
    assert r.err.startswith("error: internal error: ZeroDivisionError") and "LANDRESTORE_DEBUG=1" in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_exit_130_when_interrupted(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import landrestore.api

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(landrestore.api, "recommend_data", interrupted)
    r = cli("recommend", "--site", SITE)
    assert r.code == 130 and r.out == "" and "Traceback" not in r.err


# --- one clear line for each mistake ------------------------------------------------------------

#: (flags, the field named, the value named, the closest id suggested)
TYPOS = [
    (["--biome", "mangrove"], "biome", "mangrove", "mangroves"),
    (["--biome", "tropical_forest"], "biome", "tropical_forest", "tropical_subtropical_moist_broadleaf_forests"),
    (["--severity", "strnog"], "severity", "strnog", "strong"),
    (["--degradation", "water_erosoin"], "degradation", "water_erosoin", "water_erosion"),
    (["--land-use", "wetlnd"], "land use", "wetlnd", "wetland"),
    (["--aridity", "semiarid"], "aridity", "semiarid", "semi_arid"),
    (["--region", "afrika"], "region", "afrika", "africa"),
    (["--priority", "carbn=2"], "priority", "carbn", "carbon"),
    (["--country", "ETJ"], "country", "ETJ", "ETH"),
    (["--lang", "zhh"], "--lang", "zhh", "zh"),
    (["--format", "jsn"], "--format", "jsn", "json"),
]


@pytest.mark.parametrize(("flags", "field", "value", "suggestion"), TYPOS, ids=[t[2] for t in TYPOS])
def test_a_typo_gets_one_line_naming_the_field_the_value_and_the_closest_id(
    cli, flags: list[str], field: str, value: str, suggestion: str
) -> None:
    base = {"--biome": "mangroves", "--degradation": "water_erosion", "--severity": "strong"}
    base.update(dict(zip(flags[::2], flags[1::2], strict=True)))
    r = cli("recommend", *[x for kv in base.items() for x in kv])
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("error: ") and r.err.count("\n") == 1, r.err
    assert field in r.err and f"'{value}'" in r.err
    assert f"did you mean '{suggestion}'" in r.err, r.err


#: (flags, what the one line says)
BAD = [
    (["--biome", "mangroves", "--severity", "strong"], "missing required field 'degradation'"),
    ([*MANGROVE, "--area-ha", "-4"], "area_ha must be a number of hectares greater than 0, got -4"),
    ([*MANGROVE, "--slope-pct", "130"], "slope_pct must be a percentage between 0 and 100, got 130"),
    ([*MANGROVE, "--rainfall-mm", "lots"], "rainfall_mm must be a number of mm between 0 and 15000, got 'lots'"),
    ([*MANGROVE, "--soil-ph", "15"], "soil_ph must be a pH between 0 and 14, got 15"),
    ([*MANGROVE, "--horizon-years", "2.5"], "horizon_years must be a whole number of years between 1 and 100, got 2.5"),
    ([*MANGROVE, "--discount-rate", "5"], "discount_rate must be a fraction between 0 and 1"),
    ([*MANGROVE, "--budget-usd", "-1"], "budget_usd must be an amount of USD of 0 or more, got -1"),
    ([*MANGROVE, "--country", "ETHI"], "country must be an ISO 3166-1 alpha-3 code such as ETH or BFA, got 'ETHI'"),
    ([*MANGROVE, "--priority", "carbon"], "--priority must be NAME=WEIGHT (e.g. carbon=2), got 'carbon'"),
    ([*MANGROVE, "--priority", "carbon=11"], "priority carbon must be a weight between 0 and 10"),
    (["--site", "does-not-exist.yaml"], "does-not-exist.yaml: file not found"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[m[:30] for _, m in BAD])
def test_bad_input_gets_one_clear_line_and_exit_2(cli, args: list[str], message: str) -> None:
    r = cli("recommend", *args)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("error: ") and r.err.count("\n") == 1, r.err
    assert message in r.err


def test_malformed_site_file_is_named_with_its_line(cli, tmp_path: Path) -> None:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\nseverity: strong: really\ndegradation: [water_erosion]\n", encoding="utf-8")
    r = cli("recommend", "--site", f)
    assert r.code == 2 and r.err.count("\n") == 1
    assert f"{f}:2:" in r.err and "YAML syntax" in r.err


def test_unknown_site_field_suggests_the_right_one(cli, tmp_path: Path) -> None:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\nrainfal_mm: 300\n", encoding="utf-8")
    r = cli("recommend", "--site", f)
    assert r.code == 2 and "unknown site field 'rainfal_mm'" in r.err and "did you mean 'rainfall_mm'" in r.err


def test_an_unknown_id_elsewhere_names_the_closest(cli) -> None:
    for args, suggestion in (
        (["explain", "zai_pitz", "--site", SITE], "zai_pits"),
        (["biomes", "show", "mangrove"], "mangroves"),
        (["policies", "show", "land_tenure"], "land_tenure_security"),
        (["vocab", "degradaton"], "degradation"),
        (["schema", "practice"], "practices"),
    ):
        r = cli(*args)
        assert r.code == 2 and r.err.count("\n") == 1 and f"did you mean '{suggestion}'" in r.err, (args, r.err)


# --- site flags: named like the site fields, with their short aliases -------------------------

ALIASES = [
    ("--slope-pct", "--slope", "slope_pct", "35"),
    ("--rainfall-mm", "--rainfall", "rainfall_mm", "640"),
    ("--area-ha", "--area", "area_ha", "42.5"),
    ("--budget-usd", "--budget", "budget_usd", "12000"),
    ("--horizon-years", "--horizon", "horizon_years", "12"),
]


@pytest.mark.parametrize(("long", "short", "field", "value"), ALIASES, ids=[a[0] for a in ALIASES])
def test_a_site_flag_and_its_alias_give_the_same_result(cli, long: str, short: str, field: str, value: str) -> None:
    by_long = cli("recommend", "--site", SITE, long, value, "--format", "json")
    by_short = cli("recommend", "--site", SITE, short, value, "--format", "json")
    assert by_long.code == 0 and by_long.out == by_short.out
    site = json.loads(by_long.out)["site"]
    assert site[field] == float(value), "the flag overrides the site file's field"
    assert site[field] != yaml.safe_load(SITE.read_text(encoding="utf-8"))[field]


def test_every_site_field_of_the_flags_has_its_own_name(cli) -> None:
    """Each flag is the site field's name in kebab case (priorities is given one --priority at a time)."""
    from landrestore.cli.options import SITE_FLAGS
    from landrestore.model.site import FIELDS

    for _, field, _, names, _ in SITE_FLAGS:
        assert field in FIELDS
        first = names[0].split("/")[0]
        assert first == "--" + field.replace("_", "-") or (field, first) == ("priorities", "--priority")


def test_flags_override_the_site_file(cli) -> None:
    data = as_json(
        cli(
            "recommend",
            "--site",
            SITE,
            "--budget-usd",
            "1000000",
            "--degradation",
            "water_erosion",
            "--land-use",
            "grazing_land,forest",
            "--priority",
            "carbon=3",
            "--format",
            "json",
        )
    )
    site = data["site"]
    assert site["budget_usd"] == 1_000_000 and site["degradation"] == ["water_erosion"]
    assert site["land_use"] == ["grazing_land", "forest"] and site["priorities"]["carbon"] == 3
    assert site["name"] == "Hillside above Abreha we Atsbeha", "the file's other fields are kept"


def test_yes_no_site_facts_have_both_flags(cli) -> None:
    has = as_json(cli("recommend", *MANGROVE, "--watercourse", "--no-gullies", "--format", "json"))["site"]
    assert has["watercourse"] is True and has["gullies"] is False
    assert "watercourse" not in as_json(cli("recommend", *MANGROVE, "--format", "json"))["site"]


# --- the JSON contract, and the CLI gives the API's data ----------------------------------------


def test_json_contract(cli) -> None:
    data = as_json(cli("recommend", "--site", SITE, "--format", "json"))
    assert data["format_version"] == 2 and data["language"] == "en"
    assert set(data) >= {"site", "catalog", "biome_context", "options", "excluded", "warnings"}
    assert data["catalog"]["practices"] >= 50 and data["catalog"]["eligible"] == len(data["options"])
    assert data["site"]["region"] == "africa" and data["site"]["horizon_years"] == 20
    assert data["biome_context"]["name"] == "Montane Grasslands & Shrublands"
    for o in data["options"]:
        assert {
            "rank",
            "practice_id",
            "name",
            "score",
            "intervention",
            "ldn_response",
            "suitability",
            "main_reason",
            "components",
            "reasons",
            "cost",
            "benefits",
            "monitoring",
            "policy_instruments",
            "case_study",
            "sources",
        } <= set(o)
        suit = o["suitability"]
        assert {"class", "value", "limiting_factor", "factors"} <= set(suit) and suit["class"] in ("S1", "S2", "S3")
        assert all({"factor", "value", "class", "code", "text"} <= set(f) for f in suit["factors"])
        assert suit["value"] == min([1.0, *(f["value"] for f in suit["factors"])])
        for item in [o["main_reason"], *o["reasons"], *o["rules_fired"]]:
            assert isinstance(item["code"], str) and isinstance(item["text"], str) and item["text"]
        c = o["cost"]
        assert c["currency"] == "USD" and isinstance(c["year"], int)
        for key in ("establishment_per_ha", "maintenance_per_ha_year", "total", "present_value"):
            assert set(c[key]) == {"low", "typical", "high"}
            assert c[key]["low"] <= c[key]["typical"] <= c[key]["high"]
        assert c["within_budget"] == (c["total"]["typical"] <= data["site"]["budget_usd"])
        assert "affordable_area_ha" in c
    for e in data["excluded"]:
        assert {"practice_id", "name", "suitability", "reasons"} <= set(e) and e["reasons"]
        assert {"class", "value", "limiting_factor", "factors"} <= set(e["suitability"])
        assert all(isinstance(r["code"], str) and r["text"] for r in e["reasons"])
    assert data["warnings"] and all({"code", "text"} <= set(w) for w in data["warnings"])


def test_cli_json_equals_the_python_api_for_a_site_file(cli, catalog) -> None:
    from landrestore.api import recommend_data

    assert as_json(cli("recommend", "--site", SITE, "--format", "json")) == recommend_data(SITE, catalog)


def test_cli_json_equals_the_python_api_for_flags_top_and_language(cli, catalog) -> None:
    from landrestore.api import recommend_data

    site = {
        "biome": "mangroves",
        "country": "VNM",
        "degradation": ["water_erosion", "vegetation_loss"],
        "severity": "strong",
        "area_ha": 500,
        "land_use": ["wetland"],
    }
    r = cli(
        "recommend",
        "--biome",
        "mangroves",
        "--country",
        "VNM",
        "--degradation",
        "water_erosion,vegetation_loss",
        "--severity",
        "strong",
        "--area-ha",
        "500",
        "--land-use",
        "wetland",
        "--top",
        "3",
        "--lang",
        "zh",
        "--format",
        "json",
    )
    assert as_json(r) == recommend_data(site, catalog, top=3, lang="zh")


def test_cli_json_equals_the_model_dump_of_the_python_api(cli) -> None:
    from landrestore import recommend

    assert as_json(cli("recommend", "--site", SITE, "--format", "json")) == recommend(SITE).model_dump(mode="json")


def test_top_limits_options(cli) -> None:
    data = as_json(cli("recommend", "--site", SITE, "--top", "2", "--format", "json"))
    assert [o["rank"] for o in data["options"]] == [1, 2]


@pytest.mark.parametrize("fmt", ["table", "yaml", "csv", "markdown"])
def test_every_format_renders(cli, fmt: str) -> None:
    r = cli("recommend", "--site", SITE, "--format", fmt)
    assert r.code == 0 and r.out
    if fmt == "yaml":
        assert yaml.safe_load(r.out)["options"][0]["practice_id"] == "exclosures"
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.out)))
        assert rows[0]["rank"] == "1" and rows[0]["practice_id"] == "exclosures" and rows[0]["suitability"] == "S1"
    if fmt in ("table", "markdown"):
        assert "Exclosures (area closure)" in r.out


def test_explain_tells_why_a_practice_was_excluded(cli) -> None:
    r = cli("explain", "zai_pits", "--site", SITE)
    assert r.code == 0 and "EXCLUDED" in r.out
    assert "slope 25 % is above the highest at which it is documented" in r.out
    data = as_json(cli("explain", "zai_pits", "--site", SITE, "--format", "json"))
    assert data["excluded"] is True and data["suitability"]["class"] == "N"
    assert [r["code"] for r in data["reasons"]] == ["slope.above_absolute"] and data["reasons"][0]["text"]


def test_explain_shows_the_rank_and_every_component(cli) -> None:
    r = cli("explain", "exclosures", "--site", SITE)
    assert r.code == 0 and "rank 1 of" in r.out
    for part in ("effectiveness", "severity_fit", "cost_effectiveness", "budget_fit", "cobenefits", "suitability S1"):
        assert part in r.out


def test_list_and_show(cli) -> None:
    practices = as_json(cli("practices", "list", "--format", "json"))
    assert len(practices) >= 50 and all(p["case_studies"] and p["sources"] for p in practices)
    shown = as_json(cli("practices", "show", "mangrove_restoration", "--format", "json"))
    assert shown["id"] == "mangrove_restoration" and "costs" in shown
    assert "Mangroves" in cli("biomes", "list").out
    assert len(as_json(cli("policies", "list", "--format", "json"))) >= 15


# --- outputs: whole or not at all, never over an input --------------------------------------------


def test_output_file_is_written_whole(cli, tmp_path: Path) -> None:
    out = tmp_path / "advice.json"
    r = cli("recommend", "--site", SITE, "--format", "json", "-o", out)
    assert r.code == 0 and r.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["options"]
    assert [p.name for p in tmp_path.iterdir()] == ["advice.json"], "no temporary file left behind"


def test_failed_run_leaves_the_previous_output(cli, tmp_path: Path) -> None:
    out = tmp_path / "advice.json"
    out.write_text("previous", encoding="utf-8")
    r = cli("recommend", "--biome", "nowhere", "--degradation", "water_erosion", "--severity", "strong", "-o", out)
    assert r.code == 2 and out.read_text(encoding="utf-8") == "previous"


def _site_file(tmp_path: Path) -> Path:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\n", encoding="utf-8")
    return f


def test_recommend_o_never_overwrites_its_site_file(cli, tmp_path: Path) -> None:
    f = _site_file(tmp_path)
    before = f.read_bytes()
    r = cli("recommend", "--site", f, "--format", "json", "-o", f)
    assert r.code == 2 and r.err.count("\n") == 1 and "replace a file this run reads" in r.err
    assert f.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["site.yaml"]


def test_recommend_o_never_overwrites_its_input_under_another_name(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = _site_file(tmp_path)
    before = f.read_bytes()
    (tmp_path / "link.yaml").symlink_to(f)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    for site, out in (
        ("../site.yaml", "../link.yaml"),
        (str(f), "../site.yaml"),
        ("../link.yaml", str(tmp_path / "sub/../site.yaml")),
    ):
        r = cli("recommend", "--site", site, "-o", out)
        assert r.code == 2 and "replace a file this run reads" in r.err, (site, out, r.err)
        assert f.read_bytes() == before and (tmp_path / "link.yaml").is_symlink()


def test_recommend_o_never_overwrites_a_catalogue_file_in_use(cli, data_copy: Path) -> None:
    target = data_copy / "rules.yaml"
    before = target.read_bytes()
    r = cli("recommend", "--site", SITE, "--data", data_copy, "--format", "yaml", "-o", target)
    assert r.code == 2 and "replace a file this run reads" in r.err and target.read_bytes() == before


def test_output_to_a_folder_or_a_missing_folder_is_refused(cli, tmp_path: Path) -> None:
    r = cli("recommend", "--site", SITE, "-o", tmp_path)
    assert r.code == 2 and "is a folder" in r.err
    r = cli("recommend", "--site", SITE, "-o", tmp_path / "nowhere" / "advice.json")
    assert r.code == 2 and "does not exist" in r.err


# --- version, schemas, start-up -----------------------------------------------------------------


def test_version(cli) -> None:
    from landrestore import __version__

    r = cli("--version")
    assert (r.code, r.out, r.err) == (0, f"landrestore {__version__}\n", "")
    r = cli("version")
    assert r.code == 0 and r.out.startswith(f"landrestore {__version__}\ncatalogue landrestore core catalogue ")


def test_module_entry_point() -> None:
    r = subprocess.run([sys.executable, "-m", "landrestore", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("landrestore ")


def _schema_names() -> list[str]:
    from landrestore.model.schema import SCHEMAS

    return sorted(SCHEMAS)


def test_every_schema_has_a_committed_file() -> None:
    committed = sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "schema").glob("*.schema.json"))
    assert committed == _schema_names(), "run `landrestore schema NAME > schema/NAME.schema.json` for each name"


@pytest.mark.parametrize("name", _schema_names())
def test_schema_matches_the_committed_file(cli, name: str) -> None:
    committed = ROOT / "schema" / f"{name}.schema.json"
    assert committed.exists(), f"run `landrestore schema {name} > schema/{name}.schema.json`"
    printed = as_json(cli("schema", name))
    assert printed == json.loads(committed.read_text(encoding="utf-8")), (
        f"schema/{name}.schema.json is outdated: run `landrestore schema {name} > schema/{name}.schema.json`"
    )


def test_every_data_file_names_a_committed_schema() -> None:
    for f in sorted(DATA.glob("*.yaml")):
        first = f.read_text(encoding="utf-8").splitlines()[0]
        if "$schema=" in first:
            ref = first.split("$schema=", 1)[1].strip()
            assert (f.parent / ref).resolve().is_file(), f"{f.name} names {ref}, which does not exist"


def _imports_after(args: list[str], modules: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys; from landrestore.cli import main; sys.argv=['landrestore', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit: pass\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules), file=sys.stderr)"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=60)  # the first run fills the cache
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return ast.literal_eval(r.stderr.strip().splitlines()[-1])


def test_help_does_not_import_heavy_modules() -> None:
    assert _imports_after(["--help"], ("rich", "pydantic", "yaml", "numpy", "landrestore.model.schema")) == []


def test_recommend_json_does_not_import_numpy_or_build_models() -> None:
    heavy = ("numpy", "pydantic.main", "landrestore.model.schema", "rich", "landrestore.knowledge.validate")
    assert _imports_after(["recommend", "--site", str(SITE), "--format", "json"], heavy) == []


def test_a_local_csv_batch_imports_neither_dask_nor_arrow_nor_scipy(tmp_path: Path) -> None:
    src = tmp_path / "sites.csv"
    src.write_text("id,biome,degradation,severity\na,mangroves,water_erosion,strong\n", encoding="utf-8")
    heavy = ("dask", "distributed", "pyarrow", "scipy", "pandas")
    assert _imports_after(["batch", str(src), "-o", str(tmp_path / "out.csv"), "-q"], heavy) == []


# --- on a terminal --------------------------------------------------------------------------------


def on_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run landrestore on a pseudo-terminal and return what it printed."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe(sys.executable, [sys.executable, "-m", "landrestore", *args], {**os.environ, **env})
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace")


def test_colour_on_a_terminal_and_none_when_asked() -> None:
    env = {"COLUMNS": "80", "TERM": "xterm-256color"}
    assert "\x1b[" in on_terminal(["recommend", "--site", str(SITE)], env)
    assert "\x1b[" not in on_terminal(["recommend", "--site", str(SITE), "--no-color"], env)
    assert "\x1b[" not in on_terminal(["recommend", "--site", str(SITE)], {**env, "NO_COLOR": "1"})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_table_fits_80_columns_on_a_terminal(lang: str) -> None:
    from rich.cells import cell_len

    text = on_terminal(["recommend", "--site", str(SITE), "--lang", lang], {"COLUMNS": "80", "TERM": "xterm", "NO_COLOR": "1"})
    widths = [cell_len(line.rstrip("\r")) for line in text.splitlines()]
    assert "1" in text and max(widths) <= 80, (lang, max(widths))


@pytest.mark.parametrize("fmt", ["table", "json", "yaml", "markdown"])
def test_plan_in_every_format(cli, fmt: str) -> None:
    r = cli("plan", "--site", EXAMPLES / "tigray-watershed.yaml", "--format", fmt, "--draws", "2000")
    assert r.code == 0, r.err
    assert "Hillside" in r.out
    if fmt == "json":
        import json

        doc = json.loads(r.out)
        assert doc["totals"]["total"]["typical"] <= doc["budget_usd"] + 0.01, "never over budget at typical cost"


def test_plan_with_the_same_seed_is_the_same_byte_for_byte(cli) -> None:
    args = ("plan", "--site", EXAMPLES / "tigray-watershed.yaml", "--format", "json", "--draws", "2000", "--seed", "7")
    assert cli(*args).out == cli(*args).out


def test_plan_without_a_budget_says_what_to_give(cli) -> None:
    r = cli("plan", "--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--area", "10")
    assert r.code == 2 and "budget" in r.err and len(r.err.strip().splitlines()) == 1


def test_files_meant_to_be_shared_follow_the_umask(cli, tmp_path: Path) -> None:
    """Under umask 022 a report, a site template and a batch output are 0644, as any program's files are."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert cli("report", "--site", SITE, "-o", tmp_path / "r.html").code == 0
        assert cli("report", "--site", SITE, "-o", tmp_path / "r.md").code == 0
        assert cli("site", "new", tmp_path / "s.yaml").code == 0
        assert cli("export", "mrv", "--site", SITE, "-o", tmp_path / "m.xlsx").code == 0
        src = tmp_path / "in.csv"
        src.write_text("biome,degradation,severity\nmangroves,water_erosion,strong\n", encoding="utf-8")
        assert cli("batch", src, "-o", tmp_path / "out.csv").code == 0
    finally:
        os.umask(old)
    for name in ("r.html", "r.md", "s.yaml", "m.xlsx", "out.csv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
