"""Readers: one per input format, each yielding chunks of rows with their positions.

CSV and JSON Lines are streamed by byte offset (so ``--resume`` can seek); a YAML or JSON list
and a GeoJSON FeatureCollection are read whole, within a byte limit. Every limit below turns an
oversized or malformed row into an error for that row only; the batch goes on.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landrestore.io.limits import MAX_DOCUMENT_BYTES, ReadError, check_readable, env_int, read_bounded
from landrestore.model.errors import InputError

CHUNK_ROWS = env_int("LANDRESTORE_BATCH_CHUNK_ROWS", 20000)
#: A CSV record or JSON line longer than this is a bad row (LANDRESTORE_MAX_LINE_BYTES).
MAX_LINE_BYTES = env_int("LANDRESTORE_MAX_LINE_BYTES", 1024 * 1024)
#: A CSV input with more columns than this is refused (LANDRESTORE_MAX_COLUMNS).
MAX_COLUMNS = env_int("LANDRESTORE_MAX_COLUMNS", 1000)
#: A feature's geometry larger than this (as JSON) is a bad row (LANDRESTORE_MAX_GEOMETRY_BYTES).
MAX_GEOMETRY_BYTES = env_int("LANDRESTORE_MAX_GEOMETRY_BYTES", 1024 * 1024)
INPUT_FORMATS = ("csv", "jsonl", "yaml", "json", "geojson", "parquet")
SUFFIXES = {
    "csv": "csv",
    "tsv": "csv",
    "txt": "csv",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "yaml": "yaml",
    "yml": "yaml",
    "json": "json",
    "geojson": "geojson",
    "parquet": "parquet",
    "geoparquet": "parquet",
}

csv.field_size_limit(MAX_LINE_BYTES)


@dataclass
class Bad:
    """A row that could not be read, with the reason (it becomes one line of the errors file)."""

    message: str


@dataclass
class Chunk:
    """A slice of the input: CSV records, or (mapping, geometry) items, with where it ends."""

    index: int
    first_row: int  # 1-based number of the chunk's first data row
    rows: int  # data rows in the chunk (blank ones included)
    records: list[list[str] | Bad | None] | None = None  # CSV: cells, a Bad row, or None for a blank line
    items: list[tuple[Any, Any]] | None = None  # (properties, geometry); properties may be Bad or None (blank)
    end: int = 0  # input position after the chunk (byte offset or item count)
    raw: list[bytes | Bad] | None = None  # CSV: the chunk's records as read, parsed where it is scored
    geometry: list[Any] | None = None  # Parquet: each record's geometry (WKB), carried through
    arrow: Any = None  # Parquet: the record batch and (header, geometry column), turned into records where scored
    dialect: tuple[str, bytes] = (",", b"\n")  # CSV: delimiter and line end

    def parsed(self) -> Chunk:
        """The chunk with its CSV records parsed (done in the worker that scores it, so that the
        reading process only splits the file into records)."""
        if self.records is None and self.raw is not None:
            self.records = parse_records(self.raw, *self.dialect)
            self.raw = None
        if self.records is None and self.arrow is not None:
            batch, header, geometry_column = self.arrow
            self.records = batch_records(batch, header)
            self.geometry = batch.column(geometry_column).to_pylist() if geometry_column else None
            self.arrow = None
        return self


def detect_format(path: str, given: str | None) -> str:
    """The input format: given, or from the file name."""
    from landrestore.model.vocab import closest

    if given:
        if given not in INPUT_FORMATS:
            raise InputError(
                "input-format",
                given,
                f"--input-format must be one of {', '.join(INPUT_FORMATS)}, got '{given}'",
                closest(given, INPUT_FORMATS),
            )
        return given
    fmt = SUFFIXES.get(Path(path).suffix.lower().lstrip("."))
    if fmt is None:
        raise InputError(
            "input-format", path, f"cannot tell the input format from '{path}'; give --input-format ({', '.join(INPUT_FORMATS)})"
        )
    return fmt


def decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "input", where, f"{where} is not UTF-8 text (at byte {exc.start}); save it as UTF-8 (CSV UTF-8 in a spreadsheet)"
        ) from None


def _size(path: Path) -> int | None:
    """A regular file's size in bytes (None for a pipe or a device: no progress fraction)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) and st.st_size else None


def _open(path: Path) -> Any:
    try:
        check_readable(path)
        return path.open("rb")
    except ReadError as exc:
        raise InputError("input", str(path), f"cannot read the input {exc}") from None
    except OSError as exc:
        raise InputError("input", str(path), f"cannot read the input {path}: {exc.strerror}") from None


class CsvReader:
    """CSV with a header row. A comma, or the semicolon or tab of a spreadsheet in another locale;
    a BOM; LF, CRLF or CR line ends; quoted fields that span lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total = _size(path)  # positions are byte offsets
        with _open(path) as fh:
            head = fh.read(min(MAX_LINE_BYTES, 1 << 16))
        # A file whose lines end in a bare CR (old spreadsheets on a Mac) is read as such.
        self.newline = b"\r" if b"\r" in head and b"\n" not in head else b"\n"
        # A file saved in another encoding shows it in its first rows: refuse it whole, with what
        # to do, rather than fail every row that has an accent (a character cut at the end of
        # the sample is fine).
        import codecs

        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError as exc:
            raise InputError(
                "input",
                str(path),
                f"{path} is not UTF-8 text (at byte {exc.start}); save it as UTF-8 (CSV UTF-8 in a spreadsheet)",
            ) from None
        with _open(path) as fh:
            got = self._line(fh)
            self.data_start = fh.tell()
        raw = got[0] if got else None
        if raw is None or not raw.strip():
            raise InputError("input", str(path), f"{path} is empty or has no header row")
        if got and got[2] > MAX_LINE_BYTES:
            raise InputError("input", str(path), f"the header row of {path} is longer than {MAX_LINE_BYTES:,} bytes")
        line = decode(raw, str(path)).rstrip("\r\n")
        counts = {d: line.count(d) for d in (",", ";", "\t")}
        self.delimiter = max(counts, key=lambda d: (counts[d], d == ","))
        header = next(csv.reader([line], delimiter=self.delimiter))
        if len(header) > MAX_COLUMNS:
            raise InputError(
                "input",
                str(path),
                f"{path} has {len(header):,} columns; at most {MAX_COLUMNS:,} are read (LANDRESTORE_MAX_COLUMNS)",
            )
        self.header = [h.strip() for h in header]

    def _line(self, fh: Any) -> tuple[bytes, int, int] | None:
        """One line: its first MAX_LINE_BYTES + 1 bytes (with its end), the number of quotes in
        the whole line and its whole length. The rest of a longer line is read past, never kept,
        so that the next read starts on the next line and memory stays bounded."""
        if self.newline == b"\n":
            first = fh.readline(MAX_LINE_BYTES + 1)
            if not first:
                return None
            quotes, length = first.count(b'"'), len(first)
            if length > MAX_LINE_BYTES and not first.endswith(b"\n"):
                while True:
                    rest = fh.readline(1 << 20)
                    if not rest:
                        break
                    quotes += rest.count(b'"')
                    length += len(rest)
                    if rest.endswith(b"\n"):
                        break
            return first, quotes, length
        out = bytearray()
        quotes = length = 0
        while True:
            b = fh.read(1 << 16)
            if not b:
                return (bytes(out), quotes, length) if length else None
            i = b.find(b"\r")
            part = b[: i + 1] if i >= 0 else b
            quotes += part.count(b'"')
            length += len(part)
            if len(out) <= MAX_LINE_BYTES:
                out += part[: MAX_LINE_BYTES + 1 - len(out)]
            if i >= 0:
                fh.seek(i + 1 - len(b), 1)
                return bytes(out), quotes, length

    def chunks(self, start: int, first_row: int, rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        """Chunks of whole records (a quoted field may span lines) from a byte offset. A record
        longer than MAX_LINE_BYTES is one bad row: its bytes are read past, its quotes still
        counted so that the next record starts where it should."""
        index = 0
        too_long = Bad(f"the row is longer than {MAX_LINE_BYTES:,} bytes (LANDRESTORE_MAX_LINE_BYTES)")
        with _open(self.path) as fh:
            fh.seek(start)
            row = first_row
            while True:
                records: list[bytes | Bad] = []
                pending: list[bytes] = []
                quotes = size = 0
                while len(records) < rows:
                    got = self._line(fh)
                    if got is None:
                        if pending or size:
                            records.append(too_long if size > MAX_LINE_BYTES else Bad("the file ends inside a quoted field"))
                        break
                    line, nq, length = got
                    size += length
                    quotes += nq
                    if size <= MAX_LINE_BYTES:
                        pending.append(line)
                    else:
                        pending = []
                    if quotes % 2 == 0:
                        records.append(b"".join(pending) if size <= MAX_LINE_BYTES else too_long)
                        pending, quotes, size = [], 0, 0
                if not records:
                    return
                yield Chunk(
                    index=index,
                    first_row=row,
                    rows=len(records),
                    raw=records,
                    dialect=(self.delimiter, self.newline),
                    end=fh.tell(),
                )
                index += 1
                row += len(records)


def parse_records(entries: list[bytes | Bad], delimiter: str, newline: bytes) -> list[list[str] | Bad | None]:
    """Parse the records of a chunk in one pass; if that fails, one by one (so that one bad
    record costs one row)."""
    raws = [e for e in entries if isinstance(e, bytes)]
    try:
        text = b"".join(raws).decode("utf-8")
        if newline == b"\r":
            text = text.replace("\r", "\n")
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (UnicodeDecodeError, csv.Error):
        parsed = None
    if parsed is not None and len(parsed) == len(raws):
        it = iter(parsed)
        out: list[list[str] | Bad | None] = []
        for e in entries:
            if isinstance(e, Bad):
                out.append(e)
                continue
            rec = next(it)
            out.append(None if not rec or (len(rec) == 1 and not rec[0].strip()) else rec)
        return out
    return [e if isinstance(e, Bad) else _parse_one(e, delimiter, newline) for e in entries]


def _parse_one(raw: bytes, delimiter: str, newline: bytes) -> list[str] | Bad | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Bad(f"not UTF-8 text (at byte {exc.start} of the row); save the file as UTF-8")
    if newline == b"\r":
        text = text.replace("\r", "\n")
    if not text.strip():
        return None
    try:
        recs = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return Bad(f"not a readable CSV row ({exc})")
    if not recs or (len(recs[0]) == 1 and not recs[0][0].strip()):
        return None
    return recs[0]


class JsonLinesReader:
    """One JSON object per line; a bad line (not JSON, too long, nested too deep) is a bad row."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data_start = 0
        self.total = _size(path)  # positions are byte offsets

    def chunks(self, start: int, first_row: int, rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        index = 0
        with _open(self.path) as fh:
            fh.seek(start)
            row = first_row
            while True:
                items: list[tuple[Any, Any]] = []
                while len(items) < rows:
                    line = fh.readline(MAX_LINE_BYTES + 1)
                    if not line:
                        break
                    if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                        while True:
                            rest = fh.readline(1 << 20)
                            if not rest or rest.endswith(b"\n"):
                                break
                        items.append(
                            (Bad(f"the line is longer than {MAX_LINE_BYTES:,} bytes (LANDRESTORE_MAX_LINE_BYTES)"), None)
                        )
                        continue
                    items.append((parse_json_line(line), None))
                if not items:
                    return
                yield Chunk(index=index, first_row=row, rows=len(items), items=items, end=fh.tell())
                index += 1
                row += len(items)


def _json_size(value: Any, strict: bool) -> int:
    """The size of a value as JSON, or -1 when it cannot be written back as JSON (a value read
    by the lenient reader may hold NaN, an infinity or an integer beyond 64 bits)."""
    import orjson

    try:
        size = len(orjson.dumps(value))
    except orjson.JSONEncodeError:
        return -1
    if not strict:
        try:
            json.dumps(value, allow_nan=False)
        except ValueError:
            return -1
    return size


def parse_json_line(line: bytes) -> Any:
    """A JSON Lines row: the object, None for a blank line, or Bad with the reason."""
    import orjson

    try:
        text = line.decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        return Bad(f"not UTF-8 text (at byte {exc.start} of the line)")
    if not text:
        return None
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        value = _lenient_json(text)  # Python's reader takes 1e400 and NaN (a bad field, not a bad line) and words the error
        if isinstance(value, Bad):
            return value
    if not isinstance(value, dict):
        return Bad("a line must hold a JSON object of site fields")
    return value


def _lenient_json(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        return Bad("not readable JSON: nested too deeply")
    except ValueError as exc:
        msg = getattr(exc, "msg", None) or str(exc).split(":")[0]
        return Bad(f"not valid JSON ({msg[:120]})")


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """No cyclic garbage collection while many objects are made (a large document parsed, a chunk
    scored): collecting while they are made walks them again and again (3x the time to parse a
    GeoJSON file). Only for code that makes no reference cycles; collection resumes after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class DocumentReader:
    """A YAML or JSON list of sites, or a GeoJSON FeatureCollection, read whole within a limit."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.fmt = path, fmt
        self.data_start = 0
        self.total: int | None = None  # positions are item counts; known once the document is read

    def _items(self) -> Iterator[tuple[Any, Any]]:
        try:
            raw = read_bounded(self.path, MAX_DOCUMENT_BYTES, "input", "LANDRESTORE_MAX_DOCUMENT_BYTES")
        except ReadError as exc:
            raise InputError("input", str(self.path), f"cannot read the input {exc}") from None
        text = decode(raw, str(self.path))
        if self.fmt in ("json", "geojson"):
            import orjson

            strict = True
            try:
                with no_gc():
                    data = orjson.loads(text)
            except orjson.JSONDecodeError:
                # orjson refuses a whole document for one number beyond a double (1e400) or a
                # NaN; Python's reader takes them, so such a value is one bad row, not a bad file.
                strict = False
                try:
                    with no_gc():
                        data = json.loads(text)
                except RecursionError:
                    raise InputError("input", str(self.path), f"{self.path} is not readable JSON: nested too deeply") from None
                except ValueError as exc:
                    raise InputError("input", str(self.path), f"{self.path} is not valid JSON ({exc})") from None
        else:
            from landrestore.io.yamlio import YamlError, parse_text

            try:
                data = parse_text(text, str(self.path)).data
            except YamlError as exc:
                raise InputError("input", str(self.path), f"{exc.path}:{exc.line}:{exc.column}: {exc.message}") from None
        # The document stays in memory for the whole run: keep it out of the cyclic garbage
        # collector's passes, which would otherwise walk all of its objects again and again.
        gc.freeze()
        if self.fmt == "geojson" or (isinstance(data, dict) and data.get("type") == "FeatureCollection"):
            if not isinstance(data, dict) or not isinstance(data.get("features"), list):
                raise InputError("input", str(self.path), f"{self.path} is not a GeoJSON FeatureCollection (no 'features' list)")
            self.total = len(data["features"])
            for feat in data["features"]:
                if not isinstance(feat, dict):
                    yield (Bad("a feature must be a JSON object"), None)
                    continue
                geometry = feat.get("geometry")
                size = _json_size(geometry, strict) if geometry is not None else 0
                if size < 0:
                    yield (Bad("the geometry holds a number JSON cannot carry (infinite, NaN or too large)"), None)
                    continue
                if size > MAX_GEOMETRY_BYTES:
                    yield (
                        Bad(f"the geometry is larger than {MAX_GEOMETRY_BYTES:,} bytes (LANDRESTORE_MAX_GEOMETRY_BYTES)"),
                        None,
                    )
                    continue
                props = feat.get("properties") or {}
                yield (props if isinstance(props, dict) else Bad("a feature's properties must be an object"), geometry)
            return
        if not isinstance(data, list):
            raise InputError("input", str(self.path), f"{self.path} must hold a list of sites")
        self.total = len(data)
        for item in data:
            yield (item if isinstance(item, dict) else Bad("a site must be a mapping of fields"), None)

    def chunks(self, start: int, first_row: int, rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        chunk: list[tuple[Any, Any]] = []
        index = 0
        first = start + 1
        count = 0
        for item in self._items():
            count += 1
            if count <= start:
                continue
            chunk.append(item)
            if len(chunk) >= rows:
                yield Chunk(index=index, first_row=first, rows=len(chunk), items=chunk, end=count)
                index += 1
                first = count + 1
                chunk = []
        if chunk:
            yield Chunk(index=index, first_row=first, rows=len(chunk), items=chunk, end=count)


class ParquetReader:
    """Parquet and GeoParquet, read by record batches so that memory stays bounded whatever the
    file's size. The columns are the site fields; their values go through the same checks as CSV
    cells (a list column such as degradation is joined by ';'); a GeoParquet geometry (WKB) is
    carried through unchanged, with the file's ``geo`` metadata."""

    def __init__(self, path: Path) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError("input", str(path), "reading Parquet needs pyarrow: pip install 'landrestore[parquet]'") from None
        try:
            check_readable(path)
            self.file = pq.ParquetFile(path)
        except ReadError as exc:
            raise InputError("input", str(path), f"cannot read the input {exc}") from None
        except Exception as exc:  # noqa: BLE001 - pyarrow's errors for a file that is not Parquet
            raise InputError("input", str(path), f"{path} is not a readable Parquet file ({type(exc).__name__})") from None
        schema = self.file.schema_arrow
        self.geo: bytes | None = (schema.metadata or {}).get(b"geo")
        primary = None
        if self.geo:
            try:
                primary = json.loads(self.geo).get("primary_column")
            except ValueError:
                primary = None
        self.geometry_column = primary if primary in schema.names else None
        self.header = [n for n in schema.names if n != self.geometry_column]
        if len(self.header) > MAX_COLUMNS:
            raise InputError(
                "input",
                str(path),
                f"{path} has {len(self.header):,} columns; at most {MAX_COLUMNS:,} are read (LANDRESTORE_MAX_COLUMNS)",
            )
        self.delimiter = ","
        self.data_start = 0
        self.total = self.file.metadata.num_rows  # positions are row counts

    def chunks(self, start: int, first_row: int, rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        """Chunks of ``rows`` records from row ``start`` (the position is a row count)."""
        done = 0
        index = 0
        row = first_row
        for batch in self.file.iter_batches(batch_size=rows):
            n = batch.num_rows
            if done + n <= start:
                done += n
                continue
            if start > done:
                batch = batch.slice(start - done)
            done += n
            yield Chunk(
                index=index, first_row=row, rows=batch.num_rows, arrow=(batch, self.header, self.geometry_column), end=done
            )
            index += 1
            row += batch.num_rows


def batch_records(batch: Any, header: list[str]) -> list[list[str] | None]:
    """A record batch as text records in the header's order, as a CSV reader gives them: numbers
    and booleans as text, a list joined by ';', a missing value as an empty cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = []
    for name in header:
        arr = batch.column(name)
        if pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type):
            if not (pa.types.is_string(arr.type.value_type) or pa.types.is_large_string(arr.type.value_type)):
                arr = pc.cast(arr, pa.list_(pa.string()))
            arr = pc.binary_join(arr, ";")
        elif not pa.types.is_string(arr.type):
            try:
                arr = pc.cast(arr, pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                arr = pa.array([None if v is None else str(v) for v in arr.to_pylist()], pa.string())
        cols.append(["" if v is None else v for v in arr.to_pylist()])
    if not cols:
        return [None] * batch.num_rows
    return [list(r) for r in zip(*cols, strict=True)]


def read_result_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a batch CSV result (`recommend --format csv` columns), read within the document limit."""
    try:
        text = read_bounded(path, MAX_DOCUMENT_BYTES, "batch result", "LANDRESTORE_MAX_DOCUMENT_BYTES").decode("utf-8-sig")
    except ReadError as exc:
        raise InputError("from", str(path), f"cannot read {exc}") from None
    except UnicodeDecodeError:
        raise InputError("from", str(path), f"{path} is not UTF-8 text") from None
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    if records and "practice_id" not in records[0]:
        raise InputError(
            "from", str(path), f"{path} is not a batch result (no practice_id column); give the CSV that `batch` wrote"
        )
    return records


def reader(path: Path, fmt: str) -> Any:
    if fmt == "csv":
        return CsvReader(path)
    if fmt == "parquet":
        return ParquetReader(path)
    if fmt == "jsonl":
        return JsonLinesReader(path)
    return DocumentReader(path, fmt)
