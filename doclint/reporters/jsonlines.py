"""``--format json-lines``: one JSON object per violation per line (the json format's objects), for streaming
into ``jq``, log shippers or a database. Nothing is printed for a clean run."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from doclint.reporters.json import violation_to_dict

if TYPE_CHECKING:
    from doclint.engine import RunResult


class JsonLinesReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        for v in result.violations:
            self.stream.write(json.dumps(violation_to_dict(v), ensure_ascii=False) + "\n")
