"""Reporters print a ``RunResult``; they are small classes registered by name (``--format``).

``REPORTER_NAMES`` lists the names without importing any reporter (or the engine), for ``--help``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from doclint.results import RunResult

REPORTER_NAMES = ("text", "concise", "json", "json-lines", "sarif", "github", "junit")


class Reporter(Protocol):
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None: ...

    def report(self, result: RunResult) -> None: ...


def reporters() -> dict[str, type[Reporter]]:
    from doclint.reporters.concise import ConciseReporter
    from doclint.reporters.github import GithubReporter
    from doclint.reporters.json import JsonReporter
    from doclint.reporters.jsonlines import JsonLinesReporter
    from doclint.reporters.junit import JunitReporter
    from doclint.reporters.sarif import SarifReporter
    from doclint.reporters.text import TextReporter

    return {
        "text": TextReporter,
        "concise": ConciseReporter,
        "json": JsonReporter,
        "json-lines": JsonLinesReporter,
        "sarif": SarifReporter,
        "github": GithubReporter,
        "junit": JunitReporter,
    }
