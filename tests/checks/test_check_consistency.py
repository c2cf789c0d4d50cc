"""Check kind ``consistency``: of two accepted spellings a document uses one; the first used wins."""

from __future__ import annotations

import helpers
import pytest
from helpers import HOUSE_STYLE

from doclint.checks import Fix
from doclint.engine import lint_text
from doclint.fixes import apply_fixes
from doclint.rules import RuleSet, load_rules
from doclint.schema import SchemaError
from doclint.violations import RelatedLocation


def make_rule(body: str, message: str = "'{match}' -> '{preferred}'"):
    return helpers.make_rule("consistency", body, message, "warning")


def lint(text: str, body: str, format: str = "markdown"):
    return lint_text(text, format=format, rules=RuleSet((make_rule(body),)))


def found(text: str, body: str, format: str = "markdown") -> list[tuple[int, int, str]]:
    return [(v.line, v.column, v.message) for v in lint(text, body, format)]


def test_consistent_spelling_rule_reports_later_uses_of_the_other_spelling() -> None:
    rules = load_rules([HOUSE_STYLE])
    text = "# Email support\n\nSend an e-mail or an email.\n\nThe team answers every E-mail.\n"
    violations = lint_text(text, format="markdown", rules=rules, select=["consistent-spelling"])
    assert [(v.code, v.line, v.column, v.end_column, v.message, v.related, v.fix) for v in violations] == [
        ("HS007", 3, 9, 15, "Write 'email' as earlier in this document, not 'e-mail'",
         (RelatedLocation("<text>", 1, 3),), Fix(25, 31, "email")),
        ("HS007", 5, 24, 30, "Write 'email' as earlier in this document, not 'E-mail'",
         (RelatedLocation("<text>", 1, 3),), Fix(69, 75, "Email")),
    ]
    assert apply_fixes(text, [v.fix for v in violations])[0] == (
        "# Email support\n\nSend an email or an email.\n\nThe team answers every Email.\n")


def test_the_first_spelling_used_wins_whichever_it_is() -> None:
    body = "either: {email: e-mail}"
    assert found("An e-mail, an email.\n", body) == [(1, 15, "'email' -> 'e-mail'")]
    assert found("An email, an e-mail.\n", body) == [(1, 14, "'e-mail' -> 'email'")]
    assert found("An email, an email.\n", body) == []


def test_pairs_are_independent_and_phrases_match_across_line_breaks() -> None:
    body = "either: {percent: per cent, toward: towards}"
    text = "Ten per\ncent went towards it; five percent went toward it.\n"
    assert found(text, body) == [(2, 28, "'percent' -> 'per cent'"), (2, 41, "'toward' -> 'towards'")]


def test_ignorecase_false_treats_case_variants_as_other_words() -> None:
    body = "either: {email: e-mail}\nignorecase: false"
    assert found("Email, e-mail, email.\n", body) == [(1, 16, "'email' -> 'e-mail'")]


def test_scope_and_non_ascii_columns() -> None:
    body = "either: {naïve: naive}\nscope: paragraph"
    text = "# Naive title\n\n🙂 Très naïve, très naive.\n"
    assert found(text, body) == [(3, 20, "'naive' -> 'naïve'")]
    assert found(text, "either: {naïve: naive}") == [(3, 8, "'naïve' -> 'naive'")]


def test_markup_in_the_match_means_no_fix() -> None:
    violations = lint("Per cent first, then per **cent** and percent.\n", "either: {percent: per cent}")
    assert [(v.column, v.fix) for v in violations] == [(39, Fix(38, 45, "per cent"))]
    violations = lint("Percent first, then per **cent**.\n", "either: {percent: per cent}")
    assert [(v.column, v.fix) for v in violations] == [(21, None)]


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("either: [email, e-mail]", 7, "either: expected mapping of string to string, got a list"),
        ("either: {email: e-mail}\nscope: documents", 8, "scope: expected"),
        ("either: {email: e-mail}\nignorecase: no-thanks", 8, "ignorecase: expected boolean"),
        ("either: {}", 7, "either: give at least one pair of spellings"),
        ("either: {email: Email}", 7, "either: 'email' and 'Email' are the same spelling"),
        ("either: {email: e-mail, E-Mail: eMail}", 7, "either: 'E-Mail' is in two pairs"),
        ("either: {email: ' '}", 7, "either: an entry is empty"),
    ],
)
def test_invalid_parameters_are_schema_errors(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message
