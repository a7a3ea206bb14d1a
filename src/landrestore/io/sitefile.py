"""Reading a site description from a YAML or JSON file, with positions in every message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from landrestore.model.errors import InputError

from .limits import MAX_SITE_BYTES
from .yamlio import YamlError, load_file


def read_site_file(path: str | Path) -> dict[str, Any]:
    """The site mapping of a file; InputError (exit 2) with FILE:LINE:COL when it is malformed."""
    try:
        doc = load_file(path, MAX_SITE_BYTES, "LANDRESTORE_MAX_SITE_BYTES")
    except YamlError as exc:
        where = f"{exc.path}:{exc.line}:{exc.column}: " if exc.line else f"{exc.path}: "
        raise InputError("site", str(path), f"site file {where}{exc.message}") from None
    if doc.problems:
        p = doc.problems[0]
        raise InputError("site", str(path), f"site file {path}:{p.line}:{p.column}: {p.message}")
    if not isinstance(doc.data, dict):
        raise InputError(
            "site", str(path), f"site file {path} must be a mapping of fields (biome: ..., degradation: [...], severity: ...)"
        )
    return doc.data
