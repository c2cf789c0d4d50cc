"""Reporters: the registry, and the exact output of text, concise, github and json-lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click
import pytest

from doclint.reporters import REPORTER_NAMES, reporters
from doclint.reporters import text as text_reporter
from doclint.results import RunResult
from doclint.rules import load_rules
from doclint.run import check_paths
from doclint.violations import FileProblem, RelatedLocation, Severity, Violation

HEADLINE_DOC = (
    "Same headline\n"
    "\n"
    "The harbour authority dredged the main channel last spring.\n"
    "\n"
    "Same headline\n"
    "\n"
    "The harbour authority dredged the main channel last spring.\n"
)


def render(name: str, result: RunResult, **options: bool) -> str:
    stream = io.StringIO()
    reporters()[name](stream, **options).report(result)
    return stream.getvalue()


@pytest.fixture
def checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunResult:
    """A real run over one plain-text file with a repeated headline (DL002) and a repeated paragraph (DL001)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text(HEADLINE_DOC, encoding="utf-8")
    return check_paths(["news.txt"], load_rules())


def violation(**fields: object) -> Violation:
    values: dict[str, object] = dict(
        path="doc.md", line=3, column=5, end_line=3, end_column=9, code="DL001", rule="duplicate-paragraph",
        severity=Severity.ERROR, message="Paragraph duplicates the paragraph at line 1", related=(),
        source_line="The cat sat on the mat.",
    )
    values.update(fields)
    return Violation(**values)  # type: ignore[arg-type]


def result_of(*violations: Violation, problems: tuple[FileProblem, ...] = (), files: int = 1) -> RunResult:
    return RunResult(tuple(violations), problems, files)


# --- registry ---------------------------------------------------------------------------------------------


def test_registry_lists_every_format_in_the_advertised_order() -> None:
    assert tuple(reporters()) == REPORTER_NAMES
    assert set(REPORTER_NAMES) >= {"text", "concise", "json", "json-lines", "sarif", "github", "junit"}


@pytest.mark.parametrize("name", REPORTER_NAMES)
def test_every_reporter_takes_the_common_constructor_and_reports_a_clean_run(name: str) -> None:
    stream = io.StringIO()
    reporters()[name](stream, color=True, quiet=True).report(RunResult((), (), 3))
    assert "\x1b[" not in stream.getvalue()  # nothing to colour in a clean, quiet run


# --- text (the default) -----------------------------------------------------------------------------------


def test_text_shows_each_finding_with_its_source_line_underlined(checked: RunResult) -> None:
    assert render("text", checked) == (
        "news.txt:5:1: DL002 repeated-heading Heading 'Same headline' repeats the title at line 1\n"
        "  |\n"
        "5 | Same headline\n"
        "  | ^^^^^^^^^^^^^\n"
        "  = note: first occurrence at news.txt:1:1\n"
        "\n"
        "news.txt:7:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3\n"
        "  |\n"
        "7 | The harbour authority dredged the main channel last spring.\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = note: first occurrence at news.txt:3:1\n"
        "\n"
        "Found 2 violations (2 errors) in 1 file (1 file checked).\n"
    )


def test_text_quiet_keeps_the_blank_line_between_findings_but_drops_the_summary(checked: RunResult) -> None:
    output = render("text", checked, quiet=True)
    assert "Found" not in output
    blocks = output.split("\n\n")
    assert len(blocks) == 2 and blocks[1].startswith("news.txt:7:1: DL001")
    assert output.endswith("news.txt:3:1\n")


def test_text_clean_run_prints_only_the_summary() -> None:
    assert render("text", result_of(files=2)) == "All checks passed (2 files checked).\n"
    assert render("text", result_of(files=2), quiet=True) == ""


def test_text_underlines_the_span_only() -> None:
    output = render("text", result_of(violation()), quiet=True)
    assert output.splitlines()[2:4] == ["3 | The cat sat on the mat.", "  |     ^^^^"]


def test_text_gutter_widens_with_the_line_number() -> None:
    lines = render("text", result_of(violation(line=120, end_line=120)), quiet=True).splitlines()
    assert lines[1:4] == ["    |", "120 | The cat sat on the mat.", "    |     ^^^^"]


def test_text_expands_tabs_so_the_carets_stay_under_the_flagged_text() -> None:
    source = "\tkey:\tvalue"  # "value" is characters 7-11 (1-based 7..12 exclusive)
    lines = render("text", result_of(violation(source_line=source, column=7, end_column=12)), quiet=True).splitlines()
    shown, underline = lines[2], lines[3]
    assert "\t" not in shown
    assert shown == "3 |     key:    value"
    assert underline == "  |             ^^^^^"
    assert shown.index("value") == underline.index("^")


def test_text_tab_inside_the_span_is_underlined_for_its_full_width() -> None:
    lines = render("text", result_of(violation(source_line="a\tb", column=1, end_column=4)), quiet=True).splitlines()
    assert lines[2:4] == ["3 | a   b", "  | ^^^^^"]


def test_text_wide_characters_take_two_carets() -> None:
    lines = render("text", result_of(violation(source_line="見出し title", column=1, end_column=4)), quiet=True)
    assert lines.splitlines()[3] == "  | ^^^^^^"


def test_text_control_characters_do_not_reach_the_terminal() -> None:
    output = render("text", result_of(violation(source_line="bell\x07here", column=1, end_column=5)), quiet=True)
    assert "\x07" not in output
    assert "3 | bell\u2407here" in output


def test_text_span_over_several_lines_is_underlined_to_the_end_of_the_first() -> None:
    lines = render("text", result_of(violation(end_line=5, end_column=3)), quiet=True).splitlines()
    assert lines[3] == "  |     " + "^" * len("cat sat on the mat.")


def test_text_empty_span_and_span_at_the_end_of_the_line_get_one_caret() -> None:
    empty = render("text", result_of(violation(column=5, end_column=5)), quiet=True).splitlines()
    assert empty[3] == "  |     ^"
    at_end = render("text", result_of(violation(source_line="abc", column=4, end_column=4)), quiet=True)
    assert at_end.splitlines()[3] == "  |    ^"


def test_text_long_line_is_cut_after_the_window() -> None:
    source = "word " * 60  # 300 cells, a soft-wrapped paragraph
    lines = render("text", result_of(violation(source_line=source, column=1, end_column=301)), quiet=True)
    shown, underline = lines.splitlines()[2:4]
    assert shown == "3 | " + source[:119] + "…"
    assert underline == "  | " + "^" * 119


def test_text_long_line_is_cut_before_a_span_far_to_the_right() -> None:
    source = "x" * 200 + "TARGET" + "y" * 200
    lines = render("text", result_of(violation(source_line=source, column=201, end_column=207)), quiet=True)
    shown, underline = lines.splitlines()[2:4]
    assert shown.startswith("3 | …x") and shown.endswith("y…")
    assert len(shown) == len("3 | ") + 120
    assert underline == "  |" + " " * (shown.index("TARGET") - 3) + "^" * 6


def test_text_finding_deep_in_a_very_long_line_shows_the_window_around_it() -> None:
    source = "word " * 1000 + "TARGET" + " word" * 1000  # 10,006 characters, the span at index 5000
    lines = render("text", result_of(violation(source_line=source, column=5001, end_column=5007)), quiet=True)
    shown, underline = lines.splitlines()[2:4]
    assert shown == "3 | …" + source[4970:5088] + "…"
    assert underline == "  | " + " " * 31 + "^" * 6


def test_text_snippet_work_is_bounded_by_the_window_not_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # Thousands of findings on one long line each render a snippet: measuring the whole line for each took
    # seconds. Count the characters measured instead of timing.
    measured: list[str] = []
    cell_width = text_reporter._cell_width

    def counting_cell_width(char: str, at: int) -> int:
        measured.append(char)
        return cell_width(char, at)

    monkeypatch.setattr(text_reporter, "_cell_width", counting_cell_width)
    source = "word " * 2000
    render("text", result_of(violation(source_line=source, column=5001, end_column=5005)), quiet=True)
    assert len(measured) <= 2 * (text_reporter.MAX_SOURCE_WIDTH + 1) + text_reporter.TAB_WIDTH


def test_text_tab_stops_of_a_cut_line_count_from_the_start_of_the_line() -> None:
    source = "x" * 299 + "\tvalue" + "y" * 200  # the tab starts at cell 299 and takes one cell
    lines = render("text", result_of(violation(source_line=source, column=301, end_column=306)), quiet=True)
    shown, underline = lines.splitlines()[2:4]
    assert shown == "3 | …" + "x" * 29 + " value" + "y" * 83 + "…"
    assert underline == "  | " + " " * 31 + "^" * 5


def test_text_line_of_more_characters_than_cells_is_not_cut_while_it_fits() -> None:
    source = "e\u0301" * 100  # 200 characters, 100 cells: each accent combines with its letter
    lines = render("text", result_of(violation(source_line=source, column=199, end_column=201)), quiet=True)
    shown, underline = lines.splitlines()[2:4]
    assert shown == "3 | " + source
    assert underline == "  | " + " " * 99 + "^"


def test_text_without_a_source_line_shows_the_header_and_notes_only() -> None:
    related = (RelatedLocation("other.md", 2, 1), RelatedLocation("doc.md", 1, 3))
    output = render("text", result_of(violation(source_line="", related=related)), quiet=True)
    assert output == (
        "doc.md:3:5: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 1\n"
        "  = note: first occurrence at other.md:2:1\n"
        "  = note: also at doc.md:1:3\n"
    )


def test_text_colour_only_when_asked(checked: RunResult) -> None:
    plain = render("text", checked)
    coloured = render("text", checked, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31m" in coloured  # the code and carets in red for errors
    assert click.unstyle(coloured) == plain


def test_text_summary_counts_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9\n")
    result = check_paths(["bad.txt"], load_rules())
    assert render("text", result) == "No violations in the files checked (0 files checked; 1 file could not be checked).\n"


# --- concise (the former default) -------------------------------------------------------------------------


def test_concise_is_one_line_per_violation_then_the_summary(checked: RunResult) -> None:
    assert render("concise", checked) == (
        "news.txt:5:1: DL002 repeated-heading Heading 'Same headline' repeats the title at line 1\n"
        "news.txt:7:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3\n"
        "Found 2 violations (2 errors) in 1 file (1 file checked).\n"
    )


def test_concise_quiet_and_colour(checked: RunResult) -> None:
    quiet = render("concise", checked, quiet=True)
    assert quiet.count("\n") == 2 and "Found" not in quiet
    assert click.unstyle(render("concise", checked, color=True)) == render("concise", checked)


def test_concise_summary_breaks_down_levels() -> None:
    result = result_of(violation(), violation(line=4, severity=Severity.WARNING, code="DL002"),
                       violation(path="z.md", severity=Severity.INFO), files=3)
    assert render("concise", result).splitlines()[-1] == (
        "Found 3 violations (1 error, 1 warning, 1 info) in 2 files (3 files checked)."
    )


# --- github -----------------------------------------------------------------------------------------------


def test_github_one_workflow_command_per_violation(checked: RunResult) -> None:
    assert render("github", checked) == (
        "::error file=news.txt,line=5,col=1,endLine=5,endColumn=14,title=DL002 repeated-heading"
        "::Heading 'Same headline' repeats the title at line 1\n"
        "::error file=news.txt,line=7,col=1,endLine=7,endColumn=60,title=DL001 duplicate-paragraph"
        "::Paragraph duplicates the paragraph at line 3\n"
    )


def test_github_command_follows_the_severity() -> None:
    result = result_of(violation(severity=Severity.WARNING), violation(line=4, severity=Severity.INFO))
    assert [line.split(" ")[0] for line in render("github", result).splitlines()] == ["::warning", "::notice"]


def test_github_escapes_message_and_properties() -> None:
    v = violation(path="dir,1/a:b.md", message="100% sure\r\nsecond line: a, b", rule="odd-name")
    assert render("github", result_of(v)) == (
        "::error file=dir%2C1/a%3Ab.md,line=3,col=5,endLine=3,endColumn=9,title=DL001 odd-name"
        "::100%25 sure%0D%0Asecond line: a, b\n"
    )


def test_github_multi_line_finding_has_no_columns() -> None:
    # The runner drops col/endColumn when line and endLine differ, so send the line range only.
    assert render("github", result_of(violation(end_line=6, end_column=2))) == (
        "::error file=doc.md,line=3,endLine=6,title=DL001 duplicate-paragraph"
        "::Paragraph duplicates the paragraph at line 1\n"
    )


def test_github_file_problems_are_annotations_on_the_file() -> None:
    problems = (
        FileProblem("bad.md", "not valid UTF-8 (byte 0xe9); save the file as UTF-8", line=2, column=4),
        FileProblem("missing.md", "no such file or directory"),
        FileProblem("img/logo.txt", "binary file (contains NUL bytes)", skipped=True),
    )
    assert render("github", result_of(problems=problems)) == (
        "::error file=bad.md,line=2,col=4::not valid UTF-8 (byte 0xe9); save the file as UTF-8\n"
        "::error file=missing.md::no such file or directory\n"
        "::notice file=img/logo.txt::binary file (contains NUL bytes)\n"
    )


# --- json-lines -------------------------------------------------------------------------------------------


def test_json_lines_one_object_per_line_the_same_as_json(checked: RunResult) -> None:
    output = render("json-lines", checked)
    assert output.splitlines() == [
        '{"path": "news.txt", "line": 5, "column": 1, "end_line": 5, "end_column": 14, "rule": "repeated-heading",'
        ' "code": "DL002", "severity": "error", "message": "Heading \'Same headline\' repeats the title at line 1",'
        ' "related": [{"path": "news.txt", "line": 1, "column": 1}], "data": {"similarity": 100.0, "target": "title"}}',
        '{"path": "news.txt", "line": 7, "column": 1, "end_line": 7, "end_column": 60, "rule": "duplicate-paragraph",'
        ' "code": "DL001", "severity": "error", "message": "Paragraph duplicates the paragraph at line 3",'
        ' "related": [{"path": "news.txt", "line": 3, "column": 1}], "data": {"similarity": 100.0}}',
    ]
    assert output.endswith("\n")
    assert [json.loads(line) for line in output.splitlines()] == json.loads(render("json", checked))


def test_json_lines_clean_run_prints_nothing() -> None:
    assert render("json-lines", result_of()) == ""


def test_json_lines_never_splits_an_object_over_lines() -> None:
    message = "new\nline, line\u2028separator, next\x85line and caf\u00e9"
    output = render("json-lines", result_of(violation(message=message)))
    assert len(output.splitlines()) == 1  # str.splitlines breaks on U+2028 and U+0085 too
    assert "caf\u00e9" in output  # other text stays readable
    assert json.loads(output) == violation(message=message).to_dict()
