"""Markdown: the report's content as text tables (``--format markdown``, ``report -o report.md``)."""

from __future__ import annotations

from typing import Any


class MarkdownWriter:
    name = "markdown"
    capabilities = frozenset({"recommendation", "report", "plan"})

    def render(self, doc: dict[str, Any], ctx: Any) -> str:
        if ctx.kind == "plan":
            from landrestore.render.i18n import Translator
            from landrestore.render.plan import markdown

            return markdown(doc, Translator(ctx.lang, ctx.catalog))
        from landrestore.render.report import render_markdown

        return render_markdown(doc, ctx.catalog, ctx.lang, ctx.tool_version)
