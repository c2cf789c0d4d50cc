"""Markdown via pulldown-cmark (the pyromark bindings): CommonMark plus GFM tables, keeping character offsets.

pulldown-cmark reports the source range of every event, inline ones included. A block's prose is exactly the
ranges of its text events: container markers (``>``, list bullets), heading markers, code spans, link targets,
images, autolinks, inline HTML and emphasis markers are never text events, so they are blanked in
``Document.prose`` by construction, without regular expressions; code blocks, HTML blocks and front matter never
open a block at all. Offsets therefore stay exact without re-searching.

Why pulldown-cmark rather than markdown-it-py: the same CommonMark conformance with source ranges, about nine
times faster on the PowerShell docs corpus (0.6 s against 5.3 s for markdown-it-py's block pass alone), which
is most of doclint's time on Markdown (``bench/corpus_speed.py``).
"""

from __future__ import annotations

from typing import Any

import bisect
import dataclasses
import re
from collections.abc import Callable
from functools import lru_cache

from doclint.document import Block, BlockKind, Document
from doclint.parsing import blank_out
from doclint.textnorm import INCLUDE_DIRECTIVE, has_include_directive

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(?:.*\n)*?(?:\1|\.\.\.)[ \t]*(?:\n|\Z)")

# Inline markup that is not prose, for ``comparable_text``: duplicate checks compare block sources with link
# targets, images and HTML removed but inline code kept. Link and reference texts stay. The scans for a closing
# delimiter are bounded, so a block full of unclosed openings costs linear time, not quadratic. Every branch
# starts with one of `<[! : the look-ahead lets the scan pass other characters without trying each branch
# (three times faster on the PowerShell docs; the same matches).
_INLINE = re.compile(
    r"""
    (?=[`<\[!])
    (?:
    (?P<code>(`(?<!``)`*)(?!`)[\s\S]{1,1000}?(?<!`)\2(?!`))
  | (?P<comment><!--[\s\S]{0,300}?-->)
  | (?P<image>!\[[^\]\n]{0,300}\]\([^)\n]{0,300}\))
  | (?P<link>\[)(?P<link_text>[^\[\]\n]*)(?P<link_target>\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\))
  | (?P<footnote>\[\^[^\]\s]+\])
  | (?P<ref>\[)(?P<ref_text>[^\[\]\n]+)(?P<ref_label>\]\[[^\[\]\n]*\])
  | (?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>)
  | (?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
    )
    """,
    re.VERBOSE,
)
_MARKUP_CHARACTERS = re.compile(r"[`<\[!]")
_HTML_COMMENT = re.compile(r"<!--[\s\S]*?-->")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CODE_PUNCTUATION = re.compile(r"[^\w\s]")
_FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]")
# A site generator's template statements and shortcodes (Jinja, Liquid, Nunjucks: {% if %}, {% include %};
# Hugo: {{< note >}}, {{% tab %}}) are instructions to the generator, never copy, in Markdown. Expressions
# ({{ repo.name }}) are the generator's too in a page that has statements; elsewhere they stay prose: an
# unfilled {{author}} is what leftover-placeholder exists to find.
_TEMPLATE_DIRECTIVE = re.compile(r"\{%-?[^\n]{0,500}?-?%\}|\{\{[<%][^\n]{0,500}?[>%]\}\}")
# Inline HTML elements whose content is code or keys, not prose: <code v-pre>{{ x }}</code>, <kbd>Ctrl</kbd>.
_HTML_CODE_OPEN = re.compile(r"<(?:code|kbd|samp|var)(?:\s[^>]*)?>", re.IGNORECASE)
_HTML_CODE_CLOSE = re.compile(r"</(?:code|kbd|samp|var)\s*>", re.IGNORECASE)
# Container fences of VitePress, Docusaurus and Pandoc (":::warning Warning:", "::: tip", "::: {.note}", a bare
# ":::" closing one) open and close a styled box; the marker and the box's type are markup, its title is prose.
_CONTAINER_FENCE = re.compile(r"^[ \t]*:{3,}[ \t]*(?:\{[^}\n]*\}|[\w-]+)?", re.MULTILINE)
_TEMPLATE_EXPRESSION = re.compile(r"\{\{[^\n{}]{1,500}\}\}")


def _drop_non_prose(match: re.Match[str]) -> str:
    if match.group("code") is not None:
        # Code counts when comparing blocks, punctuation included: `cd..` and `cd\` are different commands,
        # so its punctuation is spelled out as words that survive normalisation.
        return _CODE_PUNCTUATION.sub(lambda m: f" u{ord(m.group()):x} ", match.group().strip("`"))
    if match.group("link") is not None:
        return " " + match.group("link_text") + blank_out(match.group("link_target"))
    if match.group("ref") is not None:
        return " " + match.group("ref_text") + blank_out(match.group("ref_label"))
    return blank_out(match.group())


def _keep_code(match: re.Match[str]) -> str:
    return match.group() if match.group("code") is not None else _drop_non_prose(match)


def anchor_text(source: str) -> str:
    """Block source for finding anchors (``textnorm.anchors``): like ``comparable_text`` but with code spans kept
    verbatim, backticks included, so that a code span counts as one anchor."""
    if not _MARKUP_CHARACTERS.search(source):
        return source
    return _INLINE.sub(_keep_code, source)


def comparable_text(source: str) -> str:
    """Block source for comparing blocks: link targets, images and HTML dropped, inline code kept (with its
    punctuation). Only for comparison keys: offsets do not survive."""
    if not _MARKUP_CHARACTERS.search(source):
        return source
    return _INLINE.sub(_drop_non_prose, source)



def _byte_to_char(text: str) -> Callable[[int], int] | None:
    """Maps pulldown-cmark's UTF-8 byte offsets to character offsets (None: ASCII, they are the same)."""
    if text.isascii():
        return None
    byte_ends: list[int] = []  # byte offset just past each non-ASCII character
    extras: list[int] = []  # extra bytes of the non-ASCII characters up to and including it
    extra = 0
    for match in _NON_ASCII.finditer(text):
        extra += len(match.group().encode("utf-8")) - 1
        byte_ends.append(match.start() + extra + 1)
        extras.append(extra)

    def to_char(offset: int) -> int:
        index = bisect.bisect_right(byte_ends, offset)
        return offset - (extras[index - 1] if index else 0)

    return to_char


@lru_cache(maxsize=1)
def _options() -> Any:  # pyromark.Options flags
    """GFM tables, task lists and strikethrough, and footnotes (whose references are then not prose)."""
    import pyromark

    options = pyromark.Options
    return options.ENABLE_TABLES | options.ENABLE_FOOTNOTES | options.ENABLE_TASKLISTS | options.ENABLE_STRIKETHROUGH


# Start/End events that neither open nor close a prose block: inline styles and table rows.
_TRANSPARENT = frozenset({"Emphasis", "Strong", "Strikethrough", "TableHead", "TableRow"})
_NOT_PROSE = frozenset({"CodeBlock", "HtmlBlock", "Image"})  # text inside is not prose
_BLOCK_ENDS = frozenset({"Paragraph", "Heading", "TableCell"})


class _Walker:
    """Turns pulldown-cmark's event stream into prose blocks, their text ranges, and comment spans.

    Called once per event (over a million on the PowerShell docs), so the common events (text, inline styles)
    take the shortest paths."""

    # Inline content directly in these containers (a tight list item has no paragraph event) is a block.
    _IMPLICIT_KINDS = {"Item": BlockKind.LIST_ITEM}

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []
        self.prose_ranges: list[tuple[int, int]] = []
        self.comments: list[tuple[int, int]] = []
        self.containers: list[str] = []  # "BlockQuote", "Item", "FootnoteDefinition", "List", "Table", ...
        self.heading_stack: list[tuple[int, int]] = []  # (level, block index)
        self.section: int | None = None
        self.skip = 0  # inside code or HTML blocks, images, autolinks: text there is not prose
        self.links: list[bool] = []  # for each open link, whether it is an autolink (skipped)
        self.html_code = 0  # open inline <code>/<kbd> elements of the open block (their text is skipped)
        self.link_brackets: list[int] = []  # offsets of "[" and "]" that wrap a whole link: "[[source](url)]"
        self.block: tuple[BlockKind, int, int | None] | None = None  # the open block: kind, level, parent
        self.ranges: list[tuple[int, int]] = []  # text ranges of the open block
        self.content: list[int] = []  # [start, end] of the open block's inline content

    # -- blocks -------------------------------------------------------------------------------------------
    def open(self, kind: BlockKind, level: int = 0, parent: int | None = None) -> None:
        if self.block is not None:
            self.close()
        self.block = (kind, level, parent)
        self.ranges = []
        self.content = []

    def close(self) -> None:
        block = self.block
        if block is None:
            return
        self.block = None
        if self.html_code:  # an element left open ends with its block
            self.skip -= self.html_code
            self.html_code = 0
        kind, level, parent = block
        ranges = self.ranges
        text = self.text
        prose = [(start, end) for start, end in ranges if start < end and not text[start:end].isspace()]
        if prose:
            # Only the first and last prose ranges can hold the block's leading and trailing whitespace.
            first_start, first_end = prose[0]
            last_start, last_end = prose[-1]
            first = text[first_start:first_end]
            last = text[last_start:last_end]
            start = first_start + len(first) - len(first.lstrip())
            end = last_end - (len(last) - len(last.rstrip()))
        elif kind is BlockKind.HEADING and self.content:
            start, end = self.content  # a heading that is all `code` keeps its place in the outline
        else:
            return  # markup only ("**", a lone image): no prose to check
        content_start, content_end = self.content or (start, end)
        outer = content_start < start or content_end > end
        index = len(self.blocks)
        self.blocks.append(Block(kind, start, end, level=level, parent=parent,
                                 content_start=min(content_start, start) if outer else None,
                                 content_end=max(content_end, end) if outer else None))
        self.prose_ranges.extend(ranges)
        if kind is BlockKind.HEADING:
            self.heading_stack.append((level, index))
            self.section = index

    def container_kind(self) -> BlockKind:
        for name in reversed(self.containers):
            if name == "Item":
                return BlockKind.LIST_ITEM
            if name == "BlockQuote":
                return BlockKind.BLOCKQUOTE
        return BlockKind.PARAGRAPH

    def inline(self, start: int, end: int, is_text: bool) -> None:
        if self.block is None:
            if not self.containers or self.containers[-1] not in self._IMPLICIT_KINDS:
                return
            self.open(self._IMPLICIT_KINDS[self.containers[-1]], parent=self.section)
        if is_text:
            self.ranges.append((start, end))
        if self.content:
            self.content[1] = end
        else:
            self.content = [start, end]

    # -- events -------------------------------------------------------------------------------------------
    def start(self, value: object, start: int, end: int) -> None:
        name = value if type(value) is str else next(iter(value))  # type: ignore[call-overload]  # pyromark's event payloads are loosely typed dicts
        if name in _TRANSPARENT:
            return
        if name == "Paragraph":
            self.open(self.container_kind(), parent=self.section)
        elif name == "Heading":
            level = int(value["Heading"]["level"][1])  # type: ignore[index]  # pyromark's event payloads are loosely typed dicts
            while self.heading_stack and self.heading_stack[-1][0] >= level:
                self.heading_stack.pop()
            self.open(BlockKind.HEADING, level, self.heading_stack[-1][1] if self.heading_stack else None)
        elif name == "TableCell":
            self.open(BlockKind.TABLE_CELL, parent=self.section)
        elif name in _NOT_PROSE:
            if name != "Image":
                self.close()
            self.skip += 1
        elif name == "Link":
            autolink = value["Link"]["link_type"] in ("Autolink", "Email")  # type: ignore[index]  # pyromark's event payloads are loosely typed dicts
            self.links.append(autolink)
            if start and self.text[start - 1] == "[" and self.text[end : end + 1] == "]":
                self.link_brackets += (start - 1, end)  # brackets around a link punctuate it: no placeholder
            self.skip += autolink
        else:
            self.close()
            self.containers.append(name)

    def end(self, value: object) -> None:
        name = value if type(value) is str else next(iter(value))  # type: ignore[call-overload]  # pyromark's event payloads are loosely typed dicts
        if name in _TRANSPARENT:
            return
        if name in _BLOCK_ENDS:
            self.close()
        elif name in _NOT_PROSE:
            self.skip -= 1
        elif name == "Link":
            self.skip -= self.links.pop()
        else:
            self.close()
            if self.containers:
                self.containers.pop()

    def comment(self, start: int, end: int) -> None:
        for match in _HTML_COMMENT.finditer(self.text, start, end):
            self.comments.append((match.start(), match.end()))


def front_matter_end(text: str) -> int:
    """Offset just past a leading ``---`` (YAML) or ``+++`` (TOML) front matter block, or 0."""
    match = _FRONT_MATTER.match(text)
    return match.end() if match else 0




def parse_markdown(text: str, path: str) -> Document:
    import pyromark

    matter_end = front_matter_end(text)
    # The parser sees the front matter as blank lines, so its offsets stay those of the file.
    parse_text = blank_out(text[:matter_end]) + text[matter_end:] if matter_end else text
    if not parse_text.isascii() and _SURROGATE.search(parse_text):
        parse_text = _SURROGATE.sub("\ufffd", parse_text)  # only reachable through the API; same length
    to_char = _byte_to_char(parse_text)
    walker = _Walker(text)
    inline, start_event, end_event = walker.inline, walker.start, walker.end
    html_block_start = -1
    for event, span in pyromark.events_with_range(parse_text, options=_options()):
        if type(event) is str:  # SoftBreak, HardBreak, Rule: no prose of their own
            continue
        ((kind, value),) = event.items()  # type: ignore[union-attr]  # a str event was skipped above
        if to_char is None:
            start, end = span["start"], span["end"]
        else:
            start, end = to_char(span["start"]), to_char(span["end"])
        if kind == "Text":
            if not walker.skip:
                inline(start, end, True)
        elif kind == "Start":
            if value == "HtmlBlock":
                html_block_start = start
            start_event(value, start, end)
        elif kind == "End":
            if value == "HtmlBlock" and "<!--" in text[html_block_start:end]:
                walker.comment(html_block_start, end)
            end_event(value)
        elif kind == "Code":
            inline(start, end, False)
        elif kind == "InlineHtml":
            inline(start, end, False)
            tag = str(value)
            if tag.startswith("<!--"):
                walker.comment(start, end)
            elif _HTML_CODE_OPEN.fullmatch(tag):
                walker.html_code += 1
                walker.skip += 1
            elif walker.html_code and _HTML_CODE_CLOSE.fullmatch(tag):
                walker.html_code -= 1
                walker.skip -= 1
    walker.close()
    prose, blanked = _prose(text, walker.prose_ranges)
    if walker.link_brackets:
        characters = list(prose)
        for offset in walker.link_brackets:
            characters[offset] = " "
        prose = "".join(characters)
        blanked = True
    blocks = _fit_blocks(walker.blocks, prose) if blanked else walker.blocks
    return Document(path=path, text=text, prose=prose, format="markdown",
                    blocks=tuple(blocks), comments=tuple(walker.comments))


def _fit_blocks(blocks: list[Block], prose: str) -> list[Block]:
    """The blocks trimmed to the prose that is left once markup found only after parsing is blanked (container
    fences, include directives, templating, footnote markers, brackets around links): a block keeps its full
    content (``content_start``/``content_end``) but starts and ends at prose, and one left with no prose at all
    (a lone ``:::`` or ``{% endif %}``) is no block, except a heading, which keeps its place in the outline.
    Parents are renumbered (they are headings, always kept)."""
    fitted: list[Block] = []
    numbers: dict[int, int] = {}
    for index, block in enumerate(blocks):
        segment = prose[block.start : block.end]
        lead = len(segment) - len(segment.lstrip())
        if lead == len(segment):  # no prose left
            if block.kind is not BlockKind.HEADING:
                continue
            lead = trail = 0  # a heading keeps its span, as one that is all `code` does
        else:
            trail = len(segment) - len(segment.rstrip())
        numbers[index] = len(fitted)
        parent = None if block.parent is None else numbers.get(block.parent)
        if lead or trail:
            content_start = block.start if block.content_start is None else block.content_start
            content_end = block.end if block.content_end is None else block.content_end
            block = dataclasses.replace(block, start=block.start + lead, end=block.end - trail, parent=parent,
                                        content_start=content_start, content_end=content_end)
        elif parent != block.parent:
            block = dataclasses.replace(block, parent=parent)
        fitted.append(block)
    return fitted


def _prose(text: str, ranges: list[tuple[int, int]]) -> tuple[str, bool]:
    """``text`` with everything outside the prose ranges blanked (newlines kept), and whether markup inside those
    ranges was blanked too (then blocks may need fitting: ``_fit_blocks``)."""
    blank = blank_out(text)  # blanked once: a slice of it is the blanked slice
    pieces = []
    cursor = 0
    for start, end in sorted(ranges):
        if start < cursor:
            start = cursor
        if start >= end:
            continue
        pieces.append(blank[cursor:start])
        pieces.append(text[start:end])
        cursor = end
    pieces.append(blank[cursor:])
    prose = "".join(pieces)
    unblanked = prose
    if "[^" in prose:  # a footnote marker without a definition is text to the parser, but still no prose
        prose = _blank_matches(_FOOTNOTE_MARKER, prose)
    if ":::" in prose:
        prose = _blank_matches(_CONTAINER_FENCE, prose)
    if has_include_directive(prose):  # the site generator's, not copy (see textnorm)
        prose = _blank_matches(INCLUDE_DIRECTIVE, prose)
    if "{%" in prose or "{{" in prose:
        templated = "{%" in prose and _TEMPLATE_DIRECTIVE.search(prose) is not None
        prose = _blank_matches(_TEMPLATE_DIRECTIVE, prose)
        if templated:
            prose = _blank_matches(_TEMPLATE_EXPRESSION, prose)
    return prose, prose != unblanked


def _blank_matches(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with every match of ``pattern`` blanked (same length, newlines kept)."""
    return pattern.sub(lambda match: blank_out(match.group()), text)
