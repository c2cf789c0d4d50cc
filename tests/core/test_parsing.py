"""Documents keep exact offsets: blocks, headings, prose masking, plain-text paragraph modes, line endings, columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import style_dirs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.document import BlockKind, LineIndex, Position
from doclint.engine import lint_text
from doclint.parsing import format_for_path, normalise_newlines, parse_document
from doclint.parsing.markdown import front_matter_end
from doclint.parsing.plaintext import is_byline, is_title_like
from doclint.rules import load_rules
from doclint.run import check_paths


def blocks(text: str, fmt: str = "markdown", **kwargs: str) -> list[tuple]:
    """(kind, level, parent, line, column, prose) for every block."""
    document = parse_document(text, "doc", fmt, **kwargs)
    result = []
    for block in document.blocks:
        position = document.position(block.start)
        result.append((block.kind.value, block.level, block.parent, position.line, position.column,
                       document.block_prose(block)))
    return result


def findings(violations) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(v.line, v.column, v.end_line, v.end_column, v.code, v.message,
             tuple((r.line, r.column) for r in v.related)) for v in violations]


# Line index


def test_line_index_positions() -> None:
    index = LineIndex("ab\ncd\n\nxyz")
    assert [index.position(offset) for offset in (0, 1, 2, 3, 5, 6, 7, 9, 10)] == [
        Position(1, 1), Position(1, 2), Position(1, 3), Position(2, 1), Position(2, 3), Position(3, 1),
        Position(4, 1), Position(4, 3), Position(4, 4)]
    assert index.line_count == 4
    assert index.line_start(3) == 7


def test_line_text_has_no_line_break() -> None:
    document = parse_document("first\r\nsecond\rthird", "doc", "text")
    assert [document.line_text(n) for n in (1, 2, 3)] == ["first", "second", "third"]


def test_normalise_newlines_keeps_one_character_per_break() -> None:
    assert normalise_newlines("a\r\nb\rc\nd\r\r\ne") == "a\nb\nc\nd\n\ne"


@pytest.mark.parametrize("path, fmt", [("a.md", "markdown"), ("a.MARKDOWN", "markdown"), ("a.txt", "text"),
                                       ("a.text", "text"), ("a.rst", "text"), ("README", "text")])
def test_format_for_path(path: str, fmt: str) -> None:
    assert format_for_path(path) == fmt


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown document format 'rst'"):
        parse_document("x", "a.rst", "rst")


# Markdown blocks

MARKDOWN = """\
---
title: Guide
---
# Guide

Setext title
============

Section two
-----------

- item one with [a link](https://example.com/path "Title") here
- item two with `code` and <b>html</b>

> quoted text
> more quoted

| Col A | Col B |
|-------|-------|
| cell one | cell two |

    indented code block line

```
fenced code line
```

<div>
html block line
</div>

Text with ![image](img.png) and <https://auto.link> and *emph* **strong** _u_.
"""


def test_markdown_blocks_kinds_levels_parents_and_positions() -> None:
    assert blocks(MARKDOWN) == [
        ("heading", 1, None, 4, 3, "Guide"),
        ("heading", 1, None, 6, 1, "Setext title"),
        ("heading", 2, 1, 9, 1, "Section two"),
        ("list_item", 0, 2, 12, 3, 'item one with  a link                                    here'),
        ("list_item", 0, 2, 13, 3, "item two with        and    html"),
        ("blockquote", 0, 2, 15, 3, "quoted text\n  more quoted"),
        ("table_cell", 0, 2, 18, 3, "Col A"),
        ("table_cell", 0, 2, 18, 11, "Col B"),
        ("table_cell", 0, 2, 20, 3, "cell one"),
        ("table_cell", 0, 2, 20, 14, "cell two"),
        ("paragraph", 0, 2, 32, 1,
         "Text with                   and                     and  emph    strong    u ."),
    ]


def test_prose_has_the_text_length_and_blanks_everything_else() -> None:
    document = parse_document(MARKDOWN, "doc.md")
    assert len(document.prose) == len(document.text)
    assert document.prose.count("\n") == document.text.count("\n")
    for hidden in ("title: Guide", "indented code", "fenced code", "html block", "https://", "img.png", "code",
                   "<b>", "#", "|", "```", "---"):
        assert hidden not in document.prose, hidden
    for kept in ("Guide", "a link", "item two with", "quoted text", "cell two", "emph", "strong"):
        assert kept in document.prose, kept


def test_atx_heading_levels_and_parents() -> None:
    text = "# One\n\n## Two\n\n### Three\n\n## Four\n\n#### Five\n\n# Six\n\n### Seven\n"
    assert blocks(text) == [
        ("heading", 1, None, 1, 3, "One"),
        ("heading", 2, 0, 3, 4, "Two"),
        ("heading", 3, 1, 5, 5, "Three"),
        ("heading", 2, 0, 7, 4, "Four"),
        ("heading", 4, 3, 9, 6, "Five"),
        ("heading", 1, None, 11, 3, "Six"),
        ("heading", 3, 5, 13, 5, "Seven"),
    ]


def test_paragraph_parent_is_its_section_heading() -> None:
    text = "Intro.\n\n# One\n\nFirst.\n\n## Two\n\nSecond.\n\n# Three\n\nThird.\n"
    assert [(kind, parent, prose) for kind, _, parent, _, _, prose in blocks(text)] == [
        ("paragraph", None, "Intro."), ("heading", None, "One"), ("paragraph", 1, "First."),
        ("heading", 1, "Two"), ("paragraph", 3, "Second."), ("heading", None, "Three"), ("paragraph", 5, "Third."),
    ]


def test_atx_closing_sequence_and_not_headings() -> None:
    assert blocks("# A #\n## B ##   \n### C#\n#NoHeading\n####### seven\n") == [
        ("heading", 1, None, 1, 3, "A"),
        ("heading", 2, 0, 2, 4, "B"),
        ("heading", 3, 1, 3, 5, "C#"),
        ("paragraph", 0, 2, 4, 1, "#NoHeading\n####### seven"),
    ]


def test_setext_heading_over_two_lines() -> None:
    assert blocks("Multi line\nsetext heading\n===\n\nBody.\n") == [
        ("heading", 1, None, 1, 1, "Multi line\nsetext heading"),
        ("paragraph", 0, 0, 5, 1, "Body."),
    ]


def test_heading_inside_blockquote_and_list() -> None:
    assert blocks("> # In quote\n> para\n\n- ## In item\n") == [
        ("heading", 1, None, 1, 5, "In quote"),
        ("blockquote", 0, 0, 2, 3, "para"),
        ("heading", 2, 0, 4, 6, "In item"),
    ]


def test_list_item_markers_and_task_boxes_are_masked() -> None:
    text = "- [ ] task one\n- [x] task two\n* star\n+ plus\n10) ten\n"
    assert [(kind, line, column, prose) for kind, _, _, line, column, prose in blocks(text)] == [
        ("list_item", 1, 7, "task one"), ("list_item", 2, 7, "task two"), ("list_item", 3, 3, "star"),
        ("list_item", 4, 3, "plus"), ("list_item", 5, 5, "ten"),
    ]


def test_list_item_with_second_paragraph_and_nested_item() -> None:
    text = "1. one\n\n   continued para\n\n   - nested item\n     lazy second line\n"
    assert blocks(text) == [
        ("list_item", 0, None, 1, 4, "one"),
        ("list_item", 0, None, 3, 4, "continued para"),
        ("list_item", 0, None, 5, 6, "nested item\n     lazy second line"),
    ]


def test_nested_blockquotes_and_list_in_quote() -> None:
    assert blocks("> outer\n>> inner text\n\n> - quoted item\n") == [
        ("blockquote", 0, None, 1, 3, "outer"),
        ("blockquote", 0, None, 2, 4, "inner text"),
        ("list_item", 0, None, 4, 5, "quoted item"),
    ]


def test_blockquote_lazy_continuation_line() -> None:
    assert blocks("> first line\nlazy line\n") == [("blockquote", 0, None, 1, 3, "first line\nlazy line")]


def test_table_cells_with_escaped_pipe_and_no_outer_pipes() -> None:
    assert blocks("a | b \\| c\n--|--\nx | y\n") == [
        ("table_cell", 0, None, 1, 1, "a"),
        ("table_cell", 0, None, 1, 5, "b  | c"),
        ("table_cell", 0, None, 3, 1, "x"),
        ("table_cell", 0, None, 3, 5, "y"),
    ]


@pytest.mark.parametrize(
    "text, end",
    [
        ("---\ntitle: x\n---\nBody.\n", 17),
        ("---\ntitle: x\n...\nBody.\n", 17),
        ("+++\ntitle = 'x'\n+++\nBody.\n", 20),
        ("---  \na: 1\n---", 14),
        ("---\ntitle: x\n\nBody.\n", 0),  # never closed: not front matter
        ("\n---\na: 1\n---\n", 0),  # not at the start
        ("+++\na: 1\n---\n", 0),  # closed with the other fence
    ],
)
def test_front_matter_end(text: str, end: int) -> None:
    assert front_matter_end(text) == end


def test_front_matter_is_not_prose() -> None:
    yaml_doc = "---\n# looks like a heading\ntitle: A long title that could be a paragraph.\n---\n# Real\n"
    assert blocks(yaml_doc) == [("heading", 1, None, 5, 3, "Real")]
    assert parse_document(yaml_doc, "a.md").prose.strip() == "Real"
    toml_doc = '+++\ntitle = "Hello"\n# comment\n+++\nBody.\n'
    assert blocks(toml_doc) == [("paragraph", 0, None, 5, 1, "Body.")]


def test_unclosed_front_matter_is_ordinary_markdown() -> None:
    assert blocks("---\ntitle: x\n\nBody text.\n") == [
        ("paragraph", 0, None, 2, 1, "title: x"),
        ("paragraph", 0, None, 4, 1, "Body text."),
    ]


def test_code_and_html_blocks_are_not_prose() -> None:
    text = ("```python\n# not a heading\nA paragraph in code.\n```\n\n~~~\n- not an item\n~~~\n\n"
            "    # indented code\n\n<table><tr><td>Cell in HTML</td></tr></table>\n\n<!-- comment -->\n\nProse.\n")
    assert blocks(text) == [("paragraph", 0, None, 16, 1, "Prose.")]


def _blank(text: str, *parts: str) -> str:
    for part in parts:
        assert part in text
        text = text.replace(part, " " * len(part))
    return text


def test_inline_markup_is_masked_but_link_text_kept() -> None:
    line = ("Text <https://x.org> and <a@b.org> and [ref][r] and [^1] and <!-- c --> and "
            "[link](http://a.b/c(d) 'T') end.")
    expected = _blank(line, "<https://x.org>", "<a@b.org>", "][r]", "[^1]", "<!-- c -->", "](http://a.b/c(d) 'T')", "[")
    assert blocks(line + "\n\n[r]: http://x\n") == [("paragraph", 0, None, 1, 1, expected)]
    assert "ref" in expected and "link" in expected


def test_link_targets_do_not_make_paragraphs_differ() -> None:
    text = ("See the [release notes](https://example.com/v1) before you upgrade the server cluster.\n\n"
            "See the [release notes](https://example.com/v2/notes.html) before you upgrade the server cluster.\n")
    assert [(v.line, v.code) for v in lint_text(text, path="a.md")] == [(3, "DL001")]


def test_scope_spans() -> None:
    document = parse_document("# T\n\nOne. Two.\n\n- item\n\n> quote\n\n| c |\n|---|\n| d |\n", "a.md")
    text = document.text
    assert [text[a:b] for a, b in document.scope_spans("heading")] == ["T"]
    assert [text[a:b] for a, b in document.scope_spans("paragraph")] == ["One. Two.", "item", "quote"]
    assert [text[a:b] for a, b in document.scope_spans("list_item")] == ["item"]
    assert [text[a:b] for a, b in document.scope_spans("blockquote")] == ["quote"]
    assert [text[a:b] for a, b in document.scope_spans("table_cell")] == ["c", "d"]
    assert [text[a:b] for a, b in document.scope_spans("sentence")] == ["One.", "Two.", "item", "quote", "c", "d"]
    assert document.scope_spans("document") == [(0, len(text))]
    with pytest.raises(ValueError):
        document.scope_spans("chapter")


def test_empty_documents() -> None:
    for fmt in ("markdown", "text"):
        for text in ("", "\n\n", "   \n\t\n"):
            document = parse_document(text, "doc", fmt)
            assert document.blocks == ()
            assert document.scope_spans("document") == []
            assert lint_text(text, format=fmt) == []


def test_code_only_heading_keeps_its_section() -> None:
    text = "# API\n\n## `get()`\n\n### Example\n\nGet it.\n\n## `set()`\n\n### Example\n\nSet it.\n"
    assert lint_text(text, path="api.md") == []


def test_code_only_headings_are_compared() -> None:
    text = "# API\n\n## `get()`\n\nGet it.\n\n## `get()`\n\nAgain.\n"
    assert [(v.line, v.code) for v in lint_text(text, path="api.md")] == [(7, "DL002")]


# Plain text

HEADLINE_LINES = """\
Harbour plan wins backing
The council voted on Thursday to fund the dredging.
Port director Amira Haddad said ships wait offshore.
Background
The channel was last deepened in 2009.
Work starts in October.
"""

HARD_WRAPPED = """\
Harbour plan wins backing

The council voted on Thursday to fund the dredging of the
main shipping channel, ending a debate that has run since
the spring.

Port director Amira Haddad said ships wait offshore for high
tide.
"""

BLANK_SEPARATED = """\
Harbour plan wins backing

The council voted on Thursday to fund the dredging.

Port director Amira Haddad said ships wait offshore.
"""


def test_one_paragraph_per_line_is_detected() -> None:
    document = parse_document(HEADLINE_LINES, "a.txt")
    assert document.paragraph_mode == "lines"
    assert blocks(HEADLINE_LINES, "text") == [
        ("heading", 1, None, 1, 1, "Harbour plan wins backing"),
        ("paragraph", 0, 0, 2, 1, "The council voted on Thursday to fund the dredging."),
        ("paragraph", 0, 0, 3, 1, "Port director Amira Haddad said ships wait offshore."),
        ("heading", 2, 0, 4, 1, "Background"),
        ("paragraph", 0, 3, 5, 1, "The channel was last deepened in 2009."),
        ("paragraph", 0, 3, 6, 1, "Work starts in October."),
    ]


def test_hard_wrapped_text_is_detected() -> None:
    assert parse_document(HARD_WRAPPED, "a.txt").paragraph_mode == "blank-lines"
    assert blocks(HARD_WRAPPED, "text") == [
        ("heading", 1, None, 1, 1, "Harbour plan wins backing"),
        ("paragraph", 0, 0, 3, 1, "The council voted on Thursday to fund the dredging of the\nmain shipping channel, "
                                  "ending a debate that has run since\nthe spring."),
        ("paragraph", 0, 0, 7, 1, "Port director Amira Haddad said ships wait offshore for high\ntide."),
    ]


def test_blank_line_separated_single_lines_read_the_same_either_way() -> None:
    expected = [
        ("heading", 1, None, 1, 1, "Harbour plan wins backing"),
        ("paragraph", 0, 0, 3, 1, "The council voted on Thursday to fund the dredging."),
        ("paragraph", 0, 0, 5, 1, "Port director Amira Haddad said ships wait offshore."),
    ]
    for mode in ("auto", "lines", "blank-lines"):
        assert blocks(BLANK_SEPARATED, "text", paragraph_mode=mode) == expected, mode


def test_forced_paragraph_modes() -> None:
    assert parse_document(HARD_WRAPPED, "a.txt", paragraph_mode="lines").paragraph_mode == "lines"
    assert len(parse_document(HARD_WRAPPED, "a.txt", paragraph_mode="lines").blocks) == 6
    assert parse_document(HEADLINE_LINES, "a.txt", paragraph_mode="blank-lines").paragraph_mode == "blank-lines"
    assert blocks(HEADLINE_LINES, "text", paragraph_mode="blank-lines") == [
        ("paragraph", 0, None, 1, 1, HEADLINE_LINES.rstrip("\n")),
    ]


def test_headline_and_two_paragraphs_one_per_line() -> None:
    # the break after the headline fits both conventions and must not decide the mode
    text = ("Council approves new budget\n"
            "The city council approved the budget on Thursday after a long debate about road repairs.\n"
            "The city council approved the budget on Thursday after a long debate about road repairs.\n")
    assert parse_document(text, "a.txt").paragraph_mode == "lines"
    assert [(v.line, v.code) for v in lint_text(text, path="a.txt")] == [(3, "DL001")]


def test_headline_with_subheading_one_per_line() -> None:
    text = ("Harbour plan wins backing\n"
            "The council voted on Thursday to fund the dredging.\n"
            "Port director Amira Haddad said ships wait offshore.\n"
            "Background\n"
            "The council voted on Thursday to fund the dredging.\n")
    assert parse_document(text, "a.txt").paragraph_mode == "lines"


@pytest.mark.parametrize(
    "line, title_like",
    [
        ("Harbour plan wins backing", True),
        ("Background", True),
        ("What happens next?", False),
        ("The council voted.", False),
        ("He said:", False),
        ("1 2 3", False),
        ("Étude über Äpfel", True),
        ("a " * 17, False),
        ("x" * 101, False),
        ("Read more", True),
        ("(Reuters)", False),
    ],
)
def test_is_title_like(line: str, title_like: bool) -> None:
    assert is_title_like(line.strip()) is title_like


@pytest.mark.parametrize(
    "line, byline",
    [
        ("By Jane Smith", True),
        ("By JANE SMITH, Associated Press", True),
        ("BY JANE SMITH", True),
        ("By Jane Smith and Ali Khan", True),
        ("By Jane Smith & Ali Khan, BBC News", True),
        ("By Ana de la Cruz", True),
        ("By J.K. Rowling", True),
        ("By Sinéad O’Connor", True),
        ("By Design", False),  # one word is not a name
        ("By the numbers", False),
        ("By The Numbers", False),
        ("By Land And Sea", False),
        ("BY LAND AND SEA", False),
        ("By Any Means Necessary", False),
        ("By Reuters", False),
        ("By Jane Smith in Washington", False),
        ("By 2030 Targets Missed", False),
        ("Bylines Matter", False),
    ],
)
def test_is_byline(line: str, byline: bool) -> None:
    assert is_byline(line) is byline


TWO_ARTICLES = (
    "Council approves harbour budget\n"
    "By Jane Smith\n"
    "The city council approved the harbour budget on Thursday after a long debate.\n"
    "Dredging starts in October, according to the permit filed with the water board.\n"
    "Rail strike called off\n"
    "By JANE SMITH, Associated Press\n"
    "Union leaders called off next week's rail strike after talks with the operator.\n"
    "Council approves harbour budget\n"
    "By Jane Smith\n"
)


def test_plain_text_byline_is_a_paragraph_and_the_headlines_stay_headings() -> None:
    assert parse_document(TWO_ARTICLES, "a.txt").paragraph_mode == "lines"
    assert [(kind, level, parent, line) for kind, level, parent, line, _, _ in blocks(TWO_ARTICLES, "text")] == [
        ("heading", 1, None, 1),
        ("paragraph", 0, 0, 2),
        ("paragraph", 0, 0, 3),
        ("paragraph", 0, 0, 4),
        ("heading", 2, 0, 5),
        ("paragraph", 0, 4, 6),
        ("paragraph", 0, 4, 7),
        ("heading", 2, 0, 8),
        ("paragraph", 0, 7, 9),
    ]


def test_repeated_byline_is_not_a_repeated_heading_but_a_repeated_headline_is() -> None:
    assert findings(lint_text(TWO_ARTICLES, path="a.txt")) == [
        (8, 1, 8, 32, "DL002", "Heading 'Council approves harbour budget' repeats the title at line 1", ((1, 1),)),
    ]


def test_plain_text_prose_is_the_text() -> None:
    text = "Title\n<b>Not markup</b> in plain text, `kept` as it is.\n"
    document = parse_document(text, "a.txt")
    assert document.prose == document.text
    assert document.format == "text"


def test_plain_text_indented_lines_start_at_their_text() -> None:
    assert blocks("  Indented headline  \n\n\tTabbed paragraph of text.\n", "text") == [
        ("heading", 1, None, 1, 3, "Indented headline"),
        ("paragraph", 0, 0, 3, 2, "Tabbed paragraph of text."),
    ]


# Line endings and byte order marks

MD_DOC = """\
# Harbour news

The harbour authority dredged the main channel last spring to let larger ships dock.

## Harbour news

The harbour authority dredged the main channel last
spring to let larger ships dock.
"""

TXT_DOC = """\
Harbour news
The harbour authority dredged the main channel last spring to let larger ships dock.
Work starts in October, according to the permit filed with the regional water board.
Harbour news
The harbour authority dredged the main channel last spring to let larger ships dock.
"""


def _variants(text: str) -> dict[str, str]:
    return {"lf": text, "crlf": text.replace("\n", "\r\n"), "cr": text.replace("\n", "\r")}


@pytest.mark.parametrize("path, text", [("a.md", MD_DOC), ("a.txt", TXT_DOC)])
def test_line_endings_give_the_same_findings(path: str, text: str) -> None:
    expected = findings(lint_text(text, path=path))
    assert len(expected) == 2
    for name, variant in _variants(text).items():
        assert findings(lint_text(variant, path=path)) == expected, name


def test_md_findings_exact() -> None:
    assert findings(lint_text(MD_DOC, path="a.md")) == [
        (5, 4, 5, 16, "DL002", "Heading 'Harbour news' repeats the title at line 1", ((1, 3),)),
        (7, 1, 8, 33, "DL001", "Paragraph duplicates the paragraph at line 3", ((3, 1),)),
    ]


def test_mixed_line_endings() -> None:
    lines = MD_DOC.split("\n")
    endings = ["\r\n", "\n", "\r"]  # never "\r" then "\n": that pair is one CRLF break
    mixed = "".join(line + endings[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
    assert normalise_newlines(mixed) == MD_DOC and mixed.count("\r\n") == 3 and mixed.count("\r") == 5
    assert findings(lint_text(mixed, path="a.md")) == findings(lint_text(MD_DOC, path="a.md"))


@pytest.mark.parametrize("path, text", [("a.md", MD_DOC), ("a.txt", TXT_DOC)])
def test_files_with_bom_and_any_line_ending_give_the_same_findings(tmp_path: Path, path: str, text: str) -> None:
    rules = load_rules()
    names = []
    for name, variant in _variants(text).items():
        for bom in (b"", b"\xef\xbb\xbf"):
            file = tmp_path / f"{name}{'-bom' if bom else ''}{Path(path).suffix}"
            file.write_bytes(bom + variant.encode("utf-8"))
            names.append(file)
    result = check_paths([str(f) for f in names], rules)
    by_file: dict[str, list[tuple]] = {}
    for v in result.violations:
        by_file.setdefault(Path(v.path).name, []).append((v.line, v.column, v.end_line, v.end_column, v.code,
                                                          v.message))
    baseline = [f[:6] for f in findings(lint_text(text, path=path))]
    assert {name: found for name, found in by_file.items()} == {f.name: baseline for f in names}


def test_lint_text_with_bom_gives_the_same_findings_markdown() -> None:
    assert findings(lint_text("\ufeff" + MD_DOC, path="a.md")) == findings(lint_text(MD_DOC, path="a.md"))


def test_lint_text_with_bom_keeps_line_one_columns() -> None:
    text = "Harbour news\nBody text that is long enough.\nHarbour news\n"
    [violation] = lint_text("\ufeff" + text, path="a.txt")
    assert [(r.line, r.column) for r in violation.related] == [(1, 1)]
    assert violation.message == "Heading 'Harbour news' repeats the title at line 1"
    document = parse_document("\ufeff" + text, "a.txt")
    assert document.position(document.blocks[0].start) == Position(1, 1)
    assert document.block_source(document.blocks[0]) == "Harbour news"


def test_lint_text_with_bom_plain_text_findings() -> None:
    assert findings(lint_text("\ufeff" + TXT_DOC, path="a.txt")) == findings(lint_text(TXT_DOC, path="a.txt"))


# Columns count characters


def test_columns_count_characters_not_bytes_or_cells() -> None:
    text = ("# Café ☕ 日本語\n\n"
            "Étude über Äpfel 🍎 is long enough to be compared by the duplicate rule.\n\n"
            "- ☕☕ Étude über Äpfel 🍎 is long enough to be compared by the duplicate rule.\n\n"
            "日本語 Café ☕ ## Café ☕ 日本語\n\n"
            "## Café ☕ 日本語\n")
    assert findings(lint_text(text, path="a.md")) == [
        (5, 3, 5, 77, "DL001", "Paragraph duplicates the paragraph at line 3", ((3, 1),)),
        (9, 4, 9, 14, "DL002", "Heading 'Café ☕ 日本語' repeats the title at line 1", ((1, 3),)),
    ]


def test_tab_is_one_column() -> None:
    text = ("Title here\tok\n"
            "Para\twith tab that is long enough to be compared by the rules, surely.\n"
            "\tPara\twith tab that is long enough to be compared by the rules, surely.\n"
            "Title here\tok\n")
    assert findings(lint_text(text, path="a.txt")) == [
        (3, 2, 3, 72, "DL001", "Paragraph duplicates the paragraph at line 2", ((2, 1),)),
        (4, 1, 4, 14, "DL002", "Heading 'Title here ok' repeats the title at line 1", ((1, 1),)),
    ]


def test_markdown_heading_after_tab() -> None:
    text = "#\tTitle\n\n##\tTitle\n"
    assert findings(lint_text(text, path="a.md")) == [
        (3, 4, 3, 9, "DL002", "Heading 'Title' repeats the title at line 1", ((1, 3),)),
    ]


def test_combining_characters_count_as_characters() -> None:
    # "é" written as e + U+0301 is two characters: "Café news" then ends at column 14, not 13
    text = "# Cafe\u0301 news\n\ne\u0301 ## Cafe\u0301 news\n\n## Cafe\u0301 news\n"
    [violation] = lint_text(text, path="a.md")
    assert (violation.line, violation.column, violation.end_column) == (5, 4, 14)


# Properties over random text

_ALL_RULES = load_rules(style_dirs())
_PIECES = st.sampled_from(
    list("ab AB.!?\"“”#->*_`|[]()<>+=~\\\n\n\n\t\r1é中:'") +
    ["```", "---", "+++", "    ", "U.S.", "Dr.", "<!--", "-->", "| --- |", "[x](y)", "===", "1. ", "\r\n",
     "doclint-disable ", "The harbour authority dredged the main channel. "]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join), st.sampled_from(["markdown", "text"]))
def test_random_text_offsets_stay_inside_blocks_and_document(text: str, fmt: str) -> None:
    document = parse_document(text, "doc", fmt)
    assert len(document.prose) == len(document.text)
    for block in document.blocks:
        assert 0 <= block.start < block.end <= len(document.text)
        prose = document.block_prose(block)
        # A heading made only of markup (all `code`) keeps its place in the outline with a blank prose view.
        assert prose.strip() == prose or (block.kind is BlockKind.HEADING and not prose.strip())
        assert block.parent is None or document.blocks[block.parent].kind is BlockKind.HEADING
    for sentence in document.sentences:
        block = document.blocks[sentence.block]
        assert block.start <= sentence.start < sentence.end <= block.end
    for path in ("doc.md", "doc.txt"):
        for violation in lint_text(text, path=path, rules=_ALL_RULES, select=["ALL"]):
            assert 1 <= violation.line <= document.line_index.line_count
            assert (violation.line, violation.column) <= (violation.end_line, violation.end_column)


# Plain text: one paragraph per line with lists and names at line ends; titles that ask; program output.

_LONG = ("Partridge worked with the band from 1977 until the singer's death, and he remembers the tours, the "
         "studio sessions and the long nights in the London office as the best years of his working life.")


def test_one_paragraph_per_line_with_list_items_is_not_taken_as_hard_wrapped() -> None:
    text = ("Critics back Aviator for Oscars\n" + _LONG + "\n"
            + "- Tim Dams, Screen International: " + _LONG + "\n"
            + "- Angie Errigo, Empire: " + _LONG + "\n"
            + "- Philip French, The Observer: " + _LONG + "\n")
    document = parse_document(text, "a.txt")
    assert document.paragraph_mode == "lines"
    assert [block.kind.value for block in document.blocks] == ["heading"] + ["paragraph"] * 4


def test_paragraph_mode_evidence_says_when_the_reading_is_a_guess() -> None:
    from doclint.parsing.plaintext import ParagraphEvidence, _line_spans, _runs, paragraph_mode_evidence

    def evidence(text: str) -> ParagraphEvidence:
        return paragraph_mode_evidence(text, _runs(_line_spans(text, [])))

    # Lines longer than anyone wraps decide, even when no break ends a sentence (a list of long items).
    listed = "Title line\n" + "\n".join(f"- item {n}: {_LONG[:-1]}" for n in range(4)) + "\n"
    assert evidence(listed) == ParagraphEvidence("lines", 3, 0, 3, 11)
    wrapped = "A paragraph that is wrapped\nat a narrow width goes on\nover several lines here.\n"
    assert evidence(wrapped) == ParagraphEvidence("blank-lines", 2, 0, 0, 0)
    # One long line among many short ones that do not end sentences: read as wrapped, but a guess.
    names = "\n".join(f"Player {letter}lpha Longername ({letter}land)" for letter in "ABCDEFGHIJKLMNOPQRST")
    mixed = _LONG + "\n" + names + "\n"
    assert evidence(mixed) == ParagraphEvidence("blank-lines", 20, 1, 1, 0, "long lines")
    # A third of the breaks end a sentence: neither convention's usual share.
    third = "The dredging starts soon.\nThe work lets larger ships\ndock at the terminal. Residents\nwere told.\n"
    assert evidence(third) == ParagraphEvidence("blank-lines", 3, 1, 0, 0, "sentence breaks")


def test_a_one_paragraph_per_line_article_ending_in_a_long_list_is_not_collapsed() -> None:
    # Two of the 2,225 BBC exports used to be read as hard-wrapped: long paragraphs, then a list of short names.
    names = "\n".join(f"Player {letter}lpha Longername ({letter}land)" for letter in "ABCDEFGHIJKL")
    text = "Seeds named for the open\n" + _LONG + "\n" + _LONG + "\n" + _LONG + "\n" + names + "\n"
    document = parse_document(text, "a.txt")
    assert (document.paragraph_mode, document.paragraph_evidence.doubt) == ("lines", "")
    assert [block.kind.value for block in document.blocks] == ["heading"] + ["paragraph"] * 15


def test_a_forced_paragraph_mode_has_no_evidence() -> None:
    for mode in ("lines", "blank-lines"):
        assert parse_document("One.\nTwo.\n", "a.txt", paragraph_mode=mode).paragraph_evidence is None


def test_a_headline_that_asks_is_the_title() -> None:
    document = parse_document("Is this the end of the CD?\nSales fell by a fifth.\nWhy?\n", "a.txt")
    assert [block.kind.value for block in document.blocks] == ["heading", "paragraph", "paragraph"]


def test_program_output_has_no_prose_blocks() -> None:
    text = ("$ cargo test\n   Compiling adder v0.1.0 (file:///projects/adder)\n"
            "    Finished test [unoptimized + debuginfo] target(s) in 0.57s\n\nrunning 1 test\n"
            "test tests::it_works ... ok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; finished in 0.00s\n")
    document = parse_document(text, "output.txt")
    assert (document.blocks, document.paragraph_mode) == ((), "not-prose")


def test_prose_with_numbers_quotes_and_indentation_is_still_prose() -> None:
    text = ("   The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n\n"
            "> \"We have had no deliveries since Monday,\" said the baker, who kept her shop open.\n\n"
            "   Work is due to start in October 2027, according to the permit filed last week.\n")
    document = parse_document(text, "a.txt")
    assert document.paragraph_mode != "not-prose"
    assert [block.kind.value for block in document.blocks] == ["paragraph"] * 3


def test_markup_blanked_after_parsing_leaves_no_empty_block_and_blocks_start_at_prose() -> None:
    # A lone container fence or template statement is a paragraph to CommonMark but no prose; a fence with a
    # title starts its block at the title (found by the random-text property test: text=':::').
    document = parse_document("# H\n\n:::warning Warning:\nThough you.\n:::\n\n{% if x %}\n\nText.\n",
                              "a.md", "markdown")
    assert [(b.kind.value, document.prose[b.start : b.end], b.parent) for b in document.blocks] == [
        ("heading", "H", None), ("paragraph", "Warning:\nThough you.", 0), ("paragraph", "Text.", 0)]
    assert document.blocks[1].content_start == 5  # the block's content still starts at the fence
    assert parse_document(":::", "a.md", "markdown").blocks == ()
