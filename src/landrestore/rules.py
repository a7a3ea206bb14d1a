"""The rules: hard exclusions built into the engine, and general rules read from ``rules.yaml``.

Built-in exclusions come first: each is a small function whose docstring's first line is the
reason a user reads. General rules are data (condition -> effect) interpreted here; nothing in a
catalogue is ever evaluated as code.
"""

from __future__ import annotations

from typing import Any

# --- built-in hard exclusions -------------------------------------------------------------
# Each returns None, or the message key and parameters of why the practice cannot work here.

Reason = tuple[str, dict[str, Any]] | None


def _g(x: float) -> str:
    return f"{x:g}"


def biome_mismatch(site: dict[str, Any], p: dict[str, Any], tr: Any) -> Reason:
    """The practice is not used in this biome."""
    if site["biome"] not in p["suitability"]["biomes"]:
        return "excl.biome", {"biome": tr.term("biome", site["biome"]), "allowed": tr.terms("biome", p["suitability"]["biomes"])}
    return None


def aridity_mismatch(site: dict[str, Any], p: dict[str, Any], tr: Any) -> Reason:
    """The practice does not work in this aridity zone."""
    a = site.get("aridity")
    if a and a not in p["suitability"]["aridity"]:
        return "excl.aridity", {"aridity": tr.term("aridity", a), "allowed": tr.terms("aridity", p["suitability"]["aridity"])}
    return None


def land_use_mismatch(site: dict[str, Any], p: dict[str, Any], tr: Any) -> Reason:
    """The practice does not apply to this land use."""
    lu = site.get("land_use")
    if lu and lu not in p["suitability"]["land_uses"]:
        return "excl.land_use", {
            "land_use": tr.term("land_use", lu),
            "allowed": tr.terms("land_use", p["suitability"]["land_uses"]),
        }
    return None


def rainfall_out_of_range(site: dict[str, Any], p: dict[str, Any], tr: Any) -> Reason:
    """Rainfall at the site is outside the range where the practice works."""
    r = site.get("rainfall_mm")
    mm = p["suitability"].get("rainfall_mm")
    if r is not None and mm and not (mm["min"] <= r <= mm["max"]):
        return "excl.rainfall", {"value": _g(r), "low": _g(mm["min"]), "high": _g(mm["max"])}
    return None


def slope_out_of_range(site: dict[str, Any], p: dict[str, Any], tr: Any) -> Reason:
    """The site's slope is outside the range where the practice works."""
    s = site.get("slope_pct")
    mm = p["suitability"].get("slope_pct")
    if s is not None and mm and not (mm["min"] <= s <= mm["max"]):
        return "excl.slope", {"value": _g(s), "low": _g(mm["min"]), "high": _g(mm["max"])}
    return None


def no_degradation_addressed(site: dict[str, Any], p: dict[str, Any], tr: Any) -> Reason:
    """The practice acts on none of the site's degradation types."""
    acts_on = {a["degradation"] for a in p["addresses"]}
    if not acts_on.intersection(site["degradation"]):
        return "excl.degradation", {"types": tr.terms("degradation", site["degradation"])}
    return None


HARD_RULES = {
    "biome-mismatch": biome_mismatch,
    "aridity-mismatch": aridity_mismatch,
    "land-use-mismatch": land_use_mismatch,
    "rainfall-out-of-range": rainfall_out_of_range,
    "slope-out-of-range": slope_out_of_range,
    "no-degradation-addressed": no_degradation_addressed,
}


def hard_exclusions(site: dict[str, Any], practice: dict[str, Any], tr: Any = None) -> list[dict[str, str]]:
    """Every built-in rule that excludes the practice here, with its reason in the user's language."""
    from .i18n import Translator

    tr = tr or Translator()
    out = []
    for rule_id, fn in HARD_RULES.items():
        reason = fn(site, practice, tr)
        if reason:
            key, params = reason
            out.append({"rule": rule_id, "reason": tr(key, **params)})
    return out


# --- general rules from rules.yaml -------------------------------------------------------------


def practice_facts(p: dict[str, Any]) -> dict[str, Any]:
    """The practice fields that rule conditions can test."""
    return {
        "id": p["id"],
        "intervention": p["intervention"],
        "ldn_response": p["ldn_response"],
        "measure_types": p["measure_types"],
        "land_uses": p["suitability"]["land_uses"],
        "addresses": [a["degradation"] for a in p["addresses"]],
        "establishment_typical": p["costs"]["establishment_per_ha"]["typical"],
        "maintenance_typical": (p["costs"].get("maintenance_per_ha_year") or {}).get("typical"),
        "first_benefit_years": p["timing"]["first_benefit_years"],
        "labour_days_typical": (p["costs"].get("labour_days_per_ha") or {}).get("typical"),
    }


def holds(value: Any, cond: dict[str, Any]) -> bool:
    """Whether a value meets every test of a condition (see models.Condition)."""
    missing = value is None or value == []
    if cond.get("missing") is not None:
        if cond["missing"] != missing:
            return False
    if missing:
        return cond.get("missing") is True
    values = value if isinstance(value, list) else [value]
    if cond.get("equals") is not None and value != cond["equals"]:
        return False
    if cond.get("in") is not None and not all(v in cond["in"] for v in values):
        return False
    if cond.get("not_in") is not None and any(v in cond["not_in"] for v in values):
        return False
    if cond.get("any_of") is not None and not any(v in values for v in cond["any_of"]):
        return False
    if cond.get("all_of") is not None and not all(v in values for v in cond["all_of"]):
        return False
    for op, test in (
        ("gt", lambda a, b: a > b),
        ("gte", lambda a, b: a >= b),
        ("lt", lambda a, b: a < b),
        ("lte", lambda a, b: a <= b),
    ):
        if cond.get(op) is not None:
            if not isinstance(value, (int, float)) or not test(value, cond[op]):
                return False
    return True


def fired(rules: list[dict[str, Any]], site: dict[str, Any], practice: dict[str, Any]) -> list[dict[str, Any]]:
    """The general rules whose site and practice conditions all hold, in file order."""
    facts = practice_facts(practice)
    out = []
    for rule in rules:
        if all(holds(site.get(f), c) for f, c in (rule.get("when") or {}).items()) and all(
            holds(facts.get(f), c) for f, c in (rule.get("practice") or {}).items()
        ):
            out.append(rule)
    return out


def adjustment(fired_rules: list[dict[str, Any]]) -> float:
    """Boosts minus penalties of the rules that fired, added in file order."""
    boost = penalty = 0.0
    for r in fired_rules:
        if r["effect"] == "boost":
            boost += r["amount"]
        elif r["effect"] == "penalise":
            penalty += r["amount"]
    return boost - penalty
