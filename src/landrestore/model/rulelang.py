"""The rule language: the condition operators and rule effects a catalogue may use.

Rules and requirements in a catalogue are data (``field: {operator: argument}``) that the
engine interprets; nothing is ever evaluated as code. Each operator and each effect is one
entry in a registry below, with its scalar form (one site) and its column form (a chunk of
sites, for ``batch``) side by side, so the two cannot drift apart. ``validate`` rejects a
name that is not in a registry; it is never silently ignored.

Column encodings (see ``engine.bulk``): a categorical field is an int array of codes into its
vocabulary (-1 missing), a number a float array (NaN missing), a list field (degradation, land
use) an int64 bitmask over its vocabulary (0 missing), a yes/no field an int8 array (-1 missing).

Example: ``{slope_pct: {gt: 30}}`` holds for a site with a slope of 35 %, not for 25 % and not
for a site whose slope is unknown; ``{degradation: {any_of: [salinization]}}`` holds when
salinization is one of the site's degradation types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Operator:
    """One test of a condition. ``scalar(value, arg)`` is never called with a missing value
    (except by ``missing``); the column forms receive only rows where the value is present."""

    name: str
    arg: str  # what the argument is: "value", "list" (of ids), "number", "bool"
    doc: str
    scalar: Callable[[Any, Any], bool]
    #: bitmask form for list fields: (row masks, argument mask) -> bool array
    mask: Callable[[Any, int], Any] | None = None
    #: numeric form: (float array, argument) -> bool array
    number: Callable[[Any, float], Any] | None = None


def _eq_scalar(v: Any, a: Any) -> bool:
    return v == a


def _in_scalar(v: Any, a: list[Any]) -> bool:
    return all(x in a for x in _values(v))


def _not_in_scalar(v: Any, a: list[Any]) -> bool:
    return not any(x in a for x in _values(v))


def _any_of_scalar(v: Any, a: list[Any]) -> bool:
    return any(x in _values(v) for x in a)


def _all_of_scalar(v: Any, a: list[Any]) -> bool:
    return all(x in _values(v) for x in a)


def _cmp(fn: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    def test(v: Any, a: Any) -> bool:
        return _is_number(v) and fn(v, a)

    return test


OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator(
            "equals",
            "value",
            "the value equals the argument (a list value never equals a single id)",
            _eq_scalar,
            mask=lambda m, a: (m & 0) != 0,  # a list never equals a single value
            number=lambda x, a: x == a,
        ),
        Operator(
            "in",
            "list",
            "the value is one of the ids (for a list: every item is one of them)",
            _in_scalar,
            mask=lambda m, a: (m & ~a) == 0,
            number=None,
        ),
        Operator(
            "not_in",
            "list",
            "the value is none of the ids (for a list: no item is one of them)",
            _not_in_scalar,
            mask=lambda m, a: (m & a) == 0,
        ),
        Operator(
            "any_of",
            "list",
            "at least one of the ids is present",
            _any_of_scalar,
            mask=lambda m, a: (m & a) != 0,
        ),
        Operator(
            "all_of",
            "list",
            "every one of the ids is present",
            _all_of_scalar,
            mask=lambda m, a: (m & a) == a,
        ),
        Operator("gt", "number", "the number is greater than the argument", _cmp(lambda v, a: v > a), number=lambda x, a: x > a),
        Operator("gte", "number", "the number is at least the argument", _cmp(lambda v, a: v >= a), number=lambda x, a: x >= a),
        Operator("lt", "number", "the number is less than the argument", _cmp(lambda v, a: v < a), number=lambda x, a: x < a),
        Operator("lte", "number", "the number is at most the argument", _cmp(lambda v, a: v <= a), number=lambda x, a: x <= a),
        Operator(
            "missing",
            "bool",
            "true: the fact is not given; false: it is given",
            lambda v, a: True,  # decided in holds(): it is the only test of a missing value
        ),
    )
}


def is_missing(value: Any) -> bool:
    return value is None or value == [] or value == ""


def holds(value: Any, cond: dict[str, Any]) -> bool:
    """Whether a value meets every test of a condition (all tests must hold).

    A missing value fails every test except ``missing: true``.
    """
    missing = is_missing(value)
    want_missing = cond.get("missing")
    if want_missing is not None and want_missing != missing:
        return False
    if missing:
        return want_missing is True
    for name, arg in cond.items():
        if name == "missing" or arg is None:
            continue
        if not OPERATORS[name].scalar(value, arg):
            return False
    return True


def all_hold(facts: dict[str, Any], conditions: dict[str, dict[str, Any]] | None) -> bool:
    """Whether every ``field: condition`` of a mapping holds on the facts."""
    return all(holds(facts.get(f), c) for f, c in (conditions or {}).items())


# --- effects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """What a rule does when its conditions hold.

    ``scalar(outcome, rule)`` updates one practice's outcome on one site; ``column(state, mask,
    rule)`` updates the chunk arrays (``state`` holds ``excluded``, ``boost``, ``penalty``) where
    ``mask`` (sites x practices) is true. ``needs`` names the rule field it requires.
    """

    name: str
    doc: str
    needs: str | None
    scalar: Callable[[dict[str, Any], dict[str, Any]], None]
    column: Callable[[dict[str, Any], Any, dict[str, Any]], None]


def _no_column(state: dict[str, Any], mask: Any, rule: dict[str, Any]) -> None:
    """Warnings and policies do not change scores; the bulk scorer has nothing to do."""


def _exclude(out: dict[str, Any], rule: dict[str, Any]) -> None:
    out["excluded_by"].append(rule["id"])


def _exclude_col(state: dict[str, Any], mask: Any, rule: dict[str, Any]) -> None:
    state["excluded"] |= mask


def _boost(out: dict[str, Any], rule: dict[str, Any]) -> None:
    out["boost"] += rule["amount"]


def _boost_col(state: dict[str, Any], mask: Any, rule: dict[str, Any]) -> None:
    state["boost"] += mask * rule["amount"]


def _penalise(out: dict[str, Any], rule: dict[str, Any]) -> None:
    out["penalty"] += rule["amount"]


def _penalise_col(state: dict[str, Any], mask: Any, rule: dict[str, Any]) -> None:
    state["penalty"] += mask * rule["amount"]


def _warn(out: dict[str, Any], rule: dict[str, Any]) -> None:
    out["warnings"].append(rule["id"])


def _add_policy(out: dict[str, Any], rule: dict[str, Any]) -> None:
    out["policies"].append((rule["policy"], rule["id"]))


EFFECTS: dict[str, Effect] = {
    e.name: e
    for e in (
        Effect("exclude", "the practice cannot work here: it is excluded, with the rule's message", None, _exclude, _exclude_col),
        Effect("boost", "raise the score by `amount` (0-1)", "amount", _boost, _boost_col),
        Effect("penalise", "lower the score by `amount` (0-1)", "amount", _penalise, _penalise_col),
        Effect("warn", "keep the practice and show the rule's message as a warning", None, _warn, _no_column),
        Effect(
            "add_policy",
            "add the policy instrument `policy` to the option's enabling policies",
            "policy",
            _add_policy,
            _no_column,
        ),
    )
}


def new_outcome() -> dict[str, Any]:
    """The scalar state effects write into, for one practice on one site."""
    return {"excluded_by": [], "boost": 0.0, "penalty": 0.0, "warnings": [], "policies": []}
