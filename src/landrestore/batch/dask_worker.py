"""The worker side of ``batch --engine dask``: a plugin that readies every worker for one run,
and the task that scores a chunk with that run's state.

Each run keeps its state under its own token, so that several runs sharing a cluster (two
consultants, one scheduler) never score with each other's options. Kept apart from
``dask_engine.py`` because a Dask plugin must inherit from Dask's own class, so importing this
module imports ``distributed``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

#: Each run's state in this worker process, by the run's token.
STATES: dict[str, dict[str, Any]] = {}


class Setup(WorkerPlugin):
    """Compiles the client's catalogue with the run's options in every worker, including workers
    that join or restart during the run; refuses a worker whose landrestore version differs."""

    def __init__(self, token: str, version: str, catalog: Any, options: dict[str, Any]) -> None:
        self.name = f"landrestore-{token}"
        self.token = token
        self.version = version
        self.catalog = catalog
        self.options = options

    def setup(self, worker: Any) -> None:
        import landrestore

        from . import run

        if landrestore.__version__ != self.version:
            raise RuntimeError(
                f"this worker has landrestore {landrestore.__version__} and the client {self.version}; "
                "install the same version on both"
            )
        STATES[self.token] = run.prepare(None, self.options, catalog=self.catalog)

    def teardown(self, worker: Any) -> None:
        STATES.pop(self.token, None)


def call(token: str, work: Callable[[Any, dict[str, Any]], Any], chunk: Any) -> Any:
    """One task: ``work(chunk, state)`` with this run's state."""
    try:
        state = STATES[token]
    except KeyError:
        raise RuntimeError("this worker was not set up for the run (its plugin did not run)") from None
    return work(chunk, state)
