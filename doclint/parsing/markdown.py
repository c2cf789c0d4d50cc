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
from collections.abc import Callable, Iterable
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
# The kind of a paragraph directly in a container: a block's kind is its innermost item or quote.
_CONTAINER_KINDS = {"Item": BlockKind.LIST_ITEM, "BlockQuote": BlockKind.BLOCKQUOTE}


class _Walker:
    """Turns pulldown-cmark's event stream into prose blocks, their text ranges, and comment spans.

    ``walk`` sees every event (1.7 million on the PowerShell docs, a third of them text), so the common ones take
    the shortest paths: the event kind is told by dictionary membership, inline styles are passed over at once,
    and the text ranges of all blocks go to one list (``ranges``), the open block's being its tail from
    ``first_range``."""

    __slots__ = ("text", "blocks", "ranges", "comments", "containers", "paragraph_kinds", "heading_stack", "section",
                 "skip", "links", "html_code", "link_brackets", "kind", "level", "parent", "first_range",
                 "content_start", "content_end")

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []
        self.ranges: list[tuple[int, int]] = []  # text ranges of the blocks kept, then of the open block
        self.comments: list[tuple[int, int]] = []
        self.containers: list[str] = []  # "BlockQuote", "Item", "FootnoteDefinition", "List", "Table", ...
        self.paragraph_kinds: list[BlockKind] = [BlockKind.PARAGRAPH]  # the kind of a paragraph in each container
        self.heading_stack: list[tuple[int, int]] = []  # (level, block index)
        self.section: int | None = None
        self.skip = 0  # inside code or HTML blocks, images, autolinks: text there is not prose
        self.links: list[bool] = []  # for each open link, whether it is an autolink (skipped)
        self.html_code = 0  # open inline <code>/<kbd> elements of the open block (their text is skipped)
        self.link_brackets: list[int] = []  # offsets of "[" and "]" that wrap a whole link: "[[source](url)]"
        # The open block: its kind (None: no block is open), level and parent, where its text ranges start in
        # ``ranges``, and the start and end of its inline content (-1: none yet).
        self.kind: BlockKind | None = None
        self.level = 0
        self.parent: int | None = None
        self.first_range = 0
        self.content_start = -1
        self.content_end = -1

    def walk(self, events: Iterable[tuple[Any, Any]], to_char: Callable[[int], int] | None) -> None:
        """Reads the events (pyromark's ``(event, span)`` pairs, spans in UTF-8 bytes: ``to_char`` maps them)."""
        text = self.text
        add_range = self.ranges.append
        html_block_start = -1
        for event, span in events:
            if type(event) is str:  # SoftBreak, HardBreak, Rule: no prose of their own
                continue
            if "Text" in event:
                if self.skip:
                    continue
                start = span["start"]
                end = span["end"]
                if to_char is not None:
                    start, end = to_char(start), to_char(end)
                if self.kind is None and not self.open_implicit():
                    continue
                add_range((start, end))
                self.content_end = end
                if self.content_start < 0:
                    self.content_start = start
            elif "Start" in event:
                tag = event["Start"]
                name = tag if type(tag) is str else next(iter(tag))
                if name == "Paragraph":
                    self.open(self.paragraph_kinds[-1], 0, self.section)
                elif name in _TRANSPARENT:
                    continue
                elif name == "Heading":
                    self.open_heading(int(tag["Heading"]["level"][1]))
                elif name == "Link":
                    start = span["start"]
                    end = span["end"]
                    if to_char is not None:
                        start, end = to_char(start), to_char(end)
                    self.open_link(tag["Link"]["link_type"], start, end)
                elif name == "TableCell":
                    self.open(BlockKind.TABLE_CELL, 0, self.section)
                elif name in _NOT_PROSE:
                    if name != "Image":
                        self.close()
                    if name == "HtmlBlock":
                        html_block_start = span["start"] if to_char is None else to_char(span["start"])
                    self.skip += 1
                else:
                    self.close()
                    self.containers.append(name)
                    self.paragraph_kinds.append(_CONTAINER_KINDS.get(name, self.paragraph_kinds[-1]))
            elif "End" in event:
                tag = event["End"]
                name = tag if type(tag) is str else next(iter(tag))
                if name in _BLOCK_ENDS:
                    self.close()
                elif name in _TRANSPARENT:
                    continue
                elif name in _NOT_PROSE:
                    if name == "HtmlBlock":
                        end = span["end"] if to_char is None else to_char(span["end"])
                        if "<!--" in text[html_block_start:end]:
                            self.comment(html_block_start, end)
                    self.skip -= 1
                elif name == "Link":
                    self.skip -= self.links.pop()
                else:
                    self.close()
                    if self.containers:
                        self.containers.pop()
                        self.paragraph_kinds.pop()
            elif "Code" in event:
                self.inline_markup(span, to_char)
            elif "InlineHtml" in event:
                start, end = self.inline_markup(span, to_char)
                self.inline_html(event["InlineHtml"], start, end)
        self.close()

    # -- blocks -------------------------------------------------------------------------------------------
    def open(self, kind: BlockKind, level: int, parent: int | None) -> None:
        if self.kind is not None:
            self.close()
        self.kind = kind
        self.level = level
        self.parent = parent
        self.first_range = len(self.ranges)
        self.content_start = self.content_end = -1

    def open_implicit(self) -> bool:
        """Opens a list item's block for inline content directly in the item (a tight list item has no paragraph
        event); False when the content is in no block."""
        if not self.containers or self.containers[-1] != "Item":
            return False
        self.open(BlockKind.LIST_ITEM, 0, self.section)
        return True

    def open_heading(self, level: int) -> None:
        heading_stack = self.heading_stack
        while heading_stack and heading_stack[-1][0] >= level:
            heading_stack.pop()
        self.open(BlockKind.HEADING, level, heading_stack[-1][1] if heading_stack else None)

    def close(self) -> None:
        kind = self.kind
        if kind is None:
            return
        self.kind = None
        if self.html_code:  # an element left open ends with its block
            self.skip -= self.html_code
            self.html_code = 0
        text = self.text
        ranges = self.ranges
        first = self.first_range
        # The block runs from its first to its last character that is not whitespace: nearly always the first
        # character of its first text range and the last of its last.
        start = end = -1
        if first < len(ranges):
            range_start, range_end = ranges[first]
            if range_start < range_end and not text[range_start].isspace():
                start = range_start
            else:
                start = _prose_start(text, ranges, first)
        if start >= 0:
            range_start, range_end = ranges[-1]
            if range_start < range_end and not text[range_end - 1].isspace():
                end = range_end
            else:
                end = _prose_end(text, ranges, first)
        elif kind is BlockKind.HEADING and self.content_start >= 0:
            start, end = self.content_start, self.content_end  # a heading that is all `code` keeps its place
        else:
            del ranges[first:]  # markup only ("**", a lone image): no prose to check
            return
        content_start, content_end = self.content_start, self.content_end
        if content_start < 0:
            content_start, content_end = start, end
        outer = content_start < start or content_end > end
        index = len(self.blocks)
        self.blocks.append(Block(kind, start, end, self.level, self.parent,
                                 min(content_start, start) if outer else None,
                                 max(content_end, end) if outer else None))
        if kind is BlockKind.HEADING:
            self.heading_stack.append((self.level, index))
            self.section = index

    # -- inline events ------------------------------------------------------------------------------------
    def inline_markup(self, span: Any, to_char: Callable[[int], int] | None) -> tuple[int, int]:
        """Inline code or HTML: part of the open block's content, never of its prose. Returns its offsets."""
        start = span["start"]
        end = span["end"]
        if to_char is not None:
            start, end = to_char(start), to_char(end)
        if self.kind is not None or self.open_implicit():
            self.content_end = end
            if self.content_start < 0:
                self.content_start = start
        return start, end

    def inline_html(self, tag: object, start: int, end: int) -> None:
        tag = str(tag)
        if tag.startswith("<!--"):
            self.comment(start, end)
        elif _HTML_CODE_OPEN.fullmatch(tag):
            self.html_code += 1
            self.skip += 1
        elif self.html_code and _HTML_CODE_CLOSE.fullmatch(tag):
            self.html_code -= 1
            self.skip -= 1

    def open_link(self, link_type: str, start: int, end: int) -> None:
        autolink = link_type in ("Autolink", "Email")
        self.links.append(autolink)
        if start and self.text[start - 1] == "[" and self.text[end : end + 1] == "]":
            self.link_brackets += (start - 1, end)  # brackets around a link punctuate it: no placeholder
        self.skip += autolink

    def comment(self, start: int, end: int) -> None:
        for match in _HTML_COMMENT.finditer(self.text, start, end):
            self.comments.append((match.start(), match.end()))


def _prose_start(text: str, ranges: list[tuple[int, int]], first: int) -> int:
    """The offset of the first character that is not whitespace in the text ranges from ``first`` on, or -1."""
    for index in range(first, len(ranges)):
        start, end = ranges[index]
        kept = len(text[start:end].lstrip())
        if kept:
            return end - kept
    return -1


def _prose_end(text: str, ranges: list[tuple[int, int]], first: int) -> int:
    """The offset just past the last character that is not whitespace in the text ranges from ``first`` on, or
    -1."""
    for index in range(len(ranges) - 1, first - 1, -1):
        start, end = ranges[index]
        kept = len(text[start:end].rstrip())
        if kept:
            return start + kept
    return -1


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
    walker = _Walker(text)
    walker.walk(pyromark.events_with_range(parse_text, options=_options()), _byte_to_char(parse_text))
    prose, blanked = _prose(text, walker.ranges)
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
            content_start, content_end = block.content_span
            block = dataclasses.replace(block, start=block.start + lead, end=block.end - trail, parent=parent,
                                        content_start=content_start, content_end=content_end)
        elif parent != block.parent:
            block = dataclasses.replace(block, parent=parent)
        fitted.append(block)
    return fitted


def _prose(text: str, ranges: list[tuple[int, int]]) -> tuple[str, bool]:
    """``text`` with everything outside the prose ranges blanked (newlines kept), and whether markup inside those
    ranges was blanked too (then blocks may need fitting: ``_fit_blocks``)."""
    # The ranges' characters are copied over the blanked text as bytes, in an encoding with one width for every
    # character so that character offsets scale: ASCII (nearly every document), else UTF-32. Copies in any order
    # give the ranges' union, so they need no sorting (twice as fast as joining slices of the two texts).
    if text.isascii():
        source = text.encode("ascii")
        buffer = bytearray(blank_out(text).encode("ascii"))
        for start, end in ranges:
            buffer[start:end] = source[start:end]
        prose = buffer.decode("ascii")
    else:
        source = text.encode("utf-32-le", "surrogatepass")  # lone surrogates can come through the API
        buffer = bytearray(blank_out(text).encode("utf-32-le"))
        for start, end in ranges:
            buffer[4 * start : 4 * end] = source[4 * start : 4 * end]
        prose = buffer.decode("utf-32-le", "surrogatepass")
    unblanked = prose
    # Each markup below is looked for only when the prose holds its first character: one character is found in C
    # by memchr, ten times faster than a longer string (and "{" or "<" is rare in prose). Both include forms,
    # "--8<--" and "{* ... *}", hold one of "<" and "{".
    if "[" in prose and "[^" in prose:  # a footnote marker without a definition is text to the parser, not prose
        prose = _blank_matches(_FOOTNOTE_MARKER, prose)
    if ":::" in prose:
        prose = _blank_matches(_CONTAINER_FENCE, prose)
    if ("<" in prose or "{" in prose) and has_include_directive(prose):  # the site generator's (see textnorm)
        prose = _blank_matches(INCLUDE_DIRECTIVE, prose)
    if "{" in prose and ("{%" in prose or "{{" in prose):
        templated = "{%" in prose and _TEMPLATE_DIRECTIVE.search(prose) is not None
        prose = _blank_matches(_TEMPLATE_DIRECTIVE, prose)
        if templated:
            prose = _blank_matches(_TEMPLATE_EXPRESSION, prose)
    return prose, prose != unblanked


def _blank_matches(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with every match of ``pattern`` blanked (same length, newlines kept)."""
    return pattern.sub(lambda match: blank_out(match.group()), text)
