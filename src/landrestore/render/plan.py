"""A plan in words: names and texts for its codes, the terminal table, Markdown, and the report's
plan section with its two charts (what each budget buys; the fan of cumulative cost)."""

from __future__ import annotations

import html
from typing import Any

from .i18n import Translator
from .localise import with_text

PALETTE = ("#1b7837", "#2166ac", "#b2182b", "#e08214", "#762a83", "#4d4d4d", "#01665e", "#8c510a")


def localise(doc: dict[str, Any], catalog: Any, lang: str = "en") -> dict[str, Any]:
    """The engine's plan with practice names and the texts of its codes: the JSON contract."""
    tr = Translator(lang, catalog)

    def name(pid: str) -> str:
        return tr.name(catalog.practices[pid])

    zones = []
    for z in doc["zones"]:
        zz = {
            **z,
            "allocations": [{**a, "names": [name(p) for p in a["practices"]]} for a in z["allocations"]],
            "practices": [{**p, "name": name(p["practice_id"])} for p in z["practices"]],
        }
        if z.get("unfunded"):
            zz["unfunded"] = with_text({**z["unfunded"], "zone": z["id"]}, tr)
        zones.append(zz)
    return {
        **doc,
        "language": lang,
        "zones": zones,
        "warnings": [with_text(w, tr) for w in doc["warnings"]],
    }


def _money(tr: Translator, x: float | None) -> str:
    return tr.number(x) if x is not None else ""


def _zone_label(z: dict[str, Any]) -> str:
    return z.get("name") or z["id"]


def _practice_cell(tr: Translator, z: dict[str, Any]) -> str:
    if not z["practices"]:
        return tr(f"plan.cell.{z['unfunded']['code'].split('.')[-1]}") if z.get("unfunded") else ""
    return "; ".join(f"{p['name']} ({tr.number(p['area_ha'], 1)})" for p in z["practices"])


def summary_lines(doc: dict[str, Any], tr: Translator) -> list[str]:
    """The plan's figures as sentences, in order: totals, uncertainty, sensitivity, next dollars."""
    t = doc["totals"]
    out = [
        tr(
            "plan.summary",
            budget=_money(tr, doc["budget_usd"]),
            treated=tr.number(t["treated_ha"], 1),
            area=tr.number(t["area_ha"], 1),
            cost=_money(tr, t["total"]["typical"]),
            years=doc["horizon_years"],
            left=_money(tr, t["budget_left"]),
        )
    ]
    u = doc["uncertainty"]
    if "total" in u:
        out.append(
            tr(
                "plan.uncertainty",
                years=doc["horizon_years"],
                draws=tr.number(u["draws"]),
                p10=_money(tr, u["total"]["p10"]),
                p50=_money(tr, u["total"]["p50"]),
                p90=_money(tr, u["total"]["p90"]),
                chance=f"{u['within_budget']:.0%}",
            )
        )
        out.append(
            tr(
                "plan.pv",
                rate=f"{doc['discount_rate']:.0%}",
                p10=_money(tr, u["present_value"]["p10"]),
                p50=_money(tr, u["present_value"]["p50"]),
                p90=_money(tr, u["present_value"]["p90"]),
            )
        )
        if "net_present_value" in u:
            n = u["net_present_value"]
            out.append(
                tr(
                    "plan.npv",
                    area=tr.number(u["money_benefits_ha"], 1),
                    p10=_money(tr, n["p10"]),
                    p50=_money(tr, n["p50"]),
                    p90=_money(tr, n["p90"]),
                )
            )
    rates = ", ".join(f"{float(r):.0%}: US${_money(tr, v['present_value'])}" for r, v in doc["sensitivity"].items())
    out.append(tr("plan.sensitivity", rates=rates))
    n = doc["next"]
    out.append(
        tr("plan.next", step=_money(tr, n["step_usd"]), area=tr.number(n["treated_ha"], 1), value=tr.number(n["value"], 2))
    )
    out.append(tr("plan.everything", cost=_money(tr, doc["everything"]["cost"])))
    return out


def print_plan(doc: dict[str, Any], console: Any, tr: Translator) -> None:
    """The terminal view: one row per zone, then the figures."""
    from rich.table import Table
    from rich.text import Text

    s = doc["site"]
    console.print(Text(tr("plan.title", site=s.get("name") or tr.term("biome", s["biome"])), style="bold"))
    table = Table(box=None, pad_edge=False)
    table.add_column(tr("plan.col.zone"), overflow="fold", ratio=1)
    table.add_column(tr("plan.col.area"), justify="right", no_wrap=True)
    table.add_column(tr("plan.col.practices"), overflow="fold", ratio=3)
    table.add_column(tr("plan.col.cost"), justify="right", no_wrap=True)
    for z in doc["zones"]:
        cost = sum(p["total"]["typical"] for p in z["practices"])
        table.add_row(_zone_label(z), tr.number(z["area_ha"], 1), _practice_cell(tr, z), _money(tr, cost))
    console.print(table)
    for line in summary_lines(doc, tr):
        console.print(line, markup=False, highlight=False)
    for w in doc["warnings"]:
        console.print(f"{tr('note')}: {w['text']}", style="yellow", markup=False, highlight=False)
    console.print(Text(tr("plan.note", year=doc["year"]), style="dim"))


def _md(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def markdown(doc: dict[str, Any], tr: Translator, level: int = 1) -> str:
    """The plan as Markdown: the zone table, the figures and the frontier as a table."""
    s = doc["site"]
    h = "#" * level
    lines = [f"{h} {_md(tr('plan.title', site=s.get('name') or tr.term('biome', s['biome'])))}", ""]
    lines += [
        f"| {tr('plan.col.zone')} | {tr('plan.col.area')} | {tr('plan.col.practices')} | {tr('plan.col.cost')} |",
        "|---|---:|---|---:|",
    ]
    for z in doc["zones"]:
        cost = sum(p["total"]["typical"] for p in z["practices"])
        lines.append(
            f"| {_md(_zone_label(z))} | {tr.number(z['area_ha'], 1)} | {_md(_practice_cell(tr, z))} | {_money(tr, cost)} |"
        )
    lines.append("")
    lines += [f"- {_md(x)}" for x in summary_lines(doc, tr)]
    if doc["frontier"]:
        lines += ["", f"{h}# {_md(tr('plan.frontier'))}", "", f"| {tr('plan.budget_axis')} | {tr('plan.value_axis')} | ha |"]
        lines.append("|---:|---:|---:|")
        lines += [
            f"| {_money(tr, p['budget'])} | {tr.number(p['value'], 1)} | {tr.number(p['treated_ha'], 1)} |"
            for p in doc["frontier"]
        ]
    for w in doc["warnings"]:
        lines += ["", f"- {_md(w['text'])}"]
    lines += ["", _md(tr("plan.note", year=doc["year"]))]
    return "\n".join(lines) + "\n"


# --- HTML -----------------------------------------------------------------------------------


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def chart_frontier(doc: dict[str, Any], tr: Translator, width: int = 640, height: int = 300) -> str:
    """Value bought at each budget (a step line), the plan's budget dashed."""
    pts = [(0.0, 0.0)] + [(p["budget"], p["value"]) for p in doc["frontier"]]
    if len(pts) < 2:
        return ""
    ml, mr, mt, mb = 64, 16, 16, 40
    pw, ph = width - ml - mr, height - mt - mb
    xmax = max(max(p[0] for p in pts), doc["budget_usd"]) or 1.0
    ymax = max(p[1] for p in pts) or 1.0

    def x(v: float) -> float:
        return ml + v / xmax * pw

    def y(v: float) -> float:
        return mt + (1 - v / ymax) * ph

    parts = [
        f'<svg class="chart frontier" role="img" aria-label="{_e(tr("plan.frontier"))}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>',
    ]
    for k in range(5):
        v = ymax * k / 4
        parts.append(f'<text x="{ml - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v:,.0f}</text>')
        b = xmax * k / 4
        parts.append(f'<text x="{x(b):.1f}" y="{mt + ph + 16}" font-size="11" text-anchor="middle">{b:,.0f}</text>')
    line = " ".join(f"{x(b):.1f},{y(v):.1f}" for b, v in pts)
    parts.append(f'<polyline class="frontier-line" points="{line}" fill="none" stroke="#1b7837" stroke-width="2.5"/>')
    for b, v in pts[1:]:
        parts.append(f'<circle cx="{x(b):.1f}" cy="{y(v):.1f}" r="3" fill="#1b7837"/>')
    bx = x(doc["budget_usd"])
    parts.append(
        f'<line class="budget" x1="{bx:.1f}" y1="{mt}" x2="{bx:.1f}" y2="{mt + ph}" stroke="#b2182b" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{ml + pw / 2:.1f}" y="{height - 4}" font-size="12" text-anchor="middle">{_e(tr("plan.budget_axis"))}</text>'
    )
    parts.append(
        f'<text x="14" y="{mt + ph / 2:.1f}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {mt + ph / 2:.1f})">{_e(tr("plan.value_axis"))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def chart_fan(doc: dict[str, Any], tr: Translator, width: int = 640, height: int = 300) -> str:
    """Cumulative cost by year: the P10-P90 band and the P50 line, the budget dashed."""
    rows = doc["uncertainty"].get("cumulative_cost") or []
    if not rows:
        return ""
    ml, mr, mt, mb = 72, 16, 16, 40
    pw, ph = width - ml - mr, height - mt - mb
    years = rows[-1]["year"] or 1
    top = max(max(r["p90"] for r in rows), doc["budget_usd"]) or 1.0

    def x(t: float) -> float:
        return ml + t / years * pw

    def y(v: float) -> float:
        return mt + (1 - v / top) * ph

    band = [f"{x(r['year']):.1f},{y(r['p90']):.1f}" for r in rows] + [
        f"{x(r['year']):.1f},{y(r['p10']):.1f}" for r in reversed(rows)
    ]
    mid = " ".join(f"{x(r['year']):.1f},{y(r['p50']):.1f}" for r in rows)
    parts = [
        f'<svg class="chart fan" role="img" aria-label="{_e(tr("plan.fan"))}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>',
        f'<polygon class="band" points="{" ".join(band)}" fill="#2166ac" fill-opacity="0.25" stroke="none"/>',
        f'<polyline class="median" points="{mid}" fill="none" stroke="#2166ac" stroke-width="2.5"/>',
    ]
    for k in range(5):
        v = top * k / 4
        parts.append(f'<text x="{ml - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v:,.0f}</text>')
    step = max(1, years // 10)
    for t in range(0, years + 1, step):
        parts.append(f'<text x="{x(t):.1f}" y="{mt + ph + 16}" font-size="11" text-anchor="middle">{t}</text>')
    by = y(doc["budget_usd"])
    parts.append(
        f'<line class="budget" x1="{ml}" y1="{by:.1f}" x2="{ml + pw}" y2="{by:.1f}" stroke="#b2182b" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{ml + pw / 2:.1f}" y="{height - 4}" font-size="12" text-anchor="middle">{_e(tr("plan.year_axis"))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def html_section(doc: dict[str, Any], tr: Translator) -> str:
    """The report's plan section: the zone table (a map in words), the figures, both charts."""
    s = doc["site"]
    out = [f'<section class="plan"><h2>{_e(tr("plan.title", site=s.get("name") or tr.term("biome", s["biome"])))}</h2>']
    out.append(
        '<table class="zones"><thead><tr>'
        + "".join(
            f"<th>{_e(h)}</th>" for h in (tr("plan.col.zone"), tr("plan.col.area"), tr("plan.col.practices"), tr("plan.col.cost"))
        )
        + "</tr></thead><tbody>"
    )
    for z in doc["zones"]:
        cost = sum(p["total"]["typical"] for p in z["practices"])
        facts = z.get("facts") or {}
        sub = "; ".join(
            x
            for x in (
                tr.terms("land_use", facts["land_use"]) if facts.get("land_use") else "",
                f"{tr.number(facts['slope_pct'], 1)} %" if facts.get("slope_pct") is not None else "",
            )
            if x
        )
        label = _e(_zone_label(z)) + (f'<br><span class="muted">{_e(sub)}</span>' if sub else "")
        out.append(
            f'<tr class="zone-row"><td>{label}</td><td class="num">{_e(tr.number(z["area_ha"], 1))}</td>'
            f"<td>{_e(_practice_cell(tr, z))}</td><td class='num'>{_e(_money(tr, cost))}</td></tr>"
        )
    out.append("</tbody></table><ul>")
    out += [f"<li>{_e(x)}</li>" for x in summary_lines(doc, tr)]
    out.append("</ul>")
    out.append(f"<h3>{_e(tr('plan.frontier'))}</h3>{chart_frontier(doc, tr)}")
    out.append(f"<h3>{_e(tr('plan.fan'))}</h3>{chart_fan(doc, tr)}")
    if doc["warnings"]:
        out.append('<ul class="warn">' + "".join(f"<li>{_e(w['text'])}</li>" for w in doc["warnings"]) + "</ul>")
    out.append(f'<p class="muted">{_e(tr("plan.note", year=doc["year"]))}</p></section>')
    return "".join(out)
