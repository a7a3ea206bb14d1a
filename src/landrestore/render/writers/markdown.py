"""Markdown: the report's content as text tables (``--format markdown``, ``report -o report.md``)."""

from __future__ import annotations

from typing import Any


class MarkdownWriter:
    name = "markdown"
    capabilities = frozenset({"recommendation", "report"})

    def render(self, doc: dict[str, Any], ctx: Any) -> str:
        from landrestore.render.report import render_markdown

        return render_markdown(doc, ctx.catalog, ctx.lang, ctx.tool_version)
