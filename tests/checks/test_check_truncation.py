"""Check kind ``truncation`` and the built-in rule DL006 truncated-text: text that stops mid-sentence."""

from __future__ import annotations

import helpers
import pytest

from doclint.engine import lint_text
from doclint.rules import load_rules
from doclint.schema import SchemaError

HEADLINE = "Council approves harbour budget\nThe council approved the harbour budget on Thursday after a debate.\n"


def dl006(text: str, format: str = "text") -> list[tuple[int, int, str]]:
    return [(v.line, v.column, v.message) for v in lint_text(text, format=format, select=["DL006"])]


def test_a_last_paragraph_cut_after_a_function_word_is_reported_with_its_ending() -> None:
    assert dl006(HEADLINE + "Residents said there was no prospect the dredging would ever be\n") == [
        (3, 1, "The text stops mid-sentence at '…prospect the dredging would ever be' (it ends with 'be'): "
               "restore the missing words or end the sentence")]


def test_a_comma_an_open_quotation_and_a_bare_content_word_are_truncations() -> None:
    assert [m.split("(")[1] for _, _, m in dl006(HEADLINE + "The works start in March, the mayor said,\n")] == [
        "it ends with ','): restore the missing words or end the sentence"]
    assert "'\"' is never closed" in dl006(HEADLINE + 'The mayor said: "We waited ten years and the city\n')[0][2]
    assert "the last sentence has no closing punctuation" in dl006(
        HEADLINE + "Residents said that the dredging of the harbour would take two years\n")[0][2]


def test_a_name_ends_prose_only_when_a_lower_case_word_shows_it_is_prose() -> None:
    assert dl006(HEADLINE + "The prize for the best foreign film last year went to the French animated feature "
                            "Belleville Rendezvous\n") != []
    # A short line that reads as a title (plain text makes it a heading) may end on a name.
    assert dl006(HEADLINE + "The prize last year went to Belleville Rendezvous\n") == []
    assert dl006(HEADLINE + "The prize last year went to the\n") != []
    assert dl006(HEADLINE + "Subs: Howard, Giggs, Smith, Miller, Spector. Not used: Fury, Brooks\n") == []


def test_complete_endings_bylines_author_notes_and_list_lines_are_not_truncated() -> None:
    for ending in ('"We waited ten years," the mayor said.', "The works start in March (weather permitting)",
                   "By Jane Smith and Tom Jones", "Jane Smith is the local government correspondent for the Herald",
                   "- Best new play - The History Boys at the Lyttelton", "Photo: Reuters",
                   "The game is out now for the PC and the Mac"):
        assert dl006(HEADLINE + ending + "\n") == [], ending


def test_only_the_end_is_checked_not_earlier_paragraphs() -> None:
    assert dl006(HEADLINE + "A paragraph that stops after the\nThe works start in March.\n") == []


def test_markdown_section_ends_are_checked_but_introductions_are_not() -> None:
    text = ("# Works\n\n## Dredging\n\nThe council approved the dredging of the channel, which will\n\n"
            "## Options\n\nThe installer accepts these options:\n\n- `--quiet`\n\n"
            "## Syntax\n\nClasses use the following syntaxes:\n\n### One-line syntax\n\nThe works start in March.\n")
    assert [(line, column) for line, column, _ in dl006(text, "markdown")] == [(5, 1)]


def test_a_section_end_without_a_full_stop_is_left_to_the_writer() -> None:
    text = "## SYNOPSIS\n\nTests whether a string is a valid JSON document\n\n## SYNTAX\n\nTest-Json.\n"
    assert dl006(text, "markdown") == []


def test_a_markdown_document_ending_in_a_link_or_before_link_definitions_is_complete() -> None:
    assert dl006("# Guide\n\nFor more information, see [the guide][1]\n\n[1]: https://example.com\n",
                 "markdown") == []
    assert dl006("# Guide\n\nThe works start in March and the council will\n\n[1]: https://example.com\n",
                 "markdown") != []


def test_parameters_are_validated() -> None:
    with pytest.raises(SchemaError, match="min-words must be 0 or more"):
        helpers.make_rule("truncation", "min-words: -1\n", "{reason}")
    with pytest.raises(SchemaError, match="invalid regular expression"):
        helpers.make_rule("truncation", "exempt-patterns: ['(']\n", "{reason}")


def test_min_words_zero_turns_the_content_word_signal_off() -> None:
    rule = helpers.make_rule("truncation", "min-words: 0\nfunction-words: [the]\n", "{reason}")
    assert helpers.found(rule, HEADLINE + "Residents said the dredging would take two years\n", "text") == []
    assert helpers.found(rule, HEADLINE + "Residents said the dredging would take the\n", "text") == [
        (3, 1, "it ends with 'the'")]


def test_the_built_in_rule_is_a_warning() -> None:
    rule = load_rules().find("truncated-text")
    assert rule is not None and (rule.code, rule.level.value) == ("DL006", "warning")


@pytest.mark.parametrize("ending", ["see https://www.contributor-covenant.org/faq",
                                    "read https://aerotwist.com/blog/flip-your-animations/",
                                    "visit www.example.org/help"])
def test_a_last_sentence_that_ends_with_a_web_address_is_complete(ending: str) -> None:
    # vuejs/docs: "For answers to common questions about this code of conduct, see https://...faq" (no full stop,
    # which would read as part of the address).
    assert dl006(HEADLINE + f"For answers to common questions about the budget, {ending}\n") == []
    assert dl006(f"# Budget\n\nFor answers to common questions about the budget, {ending}\n", "markdown") == []


def test_a_cut_sentence_that_only_mentions_an_address_is_still_truncated() -> None:
    assert [m.split("(")[1] for _, _, m in dl006(HEADLINE + "The plan at https://example.org shows that the\n")] \
        == ["it ends with 'the'): restore the missing words or end the sentence"]
