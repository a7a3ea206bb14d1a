"""HTML: the report as one self-contained page to print or send (``report -o report.html``)."""

from __future__ import annotations

from typing import Any


class HtmlWriter:
    name = "html"
    capabilities = frozenset({"recommendation", "report"})

    def render(self, doc: dict[str, Any], ctx: Any) -> str:
        from landrestore.render.report import render_html

        return render_html(doc, ctx.catalog, ctx.lang, ctx.tool_version)
