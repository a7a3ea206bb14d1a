"""Guided input: a person at a terminal is asked for what is missing; a script never is. And the
commented site file of `landrestore site new`."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import yaml

from landrestore.cli.guided import Asker, ask_missing, site_template
from landrestore.model import vocab
from landrestore.render.i18n import Translator


def scripted(answers: list[str]):
    said: list[str] = []
    queue = list(answers)

    def read(prompt: str) -> str:
        said.append(prompt)
        return queue.pop(0)

    return read, said


def test_answers_by_number_name_and_typo(catalog) -> None:
    read, said = scripted(
        [
            "montane grassland",  # biome by a loose name -> did you mean?  (the required facts first)
            "y",
            "water erosion, vegetaton_loss",  # degradation, one misspelt
            "y",
            "strong",
            "eth",  # country, lower case
            "",  # region: accept the suggestion from the country
            "550",  # rainfall
            "",  # aridity: accept the suggestion from the rainfall
            "25",  # slope
            "2",  # land use by number: grazing_land
            "120",
            "",  # budget skipped
        ]
    )
    out: list[str] = []
    site = ask_missing({}, catalog, Asker(Translator("en", catalog), read=read, write=out.append))
    assert site["country"] == "ETH" and site["region"] == "africa"
    assert site["biome"] == "montane_grasslands_shrublands"
    assert site["aridity"] == "semi_arid" and site["land_use"] == "grazing_land"
    assert site["degradation"] == ["water_erosion", "vegetation_loss"] and site["severity"] == "strong"
    assert site["area_ha"] == 120 and "budget_usd" not in site
    assert any("Montane Grasslands & Shrublands" in line for line in out), "choices are listed by their plain names"
    assert any("[Africa]" in p for p in said) and any("[semi-arid]" in p for p in said), "defaults are shown by name"
    assert said[0].startswith("Biome"), "the required facts are asked first"


def test_the_answers_make_a_valid_site(catalog) -> None:
    from landrestore.api import recommend_data

    read, _ = scripted(["mangroves", "water_erosion", "strong", "VNM", "", "1800", "", "1", "wetland", "50", ""])
    site = ask_missing({}, catalog, Asker(Translator("en", catalog), read=read, write=lambda _: None))
    assert recommend_data(site, catalog)["options"][0]["practice_id"] == "mangrove_restoration"


def test_known_facts_are_not_asked_again(catalog) -> None:
    read, said = scripted([""] * 7)
    given = {"country": "ETH", "biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}
    site = ask_missing(given, catalog, Asker(Translator("en", catalog), read=read, write=lambda _: None))
    assert {k: site[k] for k in given} == given
    asked = " ".join(said)
    assert "Biome" not in asked and "Severity" not in asked and "Country" not in asked


def test_required_question_repeats_until_answered(catalog) -> None:
    read, said = scripted(["", "", "xyzzy", "1"])
    asker = Asker(Translator("en", catalog), read=read, write=lambda _: None)
    assert asker.choice("severity", vocab.SEVERITIES, "severity", required=True) == "light"
    assert len(said) == 4


def test_a_number_out_of_range_is_asked_again(catalog) -> None:
    read, said = scripted(["150", "lots", "12,5"])
    out: list[str] = []
    asker = Asker(Translator("en", catalog), read=read, write=out.append)
    assert asker.number("slope_pct", 0, 100) == 12.5
    assert len(said) == 3 and sum("Please give a number: 0-100." in line for line in out) == 2


def test_questions_in_chinese(catalog) -> None:
    read, said = scripted(["1"])
    out: list[str] = []
    Asker(Translator("zh", catalog), read=read, write=out.append).choice("severity", vocab.SEVERITIES, "severity", True)
    assert any("轻度" in line for line in out) and "退化程度" in said[0]


def test_site_template_is_valid_yaml_and_lists_the_ids(cli, tmp_path: Path) -> None:
    f = tmp_path / "site.yaml"
    r = cli("site", "new", f)
    assert r.code == 0 and r.out == "" and f"landrestore recommend --site {f}" in r.err
    text = f.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["horizon_years"] == 20 and data["degradation"] == []
    for ids in (vocab.BIOMES, vocab.DEGRADATION_TYPES, vocab.LAND_USES, vocab.ARIDITY_ZONES):
        assert all(i in text for i in ids)


def test_site_new_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    f = tmp_path / "site.yaml"
    f.write_text("biome: mangroves\n# my notes\n", encoding="utf-8")
    r = cli("site", "new", f)
    assert r.code == 2 and r.err.count("\n") == 1 and "exists" in r.err and "--force" in r.err
    assert f.read_text(encoding="utf-8") == "biome: mangroves\n# my notes\n"
    r = cli("site", "new", f, "--force")
    assert r.code == 0 and yaml.safe_load(f.read_text(encoding="utf-8"))["horizon_years"] == 20


def test_filled_template_gives_advice(cli, tmp_path: Path) -> None:
    text = (
        site_template()
        .replace("biome: \n", "biome: mangroves\n")
        .replace("degradation: []", "degradation: [water_erosion]")
        .replace("severity: \n", "severity: strong\n")
    )
    f = tmp_path / "site.yaml"
    f.write_text(text, encoding="utf-8")
    r = cli("recommend", "--site", f, "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["options"][0]["practice_id"] == "mangrove_restoration"


def _env(**extra: str) -> dict[str, str]:
    """The environment of a child run: the test's private cache, and prompts allowed."""
    env = {k: v for k, v in os.environ.items() if k != "LANDRESTORE_NO_PROMPT"}
    return {**env, **extra}


def test_no_terminal_no_prompt() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "landrestore", "recommend", "--biome", "mangroves"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == "error: missing required field 'degradation' (give it in the site file or with --degradation)\n"


def test_terminal_session_from_empty_to_advice() -> None:
    """A person types answers at a real (pseudo) terminal and gets the table."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child: landrestore on the terminal
        os.execvpe(
            sys.executable, [sys.executable, "-m", "landrestore", "recommend", "--top", "3"], _env(COLUMNS="80", NO_COLOR="1")
        )
    answers = ["mangroves", "water_erosion", "strong", "VNM", "", "1800", "", "1", "wetland", "50", ""]
    seen = b""
    deadline = time.time() + 60
    try:
        for answer in answers:
            while not seen.rstrip().endswith((b":", b"]", b")")) and time.time() < deadline:
                ready, _, _ = select.select([fd], [], [], 1)
                if ready:
                    try:
                        seen += os.read(fd, 65536)
                    except OSError:
                        break
            os.write(fd, answer.encode() + b"\n")
            seen += b"\n"
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    text = seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text[-2000:]
    assert "Some facts about the site are missing" in text and "Biome" in text
    assert "Restoration options: Mangroves" in text and "Mangrove restoration" in text
    assert "[Asia" in text, "the region is suggested from the country"
    assert "Traceback" not in text
