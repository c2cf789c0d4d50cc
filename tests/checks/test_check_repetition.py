"""Check kind ``repetition``: a word written twice in a row, with a fix that deletes the second one."""

from __future__ import annotations

from pathlib import Path

import helpers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from helpers import HOUSE_STYLE

from doclint.checks import Fix
from doclint.engine import lint_text
from doclint.fixes import apply_fixes
from doclint.rules import RuleSet, load_rules
from doclint.schema import SchemaError


def make_rule(body: str = "", message: str = "Repeated '{word}'"):
    return helpers.make_rule("repetition", body, message, "error")


def lint(text: str, body: str = "", format: str = "markdown"):
    return lint_text(text, format=format, rules=RuleSet((make_rule(body),)))


def found(text: str, body: str = "", format: str = "markdown") -> list[tuple[int, int, str]]:
    return [(v.line, v.column, v.message) for v in lint(text, body, format)]


def test_repeated_word_rule_reports_both_words_and_fixes(tmp_path: Path) -> None:
    rules = load_rules([HOUSE_STYLE])  # the example style no longer replaces DL008 (it had a rule of that name)
    text = "Download the the installer.\n"
    violations = lint_text(text, format="markdown", rules=rules, select=["repeated-word"])
    assert [(v.code, v.line, v.column, v.end_line, v.end_column, v.message, v.fix) for v in violations] == [
        ("DL008", 1, 10, 1, 17, "Repeated word 'the': delete the second one", Fix(12, 16, ""))]
    assert apply_fixes(text, [v.fix for v in violations])[0] == "Download the installer.\n"


def test_repeat_across_a_line_break_is_located_at_the_first_word() -> None:
    text = "Open the settings and select the\nthe Network tab.\n"
    violations = lint(text)
    assert [(v.line, v.column, v.end_line, v.end_column, v.message) for v in violations] == [
        (1, 30, 2, 4, "Repeated 'the'")]
    assert apply_fixes(text, [violations[0].fix])[0] == "Open the settings and select the Network tab.\n"


def test_repeat_across_emphasis_is_reported_without_a_fix() -> None:
    violations = lint("Select the **the** tab.\n")
    assert [(v.column, v.message, v.fix) for v in violations] == [(8, "Repeated 'the'", None)]


def test_a_code_span_between_the_words_is_content() -> None:
    assert found("Pipe the process to `Stop-Process` to stop it.\n") == []


def test_case_differing_repeats_count_only_at_a_sentence_start() -> None:
    assert found("The the cat. It ran. (The the dog.)\n") == [(1, 1, "Repeated 'The'"), (1, 23, "Repeated 'The'")]
    assert found("Use the Property property and the **Name** name.\n") == []
    assert found("The the cat.\n", "ignorecase: false") == []


def test_not_repeats() -> None:
    text = "She had had enough, that that was it. Well, well. The scores were 10 10. New.Directory directory.\n"
    assert found(text, "exceptions: [had, that that]") == []


def test_three_in_a_row_give_two_findings_whose_fixes_leave_one_word() -> None:
    text = "It is is is fine.\n"
    violations = lint(text)
    assert [(v.column, v.fix) for v in violations] == [(4, Fix(5, 8, "")), (7, Fix(8, 11, ""))]
    assert apply_fixes(text, [v.fix for v in violations])[0] == "It is fine.\n"


def test_non_ascii_words_and_columns() -> None:
    assert found("🙂 Ça marche très très bien, l’été l’été.\n") == [(1, 13, "Repeated 'très'"),
                                                             (1, 29, "Repeated 'l’été'")]


def test_headings_list_items_and_plain_text() -> None:
    assert found("# A a title\n\n- an an item\n") == [(1, 3, "Repeated 'A'"), (3, 3, "Repeated 'an'")]
    text = "Some title\n\nThe installer checks the runtime and then it\nit downloads the missing parts.\n"
    assert found(text, format="text") == [(3, 43, "Repeated 'it'")]
    assert found("# A a title\n\n- an an item\n", "scope: list_item") == [(3, 3, "Repeated 'an'")]


def test_words_in_different_blocks_are_not_repeats() -> None:
    assert found("First paragraph ends with the\n\nthe second starts with it.\n") == []


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("exceptions: had", 7, "exceptions: expected list of string, got a string"),
        ("ignorecase: 1", 7, "ignorecase: expected boolean, got an integer"),
        ("scope: sentences", 7, "scope: expected"),
        ("exceptions: [had been]", 7, "exceptions: 'had been' must be one word, or the same word twice"),
    ],
)
def test_invalid_parameters_are_schema_errors(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message


# skip-names, and the built-in rule DL008 repeated-word.


def dl008(text: str, format: str = "text") -> list[tuple[int, int, str]]:
    return [(v.line, v.column, v.message) for v in lint_text(text, format=format, rules=load_rules(),
                                                              select=["DL008"])]


def test_skip_names_leaves_doubled_names_alone_but_not_a_doubled_word_at_a_sentence_start() -> None:
    body = "skip-names: true\n"
    assert found("Chart stars Duran Duran played. Bafana Bafana won.\n", body) == []
    assert found("The The cat sat on the mat.\n", body) == [(1, 1, "Repeated 'The'")]
    assert found("Duran Duran played.\n", body) == []
    assert found("Chart stars Duran Duran played.\n") == [(1, 13, "Repeated 'Duran'")]


def test_builtin_repeated_word_reports_slips_with_a_fix_and_leaves_grammatical_doubles() -> None:
    text = ("Council approves budget\nThe council approved the the budget. She had had enough, and said that that "
            "was fine. It was very very good. Duran Duran played. The vote was 10 10.\n")
    violations = lint_text(text, format="text", rules=load_rules(), select=["DL008"])
    assert [(v.code, v.line, v.column, v.message) for v in violations] == [
        ("DL008", 2, 22, "Repeated word 'the': delete the second one")]
    assert apply_fixes(text, [violations[0].fix])[0].splitlines()[1].startswith("The council approved the budget.")


def test_builtin_repeated_word_finds_a_repeat_across_a_line_break() -> None:
    assert dl008("# Budget\n\nThe council approved the\nthe budget on Thursday.\n", "markdown") == [
        (3, 22, "Repeated word 'the': delete the second one")]


def test_fix_of_repeated_words_is_idempotent_on_disk(tmp_path: Path) -> None:
    from conftest import run_cli

    path = tmp_path / "article.txt"
    path.write_text("Council approves budget\nThe council approved the the budget, and and the mayor spoke.\n",
                    encoding="utf-8")
    diff = run_cli("check", "--isolated", "--select", "DL008", "--diff", str(path))
    assert "-The council approved the the budget, and and the mayor spoke." in diff.output
    assert "+The council approved the budget, and the mayor spoke." in diff.output
    assert run_cli("check", "--isolated", "--select", "DL008", "--fix", str(path)).exit_code == 0
    fixed = path.read_text(encoding="utf-8")
    assert fixed == "Council approves budget\nThe council approved the budget, and the mayor spoke.\n"
    assert run_cli("check", "--isolated", "--select", "DL008", "--fix", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == fixed


_WORDS = st.sampled_from(["the", "The", "THE", "don't", "Don't", "dogs", "é", "É", "x2", "Ωmega", "a"])
_GAPS = st.sampled_from([" ", "  ", "\n", "\n\n", "' ", "'' ", "'x ", "' '", ", ", '" ', " **", "** ", " `x` ",
                         ".", "-", "£", "'", "_", "2 "])
_TEXTS = st.lists(st.tuples(_WORDS, _GAPS), max_size=12).map(lambda pairs: "".join(w + g for w, g in pairs))


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, ignorecase=st.booleans(), format=st.sampled_from(["text", "markdown"]))
def test_the_first_pass_in_bytes_skips_only_spans_without_a_repeat(text: str, ignorecase: bool, format: str) -> None:
    """The Latin-1 first pass is an optimisation: the findings must be those of the regex over every span."""
    from unittest import mock

    from doclint.checks import repetition
    from doclint.parsing import parse_document

    rule = make_rule(f"ignorecase: {str(ignorecase).lower()}")
    document = parse_document(text + "\n", "a.md" if format == "markdown" else "a.txt")
    fast = [(f.start, f.end) for f in repetition.run(document, rule.prepared)]
    with mock.patch.object(repetition, "_words_as_bytes", return_value=None):
        slow = [(f.start, f.end) for f in repetition.run(document, rule.prepared)]
    assert fast == slow


def test_a_container_fence_and_its_title_are_not_a_repeated_word() -> None:
    # VitePress, Docusaurus and Pandoc boxes: ":::warning Warning:" is markup and a title, not "warning Warning";
    # a word repeated inside the box is still reported.
    text = ":::warning Warning:\nThough you might see the the labels wrapping inputs.\n:::\n\n::: tip Tip\nHi.\n:::\n"
    found = [(v.line, v.column, v.message) for v in lint_text(text, format="markdown", select=["DL008"])]
    assert found == [(2, 22, "Repeated word 'the': delete the second one")]
