"""The command line as a user meets it: the JSON contract, outputs, and clear errors for bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES

SITE = EXAMPLES / "tigray-hillside.yaml"


def test_json_contract(cli) -> None:
    r = cli("recommend", "--site", SITE, "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert set(data) >= {"site", "catalog", "options", "excluded", "warnings"}
    assert data["catalog"]["practices"] >= 50
    assert data["site"]["region"] == "africa" and data["site"]["horizon_years"] == 20
    o = data["options"][0]
    assert {
        "rank",
        "practice_id",
        "name",
        "score",
        "intervention",
        "ldn_response",
        "components",
        "reasons",
        "cost",
        "benefits",
        "monitoring",
        "policy_instruments",
        "case_study",
        "sources",
    } <= set(o)
    c = o["cost"]
    assert c["currency"] == "USD" and isinstance(c["year"], int)
    for key in ("establishment_per_ha", "maintenance_per_ha_year", "total", "present_value"):
        assert set(c[key]) == {"low", "typical", "high"}
    assert c["within_budget"] == (c["total"]["typical"] <= data["site"]["budget_usd"])
    assert "affordable_area_ha" in c
    assert all({"practice_id", "reasons"} <= set(e) for e in data["excluded"])


def test_cli_json_equals_the_python_api(cli) -> None:
    from landrestore import recommend

    r = cli("recommend", "--site", SITE, "--format", "json")
    assert json.loads(r.out) == recommend(SITE).model_dump(mode="json")


def test_flags_override_the_site_file(cli) -> None:
    r = cli(
        "recommend",
        "--site",
        SITE,
        "--budget",
        "1000000",
        "--degradation",
        "water_erosion",
        "--priority",
        "carbon=3",
        "--format",
        "json",
    )
    data = json.loads(r.out)
    assert data["site"]["budget_usd"] == 1_000_000 and data["site"]["degradation"] == ["water_erosion"]
    assert data["site"]["priorities"]["carbon"] == 3


def test_top_limits_options(cli) -> None:
    data = json.loads(cli("recommend", "--site", SITE, "--top", "2", "--format", "json").out)
    assert [o["rank"] for o in data["options"]] == [1, 2]


@pytest.mark.parametrize("fmt", ["table", "yaml", "csv", "markdown"])
def test_every_format_renders(cli, fmt: str) -> None:
    r = cli("recommend", "--site", SITE, "--format", fmt)
    assert r.code == 0 and r.out
    if fmt == "yaml":
        assert yaml.safe_load(r.out)["options"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.out)))
        assert rows[0]["rank"] == "1" and rows[0]["practice_id"]
    if fmt in ("table", "markdown"):
        assert "Exclosures" in r.out


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


BAD = [
    (
        ["--biome", "tropical_forest", "--degradation", "water_erosion", "--severity", "strong"],
        "unknown biome 'tropical_forest'; did you mean 'tropical_subtropical_moist_broadleaf_forests'?",
    ),
    (["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "sever"], "unknown severity 'sever'"),
    (["--biome", "mangroves", "--severity", "strong"], "missing required field 'degradation'"),
    (["--biome", "mangroves", "--degradation", "water_erosoin", "--severity", "strong"], "did you mean 'water_erosion'"),
    (
        ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--area", "-4"],
        "area_ha must be a number of hectares greater than 0, got -4",
    ),
    (
        ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--slope", "130"],
        "slope_pct must be a percentage between 0 and 100, got 130",
    ),
    (
        ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--discount-rate", "5"],
        "discount_rate must be a fraction between 0 and 1",
    ),
    (
        ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--country", "ETHI"],
        "country must be an ISO 3166-1 alpha-3 code",
    ),
    (
        ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--country", "ETJ"],
        "unknown country code 'ETJ'",
    ),
    (
        ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--priority", "beauty=2"],
        "unknown priority 'beauty'",
    ),
    (["--site", "does-not-exist.yaml"], "file not found"),
    (
        ["--biome", "mangroves", "--degradation", "water_erosion", "--severity", "strong", "--format", "pdf"],
        "--format must be one of",
    ),
]


@pytest.mark.parametrize("args,message", BAD, ids=[m[:30] for _, m in BAD])
def test_bad_input_gets_one_clear_line_and_exit_2(cli, args: list[str], message: str) -> None:
    r = cli("recommend", *args)
    assert r.code == 2
    assert message in r.err
    assert "Traceback" not in r.err and r.out == ""


def test_malformed_site_file_is_named_with_its_line(cli, tmp_path: Path) -> None:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\ndegradation: [water_erosion\nseverity: strong\n", encoding="utf-8")
    r = cli("recommend", "--site", f)
    assert r.code == 2 and f"{f}:" in r.err and "YAML syntax" in r.err


def test_unknown_site_field_suggests_the_right_one(cli, tmp_path: Path) -> None:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\nrainfal_mm: 300\n", encoding="utf-8")
    r = cli("recommend", "--site", f)
    assert r.code == 2 and "did you mean 'rainfall_mm'" in r.err


def test_explain_tells_why_a_practice_was_excluded(cli) -> None:
    r = cli("explain", "zai_pits", "--site", SITE)
    assert r.code == 0 and "EXCLUDED" in r.out and "[biome-mismatch]" in r.out
    r = cli("explain", "exclosures", "--site", SITE)
    assert "rank 1" in r.out and "effectiveness" in r.out
    r = cli("explain", "zai_pitz", "--site", SITE)
    assert r.code == 2 and "did you mean 'zai_pits'" in r.err


def test_list_and_show(cli) -> None:
    practices = json.loads(cli("practices", "list", "--format", "json").out)
    assert len(practices) >= 50 and all(p["case_studies"] and p["sources"] for p in practices)
    shown = json.loads(cli("practices", "show", "mangrove_restoration", "--format", "json").out)
    assert shown["id"] == "mangrove_restoration" and "costs" in shown
    assert "Mangroves" in cli("biomes", "list").out
    assert len(json.loads(cli("policies", "list", "--format", "json").out)) >= 15
    r = cli("biomes", "show", "mangrove")
    assert r.code == 2 and "did you mean 'mangroves'" in r.err


@pytest.mark.parametrize("name", ["practices", "biomes", "policies", "site", "rules", "regions", "vocabularies", "deflators"])
def test_schema_matches_the_committed_file(cli, name: str) -> None:
    committed = Path(__file__).resolve().parents[1] / "schema" / f"{name}.schema.json"
    printed = json.loads(cli("schema", name).out)
    assert printed == json.loads(committed.read_text(encoding="utf-8")), "run `landrestore schema NAME > schema/NAME.schema.json`"


def test_help_does_not_import_heavy_modules() -> None:
    code = "import sys; from landrestore.cli import app; sys.argv=['landrestore','--help']\ntry:\n    app()\nexcept SystemExit: pass\nprint(sorted(m for m in ('rich','pydantic','yaml','numpy','landrestore.models') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_recommend_json_does_not_import_numpy_or_build_models() -> None:
    code = (
        f"import sys; from landrestore.cli import main; sys.argv=['landrestore','recommend','--site',{str(SITE)!r},'--format','json']\n"
        "try:\n    main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('numpy','pydantic.main','landrestore.models','rich') if m in sys.modules), file=sys.stderr)"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)  # the first run fills the cache
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    json.loads(r.stdout)
    assert r.stderr.strip().splitlines()[-1] == "[]"


def test_module_entry_point() -> None:
    r = subprocess.run([sys.executable, "-m", "landrestore", "version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("landrestore ")


def _on_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run landrestore on a pseudo-terminal and return what it printed."""
    import os
    import pty

    pid, fd = pty.fork()
    if pid == 0:
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
    return out.decode("utf-8", "replace")


def test_colour_on_a_terminal_and_none_when_asked(tmp_path: Path) -> None:
    env = {"COLUMNS": "80", "TERM": "xterm-256color", "LANDRESTORE_CACHE_DIR": str(tmp_path)}
    assert "\x1b[" in _on_terminal(["recommend", "--site", str(SITE)], env)
    assert "\x1b[" not in _on_terminal(["recommend", "--site", str(SITE), "--no-color"], env)
    assert "\x1b[" not in _on_terminal(["recommend", "--site", str(SITE)], {**env, "NO_COLOR": "1"})


def test_table_fits_80_columns(tmp_path: Path) -> None:
    env = {"COLUMNS": "80", "TERM": "xterm", "NO_COLOR": "1", "LANDRESTORE_CACHE_DIR": str(tmp_path)}
    for lang in ("en", "zh"):
        text = _on_terminal(["recommend", "--site", str(SITE), "--lang", lang], env)
        from rich.cells import cell_len

        widths = [cell_len(line.rstrip("\r")) for line in text.splitlines()]
        assert max(widths) <= 80, (lang, max(widths))
