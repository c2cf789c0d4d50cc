"""The data model at the bottom of doclint: fixes, violations (located rule findings) and file problems.

Everything else imports these; they import nothing of doclint's. Check kinds produce ``Finding``s with document
offsets; the engine turns each into a ``Violation`` with its path, line, column, level and message.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``text[start:end]`` (offsets into the parsed document's text) with ``replacement``."""

    start: int
    end: int
    replacement: str


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
    fix: Fix | None = None  # a safe automatic fix, in document offsets
    # Evidence for triage, JSON values only: what the check found and how strongly (e.g. DL003's cue, family and
    # score, DL001's similarity). Documented per check kind; reporters pass it through as ``data``.
    data: Mapping[str, Any] = field(default_factory=dict)
    # Identifies the finding across edits elsewhere in the file (baselines, SARIF): set by the run's funnel.
    fingerprint: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``--format json``): a contract, keep it stable."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "related": [{"path": r.path, "line": r.line, "column": r.column} for r in self.related],
            "data": dict(self.data),
        }


# How file problems appear among the findings of the JSON formats (as ruff reports unreadable files as E902).
FILE_PROBLEM_CODE = "DL000"
FILE_PROBLEM_RULE = "file-problem"


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file that could not be checked (unreadable, binary, not UTF-8), or was skipped with a notice."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    skipped: bool = False  # a notice (e.g. a binary file found while walking a directory), not an error

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, shaped like a violation's so that JSON consumers meet it in the same array: code
        ``DL000``, rule ``file-problem``, severity ``error`` (``info`` for a file skipped with a notice), and
        ``data.kind`` ``error`` or ``skipped``. Line and column are 1 when the problem has no place in the file."""
        line = self.line or 1
        column = self.column or 1
        return {
            "path": self.path, "line": line, "column": column, "end_line": line, "end_column": column,
            "rule": FILE_PROBLEM_RULE, "code": FILE_PROBLEM_CODE, "severity": "info" if self.skipped else "error",
            "message": self.message, "related": [], "data": {"kind": "skipped" if self.skipped else "error"},
        }

    def __str__(self) -> str:
        from doclint.display import printable_path

        where = printable_path(self.path)
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {'skipped' if self.skipped else 'error'}: {self.message}"
