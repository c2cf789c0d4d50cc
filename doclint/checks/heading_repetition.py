"""Check kind ``heading-repetition``: a heading that repeats a sibling heading or the document's title.

Siblings are headings of the same level under the same parent, so "### Example" under two different sections
is fine by default. The title is the first heading when no other heading has a higher rank (in plain text, a
title-like first line). Comparison is exact after normalisation, or fuzzy when ``similarity`` is below 100.
With ``--cross-file``, document titles are also compared across documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from doclint.checks import CheckKind, CorpusUnit, Finding
from doclint.document import Block, Document
from doclint.schema import param
from doclint.textnorm import comparison_key, excerpt
from doclint.violations import Fix


@dataclass(frozen=True)
class HeadingRepetitionParams:
    scope: Literal["siblings", "document"] = param("siblings", "Compare a heading with its siblings (same parent "
                                                               "and level) or with every earlier heading.")
    include_title: bool = param(True, "Also report any heading that repeats the document's title.")
    similarity: float = param(100.0, "100 reports headings that are equal after normalisation; lower values "
                                     "(e.g. 90) also report near repeats (rapidfuzz ratio).")

    def __post_init__(self) -> None:
        if not 0 < self.similarity <= 100:
            raise ValueError("similarity must be greater than 0 and at most 100")


def _title(document: Document) -> int | None:
    if not document.headings:
        return None
    first = document.headings[0]
    top_level = min(document.blocks[i].level for i in document.headings)
    return first if document.blocks[first].level == top_level else None


def title_unit(document: Document, params: HeadingRepetitionParams) -> list[CorpusUnit]:
    """Across documents only titles are compared: two articles under one headline. ("## Example" in many
    documents is normal.)"""
    title = _title(document)
    if title is None:
        return []
    block = document.blocks[title]
    key = comparison_key(document.block_comparable(block))
    return [CorpusUnit(block.start, block.end, key, excerpt(document.block_source(block), 60))] if key else []


def run(document: Document, params: HeadingRepetitionParams) -> Iterator[Finding]:
    from rapidfuzz import fuzz, process

    title = _title(document) if params.include_title else None
    title_key = comparison_key(document.block_comparable(document.blocks[title])) if title is not None else None
    groups: dict[object, dict[str, int]] = {}  # group -> normalised heading -> first block index
    for index in document.headings:
        block = document.blocks[index]
        text = document.block_source(block)
        key = comparison_key(document.block_comparable(block))
        if not key:
            continue
        match: tuple[int, float, str] | None = None
        if title_key is not None and index != title:
            if key == title_key:
                match = (title, 100.0, "title")
            elif params.similarity < 100:
                score = fuzz.ratio(key, title_key, score_cutoff=params.similarity)
                if score:
                    match = (title, score, "title")
        group = groups.setdefault((block.parent, block.level) if params.scope == "siblings" else None, {})
        if match is None:
            if key in group:
                match = (group[key], 100.0, "heading")
            elif params.similarity < 100 and group:
                best = process.extractOne(key, group.keys(), scorer=fuzz.ratio, score_cutoff=params.similarity)
                if best is not None:
                    match = (group[best[0]], best[1], "heading")
        group.setdefault(key, index)
        if match is None:
            continue
        first, score, target = match
        position = document.position(document.blocks[first].start)
        # An exact repeat of a heading is safe to delete (its whole line, or both lines of a setext heading).
        deletion = document.whole_lines_span(*_heading_source(document, block)) if score >= 100 else None
        yield Finding(
            block.start,
            block.end,
            {"heading": excerpt(text, 60), "relation": "repeats" if score >= 100 else f"is {int(score)}% similar to",
             "target": target, "first": f"line {position.line}", "first_line": position.line,
             "first_column": position.column},
            related=(document.blocks[first].start,),
            fix=Fix(deletion[0], deletion[1], "") if deletion else None,
            data={"similarity": round(score, 1), "target": target},
        )


def _heading_source(document: Document, block: Block) -> tuple[int, int]:
    """The heading's source lines: from the line start (with its ``#`` markers) to the end of the line, or of
    a setext underline."""
    text = document.text
    line_start = text.rfind("\n", 0, block.start) + 1
    line_end = text.find("\n", block.end)
    line_end = len(text) if line_end == -1 else line_end
    if document.format != "markdown" or "#" in text[line_start : block.start] or line_end == len(text):
        return line_start, line_end
    underline_end = text.find("\n", line_end + 1)
    return line_start, len(text) if underline_end == -1 else underline_end


KIND = CheckKind(
    name="heading-repetition",
    summary="Headings that repeat a sibling heading or the document title.",
    params=HeadingRepetitionParams,
    run=run,
    message_fields=frozenset({"heading", "relation", "target", "first", "first_line", "first_column"}),
    collect=title_unit,
)
