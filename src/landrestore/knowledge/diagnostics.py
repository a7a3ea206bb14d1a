"""Findings about data files, located at FILE:LINE:COL. Produced by ``validate``, never printed there."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def parsable(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} [{self.code}] {self.message}"

    def github(self) -> str:
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.column},title={self.code}::{msg}"
