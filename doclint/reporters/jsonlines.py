"""``--format json-lines``: one JSON object per violation per line (the json format's objects), for streaming
into ``jq``, log shippers or a database. Nothing is printed for a clean run."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from doclint.results import RunResult


# Characters that ``str.splitlines`` and some log tools treat as line breaks, though JSON leaves them raw.
_LINE_BREAKING = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(data: object) -> str:
    """One compact JSON document with no character that could be read as a line break."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in _LINE_BREAKING.items():
        text = text.replace(char, escape)  # these only occur inside strings, where the escape means the same
    return text


class JsonLinesReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        for v in result.violations:
            self.stream.write(json_line(v.to_dict()) + "\n")
        for problem in result.problems:
            self.stream.write(json_line(problem.to_dict()) + "\n")
