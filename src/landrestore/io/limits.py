"""Reading files within limits: bounded by the bytes actually read, never by what a file claims.

A device (``/dev/zero``), a FIFO or a socket is refused before it is read, so a reader can
neither run forever nor fill the memory; a regular file is read up to its limit plus one byte,
so a file that grows while it is read is still caught. Each limit has an environment variable.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


#: A site file describes one site: a megabyte is generous (LANDRESTORE_MAX_SITE_BYTES).
MAX_SITE_BYTES = env_int("LANDRESTORE_MAX_SITE_BYTES", 1024 * 1024)
#: A catalogue file (LANDRESTORE_MAX_YAML_BYTES).
MAX_YAML_BYTES = env_int("LANDRESTORE_MAX_YAML_BYTES", 64 * 1024 * 1024)
#: A batch input read whole (YAML or JSON list, GeoJSON) (LANDRESTORE_MAX_DOCUMENT_BYTES).
MAX_DOCUMENT_BYTES = env_int("LANDRESTORE_MAX_DOCUMENT_BYTES", 256 * 1024 * 1024)


class ReadError(Exception):
    """A file that cannot be read within the rules: what and why, for one clear line."""

    def __init__(self, path: str | Path, message: str, code: str = "file-unreadable") -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.code = str(path), message, code


def check_readable(path: str | Path) -> os.stat_result:
    """The file's status; ReadError unless it is a regular file that can be opened."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError(path, "file not found", "file-not-found") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read it: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(path, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(path, "is not a regular file (a device, FIFO or socket cannot be read as data)")
    return st


def read_bounded(path: str | Path, limit: int, what: str = "file", env: str | None = None) -> bytes:
    """All bytes of a regular file, or ReadError when it holds more than ``limit`` bytes."""
    check_readable(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ReadError(path, f"cannot read it: {exc.strerror}") from None
    if len(data) > limit:
        hint = f" (limit {env})" if env else ""
        raise ReadError(path, f"the {what} is larger than {limit:,} bytes{hint}", "too-large")
    return data
