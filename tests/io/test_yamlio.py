"""Reading YAML: the same data as PyYAML's safe loader, with positions, duplicate keys found."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from landrestore.io.yamlio import parse_text

words = st.one_of(
    st.sampled_from(
        [
            "yes",
            "No",
            "ON",
            "off",
            "true",
            "False",
            "null",
            "Null",
            "~",
            "",
            "0",
            "012",
            "0x1F",
            "1_000",
            "1:30",
            "1.5",
            "-3",
            ".inf",
            "-.5",
            "2024-01-02",
            "1e3",
            "é",
            "Óscar",
            "12 apples",
            "not",
            "nan",
        ]
    ),
    st.from_regex(r"[A-Za-z0-9 .:_+\-]{0,12}", fullmatch=True),
    st.integers(-(10**9), 10**9).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


def _plain(v: str) -> str:
    # Keep generated scalars plain YAML (no comments, no flow indicators at the ends).
    return v.strip().replace("#", "").replace(": ", " ").rstrip(":")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.from_regex(r"[a-z]{1,8}", fullmatch=True), words), min_size=1, max_size=8, unique_by=lambda kv: kv[0])
)
def test_same_data_as_pyyaml_safe_load(pairs) -> None:
    text = "".join(f"{k}: {_plain(v)}\n" for k, v in pairs)
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    assert parse_text(text).data == expected


def test_positions_and_duplicate_keys() -> None:
    doc = parse_text("- id: a\n  name: x\n  name: y\n- id: b\n  costs: {low: 1}\n")
    assert doc.data == [{"id": "a", "name": "y"}, {"id": "b", "costs": {"low": 1}}]
    assert [(p.line, p.column, p.code) for p in doc.problems] == [(3, 3, "duplicate-key")]
    assert doc.locate([1, "costs", "low"]) == (5, 16)
    assert doc.locate([1, "costs"], key=True) == (5, 3)


def test_positions_in_a_long_list_match_the_whole_document() -> None:
    text = "".join(f"- id: p{i}\n  costs: {{low: {i}}}\n  list:\n    - a\n    - b: 3\n" for i in range(120))
    fast = parse_text(text)
    slow = parse_text(text)
    slow.item_lines = None  # forces the whole-document node tree
    for loc in ([77, "costs", "low"], [77, "list", 1, "b"], [119, "missing"], [0, "id"]):
        assert fast.locate(loc) == slow.locate(loc)
