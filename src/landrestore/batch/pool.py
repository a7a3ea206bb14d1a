"""Worker processes for ``batch --jobs N``: chunks scored in parallel, handed on in input order.

At most ``4 x cores`` workers, started only as chunks arrive (the forkserver start method spawns
them on demand), with at most two chunks in flight per worker. A worker that dies (killed, out of
memory) breaks the pool and every chunk in flight with it: those chunks are run again one at a
time in a fresh worker, and the one that kills its worker again gets an error entry per row.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

MAX_JOBS_PER_CORE = 4


def cap_jobs(jobs: int) -> int:
    return max(1, min(jobs, MAX_JOBS_PER_CORE * (os.cpu_count() or 1)))


def run_parallel(
    chunks: Iterator[Any],
    jobs: int,
    init: Callable[..., None],
    initargs: tuple[Any, ...],
    work: Callable[[Any], Any],
    failed: Callable[[Any, str], Any],
    handle: Callable[[Any], None],
) -> None:
    """Process ``chunks`` with ``work`` in worker processes; ``handle`` gets the results in order."""
    context = multiprocessing.get_context(os.environ.get("LANDRESTORE_START_METHOD", "forkserver"))

    def new_pool(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=init, initargs=initargs, mp_context=context)

    pending: deque[tuple[Any, Future]] = deque()
    pool = new_pool(jobs)

    def submit(chunk: Any) -> Future:
        return pool.submit(work, chunk)  # the current pool: a new one after a worker's death

    try:
        for chunk, fut in in_order(chunks, 2 * jobs, submit, pending):
            try:
                handle(result(chunk, fut, failed))
            except BrokenProcessPool:
                suspects = [chunk] + [c for c, _ in pending]
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                for c in suspects:
                    alone = new_pool(1)
                    try:
                        res = result(c, alone.submit(work, c), failed)
                    except BrokenProcessPool:
                        res = failed(c, "a worker process died while processing this row's chunk")
                    finally:
                        alone.shutdown(wait=False, cancel_futures=True)
                    handle(res)
                pool = new_pool(jobs)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def in_order(
    chunks: Iterator[Any], window: int, submit: Callable[[Any], Any], pending: deque[tuple[Any, Any]]
) -> Iterator[tuple[Any, Any]]:
    """Submit ``chunks`` with at most ``window`` in flight; yield each (chunk, future) in input
    order. ``pending`` holds those in flight, for a caller that must take them over."""
    source = iter(chunks)
    while True:
        while len(pending) < window:
            chunk = next(source, None)
            if chunk is None:
                break
            pending.append((chunk, submit(chunk)))
        if not pending:
            return
        yield pending.popleft()


def result(chunk: Any, fut: Future, failed: Callable[[Any, str], Any]) -> Any:
    """A chunk's result; an exception inside it becomes an error entry per row."""
    try:
        return fut.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # noqa: BLE001 - one chunk's failure must not sink the batch
        return failed(chunk, f"internal error while processing this row's chunk: {type(exc).__name__}: {exc}")
