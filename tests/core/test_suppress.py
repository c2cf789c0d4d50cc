"""Inline suppression: every directive form, in Markdown HTML comments and plain-text directive lines, by code and
by name, several at once or all rules; directives in code do nothing; unused ones are DL900 info findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from samples import HARBOUR as P

from doclint.cli import cli
from doclint.engine import lint_text

# A claim (DL003) that is also a paragraph long enough to be duplicated (DL001).
CLAIM = "Experts agree that the harbour authority dredged the main channel to let larger ships dock."


def dup(line: int, first: int = 3) -> tuple[int, int, str, str]:
    return (line, 1, "DL001", f"Paragraph duplicates the paragraph at line {first}")


def heading(line: int, column: int = 4, text: str = "News") -> tuple[int, int, str, str]:
    return (line, column, "DL002", f"Heading '{text}' repeats the title at line 1")


def unused(line: int, column: int, directive: str, reason: str = "no finding to suppress") -> tuple[int, int, str, str]:
    return (line, column, "DL900", f"Unused suppression '{directive}': {reason}")


def claim(line: int) -> tuple[int, int, str, str]:
    return (line, 1, "DL003", "'Experts agree': who? Name the source or cite it")


def lint(text: str, path: str = "a.md", rules=None,  # type: ignore[no-untyped-def]
         **kwargs) -> list[tuple[int, int, str, str]]:
    return [(v.line, v.column, v.code, v.message) for v in lint_text(text, path=path, rules=rules, **kwargs)]


# Without directives, for reference


def test_reference_findings_without_directives(builtin_rules) -> None:
    assert lint(f"# News\n\n{P}\n\n{P}\n\n## News\n", rules=builtin_rules) == [dup(5), heading(7)]
    assert lint(f"# News\n\n{CLAIM}\n\n{CLAIM}\n", rules=builtin_rules) == [claim(3), dup(5), claim(5)]


# disable-next-line


@pytest.mark.parametrize("selector", ["DL001", "duplicate-paragraph"])
def test_disable_next_line_by_code_or_name(builtin_rules, selector: str) -> None:
    text = f"# News\n\n{P}\n\n<!-- doclint-disable-next-line {selector} -->\n{P}\n\n{P}\n"
    assert lint(text, rules=builtin_rules) == [dup(8)]


def test_disable_next_line_covers_only_the_named_rule(builtin_rules) -> None:
    text = f"# News\n\n{CLAIM}\n\n<!-- doclint-disable-next-line DL001 -->\n{CLAIM}\n"
    assert lint(text, rules=builtin_rules) == [claim(3), claim(6)]


def test_disable_next_line_without_rules_covers_every_rule(builtin_rules) -> None:
    text = f"# News\n\n{CLAIM}\n\n<!-- doclint-disable-next-line -->\n{CLAIM}\n"
    assert lint(text, rules=builtin_rules) == [claim(3)]


@pytest.mark.parametrize("selectors", ["DL001 DL003", "DL001,DL003", "duplicate-paragraph, unattributed-claim",
                                       "DL001  unattributed-claim"])
def test_several_rules_at_once(builtin_rules, selectors: str) -> None:
    text = f"# News\n\n{CLAIM}\n\n<!-- doclint-disable-next-line {selectors} -->\n{CLAIM}\n"
    assert lint(text, rules=builtin_rules) == [claim(3)]


def test_disable_next_line_is_only_the_next_line(builtin_rules) -> None:
    # A blank line after the directive: the paragraph is not on the next line, and the directive is unused.
    text = f"# News\n\n{P}\n\n<!-- doclint-disable-next-line DL001 -->\n\n{P}\n"
    assert lint(text, rules=builtin_rules) == [unused(5, 6, "doclint-disable-next-line DL001"), dup(7)]


def test_disable_next_line_in_a_blockquote(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n> <!-- doclint-disable-next-line DL001 -->\n> {P}\n"
    assert lint(text, rules=builtin_rules) == []


# disable-line


def test_disable_line_on_the_findings_line(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n{P} <!-- doclint-disable-line DL001 -->\n\n{P}\n"
    assert lint(text, rules=builtin_rules) == [dup(7)]


def test_disable_line_on_another_line_does_not_cover_the_finding(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n{P}\n<!-- doclint-disable-line DL001 -->\n"
    assert lint(text, rules=builtin_rules) == [dup(5), unused(6, 6, "doclint-disable-line DL001")]


def test_disable_line_in_a_multi_line_comment_covers_the_comments_lines_only(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n<!--\n  doclint-disable-line DL001\n-->\n{P}\n"
    assert lint(text, rules=builtin_rules) == [unused(6, 3, "doclint-disable-line DL001"), dup(8)]


# disable / enable ranges


def test_disable_enable_range_per_rule(builtin_rules) -> None:
    text = (f"# News\n\n{P}\n\n<!-- doclint-disable DL001 DL002 -->\n\n{P}\n\n## News\n\n"
            f"<!-- doclint-enable DL001 -->\n\n{P}\n\n## News\n")
    # DL001 is enabled again at line 11; DL002 stays disabled to the end of the file.
    assert lint(text, rules=builtin_rules) == [dup(13)]


def test_disable_without_rules_until_enable_without_rules(builtin_rules) -> None:
    text = (f"# News\n\n{CLAIM}\n\n<!-- doclint-disable -->\n\n{CLAIM}\n\n## News\n\n<!-- doclint-enable -->\n\n"
            f"{CLAIM}\n\n## News\n")
    assert lint(text, rules=builtin_rules) == [claim(3), dup(13), claim(13), heading(15)]


def test_enable_of_one_rule_after_disabling_all(builtin_rules) -> None:
    text = f"# News\n\n{CLAIM}\n\n<!-- doclint-disable -->\n\n<!-- doclint-enable DL001 -->\n\n{CLAIM}\n"
    assert lint(text, rules=builtin_rules) == [claim(3), dup(9)]


def test_disable_by_name_and_enable_by_code(builtin_rules) -> None:
    text = (f"# News\n\n{P}\n\n<!-- doclint-disable duplicate-paragraph -->\n\n{P}\n\n"
            f"<!-- doclint-enable DL001 -->\n\n{P}\n")
    assert lint(text, rules=builtin_rules) == [dup(11)]


def test_disable_does_not_reach_back(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n{P}\n\n<!-- doclint-disable DL001 -->\n\n{P}\n"
    assert lint(text, rules=builtin_rules) == [dup(5)]


# disable-file


@pytest.mark.parametrize("selector", ["DL002", "repeated-heading"])
def test_disable_file_anywhere_in_the_file(builtin_rules, selector: str) -> None:
    text = f"# News\n\n## News\n\n{P}\n\n{P}\n\n<!-- doclint-disable-file {selector} -->\n"
    assert lint(text, rules=builtin_rules) == [dup(7, 5)]


def test_disable_file_without_rules(builtin_rules) -> None:
    text = f"<!-- doclint-disable-file -->\n# News\n\n{CLAIM}\n\n{CLAIM}\n\n## News\n"
    assert lint(text, rules=builtin_rules) == []


# Plain text: directive lines


@pytest.mark.parametrize("directive", [
    "# doclint-disable-next-line DL001",
    "#doclint-disable-next-line duplicate-paragraph",
    "  # doclint-disable-next-line DL001",
    "<!-- doclint-disable-next-line DL001 -->",
    "   <!-- doclint-disable-next-line -->",
])
def test_plain_text_directive_lines(builtin_rules, directive: str) -> None:
    text = f"News\n\n{P}\n\n{directive}\n{P}\n\n{P}\n"
    assert lint(text, path="a.txt", rules=builtin_rules) == [dup(8)]


def test_plain_text_disable_enable_and_file(builtin_rules) -> None:
    text = (f"Harbour news\n\n{P}\n\n# doclint-disable DL001\n{P}\n# doclint-enable DL001\n\n{P}\n\n"
            "# doclint-disable-file repeated-heading\nHarbour news\n")
    assert lint(text, path="a.txt", rules=builtin_rules) == [dup(9)]


def test_plain_text_directive_lines_are_not_prose(builtin_rules) -> None:
    # Two identical directive lines are not duplicate titles or paragraphs, and do not join their neighbours.
    text = "News\n# doclint-disable-next-line DL003\nThe council met on Thursday.\n# doclint-disable-next-line DL003\n"
    found = lint(text, path="a.txt", rules=builtin_rules, select=["DL001", "DL002"])
    assert found == []


def test_plain_text_directive_must_be_a_line_of_its_own(builtin_rules) -> None:
    text = f"News\n\n{P}\n\nSee # doclint-disable-next-line DL001\n{P}\n"
    assert [v[2] for v in lint(text, path="a.txt", rules=builtin_rules)] == ["DL001"]


def test_plain_text_directive_with_crlf_and_bom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = f"Harbour news\r\n\r\n{P}\r\n\r\n# doclint-disable-next-line DL001\r\n{P}\r\n\r\n{P}\r\n"
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = CliRunner().invoke(cli, ["check", "--format", "concise", "a.txt"])
    assert result.stdout.splitlines()[:-1] == [
        "a.txt:8:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3"]
    assert result.exit_code == 1


# Directives that are not directives


def test_markdown_heading_that_looks_like_a_directive_does_nothing(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n# doclint-disable-file\n\n{P}\n"
    assert lint(text, rules=builtin_rules) == [dup(7)]


@pytest.mark.parametrize("code", [
    "```\n<!-- doclint-disable-file -->\n```",
    "~~~html\n<!-- doclint-disable-file -->\n~~~",
    "    <!-- doclint-disable-file -->",
    "Inline `<!-- doclint-disable-file -->` is code.",
])
def test_directives_inside_code_do_nothing(builtin_rules, code: str) -> None:
    text = f"# News\n\n{P}\n\n{code}\n\n{P}\n"
    assert [v[2:] for v in lint(text, rules=builtin_rules)] == [dup(0)[2:]]


def test_directive_in_code_next_to_the_finding_does_nothing(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n```\n<!-- doclint-disable-next-line -->\n```\n{P}\n"
    assert lint(text, rules=builtin_rules) == [dup(8)]


def test_plain_text_directive_for_markdown_is_prose_in_markdown(builtin_rules) -> None:
    # "#doclint-..." without a space is a paragraph in Markdown, not a directive.
    text = f"# News\n\n{P}\n\n#doclint-disable-file\n\n{P}\n"
    assert lint(text, rules=builtin_rules) == [dup(7)]


# Unused suppressions: DL900, info


def test_unused_directives_are_reported_as_info(builtin_rules) -> None:
    text = ("# News\n\n<!-- doclint-disable-next-line DL001 -->\nThe council met.\n\n"
            "<!-- doclint-disable DL002 -->\n\nText.\n\n<!-- doclint-enable DL002 -->\n\n"
            "<!-- doclint-disable-file duplicate-paragraph -->\n")
    violations = lint_text(text, path="a.md", rules=builtin_rules)
    assert [(v.line, v.column, v.code, v.rule, v.severity.value, v.message) for v in violations] == [
        (3, 6, "DL900", "unused-suppression", "info",
         "Unused suppression 'doclint-disable-next-line DL001': no finding to suppress"),
        (6, 6, "DL900", "unused-suppression", "info",
         "Unused suppression 'doclint-disable DL002': no finding to suppress"),
        (12, 6, "DL900", "unused-suppression", "info",
         "Unused suppression 'doclint-disable-file duplicate-paragraph': no finding to suppress"),
    ]
    # The finding spans the directive itself.
    assert (violations[0].end_line, violations[0].end_column) == (3, 41)


def test_unused_directive_without_rules(builtin_rules) -> None:
    text = "# News\n\n<!-- doclint-disable-next-line -->\nThe council met.\n"
    assert lint(text, rules=builtin_rules) == [unused(3, 6, "doclint-disable-next-line")]


def test_directive_naming_an_unknown_rule(builtin_rules) -> None:
    text = "# News\n\n<!-- doclint-disable-next-line DL999 duplicate-paragrap -->\nThe council met.\n"
    assert lint(text, rules=builtin_rules) == [
        unused(3, 6, "doclint-disable-next-line DL999 duplicate-paragrap",
               "unknown rule 'DL999', 'duplicate-paragrap'")]


def test_plain_text_unused_directive_location(builtin_rules) -> None:
    text = "News\n\n# doclint-disable-next-line DL001\nThe council met.\n"
    assert lint(text, path="a.txt", rules=builtin_rules) == [unused(3, 3, "doclint-disable-next-line DL001")]


def test_used_directives_are_not_reported(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n<!-- doclint-disable DL001 -->\n\n{P}\n\n<!-- doclint-enable DL001 -->\n"
    assert lint(text, rules=builtin_rules) == []


def test_enable_is_never_reported(builtin_rules) -> None:
    assert lint("# News\n\n<!-- doclint-enable DL001 -->\n\nText.\n", rules=builtin_rules) == []


def test_directive_for_a_rule_that_did_not_run_is_not_reported(builtin_rules) -> None:
    text = "# News\n\n<!-- doclint-disable-next-line DL003 -->\nThe council met.\n"
    assert lint(text, rules=builtin_rules, ignore=["DL003"]) == []
    assert lint(text, rules=builtin_rules, select=["DL001", "DL900"]) == []
    assert lint(text, rules=builtin_rules) == [unused(3, 6, "doclint-disable-next-line DL003")]


def test_unused_suppression_can_be_ignored(builtin_rules) -> None:
    text = "# News\n\n<!-- doclint-disable-next-line DL001 -->\nThe council met.\n"
    assert lint(text, rules=builtin_rules, ignore=["unused-suppression"]) == []


def test_used_directive_with_a_typo_in_another_rule_is_reported(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n<!-- doclint-disable-next-line DL001 DL0002 -->\n{P}\n"
    assert lint(text, rules=builtin_rules) == [
        unused(5, 6, "doclint-disable-next-line DL001 DL0002", "unknown rule 'DL0002'")]


# On the command line: DL900 is info, so it fails the run only at the default failing level


def test_unused_suppression_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# News\n\n<!-- doclint-disable-next-line DL001 -->\nThe council met.\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--format", "concise", "a.md"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "a.md:3:6: DL900 unused-suppression Unused suppression 'doclint-disable-next-line DL001': no finding to "
        "suppress",
        "Found 1 violation (1 info) in 1 file (1 file checked).",
    ]
    assert runner.invoke(cli, ["check", "--fail-on", "warning", "a.md"]).exit_code == 0


def test_suppressed_findings_are_not_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(f"# News\n\n{P}\n\n<!-- doclint-disable-next-line DL001 -->\n{P}\n")
    result = CliRunner().invoke(cli, ["check", "a.md"])
    assert (result.exit_code, result.stdout) == (0, "All checks passed (1 file checked).\n")
