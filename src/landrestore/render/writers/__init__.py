"""One writer per output format, found by name in one registry.

Every writer renders a whole document (``render``); those that batch can write also stream a
batch (``batch_header``, ``batch_chunk``, ``batch_footer``). ``recommend``, ``explain``,
``report``, ``plan``, ``export`` and ``batch`` all choose their writer here, so adding a format
is one module and one line below. Writers are imported only when chosen, so a command pays only
for the format it writes.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

#: format name -> "module:class" (relative to this package)
REGISTRY: dict[str, str] = {
    "table": "table:TableWriter",
    "json": "jsonfmt:JsonWriter",
    "yaml": "yamlfmt:YamlWriter",
    "csv": "csvfmt:CsvWriter",
    "markdown": "markdown:MarkdownWriter",
    "html": "html:HtmlWriter",
    "jsonl": "jsonl:JsonLinesWriter",
    "geojson": "geojson:GeoJsonWriter",
    "xlsx": "xlsx:XlsxWriter",
    "parquet": "parquet:ParquetWriter",
}
#: File name endings that name a format (for -o without --format).
EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".tsv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojson": "geojson",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
}


@dataclass
class Context:
    """What a writer needs besides the document: the catalogue, the language, the page."""

    catalog: Any = None
    lang: str = "en"
    tool_version: str = ""
    width: int = 100
    color: bool = False
    explain: bool = False
    kind: str = "recommendation"  # recommendation | explanation | practices | ...
    extra: dict[str, Any] = field(default_factory=dict)


def get(name: str) -> Any:
    """The writer for a format name (an instance)."""
    module, cls = REGISTRY[name].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)()


def names(capability: str | None = None) -> tuple[str, ...]:
    """Format names, or those whose writer has a capability ("batch", or a document kind)."""
    if capability is None:
        return tuple(REGISTRY)
    return tuple(n for n in REGISTRY if capability in get(n).capabilities)


def from_path(path: str) -> str | None:
    """The format a file name implies (``.geo.json`` is GeoJSON), or None."""
    low = path.lower()
    if low.endswith(".geo.json"):
        return "geojson"
    for ext, fmt in EXTENSIONS.items():
        if low.endswith(ext):
            return fmt
    return None
