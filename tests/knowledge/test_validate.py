"""`landrestore validate`: every kind of fault, injected into a copy of the real catalogue, is
reported at the file, line and column where it is."""

from __future__ import annotations

import json
from pathlib import Path

from landrestore.knowledge.validate import validate_paths


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def line_no(lines: list[str], text: str, after: int = 0) -> int:
    """1-based number of the first line at or after `after` (1-based) that starts with `text`."""
    for i in range(max(after - 1, 0), len(lines)):
        if lines[i].startswith(text):
            return i + 1
    raise AssertionError(f"{text!r} not found")


def col_of(lines: list[str], n: int, text: str) -> int:
    """1-based column where `text` starts on line n."""
    i = lines[n - 1].index(text)
    return i + 1


def block(lines: list[str], pid: str) -> tuple[int, int]:
    """First and last line of a practice entry."""
    start = line_no(lines, f"- id: {pid}\n")
    nxt = next((i + 1 for i in range(start, len(lines)) if lines[i].startswith("- id: ")), len(lines) + 1)
    return start, nxt - 1


def findings(path: Path, code: str) -> list:
    return [d for d in validate_paths([path]) if d.code == code]


def errors(diags: list) -> list:
    return [d for d in diags if d.severity == "error"]


def mutate(data_copy: Path, edit, name: str = "practices.yaml") -> tuple[Path, tuple[int, int]]:
    """Apply `edit` to the lines of a catalogue file; it returns where the fault is (line, column)."""
    f = data_copy / name
    lines = lines_of(f)
    expected = edit(lines)
    f.write_text("".join(lines), encoding="utf-8")
    return f, expected


def only(data_copy: Path, code: str):
    """The one error of the catalogue, which must have this code."""
    found = errors(validate_paths([data_copy]))
    assert [d.code for d in found] == [code], [d.parsable() for d in found]
    return found[0]


# --- the shipped catalogue ---------------------------------------------------------------------------


def test_the_shipped_catalogue_is_clean() -> None:
    diags = validate_paths()
    assert errors(diags) == [], [d.parsable() for d in errors(diags)]
    # Warnings are allowed but must stay rare: each is a source readers cannot check.
    assert {d.code for d in diags} <= {"source-not-findable"} and len(diags) <= 3


def test_a_clean_copy_is_clean(data_copy: Path) -> None:
    assert errors(validate_paths([data_copy])) == []


# --- one fault at a time, at its exact place ------------------------------------------------------------


def test_yaml_syntax_error_at_the_character(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines[n - 1] = "  name: Contour: stone bunds\n"
        return n, col_of(lines, n, ": stone")

    f, (n, c) = mutate(data_copy, edit)
    (d,) = findings(data_copy, "yaml-syntax")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "mapping values are not allowed" in d.message


def test_a_file_that_cannot_be_read_causes_no_other_findings(data_copy: Path) -> None:
    """A syntax error in practices.yaml is the one thing to fix: the rules that name its practices
    are not 'unknown practice' findings because the file could not be read."""

    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines[n - 1] = "  name: Contour: stone bunds\n"
        return n, 0

    mutate(data_copy, edit)
    found = errors(validate_paths([data_copy]))
    assert [d.code for d in found] == ["yaml-syntax"], [d.parsable() for d in found][:4]


def test_an_unclosed_bracket_is_found_where_it_opens(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines[n - 1] = "  name: [unclosed\n"
        return n, col_of(lines, n, "[")

    f, (n, c) = mutate(data_copy, edit)
    (d,) = findings(data_copy, "yaml-syntax")
    assert d.path == str(f)
    assert (d.line, d.column) == (n, c) or f"line {n}" in d.message, (
        f"the finding is at {d.line}:{d.column} ({d.message}); the '[' that is never closed is at {n}:{c}"
    )


def test_duplicate_key(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines.insert(n, "  name: Stone lines again\n")
        return n + 1, 3

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "duplicate-key")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "'name'" in d.message


def test_unknown_vocabulary_id_names_the_closest(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "  intervention: rehabilitation", s)
        lines[n - 1] = "  intervention: rehabilitaton\n"
        return n, col_of(lines, n, "rehabilitaton")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "unknown-id")
    assert (d.path, d.line, d.column) == (str(f), n, c)
    assert "'rehabilitaton'" in d.message and "did you mean 'rehabilitation'" in d.message


def test_unknown_biome_in_a_list(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "    biomes: [", s)
        lines[n - 1] = lines[n - 1].replace("deserts_xeric_shrublands", "desert_shrublands")
        return n, col_of(lines, n, "desert_shrublands")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "unknown-id")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "did you mean 'deserts_xeric_shrublands'" in d.message


def test_unknown_policy_instrument_across_files(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "  policy_instruments: [", s)
        lines[n - 1] = lines[n - 1].replace("land_tenure_security", "land_tenure_securty")
        return n, col_of(lines, n, "land_tenure_securty")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "unknown-id")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "did you mean 'land_tenure_security'" in d.message


def test_duplicate_practice_id(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "- id: earth_bunds")
        lines[n - 1] = "- id: stone_bunds\n"
        return n, col_of(lines, n, "stone_bunds")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "duplicate-id")
    first = block(lines_of(f), "stone_bunds")[0]
    assert (d.path, d.line, d.column) == (str(f), n, c) and f"first at line {first}" in d.message


def test_disordered_range(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "      value: {low: 40, typical: 40, high: 40}", s)
        lines[n - 1] = "      value: {low: 40, typical: 60, high: 50}\n"
        return n, col_of(lines, n, "{")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "range-disordered")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "benefits[0].value: low <= typical <= high" in d.message


def test_first_benefit_after_the_full_effect(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        t = line_no(lines, "  timing:", s)
        n = line_no(lines, "    first_benefit_years: 1", t)
        lines[n - 1] = "    first_benefit_years: 7\n"
        return n, col_of(lines, n, "7")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "range-disordered")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "timing" in d.message


def test_figures_without_a_source(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        t = line_no(lines, "  timing:", s)
        del lines[line_no(lines, "    source:", t) - 1]
        est = line_no(lines, "    estimate: true", t)
        lines[est - 1] = "    estimate: false\n"
        return t, 3

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "missing-source")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "timing" in d.message


def test_estimate_without_reasoning(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        t = line_no(lines, "  timing:", s)
        note = line_no(lines, "    note: >-", t)
        benefits = line_no(lines, "  benefits:", t)
        del lines[note - 1 : benefits - 1]
        n = line_no(lines, "    estimate: true", t)
        return n, col_of(lines, n, "true")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "estimate-without-reasoning")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "timing" in d.message


def test_missing_case_study(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        cs = line_no(lines, "  case_studies:", s)
        src = line_no(lines, "  sources:", cs)
        del lines[cs - 1 : src - 1]
        return s, 3

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "missing-field")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "case_studies" in d.message


def test_missing_translation(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        tr = line_no(lines, "  translations:", s)
        zh = line_no(lines, "    zh:", tr)
        fr = line_no(lines, "    fr:", tr)
        del lines[zh - 1 : fr - 1]
        return tr, 3

    f, (n, c) = mutate(data_copy, edit)
    found = findings(data_copy, "missing-translation")
    assert {(d.path, d.line, d.column) for d in found} == {(str(f), n, c)}
    assert {"zh name", "zh summary"} <= {m for d in found for m in ("zh name", "zh summary") if m in d.message}


def test_unknown_source_key_names_the_closest(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        t = line_no(lines, "  timing:", s)
        n = line_no(lines, "    source: unep_sourcebook_1998", t)
        lines[n - 1] = "    source: unep_sourcebook_1989\n"
        return n, col_of(lines, n, "unep_sourcebook_1989")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "unknown-source")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "did you mean 'unep_sourcebook_1998'" in d.message


def test_an_unknown_case_study_source_names_the_closest_too(data_copy: Path) -> None:
    """The first case study of stone_bunds cites a source key; one letter dropped from it is found
    where it is, with the real key suggested."""
    found: dict[str, str] = {}

    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        cs = line_no(lines, "  case_studies:", s)
        n = line_no(lines, "      source: ", cs)
        key = lines[n - 1].split("source:", 1)[1].strip()
        found["key"] = key
        lines[n - 1] = f"      source: {key[:-1]}\n"
        return n, col_of(lines, n, key[:-1])

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "unknown-source")
    assert (d.path, d.line, d.column) == (str(f), n, c)
    assert f"did you mean '{found['key']}'" in d.message, d.message


def test_unknown_field_points_at_the_key(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  name: Contour stone bunds")
        lines.insert(n, "  summmary: typo\n")
        return n + 1, 3

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "unknown-field")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "did you mean 'summary'" in d.message


def test_aliases_are_refused(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "    aridity: [", s)
        lines[n - 1] = "    aridity: &zones [arid, semi_arid]\n"
        lines.insert(n, "    aridity_copy: *zones\n")
        return n, col_of(lines, n, "&zones")

    f, (n, c) = mutate(data_copy, edit)
    (d,) = findings(data_copy, "anchor-not-allowed")
    assert (d.path, d.line, d.column) == (str(f), n, c)


def test_a_suitability_range_must_hold_its_optimal_range(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        r = line_no(lines, "    rainfall_mm:", s)
        n = line_no(lines, "      absolute: [200, 2000]", r)
        lines[n - 1] = "      absolute: [300, 2000]\n"  # the optimal range starts at 200
        return r, n

    f, (r, n) = mutate(data_copy, edit)
    found = errors(validate_paths([data_copy]))
    assert len(found) == 1, [d.parsable() for d in found]
    (d,) = found
    assert d.path == str(f) and r <= d.line <= n, d.parsable()
    assert "rainfall_mm" in d.message and "[300.0, 2000.0]" in d.message and "[200.0, 1100.0]" in d.message


def test_requires_an_unknown_requirement(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "    requires: [watercourse]")
        lines[n - 1] = "    requires: [water_course]\n"
        return n, col_of(lines, n, "water_course")

    f, (n, c) = mutate(data_copy, edit)
    d = only(data_copy, "unknown-id")
    assert (d.path, d.line, d.column) == (str(f), n, c)
    assert "unknown requirement 'water_course'" in d.message and "did you mean 'watercourse'" in d.message


def test_an_unknown_rule_effect_is_an_error(data_copy: Path) -> None:
    def edit(lines):
        s = line_no(lines, "- id: extreme-not-avoid")
        n = line_no(lines, "  effect: exclude", s)
        lines[n - 1] = "  effect: exclud\n"
        return n, col_of(lines, n, "exclud")

    f, (n, c) = mutate(data_copy, edit, "rules.yaml")
    d = only(data_copy, "unknown-id")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "'exclud'" in d.message and "did you mean 'exclude'" in d.message


def test_an_unknown_condition_operator_is_an_error(data_copy: Path) -> None:
    def edit(lines):
        s = line_no(lines, "- id: extreme-not-avoid")
        n = line_no(lines, "  when: {severity: {in: [extreme]}}", s)
        lines[n - 1] = "  when: {severity: {inside: [extreme]}}\n"
        return n, col_of(lines, n, "inside")

    f, (n, c) = mutate(data_copy, edit, "rules.yaml")
    d = only(data_copy, "unknown-field")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "'inside'" in d.message


def test_a_rule_testing_an_unknown_id_names_the_closest(data_copy: Path) -> None:
    def edit(lines):
        s = line_no(lines, "- id: extreme-not-avoid")
        n = line_no(lines, "  when: {severity: {in: [extreme]}}", s)
        lines[n - 1] = "  when: {severity: {in: [extrem]}}\n"
        return n, col_of(lines, n, "extrem]")

    f, (n, c) = mutate(data_copy, edit, "rules.yaml")
    d = only(data_copy, "unknown-id")
    assert (d.path, d.line, d.column) == (str(f), n, c) and "did you mean 'extreme'" in d.message


# --- many faults, the command line, user catalogues --------------------------------------------


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
    (data_copy / "rules.yaml").write_text(
        (data_copy / "rules.yaml").read_text(encoding="utf-8").replace("  effect: exclude\n", "  effect: exclud\n", 1),
        encoding="utf-8",
    )
    diags = errors(validate_paths([data_copy]))
    assert {"unknown-id", "duplicate-id", "unknown-field"} <= {d.code for d in diags}
    assert {Path(d.path).name for d in diags} == {"practices.yaml", "policies.yaml", "rules.yaml"}


def test_cli_exit_codes_and_formats(cli, data_copy: Path) -> None:
    ok = cli("validate")
    assert ok.code == 0 and "catalogue is valid" in ok.err
    (data_copy / "practices.yaml").write_text(
        (data_copy / "practices.yaml").read_text(encoding="utf-8").replace("- id: earth_bunds\n", "- id: stone_bunds\n", 1),
        encoding="utf-8",
    )
    bad = cli("validate", data_copy)
    assert bad.code == 1 and "1 error(s)" in bad.err
    first = bad.out.splitlines()[0]
    path, line, col, rest = first.split(":", 3)
    assert path == str(data_copy / "practices.yaml") and int(line) > 0 and int(col) > 0 and "[duplicate-id]" in rest
    js = json.loads(cli("validate", data_copy, "--format", "json").out)
    assert js["status"] == "fail" and js["diagnostics"][0]["code"] == "duplicate-id"
    gh = cli("validate", data_copy, "--format", "github").out
    assert gh.startswith(f"::error file={data_copy / 'practices.yaml'},line={line},col={col}")


def test_missing_path_is_a_finding(cli, tmp_path: Path) -> None:
    r = cli("validate", tmp_path / "nope")
    assert r.code == 1 and f"{tmp_path / 'nope'}:1:1: error [file-not-found]" in r.out


def test_a_national_catalogue_overrides_fields_without_copying(tmp_path: Path, cli, catalog) -> None:
    nat = tmp_path / "national"
    nat.mkdir()
    (nat / "catalog.yaml").write_text('name: Ethiopia SLM catalogue\nversion: "1"\n', encoding="utf-8")
    (nat / "practices.yaml").write_text(
        "- id: stone_bunds\n  name: Stone bunds (kab)\n  translations:\n    zh: {name: 石埂, summary: 沿等高线堆砌的石埂}\n",
        encoding="utf-8",
    )
    assert errors(validate_paths([nat])) == []
    from landrestore import load_catalog

    cat = load_catalog(nat)
    assert cat.practices["stone_bunds"]["name"] == "Stone bunds (kab)"
    assert cat.practices["stone_bunds"]["case_studies"] == catalog.practices["stone_bunds"]["case_studies"], "the rest is kept"
    assert cat.practices["stone_bunds"]["translations"]["fr"] == catalog.practices["stone_bunds"]["translations"]["fr"]
    assert len(cat.practices) == len(catalog.practices)
    r = cli("practices", "show", "stone_bunds", "--format", "json", "--data", nat)
    assert json.loads(r.out)["name"] == "Stone bunds (kab)"


def test_a_national_override_is_checked_at_its_own_line(tmp_path: Path) -> None:
    nat = tmp_path / "national"
    nat.mkdir()
    (nat / "practices.yaml").write_text("- id: stone_bunds\n  intervention: rehabilitaion\n", encoding="utf-8")
    (d,) = errors(validate_paths([nat]))
    assert (d.path, d.line, d.column) == (str(nat / "practices.yaml"), 2, 17) and "rehabilitation" in d.message


def test_validate_reports_translation_coverage(cli) -> None:
    r = cli("validate", "--format", "json")
    cov = json.loads(r.out)["translation_coverage"]
    assert cov["zh"]["practices"] == "names 100%, summaries 100%"
    assert cov["fr"]["policies"].startswith("names 100%")
    assert "translations zh: practices names 100%, summaries 100%" in cli("validate").err


def test_absurd_and_non_finite_numbers_are_refused_with_their_field(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "zai_pits")
        n = line_no(lines, "          value:", s)
        lines[n - 1] = "          value: 1e308\n"
        return n, 0

    f, (n, _) = mutate(data_copy, edit)
    found = [d for d in errors(validate_paths([data_copy])) if d.code == "schema"]
    assert found and found[0].line == n and "value" in found[0].message, [d.parsable() for d in found]


def test_a_price_level_of_1e300_is_refused(data_copy: Path) -> None:
    def edit(lines):
        n = line_no(lines, "  - {iso3: ETH,")
        lines[n - 1] = lines[n - 1].replace("cost_level: 0.352", "cost_level: 1.0e+300")
        return n, col_of(lines, n, "cost_level: 1.0e+300")

    mutate(data_copy, edit, "regions.yaml")
    found = [d for d in errors(validate_paths([data_copy])) if "cost_level" in d.message]
    assert found and "10" in found[0].message, [d.parsable() for d in errors(validate_paths([data_copy]))]


def test_nan_and_infinity_are_refused(data_copy: Path) -> None:
    def edit(lines):
        s, _ = block(lines, "stone_bunds")
        n = line_no(lines, "      value: {low:", s)
        lines[n - 1] = "      value: {low: .nan, typical: .inf, high: .inf}\n"
        return n, 0

    f, (n, _) = mutate(data_copy, edit)
    found = [d for d in errors(validate_paths([data_copy])) if d.line == n]
    assert found and all(d.code == "schema" for d in found), [d.parsable() for d in errors(validate_paths([data_copy]))]
