"""`landrestore batch`: many sites in, one file out, whole or not at all.

Input is read in chunks (CSV, JSON Lines, a YAML/JSON list, or a GeoJSON FeatureCollection);
each chunk is checked, scored in bulk (``bulk.py``) and turned into output text, in this process
or in ``--jobs`` worker processes. Output and errors go to hidden partial files beside the
output, with a journal of how far the run got; the output appears under its name only when the
run has finished (rename), so an interrupted run leaves no broken file and ``--resume`` can
continue it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import presenters, vocab
from .errors import InputError, UserError

CHUNK_ROWS = int(os.environ.get("LANDRESTORE_BATCH_CHUNK_ROWS", "20000"))
INPUT_FORMATS = ("csv", "jsonl", "yaml", "json", "geojson")
OUTPUT_FORMATS = ("csv", "jsonl", "geojson")
JOURNAL_VERSION = 1


@dataclass
class Chunk:
    """A slice of the input: rows as CSV text (``text``) or as mappings (``records``)."""

    index: int
    first_row: int  # 1-based number of the chunk's first data row
    rows: int = 0  # data rows in the chunk (blank ones included)
    text: str | None = None
    records: list[tuple[dict[str, Any], Any]] | None = None  # (properties, geometry)
    end: int = 0  # input position after the chunk (byte offset or record count)


@dataclass
class ChunkResult:
    index: int
    text: str
    errors: list[tuple[int, str, str, str]]  # row, site, field, message
    sites_ok: int
    sites_failed: int
    best: Counter = field(default_factory=Counter)
    best_total: float = 0.0
    end: int = 0
    rows: int = 0


# --- reading ---------------------------------------------------------------------------------


def detect_format(path: str, given: str | None, allowed: tuple[str, ...], what: str) -> str:
    if given:
        if given not in allowed:
            raise InputError(
                f"{what}-format",
                given,
                f"--{what}-format must be one of {', '.join(allowed)}, got '{given}'",
                vocab.closest(given, allowed),
            )
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    mapping = {
        "csv": "csv",
        "tsv": "csv",
        "txt": "csv",
        "jsonl": "jsonl",
        "ndjson": "jsonl",
        "yaml": "yaml",
        "yml": "yaml",
        "json": "json",
        "geojson": "geojson",
    }
    fmt = mapping.get(suffix)
    if what == "output" and fmt == "json":
        fmt = "geojson" if path.endswith(".geo.json") else None
    if fmt not in allowed:
        raise InputError(
            f"{what}-format", path, f"cannot tell the {what} format from '{path}'; give --{what}-format ({', '.join(allowed)})"
        )
    return fmt


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "input", where, f"{where} is not UTF-8 text (at byte {exc.start}); save it as UTF-8 (CSV UTF-8 in a spreadsheet)"
        ) from None


def csv_dialect(header_line: str) -> str:
    """The delimiter: a comma, or the semicolon or tab a spreadsheet in another locale writes."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv_header(path: Path) -> tuple[list[str], str, int]:
    """Column names, delimiter, and the byte offset where the data rows start."""
    with path.open("rb") as fh:
        raw = fh.readline()
        offset = fh.tell()
    line = _decode(raw, str(path)).rstrip("\r\n")
    if not line.strip():
        raise InputError("input", str(path), f"{path} is empty or has no header row")
    delim = csv_dialect(line)
    header = next(csv.reader([line], delimiter=delim))
    return [h.strip() for h in header], delim, offset


def csv_chunks(path: Path, start: int, first_row: int, rows: int | None = None) -> Iterator[Chunk]:
    """Chunks of whole CSV records (a quoted field may span lines), by byte offset."""
    rows = rows or CHUNK_ROWS
    index = 0
    with path.open("rb") as fh:
        fh.seek(start)
        row = first_row
        while True:
            lines: list[bytes] = []
            n = 0
            quotes = 0
            while n < rows:
                line = fh.readline()
                if not line:
                    break
                lines.append(line)
                quotes += line.count(b'"')
                if quotes % 2 == 0:
                    n += 1
                    quotes = 0
            if not lines:
                return
            text = _decode(b"".join(lines), str(path))
            yield Chunk(index=index, first_row=row, rows=n, text=text, end=fh.tell())
            index += 1
            row += n


def record_chunks(path: Path, fmt: str, skip: int, rows: int | None = None) -> Iterator[Chunk]:
    """Chunks of mappings from JSON Lines (streamed), a YAML/JSON list or a GeoJSON collection."""
    rows = rows or CHUNK_ROWS

    def records() -> Iterator[tuple[dict[str, Any] | Any, Any]]:
        if fmt == "jsonl":
            with path.open("rb") as fh:
                for n, raw in enumerate(fh, start=1):
                    text = _decode(raw, str(path)).strip()
                    if not text:
                        yield ({"__blank__": True}, None)
                        continue
                    try:
                        yield (json.loads(text), None)
                    except ValueError as exc:
                        yield ({"__error__": f"line {n}: not valid JSON ({exc.msg})"}, None)
            return
        from .yamlio import YamlError, load_file

        try:
            data = load_file(path).data
        except YamlError as exc:
            raise InputError("input", str(path), f"{exc.path}:{exc.line}:{exc.column}: {exc.message}") from None
        if fmt == "geojson" or (isinstance(data, dict) and data.get("type") == "FeatureCollection"):
            if not isinstance(data, dict) or not isinstance(data.get("features"), list):
                raise InputError("input", str(path), f"{path} is not a GeoJSON FeatureCollection (no 'features' list)")
            for feat in data["features"]:
                if isinstance(feat, dict):
                    yield (feat.get("properties") or {}, feat.get("geometry"))
                else:
                    yield ({"__error__": "a feature must be a JSON object"}, None)
            return
        if not isinstance(data, list):
            raise InputError("input", str(path), f"{path} must hold a list of sites")
        for item in data:
            yield (item, None)

    chunk: list[tuple[dict[str, Any], Any]] = []
    index = 0
    first = skip + 1
    count = 0
    for rec in records():
        count += 1
        if count <= skip:
            continue
        chunk.append(rec)
        if len(chunk) >= rows:
            yield Chunk(index=index, first_row=first, rows=len(chunk), records=chunk, end=count)
            index += 1
            first = count + 1
            chunk = []
    if chunk:
        yield Chunk(index=index, first_row=first, rows=len(chunk), records=chunk, end=count)


# --- checking rows ---------------------------------------------------------------------------


def map_columns(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> site field; unknown columns are reported (with the closest field) and ignored."""
    from .sites import ALIASES, FIELDS

    mapping: dict[int, str] = {}
    notes: list[str] = []
    for i, name in enumerate(header):
        key = ALIASES.get(name, name)
        if key in FIELDS and key not in mapping.values():
            mapping[i] = key
        elif name:
            hint = vocab.closest(key, FIELDS)
            notes.append(f"column '{name}' is not a site field and is ignored" + (f" (did you mean '{hint}'?)" if hint else ""))
    for req in ("biome", "degradation", "severity"):
        if req not in mapping.values():
            raise InputError(req, None, f"the input has no '{req}' column (columns: {', '.join(header)})")
    return mapping, notes


class RowChecker:
    """Checks mapping rows (JSON Lines, YAML/JSON lists, GeoJSON properties) with the single-site
    checks and their messages. CSV rows take the columnar path of ``fast_csv_sites``."""

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled
        self.catalog = compiled.catalog

    def check(
        self, rows: list[dict[str, Any]], first_row: int
    ) -> tuple[list[int], list[dict[str, Any]], list[tuple[int, str, str, str]]]:
        """Row positions that passed, their normalised sites, and the errors of the others."""
        from .sites import normalise_site

        ok_pos: list[int] = []
        sites: list[dict[str, Any]] = []
        errors: list[tuple[int, str, str, str]] = []
        countries = self.catalog.countries
        for pos, row in enumerate(rows):
            if isinstance(row, dict) and row.get("__blank__"):
                continue
            label = presenters.site_label(row, first_row + pos) if isinstance(row, dict) else str(first_row + pos)
            if isinstance(row, dict) and "__error__" in row:
                errors.append((first_row + pos, label, "row", row["__error__"]))
                continue
            try:
                sites.append(normalise_site(row, countries=countries))
                ok_pos.append(pos)
            except InputError as exc:
                errors.append((first_row + pos, label, exc.field, str(exc)))
        return ok_pos, sites, errors


def _csv_records(text: str, delim: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))


def _csv_rows(text: str, delim: str, mapping: dict[int, str]) -> list[dict[str, Any]]:
    """Records as site mappings (empty cells left out); blank lines kept as markers."""
    out: list[dict[str, Any]] = []
    items = list(mapping.items())
    for rec in _csv_records(text, delim):
        if not rec or (len(rec) == 1 and not rec[0].strip()):
            out.append({"__blank__": True})
            continue
        out.append({f: rec[i] for i, f in items if i < len(rec) and rec[i] != ""})
    return out


def fast_csv_sites(
    records: list[list[str]], mapping: dict[int, str], first_row: int, compiled: Any
) -> tuple[Any, list[str], list[tuple[int, str, str, str]]]:
    """Check CSV records column by column; every row the fast path is unsure of goes through
    ``sites.normalise_site`` (the single-site checks and messages). Returns the good sites as
    columns (bulk.Sites), their labels, and the errors of the others."""
    import numpy as np

    from . import bulk
    from .sites import NUMBERS, normalise_site

    n = len(records)
    width = max(mapping, default=0) + 1
    padded = [rec[:width] if len(rec) >= width else rec + [""] * (width - len(rec)) for rec in records]
    cols_raw = list(zip(*padded, strict=True)) if padded else [()] * width
    col = {f: cols_raw[i] for i, f in mapping.items()}
    empty_col = ("",) * n
    slow = np.zeros(n, dtype=bool)
    blank = np.array([not rec or (len(rec) == 1 and not rec[0].strip()) for rec in records], dtype=bool)

    def categorical(field: str, ix: dict[str, int], required: bool) -> np.ndarray:
        values = col.get(field, empty_col)
        lut = dict(ix)
        lut[""] = -2 if required else -1
        arr = np.array([lut.get(v, -3) for v in values], dtype=np.int16)
        slow[arr <= -2] = True
        return np.maximum(arr, -1)

    biome = categorical("biome", bulk.BIOME_IX, True)
    severity = categorical("severity", bulk.SEV_IX, True)
    aridity = categorical("aridity", bulk.ARIDITY_IX, False)
    land_use = categorical("land_use", bulk.LAND_IX, False)
    region = categorical("region", bulk.REGION_IX, False)
    country = categorical("country", compiled.country_ix, False).astype(np.int32)

    deg_cache: dict[str, tuple[int, ...] | None] = {"": None}
    degs = []
    for v in col.get("degradation", empty_col):
        t = deg_cache.get(v, ())
        if t == ():
            parts = [p.strip() for p in v.replace(";", ",").split(",")]
            ids: list[int] = []
            ok = True
            for p_ in parts:
                if not p_:
                    continue
                d = bulk.DEG_IX.get(p_)
                if d is None:
                    ok = False
                    break
                if d not in ids:
                    ids.append(d)
            t = deg_cache[v] = tuple(ids) if ok and ids else None
        degs.append(t)
    for i, t in enumerate(degs):
        if t is None:
            slow[i] = True

    def number(field: str) -> np.ndarray:
        values = col.get(field, empty_col)
        is_empty = np.array([v == "" for v in values], dtype=bool)
        try:
            arr = np.array(["nan" if v == "" else v for v in values], dtype=np.float64)
        except ValueError:
            arr = np.empty(n)
            for i, v in enumerate(values):
                try:
                    arr[i] = float(v) if v != "" else math.nan
                except ValueError:
                    arr[i] = math.nan
                    slow[i] = True
        lo, hi, exclusive, _ = NUMBERS[field]
        with np.errstate(invalid="ignore"):
            bad = ~is_empty & (~np.isfinite(arr) | (arr < lo) | (arr > hi) | ((arr <= lo) if exclusive else False))
            if field == "horizon_years":
                bad |= ~is_empty & (arr != np.floor(arr))
        slow[bad] = True
        return arr

    nums = {f: number(f) for f in NUMBERS}
    prio_col = col.get("priorities", empty_col)
    slow |= np.array([v != "" for v in prio_col], dtype=bool)
    slow &= ~blank

    horizon = np.where(np.isnan(nums["horizon_years"]), 20, nums["horizon_years"])
    rate = np.where(np.isnan(nums["discount_rate"]), 0.05, nums["discount_rate"])
    kmax = max((len(t) for t in degs if t), default=1)
    deg_arr = np.full((n, kmax), -1, dtype=np.int16)
    ndeg = np.ones(n, dtype=np.int16)
    for i, t in enumerate(degs):
        if t:
            deg_arr[i, : len(t)] = t
            ndeg[i] = len(t)
    ids_col, names_col = col.get("id", empty_col), col.get("name", empty_col)
    labels = [
        (i_ if i_.strip() else (nm if nm else str(first_row + k)))
        for k, (i_, nm) in enumerate(zip(ids_col, names_col, strict=True))
    ]
    sites = bulk.Sites(
        biome=biome,
        aridity=aridity,
        land_use=land_use,
        region=region,
        country=country,
        rainfall=nums["rainfall_mm"],
        slope=nums["slope_pct"],
        degradation=deg_arr,
        n_degradation=ndeg,
        severity=severity,
        area=nums["area_ha"],
        budget=nums["budget_usd"],
        horizon=horizon.astype(np.int64),
        rate=rate,
        priorities=np.ones((n, bulk.N_PRIO)),
    )
    errors: list[tuple[int, str, str, str]] = []
    drop = blank.copy()
    slow_idx = np.flatnonzero(slow).tolist()
    if slow_idx:
        items = list(mapping.items())
        fixed: list[dict[str, Any]] = []
        fixed_at: list[int] = []
        for i in slow_idx:
            rec = padded[i]
            row = {f: rec[c] for c, f in items if rec[c] != ""}
            try:
                norm = normalise_site(row, countries=compiled.catalog.countries)
            except InputError as exc:
                errors.append((first_row + i, presenters.site_label(row, first_row + i), exc.field, str(exc)))
                drop[i] = True
                continue
            fixed.append(norm)
            fixed_at.append(i)
            labels[i] = presenters.site_label(norm, first_row + i)
        if fixed:
            patch = bulk.sites_from_dicts(fixed, compiled, derive=False)
            sites = bulk.patch(sites, np.array(fixed_at), patch)
    keep = np.flatnonzero(~drop)
    sites = sites.take(keep)
    bulk.complete(sites, compiled)
    return sites, [labels[i] for i in keep.tolist()], errors


# --- processing a chunk (in this process or a worker) ------------------------------------------

_STATE: dict[str, Any] = {}


def _init(data_dir: str | None, options: dict[str, Any]) -> None:
    from .bulk import Compiled
    from .catalog import load_catalog

    cat = load_catalog(data_dir)
    _STATE.update(compiled=Compiled(cat), catalog=cat, options=options)


def process(chunk: Chunk) -> ChunkResult:
    """Check, score and render one chunk."""
    from .bulk import sites_from_dicts

    opts = _STATE["options"]
    compiled = _STATE["compiled"]
    if chunk.text is not None and opts["output_format"] == "csv":
        records = _csv_records(chunk.text, opts["delimiter"])
        s, labels, errors = fast_csv_sites(records, opts["mapping"], chunk.first_row, compiled)
        res = ChunkResult(
            index=chunk.index, text="", errors=errors, sites_ok=len(s), sites_failed=len(errors), end=chunk.end, rows=chunk.rows
        )
        if len(s):
            text, best, best_total = compiled.csv_lines(s, [presenters.csv_cell(x) for x in labels], opts["top"])
            res.text, res.best_total = text, best_total
            res.best.update(compiled.ids[b] for b in best if b >= 0)
        return res
    if chunk.text is not None:
        rows: list[Any] = _csv_rows(chunk.text, opts["delimiter"], opts["mapping"])
        geoms: list[Any] = [None] * len(rows)
    else:
        rows = [r for r, _ in chunk.records or []]
        geoms = [g for _, g in chunk.records or []]
    ok_pos, sites, errors = RowChecker(compiled).check(rows, chunk.first_row)
    labels = [presenters.site_label(s, chunk.first_row + p) for p, s in zip(ok_pos, sites, strict=True)]
    res = ChunkResult(
        index=chunk.index, text="", errors=errors, sites_ok=len(sites), sites_failed=len(errors), end=chunk.end, rows=chunk.rows
    )
    if not sites:
        return res
    top = opts["top"]
    if opts["output_format"] == "csv":
        s = sites_from_dicts(sites, compiled)
        text, best, best_total = compiled.csv_lines(s, [presenters.csv_cell(x) for x in labels], top)
        res.text = text
        res.best_total = best_total
        for b in best:
            if b >= 0:
                res.best[compiled.ids[b]] += 1
        return res
    from .engine import recommend_dict

    parts = []
    for pos, site, label in zip(ok_pos, sites, labels, strict=True):
        result = recommend_dict(site, _STATE["catalog"], top=top)
        if result["options"]:
            res.best[result["options"][0]["practice_id"]] += 1
            res.best_total += result["options"][0]["cost"]["total"]["typical"]
        if opts["output_format"] == "jsonl":
            parts.append(json.dumps({"row": chunk.first_row + pos, "label": label, **result}, ensure_ascii=False) + "\n")
        else:
            props = {k: v for k, v in rows[pos].items()} if isinstance(rows[pos], dict) else {}
            props["landrestore"] = {"options": [_brief(o) for o in result["options"]], "warnings": result["warnings"]}
            feature = {"type": "Feature", "geometry": geoms[pos], "properties": props}
            parts.append(json.dumps(feature, ensure_ascii=False))
    res.text = "".join(parts) if opts["output_format"] == "jsonl" else ",\n".join(parts)
    return res


def _brief(o: dict[str, Any]) -> dict[str, Any]:
    c = o["cost"]
    return {
        "rank": o["rank"],
        "practice_id": o["practice_id"],
        "name": o["name"],
        "score": o["score"],
        "total_typical": c["total"]["typical"],
        "within_budget": c.get("within_budget"),
        "main_reason": o["main_reason"],
    }


# --- the run -----------------------------------------------------------------------------------


@dataclass
class Summary:
    sites_ok: int = 0
    sites_failed: int = 0
    best: Counter = field(default_factory=Counter)
    best_total: float = 0.0
    output: str = ""
    errors_file: str | None = None
    notes: list[str] = field(default_factory=list)
    resumed_from: int = 0


class Journal:
    """How far a run got: lets --resume continue it. Kept beside the output, hidden."""

    def __init__(self, output: Path) -> None:
        self.path = output.with_name(f".{output.name}.landrestore-journal.json")
        self.partial = output.with_name(f".{output.name}.partial")
        self.errors_partial = output.with_name(f".{output.name}.errors.partial")

    def load(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, state: dict[str, Any]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, self.path)

    def clear(self) -> None:
        for p in (self.path, self.partial, self.errors_partial):
            p.unlink(missing_ok=True)


def _fingerprint(path: Path, options: dict[str, Any]) -> dict[str, Any]:
    st = path.stat()
    keep = {k: v for k, v in options.items() if k not in ("mapping", "jobs")}
    return {
        "version": JOURNAL_VERSION,
        "input": str(path.resolve()),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "options": keep,
    }


def run(
    input_path: str,
    output: str,
    top: int | None = None,
    errors_path: str | None = None,
    jobs: int = 1,
    strict: bool = False,
    input_format: str | None = None,
    output_format: str | None = None,
    resume: bool = False,
    data_dir: str | None = None,
    progress: Any = None,
) -> Summary:
    """Run a batch; returns the summary. Raises UserError for bad usage, InputError in --strict mode."""
    src = Path(input_path)
    if not src.is_file():
        raise InputError("input", input_path, f"input file '{input_path}' not found")
    to_stdout = output == "-"
    out_fmt = detect_format(output if not to_stdout else "out.csv", output_format, OUTPUT_FORMATS, "output")
    in_fmt = detect_format(input_path, input_format, INPUT_FORMATS, "input")
    if to_stdout and resume:
        raise UserError("--resume needs an output file, not '-'")
    out_path = Path(output).resolve() if not to_stdout else Path.cwd() / "landrestore-batch.out"
    if not to_stdout:
        if out_path.exists() and src.resolve() == out_path:
            raise UserError(f"the output would overwrite the input '{input_path}'; choose another output file")
        if not out_path.parent.is_dir():
            raise UserError(f"cannot write {output}: folder {out_path.parent} does not exist")
    err_path = (
        Path(errors_path).resolve()
        if errors_path
        else (out_path.with_name(out_path.stem + ".errors.csv") if not to_stdout else Path.cwd() / "landrestore-batch.errors.csv")
    )
    if err_path == src.resolve():
        raise UserError("the errors file would overwrite the input; choose another --errors file")

    options: dict[str, Any] = {
        "top": top,
        "output_format": out_fmt,
        "input_format": in_fmt,
        "strict": strict,
        "data": str(data_dir) if data_dir else None,
    }
    header: list[str] = []
    start_offset = 0
    if in_fmt == "csv":
        header, delim, start_offset = read_csv_header(src)
        mapping, notes = map_columns(header)
        options.update(delimiter=delim, mapping=mapping)
    else:
        notes = []
    summary = Summary(output=output, notes=notes)

    journal = Journal(out_path)
    state = journal.load() if resume else None
    fingerprint = _fingerprint(src, options)
    if resume and state is None:
        notes.append("nothing to resume: starting from the beginning")
    if state is not None and state.get("fingerprint") != fingerprint:
        raise UserError("cannot resume: the input, the options or the previous run do not match; run again without --resume")
    if state is None:
        journal.clear() if not to_stdout else None
        state = {
            "fingerprint": fingerprint,
            "position": start_offset if in_fmt == "csv" else 0,
            "next_row": 1,
            "out_bytes": 0,
            "err_bytes": 0,
            "sites_ok": 0,
            "sites_failed": 0,
            "best": {},
            "best_total": 0.0,
            "done": False,
        }
    else:
        summary.resumed_from = state["next_row"]
        summary.sites_ok, summary.sites_failed = state["sites_ok"], state["sites_failed"]
        summary.best.update(state["best"])
        summary.best_total = state["best_total"]

    # Writers: partial files (truncated to the journal's sizes on resume), or stdout.
    if to_stdout:
        out_fh: Any = sys.stdout
    else:
        mode = "r+b" if state["out_bytes"] else "wb"
        out_fh = journal.partial.open(mode) if journal.partial.exists() or mode == "wb" else journal.partial.open("wb")
        out_fh.truncate(state["out_bytes"])
        out_fh.seek(state["out_bytes"])
    err_fh = (
        journal.errors_partial.open("r+b" if state["err_bytes"] and journal.errors_partial.exists() else "wb")
        if not to_stdout
        else io.BytesIO()
    )
    err_fh.truncate(state["err_bytes"])
    err_fh.seek(state["err_bytes"])

    def write_out(text: str) -> None:
        if to_stdout:
            sys.stdout.write(text)
        else:
            out_fh.write(text.encode("utf-8"))

    first_write = state["out_bytes"] == 0
    if first_write:
        if out_fmt == "csv":
            write_out(presenters.csv_header())
        elif out_fmt == "geojson":
            write_out('{"type": "FeatureCollection", "features": [\n')
        state["geo_first"] = True
    if state["err_bytes"] == 0:
        err_fh.write(b"row,site,field,message\n")

    if in_fmt == "csv":
        chunks: Iterator[Chunk] = csv_chunks(src, state["position"], state["next_row"])
    else:
        chunks = record_chunks(src, in_fmt, state["position"])

    def handle(res: ChunkResult) -> None:
        if res.errors and strict:
            row, site, fld, msg = res.errors[0]
            raise InputError(fld, site, f"row {row} ({site}): {msg}")
        if res.text:
            text = res.text
            if out_fmt == "geojson":
                text = ("" if state.get("geo_first") else ",\n") + text
                state["geo_first"] = False
            write_out(text)
        for row, site, fld, msg in res.errors:
            err_fh.write(_error_line(row, site, fld, msg).encode("utf-8"))
        summary.sites_ok += res.sites_ok
        summary.sites_failed += res.sites_failed
        summary.best.update(res.best)
        summary.best_total += res.best_total
        if not to_stdout:
            out_fh.flush()
            err_fh.flush()
            os.fsync(out_fh.fileno())
            os.fsync(err_fh.fileno())
            state.update(
                position=res.end,
                next_row=state["next_row"] + res.rows,
                out_bytes=out_fh.tell(),
                err_bytes=err_fh.tell(),
                sites_ok=summary.sites_ok,
                sites_failed=summary.sites_failed,
                best=dict(summary.best),
                best_total=summary.best_total,
            )
            journal.save(state)
        if progress is not None:
            progress(res.end, summary)

    try:
        if jobs <= 1:
            _init(str(data_dir) if data_dir else None, options)
            for chunk in chunks:
                try:
                    res = process(chunk)
                except (KeyboardInterrupt, UserError):
                    raise
                except Exception as exc:  # noqa: BLE001 - one chunk's failure must not sink the batch
                    res = _failed(chunk, f"internal error while processing this row's chunk: {type(exc).__name__}: {exc}")
                handle(res)
        else:
            _run_parallel(chunks, jobs, data_dir, options, handle)
        if out_fmt == "geojson":
            write_out("\n]}\n")
    except BaseException:
        if not to_stdout:
            out_fh.close()
            err_fh.close()
        raise
    if to_stdout:
        sys.stdout.flush()
    else:
        out_fh.flush()
        os.fsync(out_fh.fileno())
        out_fh.close()
        os.replace(journal.partial, out_path)
    errors_text = err_fh.getvalue() if isinstance(err_fh, io.BytesIO) else None
    if not isinstance(err_fh, io.BytesIO):
        err_fh.close()
    if summary.sites_failed:
        if errors_text is not None:
            tmp = err_path.with_name(f".{err_path.name}.partial")
            tmp.write_bytes(errors_text)
            os.replace(tmp, err_path)
        else:
            os.replace(journal.errors_partial, err_path)
        summary.errors_file = str(err_path)
    if not to_stdout:
        journal.clear()
    return summary


def _error_line(row: int, site: str, fld: str, msg: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row, presenters.csv_safe(str(site)), fld, presenters.csv_safe(msg)])
    return buf.getvalue()


def _work(chunk: Chunk) -> ChunkResult:
    # Looked up at call time in the worker, so that the worker runs this module's `process`.
    return process(chunk)


def _run_parallel(chunks: Iterator[Chunk], jobs: int, data_dir: Any, options: dict[str, Any], handle: Any) -> None:
    """Process chunks in worker processes, at most 2 per worker in flight, handed on in order.

    A worker that dies (killed, out of memory) breaks the pool and every chunk in flight with it.
    Those chunks are then run again one at a time, each in a fresh worker: the one that kills its
    worker again gets an error entry per row; the others are processed normally.
    """
    from collections import deque
    from concurrent.futures.process import BrokenProcessPool

    initargs = (str(data_dir) if data_dir else None, options)

    def new_pool(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=initargs)

    window = 2 * jobs
    pending: deque[tuple[Chunk, Future]] = deque()
    pool = new_pool(jobs)
    source = iter(chunks)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((chunk, pool.submit(_work, chunk)))
            if not pending:
                break
            chunk, fut = pending.popleft()
            try:
                handle(_result(chunk, fut))
            except BrokenProcessPool:
                suspects = [chunk] + [c for c, _ in pending]
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                for c in suspects:
                    alone = new_pool(1)
                    try:
                        res = _result(c, alone.submit(_work, c))
                    except BrokenProcessPool:
                        res = _failed(c, "a worker process died while processing this row's chunk")
                    finally:
                        alone.shutdown(wait=False, cancel_futures=True)
                    handle(res)
                pool = new_pool(jobs)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _result(chunk: Chunk, fut: Future) -> ChunkResult:
    """A chunk's result; an exception inside it becomes an error entry per row."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return fut.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # noqa: BLE001 - one chunk's failure must not sink the batch
        return _failed(chunk, f"internal error while processing this row's chunk: {type(exc).__name__}: {exc}")


def _failed(chunk: Chunk, message: str) -> ChunkResult:
    n = _rows_in(chunk)
    return ChunkResult(
        index=chunk.index,
        text="",
        errors=[(chunk.first_row + i, str(chunk.first_row + i), "row", message) for i in range(n)],
        sites_ok=0,
        sites_failed=n,
        end=chunk.end,
        rows=chunk.rows,
    )


def _rows_in(chunk: Chunk) -> int:
    if chunk.records is not None:
        return len(chunk.records)
    return sum(1 for rec in csv.reader(io.StringIO(chunk.text or "")) if rec)


def format_summary(summary: Summary) -> str:
    lines = [
        f"{summary.sites_ok:,} sites done, {summary.sites_failed:,} failed"
        + (f" (resumed at row {summary.resumed_from:,})" if summary.resumed_from > 1 else "")
    ]
    if summary.best:
        lines.append("chosen first most often: " + ", ".join(f"{k} ({v:,})" for k, v in summary.best.most_common(5)))
    if summary.sites_ok:
        lines.append(f"total typical cost of the first options: US${summary.best_total:,.0f}")
    if summary.errors_file:
        lines.append(f"rows that failed are listed in {summary.errors_file}")
    if not math.isfinite(summary.best_total):
        lines.append("note: some totals were not finite")
    return "\n".join(lines) + "\n"
