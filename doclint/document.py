"""The parsed document: text, line index, prose blocks and sentences, all addressed by character offsets.

Every position in doclint is a character offset into ``Document.text`` (the file's text with the BOM removed
and line endings normalised to ``\\n``). Normalising line endings keeps line numbers and columns identical to
what the user sees in the original file, so a line and column are always computed from the ``LineIndex`` and
never by searching the text again.
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from doclint.checks.comparison_units import DocumentUnits


class BlockKind(str, enum.Enum):
    """The kind of a prose block; a block's kind is its innermost container."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    BLOCKQUOTE = "blockquote"
    TABLE_CELL = "table_cell"


# Where a check looks. "paragraph" means any prose block outside headings and tables (plain paragraphs, list
# items, blockquotes); "list_item", "blockquote" and "table_cell" narrow it; "document" is all prose at once.
SCOPES = ("heading", "paragraph", "sentence", "list_item", "blockquote", "table_cell", "document")
_PARAGRAPH_KINDS = frozenset({"paragraph", "list_item", "blockquote"})


@dataclass(frozen=True, slots=True)
class Block:
    """A run of prose: ``start``/``end`` are offsets into the document text of its first and past its last prose
    character (for a block made only of markup, such as a heading that is all `code`, of its content).

    ``parent`` is the index (in ``Document.blocks``) of the heading this block sits under: for a heading, its
    enclosing heading; for any other block, the heading of its section. ``None`` at the top level.
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    parent: int | None = None
    # The block's full content when inline markup (code, links, HTML) sits at its edges: "## Parameters for
    # `get`" has its prose end after "for" but its content end after "`get`". None: same as start/end.
    content_start: int | None = None
    content_end: int | None = None

    @property
    def content_span(self) -> tuple[int, int]:
        """Offsets of the block's full content: ``content_start``/``content_end``, else ``start``/``end``."""
        return (self.start if self.content_start is None else self.content_start,
                self.end if self.content_end is None else self.content_end)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    block: int  # index into Document.blocks


class Position(NamedTuple):
    """Immutable like the other core types; a named tuple because one is made for every offset located (twice per
    unit collected across files), and it is made in about half the time of a frozen dataclass."""

    line: int  # 1-based
    column: int  # 1-based, in characters


class LineIndex:
    """Maps character offsets to 1-based line and column numbers."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._starts = starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 0-based line."""
        return self._starts[line]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)


@dataclass(frozen=True)
class Document:
    """A checked file.

    ``text`` is the normalised text; ``prose`` has the same length with everything that is not prose (markup,
    code, front matter, link targets, HTML) replaced by spaces, so an offset means the same in both.
    ``format`` is ``"markdown"`` or ``"text"``.
    """

    path: str
    text: str
    prose: str
    format: str
    blocks: tuple[Block, ...]
    paragraph_mode: str | None = None  # plain text only: "blank-lines", "lines" or "not-prose" (program output)
    comments: tuple[tuple[int, int], ...] = ()  # spans where suppression directives may appear
    line_index: LineIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "line_index", LineIndex(self.text))

    def position(self, offset: int) -> Position:
        return self.line_index.position(offset)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.line_index.line_start(line - 1)
        end = self.text.find("\n", start)
        return self.text[start : end if end != -1 else len(self.text)]

    def whole_lines_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span that deletes the lines holding ``text[start:end]``, with one blank line when the block
        stood between blank lines; None when other text shares those lines (deleting them would lose it)."""
        first = self.line_index.position(start).line - 1
        line_start = self.line_index.line_start(first)
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end == -1 else line_end
        if self.text[line_start:start].strip(" \t>") or self.text[end:line_end].strip():
            return None
        delete_end = min(line_end + 1, len(self.text))
        before_blank = line_start >= 2 and self.text[line_start - 2] == "\n"
        after = self.text.find("\n", delete_end)
        after_blank = delete_end < len(self.text) and not self.text[delete_end : after if after != -1 else len(self.text)].strip()
        if before_blank and (after_blank or delete_end >= len(self.text)):
            if after_blank:
                delete_end = after + 1 if after != -1 else len(self.text)
            else:
                line_start -= 1  # at the end of the file: drop the blank line before instead
        return line_start, delete_end

    def block_prose(self, block: Block) -> str:
        return self.prose[block.start : block.end]

    def block_comparable(self, block: Block) -> str:
        """The block as duplicate checks compare it: its source without link targets, images and HTML, with inline
        code kept, punctuation included (plain text is compared as it is). For comparison keys only."""
        start, end = block.content_span
        source = self.text[start:end]
        if self.format != "markdown":
            return source
        from doclint.parsing.markdown import comparable_text

        return comparable_text(source)

    def block_source(self, block: Block) -> str:
        return self.text[block.start : block.end]

    @cached_property
    def headings(self) -> tuple[int, ...]:
        """Indexes of the heading blocks, in document order."""
        return tuple(i for i, block in enumerate(self.blocks) if block.kind is BlockKind.HEADING)

    def scope_spans(self, scope: str) -> list[tuple[int, int]]:
        """``(start, end)`` offsets of every piece of prose in ``scope`` (one of ``SCOPES``), in order."""
        if scope == "sentence":
            return [(sentence.start, sentence.end) for sentence in self.sentences]
        if scope == "document":
            return [(0, len(self.prose))] if self.blocks else []
        if scope == "paragraph":
            return [(b.start, b.end) for b in self.blocks if b.kind.value in _PARAGRAPH_KINDS]
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}")
        return [(b.start, b.end) for b in self.blocks if b.kind.value == scope]

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Sentences of every non-heading block, with offsets."""
        from doclint.sentences import split_sentences

        prose = self.prose
        heading = BlockKind.HEADING
        return tuple(Sentence(start, end, index) for index, block in enumerate(self.blocks) if block.kind is not heading
                     for start, end in split_sentences(prose, block.start, block.end))

    @cached_property
    def comparison_units(self) -> DocumentUnits:
        """The duplicate checks' keys, spans and anchors of the blocks, built once per document and shared by
        DL001, DL002, DL009 and the cross-file collection (``doclint.checks.comparison_units``)."""
        from doclint.checks.comparison_units import DocumentUnits

        return DocumentUnits(self)
