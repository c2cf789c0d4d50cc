"""``--format json``: a JSON array of violation objects (empty when clean). A contract: keep it stable."""

from __future__ import annotations

import json
from typing import TextIO

from doclint.results import RunResult


class JsonReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        entries = [v.to_dict() for v in result.violations] + [problem.to_dict() for problem in result.problems]
        json.dump(entries, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
