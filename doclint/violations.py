"""The located results of a run: violations (rule findings) and file problems, shared by engine and reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True, slots=True)
class RelatedLocation:
    path: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Violation:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    related: tuple[RelatedLocation, ...] = ()
    source_line: str = ""  # the text of ``line``, for reporters that show the source
    fix: object = None  # a doclint.checks.Fix (document offsets) when a safe automatic fix exists

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file that could not be checked (unreadable, binary, not UTF-8), or was skipped with a notice."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    skipped: bool = False  # a notice (e.g. a binary file found while walking a directory), not an error

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {'skipped' if self.skipped else 'error'}: {self.message}"
