"""JSON Lines: one JSON object per site (``batch -o results.jsonl``), the same fields as ``--format json``."""

from __future__ import annotations

import json
from typing import Any


def line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


class JsonLinesWriter:
    name = "jsonl"
    capabilities = frozenset({"recommendation", "batch"})

    def render(self, doc: Any, ctx: Any) -> str:
        return line(doc)

    def batch_header(self, ctx: Any) -> str:
        return ""

    def batch_chunk(self, chunk: Any, ctx: Any) -> str:
        return "".join(line(rec) for rec in chunk.records())

    def batch_footer(self, ctx: Any) -> str:
        return ""
