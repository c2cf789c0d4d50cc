"""``--format json``: a JSON array of violation objects (empty when clean). A contract: keep it stable.

Control and bidirectional characters in strings are ``\\uXXXX`` escapes (``reporters.escaping``).
"""

from __future__ import annotations

import json
from typing import TextIO

from doclint.reporters.escaping import json_text
from doclint.results import RunResult


class JsonReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        entries = [v.to_dict() for v in result.violations] + [problem.to_dict() for problem in result.problems]
        self.stream.write(json_text(json.dumps(entries, indent=2, ensure_ascii=False)) + "\n")
