"""``--format json-lines``: one JSON object per violation per line (the json format's objects), for streaming
into ``jq``, log shippers or a database. Nothing is printed for a clean run."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from doclint.reporters.escaping import json_text

if TYPE_CHECKING:
    from doclint.results import RunResult


def json_line(data: object) -> str:
    """One compact JSON document with no character that could be read as a line break (``\\x85``, U+2028 and
    U+2029, which ``str.splitlines`` and some log tools take as one, are escaped with the other controls)."""
    return json_text(json.dumps(data, ensure_ascii=False))


class JsonLinesReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        for v in result.violations:
            self.stream.write(json_line(v.to_dict()) + "\n")
        for problem in result.problems:
            self.stream.write(json_line(problem.to_dict()) + "\n")
