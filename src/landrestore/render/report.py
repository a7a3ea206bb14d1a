"""A report to hand to a district office or a donor: one self-contained page (HTML or Markdown).

The HTML page works offline: no script, no external font, image or style sheet; the two charts
are inline SVG drawn here. It prints on A4. Every text from the catalogue or the site is escaped
for where it lands, and only http(s) links are made clickable, so a catalogue cannot inject
markup or script.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import os
from typing import Any

from .i18n import Translator

PALETTE = ("#1b7837", "#2166ac", "#b2182b", "#e08214", "#762a83", "#4d4d4d", "#01665e", "#8c510a")
DETAILS = 3


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _href(url: str | None) -> str | None:
    """Only plain web links become clickable (never javascript:, data: or file:)."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return _e(url.strip())
    return None


def report_date() -> str:
    """Today, or SOURCE_DATE_EPOCH for reproducible reports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC).date().isoformat()
    return _dt.date.today().isoformat()


def _fmt_money(x: float) -> str:
    return f"{x:,.0f}"


def money_range(rng: dict[str, float]) -> str:
    """A typical cost and its documented range: 545 (363–1,999)."""
    return f"{_fmt_money(rng['typical'])} ({_fmt_money(rng['low'])}–{_fmt_money(rng['high'])})"


def fit_text(o: dict[str, Any]) -> str:
    """The suitability class and, below S1, the factor that limits it: "S2 aridity"."""
    suit = o["suitability"]
    lim = suit.get("limiting_factor_name")
    return suit["class"] + (f" {lim}" if lim and suit["class"] != "S1" else "")


def benefit_figures(b: dict[str, Any], tr: Translator) -> str:
    """A benefit's figures for people: one value, a range with its typical value, a before and an
    after, or a mean and a median (never a pair written as if it were a range)."""
    v = b.get("value") or {}
    known = [v[k] for k in ("low", "typical", "high") if v.get(k) is not None]
    if known and len(set(known)) == 1:
        return f"{known[0]:g}"
    if v.get("low") is not None and v.get("high") is not None:
        mid = f"; {tr('benefit.typical')} {v['typical']:g}" if v.get("typical") is not None else ""
        return f"{v['low']:g}–{v['high']:g}{mid}"
    if known:
        return "–".join(f"{x:g}" for x in known)
    if b.get("before_after"):
        ba = b["before_after"]
        return tr("benefit.before_after", before=f"{ba['before']:g}", after=f"{ba['after']:g}")
    if b.get("mean_median"):
        mm = b["mean_median"]
        parts = [f"{tr('benefit.' + k)} {mm[k]:g}" for k in ("mean", "median") if mm.get(k) is not None]
        return ", ".join(parts)
    return ""


def site_rows(s: dict[str, Any], tr: Translator) -> list[tuple[str, str]]:
    """The site's facts as (field, words) for people: names, not ids; numbers without '.0'."""
    rows: list[tuple[str, str | None]] = [
        ("biome", tr.term("biome", s["biome"], inline=False)),
        ("country", tr.term("country", s.get("country")) if s.get("country") else None),
        ("region", tr.term("region", s.get("region")) if s.get("region") else None),
        ("aridity", tr.term("aridity", s.get("aridity"), inline=False) if s.get("aridity") else None),
        ("rainfall_mm", tr.number(s.get("rainfall_mm"), 1) if s.get("rainfall_mm") is not None else None),
        ("slope_pct", tr.number(s.get("slope_pct"), 1) if s.get("slope_pct") is not None else None),
        ("soil_ph", tr.number(s.get("soil_ph"), 1) if s.get("soil_ph") is not None else None),
        ("land_use", tr.terms("land_use", s["land_use"]) if s.get("land_use") else None),
        ("degradation", tr.terms("degradation", s["degradation"])),
        ("severity", tr.term("severity", s["severity"])),
        ("area_ha", tr.number(s.get("area_ha"), 1) if s.get("area_ha") is not None else None),
        ("budget_usd", tr.number(s["budget_usd"]) if s.get("budget_usd") is not None else None),
        ("horizon_years", tr.number(s.get("horizon_years")) if s.get("horizon_years") is not None else None),
        ("discount_rate", f"{float(s['discount_rate']) * 100:g} %" if s.get("discount_rate") is not None else None),
    ]
    return [(k, v) for k, v in rows if v is not None and v != ""]


# --- charts -------------------------------------------------------------------------------------


def chart_cost_score(options: list[dict[str, Any]], tr: Translator, width: int = 640, height: int = 320) -> str:
    """Scatter of typical total cost (log scale) against score, points numbered by rank, with a bar
    from the low to the high total of each: the documented range of its cost."""
    ml, mr, mt, mb = 56, 40, 16, 44
    pts = [
        (o["cost"]["total"]["typical"], o["score"], o["rank"], o["cost"]["total"]["low"], o["cost"]["total"]["high"])
        for o in options
        if o["cost"]["total"]["typical"] > 0
    ]
    if not pts:
        return ""
    lo = math.floor(math.log10(min(max(p[3], p[0] / 1000) if p[3] > 0 else p[0] for p in pts)))
    hi = math.ceil(math.log10(max(p[4] for p in pts)))
    if hi == lo:
        hi = lo + 1
    pw, ph = width - ml - mr, height - mt - mb

    def x(v: float) -> float:
        return ml + (math.log10(v) - lo) / (hi - lo) * pw

    def y(s: float) -> float:
        return mt + (1 - s) * ph

    parts = [
        f'<svg class="chart" role="img" aria-label="{_e(tr("report.chart_cost_score"))}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    parts.append(f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    for k in range(lo, hi + 1):
        xx = x(10**k)
        parts.append(f'<line x1="{xx:.1f}" y1="{mt}" x2="{xx:.1f}" y2="{mt + ph}" stroke="#ddd"/>')
        parts.append(f'<text x="{xx:.1f}" y="{mt + ph + 16}" font-size="11" text-anchor="middle">{_e(_fmt_money(10**k))}</text>')
    for s in (0, 0.25, 0.5, 0.75, 1.0):
        yy = y(s)
        parts.append(f'<line x1="{ml}" y1="{yy:.1f}" x2="{ml + pw}" y2="{yy:.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{ml - 6}" y="{yy + 4:.1f}" font-size="11" text-anchor="end">{s:.2f}</text>')
    parts.append(
        f'<text x="{ml + pw / 2:.1f}" y="{height - 6}" font-size="12" text-anchor="middle">{_e(tr("report.cost_axis"))}</text>'
    )
    parts.append(
        f'<text x="14" y="{mt + ph / 2:.1f}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {mt + ph / 2:.1f})">{_e(tr("report.score_axis"))}</text>'
    )
    for cost, score, rank, low, high in pts:
        color = PALETTE[(rank - 1) % len(PALETTE)]
        x0, x1, yy = x(max(low, 10**lo)), x(max(high, cost)), y(score)
        parts.append(
            f'<g class="range"><line x1="{x0:.1f}" y1="{yy:.1f}" x2="{x1:.1f}" y2="{yy:.1f}" stroke="{color}" stroke-width="2"/>'
            f'<line x1="{x0:.1f}" y1="{yy - 5:.1f}" x2="{x0:.1f}" y2="{yy + 5:.1f}" stroke="{color}" stroke-width="2"/>'
            f'<line x1="{x1:.1f}" y1="{yy - 5:.1f}" x2="{x1:.1f}" y2="{yy + 5:.1f}" stroke="{color}" stroke-width="2"/>'
            f"<title>{rank}: {_e(_fmt_money(low))}-{_e(_fmt_money(high))}</title></g>"
        )
        parts.append(
            f'<circle class="point" cx="{x(cost):.1f}" cy="{y(score):.1f}" r="9" fill="{color}" fill-opacity="0.85"><title>{rank}</title></circle>'
        )
        parts.append(
            f'<text x="{x(cost):.1f}" y="{y(score) + 4:.1f}" font-size="11" fill="#fff" text-anchor="middle">{rank}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_cost_over_time(
    options: list[dict[str, Any]], tr: Translator, budget: float | None = None, width: int = 640, height: int = 320
) -> str:
    """Cumulative typical cost year by year: establishment in year 0, then maintenance each year;
    the budget, if given, as a dashed line."""
    ml, mr, mt, mb = 72, 16, 16, 40
    series = []
    for o in options:
        c = o["cost"]
        area = c["treated_area_ha"]["typical"]
        est, mnt = c["establishment_per_ha"]["typical"] * area, c["maintenance_per_ha_year"]["typical"] * area
        series.append((o["rank"], [est + mnt * t for t in range(c["horizon_years"] + 1)]))
    if not series:
        return ""
    years = max(len(v) for _, v in series) - 1 or 1
    top = max(max(max(v) for _, v in series), budget or 0.0) or 1.0
    pw, ph = width - ml - mr, height - mt - mb

    def x(t: float) -> float:
        return ml + t / years * pw

    def y(v: float) -> float:
        return mt + (1 - v / top) * ph

    parts = [
        f'<svg class="chart" role="img" aria-label="{_e(tr("report.chart_cost_time"))}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    parts.append(f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    for k in range(5):
        v = top * k / 4
        parts.append(f'<line x1="{ml}" y1="{y(v):.1f}" x2="{ml + pw}" y2="{y(v):.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{ml - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{_e(_fmt_money(v))}</text>')
    step = max(1, years // 10)
    for t in range(0, years + 1, step):
        parts.append(f'<text x="{x(t):.1f}" y="{mt + ph + 16}" font-size="11" text-anchor="middle">{t}</text>')
    parts.append(
        f'<text x="{ml + pw / 2:.1f}" y="{height - 4}" font-size="12" text-anchor="middle">{_e(tr("report.year"))}</text>'
    )
    if budget is not None:
        parts.append(
            f'<line class="budget" x1="{ml}" y1="{y(budget):.1f}" x2="{ml + pw}" y2="{y(budget):.1f}" stroke="#b2182b" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{ml + 4}" y="{y(budget) - 4:.1f}" font-size="11" fill="#b2182b">{_e(tr("budget", amount=_fmt_money(budget)))}</text>'
        )
    for rank, values in series:
        color = PALETTE[(rank - 1) % len(PALETTE)]
        pts = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in enumerate(values))
        parts.append(
            f'<polyline class="series" points="{pts}" fill="none" stroke="{color}" stroke-width="2.5"><title>{rank}</title></polyline>'
        )
        parts.append(
            f'<text x="{x(len(values) - 1) - 4:.1f}" y="{y(values[-1]) - 5:.1f}" font-size="11" fill="{color}" text-anchor="end">{rank}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- the page -----------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Segoe UI", "PingFang SC", "Microsoft YaHei", Arial, sans-serif;
       color: #222; max-width: 190mm; margin: 0 auto; padding: 8mm 4mm; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #ccc; }
h3 { font-size: 11.5pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f3f6f3; } td.num { text-align: right; white-space: nowrap; }
.bar { display: inline-block; height: 2.4mm; background: #1b7837; vertical-align: middle; margin-right: 1.5mm; }
.chart { width: 100%; height: auto; max-height: 95mm; }
.muted { color: #666; font-size: 9pt; } .warn { color: #8c510a; }
.option { break-inside: avoid; page-break-inside: avoid; }
.swatch { display: inline-block; width: 3mm; height: 3mm; border-radius: 50%; margin-right: 1mm; vertical-align: middle; }
a { color: #2166ac; word-break: break-all; }
@media print { body { padding: 0; max-width: none; } a { color: #222; text-decoration: none; } h2 { break-after: avoid; } }
"""


def render_html(result: dict[str, Any], catalog: Any, lang: str = "en", tool_version: str = "") -> str:
    """The whole report as one HTML page."""
    tr = Translator(lang, catalog)
    s = result["site"]
    options = result["options"]
    title = tr("report.title", site=s.get("name") or tr.term("biome", s["biome"]))
    out = [f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">']
    out.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    out.append(f"<title>{_e(title)}</title><style>{CSS}</style></head><body>")
    out.append(f"<h1>{_e(title)}</h1>")
    out.append(
        f'<p class="muted">{_e(tr("report.made", date=report_date(), tool=tool_version, catalog=result["catalog"]["version"]))}</p>'
    )

    out.append(f'<h2>{_e(tr("report.site"))}</h2><table class="site">')
    for key, value in site_rows(s, tr):
        out.append(f"<tr><th>{_e(tr('field.' + key))}</th><td>{_e(value)}</td></tr>")
    out.append(f"<tr><th>{_e(tr('field.confidence'))}</th><td>{_e(tr('conf.' + s['confidence']))}</td></tr></table>")

    out.append(f"<h2>{_e(tr('report.options'))}</h2>")
    budget = s.get("budget_usd") is not None
    head = (
        [tr("col.rank"), tr("col.practice"), tr("col.fit"), tr("col.score"), tr("col.per_ha_range"), tr("col.total")]
        + ([tr("col.fits")] if budget else [])
        + [tr("col.reason")]
    )
    out.append('<table class="options"><thead><tr>' + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>")
    for o in options:
        c = o["cost"]
        color = PALETTE[(o["rank"] - 1) % len(PALETTE)]
        cells = [
            f'<td class="num"><span class="swatch" style="background:{color}"></span>{o["rank"]}</td>',
            f"<td>{_e(o['name'])}</td>",
            f"<td>{_e(fit_text(o))}</td>",
            f'<td class="num"><span class="bar" style="width:{o["score"] * 14:.1f}mm"></span>{o["score"]:.2f}</td>',
            f'<td class="num">{_e(money_range(c["total_per_ha"]))}</td>',
            f'<td class="num">{_e(_fmt_money(c["total"]["typical"]))}</td>',
        ]
        if budget:
            cells.append(f"<td>{_e(tr('yes') if c.get('within_budget') else tr('no'))}</td>")
        cells.append(f"<td>{_e(o['main_reason']['text'])}</td>")
        out.append('<tr class="option-row">' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if not options:
        out.append(f"<p>{_e(tr('none_fit'))}</p>")
    else:
        out.append(f"<h3>{_e(tr('report.chart_cost_score'))}</h3>{chart_cost_score(options, tr)}")
        over_time = chart_cost_over_time(options[:6], tr, s.get("budget_usd"))
        out.append(f"<h3>{_e(tr('report.chart_cost_time'))}</h3>{over_time}")

    if options:
        out.append(f"<h2>{_e(tr('report.details'))}</h2>")
    for o in options[:DETAILS]:
        out.append(f'<section class="option"><h3>{o["rank"]}. {_e(o["name"])}</h3><p>{_e(o.get("summary"))}</p><ul>')
        out += [f"<li>{_e(r['text'])}</li>" for r in o["reasons"]]
        out.append("</ul>")
        out.append(f"<h4>{_e(tr('report.benefits'))}</h4><ul>")
        for b in o["benefits"]["items"]:
            figs = benefit_figures(b, tr)
            unit = f" {b['unit']}" if figs and b.get("unit") else ""
            out.append(
                f"<li>{_e(b['description'])}" + (f' <span class="muted">({_e(figs + unit)})</span>' if figs else "") + "</li>"
            )
        out.append("</ul>")
        out.append(f"<h4>{_e(tr('report.mrv'))}</h4><table><tbody>")
        for m in o["monitoring"]:
            tag = " (SDG 15.3.1)" if m.get("sdg_15_3_1") else ""
            out.append(
                f"<tr><td>{_e(tr.indicator(m['indicator']) + tag)}</td><td>{_e(m['method'])}</td><td>{_e(tr('freq.' + m['frequency']))}</td></tr>"
            )
        out.append("</tbody></table>")
        out.append(f"<h4>{_e(tr('report.policies'))}</h4><ul>")
        for p in o["policy_instruments"]:
            why = "" if p["why"] == "catalogue" else f' <span class="muted">({_e(p["why"])})</span>'
            out.append(f"<li>{_e(p['name'])}{why}</li>")
        out.append("</ul>")
        cs = o["case_study"]
        years = f"{cs['years'].get('start') or ''}–{cs['years'].get('end') or ''}".strip("–")
        out.append(
            f"<h4>{_e(tr('report.case'))}</h4><p><strong>{_e(cs['name'])}</strong>, {_e(cs['place'])}, {_e(cs['country'])} {_e(years)}. {_e(cs['what'])}. {_e(cs['outcome'])}</p>"
        )
        out.append(f'<h4>{_e(tr("report.sources"))}</h4><ol class="sources">')
        for src in o["sources"]:
            link = _href(src.get("url")) or (_href("https://doi.org/" + src["doi"]) if src.get("doi") else None)
            label = f"{_e(src.get('author') or '')} ({_e(src.get('year') or 'n.d.')}). {_e(src['title'])}."
            out.append(f"<li>{label}" + (f' <a href="{link}">{link}</a>' if link else "") + "</li>")
        out.append("</ol></section>")
    if result.get("plan"):
        from .plan import html_section

        out.append(html_section(result["plan"], tr))
    if result["warnings"]:
        out.append(
            f'<h2>{_e(tr("report.warnings"))}</h2><ul class="warn">'
            + "".join(f"<li>{_e(w['text'])}</li>" for w in result["warnings"])
            + "</ul>"
        )
    out.append(
        f'<p class="muted">{_e(tr("report.estimates"))} {_e(tr("footer", year=options[0]["cost"]["year"] if options else "", version=result["catalog"]["version"]))}</p>'
    )
    out.append("</body></html>\n")
    return "".join(out)


def _md(text: Any) -> str:
    return (
        html.escape("" if text is None else str(text), quote=False)
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )


def render_markdown(result: dict[str, Any], catalog: Any, lang: str = "en", tool_version: str = "") -> str:
    """The report as Markdown (same content, tables instead of charts)."""
    tr = Translator(lang, catalog)
    s = result["site"]
    options = result["options"]
    lines = [f"# {_md(tr('report.title', site=s.get('name') or tr.term('biome', s['biome'])))}", ""]
    lines += [_md(tr("report.made", date=report_date(), tool=tool_version, catalog=result["catalog"]["version"])), ""]
    lines += [f"## {_md(tr('report.site'))}", ""]
    lines += [f"- {_md(tr('field.' + key))}: {_md(value)}" for key, value in site_rows(s, tr)]
    lines += [
        "",
        f"## {_md(tr('report.options'))}",
        "",
        f"| {tr('col.rank')} | {tr('col.practice')} | {tr('col.fit')} | {tr('col.score')} | {tr('col.per_ha_range')} | {tr('col.total')} | {tr('col.reason')} |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in options:
        c = o["cost"]
        lines.append(
            f"| {o['rank']} | {_md(o['name'])} | {_md(fit_text(o))} | {o['score']:.2f} | {money_range(c['total_per_ha'])} | {_fmt_money(c['total']['typical'])} | {_md(o['main_reason']['text'])} |"
        )
    for o in options[:DETAILS]:
        lines += ["", f"### {o['rank']}. {_md(o['name'])}", "", _md(o.get("summary")), ""]
        lines += [f"- {_md(r['text'])}" for r in o["reasons"]]
        lines += [
            "",
            f"**{_md(tr('report.mrv'))}:** "
            + "; ".join(f"{_md(tr.indicator(m['indicator']))} ({_md(tr('freq.' + m['frequency']))})" for m in o["monitoring"]),
        ]
        lines += ["", f"**{_md(tr('report.policies'))}:** " + ", ".join(_md(p["name"]) for p in o["policy_instruments"])]
        cs = o["case_study"]
        lines += [
            "",
            f"**{_md(tr('report.case'))}:** {_md(cs['name'])} ({_md(cs['place'])}, {cs['country']}): {_md(cs['outcome'])}",
        ]
        lines += ["", f"**{_md(tr('report.sources'))}:**"] + [
            f"- {_md(src['title'])} ({_md(src.get('year') or 'n.d.')}) {_md(src.get('url') or src.get('doi') or '')}"
            for src in o["sources"]
        ]
    if result.get("plan"):
        from .plan import markdown as plan_markdown

        lines += ["", plan_markdown(result["plan"], tr, level=2).rstrip("\n")]
    if result["warnings"]:
        lines += ["", f"## {_md(tr('report.warnings'))}", ""] + [f"- {_md(w['text'])}" for w in result["warnings"]]
    lines += ["", _md(tr("report.estimates"))]
    return "\n".join(lines) + "\n"
