"""Parquet (GeoParquet when the input had a geometry): the columns of the CSV output, typed.

``batch`` hands each chunk to this writer in its worker; the chunk becomes an Arrow IPC stream
appended to the run's partial file, so the journal and ``--resume`` work as for text. At the end
of the run the streams are turned, one record batch at a time (memory stays bounded), into one
Parquet file, with the input's ``geo`` metadata when there is a geometry column. pyarrow is
imported only here (``pip install 'landrestore[parquet]'``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: The columns and their types, in the order of the CSV output (``csvfmt.FIELDS``).
COLUMNS = (
    ("site", "string"),
    ("rank", "int16"),
    ("practice_id", "string"),
    ("name", "string"),
    ("score", "float64"),
    ("suitability", "string"),
    ("limiting_factor", "string"),
    ("intervention", "string"),
    ("ldn_response", "string"),
    ("total_low", "float64"),
    ("total_typical", "float64"),
    ("total_high", "float64"),
    ("within_budget", "bool_"),
    ("affordable_area_ha", "float64"),
    ("currency", "string"),
    ("price_year", "int16"),
    ("main_reason", "string"),
)


def schema(geometry_column: str | None = None) -> Any:
    import pyarrow as pa

    fields = [pa.field(name, getattr(pa, kind)()) for name, kind in COLUMNS]
    if geometry_column:
        fields.append(pa.field(geometry_column, pa.binary()))
    return pa.schema(fields)


class ParquetWriter:
    name = "parquet"
    capabilities = frozenset({"batch"})
    binary = True
    chunk_separator = b""

    def render(self, doc: Any, ctx: Any) -> bytes:
        raise NotImplementedError("Parquet is written by batch")

    def batch_header(self, ctx: Any) -> bytes:
        return b""

    def batch_chunk(self, chunk: Any, ctx: Any) -> bytes:
        """The chunk's rows as one Arrow IPC stream."""
        import pyarrow as pa

        geometry_column = (ctx.extra or {}).get("geometry_column")
        table = pa.Table.from_pydict(chunk.columns(geometry_column), schema=schema(geometry_column))
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as w:
            w.write_table(table)
        return sink.getvalue().to_pybytes()

    def batch_footer(self, ctx: Any) -> bytes:
        return b""

    def finish(self, partial: Path, target: Path, meta: dict[str, Any]) -> None:
        """The partial file's IPC streams as one Parquet file at ``target``, batch by batch."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        geometry_column = meta.get("geometry_column")
        out_schema = schema(geometry_column)
        if meta.get("geo"):
            out_schema = out_schema.with_metadata({b"geo": _geo(meta["geo"], geometry_column)})
        with pq.ParquetWriter(target, out_schema, compression="zstd") as w, pa.memory_map(str(partial)) as src:
            size = src.size()
            while src.tell() < size:
                for batch in pa.ipc.open_stream(src):
                    w.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=out_schema))


def _geo(meta: str, geometry_column: str | None) -> bytes:
    """The input's GeoParquet metadata for the output: the same geometry column, encoding and CRS."""
    geo = json.loads(meta)
    cols = geo.get("columns") or {}
    geo["columns"] = {geometry_column: cols.get(geometry_column, {"encoding": "WKB"})} if geometry_column else {}
    geo["primary_column"] = geometry_column
    return json.dumps(geo).encode("utf-8")
