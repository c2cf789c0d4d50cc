"""``--format json``: a JSON array of violation objects (empty when clean). A contract: keep it stable."""

from __future__ import annotations

import json
from typing import Any, TextIO

from doclint.engine import RunResult
from doclint.violations import Violation


def violation_to_dict(v: Violation) -> dict[str, Any]:
    return {
        "path": v.path,
        "line": v.line,
        "column": v.column,
        "end_line": v.end_line,
        "end_column": v.end_column,
        "rule": v.rule,
        "code": v.code,
        "severity": v.severity.value,
        "message": v.message,
        "related": [{"path": r.path, "line": r.line, "column": r.column} for r in v.related],
    }


class JsonReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        json.dump([violation_to_dict(v) for v in result.violations], self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")
