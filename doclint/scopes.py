"""Where checks look: scopes (headings, paragraphs, sentences, ... of a document) as spans of its prose, and
what the rendered page shows there (quotations, words that stand next to each other, spans without markup).

Everything is addressed in ``Document.prose``, so offsets are document offsets and markup never matches. For the
word-list kinds ``document`` means every prose block, each searched on its own, so a phrase never runs from a
heading into the paragraph below it.
"""

from __future__ import annotations

import bisect
import operator
import re
from itertools import islice
from collections.abc import Sequence
from typing import Any, Literal

from doclint.document import SCOPES, Document
from doclint.schema import param

ScopeName = Literal["heading", "paragraph", "sentence", "list_item", "blockquote", "table_cell", "document"]

_WHITESPACE = re.compile(r"(\s+)")


# Text in quotation marks. Straight single quotes are left out: they are apostrophes far more often.
# A curly closing single quote followed by a letter is an apostrophe ("don’t"), not the end of the quote.
_QUOTED = re.compile(r"""
    "[^"]*"
  | “[^“”]*”
  | ‘(?:[^‘’]|’(?=\w))*’
  | «[^«»]*»
  | „[^„“”]*[“”]
""", re.VERBOSE)


# Markup that may stand between two words without separating them on the rendered page: whitespace, emphasis
# markers, blockquote markers on a continuation line, and link brackets with their target. Anything else that
# the prose masks (a code span, an image, HTML) is content, and the words around it are not adjacent.
_INVISIBLE_MARKUP = re.compile(r"""(?:\s|[*_~>\[]|\]\([^()\s]*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)|\]\[[^\]\n]*\]|\])*""")


def scope_names(scope: str | Sequence[str]) -> tuple[str, ...]:
    return (scope,) if isinstance(scope, str) else tuple(scope)


def scope_param(default: str) -> Any:
    """The ``scope`` parameter shared by the word-list kinds, with its documentation."""
    return param(default, "Where to look: one of heading, paragraph (also list items and blockquotes), sentence, "
                          "list_item, blockquote, table_cell, document (all prose), or a list of them.")


def validate_scope(scope: str | Sequence[str], key: str = "scope") -> None:
    names = scope_names(scope)
    if not names:
        raise ValueError(f"{key}: give at least one scope ({', '.join(SCOPES)})")
    for name in names:
        if name not in SCOPES:
            raise ValueError(f"{key}: unknown scope {name!r}; expected one of {', '.join(SCOPES)}")


def humanise_scope(scope: str) -> str:
    """``list_item`` -> ``list item``, for messages."""
    return scope.replace("_", " ")


def search_spans(document: Document, scope: str | Sequence[str]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of ``document.prose`` to search for ``scope`` (one name or several)."""
    names = scope_names(scope)
    spans: list[tuple[int, int]] = []
    for name in names:
        if name == "document":
            spans.extend((block.start, block.end) for block in document.blocks)
        else:
            spans.extend(document.scope_spans(name))
    if len(names) == 1:
        return spans  # blocks and sentences come in document order and never overlap
    spans.sort()
    if not any(map(operator.lt, (start for start, _ in islice(spans, 1, None)), (end for _, end in spans))):
        return spans  # none overlaps the next (sentences and headings, say): nothing to merge
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:  # a sentence inside a chosen paragraph, say
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            continue
        merged.append((start, end))
    return merged


class QuotedRegions:
    """Spans of prose inside quotation marks ("...", “...”, ‘...’, «...», „...“), found block by block (so an
    unbalanced quote never runs past its paragraph) and only when first asked for."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def _find(self) -> list[int]:
        starts: list[int] = []
        prose = self._document.prose
        for block in self._document.blocks:
            for match in _QUOTED.finditer(prose, block.start, block.end):
                starts.append(match.start())
                self._ends.append(match.end())
        self._starts = starts
        return starts

    def contains(self, offset: int) -> bool:
        starts = self._starts if self._starts is not None else self._find()
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and offset < self._ends[index]


def adjacent_when_rendered(document: Document, start: int, end: int) -> bool:
    """Whether the words of ``prose[start:end]`` stand next to each other on the rendered page: every gap
    between them is whitespace or markup that renders as nothing (``**``, ``](target)``), not a code span or
    an image that the prose blanked out."""
    text = document.text
    if text[start:end] == document.prose[start:end]:
        return True
    for gap in _WHITESPACE.finditer(document.prose, start, end):
        source = text[gap.start() : gap.end()]
        if not source.isspace() and _INVISIBLE_MARKUP.fullmatch(source) is None:
            return False
    return True


def plain_span(document: Document, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds no markup (its source equals its prose), so replacing it as a whole
    cannot break emphasis, links or container markers."""
    return document.text[start:end] == document.prose[start:end]
