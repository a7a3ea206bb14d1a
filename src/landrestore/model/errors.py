"""Errors a user can fix. The CLI turns them into one clear line and an exit code, never a traceback."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # validation failed, batch rows failed
    USAGE = 2  # bad flag, missing/unreadable/invalid input, unknown id
    INTERNAL = 3  # a bug: please report it
    INTERRUPTED = 130


class UserError(Exception):
    """Something the user gave us is wrong; the message says what and how to fix it."""

    exit_code = ExitCode.USAGE


class InputError(UserError):
    """A site field is wrong: names the field, the value given and what is allowed."""

    def __init__(self, field: str, value: object, message: str, suggestion: str | None = None, allowed: str | None = None):
        self.field, self.value, self.suggestion = field, value, suggestion
        text = message
        if suggestion:
            text += f"; did you mean '{suggestion}'?"
        if allowed:
            text += f" ({allowed})"
        super().__init__(text)
        self.message = text


class CatalogError(UserError):
    """The catalogue in use cannot be loaded; run `landrestore validate` for every finding."""
