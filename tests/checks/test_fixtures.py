"""Every fixture document under tests/fixtures/<rule-name>/ is linted with that one rule selected; the findings
must be exactly the ones marked inline (``{DL001}``, ``{DL001:5}``) at the end of the line where each starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES_DIR, fixture_files, style_dirs
from fixture_markers import Expected, mismatch, read_fixture, strip_markers

from doclint.engine import lint_text
from doclint.rules import load_rules

FIXTURES = fixture_files()
BUILTIN_CODES = {rule.code for rule in load_rules()}

# Fixtures that expose a known bug stay, marked strict xfail, until the bug is fixed: {"rule/file.md": "BUG: ..."}.
KNOWN_BUGS: dict[str, str] = {}


def _param(path: Path) -> object:
    name = path.relative_to(FIXTURES_DIR).as_posix()
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name])] if name in KNOWN_BUGS else []
    return pytest.param(path, id=name, marks=marks)


@pytest.mark.parametrize("path", [_param(p) for p in FIXTURES])
def test_fixture_findings_match_inline_markers(path: Path, all_rules) -> None:
    rule_name = path.parent.name
    rule = all_rules.find(rule_name)
    assert rule is not None, f"fixture directory {rule_name!r} does not name a loaded rule"
    text, expected = strip_markers(read_fixture(path))
    violations = lint_text(text, path=path.relative_to(FIXTURES_DIR).as_posix(), rules=all_rules, select=[rule_name])
    assert all(e.code == rule.code for e in expected), f"markers in {path.name} must use {rule.code}"
    problem = mismatch(expected, violations)
    assert problem is None, f"{path.relative_to(FIXTURES_DIR)}:\n{problem}"


@pytest.mark.parametrize("rule_name", [r.name for r in load_rules(style_dirs())])
def test_every_rule_has_a_fixture_with_findings_and_a_clean_one(rule_name: str, all_rules) -> None:
    rule = all_rules.find(rule_name)
    files = [p for p in FIXTURES if p.parent.name == rule.name]
    if not files and rule.code not in BUILTIN_CODES:
        pytest.skip(f"example style rule {rule.code} has no fixtures under tests/fixtures/{rule.name}/ yet")
    with_findings = [p.name for p in files if strip_markers(read_fixture(p))[1]]
    clean = [p.name for p in files if not strip_markers(read_fixture(p))[1]]
    assert with_findings, f"tests/fixtures/{rule.name}/ needs a fixture with findings marked inline"
    assert clean, f"tests/fixtures/{rule.name}/ needs a clean fixture (no markers)"


def test_every_fixture_directory_names_a_rule(all_rules) -> None:
    names = {rule.name for rule in all_rules}
    directories = {p.name for p in FIXTURES_DIR.iterdir() if p.is_dir()}
    assert directories - names == set()


def test_builtin_rules_cover_markdown_and_plain_text_fixtures() -> None:
    for rule_name in ("duplicate-paragraph", "repeated-heading"):
        suffixes = {p.suffix for p in FIXTURES if p.parent.name == rule_name}
        assert {".md", ".txt"} <= suffixes, rule_name


# The marker syntax itself, so that a harness bug cannot make every fixture pass.

def test_strip_markers_removes_trailing_runs_and_keeps_lines() -> None:
    text = "first line {DL001}\nsecond {DL001:5}{DL002:3}  \nthird line\n"
    cleaned, expected = strip_markers(text)
    assert cleaned == "first line\nsecond\nthird line\n"
    assert expected == [Expected(1, "DL001"), Expected(2, "DL001", 5), Expected(2, "DL002", 3)]


def test_strip_markers_keeps_crlf_and_cr_line_endings() -> None:
    cleaned, expected = strip_markers("a {DL001}\r\nb\rc {XY12:2}")
    assert cleaned == "a\r\nb\rc"
    assert expected == [Expected(1, "DL001"), Expected(3, "XY12", 2)]


@pytest.mark.parametrize(
    "line",
    [
        "a marker {DL001} in the middle of a line",
        "lower case {dl001}",
        "no digits {DL}",
        "bad column {DL001:x}",
        "template {first_line}",
        "unclosed {DL001",
    ],
)
def test_strip_markers_leaves_everything_else_alone(line: str) -> None:
    assert strip_markers(line + "\n") == (line + "\n", [])


def test_mismatch_reports_missing_unexpected_and_wrong_columns() -> None:
    class V:
        def __init__(self, line: int, code: str, column: int) -> None:
            self.line, self.code, self.column = line, code, column

    assert mismatch([Expected(2, "DL001", 3)], [V(2, "DL001", 3)]) is None
    assert mismatch([Expected(2, "DL001")], [V(2, "DL001", 9)]) is None
    assert mismatch([Expected(2, "DL001")], []) == "missing: DL001 on line 2"
    assert mismatch([], [V(4, "DL002", 1)]) == "unexpected: DL002 on line 4 (column 1)"
    assert mismatch([Expected(2, "DL001", 3)], [V(2, "DL001", 1)]) == (
        "wrong column: DL001 on line 2 expected column 3, found [1]"
    )
    # two findings on one line need two markers
    assert mismatch([Expected(2, "DL001")], [V(2, "DL001", 1), V(2, "DL001", 9)]) == (
        "unexpected: DL001 on line 2 (column 1, 9)"
    )
