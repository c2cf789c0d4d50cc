"""The default output: ``path:line:col: CODE name message``, one per line, then a summary."""

from __future__ import annotations

from typing import TextIO

import click

from doclint.engine import RunResult
from doclint.violations import Severity

_LEVEL_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


class TextReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream
        self.color = color
        self.quiet = quiet

    def _style(self, text: str, **style: object) -> str:
        return click.style(text, **style) if self.color else text  # type: ignore[arg-type]

    def report(self, result: RunResult) -> None:
        for v in result.violations:
            location = self._style(f"{v.path}:{v.line}:{v.column}:", bold=True)
            code = self._style(v.code, fg=_LEVEL_COLOURS[v.severity], bold=True)
            self.stream.write(f"{location} {code} {v.rule} {v.message}\n")
        if not self.quiet:
            self.stream.write(summary(result) + "\n")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: RunResult) -> str:
    files = _plural(result.files_checked, "file")
    errors = result.errors
    trouble = f"; {_plural(len(errors), 'file')} could not be checked" if errors else ""
    if not result.violations:
        return f"All checks passed ({files} checked{trouble})."
    counts = {level: sum(1 for v in result.violations if v.severity is level) for level in Severity}
    breakdown = ", ".join(_plural(counts[level], level.value) for level in reversed(Severity) if counts[level])
    with_findings = len({v.path for v in result.violations})
    return (f"Found {_plural(len(result.violations), 'violation')} ({breakdown}) in {_plural(with_findings, 'file')}"
            f" ({files} checked{trouble}).")
