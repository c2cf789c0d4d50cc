"""``--format concise``: one ``path:line:col: CODE name message`` line per violation, then the summary.

This was the default output before the text format gained source snippets; it suits grep and editors'
error parsers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

import click

from doclint.reporters.text import header_line, summary

if TYPE_CHECKING:
    from doclint.results import RunResult


class ConciseReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream
        self.color = color
        self.quiet = quiet

    def _style(self, text: str, **style: object) -> str:
        return click.style(text, **style) if self.color else text  # type: ignore[arg-type]  # click.style's keywords (fg, bold, dim) pass through **style

    def report(self, result: RunResult) -> None:
        for v in result.violations:
            self.stream.write(header_line(v, self._style) + "\n")
        if not self.quiet:
            self.stream.write(summary(result) + "\n")
