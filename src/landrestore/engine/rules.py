"""General rules from ``rules.yaml``: when the site and the practice match, apply the rule's effect.

Rules are data interpreted with the operators and effects of the rule language
(``model/rulelang.py``); nothing in a catalogue is ever evaluated as code.
"""

from __future__ import annotations

from typing import Any

from landrestore.model.rulelang import EFFECTS, all_hold, new_outcome


def practice_facts(p: dict[str, Any]) -> dict[str, Any]:
    """The practice fields that rule conditions can test (``Rule.practice`` in the schema)."""
    c = p["costs"]
    return {
        "id": p["id"],
        "intervention": p["intervention"],
        "ldn_response": p["ldn_response"],
        "measure_types": p["measure_types"],
        "land_uses": p["suitability"]["land_uses"],
        "addresses": [a["degradation"] for a in p["addresses"]],
        "establishment_typical": c["establishment"]["per_ha"]["typical"],
        "maintenance_typical": ((c.get("maintenance") or {}).get("per_ha") or {}).get("typical"),
        "first_benefit_years": p["timing"]["first_benefit_years"],
        "labour_days_typical": (c.get("labour_days_per_ha") or {}).get("typical"),
        # the establishment's labour share at the reference price level, from its observations
        "labour_share": c["establishment"]["labour_share"],
    }


def site_holds(rule: dict[str, Any], site: dict[str, Any]) -> bool:
    return all_hold(site, rule.get("when"))


def practice_holds(rule: dict[str, Any], p: dict[str, Any]) -> bool:
    return all_hold(practice_facts(p), rule.get("practice"))


def fired(rules: list[dict[str, Any]], site: dict[str, Any], p: dict[str, Any]) -> list[dict[str, Any]]:
    """The rules whose site and practice conditions all hold, in file order."""
    facts = practice_facts(p)
    return [r for r in rules if all_hold(site, r.get("when")) and all_hold(facts, r.get("practice"))]


def apply(fired_rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The effects of the rules that fired, in file order: exclusions, boost, penalty, warnings, policies."""
    out = new_outcome()
    for r in fired_rules:
        EFFECTS[r["effect"]].scalar(out, r)
    return out
