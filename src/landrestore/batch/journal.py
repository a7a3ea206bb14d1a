"""How far a batch got, so that ``--resume`` can finish it; and a lock so that two runs never
write the same output.

The output is written to a hidden partial file beside it, with a journal of the input position
and the partial files' sizes after each chunk. The end of a run is a sequence the journal follows
step by step, so that a kill at any point is recoverable and a finished output is never
rewritten:

1. every chunk written and synced; the journal says ``finishing`` with the final sizes;
2. the errors file, then the output, renamed into place;
3. the journal removed.

``--resume`` after 1 or 2 completes the renames (or finds them done) and never reopens a partial
file; after 3 there is nothing to resume and the output is left as it is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from landrestore.model.errors import UserError

JOURNAL_VERSION = 2


class Journal:
    """The journal and partial files of one output, hidden beside it."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = output.with_name(f".{output.name}.landrestore-journal.json")
        self.partial = output.with_name(f".{output.name}.partial")
        self.errors_partial = output.with_name(f".{output.name}.errors.partial")
        self.lock_path = output.with_name(f".{output.name}.landrestore-lock")
        self._lock_fd: int | None = None

    # --- the lock --------------------------------------------------------------------------
    def lock(self) -> None:
        """Take the output's advisory lock, or stop with a clear message if another run holds it."""
        import fcntl

        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise UserError(
                f"another landrestore batch is writing {self.output}; wait for it to finish or choose another output"
            ) from None
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            try:
                self.lock_path.unlink(missing_ok=True)
            finally:
                os.close(self._lock_fd)
                self._lock_fd = None

    # --- the state -------------------------------------------------------------------------
    def load(self) -> dict[str, Any] | None:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) and state.get("version") == JOURNAL_VERSION else None

    def save(self, state: dict[str, Any]) -> None:
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({**state, "version": JOURNAL_VERSION}))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def clear(self) -> None:
        final = self.partial.with_name(self.partial.name + ".final")  # a format converted at the end
        for p in (self.path, self.partial, self.errors_partial, final):
            p.unlink(missing_ok=True)


def fingerprint(path: Path, options: dict[str, Any]) -> dict[str, Any]:
    """What a resumed run must share with the run it continues: the input as it was, the options."""
    st = path.stat()
    keep = {k: v for k, v in options.items() if k not in ("mapping", "jobs")}
    return {"input": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "options": keep}
