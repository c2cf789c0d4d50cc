"""Check kind ``occurrence``: limits on words, sentences, characters or pattern matches per unit."""

from __future__ import annotations

import helpers
import pytest
from helpers import HOUSE_STYLE

from doclint.engine import lint_text
from doclint.rules import RuleSet, load_rules
from doclint.schema import SchemaError

MESSAGE = "{scope} has {count} {token}, {relation} {limit}"


def make_rule(body: str, message: str = MESSAGE):
    return helpers.make_rule("occurrence", body, message, "warning")


def found(text: str, body: str, format: str = "markdown") -> list[tuple[int, int, str]]:
    violations = lint_text(text, format=format, rules=RuleSet((make_rule(body),)))
    return [(v.line, v.column, v.message) for v in violations]


@pytest.fixture(scope="module")
def house_rules():
    return load_rules([HOUSE_STYLE])


def test_sentence_length_rule(house_rules) -> None:
    long_sentence = "Word " + " ".join(["word"] * 40) + "."
    text = f"# Title\n\nShort one. {long_sentence}\n\n{' '.join(['word'] * 40)}.\n"
    violations = lint_text(text, format="markdown", rules=house_rules, select=["sentence-length"])
    assert [(v.code, v.line, v.column, v.end_line, v.message) for v in violations] == [
        ("HS004", 3, 12, 3, "Sentence has 41 words, more than 40: split it")]


def test_paragraph_length_rule(house_rules) -> None:
    text = "- One. Two. Three. Four. Five. Six. Seven.\n\nOne. Two. Three. Four. Five. Six.\n"
    violations = lint_text(text, format="markdown", rules=house_rules, select=["HS005"])
    assert [(v.line, v.column, v.message) for v in violations] == [
        (1, 3, "Paragraph has 7 sentences, more than 6: consider splitting it")]


def test_words_ignore_markup_and_code_and_count_compounds_once() -> None:
    body = "scope: paragraph\nmax: 3"
    assert found("**Don't** [stop](https://example.com/a/b/c) `now` well-known 3.5.\n", body) == [
        (1, 3, "paragraph has 4 words, more than 3")]
    assert found("**Don't** [stop](https://example.com/a/b/c) `now` well-known.\n", body) == []


def test_min_and_singular_token() -> None:
    body = "scope: paragraph\ntoken: words\nmin: 3"
    assert found("Hello.\n\nHello there.\n\nHello there, you.\n", body) == [
        (1, 1, "paragraph has 1 word, fewer than 3"), (3, 1, "paragraph has 2 words, fewer than 3")]


def test_characters_count_visible_length() -> None:
    body = "scope: heading\ntoken: characters\nmax: 12"
    text = "# Short title\n\n## A **long**   title here\n\n### Übergrößenträger\n"
    assert found(text, body) == [(3, 4, "heading has 17 characters, more than 12"),
                                 (5, 5, "heading has 16 characters, more than 12")]


def test_pattern_token() -> None:
    body = "scope: sentence\ntoken: pattern\npattern: ','\nmax: 2"
    assert found("One, two, three. One, two, three, four. Ça, va, très, bien 🙂.\n", body) == [
        (1, 18, "sentence has 3 matches, more than 2"), (1, 41, "sentence has 3 matches, more than 2")]


def test_document_scope_and_list_items() -> None:
    assert found("---\ntitle: x\n---\n\n# One\n\nTwo. Three.\n", "scope: document\ntoken: sentences\nmax: 1") == [
        (5, 3, "document has 2 sentences, more than 1")]
    assert found("- one two three\n- one\n\nfour five six\n", "scope: list_item\nmax: 2") == [
        (1, 3, "list item has 3 words, more than 2")]


def test_plain_text() -> None:
    text = "A title\n\nThis paragraph is rather long for the limit.\n"
    assert found(text, "scope: paragraph\nmax: 5", format="text") == [(3, 1, "paragraph has 8 words, more than 5")]


def test_both_limits() -> None:
    body = "scope: paragraph\nmin: 2\nmax: 3"
    assert found("One.\n\nOne two.\n\nOne two three four.\n", body) == [
        (1, 1, "paragraph has 1 word, fewer than 2"), (5, 1, "paragraph has 4 words, more than 3")]


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("max: many", 7, "max: expected integer or null, got a string"),
        ("max: 4\ntoken: word", 8, "token: 'word' is not one of"),
        ("max: 4\nscope: sentences", 8, "scope: 'sentences' is not one of"),
        ("max: 4\ntoken: pattern\npattern: '(x'", 9, "invalid regular expression '(x'"),
    ],
)
def test_schema_errors_name_the_line(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("scope: sentence", 1, "give max, min or both"),
        ("max: -1", 7, "max: must not be negative"),
        ("min: 5\nmax: 4", 7, "min: 5 is greater than max (4)"),
        ("max: 4\ntoken: pattern", 8, "token: pattern needs a `pattern`"),
        ("max: 4\npattern: x", 8, "pattern: only used with token: pattern"),
        ("max: 4\ntoken: sentences\nscope: sentence", 8, "token: counting sentences per sentence makes no sense"),
        ("max: 4\ntoken: pattern\npattern: 'x*'", 9, "pattern: 'x*' matches the empty string"),
    ],
)
def test_invalid_parameters_are_schema_errors(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_unknown_placeholder_in_the_message() -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule("max: 4", message="{count} of {maximum}")
    assert caught.value.line == 5
    assert "unknown placeholder {maximum}" in caught.value.message
