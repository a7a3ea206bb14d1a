"""Tables to hand on: the UNCCD PRAIS table of implemented actions, and a monitoring plan.

``landrestore export prais`` fills the table a country completes in its national report under
Strategic Objective 1 (PRAIS 4, table SO1.IA.T1 "implemented actions": description, location,
start date, area in km2, funding source), from a recommendation, a plan or a batch result.
``landrestore export mrv`` lists, per option, what to monitor: indicator, method, the baseline to
measure before work starts, frequency, and the SDG 15.3.1 sub-indicator it feeds. Both are a
``table`` document (a title, a header and rows) that the CSV and XLSX writers write.
"""

from __future__ import annotations

from typing import Any

from .i18n import Translator

SDG_SUBINDICATORS = ("land_cover", "land_productivity", "soil_organic_carbon")


def _km2(ha: float | None) -> float | None:
    return None if ha is None else round(float(ha) / 100.0, 4)


def _location(site: dict[str, Any], tr: Translator, zone: str | None = None) -> str:
    parts = [p for p in (zone, site.get("name"), tr.term("country", site.get("country")) if site.get("country") else None) if p]
    return ", ".join(parts)


def _description(tr: Translator, name: str, ldn: str | None, intervention: str | None) -> str:
    kind = ", ".join(
        x
        for x in (tr.term("ldn_response", ldn) if ldn else "", tr.term("intervention", intervention) if intervention else "")
        if x
    )
    return f"{name} ({kind})" if kind else name


def prais_header(tr: Translator) -> list[str]:
    return [
        tr(f"prais.{k}")
        for k in ("description", "location", "start_date", "area_km2", "funding_source", "practice_id", "cost_usd")
    ]


def prais_from_recommendation(
    doc: dict[str, Any], tr: Translator, top: int = 3, start_date: str = "", funding: str = ""
) -> dict[str, Any]:
    """Candidate actions: the best options, each on the area its budget covers (or the site's)."""
    site = doc["site"]
    rows = []
    for o in doc["options"][:top]:
        c = o["cost"]
        area = c.get("affordable_area_ha", None if c.get("area_assumed") else c.get("area_ha"))
        rows.append(
            [
                _description(tr, o["name"], o.get("ldn_response"), o.get("intervention")),
                _location(site, tr),
                start_date,
                _km2(area),
                funding,
                o["practice_id"],
                c["total"]["typical"],
            ]
        )
    return {"title": tr("prais.title"), "header": prais_header(tr), "rows": rows}


def prais_from_plan(doc: dict[str, Any], tr: Translator, start_date: str = "", funding: str = "") -> dict[str, Any]:
    """The funded practices of a plan, one row per zone and practice, with the area it covers."""
    site = doc["site"]
    names = {}
    rows = []
    for z in doc["zones"]:
        for p in z["practices"]:
            names[p["practice_id"]] = p.get("name") or p["practice_id"]
            rows.append(
                [
                    names[p["practice_id"]],
                    _location(site, tr, z.get("name") or z["id"]),
                    start_date,
                    _km2(p["area_ha"]),
                    funding,
                    p["practice_id"],
                    p["total"]["typical"],
                ]
            )
    return {"title": tr("prais.title"), "header": prais_header(tr), "rows": rows}


def prais_from_batch(records: list[dict[str, str]], tr: Translator, start_date: str = "", funding: str = "") -> dict[str, Any]:
    """The first option of every site of a batch CSV result (sites where nothing fits are left out)."""
    rows = []
    for r in records:
        if r.get("rank") != "1" or not r.get("practice_id"):
            continue
        area = r.get("affordable_area_ha") or None
        rows.append(
            [
                _description(tr, r.get("name") or r["practice_id"], r.get("ldn_response"), r.get("intervention")),
                r.get("site", ""),
                start_date,
                _km2(float(area)) if area else None,
                funding,
                r["practice_id"],
                float(r["total_typical"]) if r.get("total_typical") else None,
            ]
        )
    return {"title": tr("prais.title"), "header": prais_header(tr), "rows": rows}


def mrv_table(doc: dict[str, Any], tr: Translator, top: int = 3) -> dict[str, Any]:
    """A monitoring plan for the best options: one row per option and indicator."""
    header = [tr(f"mrv.{k}") for k in ("practice", "indicator", "method", "baseline", "frequency", "sdg")]
    rows = []
    for o in doc["options"][:top]:
        for m in o["monitoring"]:
            indicator = tr.indicator(m["indicator"])
            sdg = tr(f"indicator.{m['indicator']}") if m["indicator"] in SDG_SUBINDICATORS else ""
            rows.append(
                [
                    o["name"],
                    indicator + (f" ({m['unit']})" if m.get("unit") else ""),
                    m["method"],
                    tr("mrv.baseline_text", indicator=indicator),
                    tr(f"freq.{m['frequency']}"),
                    sdg,
                ]
            )
    return {"title": tr("mrv.title"), "header": header, "rows": rows}
