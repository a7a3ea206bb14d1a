"""The report a field officer hands on: self-contained, escaped, and right in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES

SITE = EXAMPLES / "tigray-hillside.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def make_report(cli, tmp_path: Path, *extra: str, name: str = "report.html") -> Path:
    out = tmp_path / name
    r = cli("report", "--site", SITE, "-o", out, *extra)
    assert r.code == 0, r.err
    return out


def test_html_is_self_contained_and_has_the_parts(cli, tmp_path: Path) -> None:
    html = make_report(cli, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in html.lower(), "no script at all"
    assert not re.search(r'(src|href)="(?!https?://|#)', html), "nothing is loaded from elsewhere"
    assert not re.search(r"(src)=\"https?://", html) and "@import" not in html and "url(" not in html, "no external resources"
    for part in (
        "Exclosures (area closure)",
        "Cost against score",
        "Cumulative cost",
        "Monitoring, reporting and verification",
        "Policy instruments",
        "Case study",
        "Sources",
        "2026.11",
    ):
        assert part in html
    assert html.count("<svg") == 2 and "@page { size: A4" in html and "@media print" in html


def test_markdown_report(cli, tmp_path: Path) -> None:
    md = make_report(cli, tmp_path, name="report.md").read_text(encoding="utf-8")
    assert md.startswith("# Restoration options for") and "| 1 | Exclosures (area closure) |" in md


def test_report_in_chinese(cli, tmp_path: Path) -> None:
    html = make_report(cli, tmp_path, "--lang", "zh").read_text(encoding="utf-8")
    assert 'lang="zh"' in html and "方案排序" in html and "封育区" in html and "监测、报告和核查" in html


def test_catalogue_text_cannot_inject_markup(cli, tmp_path: Path) -> None:
    nat = tmp_path / "hostile"
    nat.mkdir()
    (nat / "practices.yaml").write_text(
        "- id: exclosures\n  name: '<script>alert(1)</script><img src=x onerror=alert(2)>'\n"
        "  sources:\n    - {id: evil, title: '\"><script>alert(3)</script>', year: 2020, url: 'https://example.org/\"><script>x</script>'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    r = cli("report", "--site", SITE, "-o", out, "--data", nat)
    assert r.code == 0, r.err
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


def test_a_catalogue_cannot_smuggle_a_script_link(tmp_path: Path) -> None:
    from landrestore.validate import validate_paths

    nat = tmp_path / "hostile"
    nat.mkdir()
    (nat / "practices.yaml").write_text(
        "- id: exclosures\n  sources:\n    - {id: evil, title: Evil, year: 2020, url: 'javascript:alert(3)'}\n", encoding="utf-8"
    )
    (d,) = [d for d in validate_paths([nat]) if d.severity == "error"]
    assert d.line == 3 and "web address" in d.message


def test_report_needs_html_or_markdown(cli, tmp_path: Path) -> None:
    r = cli("report", "--site", SITE, "-o", tmp_path / "report.pdf")
    assert r.code == 2 and ".html or .md" in r.err


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def test_report_renders_in_headless_chromium_without_errors(chromium: str, cli, tmp_path: Path) -> None:
    report = make_report(cli, tmp_path)
    profile = tmp_path / "profile"
    r = subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
            "--dump-dom",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = r.stdout
    assert "Exclosures (area closure)" in dom and dom.count("<svg") == 2
    assert dom.count('class="point"') >= 3 and dom.count('class="series"') >= 3, "both charts have their marks"
    console = [
        line for line in r.stderr.splitlines() if "CONSOLE" in line or "Failed to load resource" in line or "net::ERR" in line
    ]
    assert console == [], console
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={profile}2",
            "--hide-scrollbars",
            "--window-size=900,1800",
            f"--screenshot={shot}",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 20_000, "the page painted something substantial"


def test_report_prints_to_a4_pdf(chromium: str, cli, tmp_path: Path) -> None:
    report = make_report(cli, tmp_path)
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'p'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # A4 is 595 x 842 points.
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]", data)
