"""CSV: one row per site and option, the same row whether ``recommend`` or ``batch`` wrote it.

Numbers have fixed decimals (score and suitability 4, money and areas 2) so that every path
prints them identically. Every text cell is neutralised against spreadsheet formulas and
quoted when it holds a separator, a quote or a line break (CR or LF).
"""

from __future__ import annotations

from typing import Any

#: Columns of the CSV that `recommend --format csv` and `batch` write.
FIELDS = [
    "site",
    "rank",
    "practice_id",
    "name",
    "score",
    "suitability",
    "limiting_factor",
    "intervention",
    "ldn_response",
    "total_low",
    "total_typical",
    "total_high",
    "within_budget",
    "affordable_area_ha",
    "currency",
    "price_year",
    "main_reason",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NO_FIT = "no practice in the catalogue can work on this site"


def safe(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def cell(value: Any) -> str:
    """One text cell, made safe and quoted the way the csv module's QUOTE_MINIMAL does."""
    text = safe("" if value is None else str(value))
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def line(cells: list[Any]) -> str:
    """A CSV line of text cells, each made safe (for the errors file and other plain tables)."""
    return ",".join(cell(c) for c in cells) + "\n"


def header() -> str:
    return ",".join(FIELDS) + "\n"


#: One CSV line of an option (the columns of FIELDS); batch fills it directly for speed.
ROW = "%s,%d,%s,%.4f,%s,%s,%.2f,%.2f,%.2f,%s,%s,USD,%d,%s\n"


def row(
    site: str,
    rank: int,
    ident: str,
    score: float,
    suit: str,
    kind: str,
    tl: float,
    tt: float,
    th: float,
    within: bool | None,
    affordable: float | None,
    year: int,
    reason: str,
) -> str:
    """One CSV line. ``site``, ``ident`` (id,name), ``suit`` (class,factor), ``kind`` and ``reason``
    are ready CSV cells. Totals are over the whole area and horizon; establishment, maintenance
    and present value are in the JSON output."""
    wb = "" if within is None else ("true" if within else "false")
    aff = "" if affordable is None else f"{affordable:.2f}"
    return ROW % (site, rank, ident, score, suit, kind, tl, tt, th, wb, aff, year, reason)


def empty_row(site: str, reason: str = NO_FIT) -> str:
    """The line of a site where no practice can work: no practice id, and the reason."""
    return f"{site}" + "," * (len(FIELDS) - 1) + cell(reason) + "\n"


def site_label(site: dict[str, Any], row_number: int | None = None) -> str:
    """How a site is named in tables: its id, else its name, else its row number."""
    if site.get("id"):
        return str(site["id"])
    if site.get("name"):
        return str(site["name"])
    return str(row_number) if row_number is not None else "site"


def rows(result: dict[str, Any], label: str | None = None) -> str:
    """The options of one localised result as CSV lines (no header): what `batch` writes for it."""
    site = cell(label if label is not None else site_label(result["site"]))
    out = []
    for o in result["options"]:
        c = o["cost"]
        s = o["suitability"]
        out.append(
            row(
                site,
                o["rank"],
                f"{cell(o['practice_id'])},{cell(o['name'])}",
                o["score"],
                f"{s['class']},{s['limiting_factor'] or ''}",
                f"{o['intervention']},{o['ldn_response']}",
                c["total"]["low"],
                c["total"]["typical"],
                c["total"]["high"],
                c.get("within_budget"),
                c.get("affordable_area_ha"),
                c["year"],
                cell(o["main_reason"]["text"]),
            )
        )
    if not result["options"]:
        out.append(empty_row(site))
    return "".join(out)


def table(doc: dict[str, Any]) -> str:
    """A ``table`` document (header and rows, as ``landrestore export`` makes them) as CSV: every
    text cell neutralised and quoted where needed, numbers as they are, empty for None."""

    def one(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return cell(v)
        return f"{v:g}" if isinstance(v, float) and abs(v) < 1e15 else str(v)

    return "".join(",".join(one(v) for v in r) + "\n" for r in [doc["header"], *doc["rows"]])


class CsvWriter:
    name = "csv"
    capabilities = frozenset({"recommendation", "batch", "table"})

    def render(self, doc: dict[str, Any], ctx: Any) -> str:
        if ctx.kind == "table":
            return table(doc)
        return header() + rows(doc)

    def batch_header(self, ctx: Any) -> str:
        return header()

    def batch_chunk(self, chunk: Any, ctx: Any) -> str:
        return chunk.csv_text()

    def batch_footer(self, ctx: Any) -> str:
        return ""
