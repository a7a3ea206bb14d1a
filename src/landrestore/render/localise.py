"""Codes to words: the one place where the engine's results become sentences in a language.

The engine returns reasons, warnings and exclusions as codes with parameters
(``{"code": "slope.above_optimal", "given": 35, "optimal": [0, 30], ...}``). ``localise`` adds the
rendered ``text`` beside each code, and the names of practices, policies and biomes, giving the
JSON contract of ``recommend --format json``: scripts match on codes, people read the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .i18n import Translator

RANGE_FACTORS = ("rainfall", "slope", "soil_ph")


def _range(tr: Translator, rng: list[float]) -> str:
    lo, hi = rng
    return f"{tr.number(lo, 1)}-{tr.number(hi, 1)}"


def _effects(tr: Translator, effects: list[dict[str, Any]]) -> str:
    return tr.join(
        [
            tr("reason.effect", level=tr(f"level.{e['level']}"), degradation=tr.term("degradation", e["degradation"]))
            for e in effects
        ]
    )


def _ids(kind: str) -> Callable[[Translator, Any], str]:
    def fmt(tr: Translator, value: Any) -> str:
        if isinstance(value, list):
            return tr.terms(kind, value)
        return tr.term(kind, value)

    return fmt


#: How each parameter of a code is put into words.
PARAMS: dict[str, Callable[[Translator, Any], str]] = {
    "biome": _ids("biome"),
    "similar_biomes": _ids("biome"),
    "documented_biomes": _ids("biome"),
    "aridity": _ids("aridity"),
    "documented_zones": _ids("aridity"),
    "land_uses": _ids("land_use"),
    "documented_uses": _ids("land_use"),
    "to": _ids("land_use"),
    "requirements": _ids("requirement"),
    "degradation": _ids("degradation"),
    "severity": _ids("severity"),
    "ldn": _ids("ldn_response"),
    "intervention": _ids("intervention"),
    "region": _ids("region"),
    "region_given": _ids("region"),
    "country": _ids("country"),
    "level": lambda tr, v: tr(f"level.{v}"),
    "fit": lambda tr, v: tr(f"fit.{v}"),
    "items": lambda tr, v: tr.enum([tr(f"cob.{k}") for k in v]),
    "effects": _effects,
    "facts": lambda tr, v: tr.enum([tr(f"field.{f}").split(" (")[0].lower() if tr.lang == "en" else tr(f"field.{f}") for f in v]),
    "given": lambda tr, v: tr.number(v, 1),
    "optimal": _range,
    "absolute": _range,
    "per_ha": lambda tr, v: tr.number(v),
    "low": lambda tr, v: tr.number(v),
    "high": lambda tr, v: tr.number(v),
    "area": lambda tr, v: tr.number(v, 1),
    "total": lambda tr, v: tr.number(v, 1),
    "rainfall_mm": lambda tr, v: tr.number(v, 1),
    "pet_mm": lambda tr, v: tr.number(v, 1),
    "ai": lambda tr, v: f"{v:.2f}",
}


def text(item: dict[str, Any], tr: Translator) -> str:
    """One code with its parameters as a sentence in the translator's language."""
    name = item["code"]
    if name.startswith("rule."):
        rule = next((r for r in (tr.catalog.rules if tr.catalog else []) if r["id"] == item.get("rule", name[5:])), None)
        return tr.message(rule) if rule else name
    params = {k: (PARAMS[k](tr, v) if k in PARAMS else v) for k, v in item.items() if k != "code"}
    factor, _, where = name.partition(".")
    if factor in RANGE_FACTORS:
        params.update(what=tr(f"what.{factor}"), unit=tr(f"unit.{factor}"))
        ab = item.get("absolute") or [None, None]
        params.update(absolute_low=tr.number(ab[0], 1), absolute_high=tr.number(ab[1], 1))
        name = f"range.{where}"
    out = tr(name, **params)
    if item["code"] == "reason.cost" and item.get("maintenance_known") is False:
        out += tr("reason.no_maintenance")
    return out


def with_text(item: dict[str, Any], tr: Translator) -> dict[str, Any]:
    return {**item, "text": text(item, tr)}


def suitability(suit: dict[str, Any], tr: Translator) -> dict[str, Any]:
    lim = suit["limiting_factor"]
    return {
        **suit,
        "class_name": tr(f"class.{suit['class']}"),
        "limiting_factor_name": tr(f"factor.{lim}") if lim else None,
        "factors": [with_text(f, tr) for f in suit["factors"]],
    }


def option(o: dict[str, Any], tr: Translator) -> dict[str, Any]:
    cat = tr.catalog
    p = cat.practices[o["practice_id"]]
    policies = []
    for pol in o["policy_instruments"]:
        entry = cat.policies.get(pol["id"], {"id": pol["id"], "name": pol["id"]})
        why = "catalogue" if pol["why"] == "catalogue" else text({"code": f"rule.{pol['rule']}", "rule": pol["rule"]}, tr)
        policies.append({**pol, "name": tr.name(entry), "summary": tr.summary(entry) or None, "why": why})
    return {
        "rank": o["rank"],
        "practice_id": o["practice_id"],
        "name": tr.name(p),
        "summary": tr.summary(p),
        **{k: v for k, v in o.items() if k not in ("rank", "practice_id")},
        "suitability": suitability(o["suitability"], tr),
        "main_reason": with_text(o["main_reason"], tr),
        "reasons": [with_text(r, tr) for r in o["reasons"]],
        "rules_fired": [with_text(r, tr) for r in o["rules_fired"]],
        "policy_instruments": policies,
    }


def recommendation(result: dict[str, Any], catalog: Any, lang: str = "en") -> dict[str, Any]:
    """The engine's recommendation with names and texts in ``lang``: the JSON contract."""
    tr = Translator(lang, catalog)
    biome = catalog.biomes.get(result["site"]["biome"]) or {}
    return {
        "format_version": result["format_version"],
        "language": lang,
        "site": result["site"],
        "catalog": result["catalog"],
        "biome_context": {**result["biome_context"], "name": tr.name(biome) if biome else None},
        "options": [option(o, tr) for o in result["options"]],
        "excluded": [
            {
                "practice_id": e["practice_id"],
                "name": tr.name(catalog.practices[e["practice_id"]]),
                "suitability": suitability(e["suitability"], tr),
                "reasons": [with_text(r, tr) for r in e["reasons"]],
            }
            for e in result["excluded"]
        ],
        "warnings": [with_text(w, tr) for w in result["warnings"]],
    }


def explanation(result: dict[str, Any], catalog: Any, lang: str = "en") -> dict[str, Any]:
    """``explain`` with names and texts in ``lang``."""
    tr = Translator(lang, catalog)
    out = {
        **result,
        "language": lang,
        "name": tr.name(catalog.practices[result["practice_id"]]),
        "suitability": suitability(result["suitability"], tr),
        "requirements": [{**r, "name": tr.name(r)} for r in result["requirements"]],
        "rules_fired": [with_text(r, tr) for r in result["rules_fired"]],
        "warnings": [with_text(w, tr) for w in result["warnings"]],
    }
    if result["excluded"]:
        out["reasons"] = [with_text(r, tr) for r in result["reasons"]]
    else:
        out["option"] = option(result["option"], tr)
    return out
