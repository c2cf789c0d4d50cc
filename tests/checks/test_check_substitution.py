"""Check kind ``substitution``: preferred replacements, offered as fixes in the case of the matched text."""

from __future__ import annotations

import helpers
import pytest
from helpers import HOUSE_STYLE

from doclint.checks import Fix
from doclint.engine import lint_text
from doclint.fixes import apply_fixes
from doclint.rules import RuleSet, load_rules
from doclint.schema import SchemaError


def make_rule(body: str, message: str = "Use '{replacement}' instead of '{match}'"):
    return helpers.make_rule("substitution", body, message, "warning")


def lint(text: str, body: str, format: str = "markdown"):
    return lint_text(text, format=format, rules=RuleSet((make_rule(body),)))


def found(text: str, body: str) -> list[tuple[int, int, str, object]]:
    return [(v.line, v.column, v.message, v.fix) for v in lint(text, body)]


def fixed(text: str, body: str) -> str:
    return apply_fixes(text, [v.fix for v in lint(text, body) if v.fix is not None])[0]


@pytest.fixture(scope="module")
def house_rules():
    return load_rules([HOUSE_STYLE])


def test_house_spelling_reports_and_fixes(house_rules) -> None:
    text = "Utilize the search box on the web site.\n"
    violations = lint_text(text, format="markdown", rules=house_rules, select=["house-spelling"])
    assert [(v.code, v.line, v.column, v.end_column, v.message, v.fix) for v in violations] == [
        ("HS002", 1, 1, 8, "Write 'Use' instead of 'Utilize'", Fix(0, 7, "Use")),
        ("HS002", 1, 31, 39, "Write 'website' instead of 'web site'", Fix(30, 38, "website")),
    ]
    assert apply_fixes(text, [v.fix for v in violations])[0] == "Use the search box on the website.\n"


def test_house_spelling_patterns_and_text_already_right(house_rules) -> None:
    text = "Connect to the WIFI or the wi-fi. The Wi-Fi is fast.\n"
    violations = lint_text(text, format="markdown", rules=house_rules, select=["HS002"])
    assert [(v.column, v.message, v.fix.replacement) for v in violations] == [
        (16, "Write 'Wi-Fi' instead of 'WIFI'", "Wi-Fi"), (28, "Write 'Wi-Fi' instead of 'wi-fi'", "Wi-Fi")]


def test_phrase_across_a_line_break_is_fixed_as_a_whole() -> None:
    text = "Click the button in order\nto save.\n"
    assert found(text, "swap: {in order to: to}") == [(1, 18, "Use 'to' instead of 'in order to'", Fix(17, 28, "to"))]
    assert fixed(text, "swap: {in order to: to}") == "Click the button to save.\n"


def test_markup_inside_the_match_is_reported_without_a_fix() -> None:
    assert found("It is **in order** to work.\n", "swap: {in order to: to}") == [
        (1, 9, "Use 'to' instead of 'in order to'", None)]


def test_case_follows_the_match_unless_the_replacement_has_capitals() -> None:
    body = "swap: {utilize: use, javascript: JavaScript}"
    assert fixed("Utilize it. UTILIZE it. utilize it.\n", body) == "Use it. USE it. use it.\n"
    assert [m for _, _, m, _ in found("Javascript, JAVASCRIPT and JavaScript.\n", body)] == [
        "Use 'JavaScript' instead of 'Javascript'", "Use 'JavaScript' instead of 'JAVASCRIPT'"]


def test_ignorecase_false_is_exact_and_keeps_the_replacement_as_written() -> None:
    body = "swap: {Github: GitHub}\nignorecase: false"
    assert [(c, f.replacement) for _, c, _, f in found("Github and github.\n", body)] == [(1, "GitHub")]


def test_patterns_map_to_their_own_replacement() -> None:
    body = "patterns: {'colou?r(?:s)?': hue, '(?:gr[ae]y)ish': greyish}\nswap: {alot: a lot}"
    assert [(c, m) for _, c, m, _ in found("Colours alot, grayish and greyish.\n", body)] == [
        (1, "Use 'Hue' instead of 'Colours'"), (9, "Use 'a lot' instead of 'alot'"),
        (15, "Use 'greyish' instead of 'grayish'")]


def test_non_ascii_columns_and_replacements() -> None:
    body = "swap: {naïve: simple, Straße: Strasse}"
    assert [(c, m, f.replacement) for _, c, m, f in found("Très naïve, 🙂 STRASSE straße.\n", body)] == [
        (6, "Use 'simple' instead of 'naïve'", "simple"), (23, "Use 'Strasse' instead of 'straße'", "Strasse")]


def test_exceptions_skip_quotations_and_scope() -> None:
    body = "swap: {utilize: use}\nexceptions: [utilize mode]\nskip-quotations: true"
    text = "# Utilize this\n\nSet utilize mode. He said \"utilize it\". Utilize it.\n"
    assert [(line, c) for line, c, _, _ in found(text, body)] == [(3, 41)]
    assert [(line, c) for line, c, _, _ in found(text, body + "\nscope: [heading, paragraph]")] == [(1, 3), (3, 41)]


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("swap: [utilize, use]", 7, "swap: expected mapping of string to string, got a list"),
        ("swap: {utilize: 3}", 7, "swap.utilize: expected string, got an integer"),
        ("swap: {utilize: use}\nscope: paragrahp", 8, "scope: expected"),
        ("swap: {utilize: use}\nswop: {a: b}", 8, "unknown key 'swop'"),
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
        ("ignorecase: true", 1, "give at least one of swap or patterns"),
        ("swap: {utilize: ''}", 7, "swap: the replacement of 'utilize' is empty"),
        ("swap: {a: b}\npatterns: {x: ' '}", 8, "patterns: the replacement of 'x' is empty"),
        ("swap: {Utilize: use, utilize: use}", 7, "'Utilize' and 'utilize' are the same key when ignorecase is on"),
        ("patterns: {'colou(r': hue}", 7, "patterns: invalid regular expression 'colou(r'"),
        ("swap: {'': x}", 7, "swap: an entry is empty"),
    ],
)
def test_invalid_parameters_are_schema_errors(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_keys_differing_in_case_are_allowed_when_case_matters() -> None:
    body = "swap: {Utilize: Use, utilize: use}\nignorecase: false"
    assert fixed("Utilize and utilize.\n", body) == "Use and use.\n"
