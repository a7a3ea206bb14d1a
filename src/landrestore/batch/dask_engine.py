"""``batch --engine dask``: the input's chunks scored on a Dask cluster.

This process reads the input and writes the output exactly as the local engine does, chunk by
chunk in input order, with the same journal (so ``--resume`` works per chunk and a run started on
a cluster can be finished on a laptop, or the other way round); the cluster only scores. The
workers therefore need landrestore installed (the same version) but neither the input, the
output nor the catalogue folder: the catalogue travels with the job.

Dask's guidance followed here: worker processes with one thread each (the scorer is Python and
NumPy code that holds the GIL between array operations), tasks of about half a second (one chunk
of ``LANDRESTORE_BATCH_CHUNK_ROWS`` rows, 20,000 by default), a bounded number of chunks in flight
(two per worker thread) so memory stays flat whatever the input's size, and futures rather than a
graph built up front. A chunk whose worker dies is run again by the scheduler elsewhere; a chunk
that fails ``RETRIES`` more times, or whose workers keep dying (then once more under a new key), has
each of its rows reported in the errors file, never dropped. Imported only for ``--engine dask``.
"""

from __future__ import annotations

import itertools
import logging
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from landrestore.model.errors import UserError

from .pool import in_order

#: Extra attempts for a chunk whose scoring raised (a worker's death is retried by the scheduler).
RETRIES = 2
INSTALL = "the Dask engine needs dask.distributed: pip install 'landrestore[dask]'"


def check_installed() -> None:
    """UserError (exit 2) with the install command when dask.distributed is missing."""
    _import()


def _import() -> Any:
    try:
        import distributed
    except ImportError:
        raise UserError(INSTALL) from None
    return distributed


def connect(scheduler: str | None, jobs: int | None) -> tuple[Any, Any, str]:
    """(client, local cluster or None, description): the cluster at ``scheduler``, or a local one
    of ``jobs`` worker processes (default: one per core)."""
    distributed = _import()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        workers = len(client.scheduler_info().get("workers", {}))
        return client, None, f"the Dask cluster at {scheduler} ({workers} worker(s) when the run began)"
    workers = jobs or os.cpu_count() or 1
    cluster = distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,  # a failure is reported by the run, per row or as one message
    )
    client = distributed.Client(cluster, set_as_default=False)
    return client, cluster, f"a local Dask cluster of {workers} worker process(es)"


def run_parallel(
    chunks: Iterator[Any],
    jobs: int | None,
    scheduler: str | None,
    catalog: Any,
    options: dict[str, Any],
    work: Callable[[Any, dict[str, Any]], Any],
    failed: Callable[[Any, str], Any],
    handle: Callable[[Any], None],
    notes: list[str],
) -> None:
    """Score ``chunks`` on a Dask cluster with ``work(chunk, state)``, the state being made on each
    worker from ``catalog`` and ``options``; ``handle`` gets the results in input order."""
    import landrestore

    distributed = _import()
    client, cluster, described = connect(scheduler, jobs)
    notes.append(f"scored on {described}")
    token = uuid.uuid4().hex[:12]
    plugin = f"landrestore-{token}"
    pending: deque[tuple[Any, Any]] = deque()
    try:
        from . import dask_worker

        try:
            client.register_plugin(dask_worker.Setup(token, landrestore.__version__, catalog, options))
        except Exception as exc:  # noqa: BLE001 - a worker that cannot set up is a usage error
            raise UserError(f"the Dask workers could not start landrestore: {type(exc).__name__}: {exc}") from None
        threads = sum(client.nthreads().values()) or 1
        keys = itertools.count()

        def submit(chunk: Any) -> Any:
            key = f"{plugin}-{next(keys)}"
            return client.submit(dask_worker.call, token, work, chunk, key=key, retries=RETRIES, pure=False)

        for chunk, fut in in_order(chunks, 2 * threads, submit, pending):
            res = _result(chunk, fut, failed, distributed)
            if res is _KILLED:
                # Dask counts a worker's death against every task assigned to it, so a sound chunk
                # queued beside one that kills its workers can be given up too: run it once more
                # under a new key (a fresh count of deaths) before reporting its rows.
                again = client.submit(dask_worker.call, token, work, chunk, key=f"{fut.key}-again", retries=RETRIES, pure=False)
                res = _result(chunk, again, failed, distributed)
                again.release()
                if res is _KILLED:
                    res = failed(chunk, "Dask workers died repeatedly while processing this row's chunk")
            handle(res)
            fut.release()
    finally:
        for _, left in pending:
            left.cancel()
        try:
            client.unregister_worker_plugin(plugin)
        except Exception:  # noqa: BLE001, S110 - the plugin may never have been registered
            pass
        client.close()
        if cluster is not None:
            cluster.close()


#: What ``_result`` gives for a chunk whose workers kept dying.
_KILLED = object()


def _result(chunk: Any, fut: Any, failed: Callable[[Any, str], Any], distributed: Any) -> Any:
    """A chunk's result; a chunk that cannot be scored becomes an error entry per row, and a lost
    scheduler stops the run (the journal keeps what was written: ``--resume`` goes on from there)."""
    try:
        return fut.result()
    except distributed.KilledWorker:
        return _KILLED
    except (OSError, distributed.comm.CommClosedError) as exc:
        raise UserError(f"lost the Dask scheduler ({type(exc).__name__}: {exc}); run again with --resume") from None
    except Exception as exc:  # noqa: BLE001 - one chunk's failure must not sink the batch
        return failed(chunk, f"internal error while processing this row's chunk: {type(exc).__name__}: {exc}")
