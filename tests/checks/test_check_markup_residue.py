"""Check kind ``markup-residue`` and the built-in rule DL007: markup that shows literally, unpaired marks."""

from __future__ import annotations

import functools

import helpers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.engine import lint_text
from doclint.schema import SchemaError

HEADLINE = "Council approves harbour budget\n"


def dl007(text: str, format: str = "text") -> list[tuple[int, int, str]]:
    return [(v.line, v.column, v.message) for v in lint_text(text, format=format, select=["DL007"])]


def test_markdown_and_html_in_plain_text_are_reported_with_what_to_do() -> None:
    assert dl007("# Council approves budget\nThe **new** budget &amp; the <br> rates.\n") == [
        (1, 1, "Markdown heading marker '#' shows as typed: delete the marker"),
        (2, 5, "Markdown emphasis '**new**' shows as typed: delete the asterisks or underscores"),
        (2, 20, "HTML entity '&amp;' shows as typed: write the character it stands for"),
        (2, 30, "HTML tag '<br>' shows as typed: delete the tag"),
    ]


def test_markdown_residue_is_only_what_renders_literally() -> None:
    text = "# Guide\n\nRun it as **administrator. Salt &amp; pepper, **bold** and &amp;nbsp; and a&nbsp b.\n"
    assert [(line, column, message.split(" '")[0]) for line, column, message in dl007(text, "markdown")] == [
        (3, 11, "Unpaired emphasis marker"), (3, 60, "Double-escaped HTML entity"),
        (3, 76, "HTML entity without its semicolon")]


def test_unpaired_brackets_and_quotes_are_reported_at_the_mark() -> None:
    assert dl007(HEADLINE + "The plan (first proposed in 2004 passed.\n") == [
        (2, 10, "Unclosed bracket '(' shows as typed: close it where it belongs, or delete it")]
    assert dl007(HEADLINE + "The plan passed in 2004) by seven votes.\n")[0][:2] == (2, 24)
    assert dl007(HEADLINE + 'The plan was called "a disaster by critics.\nIt passed.\n')[0][:2] == (2, 21)
    assert dl007(HEADLINE + 'It passed by seven votes." Critics disagreed.\n')[0][:2] == (2, 26)


def test_marks_that_pair_by_convention_are_not_reported() -> None:
    text = (HEADLINE + 'The options were a) raise rates or b) cut services :)\n'
            'The mayor said: "We waited ten years.\n'
            '"Now the work begins. "The dredgers arrive in May," she said, calling it "a "fresh" start".\n'
            'The pipe is 12" wide; avoid the characters # , " ; : in names.\n')
    assert dl007(text) == []
    assert dl007(HEADLINE + 'Separate the words with a space (" ") and a comma.\n') == []


def test_curly_quotes_pair_with_curly_quotes_only() -> None:
    assert dl007(HEADLINE + 'He called it “a disaster" in May.\n')[0][2].startswith("Unclosed quotation mark '“'")


def test_code_and_html_in_markdown_are_never_checked() -> None:
    text = "# Guide\n\nUse `(` and `\"` freely, type `Get-Item`\".\n\n```\n(unclosed \"\n```\n\n<kbd>[</kbd> key\n"
    assert [(line, column) for line, column, _ in dl007(text, "markdown")] == [(3, 40)]


def test_a_pattern_entry_needs_what_pattern_and_advice() -> None:
    with pytest.raises(SchemaError, match="each entry needs what, pattern and advice"):
        helpers.make_rule("markup-residue", "text:\n  - what: Tag\n    pattern: '<p>'\n", "{what}")
    with pytest.raises(SchemaError, match="give text or markdown patterns, or turn balance on"):
        helpers.make_rule("markup-residue", "balance: false\n", "{what}")


def test_a_rule_of_its_own_patterns_without_balance() -> None:
    rule = helpers.make_rule("markup-residue", "balance: false\ntext:\n  - what: Wiki link\n"
                             "    pattern: '\\[\\[[^\\]]+\\]\\]'\n    advice: write the page name\n"
                             "text-triggers: ['[[']\n", "{what} {match}: {advice}")
    assert helpers.found(rule, "See [[Harbour]] (and more.\n", "text") == [(1, 5, "Wiki link [[Harbour]]: write "
                                                                                   "the page name")]


_SNIPPETS = st.sampled_from(["# ", "**bold**", "**", "__x__", "[a](https://x.y)", "```", "|---|", "<p>", "</b>",
                             "br/&gt;", "&amp;", "&amp;nbsp;", "&nbsp", "&#233;", "_", "*", "&", "[", "~", "`",
                             "word", " ", "\n", "\n\n", '"', "(", ")"])


@functools.cache
def dl007_prepared():
    from doclint.rules import load_rules

    return next(rule for rule in load_rules() if rule.code == "DL007").prepared


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(_SNIPPETS, max_size=25), format=st.sampled_from(["text", "markdown"]))
def test_searching_a_block_only_for_the_entries_its_triggers_allow_finds_what_all_entries_find(
        parts: list[str], format: str) -> None:
    import dataclasses

    from doclint.checks import markup_residue
    from doclint.parsing import parse_document

    prepared = dl007_prepared()
    every = dataclasses.replace(prepared, **{name: dataclasses.replace(search, needs=(None,) * len(search.needs))
                                             for name in ("text", "markdown")
                                             if (search := getattr(prepared, name)) is not None})
    document = parse_document("Headline\n" + "".join(parts) + "\n", "a.md" if format == "markdown" else "a.txt")
    assert [(f.start, f.end, f.data) for f in markup_residue.run(document, prepared)] == \
        [(f.start, f.end, f.data) for f in markup_residue.run(document, every)]
