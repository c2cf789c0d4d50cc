"""Check kind ``capitalization``: headings (or table cells) in sentence, title, lower or upper case, or a pattern."""

from __future__ import annotations

from pathlib import Path

import helpers
import pytest
from helpers import HOUSE_STYLE

from doclint.engine import lint_text
from doclint.rules import RuleSet, load_rules
from doclint.schema import SchemaError


def make_rule(body: str = "", message: str = "{suggestion}"):
    return helpers.make_rule("capitalization", body, message, "warning")


def found(text: str, body: str = "", format: str = "markdown", message: str = "{suggestion}"):
    violations = lint_text(text, format=format, rules=RuleSet((make_rule(body, message),)))
    return [(v.line, v.column, v.message) for v in violations]


def test_heading_case_rule(tmp_path: Path) -> None:
    rules = load_rules([HOUSE_STYLE])
    text = "# Installing The Widget\n\nSome Text In A Paragraph.\n\n## Configure the proxy on Linux\n"
    violations = lint_text(text, format="markdown", rules=rules, select=["heading-case"])
    assert [(v.code, v.line, v.column, v.end_line, v.end_column, v.message, v.fix) for v in violations] == [
        ("HS006", 1, 3, 1, 24, "Heading 'Installing The Widget' should be in sentence case: 'Installing the widget'",
         None)]


def test_sentence_case_keeps_deliberate_words() -> None:
    text = ("# Using the API with JavaScript and iOS\n\n## Deploy v2 with Node.js\n\n## Plan B: What I'm doing\n\n"
            "## Use Get-Member and the -Force switch\n\n## 5.2 Path names\n\n## `Get-Item` examples\n")
    assert found(text) == []


def test_sentence_case_findings_and_suggestions() -> None:
    text = ("# using the tool\n\n## Configure The Proxy\n\n## Comment-Based Help\n\n## Step 1: Install The tool\n\n"
            "## `Get-Item` Examples\n\n## 5.2 path names\n")
    assert found(text) == [
        (1, 3, "Using the tool"),
        (3, 4, "Configure the proxy"),
        (5, 4, "Comment-Based help"),
        (7, 4, "Step 1: Install the tool"),
        (9, 15, "examples"),  # a unit starts at its first prose word; the code span opened the heading
        (11, 4, "5.2 Path names"),
    ]


def test_suggestion_keeps_markup_and_the_message_shows_the_source() -> None:
    assert found("## Use **The** [Proxy](https://example.com) Settings\n", message="'{heading}' -> '{suggestion}'") == [
        (1, 4, "'Use **The** [Proxy](https://example.com) Settings' -> "
               "'Use **the** [proxy](https://example.com) settings'")]


def test_title_case() -> None:
    body = "match: title"
    text = ("# Configure the Proxy Server\n\n## A Guide to the Galaxy\n\n## Configure the proxy server\n\n"
            "## What It Is For\n\n## Notes: a Summary\n\n## Step-by-step Guide\n")
    assert found(text, body) == [
        (5, 4, "Configure the Proxy Server"),
        (9, 4, "Notes: A Summary"),
    ]
    assert found("## The Tool Of The Trade\n", body) == [(1, 4, "The Tool of the Trade")]


def test_lower_and_upper_case() -> None:
    assert found("# all lower case\n\n## Not All Lower\n", "match: lower") == [(3, 4, "not all lower")]
    assert found("# ALL UPPER\n\n## Not upper v2\n", "match: upper") == [(3, 4, "NOT UPPER V2")]


def test_pattern() -> None:
    body = "match: pattern\npattern: '[A-Z][a-z]+(?: [a-z]+)*'"
    message = "'{heading}' does not match {style}"
    assert found("# Fine heading here\n\n## Not Fine\n", body, message=message) == [
        (3, 4, "'Not Fine' does not match the pattern [A-Z][a-z]+(?: [a-z]+)*")]


def test_exceptions_are_case_sensitive_phrases() -> None:
    body = "exceptions: [Visual Studio Code, Linux]"
    assert found("# Install Visual Studio Code on Linux\n\n## Install visual Studio Code\n", body) == [
        (3, 4, "Install visual studio code")]


def test_levels_and_table_cells() -> None:
    text = "# The Title Case Title\n\n## Section Two\n\n| Name | Some Value |\n|---|---|\n| Big Cell | X |\n"
    assert found(text, "levels: [2]") == [(3, 4, "Section two")]
    assert found(text, "scope: table_cell") == [(5, 10, "Some value"), (7, 3, "Big cell")]


def test_non_ascii_headings() -> None:
    assert found("# 🙂 Über Die Stadt\n\n## Ärger Im Büro\n\n## Éte à Paris\n", "exceptions: [Paris]") == [
        (1, 3, "🙂 Über die stadt"), (3, 4, "Ärger im büro")]


def test_plain_text_titles() -> None:
    text = "Council Approves New Budget\n\nThe council approved the budget on Thursday.\n"
    assert found(text, format="text") == [(1, 1, "Council approves new budget")]


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("match: titlecase", 7, "match: 'titlecase' is not one of"),
        ("match: pattern\npattern: '[a-'", 8, "invalid regular expression '[a-'"),
        ("scope: paragraph", 7, "scope: 'paragraph' is not one of 'heading' | 'table_cell'"),
        ("levels: 2", 7, "levels: expected list of integer, got an integer"),
        ("levels: [7]", 7, "levels: give heading levels from 1 to 6"),
        ("match: pattern", 7, "match: pattern needs a `pattern`"),
        ("pattern: x", 7, "pattern: only used with match: pattern"),
        ("exceptions: ['']", 7, "exceptions: an entry is empty"),
    ],
)
def test_invalid_parameters_are_schema_errors(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message
