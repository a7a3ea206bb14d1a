"""`landrestore batch`: many sites in, one file out, whole or not at all.

One route per row, whatever the formats: a reader (``readers.py``) yields chunks, the checker
(``checker.py``) turns their rows into columns of sites and errors, the scorer (``scorer.py``)
ranks the practices for every site in bulk, and the output format's writer
(``render/writers``) turns the result into text. Chunks run in this process or in ``--jobs``
workers (``pool.py``); the journal (``journal.py``) makes an interrupted run resumable and the
end of a run safe to kill at any step.
"""

from __future__ import annotations

import math
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landrestore.io.output import PROTECTED, check_target, os_error
from landrestore.model.errors import InputError, UserError
from landrestore.render import writers
from landrestore.render.writers import csvfmt

from . import pool, readers
from .journal import Journal, fingerprint

ERRORS_HEADER = csvfmt.line(["row", "site", "field", "message"])
ENGINES = ("local", "dask")


@dataclass
class ChunkResult:
    index: int
    text: str
    errors: list[tuple[int, str, str, str]]
    sites_ok: int
    sites_failed: int
    best: Counter = field(default_factory=Counter)
    best_total: float = 0.0
    end: int = 0
    rows: int = 0
    ignored: list[str] = field(default_factory=list)


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
    finished_before: bool = False
    ignored: set[str] = field(default_factory=set)  # GeoJSON properties that are not site fields


# --- one chunk (in this process or a worker) ---------------------------------------------------

_STATE: dict[str, Any] = {}


def prepare(data_dir: str | None, options: dict[str, Any], catalog: Any = None) -> dict[str, Any]:
    """What a process needs to score: the catalogue from ``data_dir`` (or the one given, as a Dask
    worker receives it) compiled once, the texts, the writer and its context."""
    from landrestore.knowledge.catalog import load_catalog

    from .columns import Compiled
    from .scorer import Texts

    compiled = Compiled(catalog if catalog is not None else load_catalog(data_dir))
    return dict(
        compiled=compiled,
        texts=Texts(compiled, options.get("lang", "en")),
        options=options,
        writer=writers.get(options["output_format"]),
        context=writers.Context(
            catalog=compiled.catalog,
            lang=options.get("lang", "en"),
            extra={"geometry_column": options.get("geometry_column")},
        ),
    )


def init(data_dir: str | None, options: dict[str, Any]) -> None:
    """Ready this process (or a worker of the local pool) to score."""
    _STATE.clear()
    _STATE.update(prepare(data_dir, options))


def process(chunk: readers.Chunk, state: dict[str, Any] | None = None) -> ChunkResult:
    """Check, score and write one chunk (with this process's state, or the one given)."""
    with readers.no_gc():  # a chunk makes hundreds of thousands of objects and no cycles
        return _process(chunk, _STATE if state is None else state)


def _process(chunk: readers.Chunk, st: dict[str, Any]) -> ChunkResult:
    from .checker import check_csv, check_mappings
    from .scorer import Scored

    opts, compiled = st["options"], st["compiled"]
    chunk = chunk.parsed()
    if chunk.records is not None:
        checked = check_csv(chunk, opts["mapping"], compiled)
    else:
        checked = check_mappings(chunk, compiled, ignore_unknown=opts["input_format"] == "geojson")
    scored = Scored(checked, compiled, st["texts"], opts["top"])
    best, best_total = scored.best()
    text = st["writer"].batch_chunk(scored, st["context"]) if len(checked.sites) else ""
    return ChunkResult(
        chunk.index,
        text,
        checked.errors,
        len(checked.sites),
        len(checked.errors),
        best,
        best_total,
        chunk.end,
        chunk.rows,
        checked.ignored,
    )


def failed(chunk: readers.Chunk, message: str) -> ChunkResult:
    """Every row of a chunk that could not be processed, as an error entry each."""
    chunk = chunk.parsed()
    rows = [
        (chunk.first_row + i)
        for i, r in enumerate(chunk.records if chunk.records is not None else [x for x, _ in chunk.items or []])
        if r is not None
    ]
    return ChunkResult(chunk.index, "", [(r, str(r), "row", message) for r in rows], 0, len(rows), end=chunk.end, rows=chunk.rows)


def _work(chunk: readers.Chunk) -> ChunkResult:
    return process(chunk)


# --- the run -------------------------------------------------------------------------------------


def detect_output_format(output: str, given: str | None) -> str:
    allowed = writers.names("batch")
    if given:
        if given not in allowed:
            from landrestore.model.vocab import closest

            raise InputError(
                "output-format",
                given,
                f"--output-format must be one of {', '.join(allowed)}, got '{given}'",
                closest(given, allowed),
            )
        return given
    if output == "-":
        return "csv"
    fmt = writers.from_path(output)
    if fmt not in allowed:
        raise InputError(
            "output-format", output, f"cannot tell the output format from '{output}'; give --output-format ({', '.join(allowed)})"
        )
    return fmt


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def run(
    input_path: str,
    output: str,
    top: int | None = 3,
    errors_path: str | None = None,
    jobs: int | None = None,
    strict: bool = False,
    input_format: str | None = None,
    output_format: str | None = None,
    resume: bool = False,
    data_dir: str | None = None,
    progress: Any = None,
    lang: str = "en",
    engine: str = "local",
    scheduler: str | None = None,
) -> Summary:
    """Run a batch; returns the summary. UserError for bad usage, InputError in --strict mode.

    ``engine`` is "local" (this process, or ``jobs`` worker processes) or "dask" (a Dask cluster:
    the one at ``scheduler``, or a local one of ``jobs`` workers, default one per core)."""
    src = Path(input_path)
    try:
        readers.check_readable(src)
    except readers.ReadError as exc:
        raise InputError("input", input_path, f"cannot read the input {exc}") from None
    out_fmt = detect_output_format(output, output_format)
    in_fmt = readers.detect_format(input_path, input_format)
    direct = output == "-" or check_target(output) == "device"
    if direct and out_fmt == "parquet":
        raise UserError(f"Parquet is written to a file, not to '{output}'; give -o FILE.parquet")
    if direct and resume:
        raise UserError(f"--resume needs an output file, not '{output}'")
    out_path = Path(output).resolve() if output != "-" else None
    if out_path is not None and _same(out_path, src):
        raise UserError(f"the output would overwrite the input '{input_path}'; choose another output file")
    if out_path is not None and not direct and out_path in PROTECTED:
        raise UserError(f"the output {output} would replace a file this run reads; choose another name")
    if errors_path:
        err_path = Path(errors_path)
    elif out_path is not None and not direct:
        err_path = out_path.with_name(out_path.stem + ".errors.csv")
    else:
        err_path = Path.cwd() / "landrestore-batch.errors.csv"
    check_target(err_path, "errors file")
    if _same(err_path, src):
        raise UserError("the errors file would overwrite the input; choose another --errors file")
    if out_path is not None and _same(err_path, out_path):
        raise UserError("the errors file and the output are the same file; choose another --errors file")
    if scheduler and engine != "dask":
        raise UserError("--scheduler is for the Dask engine; add --engine dask")
    if engine not in ENGINES:
        from landrestore.model.vocab import closest

        raise InputError(
            "engine", engine, f"--engine must be one of {', '.join(ENGINES)}, got '{engine}'", closest(engine, ENGINES)
        )
    if engine == "dask":
        from . import dask_engine

        dask_engine.check_installed()
    jobs = pool.cap_jobs(jobs or 1) if engine == "local" or jobs else 0

    reader = readers.reader(src, in_fmt)
    options: dict[str, Any] = {
        "top": top,
        "output_format": out_fmt,
        "input_format": in_fmt,
        "strict": strict,
        "data": data_dir,
        "lang": lang,
    }
    notes: list[str] = []
    if in_fmt in ("csv", "parquet"):
        from .checker import map_columns

        mapping, notes = map_columns(reader.header)
        options.update(delimiter=reader.delimiter, mapping=mapping)
        if in_fmt == "parquet" and reader.geometry_column:
            options.update(
                geo=reader.geo.decode("utf-8", "replace") if reader.geo else None, geometry_column=reader.geometry_column
            )
    else:
        options["mapping"] = {}
    summary = Summary(output=output, notes=notes)
    writer = writers.get(out_fmt)
    ctx = writers.Context(lang=lang)
    journal = Journal(out_path) if not direct and out_path is not None else None
    try:
        if journal is not None:
            try:
                journal.lock()
            except OSError as exc:
                raise os_error(exc, output) from None
        return _run(
            src,
            reader,
            writer,
            ctx,
            options,
            journal,
            out_path,
            err_path,
            direct,
            resume,
            strict,
            jobs,
            data_dir,
            summary,
            progress,
            engine,
            scheduler,
        )
    finally:
        if journal is not None:
            journal.unlock()


def _run(
    src: Path,
    reader: Any,
    writer: Any,
    ctx: Any,
    options: dict[str, Any],
    journal: Journal | None,
    out_path: Path | None,
    err_path: Path,
    direct: bool,
    resume: bool,
    strict: bool,
    jobs: int,
    data_dir: str | None,
    summary: Summary,
    progress: Any,
    engine: str = "local",
    scheduler: str | None = None,
) -> Summary:
    fp = fingerprint(src, options)
    state = journal.load() if journal is not None and resume else None
    if resume and state is None:
        if out_path is not None and out_path.exists():
            summary.finished_before = True
            summary.notes.append(f"nothing to resume: {out_path.name} is complete (run without --resume to make it again)")
            return summary
        summary.notes.append("nothing to resume: starting from the beginning")
    if state is not None and state.get("fingerprint") != fp:
        raise UserError("cannot resume: the input, the options or the previous run do not match; run again without --resume")
    if state is not None and state.get("phase") == "finishing":
        _finish(journal, out_path, err_path, state)
        _restore(summary, state)
        summary.finished_before = True
        summary.notes.append("the previous run had finished writing; its output is now in place")
        return summary
    if state is None:
        if journal is not None:
            journal.clear()
        state = {
            "fingerprint": fp,
            "phase": "running",
            "position": reader.data_start,
            "next_row": 1,
            "out_bytes": 0,
            "err_bytes": 0,
            "sites_ok": 0,
            "sites_failed": 0,
            "best": {},
            "best_total": 0.0,
            "chunks_written": 0,
            "output_format": options["output_format"],
            "geo": options.get("geo"),
            "geometry_column": options.get("geometry_column"),
        }
    else:
        summary.resumed_from = state["next_row"]
        _restore(summary, state)

    try:
        if journal is not None:
            out_fh: Any = open(journal.partial, "r+b" if state["out_bytes"] and journal.partial.exists() else "wb")
            out_fh.truncate(state["out_bytes"])
            out_fh.seek(state["out_bytes"])
            err_fh: Any = open(journal.errors_partial, "r+b" if state["err_bytes"] and journal.errors_partial.exists() else "wb")
            err_fh.truncate(state["err_bytes"])
            err_fh.seek(state["err_bytes"])
        else:
            # A device is opened by the name given: /dev/stdout resolves to /proc/self/fd/1 and, for
            # a pipe, on to a name ("pipe:[...]") that cannot be opened.
            target = summary.output if out_path is not None else None
            out_fh = sys.stdout.buffer if out_path is None else open(target, "wb")  # noqa: SIM115 - closed below
            err_fh = None
    except OSError as exc:
        raise os_error(exc, out_path or "the output") from None
    errors_buf: list[str] = []
    separator = getattr(writer, "chunk_separator", "")

    def write_out(text: str | bytes) -> None:
        if text:
            out_fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))

    def write_err(text: str) -> None:
        if err_fh is not None:
            err_fh.write(text.encode("utf-8"))
        else:
            errors_buf.append(text)

    if state["out_bytes"] == 0:
        write_out(writer.batch_header(ctx))
    if state["err_bytes"] == 0:
        write_err(ERRORS_HEADER)

    def handle(res: ChunkResult) -> None:
        if res.errors and strict:
            row, site, fld, msg = res.errors[0]
            raise InputError(fld, site, f"row {row} ({site}): {msg}")
        if res.text:
            if state["chunks_written"] and separator:
                write_out(separator)
            write_out(res.text)
            state["chunks_written"] += 1
        for row, site, fld, msg in res.errors:
            write_err(csvfmt.line([row, site, fld, msg]))
        summary.sites_ok += res.sites_ok
        summary.sites_failed += res.sites_failed
        summary.best.update(res.best)
        summary.best_total += res.best_total
        summary.ignored.update(res.ignored)
        if journal is not None:
            for fh in (out_fh, err_fh):
                fh.flush()
                os.fsync(fh.fileno())
            state.update(
                position=res.end,
                next_row=state["next_row"] + res.rows,
                out_bytes=out_fh.tell(),
                err_bytes=err_fh.tell(),
                sites_ok=summary.sites_ok,
                sites_failed=summary.sites_failed,
                best=dict(summary.best),
                best_total=summary.best_total,
                ignored=sorted(summary.ignored),
            )
            journal.save(state)
        if progress is not None:
            progress(res.end, getattr(reader, "total", None), summary)

    chunks = reader.chunks(state["position"], state["next_row"], readers.CHUNK_ROWS)
    try:
        if engine == "dask":
            from landrestore.knowledge.catalog import load_catalog

            from . import dask_engine

            dask_engine.run_parallel(
                chunks, jobs or None, scheduler, load_catalog(data_dir), options, process, failed, handle, summary.notes
            )
        elif jobs <= 1:
            init(data_dir, options)
            for chunk in chunks:
                try:
                    res = process(chunk)
                except (KeyboardInterrupt, UserError):
                    raise
                except Exception as exc:  # noqa: BLE001 - one chunk's failure must not sink the batch
                    res = failed(chunk, f"internal error while processing this row's chunk: {type(exc).__name__}: {exc}")
                handle(res)
        else:
            pool.run_parallel(chunks, jobs, init, (data_dir, options), _work, failed, handle)
        write_out(writer.batch_footer(ctx))
        if summary.ignored:
            names = sorted(summary.ignored)
            shown = ", ".join(f"'{n}'" for n in names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
            summary.notes.append(f"properties that are not site fields were carried through and not read: {shown}")
    except BaseException as exc:
        _close(out_fh, err_fh, out_path)
        if strict and isinstance(exc, InputError) and journal is not None:
            journal.clear()  # --strict leaves nothing behind
        elif journal is not None and isinstance(exc, KeyboardInterrupt):
            exc.landrestore_message = interrupted_message(str(out_path))  # type: ignore[attr-defined]
        if isinstance(exc, OSError):
            raise os_error(exc, out_path or "the output") from None
        raise
    if journal is None:
        try:
            out_fh.flush()
        except OSError as exc:
            _close(out_fh, err_fh, out_path)
            raise os_error(exc, out_path or "the output") from None
        _close(out_fh, err_fh, out_path)
        if summary.sites_failed:
            from landrestore.io.output import write_text

            write_text("".join(errors_buf), err_path, "errors file")
            summary.errors_file = str(err_path)
        return summary
    try:
        for fh in (out_fh, err_fh):
            fh.flush()
            os.fsync(fh.fileno())
        state.update(phase="finishing", out_bytes=out_fh.tell(), err_bytes=err_fh.tell(), failed=summary.sites_failed)
        out_fh.close()
        err_fh.close()
        journal.save(state)
        _finish(journal, out_path, err_path, state)
    except OSError as exc:
        raise os_error(exc, out_path) from None
    if summary.sites_failed:
        summary.errors_file = str(err_path)
    return summary


def _close(out_fh: Any, err_fh: Any, out_path: Path | None) -> None:
    for fh in (out_fh, err_fh):
        if fh is not None and fh is not getattr(sys.stdout, "buffer", None):
            try:
                fh.close()
            except OSError:
                pass


def _finish(journal: Journal, out_path: Path, err_path: Path, state: dict[str, Any]) -> None:
    """Steps 2 and 3 of the end of a run: rename what is still partial, then drop the journal."""
    from landrestore.io.output import umask

    mode = 0o666 & ~umask()
    if journal.errors_partial.exists():
        if state.get("failed"):
            os.chmod(journal.errors_partial, mode)
            os.replace(journal.errors_partial, err_path)
        else:
            journal.errors_partial.unlink()
    if journal.partial.exists():
        writer = writers.get(state["output_format"]) if state.get("output_format") in writers.REGISTRY else None
        if writer is not None and hasattr(writer, "finish"):
            # A format written whole at the end (Parquet): converted beside the output, renamed
            # over it, then the partial file goes; a kill anywhere in this redoes the conversion.
            final = journal.partial.with_name(journal.partial.name + ".final")
            writer.finish(journal.partial, final, state)
            os.chmod(final, mode)
            os.replace(final, out_path)
            journal.partial.unlink()
        else:
            os.chmod(journal.partial, mode)
            os.replace(journal.partial, out_path)
    journal.path.unlink(missing_ok=True)


def _restore(summary: Summary, state: dict[str, Any]) -> None:
    summary.sites_ok, summary.sites_failed = state["sites_ok"], state["sites_failed"]
    summary.best.update(state["best"])
    summary.best_total = state["best_total"]
    summary.ignored.update(state.get("ignored", []))


def interrupted_message(output: str) -> str:
    """What exists after an interrupt, truthfully."""
    try:
        journal = Journal(Path(output).resolve())
    except (OSError, RuntimeError):
        return "interrupted"
    state = journal.load()
    if state is None:
        if Path(output).exists():
            return f"interrupted; {output} is complete"
        return f"interrupted; nothing was written to {output}. Run the same command with --resume to continue."
    if state.get("phase") == "finishing":
        return f"interrupted while putting {output} in place; run the same command with --resume to finish"
    return f"interrupted; {output} was not written yet (the work so far is kept). Run the same command with --resume to continue."


def format_summary(summary: Summary) -> str:
    lines = [
        f"{summary.sites_ok:,} sites done, {summary.sites_failed:,} failed"
        + (f" (resumed at row {summary.resumed_from:,})" if summary.resumed_from > 1 else "")
    ]
    if summary.best:
        lines.append("chosen first most often: " + ", ".join(f"{k} ({v:,})" for k, v in summary.best.most_common(5)))
    if summary.sites_ok and math.isfinite(summary.best_total):
        lines.append(f"total typical cost of the first options: US${summary.best_total:,.0f}")
    if summary.errors_file:
        lines.append(f"rows that failed are listed in {summary.errors_file}")
    return "\n".join(lines) + "\n"
