"""The rule language: every operator and every effect, as a catalogue keeper would use them."""

from __future__ import annotations

import pytest

from landrestore.model.rulelang import EFFECTS, OPERATORS, holds, new_outcome

# (operator, argument, value that holds, value that does not)
CASES = {
    "equals": ("cropland", "cropland", "forest"),
    "in": (["arid", "semi_arid"], "arid", "humid"),
    "not_in": (["salinization"], ["water_erosion"], ["water_erosion", "salinization"]),
    "any_of": (["wind_erosion"], ["water_erosion", "wind_erosion"], ["water_erosion"]),
    "all_of": (["water_erosion", "vegetation_loss"], ["water_erosion", "vegetation_loss", "fire_damage"], ["water_erosion"]),
    "gt": (30, 35.0, 30.0),
    "gte": (30, 30.0, 29.9),
    "lt": (5.5, 5.4, 5.5),
    "lte": (5.5, 5.5, 5.6),
}


def test_every_operator_has_a_case_here() -> None:
    assert set(OPERATORS) == set(CASES) | {"missing"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_operator_holds_and_fails(name: str) -> None:
    arg, yes, no = CASES[name]
    assert holds(yes, {name: arg})
    assert not holds(no, {name: arg})


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_missing_fact_fails_every_test_but_missing(name: str) -> None:
    arg, _, _ = CASES[name]
    assert not holds(None, {name: arg})
    assert not holds([], {name: arg})


def test_missing_true_and_false() -> None:
    assert holds(None, {"missing": True}) and not holds(None, {"missing": False})
    assert holds(550.0, {"missing": False}) and not holds(550.0, {"missing": True})


def test_a_number_test_on_text_or_a_list_never_holds() -> None:
    assert not holds("cropland", {"gt": 1})
    assert not holds(["cropland"], {"lt": 1})
    assert not holds(True, {"gte": 0})  # a yes/no is not a number


def test_every_test_of_a_condition_must_hold() -> None:
    assert holds(35, {"gt": 30, "lte": 60})
    assert not holds(70, {"gt": 30, "lte": 60})


def test_effects_change_the_outcome_as_documented() -> None:
    out = new_outcome()
    EFFECTS["boost"].scalar(out, {"id": "b", "amount": 0.05})
    EFFECTS["penalise"].scalar(out, {"id": "p", "amount": 0.15})
    EFFECTS["exclude"].scalar(out, {"id": "x"})
    EFFECTS["warn"].scalar(out, {"id": "w"})
    EFFECTS["add_policy"].scalar(out, {"id": "a", "policy": "land_tenure_security"})
    assert out == {
        "excluded_by": ["x"],
        "boost": 0.05,
        "penalty": 0.15,
        "warnings": ["w"],
        "policies": [("land_tenure_security", "a")],
    }


def test_effects_needing_an_argument_say_which() -> None:
    assert {e.name: e.needs for e in EFFECTS.values()} == {
        "exclude": None,
        "boost": "amount",
        "penalise": "amount",
        "warn": None,
        "add_policy": "policy",
    }


def test_column_forms_of_effects_update_the_chunk_arrays() -> None:
    import numpy as np

    state = {"excluded": np.zeros((2, 2), dtype=bool), "boost": np.zeros((2, 2)), "penalty": np.zeros((2, 2))}
    mask = np.array([[True, False], [False, True]])
    EFFECTS["boost"].column(state, mask, {"amount": 0.05})
    EFFECTS["exclude"].column(state, mask, {})
    assert state["boost"].tolist() == [[0.05, 0.0], [0.0, 0.05]]
    assert state["excluded"].tolist() == mask.tolist()
