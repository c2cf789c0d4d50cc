"""What the duplicate checks compare in one document, computed once per document and shared.

``duplicate-paragraph`` (DL001), ``duplicate-sentence`` (DL009), ``repeated-heading`` (DL002) and the
cross-file collection of DL001 and DL002 all compare blocks on the same normalised text, and DL001 both runs and
collects on the same blocks. Each used to build its own keys: the same block's comparable text (a regex pass
over its Markdown) was computed three to five times. ``Document.comparison_units`` holds one ``DocumentUnits``,
which computes each block's key, span and anchors on first use and keeps them for the other checks.

Nothing here depends on a rule's parameters (scopes, lengths, thresholds): the checks filter the shared values
(and may keep what they filtered in ``selections``, by their parameters, for their collection).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from doclint.textnorm import anchors, comparison_key, drop_templating, has_include_directive

if TYPE_CHECKING:
    from doclint.document import Document

# A Markdown paragraph with a line opening with ": " is a definition list (kramdown, Hugo, pandoc): terms and
# definitions, not prose.
DEFINITION_LINE = re.compile(r"\n[ \t]{0,3}:[ \t]")
_EDGE_MARKUP = "*_~["
# Every ASCII character that is not a letter or digit, to a space: ``comparison_key`` for ASCII text in one
# ``translate`` (C) instead of a regex substitution.
_ASCII_NON_WORD = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})
_LINK_TAIL = re.compile(r"[*_~]*(?:\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)|\]\[[^\]\n]*\])?[*_~]*")


def fast_comparison_key(text: str) -> str:
    """``textnorm.comparison_key``, the same string, about three times faster on ASCII text."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split())
    return comparison_key(text)


class DocumentUnits:
    """Per block (by index into ``Document.blocks``), each computed on first use:

    - ``span(i)``: the block's source span with inline markup at its edges (``source_span``);
    - ``key(i)``: its comparison key (``comparison_key`` of ``Document.block_comparable``), as headings and
      paragraphs are compared as a whole;
    - ``prose_key(i)``: the same with templating dropped (``{{< note >}}``), as DL001 compares paragraphs;
    - ``anchors(i)``: the anchors of the block and of its section heading, joined by spaces (``text_anchors``:
      ``textnorm.anchors`` with each distinct word of the document tested once);
    - ``definitions``: the Markdown paragraphs that are definition lists.
    """

    __slots__ = ("document", "_spans", "_comparable", "_keys", "_prose_keys", "_anchors", "_word_anchors",
                 "selections", "__dict__")

    def __init__(self, document: Document) -> None:
        self.document = document
        count = len(document.blocks)
        self._spans: list[tuple[int, int] | None] = [None] * count
        self._comparable: list[str | None] = [None] * count
        self._keys: list[str | None] = [None] * count
        self._prose_keys: list[str | None] = [None] * count
        self._anchors: list[str | None] = [None] * count
        self._word_anchors: dict[str, str] = {}  # word of the document -> its anchor, "" when it is none
        # A check's selection of these units, by its (hashable) parameters: DL001 runs and collects on the same.
        self.selections: dict[Hashable, Any] = {}

    def span(self, index: int) -> tuple[int, int]:
        """The block's span including inline markup at its edges: "**Note:** ..." from its ``**``, "`cargo build`
        ..." from its backtick, "... [the docs](url)" to the closing parenthesis."""
        found = self._spans[index]
        if found is None:
            document = self.document
            start, end = document.blocks[index].content_span
            if document.format == "markdown":
                text = document.text
                while start > 0 and text[start - 1] in _EDGE_MARKUP:
                    start -= 1
                tail = _LINK_TAIL.match(text, end)
                end = tail.end() if tail else end
            found = self._spans[index] = (start, end)
        return found

    def comparable(self, index: int) -> str:
        """``Document.block_comparable`` of the block."""
        found = self._comparable[index]
        if found is None:
            self.key(index)
            found = self._comparable[index]
            assert found is not None
        return found

    def key(self, index: int) -> str:
        found = self._keys[index]
        if found is None:
            # Document.block_comparable, inlined: its source, unchanged when it holds no inline markup.
            start, end = self.document.blocks[index].content_span
            source = self.document.text[start:end]
            comparable = source if self._comparable_text is None else self._comparable_text(source)
            self._comparable[index] = comparable
            normalised = self._normalised
            if comparable is source and normalised is not None:
                found = " ".join(normalised[start:end].split())  # fast_comparison_key(source), sliced
            else:
                found = fast_comparison_key(comparable)
            self._keys[index] = found
        return found

    def prose_key(self, index: int) -> str:
        found = self._prose_keys[index]
        if found is None:
            found = self.key(index)
            comparable = self._comparable[index]
            assert comparable is not None
            if "{" in comparable or has_include_directive(comparable):
                found = fast_comparison_key(drop_templating(comparable))
            self._prose_keys[index] = found
        return found

    @cached_property
    def _comparable_text(self) -> Callable[[str], str] | None:
        """``parsing.markdown.comparable_text`` for Markdown (``Document.block_comparable``); None: plain text is
        compared as it is."""
        if self.document.format != "markdown":
            return None
        from doclint.parsing.markdown import comparable_text

        return comparable_text

    @cached_property
    def _normalised(self) -> str | None:
        """An ASCII document's text as ``fast_comparison_key`` normalises it (lower case, every character that is
        not a letter or digit a space; the same length, so offsets hold): the key of a block without inline markup
        is a slice of it, one ``translate`` per document instead of one per block. None for other text."""
        text = self.document.text
        return text.lower().translate(_ASCII_NON_WORD) if text.isascii() else None

    def text_anchors(self, text: str) -> list[str]:
        """``textnorm.anchors(text)``, each distinct word of the document tested once."""
        return anchors(text, self._word_anchors)

    def anchors(self, index: int) -> str:
        """The anchors a block carries: its own, and its section heading's. A paragraph under "### -Include"
        says something else than its near copy under "### -Exclude", as sibling parameter, cmdlet or variable
        descriptions in reference documentation do."""
        found = self._anchors[index]
        if found is None:
            document = self.document
            start, end = self.span(index)
            source = document.text[start:end]
            block = document.blocks[index]
            if block.parent is not None:
                heading_start, heading_end = document.blocks[block.parent].content_span
                source += "\n" + document.text[heading_start:heading_end]
            if document.format == "markdown":
                from doclint.parsing.markdown import anchor_text

                source = anchor_text(source)
            found = self._anchors[index] = " ".join(self.text_anchors(drop_templating(source)))
        return found

    @cached_property
    def definitions(self) -> frozenset[int]:
        """Indexes of the Markdown paragraphs that are definition lists (a line opening with ": ")."""
        document = self.document
        if document.format != "markdown" or DEFINITION_LINE.search(document.text) is None:
            return frozenset()
        return frozenset(index for index in range(len(document.blocks))
                         if DEFINITION_LINE.search(document.text, *self.span(index)))
