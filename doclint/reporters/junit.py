"""``--format junit``: JUnit XML for CI test dashboards (GitLab, Jenkins, Azure Pipelines, ...).

One ``<testcase classname="doclint" name=PATH>`` per file: passing when clean, with one ``<failure>`` listing
its violations (one ``path:line:col: CODE name message`` line each) when it has any, an ``<error>`` when the
file could not be checked and ``<skipped>`` when it was skipped with a notice.

Every checked file gets a test case from ``RunResult.paths``; a result without that list only yields the files
that have violations or problems.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from doclint.reporters.text import header_line
from doclint.display import plural, printable_path
from doclint.violations import FileProblem, Severity, Violation

if TYPE_CHECKING:
    from doclint.results import RunResult

SUITE_NAME = "doclint"
# XML 1.0 forbids most control characters even as references; a document may still contain them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def file_paths(result: RunResult) -> list[str]:
    """Every file to report, in run order: the checked files, then any others with violations or problems.

    ``RunResult.paths`` lists every checked file; a result without it (older engines, or one built by hand)
    falls back to the files that have violations, so clean files then have no test case.
    """
    listed = getattr(result, "paths", None) or ()
    reported = [v.path for v in result.violations] + [problem.path for problem in result.problems]
    return list(dict.fromkeys([*listed, *reported]))


def _failure(violations: list[Violation]) -> ET.Element:
    worst = max(violations, key=lambda v: v.severity.rank).severity
    counts = {level: sum(1 for v in violations if v.severity is level) for level in Severity}
    breakdown = ", ".join(plural(counts[level], level.value) for level in reversed(Severity) if counts[level])
    failure = ET.Element("failure", {
        "message": xml_text(f"{plural(len(violations), 'violation')} ({breakdown})"),
        "type": worst.value,
    })
    failure.text = xml_text("\n".join(header_line(v) for v in violations))
    return failure


def _problem(problem: FileProblem) -> ET.Element:
    if problem.skipped:
        return ET.Element("skipped", {"message": xml_text(problem.message)})
    error = ET.Element("error", {"message": xml_text(problem.message), "type": "could-not-check"})
    error.text = xml_text(str(problem))
    return error


def build_tree(result: RunResult) -> ET.Element:
    by_path: dict[str, list[Violation]] = {}
    for v in result.violations:
        by_path.setdefault(v.path, []).append(v)
    problems: dict[str, list[FileProblem]] = {}
    for problem in result.problems:
        problems.setdefault(problem.path, []).append(problem)

    suite = ET.Element("testsuite", {"name": SUITE_NAME})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for path in file_paths(result):
        case = ET.SubElement(suite, "testcase", {"classname": SUITE_NAME, "name": xml_text(printable_path(path)),
                                                 "file": xml_text(printable_path(path))})
        totals["tests"] += 1
        if path in by_path:
            case.append(_failure(by_path[path]))
            totals["failures"] += 1
        for problem in problems.get(path, ()):
            case.append(_problem(problem))
        if any(not p.skipped for p in problems.get(path, ())):
            totals["errors"] += 1
        elif path in problems and path not in by_path:
            totals["skipped"] += 1
    counts = {key: str(value) for key, value in totals.items()}
    suite.attrib.update(counts)
    root = ET.Element("testsuites", {"name": SUITE_NAME, **{k: counts[k] for k in ("tests", "failures", "errors")}})
    root.append(suite)
    return root


class JunitReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
        self.stream = stream

    def report(self, result: RunResult) -> None:
        root = build_tree(result)
        ET.indent(root, space="  ")
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
