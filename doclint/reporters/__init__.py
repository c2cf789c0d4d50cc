"""Reporters print a ``RunResult``; they are small classes registered by name (``--format``).

``REPORTER_NAMES`` lists the names without importing any reporter (or the engine), for ``--help``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from doclint.results import RunResult

# name -> (module in this package, class): a run imports only the reporter it prints with.
_REPORTER_CLASSES = {
    "text": ("text", "TextReporter"),
    "concise": ("concise", "ConciseReporter"),
    "json": ("json", "JsonReporter"),
    "json-lines": ("jsonlines", "JsonLinesReporter"),
    "sarif": ("sarif", "SarifReporter"),
    "github": ("github", "GithubReporter"),
    "junit": ("junit", "JunitReporter"),
}
REPORTER_NAMES = tuple(_REPORTER_CLASSES)


class Reporter(Protocol):
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None: ...

    def report(self, result: RunResult) -> None: ...


def reporter_class(name: str) -> type[Reporter]:
    """The reporter registered as ``name`` (one of ``REPORTER_NAMES``), importing only its module."""
    module, cls = _REPORTER_CLASSES[name]
    found: type[Reporter] = getattr(importlib.import_module(f"{__name__}.{module}"), cls)
    return found


def reporters() -> dict[str, type[Reporter]]:
    """Every reporter, by name."""
    return {name: reporter_class(name) for name in REPORTER_NAMES}
