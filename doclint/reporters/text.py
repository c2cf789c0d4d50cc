"""The default output: each finding with its source line and the span underlined, then a summary.

::

    guide.md:7:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3
      |
    7 | The harbour authority dredged the main channel last spring.
      | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      = note: first occurrence at guide.md:3:1

The underline is computed in display cells, not characters: tabs are expanded to the next multiple of
``TAB_WIDTH`` in both the shown line and the underline, wide (East Asian) characters take two cells and
combining marks none, so the carets stay under the flagged text. ``--format concise`` prints the header
lines only.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Callable, TextIO

import click

from doclint.reporters.escaping import terminal_text
from doclint.display import plural, printable_path
from doclint.violations import Severity, Violation

if TYPE_CHECKING:
    from doclint.results import RunResult

TAB_WIDTH = 4
MAX_SOURCE_WIDTH = 120  # display cells of the source line shown under a finding
LEVEL_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_LEVEL_COLOURS = LEVEL_COLOURS  # the name before concise output moved out of this module

Style = Callable[..., str]


def plain(text: str, **_style: object) -> str:
    return text


def header_line(v: Violation, style: Style = plain) -> str:
    """``path:line:col: CODE name message``: the whole concise output, and the first line of a text finding."""
    location = style(f"{printable_path(v.path)}:{v.line}:{v.column}:", bold=True)
    code = style(terminal_text(v.code), fg=LEVEL_COLOURS[v.severity], bold=True)
    return f"{location} {code} {terminal_text(v.rule)} {terminal_text(v.message)}"


def _takes_no_cell(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me", "Cf")


def _cell_width(char: str, at: int) -> int:
    """How many terminal cells ``char`` takes when it starts at cell ``at``."""
    if char == "\t":
        return TAB_WIDTH - at % TAB_WIDTH
    if _takes_no_cell(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _visible(char: str) -> str:
    """Control characters would move the cursor; show C0 ones as their Unicode control pictures."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return char


def _character_window(line: str, start: int, max_width: int) -> tuple[int, int]:
    """The characters ``[first, last)`` of ``line`` that a ``max_width``-cell window around ``start`` can show.

    Every character but a zero-width one takes at least a cell, so ``max_width + 1`` of those on either side of
    ``start`` hold all the window shows and prove the line is wider than the window. ``first`` is rounded down
    to a multiple of ``TAB_WIDTH``: tab stops then fall where they would on the whole line when the text cut off
    is one cell a character (the usual case; after tabs or wide characters they count from the cut instead).
    """
    if len(line) <= max_width:
        return 0, len(line)
    first, seen = start, 0
    while first > 0 and seen <= max_width:
        first -= 1
        seen += not _takes_no_cell(line[first])
    last, seen = start, 0
    while last < len(line) and seen <= max_width:
        seen += not _takes_no_cell(line[last])
        last += 1
    return first // TAB_WIDTH * TAB_WIDTH, last


def render_source(line: str, start: int, end: int, max_width: int = MAX_SOURCE_WIDTH) -> tuple[str, str]:
    """The line as displayed (tabs expanded) and its underline for the characters ``[start, end)``.

    The underline has at least one caret; a span starting at the end of the line gets one caret after it.
    A line wider than ``max_width`` cells is cut to a window around the span's start, with ``…`` marking
    each cut (a soft-wrapped paragraph is one long line, and its text is not the point of the report).
    """
    # Cut in characters first: thousands of findings on one long line must not each measure the whole line.
    first, last = _character_window(line, start, max_width)
    pieces: list[tuple[int, int, str]] = []  # (starting cell, width, displayed text) per character
    cells = 0
    span_start = span_end = None
    for index, char in enumerate(line[first:last], first):
        if index == start:
            span_start = cells
        if index == end:
            span_end = cells
        width = _cell_width(char, cells)
        pieces.append((cells, width, " " * width if char == "\t" else _visible(char)))
        cells += width
    span_start = cells if span_start is None else span_start
    span_end = cells if span_end is None else span_end
    if cells <= max_width:  # never when the line was cut: what is cut off shows it is wider
        return "".join(text for _, _, text in pieces), " " * span_start + "^" * max(span_end - span_start, 1)

    left = 0 if span_start < max_width // 2 else span_start - max_width // 4  # > 0 when cut before
    right = left + max_width - (1 if left else 0) - 1  # room for the cut marks
    kept = "".join(text for at, width, text in pieces if at >= left and at + width <= right)
    shown = ("…" if left else "") + kept + ("…" if last < len(line) or right < cells else "")
    offset = (1 if left else 0) - left
    first_cell, last_cell = span_start, min(span_end, right)
    return shown, " " * (first_cell + offset) + "^" * max(last_cell - first_cell, 1)


def _span_on_line(v: Violation) -> tuple[int, int]:
    """Character indexes of the flagged text on the violation's first line (to the line's end if it goes on)."""
    start = max(v.column - 1, 0)
    end = v.end_column - 1 if v.end_line == v.line else len(v.source_line)
    return start, max(end, start)


def _location(path: str, line: int, column: int) -> str:
    return f"{printable_path(path)}:{line}:{column}"


def finding_block(v: Violation, style: Style = plain) -> list[str]:
    lines = [header_line(v, style)]
    gutter_width = len(str(v.line))
    pad = " " * gutter_width
    bar = style("|", fg="blue", bold=True)
    if v.source_line:
        shown, underline = render_source(v.source_line, *_span_on_line(v))
        number = style(str(v.line), fg="blue", bold=True)
        lines.append(f"{pad} {bar}")
        lines.append(f"{number} {bar} {shown}".rstrip())
        lines.append(f"{pad} {bar} {style(underline, fg=LEVEL_COLOURS[v.severity], bold=True)}")
    for index, related in enumerate(v.related):
        label = "first occurrence at" if index == 0 else "also at"
        note = style("= note:", bold=True)
        lines.append(f"{pad} {note} {label} {_location(related.path, related.line, related.column)}")
    return lines


class TextReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream
        self.color = color
        self.quiet = quiet

    def _style(self, text: str, **style: object) -> str:
        return click.style(text, **style) if self.color else text  # type: ignore[arg-type]  # click.style's keywords (fg, bold, dim) pass through **style

    def report(self, result: RunResult) -> None:
        blocks = ["\n".join(finding_block(v, self._style)) + "\n" for v in result.violations]
        self.stream.write("\n".join(blocks))
        if not self.quiet:
            self.stream.write(("\n" if blocks else "") + summary(result) + "\n")


def summary(result: RunResult) -> str:
    files = plural(result.files_checked, "file")
    errors = result.errors
    checked = set(result.paths)
    # A problem in a file that was checked (a rule that failed or ran out of time) is not a file left unchecked.
    unchecked = {problem.path for problem in errors if problem.path not in checked}
    partial = [problem for problem in errors if problem.path in checked]
    trouble = f"; {plural(len(unchecked), 'file')} could not be checked" if unchecked else ""
    if partial:
        trouble += (f"; {plural(len(partial), 'rule')} could not finish in "
                    f"{plural(len({problem.path for problem in partial}), 'file')}")
    if result.baseline is not None:
        hidden, stale = result.baseline
        trouble += (f"; {hidden} known {'violation' if hidden == 1 else 'violations'} hidden by the baseline, "
                    f"{plural(stale, 'stale baseline entry').replace('entrys', 'entries')}")
    if not result.violations:
        if errors:
            return f"No violations in the files checked ({files} checked{trouble})."
        return f"All checks passed ({files} checked{trouble})."
    counts = {level: sum(1 for v in result.violations if v.severity is level) for level in Severity}
    breakdown = ", ".join(plural(counts[level], level.value) for level in reversed(Severity) if counts[level])
    with_findings = len({v.path for v in result.violations})
    return (f"Found {plural(len(result.violations), 'violation')} ({breakdown}) in {plural(with_findings, 'file')}"
            f" ({files} checked{trouble}).")
