"""Markdown via markdown-it-py (CommonMark plus GFM tables), keeping character offsets.

markdown-it reports the source lines of every block. From those lines this module takes the prose blocks
(headings, paragraphs, list items, blockquotes, table cells) and builds ``Document.prose``: the text with the
same length in which everything that is not prose is blanked out — container markers (``>``, list bullets),
heading markers, code spans, link targets, images, inline HTML, emphasis markers — while code blocks, HTML
blocks and front matter are never part of a block at all. Offsets therefore stay exact without re-searching.
"""

from __future__ import annotations

import re
from functools import lru_cache

from doclint.document import Block, BlockKind, Document
from doclint.parsing import blank_out

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(?:.*\n)*?(?:\1|\.\.\.)[ \t]*(?:\n|\Z)")
_CONTAINER_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?[ \t]*)*")
_ITEM_START_PREFIX = re.compile(r"[ \t]*(?:(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|(?=\n)|$))[ \t]*)*(?:\[[ xX]\][ \t]+)?")
_ATX_OPENING = re.compile(r"#{1,6}(?:[ \t]+|$)")
_ATX_CLOSING = re.compile(r"(?:[ \t]+#+)?[ \t]*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")

# Inline markup that is not prose. Each alternative names what to blank; link and reference texts stay.
_INLINE = re.compile(
    r"""
    (?P<code>(`+)(?!`)[\s\S]+?(?<!`)\2(?!`))
  | (?P<comment><!--[\s\S]*?-->)
  | (?P<image>!\[[^\]\n]*\]\([^)\n]*\))
  | (?P<link>\[)(?P<link_text>[^\[\]\n]*)(?P<link_target>\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\))
  | (?P<footnote>\[\^[^\]\s]+\])
  | (?P<ref>\[)(?P<ref_text>[^\[\]\n]+)(?P<ref_label>\]\[[^\[\]\n]*\])
  | (?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>)
  | (?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
  | (?P<emphasis>(?<![\w*_~\\])[*_~]+(?=\S)|(?<=\S)[*_~]+(?![\w*_~]))
  | (?P<escape>\\(?=[!-/:-@\[-`{-~]))
    """,
    re.VERBOSE,
)
_MARKUP_CHARACTERS = re.compile(r"[`<\[*_~\\!]")
_HTML_COMMENT = re.compile(r"<!--[\s\S]*?-->")


def _mask_inline_match(match: re.Match[str]) -> str:
    if match.group("link") is not None:
        return " " + match.group("link_text") + blank_out(match.group("link_target"))
    if match.group("ref") is not None:
        return " " + match.group("ref_text") + blank_out(match.group("ref_label"))
    return blank_out(match.group())


def _drop_non_prose(match: re.Match[str]) -> str:
    if match.group("code") is not None:
        return match.group()  # code counts when comparing blocks: `get()` and `set()` differ
    return _mask_inline_match(match)


def comparable_text(source: str) -> str:
    """Block source for comparing blocks: link targets, images and HTML blanked, inline code kept."""
    if not _MARKUP_CHARACTERS.search(source):
        return source
    return _INLINE.sub(_drop_non_prose, source)


def mask_inline(segment: str) -> str:
    """Blank out inline markup, keeping the length (and so every offset) of ``segment``."""
    if not _MARKUP_CHARACTERS.search(segment):
        return segment
    return _INLINE.sub(_mask_inline_match, segment)


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    # Only block structure and source lines are used; inline parsing (half the parser's time) is skipped and
    # inline markup is blanked by ``mask_inline`` instead. text_join only works on inline children.
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def front_matter_end(text: str) -> int:
    """Offset just past a leading ``---`` (YAML) or ``+++`` (TOML) front matter block, or 0."""
    match = _FRONT_MATTER.match(text)
    return match.end() if match else 0


def _extent(segment: str) -> tuple[int, int]:
    """Offsets of the first and past the last non-space character (equal when there is none)."""
    start = len(segment) - len(segment.lstrip())
    return start, max(start, len(segment.rstrip()))


class _Builder:
    """Collects prose blocks and their masked text while walking markdown-it's token stream."""

    def __init__(self, text: str, line_starts: list[int]) -> None:
        self.text = text
        self.line_starts = line_starts
        self.blocks: list[Block] = []
        self.masked: list[tuple[int, str]] = []  # (offset, masked segment) per block
        self.comments: list[tuple[int, int]] = []  # HTML comments outside code, for suppression directives

    def add_comments(self, start: int, end: int) -> None:
        for match in _HTML_COMMENT.finditer(self.text, start, end):
            self.comments.append((match.start(), match.end()))

    def line_span(self, line: int) -> tuple[int, int]:
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        return start, end

    def add(self, kind: BlockKind, first_line: int, end_line: int, first_prefix: re.Pattern[str],
            level: int = 0, parent: int | None = None, atx: bool = False) -> None:
        """Add the prose of lines ``first_line``..``end_line - 1`` with their container prefixes blanked."""
        start = self.line_starts[first_line]
        end = self.line_span(end_line - 1)[1]
        pieces = []
        for line in range(first_line, end_line):
            line_start, line_end = self.line_span(line)
            raw = self.text[line_start:line_end]
            prefix = (first_prefix if line == first_line else _CONTAINER_PREFIX).match(raw).end()
            body = raw[prefix:]
            if atx:
                opening = _ATX_OPENING.match(body)
                prefix += opening.end() if opening else 0
                body = raw[prefix:]
                closing = _ATX_CLOSING.search(body)
                body = body[: closing.start()] + blank_out(body[closing.start():]) if closing else body
            pieces.append(" " * prefix + body)
        self.add_segment(kind, start, "\n".join(pieces), level, parent)
        if "<!--" in self.text[start:end]:
            self.add_comments(start, end)

    def add_segment(self, kind: BlockKind, start: int, segment: str, level: int = 0, parent: int | None = None) -> None:
        """Add a block whose ``segment`` (from ``start``) has its container prefixes and markers blanked.

        The block spans the segment's content including inline markup at its edges (a heading made only of
        `code` is still a heading); its prose view has the inline markup blanked too.
        """
        content_start, content_end = _extent(segment)
        if content_start == content_end:
            return
        masked = mask_inline(segment)
        prose_start, prose_end = _extent(masked)
        if prose_start == prose_end:
            if kind is not BlockKind.HEADING:
                return  # markup only ("**", a lone image): no prose to check
            prose_start, prose_end = content_start, content_end  # a heading that is all `code` still counts
        outer = (prose_start, prose_end) != (content_start, content_end)
        self.blocks.append(Block(kind, start + prose_start, start + prose_end, level=level, parent=parent,
                                 content_start=start + content_start if outer else None,
                                 content_end=start + content_end if outer else None))
        self.masked.append((start, masked))

    def add_table_row(self, line: int, section: int | None) -> None:
        line_start, line_end = self.line_span(line)
        raw = self.text[line_start:line_end]
        prefix = _CONTAINER_PREFIX.match(raw).end()
        row = raw[prefix:].rstrip()
        cell_start = prefix + (1 if row.startswith("|") else 0)
        row_end = prefix + (len(row) - 1 if row.endswith("|") and not row.endswith("\\|") else len(row))
        boundaries = [m.start() for m in _UNESCAPED_PIPE.finditer(raw, cell_start, row_end)] + [row_end]
        for boundary in boundaries:
            self.add_segment(BlockKind.TABLE_CELL, line_start + cell_start, raw[cell_start:boundary],
                             parent=section)
            cell_start = boundary + 1

    def prose(self) -> str:
        pieces = []
        cursor = 0
        for start, masked in self.masked:
            pieces.append(blank_out(self.text[cursor:start]))
            pieces.append(masked)
            cursor = start + len(masked)
        pieces.append(blank_out(self.text[cursor:]))
        return "".join(pieces)


def parse_markdown(text: str, path: str) -> Document:
    matter_end = front_matter_end(text)
    # The parser sees the front matter as blank lines, so its line numbers stay those of the file.
    parse_text = blank_out(text[:matter_end]) + text[matter_end:] if matter_end else text
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    builder = _Builder(text, line_starts)

    containers: list[tuple[str, int]] = []  # ("blockquote" | "list_item", first line)
    heading_stack: list[tuple[int, int]] = []  # (level, block index)
    section: int | None = None
    tokens = _parser().parse(parse_text)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("blockquote_open", "list_item_open"):
            containers.append((kind[:-5], token.map[0] if token.map else -1))
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif kind == "heading_open":
            level = int(token.tag[1])
            while heading_stack and heading_stack[-1][0] >= level:
                heading_stack.pop()
            parent = heading_stack[-1][1] if heading_stack else None
            inline = tokens[index + 1]
            before = len(builder.blocks)
            builder.add(BlockKind.HEADING, inline.map[0], inline.map[1], _prefix_for(containers, inline.map[0]),
                        level=level, parent=parent, atx=token.markup.startswith("#"))
            if len(builder.blocks) > before:
                heading_stack.append((level, before))
                section = before
        elif kind == "paragraph_open":
            block_kind = _container_kind(containers)
            builder.add(block_kind, token.map[0], token.map[1], _prefix_for(containers, token.map[0]), parent=section)
        elif kind == "tr_open":
            builder.add_table_row(token.map[0], section)
        elif kind == "html_block" and "<!--" in token.content:
            builder.add_comments(builder.line_starts[token.map[0]], builder.line_span(token.map[1] - 1)[1])
    return Document(path=path, text=text, prose=builder.prose(), format="markdown", blocks=tuple(builder.blocks),
                    comments=tuple(builder.comments))


def _container_kind(containers: list[tuple[str, int]]) -> BlockKind:
    if not containers:
        return BlockKind.PARAGRAPH
    return BlockKind.LIST_ITEM if containers[-1][0] == "list_item" else BlockKind.BLOCKQUOTE


def _prefix_for(containers: list[tuple[str, int]], first_line: int) -> re.Pattern[str]:
    """A block that starts a list item has the item's marker on its first line."""
    starts_item = any(name == "list_item" and line == first_line for name, line in containers)
    return _ITEM_START_PREFIX if starts_item else _CONTAINER_PREFIX
