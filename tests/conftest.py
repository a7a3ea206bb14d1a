"""Shared fixtures: the real shipped catalogue, a private cache, an in-process CLI runner, and
golden files (rewrite them with ``pytest --update-golden`` after a deliberate change)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every run (a failure there is reproducible); local runs explore anew.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXAMPLES = ROOT / "examples"
CASES = ROOT / "tests" / "cases" / "sites"
GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files under tests/golden/.")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never read or write the user's cache, and never pick up a user's catalogue or locale.
    monkeypatch.setenv("LANDRESTORE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("LANDRESTORE_CONFIG_DIR", str(tmp_path_factory.getbasetemp() / "config"))
    monkeypatch.delenv("LANDRESTORE_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("LANDRESTORE_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LANDRESTORE_NO_PROMPT", "1")


@pytest.fixture(scope="session")
def catalog():
    from landrestore import load_catalog

    return load_catalog()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped catalogue to mutate."""
    import shutil

    dest = tmp_path / "catalogue"
    shutil.copytree(DATA, dest)
    return dest


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `landrestore ARGS...` in process, as a user would, through the real entry point."""
    from landrestore.cli import main

    def run(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["landrestore", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


#: Parts of an output that change from run to run or release to release, masked in golden files.
NORMALISE = [
    (re.compile(r"landrestore \d+\.\d+\.\d+\S*"), "landrestore VERSION"),
    (re.compile(r"\b20\d\d-\d\d-\d\d\b"), "DATE"),
    (re.compile(r'"digest": "[0-9a-f]+"'), '"digest": "DIGEST"'),
    (re.compile(r'"layers": \[[^\]]*\]', re.S), '"layers": ["LAYERS"]'),
]


def normalise(text: str) -> str:
    for pattern, repl in NORMALISE:
        text = pattern.sub(repl, text)
    return text


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare a text with tests/golden/NAME, or rewrite it with --update-golden."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        got = normalise(text)
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(got, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path.name}; run `pytest --update-golden` once and review it"
        want = path.read_text(encoding="utf-8")
        assert got == want, f"{name} differs from its golden file; if the change is deliberate, run `pytest --update-golden`"

    return check
