"""Rendering results and findings: table, JSON, YAML, CSV, Markdown. The only layer that formats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

CSV_FIELDS = [
    "rank",
    "practice_id",
    "name",
    "score",
    "intervention",
    "ldn_response",
    "main_reason",
    "establishment_per_ha_typical",
    "maintenance_per_ha_year_typical",
    "total_low",
    "total_typical",
    "total_high",
    "present_value_typical",
    "within_budget",
    "affordable_area_ha",
    "currency",
    "price_year",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Neutralise cells a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def to_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def option_row(site_label: str | None, o: dict[str, Any]) -> dict[str, Any]:
    c = o["cost"]
    row = {
        "rank": o["rank"],
        "practice_id": o["practice_id"],
        "name": o["name"],
        "score": o["score"],
        "intervention": o["intervention"],
        "ldn_response": o["ldn_response"],
        "main_reason": o["main_reason"],
        "establishment_per_ha_typical": c["establishment_per_ha"]["typical"],
        "maintenance_per_ha_year_typical": c["maintenance_per_ha_year"]["typical"],
        "total_low": c["total"]["low"],
        "total_typical": c["total"]["typical"],
        "total_high": c["total"]["high"],
        "present_value_typical": c["present_value"]["typical"],
        "within_budget": c.get("within_budget", ""),
        "affordable_area_ha": c.get("affordable_area_ha", ""),
        "currency": c["currency"],
        "price_year": c["year"],
    }
    if site_label is not None:
        row = {"site": site_label, **row}
    return row


def to_csv(result: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for o in result["options"]:
        w.writerow({k: csv_safe(v) for k, v in option_row(None, o).items()})
    return buf.getvalue()


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(result: dict[str, Any], details: int = 3) -> str:
    s = result["site"]
    lines = [f"# Restoration options for {_md(s.get('name') or 'the site')}", ""]
    lines.append(
        f"{_md(s['biome'].replace('_', ' '))}; {', '.join(d.replace('_', ' ') for d in s['degradation'])}; {s['severity']} degradation. Confidence: {s['confidence']}."
    )
    lines += [
        "",
        "| Rank | Practice | Intervention | Score | Cost/ha (typical) | Total (typical) | Within budget | Main reason |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in result["options"]:
        c = o["cost"]
        wb = "" if "within_budget" not in c else ("yes" if c["within_budget"] else "no")
        lines.append(
            f"| {o['rank']} | {_md(o['name'])} | {o['intervention']} | {o['score']:.2f} | {c['total_per_ha']['typical']:,.0f} | {c['total']['typical']:,.0f} | {wb} | {_md(o['main_reason'])} |"
        )
    for o in result["options"][:details]:
        lines += ["", f"## {o['rank']}. {_md(o['name'])}", ""]
        lines += [f"- {_md(r)}" for r in o["reasons"]]
        cs = o["case_study"]
        lines += [
            "",
            f"**Case study:** {_md(cs['name'])} ({_md(cs['place'])}, {cs['country']}, {cs['years']['start']}-{cs['years'].get('end') or ''}): {_md(cs['outcome'])}",
        ]
        lines += ["", "**Monitoring:** " + "; ".join(f"{_md(m['indicator'])} ({m['frequency']})" for m in o["monitoring"])]
        lines += ["", "**Policy instruments:** " + ", ".join(_md(p["name"]) for p in o["policy_instruments"])]
    if result["warnings"]:
        lines += ["", "## Warnings", ""] + [f"- {_md(w)}" for w in result["warnings"]]
    lines += [
        "",
        f"Costs in US dollars of {result['options'][0]['cost']['year'] if result['options'] else ''}; catalogue {result['catalog']['version']}.",
    ]
    return "\n".join(lines) + "\n"


def _bar(value: float, width: int = 8) -> str:
    full = int(round(max(0.0, min(1.0, value)) * width))
    return "█" * full + "░" * (width - full)


def print_table(result: dict[str, Any], console: Any, explain: bool = False, details: int = 3) -> None:
    from rich.table import Table
    from rich.text import Text

    s = result["site"]
    title = f"Restoration options: {s.get('name') or s['biome'].replace('_', ' ')}"
    console.print(Text(title, style="bold"))
    facts = [s["biome"].replace("_", " "), f"{s['severity']} " + ", ".join(d.replace("_", " ") for d in s["degradation"])]
    if s.get("country"):
        facts.append(s["country"])
    if s.get("area_ha"):
        facts.append(f"{s['area_ha']:g} ha")
    if s.get("budget_usd") is not None:
        facts.append(f"budget US${s['budget_usd']:,.0f}")
    console.print(Text("; ".join(facts) + f"  (confidence: {s['confidence']})", style="dim"))
    wide = console.width >= 110
    budget = s.get("budget_usd") is not None
    table = Table(show_lines=False, pad_edge=False, expand=False, box=None)
    table.add_column("#", justify="right")
    table.add_column("Practice", ratio=3)
    if wide:
        table.add_column("Intervention")
    table.add_column("Score", no_wrap=True)
    table.add_column("US$/ha", justify="right", no_wrap=True)
    table.add_column("Total US$", justify="right", no_wrap=True)
    if budget:
        table.add_column("Fits", no_wrap=True)
    table.add_column("Main reason", ratio=2)
    for o in result["options"]:
        c = o["cost"]
        row = [str(o["rank"]), o["name"]]
        if wide:
            row.append(o["intervention"])
        row += [
            f"{_bar(o['score'], 5)} {o['score']:.2f}",
            f"{c['total_per_ha']['typical']:,.0f}",
            f"{c['total']['typical']:,.0f}",
        ]
        if budget:
            row.append("yes" if c.get("within_budget") else "no")
        row.append(o["main_reason"])
        table.add_row(*row)
    console.print(table)
    if not result["options"]:
        console.print(
            "No practice in the catalogue fits this site. Excluded practices and why: run with --format json or `landrestore explain`."
        )
    for o in result["options"][:details]:
        console.print(Text(f"\n{o['rank']}. {o['name']} ({o['practice_id']})", style="bold"))
        for r in o["reasons"]:
            console.print(f"  - {r}", markup=False, highlight=False)
        if explain:
            comps = ", ".join(f"{k} {v:.2f}" for k, v in o["components"].items() if v is not None)
            console.print(f"  components: {comps}; rule adjustment {o['adjustment']:+.2f}", markup=False, highlight=False)
            for r in o["rules_fired"]:
                console.print(f"  rule {r['rule']} ({r['effect']}): {r['message']}", markup=False, highlight=False)
        cs = o["case_study"]
        console.print(
            f"  case study: {cs['name']}, {cs['country']} {cs['years']['start']}: {cs['outcome']}", markup=False, highlight=False
        )
        console.print(
            "  monitor: " + "; ".join(f"{m['indicator']} ({m['frequency']})" for m in o["monitoring"]),
            markup=False,
            highlight=False,
        )
        console.print("  policy: " + ", ".join(p["name"] for p in o["policy_instruments"]), markup=False, highlight=False)
    if explain and result["excluded"]:
        console.print(Text("\nExcluded", style="bold"))
        for e in result["excluded"]:
            console.print(f"  {e['practice_id']}: " + "; ".join(e["reasons"]), markup=False, highlight=False)
    for w in result["warnings"]:
        console.print(f"note: {w}", style="yellow", markup=False, highlight=False)
    if result["options"]:
        console.print(
            Text(
                f"Costs in US dollars of {result['options'][0]['cost']['year']}, adjusted to the site's price level. Catalogue {result['catalog']['version']}.",
                style="dim",
            )
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
