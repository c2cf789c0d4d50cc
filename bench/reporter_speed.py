"""Time the text reporter on many findings in one very long line (a soft-wrapped or generated paragraph).

    python bench/reporter_speed.py [FINDINGS] [LINE_LENGTH]

Defaults: 2,500 findings spread evenly over one 10,000-character line (``MAX_SOURCE_LINE``, the longest line
a violation carries). Each finding's snippet shows a window of the line; its cost should not grow with the
line's length. Prints the time for the text format, and for the concise format (no snippets) as the floor.
"""

from __future__ import annotations

import io
import sys
import time

from doclint.reporters import reporters
from doclint.results import RunResult
from doclint.violations import Severity, Violation


def make_result(findings: int, line_length: int) -> RunResult:
    line = ("word " * (line_length // 5 + 1))[:line_length]
    step = max(1, line_length // findings)
    violations = tuple(
        Violation("long.txt", 1, column, 1, column + 4, "DL000", "bench-rule", Severity.WARNING, "Flagged word",
                  source_line=line)
        for column in range(1, line_length + 1, step)[:findings]
    )
    return RunResult(violations, (), 1)


def time_format(name: str, result: RunResult) -> float:
    stream = io.StringIO()
    started = time.perf_counter()
    reporters()[name](stream).report(result)
    return time.perf_counter() - started


def main() -> None:
    findings = int(sys.argv[1]) if len(sys.argv) > 1 else 2_500
    line_length = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    result = make_result(findings, line_length)
    print(f"{len(result.violations):,} findings on one {line_length:,}-character line")
    for name in ("text", "concise"):
        print(f"{name}: {time_format(name, result):.3f} s")


if __name__ == "__main__":
    main()
