"""GeoJSON: the input's features with their geometry, each carrying its options (``batch -o out.geojson``)."""

from __future__ import annotations

import json
from typing import Any


class GeoJsonWriter:
    name = "geojson"
    capabilities = frozenset({"batch"})

    def render(self, doc: Any, ctx: Any) -> str:
        return json.dumps(doc, ensure_ascii=False, allow_nan=False) + "\n"

    def batch_header(self, ctx: Any) -> str:
        return '{"type": "FeatureCollection", "features": [\n'

    #: Written by the batch runner between two non-empty chunks.
    chunk_separator = ",\n"

    def batch_chunk(self, chunk: Any, ctx: Any) -> str:
        """The features of a chunk, separated by commas, written from the bulk scorer's arrays."""
        return ",\n".join(chunk.features_text())

    def batch_footer(self, ctx: Any) -> str:
        return "\n]}\n"
