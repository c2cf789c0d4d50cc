"""The Python API: lint_text and check_paths return located, levelled, sorted violations."""

from __future__ import annotations

from pathlib import Path

import pytest

import doclint
from doclint.engine import lint_text
from doclint.errors import SelectorError
from doclint.rules import load_rules
from doclint.run import check_paths
from doclint.violations import FileProblem, RelatedLocation, Severity, Violation

DOC = """\
# Harbour news

The harbour authority dredged the main channel last spring to let larger ships dock.

## Harbour news

The harbour authority dredged the main channel last spring to let larger ships dock.
"""


FIELDS = ("path", "line", "column", "end_line", "end_column", "code", "rule", "severity", "message", "related",
          "source_line")


def fields(violation: Violation) -> dict[str, object]:
    return {name: getattr(violation, name) for name in FIELDS}


def test_lint_text_violation_fields() -> None:
    heading, paragraph = lint_text(DOC, path="news.md")
    assert fields(heading) == dict(
        path="news.md", line=5, column=4, end_line=5, end_column=16, code="DL002", rule="repeated-heading",
        severity=Severity.ERROR, message="Heading 'Harbour news' repeats the title at line 1",
        related=(RelatedLocation("news.md", 1, 3),), source_line="## Harbour news",
    )
    assert fields(paragraph) == dict(
        path="news.md", line=7, column=1, end_line=7, end_column=85, code="DL001", rule="duplicate-paragraph",
        severity=Severity.ERROR, message="Paragraph duplicates the paragraph at line 3",
        related=(RelatedLocation("news.md", 3, 1),),
        source_line="The harbour authority dredged the main channel last spring to let larger ships dock.",
    )


def test_package_exports_the_api() -> None:
    assert doclint.lint_text is lint_text
    assert [r.code for r in doclint.load_rules()] == [r.code for r in load_rules()]
    assert doclint.Violation is Violation
    with pytest.raises(AttributeError):
        doclint.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    "kwargs, column",
    [
        ({}, 1),  # "<text>" has no extension: plain text, where "## Harbour news" is a title-like line
        ({"path": "news.txt"}, 1),
        ({"path": "news.md"}, 4),
        ({"path": "news.txt", "format": "markdown"}, 4),
        ({"path": "news.md", "format": "text"}, 1),
    ],
)
def test_format_follows_path_unless_given(kwargs: dict[str, str], column: int) -> None:
    [heading] = [v for v in lint_text(DOC, **kwargs) if v.code == "DL002"]
    assert (heading.line, heading.column) == (5, column)


def test_select_and_ignore_in_lint_text(builtin_rules) -> None:
    assert [v.code for v in lint_text(DOC, path="a.md", rules=builtin_rules, select=["repeated-heading"])] == ["DL002"]
    assert [v.code for v in lint_text(DOC, path="a.md", rules=builtin_rules, ignore=["DL002"])] == ["DL001"]
    with pytest.raises(SelectorError, match="unknown rule 'DL0001'"):
        lint_text(DOC, path="a.md", rules=builtin_rules, select=["DL0001"])


def test_violations_are_sorted_by_position_then_code(builtin_rules) -> None:
    text = "Alpha news\nA paragraph long enough to be compared by the duplicate rule.\n" * 3
    found = [(v.line, v.column, v.code) for v in lint_text(text, path="a.txt", rules=builtin_rules)]
    assert found == sorted(found)
    assert found == [(3, 1, "DL002"), (4, 1, "DL001"), (5, 1, "DL002"), (6, 1, "DL001")]


def test_every_copy_is_reported_against_the_first(builtin_rules) -> None:
    paragraph = "A paragraph long enough to be compared by the duplicate rule."
    text = "\n\n".join([paragraph] * 4) + "\n"
    found = [(v.line, v.message, v.related[0].line) for v in lint_text(text, path="a.md", rules=builtin_rules)]
    assert found == [(line, "Paragraph duplicates the paragraph at line 1", 1) for line in (3, 5, 7)]


def test_disabled_rule_is_skipped_unless_selected(tmp_path: Path) -> None:
    rule = (Path(load_rules().find("DL002").source).read_text()
            .replace("id: DL002", "id: XX002").replace("name: repeated-heading", "name: heading-copy")
            .replace("scope: siblings", "scope: siblings\nenabled: false"))
    (tmp_path / "r.yaml").write_text(rule)
    rules = load_rules([tmp_path])
    assert "XX002" not in {v.code for v in lint_text(DOC, path="a.md", rules=rules)}
    assert {v.code for v in lint_text(DOC, path="a.md", rules=rules, select=["heading-copy"])} == {"XX002"}


def test_lint_text_directive_for_an_unselected_rule_is_not_unknown(builtin_rules) -> None:
    text = "# T\n\n<!-- doclint-disable-next-line DL001 -->\nThe council met.\n"
    assert lint_text(text, path="a.md", rules=builtin_rules, select=["DL900"]) == []


def test_check_paths_result(tmp_path: Path, builtin_rules) -> None:
    (tmp_path / "a.md").write_text(DOC)
    (tmp_path / "b.txt").write_text("Clean text.\n")
    (tmp_path / "c.md").write_bytes(b"bad \xff byte\n")
    result = check_paths([str(tmp_path), str(tmp_path / "missing.md")], builtin_rules)
    assert result.files_checked == 2
    assert [(Path(v.path).name, v.line, v.code) for v in result.violations] == [("a.md", 5, "DL002"),
                                                                                 ("a.md", 7, "DL001")]
    assert [str(p).replace(str(tmp_path), "T") for p in result.problems] == [
        "T/missing.md: error: no such file or directory",
        "T/c.md:1:5: error: not valid UTF-8 (byte 0xff); save the file as UTF-8",
    ]
    assert all(isinstance(p, FileProblem) and not p.skipped for p in result.errors)
    assert {r.code for r in result.rules} == {r.code for r in builtin_rules}


def test_headings_that_differ_in_inline_code_are_not_repeats(builtin_rules) -> None:
    text = "# API\n\n## Parameters for `get`\n\nText.\n\n## Parameters for `set`\n\nMore.\n"
    assert lint_text(text, path="api.md", rules=builtin_rules) == []


def test_paragraphs_that_differ_in_inline_code_are_not_exact_duplicates(builtin_rules) -> None:
    text = ("# API\n\nCall `get_item()` to read one item from the store and return it to the caller.\n\n"
            "Call `set_item()` to read one item from the store and return it to the caller.\n")
    messages = [v.message for v in lint_text(text, path="api.md", rules=builtin_rules, select=["DL001"])]
    assert "Paragraph duplicates the paragraph at line 3" not in messages


def test_long_heading_is_shortened_in_the_message(builtin_rules) -> None:
    heading = "A very long headline about the harbour dredging plan that the council approved on Thursday"
    text = f"{heading}\nBody text of the article.\n{heading}\n"
    [violation] = lint_text(text, path="a.txt", rules=builtin_rules)
    assert violation.message == ("Heading 'A very long headline about the harbour dredging plan that t…' repeats "
                                 "the title at line 1")
