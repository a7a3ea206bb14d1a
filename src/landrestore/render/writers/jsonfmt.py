"""JSON: the documented contract of every command's data (``--format json``)."""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any) -> str:
    """Indented UTF-8 JSON; a non-finite number is a bug, never ``Infinity`` in the output."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


class JsonWriter:
    name = "json"
    capabilities = frozenset({"recommendation", "explanation", "plan", "list", "show", "diagnostics", "schema"})

    def render(self, doc: Any, ctx: Any) -> str:
        return dumps(doc)
