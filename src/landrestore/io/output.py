"""Writing an output: whole or not at all, never over something it must not replace.

A regular file (or a new name) is written to a temporary file beside it and renamed over it at
the end, so a failed run leaves the previous file as it was. A character device, a FIFO or
standard output (``-``) is written directly and never replaced (``-o /dev/null`` stays a
device). A folder, an input of the run or a catalogue file in use is refused with one line.
Files are created with the user's umask (0644 under umask 022), as any program's files are.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from landrestore.model.errors import UserError

#: Paths this process reads (site files, batch inputs, catalogue files); outputs may not replace them.
PROTECTED: set[Path] = set()


def protect(paths: Iterable[str | Path]) -> None:
    """Declare files the run reads, so that no output replaces them."""
    for p in paths:
        try:
            PROTECTED.add(Path(p).resolve())
        except (OSError, RuntimeError):
            continue


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def os_error(exc: OSError, path: str | Path, doing: str = "write") -> UserError:
    """An environment error (permissions, full disk, name too long, loops) as one clear line."""
    reason = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.ELOOP: "too many levels of symbolic links",
        errno.EROFS: "the file system is read-only",
        errno.EISDIR: "it is a folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ENOENT: "no such file or folder",
    }.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return UserError(f"cannot {doing} {path}: {reason}")


def kind(path: Path) -> str:
    """``missing``, ``file``, ``folder``, ``device`` (character or block device, FIFO, socket) or ``other``."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise os_error(exc, path, "use") from None
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISDIR(st.st_mode):
        return "folder"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return "device"
    return "other"


def check_target(output: str | Path, what: str = "output") -> str:
    """Refuse a target that must not be written; return its kind (``file``, ``missing``, ``device``)."""
    path = Path(output)
    k = kind(path)
    if k == "folder":
        raise UserError(f"the {what} {output} is a folder; give a file name")
    if k == "other":
        raise UserError(f"the {what} {output} is not a regular file")
    if k in ("file", "missing"):
        try:
            target = path.resolve()
        except (OSError, RuntimeError) as exc:
            raise UserError(f"cannot write {output}: {exc}") from None
        if target in PROTECTED:
            raise UserError(f"the {what} {output} would replace a file this run reads; choose another name")
        if not target.parent.is_dir():
            raise UserError(f"cannot write {output}: folder {target.parent} does not exist")
    return k


def write_text(text: str | bytes, output: str | Path | None, what: str = "output") -> None:
    """Write to stdout (``None`` or ``-``), to a device as it is, or to a file whole or not at all."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if output is None or str(output) == "-":
        try:
            if isinstance(text, str):
                sys.stdout.write(text)
            else:
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`| head`): not an error of ours; silence the interpreter's flush.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return
    k = check_target(output, what)
    try:
        if k == "device":
            with open(output, "wb") as fh:
                fh.write(data)
            return
        target = Path(output).resolve()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~umask())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise os_error(exc, output) from None
