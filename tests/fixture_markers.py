"""Inline expected-finding markers for fixture documents, reusable by any test.

A fixture line may end with one or more markers, ``{DL001}`` or ``{DL001:5}`` (5 = the 1-based column of the
finding), written right after each other: ``{DL001}{DL002:3}``. A marker means "a finding with this code starts
on this line (at this column)". ``strip_markers`` removes every trailing marker run together with the whitespace
before it, so line numbers and the columns of everything earlier on the line stay as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MARKER_RUN = re.compile(r"\s*(\{[A-Z]+\d+(?::\d+)?\})+\s*$")
MARKER = re.compile(r"\{([A-Z]+\d+)(?::(\d+))?\}")
_LINE_ENDING = re.compile(r"(\r\n|\r|\n)$")


@dataclass(frozen=True, order=True)
class Expected:
    line: int
    code: str
    column: int | None = None


def read_fixture(path: Path) -> str:
    """A fixture's text as doclint reads files: a BOM dropped, line endings (CRLF fixtures) kept."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def strip_markers(text: str) -> tuple[str, list[Expected]]:
    """The text without its markers, and the findings the markers announce, in line order."""
    cleaned: list[str] = []
    expected: list[Expected] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        ending_match = _LINE_ENDING.search(line)
        ending = ending_match.group() if ending_match else ""
        body = line[: len(line) - len(ending)]
        run = MARKER_RUN.search(body)
        if run:
            for marker in MARKER.finditer(body, run.start()):
                column = int(marker.group(2)) if marker.group(2) else None
                expected.append(Expected(number, marker.group(1), column))
            body = body[: run.start()]
        cleaned.append(body + ending)
    return "".join(cleaned), expected


def mismatch(expected: Iterable[Expected], violations: Iterable[object]) -> str | None:
    """``None`` when the violations are exactly the expected findings; otherwise a readable explanation.

    Every violation must be announced by a marker on its line (as many markers as violations with that code on
    that line), and a marker with a column must match a violation's column.
    """
    expected = list(expected)
    found = [(v.line, v.code, v.column) for v in violations]  # type: ignore[attr-defined]
    want_lines = Counter((e.line, e.code) for e in expected)
    got_lines = Counter((line, code) for line, code, _ in found)
    problems = []
    for key in sorted(want_lines - got_lines):
        problems.append(f"missing: {key[1]} on line {key[0]}")
    for key in sorted(got_lines - want_lines):
        columns = [column for line, code, column in found if (line, code) == key]
        problems.append(f"unexpected: {key[1]} on line {key[0]} (column {', '.join(map(str, columns))})")
    want_columns = Counter((e.line, e.code, e.column) for e in expected if e.column is not None)
    got_columns = Counter(found)
    for line, code, column in sorted(want_columns - got_columns):
        actual = sorted(c for l, k, c in found if (l, k) == (line, code))
        problems.append(f"wrong column: {code} on line {line} expected column {column}, found {actual}")
    return "\n".join(problems) or None
