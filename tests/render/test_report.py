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
CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
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
HOSTILE_NAME = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def make_report(cli, tmp_path: Path, *extra: str, name: str = "report.html") -> Path:
    out = tmp_path / name
    r = cli("report", "--site", SITE, "-o", out, *extra)
    assert r.code == 0, r.err
    assert r.out == "" and r.err == f"wrote {out}\n"
    return out


def hostile_catalogue(tmp_path: Path) -> Path:
    """A user catalogue whose texts try to inject markup, script and links."""
    nat = tmp_path / "hostile"
    nat.mkdir()
    (nat / "practices.yaml").write_text(
        f"- id: exclosures\n  name: '{HOSTILE_NAME}'\n"
        "  summary: 'A | pipe, [a link](javascript:alert(4)) and **bold**'\n"
        "  sources:\n    - {id: evil, title: '\"><script>alert(3)</script>', year: 2020, url: 'https://example.org/\"><script>x</script>'}\n",
        encoding="utf-8",
    )
    return nat


def test_html_is_self_contained_and_has_the_parts(cli, tmp_path: Path, catalog) -> None:
    html = make_report(cli, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in html.lower(), "no script at all"
    assert not re.search(r'(src|href)="(?!https?://|#)', html), "nothing is loaded from elsewhere"
    assert not re.search(r"(src)=\"https?://", html) and "@import" not in html and "url(" not in html, "no external resources"
    for part in (
        "Restoration options for Hillside above Abreha we Atsbeha",
        "Exclosures (area closure)",
        "Cost against score",
        "Cumulative cost",
        "Monitoring, reporting and verification",
        "Policy instruments",
        "Case study",
        "Sources",
        f"catalogue {catalog.version}",
    ):
        assert part in html
    assert html.count("<svg") == 2 and "@page { size: A4" in html and "@media print" in html


def test_the_report_date_can_be_fixed_for_reproducible_reports(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    a = make_report(cli, tmp_path, name="a.html").read_text(encoding="utf-8")
    b = make_report(cli, tmp_path, name="b.html").read_text(encoding="utf-8")
    assert a == b and "Made on 2026-01-01 with landrestore" in a


def test_markdown_report(cli, tmp_path: Path) -> None:
    md = make_report(cli, tmp_path, name="report.md").read_text(encoding="utf-8")
    assert md.startswith("# Restoration options for Hillside above Abreha we Atsbeha")
    assert "| 1 | Exclosures (area closure) |" in md and "<svg" not in md


def test_the_html_site_reads_in_names_and_numbers_for_people(cli, tmp_path: Path) -> None:
    html = make_report(cli, tmp_path).read_text(encoding="utf-8")
    site = html.split('<table class="site">', 1)[1].split("</table>", 1)[0]
    cells = dict(re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", site))
    assert cells["Country"] == "Ethiopia", "the country by its name, not its code"
    assert (cells["Rainfall (mm)"], cells["Slope (%)"], cells["Area (ha)"], cells["Budget (US$)"]) == (
        "550",
        "25",
        "120",
        "30,000",
    )


def test_the_markdown_report_reads_in_names_and_numbers_for_people(cli, tmp_path: Path) -> None:
    md = make_report(cli, tmp_path, name="report.md").read_text(encoding="utf-8")
    site = md.split("## The site", 1)[1].split("## ", 1)[0]
    assert "- Country: Ethiopia" in site, "the country by its name, not its code"
    assert "- Rainfall (mm): 550\n" in site and "- Area (ha): 120\n" in site and "- Budget (US$): 30,000\n" in site
    mrv = [line for line in md.splitlines() if line.startswith("**Monitoring, reporting and verification:**")]
    assert mrv and not [line for line in mrv if re.search(r"\b[a-z]+_[a-z0-9_]+\b", line)], mrv[0]


def test_report_in_chinese(cli, tmp_path: Path) -> None:
    html = make_report(cli, tmp_path, "--lang", "zh").read_text(encoding="utf-8")
    assert 'lang="zh"' in html and "方案排序" in html and "封育区" in html and "监测、报告和核查" in html


def test_catalogue_text_cannot_inject_markup_in_html(cli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = cli("report", "--site", SITE, "-o", out, "--data", hostile_catalogue(tmp_path))
    assert r.code == 0, r.err
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'href="javascript:' not in html and 'href="https://example.org/"' not in html
    assert 'href="https://example.org/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html, "the link stays one escaped attribute"


def test_catalogue_text_cannot_inject_markup_in_markdown(cli, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    r = cli("report", "--site", SITE, "-o", out, "--data", hostile_catalogue(tmp_path))
    assert r.code == 0, r.err
    md = out.read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "&lt;script&gt;alert(1)" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md), "no clickable link from catalogue text"
    head = next(line for line in md.splitlines() if line.startswith("| # |"))
    row = next(line for line in md.splitlines() if line.startswith("| 1 |"))
    assert row.count(" | ") == head.count(" | "), "a pipe in a name cannot add a table column"


def test_site_text_is_escaped_too(cli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = cli("report", "--site", SITE, "--name", "Tom & Jerry's <b>field</b>", "-o", out)
    assert r.code == 0, r.err
    html = out.read_text(encoding="utf-8")
    assert "<b>field</b>" not in html and "Tom &amp; Jerry&#x27;s &lt;b&gt;field&lt;/b&gt;" in html


def test_a_catalogue_cannot_smuggle_a_script_link(tmp_path: Path) -> None:
    from landrestore.knowledge.validate import validate_paths

    nat = tmp_path / "hostile"
    nat.mkdir()
    (nat / "practices.yaml").write_text(
        "- id: exclosures\n  sources:\n    - {id: evil, title: Evil, year: 2020, url: 'javascript:alert(3)'}\n", encoding="utf-8"
    )
    (d,) = [d for d in validate_paths([nat]) if d.severity == "error"]
    assert (d.path, d.line) == (str(nat / "practices.yaml"), 3) and "web address" in d.message


def test_report_needs_html_or_markdown(cli, tmp_path: Path) -> None:
    r = cli("report", "--site", SITE, "-o", tmp_path / "report.pdf")
    assert r.code == 2 and ".html or .md" in r.err and not (tmp_path / "report.pdf").exists()


# --- in a real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("the browser checks need /usr/bin/chromium (apt-get install chromium); CI installs it")
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
    assert dom.count('class="range"') == dom.count('class="point"'), "every option's cost range is drawn"
    assert "Ethiopia" in dom and "ETH" not in dom.split('<table class="site">')[1].split("</table>")[0], "names, not ids"
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


def test_a_watershed_report_shows_its_plan_in_chromium(chromium: str, cli, tmp_path: Path) -> None:
    """The example watershed has zones: the report adds the plan, its zone table, the frontier
    of what more money buys and the fan of cumulative cost, all painted by a real browser."""
    out = tmp_path / "watershed.html"
    r = cli("report", "--site", EXAMPLES / "tigray-watershed.yaml", "-o", out)
    assert r.code == 0, r.err
    r = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'p'}", "--virtual-time-budget=3000", "--dump-dom", out.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = r.stdout
    assert '<section class="plan">' in dom and dom.count('class="zone-row"') == 3
    assert 'class="chart frontier"' in dom and 'class="frontier-line"' in dom and 'class="chart fan"' in dom
    assert dom.count("<svg") == 4, "two charts of options, two of the plan"
