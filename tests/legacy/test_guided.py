"""Guided input: a person at a terminal is asked for what is missing; a script never is."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import yaml
from landrestore.guided import Asker, ask_missing, site_template
from landrestore.i18n import Translator


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
            "eth",  # country, lower case
            "",  # region: accept the suggestion from the country
            "montane grassland",  # biome by a loose name -> did you mean?
            "y",
            "550",  # rainfall
            "",  # aridity: accept the suggestion from the rainfall
            "25",  # slope
            "2",  # land use by number: grazing_land
            "water erosion, vegetaton_loss",  # degradation, one misspelt
            "y",
            "strong",
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
    assert any("montane grasslands shrublands" in line for line in out), "choices are listed by their plain names"
    assert any("[africa]" in p for p in said) and any("[semi arid]" in p for p in said), "defaults are shown"


def test_required_question_repeats_until_answered(catalog) -> None:
    read, said = scripted(["", "", "xyzzy", "1"])
    asker = Asker(Translator("en", catalog), read=read, write=lambda _: None)
    from landrestore import vocab

    assert asker.choice("severity", vocab.SEVERITIES, "severity", required=True) == "light"
    assert len(said) == 4


def test_questions_in_chinese(catalog) -> None:
    read, said = scripted(["1"])
    out: list[str] = []
    from landrestore import vocab

    Asker(Translator("zh", catalog), read=read, write=out.append).choice("severity", vocab.SEVERITIES, "severity", True)
    assert any("轻度" in line for line in out) and "退化程度" in said[0]


def test_site_template_is_valid_yaml_and_lists_the_ids(cli, tmp_path: Path) -> None:
    f = tmp_path / "site.yaml"
    r = cli("site", "new", f)
    assert r.code == 0
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    assert data["horizon_years"] == 20 and data["degradation"] == []
    assert "mangroves" in f.read_text(encoding="utf-8")
    again = cli("site", "new", f)
    assert again.code == 2 and "exists" in again.err


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
    assert r.code == 0 and json.loads(r.out)["options"][0]["practice_id"] == "mangrove_restoration"


def test_no_terminal_no_prompt(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "landrestore", "recommend", "--biome", "mangroves"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "missing required field 'degradation'" in r.stderr


def test_terminal_session_from_empty_to_advice(tmp_path: Path) -> None:
    """A person types answers at a real (pseudo) terminal and gets the table."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: landrestore on the terminal
        env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "LANDRESTORE_CACHE_DIR": str(tmp_path / "cache")}
        os.execvpe(sys.executable, [sys.executable, "-m", "landrestore", "recommend", "--top", "3"], env)
    answers = ["VNM", "", "mangroves", "1800", "", "1", "wetland", "water_erosion", "strong", "50", ""]
    seen = b""
    deadline = time.time() + 90
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
    text = seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text[-2000:]
    assert "Biome" in text and "Mangrove" in text
    assert "Traceback" not in text
