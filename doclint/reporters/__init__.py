"""Reporters print a ``RunResult``; they are small classes registered by name (``--format``)."""

from __future__ import annotations

from typing import Protocol, TextIO

from doclint.engine import RunResult


class Reporter(Protocol):
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None: ...

    def report(self, result: RunResult) -> None: ...


def reporters() -> dict[str, type[Reporter]]:
    from doclint.reporters.json import JsonReporter
    from doclint.reporters.text import TextReporter

    return {"text": TextReporter, "json": JsonReporter}
