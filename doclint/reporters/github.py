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

from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from doclint.reporters.escaping import terminal_text
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
    return PurePath(path).as_posix()  # backslashes on Windows; GitHub matches repository paths with /


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


class GithubReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        for v in result.violations:
            self.stream.write(violation_command(v) + "\n")
        for problem in result.problems:
            self.stream.write(problem_command(problem) + "\n")
