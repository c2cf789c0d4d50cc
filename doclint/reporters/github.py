"""``--format github``: GitHub Actions workflow commands, which the runner turns into annotations on the diff.

::

    ::error file=guide.md,line=7,col=1,endLine=7,endColumn=60,title=DL001 duplicate-paragraph::Paragraph ...

The command follows the severity (``error``, ``warning``, ``notice`` for info). The runner drops ``col`` and
``endColumn`` when ``line`` and ``endLine`` differ, so a finding over several lines carries lines only.
Files that could not be checked are ``::error`` annotations on the file (``::notice`` when only skipped).
Escaping follows the runner's rules: ``%``, CR and LF in the message; also ``:`` and ``,`` in properties; other
control characters are shown as control pictures (``reporters.escaping``).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from doclint.reporters.escaping import terminal_text
from doclint.display import printable_path
from doclint.violations import FileProblem, Severity, Violation

if TYPE_CHECKING:
    from doclint.results import RunResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The runner's escapes, after control characters are made visible (the log viewer would interpret ESC)."""
    return terminal_text(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _file(path: str) -> str:
    return printable_path(PurePath(path).as_posix())  # backslashes on Windows; GitHub matches repository paths with /


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def violation_command(v: Violation) -> str:
    properties: dict[str, object] = {"file": _file(v.path), "line": v.line}
    if v.end_line == v.line:
        properties.update(col=v.column, endLine=v.end_line, endColumn=max(v.end_column, v.column))
    else:
        properties["endLine"] = v.end_line
    properties["title"] = f"{v.code} {v.rule}"
    return command(COMMANDS[v.severity], properties, v.message)


def problem_command(problem: FileProblem) -> str:
    properties: dict[str, object] = {"file": _file(problem.path)}
    if problem.line is not None:
        properties["line"] = problem.line
        if problem.column is not None:
            properties["col"] = problem.column
    return command("notice" if problem.skipped else "error", properties, problem.message)


# GitHub shows at most this many annotations of each kind (error, warning, notice) per step; the rest are lost.
ANNOTATIONS_SHOWN = 10
# The step summary may hold 1 MiB; the table of findings stops well before.
SUMMARY_LIMIT = 900_000


class GithubReporter:
    """Annotations, most severe first (GitHub shows only the first ten of each kind), and with
    ``$GITHUB_STEP_SUMMARY`` set, a Markdown summary of every finding that says how many GitHub shows."""

    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False,
                 summary_path: str | None = None) -> None:
        self.stream = stream
        self.summary_path = summary_path if summary_path is not None else os.environ.get("GITHUB_STEP_SUMMARY")

    def report(self, result: RunResult) -> None:
        ordered = sorted(result.violations, key=lambda v: (-v.severity.rank, v.sort_key()))
        for v in ordered:
            self.stream.write(violation_command(v) + "\n")
        for problem in result.problems:
            self.stream.write(problem_command(problem) + "\n")
        if self.summary_path:
            with open(self.summary_path, "a", encoding="utf-8") as summary:
                summary.write(step_summary(result, ordered))


def step_summary(result: RunResult, ordered: list[Violation]) -> str:
    """The Markdown for the job's summary page: counts, what GitHub shows as annotations, every finding."""
    counts = Counter(v.severity for v in ordered)
    lines = ["## doclint", ""]
    if not ordered and not result.problems:
        lines.append(f"No violations ({result.files_checked} file{'s' if result.files_checked != 1 else ''} checked).")
        return "\n".join(lines) + "\n\n"
    kinds = [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
    total = len(ordered)
    shown = sum(min(counts[severity], ANNOTATIONS_SHOWN) for severity, _ in kinds)
    parts = ", ".join(f"{counts[severity]} {name}{'s' if counts[severity] != 1 else ''}" for severity, name in kinds
                      if counts[severity])
    lines.append(f"{total} violation{'s' if total != 1 else ''} ({parts or 'none'}) in {result.files_checked} "
                 f"file{'s' if result.files_checked != 1 else ''} checked.")
    if shown < total:
        lines.append("")
        lines.append(f"GitHub shows at most {ANNOTATIONS_SHOWN} annotations of each kind per step: {shown} of these "
                     f"{total} appear on the diff (the most severe first). All are listed below.")
    if result.problems:
        lines += ["", f"{len(result.problems)} file problem{'s' if len(result.problems) != 1 else ''}:", ""]
        lines += [f"- `{_cell(str(problem))}`" for problem in result.problems]
    lines += ["", "| location | rule | level | message |", "|---|---|---|---|"]
    size = sum(len(line) + 1 for line in lines)
    for index, v in enumerate(ordered):
        row = f"| `{_cell(printable_path(v.path))}:{v.line}:{v.column}` | {v.code} {v.rule} | {v.severity.value} | {_cell(v.message)} |"
        if size + len(row) > SUMMARY_LIMIT:
            lines.append(f"\n{total - index} more not listed (the summary has a size limit); see the job's log.")
            break
        lines.append(row)
        size += len(row) + 1
    return "\n".join(lines) + "\n\n"


def _cell(text: str) -> str:
    """Text for one Markdown table cell: one line, pipes and backticks escaped, no HTML."""
    flat = " ".join(text.split())
    return flat.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("<", "&lt;")
