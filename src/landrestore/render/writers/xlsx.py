"""XLSX: a ``table`` document as a workbook a spreadsheet opens (openpyxl, imported only here).

Text cells are neutralised like CSV cells, so that no text is ever stored as a formula; the
header row is bold and frozen, columns are sized to their content.
"""

from __future__ import annotations

import io
from typing import Any

from .csvfmt import safe


class XlsxWriter:
    name = "xlsx"
    capabilities = frozenset({"table"})
    binary = True

    def render(self, doc: dict[str, Any], ctx: Any) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = (doc.get("title") or "landrestore")[:31].replace("/", "-").replace(":", "-")
        ws.append([safe(str(h)) for h in doc["header"]])
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in doc["rows"]:
            ws.append([safe(v) if isinstance(v, str) else v for v in row])
        for c in ws.iter_cols():
            width = max((len(str(x.value)) for x in c if x.value is not None), default=8)
            ws.column_dimensions[c[0].column_letter].width = min(60, max(10, width + 2))
        ws.freeze_panes = "A2"
        for r in ws.iter_rows():
            for c in r:
                if c.data_type == "f":  # never a formula, whatever the text
                    c.data_type = "s"
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
