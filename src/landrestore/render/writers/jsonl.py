"""JSON Lines: one JSON object per site (``batch -o results.jsonl``), the same fields as ``--format json``."""

from __future__ import annotations

from typing import Any


def line(obj: Any) -> str:
    """One compact JSON object and a newline (orjson: fast, UTF-8, never a non-finite number)."""
    import orjson

    return orjson.dumps(obj).decode("utf-8") + "\n"


class JsonLinesWriter:
    name = "jsonl"
    capabilities = frozenset({"recommendation", "batch"})

    def render(self, doc: Any, ctx: Any) -> str:
        return line(doc)

    def batch_header(self, ctx: Any) -> str:
        return ""

    def batch_chunk(self, chunk: Any, ctx: Any) -> str:
        return chunk.jsonl_text()

    def batch_footer(self, ctx: Any) -> str:
        return ""
