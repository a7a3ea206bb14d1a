"""The terminal table: ranked options with their fit, score and cost range, then the best in detail.

Fits 80 columns without breaking a word (long names wrap at spaces). Colour only on a terminal
and never with ``--no-color`` or ``NO_COLOR``.
"""

from __future__ import annotations

import io
from typing import Any

DETAILS = 3


def _bar(value: float, width: int = 5) -> str:
    full = int(round(max(0.0, min(1.0, value)) * width))
    return "█" * full + "░" * (width - full)


def _console(ctx: Any, file: Any = None) -> Any:
    from rich.console import Console

    return Console(
        file=file,
        width=ctx.width,
        color_system="auto" if ctx.color else None,
        no_color=not ctx.color,
        force_terminal=ctx.color if file is None else False,
        highlight=False,
        soft_wrap=False,
    )


def _money_range(tr: Any, rng: dict[str, float]) -> str:
    return f"{tr.number(rng['typical'])} ({tr.number(rng['low'])}-{tr.number(rng['high'])})"


def print_recommendation(result: dict[str, Any], console: Any, tr: Any, explain: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    s = result["site"]
    console.print(Text(tr("table.title", site=s.get("name") or tr.term("biome", s["biome"])), style="bold"))
    facts = [tr.term("biome", s["biome"]), f"{tr.term('severity', s['severity'])}: {tr.terms('degradation', s['degradation'])}"]
    if s.get("country"):
        facts.append(tr.term("country", s["country"]))
    if s.get("area_ha"):
        facts.append(f"{tr.number(s['area_ha'], 1)} ha")
    if s.get("budget_usd") is not None:
        facts.append(tr("budget", amount=tr.number(s["budget_usd"])))
    console.print(Text("; ".join(facts) + f" ({tr('confidence', level=tr('conf.' + s['confidence']))})", style="dim"))
    wide = console.width >= 110
    budget = s.get("budget_usd") is not None
    # The practice's name with its main reason beneath it takes the width left by the narrow
    # columns, so that names and reasons wrap at spaces and no word is broken at 80 columns.
    table = Table(show_lines=False, pad_edge=False, expand=False, box=None)
    table.add_column(tr("col.rank"), justify="right", no_wrap=True)
    table.add_column(tr("col.practice_reason"), overflow="fold", min_width=24)
    table.add_column(tr("col.fit"), no_wrap=True)
    table.add_column(tr("col.score"), no_wrap=True, width=11 if wide else 5)
    table.add_column(tr("col.per_ha_range"), justify="right", no_wrap=wide, min_width=12)
    if wide:
        table.add_column(tr("col.pv"), justify="right", no_wrap=True)
    if budget:
        table.add_column(tr("col.fits"), no_wrap=True)
    for o in result["options"]:
        c = o["cost"]
        suit = o["suitability"]
        lim = suit["limiting_factor_name"]
        fit = suit["class"] + (f" {lim}" if lim and suit["class"] != "S1" else "")
        name = Text(o["name"])
        name.append("\n" + o["main_reason"]["text"], style="dim")
        score = f"{_bar(o['score'])} {o['score']:.2f}" if wide else f"{o['score']:.2f}"
        row = [str(o["rank"]), name, fit, score, _money_range(tr, c["total_per_ha"])]
        if wide:
            row.append(tr.number(c["present_value"]["typical"]))
        if budget:
            row.append(tr("yes") if c.get("within_budget") else tr("no"))
        table.add_row(*row)
    console.print(table)
    if not result["options"]:
        console.print(tr("none_fit"), markup=False, highlight=False)
    else:
        first = result["options"][0]["cost"]
        console.print(
            Text(
                tr("table.cost_note", years=first["horizon_years"], year=first["year"], rate=f"{first['discount_rate']:.0%}"),
                style="dim",
            )
        )
    for o in result["options"][:DETAILS]:
        console.print(Text(f"\n{o['rank']}. {o['name']} ({o['practice_id']})", style="bold"))
        for r in o["reasons"]:
            console.print(f"  - {r['text']}", markup=False, highlight=False)
        if explain:
            comps = ", ".join(f"{k} {v:.2f}" for k, v in o["components"].items() if v is not None)
            console.print(f"  {tr('components')}: {comps}; rule adjustment {o['adjustment']:+.2f}", markup=False, highlight=False)
            for f in o["suitability"]["factors"]:
                cls = f["class"] or "?"
                console.print(f"  {tr('factor.' + f['factor'])} {cls}: {f['text']}", markup=False, highlight=False)
            for r in o["rules_fired"]:
                console.print(f"  {tr('rule')} {r['rule']} ({r['effect']}): {r['text']}", markup=False, highlight=False)
        cs = o["case_study"]
        start = cs["years"].get("start")
        where = tr.term("country", cs["country"]) + (f" {start}" if start else "")
        console.print(f"  {tr('case_study')}: {cs['name']}, {where}: {cs['outcome']}", markup=False, highlight=False)
        mon = "; ".join(f"{tr.indicator(m['indicator'])} ({tr('freq.' + m['frequency'])})" for m in o["monitoring"])
        console.print(f"  {tr('monitor')}: {mon}", markup=False, highlight=False)
        console.print(
            f"  {tr('policy')}: " + ", ".join(p["name"] for p in o["policy_instruments"]), markup=False, highlight=False
        )
    if explain and result["excluded"]:
        console.print(Text("\n" + tr("excluded"), style="bold"))
        for e in result["excluded"]:
            console.print(f"  {e['name']}: " + "; ".join(r["text"] for r in e["reasons"]), markup=False, highlight=False)
    for w in result["warnings"]:
        console.print(f"{tr('note')}: {w['text']}", style="yellow", markup=False, highlight=False)
    if result["options"]:
        console.print(
            Text(tr("footer", year=result["options"][0]["cost"]["year"], version=result["catalog"]["version"]), style="dim")
        )


def print_explanation(res: dict[str, Any], console: Any, tr: Any) -> None:
    out = [f"{res['name']} ({res['practice_id']})"]
    suit = res["suitability"]
    lim = suit["limiting_factor_name"] or tr("factor.none")
    out.append(tr("explain.suitability", cls=suit["class"], name=suit["class_name"], value=f"{suit['value']:.2f}", factor=lim))
    for f in suit["factors"]:
        out.append(f"  {tr('factor.' + f['factor']):<12} {f['class'] or '?':<3} {f['text']}")
    if res["excluded"]:
        out.append(tr("explain.excluded"))
        out += [f"  - {r['text']}" for r in res["reasons"]]
    else:
        o = res["option"]
        out.append(tr("explain.rank", rank=res["rank"], of=res["of"], score=f"{o['score']:.4f}"))
        out.append(tr("explain.components"))
        for k, v in o["components"].items():
            out.append(f"  {k:<20} {res['weights'][k]:.2f} x " + (tr("explain.na") if v is None else f"{v:.4f}"))
        floor = res["suitability_floor"]
        out.append(f"  {tr('explain.suitability_multiplier'):<20} {floor:.2f} + {1 - floor:.2f} x {suit['value']:.4f}")
        out.append(f"  {tr('explain.adjustment'):<20} {o['adjustment']:+.4f}")
        out += [f"  - {r['text']}" for r in o["reasons"]]
        c = o["cost"]
        e, m, adj = c["establishment_per_ha"], c["maintenance_per_ha_year"], c["adjustments"]
        out.append(
            tr(
                "explain.cost",
                est=tr.number(e["typical"]),
                low=tr.number(e["low"]),
                high=tr.number(e["high"]),
                mnt=tr.number(m["typical"]),
                level=f"{adj['site_price_level']:.2f}",
                share=f"{adj['labour_share']:.2f}",
                treated=tr.number(c["treated_area_ha"]["typical"], 1),
                area=tr.number(c["area_ha"], 1),
            )
        )
    for r in res["requirements"]:
        out.append(f"{tr('requirement')}: {r['name']}: {r['description']}")
    for r in res["rules_fired"]:
        out.append(f"{tr('rule')} {r['rule']} ({r['effect']}): {r['text']}")
    out += [f"{tr('note')}: {w['text']}" for w in res["warnings"]]
    for line in out:
        console.print(line, markup=False, highlight=False)


def print_list(items: list[dict[str, Any]], console: Any, columns: list[tuple[str, str]], title: str) -> None:
    from rich.table import Table

    t = Table(title=title, box=None, pad_edge=False)
    for _, head in columns:
        t.add_column(head, overflow="fold")
    for it in items:
        t.add_row(*[str(it.get(key, "")) for key, _ in columns])
    console.print(t)


class TableWriter:
    name = "table"
    capabilities = frozenset({"recommendation", "explanation", "plan", "list"})

    def render(self, doc: Any, ctx: Any) -> str:
        buf = io.StringIO()
        self.print(doc, ctx, _console(ctx, file=buf))
        return buf.getvalue()

    def print(self, doc: Any, ctx: Any, console: Any | None = None) -> None:
        """Print straight to the terminal (colour when it is one)."""
        from landrestore.render.i18n import Translator

        console = console or _console(ctx)
        tr = Translator(ctx.lang, ctx.catalog)
        if ctx.kind == "explanation":
            print_explanation(doc, console, tr)
        elif ctx.kind == "plan":
            from landrestore.render.plan import print_plan

            print_plan(doc, console, tr)
        elif ctx.kind == "list":
            print_list(doc["items"], console, doc["columns"], doc["title"])
        else:
            print_recommendation(doc, console, tr, explain=ctx.explain)
