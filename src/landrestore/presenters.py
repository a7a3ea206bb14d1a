"""Rendering results and findings: table, JSON, YAML, CSV, Markdown. The only layer that formats."""

from __future__ import annotations

import json
from typing import Any

#: Columns of the CSV that `recommend --format csv` and `batch` write. Numbers have fixed decimals
#: (score 4, money and areas 2) so that every path prints them identically.
CSV_FIELDS = [
    "site",
    "rank",
    "practice_id",
    "name",
    "score",
    "intervention",
    "ldn_response",
    "total_low",
    "total_typical",
    "total_high",
    "within_budget",
    "affordable_area_ha",
    "currency",
    "price_year",
    "main_reason",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_cell(value: str) -> str:
    """One text cell, made safe and quoted the way the csv module's QUOTE_MINIMAL does."""
    value = csv_safe(value)
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_header() -> str:
    return ",".join(CSV_FIELDS) + "\n"


def csv_row(
    site: str,
    rank: int,
    ident: str,
    score: float,
    kind: str,
    tl: float,
    tt: float,
    th: float,
    within: bool | None,
    affordable: float | None,
    year: int,
    reason: str,
) -> str:
    """One CSV line. ``site``, ``ident`` (id,name), ``kind`` and ``reason`` are ready CSV cells.

    Totals are over the whole area and horizon; establishment, maintenance and present value
    are in the JSON output.
    """
    wb = "" if within is None else ("true" if within else "false")
    aff = "" if affordable is None else f"{affordable:.2f}"
    return f"{site},{rank},{ident},{score:.4f},{kind},{tl:.2f},{tt:.2f},{th:.2f},{wb},{aff},USD,{year},{reason}\n"


def empty_row(site: str, reason: str) -> str:
    """The line of a site where no practice fits: no practice id, and the reason."""
    return f"{site}" + "," * (len(CSV_FIELDS) - 1) + csv_cell(reason) + "\n"


def site_label(site: dict[str, Any], row_number: int | None = None) -> str:
    """How a site is named in tables: its id, else its name, else its row number."""
    if site.get("id"):
        return str(site["id"])
    if site.get("name"):
        return str(site["name"])
    return str(row_number) if row_number is not None else "site"


NO_FIT = "no practice in the catalogue fits this site"


def to_csv(result: dict[str, Any], label: str | None = None, header: bool = True) -> str:
    """The options of one result as CSV lines: the same lines `batch` writes for that site."""
    site = csv_cell(label if label is not None else site_label(result["site"]))
    out = [csv_header()] if header else []
    for o in result["options"]:
        c = o["cost"]
        out.append(
            csv_row(
                site,
                o["rank"],
                f"{csv_cell(o['practice_id'])},{csv_cell(o['name'])}",
                o["score"],
                f"{o['intervention']},{o['ldn_response']}",
                c["total"]["low"],
                c["total"]["typical"],
                c["total"]["high"],
                c.get("within_budget"),
                c.get("affordable_area_ha"),
                c["year"],
                csv_cell(o["main_reason"]),
            )
        )
    if not result["options"]:
        out.append(empty_row(site, NO_FIT))
    return "".join(out)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def to_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _bar(value: float, width: int = 8) -> str:
    full = int(round(max(0.0, min(1.0, value)) * width))
    return "█" * full + "░" * (width - full)


def print_table(result: dict[str, Any], console: Any, explain: bool = False, details: int = 3, tr: Any = None) -> None:
    """The ranked options as a terminal table (with score and cost bars), then details of the best."""
    from rich.table import Table
    from rich.text import Text

    from .i18n import Translator

    tr = tr or Translator()
    s = result["site"]
    console.print(Text(tr("table.title", site=s.get("name") or tr.term("biome", s["biome"])), style="bold"))
    facts = [tr.term("biome", s["biome"]), f"{tr.term('severity', s['severity'])}: {tr.terms('degradation', s['degradation'])}"]
    if s.get("country"):
        facts.append(s["country"])
    if s.get("area_ha"):
        facts.append(f"{s['area_ha']:g} ha")
    if s.get("budget_usd") is not None:
        facts.append(tr("budget", amount=f"{s['budget_usd']:,.0f}"))
    console.print(Text("; ".join(facts) + f"  ({tr('confidence', level=tr('conf.' + s['confidence']))})", style="dim"))
    wide = console.width >= 110
    budget = s.get("budget_usd") is not None
    table = Table(show_lines=False, pad_edge=False, expand=False, box=None)
    table.add_column(tr("col.rank"), justify="right")
    table.add_column(tr("col.practice"), ratio=3, overflow="fold")
    table.add_column(tr("col.intervention") if wide else tr("col.type"), no_wrap=not wide)
    table.add_column(tr("col.score"), no_wrap=True)
    table.add_column(tr("col.per_ha"), justify="right", no_wrap=True)
    table.add_column(tr("col.total"), justify="right", no_wrap=True)
    if budget:
        table.add_column(tr("col.fits"), no_wrap=True)
    table.add_column(tr("col.reason"), ratio=2, overflow="fold")
    top_cost = max((o["cost"]["total_per_ha"]["typical"] for o in result["options"]), default=0) or 1
    for o in result["options"]:
        c = o["cost"]
        row = [str(o["rank"]), o["name"]]
        row.append(tr.term("intervention", o["intervention"]) if wide else tr(f"short.{o['intervention']}"))
        per_ha = c["total_per_ha"]["typical"]
        row += [
            f"{_bar(o['score'], 5)} {o['score']:.2f}",
            f"{_bar(per_ha / top_cost, 3)} {per_ha:,.0f}",
            f"{c['total']['typical']:,.0f}",
        ]
        if budget:
            row.append(tr("yes") if c.get("within_budget") else tr("no"))
        row.append(o["main_reason"])
        table.add_row(*row)
    console.print(table)
    if not result["options"]:
        console.print(tr("none_fit"), markup=False, highlight=False)
    for o in result["options"][:details]:
        console.print(Text(f"\n{o['rank']}. {o['name']} ({o['practice_id']})", style="bold"))
        for r in o["reasons"]:
            console.print(f"  - {r}", markup=False, highlight=False)
        if explain:
            comps = ", ".join(f"{k} {v:.2f}" for k, v in o["components"].items() if v is not None)
            console.print(f"  {tr('components')}: {comps}; rule adjustment {o['adjustment']:+.2f}", markup=False, highlight=False)
            for r in o["rules_fired"]:
                console.print(f"  {tr('rule')} {r['rule']} ({r['effect']}): {r['message']}", markup=False, highlight=False)
        cs = o["case_study"]
        start = cs["years"].get("start") or ""
        console.print(
            f"  {tr('case_study')}: {cs['name']}, {cs['country']} {start}: {cs['outcome']}", markup=False, highlight=False
        )
        console.print(
            f"  {tr('monitor')}: " + "; ".join(f"{m['indicator']} ({m['frequency']})" for m in o["monitoring"]),
            markup=False,
            highlight=False,
        )
        console.print(
            f"  {tr('policy')}: " + ", ".join(p["name"] for p in o["policy_instruments"]), markup=False, highlight=False
        )
    if explain and result["excluded"]:
        console.print(Text("\n" + tr("excluded"), style="bold"))
        for e in result["excluded"]:
            console.print(f"  {e['practice_id']}: " + "; ".join(e["reasons"]), markup=False, highlight=False)
    for w in result["warnings"]:
        console.print(f"{tr('note')}: {w}", style="yellow", markup=False, highlight=False)
    if result["options"]:
        console.print(
            Text(tr("footer", year=result["options"][0]["cost"]["year"], version=result["catalog"]["version"]), style="dim")
        )


def render_diagnostics(diags: list[Any], fmt: str) -> str:
    if fmt == "json":
        errors = [d for d in diags if d.severity == "error"]
        return to_json(
            {"status": "fail" if errors else "ok", "findings": len(diags), "diagnostics": [d.to_dict() for d in diags]}
        )
    if fmt == "github":
        return "".join(d.github() + "\n" for d in diags)
    return "".join(d.parsable() + "\n" for d in diags)
