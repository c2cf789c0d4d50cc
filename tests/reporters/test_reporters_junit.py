"""JUnit XML: one test case per file, failures listing violations, errors for files that could not be checked."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from doclint.reporters.junit import JunitReporter
from doclint.results import RunResult
from doclint.rules import load_rules
from doclint.run import check_paths
from doclint.violations import FileProblem, Severity, Violation

PARAGRAPH = "The harbour authority dredged the main channel last spring to let larger ships dock."
DUPLICATED = f"Harbour news\n\n{PARAGRAPH}\n\nSame headline\n\n{PARAGRAPH}\n"
CLEAN = "Harbour news\n\nThe council met on Thursday and approved the plan.\n"


def junit(result: RunResult) -> tuple[str, ET.Element]:
    stream = io.StringIO()
    JunitReporter(stream, color=True, quiet=True).report(result)
    text = stream.getvalue()
    return text, ET.fromstring(text.encode("utf-8"))


def cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name", ""): case for case in root.iter("testcase")}


def violation(**fields: object) -> Violation:
    values: dict[str, object] = dict(
        path="doc.md", line=3, column=1, end_line=3, end_column=10, code="DL001", rule="duplicate-paragraph",
        severity=Severity.ERROR, message="Paragraph duplicates the paragraph at line 1", source_line="x",
    )
    values.update(fields)
    return Violation(**values)  # type: ignore[arg-type]


def test_real_run_one_testcase_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(DUPLICATED, encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "docs" / "c.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "docs" / "d.txt").write_bytes(b"\0\1binary")
    result = check_paths(["docs"], load_rules())

    text, root = junit(result)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "doclint"
    assert {key: suite.get(key) for key in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4", "failures": "1", "errors": "1", "skipped": "1"}
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "1")

    by_name = cases(root)
    a, b, c, d = (by_name[str(Path("docs") / name)] for name in ("a.txt", "b.txt", "c.txt", "d.txt"))
    assert all(case.get("classname") == "doclint" for case in by_name.values())
    assert list(b) == []  # a clean file is a passing test case

    [failure] = list(a)
    assert failure.tag == "failure"
    assert failure.get("message") == "1 violation (1 error)"
    assert failure.get("type") == "error"
    assert failure.text == (f"{Path('docs') / 'a.txt'}:7:1: DL001 duplicate-paragraph "
                            "Paragraph duplicates the paragraph at line 3")

    [error] = list(c)
    assert error.tag == "error"
    assert error.get("message", "").startswith("not valid UTF-8")

    [skipped] = list(d)
    assert skipped.tag == "skipped" and "binary" in skipped.get("message", "")


def test_failure_lists_every_violation_of_the_file_in_order() -> None:
    result = RunResult(
        (violation(), violation(line=9, code="DL002", rule="repeated-heading", message="Heading 'A' repeats",
                                severity=Severity.WARNING), violation(path="z.md")),
        files_checked=2,
    )
    _, root = junit(result)
    failure = cases(root)["doc.md"].find("failure")
    assert failure is not None
    assert failure.get("message") == "2 violations (1 error, 1 warning)"
    assert failure.text is not None and failure.text.splitlines() == [
        "doc.md:3:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 1",
        "doc.md:9:1: DL002 repeated-heading Heading 'A' repeats",
    ]


def test_uses_the_run_file_list_for_passing_files() -> None:
    result = RunResult((violation(path="b.md"),), files_checked=3, paths=("a.md", "b.md", "c.md"))
    _, root = junit(result)
    assert [case.get("name") for case in root.iter("testcase")] == ["a.md", "b.md", "c.md"]
    assert [len(case) for case in root.iter("testcase")] == [0, 1, 0]


def test_without_a_file_list_falls_back_to_the_files_with_findings() -> None:
    result = RunResult((violation(path="b.md"), violation(path="d.md")),
                       (FileProblem("missing.md", "no such file or directory"),), files_checked=4)
    _, root = junit(result)
    assert [case.get("name") for case in root.iter("testcase")] == ["b.md", "d.md", "missing.md"]
    assert [child.tag for case in root.iter("testcase") for child in case] == ["failure", "failure", "error"]


def test_markup_and_control_characters_still_give_well_formed_xml() -> None:
    message = "Heading '<b>Tom & Jerry</b>' \"quoted\" bell\x07 repeats"
    result = RunResult((violation(path="a&b.md", message=message),), files_checked=1)
    text, root = junit(result)
    case = cases(root)["a&b.md"]
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert "<b>Tom & Jerry</b>" in failure.text and "\"quoted\"" in failure.text
    assert "\x07" not in text and "bell\u2407 repeats" in failure.text  # shown as a control picture


def test_clean_run_is_a_passing_suite() -> None:
    _, root = junit(RunResult((), (), 1, paths=("a.md",)))
    [case] = root.iter("testcase")
    assert case.get("name") == "a.md" and list(case) == []
    assert root.get("failures") == "0" and root.get("errors") == "0"
