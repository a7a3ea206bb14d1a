"""`landrestore validate`: every kind of fault, injected into a copy of the real catalogue, is
reported at the line where it is."""

from __future__ import annotations

import json
from pathlib import Path

from landrestore.validate import validate_paths


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def line_no(lines: list[str], text: str, after: int = 0) -> int:
    """1-based number of the first line at or after `after` (1-based) that starts with `text`."""
    for i in range(max(after - 1, 0), len(lines)):
        if lines[i].startswith(text):
            return i + 1
    raise AssertionError(f"{text!r} not found")


def block(lines: list[str], pid: str) -> tuple[int, int]:
    """First and last line of a practice entry."""
    start = line_no(lines, f"- id: {pid}\n")
    nxt = next((i + 1 for i in range(start, len(lines)) if lines[i].startswith("- id: ")), len(lines) + 1)
    return start, nxt - 1


def findings(path: Path, code: str) -> list:
    return [d for d in validate_paths([path]) if d.code == code]


def errors(diags: list) -> list:
    return [d for d in diags if d.severity == "error"]


def test_the_shipped_catalogue_is_clean() -> None:
    diags = validate_paths()
    assert errors(diags) == []
    # Warnings are allowed but must stay rare: each is a source readers cannot check.
    assert {d.code for d in diags} <= {"source-not-findable"} and len(diags) <= 3


def test_a_clean_copy_is_clean(data_copy: Path) -> None:
    assert errors(validate_paths([data_copy])) == []


def mutate(data_copy: Path, edit) -> tuple[Path, int]:
    f = data_copy / "practices.yaml"
    lines = lines_of(f)
    expected = edit(lines)
    f.write_text("".join(lines), encoding="utf-8")
    return f, expected


def test_yaml_syntax_error(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines[n - 1] = "  name: [unclosed\n"
        return n

    f, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "yaml-syntax")
    assert d.path == str(f) and d.line in (n, n + 1)


def test_duplicate_key(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines.insert(n, "  name: Stone lines again\n")
        return n + 1

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "duplicate-key")
    assert (d.line, d.column) == (n, 3) and "'name'" in d.message


def test_unknown_vocabulary_id_names_the_closest(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "  intervention: rehabilitation", s)
        lines[n - 1] = "  intervention: rehabilitaton\n"
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "unknown-id")
    assert d.line == n and "did you mean 'rehabilitation'" in d.message


def test_unknown_biome_in_a_list(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "    biomes: [", s)
        lines[n - 1] = lines[n - 1].replace("deserts_xeric_shrublands", "desert_shrublands")
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "unknown-id")
    assert d.line == n and "deserts_xeric_shrublands" in d.message


def test_unknown_policy_instrument_across_files(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "  policy_instruments: [", s)
        lines[n - 1] = lines[n - 1].replace("land_tenure_security", "land_tenure_securty")
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "unknown-id")
    assert d.line == n and "land_tenure_security" in d.message


def test_duplicate_practice_id(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "- id: earth_bunds")
        lines[n - 1] = "- id: stone_bunds\n"
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "duplicate-id")
    assert d.line == n


def test_disordered_range(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "    establishment_per_ha:", s)
        lines[n - 1] = "    establishment_per_ha: {low: 500, typical: 250, high: 425}\n"
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "range-disordered")
    assert d.line == n


def test_negative_cost(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "    maintenance_per_ha_year:", s)
        lines[n - 1] = "    maintenance_per_ha_year: {low: -5, typical: 15, high: 30}\n"
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "negative-cost")
    assert d.line == n and "-5" in d.message


def test_cost_without_source(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        costs = line_no(lines, "  costs:", s)
        src = line_no(lines, "    source:", costs)
        del lines[src - 1]
        est = line_no(lines, "    estimate: true", costs)
        lines[est - 1] = "    estimate: false\n"
        return costs

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "missing-source")
    assert d.line == n and "costs" in d.message


def test_estimate_without_reasoning(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        costs = line_no(lines, "  costs:", s)
        note = line_no(lines, "    note: >-", costs)
        timing = line_no(lines, "  timing:", costs)
        del lines[note - 1 : timing - 1]
        return line_no(lines, "    estimate: true", costs)

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "estimate-without-reasoning")
    assert d.line == n


def test_missing_case_study(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        cs = line_no(lines, "  case_studies:", s)
        src = line_no(lines, "  sources:", cs)
        del lines[cs - 1 : src - 1]
        return s

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "missing-field")
    assert d.line == n and "case_studies" in d.message


def test_missing_translation(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        tr = line_no(lines, "  translations:", s)
        zh = line_no(lines, "    zh:", tr)
        fr = line_no(lines, "    fr:", tr)
        del lines[zh - 1 : fr - 1]
        return tr

    _, n = mutate(data_copy, edit)
    found = findings(data_copy, "missing-translation")
    assert {d.line for d in found} == {n} and {"zh name", "zh summary"} <= {
        m for d in found for m in ("zh name", "zh summary") if m in d.message
    }


def test_unknown_source_key(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        costs = line_no(lines, "  costs:", s)
        n = line_no(lines, "    source:", costs)
        lines[n - 1] = "    source: ifad_psces_2005\n"
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "unknown-source")
    assert d.line == n and "ifad_psces_2004" in d.message


def test_unknown_field_points_at_the_key(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines.insert(n, "  summmary: typo\n")
        return n + 1

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "unknown-field")
    assert (d.line, d.column) == (n, 3) and "summary" in d.message


def test_aliases_are_refused(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "    aridity: [", s)
        lines[n - 1] = "    aridity: &zones [arid, semi_arid]\n"
        lines.insert(n, "    aridity_copy: *zones\n")
        return n

    _, n = mutate(data_copy, edit)
    (d,) = findings(data_copy, "anchor-not-allowed")
    assert d.line == n


def test_every_finding_in_one_run(data_copy: Path) -> None:
    f = data_copy / "practices.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("  intervention: rehabilitation\n", "  intervention: rehab\n", 1)
    text = text.replace("- id: earth_bunds\n", "- id: stone_bunds\n", 1)
    (data_copy / "policies.yaml").write_text(
        (data_copy / "policies.yaml")
        .read_text(encoding="utf-8")
        .replace("- id: fire_governance\n", "- id: fire_governance\n  colour: red\n", 1),
        encoding="utf-8",
    )
    f.write_text(text, encoding="utf-8")
    codes = {d.code for d in validate_paths([data_copy])}
    assert {"unknown-id", "duplicate-id", "unknown-field"} <= codes


def test_cli_exit_codes_and_formats(cli, data_copy: Path) -> None:
    ok = cli("validate")
    assert ok.code == 0 and "catalogue is valid" in ok.err
    (data_copy / "practices.yaml").write_text(
        (data_copy / "practices.yaml").read_text(encoding="utf-8").replace("- id: earth_bunds\n", "- id: stone_bunds\n", 1),
        encoding="utf-8",
    )
    bad = cli("validate", data_copy)
    assert bad.code == 1
    first = bad.out.splitlines()[0]
    path, line, col, rest = first.split(":", 3)
    assert path.endswith("practices.yaml") and int(line) > 0 and int(col) > 0 and "[duplicate-id]" in rest
    js = json.loads(cli("validate", data_copy, "--format", "json").out)
    assert js["status"] == "fail" and js["diagnostics"][0]["code"] == "duplicate-id"
    gh = cli("validate", data_copy, "--format", "github").out
    assert gh.startswith("::error file=") and ",line=" in gh


def test_missing_path_is_a_finding(cli, tmp_path: Path) -> None:
    r = cli("validate", tmp_path / "nope")
    assert r.code == 1 and "no such file" in r.out


def test_a_national_catalogue_overrides_costs_without_copying(tmp_path: Path, cli) -> None:
    nat = tmp_path / "national"
    nat.mkdir()
    (nat / "catalog.yaml").write_text('name: Ethiopia SLM catalogue\nversion: "1"\n', encoding="utf-8")
    (nat / "practices.yaml").write_text(
        """- id: stone_bunds
  costs:
    currency: USD
    year: 2020
    country: ETH
    establishment_per_ha: {low: 150, typical: 300, high: 600}
    maintenance_per_ha_year: {low: 10, typical: 20, high: 40}
    labour_share: 0.8
    source: moa_2020
    note: Ministry field survey
  sources:
    - {id: moa_2020, title: National SLM cost survey, year: 2020, url: "https://example.org/survey"}
""",
        encoding="utf-8",
    )
    assert errors(validate_paths([nat])) == []
    from landrestore import load_catalog

    cat = load_catalog(nat)
    assert cat.practices["stone_bunds"]["costs"]["establishment_per_ha"]["typical"] == 300
    assert cat.practices["stone_bunds"]["case_studies"], "the rest of the practice is kept"
    assert len(cat.practices) == len(load_catalog().practices)
    r = cli("practices", "show", "stone_bunds", "--format", "json", "--data", nat)
    assert json.loads(r.out)["costs"]["typical" if False else "establishment_per_ha"]["typical"] == 300


def test_a_national_override_is_checked_at_its_own_line(tmp_path: Path) -> None:
    nat = tmp_path / "national"
    nat.mkdir()
    (nat / "practices.yaml").write_text("- id: stone_bunds\n  intervention: rehabilitaion\n", encoding="utf-8")
    (d,) = errors(validate_paths([nat]))
    assert d.path.endswith("national/practices.yaml") and d.line == 2 and "rehabilitation" in d.message


def test_validate_reports_translation_coverage(cli) -> None:
    r = cli("validate", "--format", "json")
    cov = json.loads(r.out)["translation_coverage"]
    assert cov["zh"]["practices"] == "names 100%, summaries 100%"
    assert cov["fr"]["policies"].startswith("names 100%")
    assert "translations zh: practices names 100%, summaries 100%" in cli("validate").err
