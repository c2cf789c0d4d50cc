"""Check kind ``heading-repetition``: a heading that repeats a sibling heading or the document's title.

Siblings are headings of the same level under the same parent, so "### Example" under two different sections
is fine by default. The title is the first heading when no other heading has a higher rank (in plain text, a
title-like first line). Comparison is exact after normalisation, or fuzzy when ``similarity`` is below 100.

The title gets more: a headline printed twice rarely comes back verbatim. It is matched

- against every later heading and, in plain text, every later one-line paragraph of about as many words, so a
  repeat with a closing full stop, "?" or "!" is found too (in Markdown such a line is a link to the page or a
  caption: "[Remove-Event](Remove-Event.md)" under "# Remove-Event");
- fuzzily by default (``title-similarity``): case and punctuation never count, and a title of four words or more
  repeated with one word changed is a repeat, unless the words that differ are anchors (numbers, code,
  identifiers) or capitalised names ("Install PowerShell on Windows" / "... on Linux" are different titles);
- in plain text, at the start of the first paragraph: a headline glued to the text below it (a lost line
  break; in Markdown an opening sentence may well start with the title's words).

With ``--cross-file``, document titles are also compared across documents (at ``similarity``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from doclint.checks import CheckKind, CorpusUnit, Finding
from doclint.document import Block, BlockKind, Document
from doclint.schema import param
from doclint.textnorm import anchors, comparison_key, excerpt
from doclint.violations import Fix

MAX_TITLE_CHARACTERS = 100
MIN_FUZZY_TITLE_WORDS = 4
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class HeadingRepetitionParams:
    scope: Literal["siblings", "document"] = param("siblings", "Compare a heading with its siblings (same parent "
                                                               "and level) or with every earlier heading.")
    include_title: bool = param(True, "Also report any heading that repeats the document's title.")
    similarity: float = param(100.0, "100 reports headings that are equal after normalisation; lower values "
                                     "(e.g. 90) also report near repeats (rapidfuzz ratio).")
    title_similarity: float = param(85.0, "How similar (0-100) a later heading or one-line paragraph must be to "
                                          "the title to repeat it; a title of four words or more with one word "
                                          "changed also repeats it. 100: equal after normalisation only.")

    def __post_init__(self) -> None:
        for name in ("similarity", "title_similarity"):
            if not 0 < getattr(self, name) <= 100:
                raise ValueError(f"{name.replace('_', '-')} must be greater than 0 and at most 100")


def _title(document: Document) -> int | None:
    if not document.headings:
        return None
    first = document.headings[0]
    top_level = min(document.blocks[i].level for i in document.headings)
    return first if document.blocks[first].level == top_level else None


def heading_text(document: Document, block: Block) -> str:
    """A heading's text as the reader sees it, inline code at its edges included ("Using `foo`")."""
    start, end = block.content_span
    return document.text[start:end]


def title_unit(document: Document, params: HeadingRepetitionParams) -> list[CorpusUnit]:
    """Across documents only titles are compared: two articles under one headline. ("## Example" in many
    documents is normal.)"""
    title = _title(document)
    if title is None:
        return []
    block = document.blocks[title]
    key = document.comparison_units.key(title)
    return [CorpusUnit(block.start, block.end, key, excerpt(heading_text(document, block), 60))] if key else []


def _is_name_or_anchor(word: str, position: int) -> bool:
    return bool(anchors(word)) or (position > 0 and word[:1].isupper() and not word.isupper())


def _differ_only_in_plain_words(title: str, other: str) -> bool:
    """False when a word found in only one of the two is an anchor or a capitalised name: "Install PowerShell
    on Windows" and "... on Linux" are different titles, however similar."""
    mine, theirs = title.split(), other.split()
    mine_folded, theirs_folded = Counter(w.casefold() for w in mine), Counter(w.casefold() for w in theirs)
    for words, others in ((mine, theirs_folded), (theirs, mine_folded)):
        for position, word in enumerate(words):
            if others[word.casefold()] == 0 and _is_name_or_anchor(word, position):
                return False
    return True


def _one_word_changed(title: str, other: str) -> bool:
    """Same number of words (four or more), exactly one differs."""
    mine, theirs = title.split(), other.split()
    if len(mine) != len(theirs) or len(mine) < MIN_FUZZY_TITLE_WORDS:
        return False
    return sum(1 for a, b in zip(mine, theirs) if a.casefold() != b.casefold()) == 1


def _title_match(title_text: str, title_key: str, text: str, key: str, similarity: float) -> float | None:
    from rapidfuzz import fuzz

    if key == title_key:
        return 100.0
    if similarity >= 100 or len(title_key.split()) < MIN_FUZZY_TITLE_WORDS:
        return None
    title_words, words = " ".join(_WORD.findall(title_text)), " ".join(_WORD.findall(text))
    if _one_word_changed(title_words, words):
        score: float | None = fuzz.ratio(key, title_key)
    else:
        score = fuzz.ratio(key, title_key, score_cutoff=similarity) or None
        if score is None:
            return None  # not similar enough: the words that differ need not be read
    return score if _differ_only_in_plain_words(title_words, words) else None


def _is_one_line_paragraph(document: Document, block: Block, title_words: int) -> bool:
    """A paragraph that could be the title repeated: one line, about as many words (one word changed, or as
    many as case and punctuation leave)."""
    if (document.format == "markdown" or block.kind is not BlockKind.PARAGRAPH
            or block.end - block.start > 2 * MAX_TITLE_CHARACTERS):
        return False  # Markdown marks its headings; a line there naming the title is a link to it, or a caption
    source = document.text[block.start : block.end]
    return "\n" not in source and abs(len(source.split()) - title_words) <= 2


def run(document: Document, params: HeadingRepetitionParams) -> Iterator[Finding]:
    from rapidfuzz import fuzz, process

    title = _title(document) if params.include_title else None
    title_block = document.blocks[title] if title is not None else None
    title_text = heading_text(document, title_block) if title_block is not None else ""
    shared = document.comparison_units
    title_key = shared.key(title) if title is not None else None
    if title is not None and title_key and document.format != "markdown":  # Markdown marks its headings
        yield from _glued_title(document, title, title_text, title_key)
    title_words = len(title_text.split())
    # Only headings are compared in Markdown (``_is_one_line_paragraph``): its other blocks are not even visited.
    paragraphs_too = bool(title_key) and document.format != "markdown"
    groups: dict[object, dict[str, int]] = {}  # group -> normalised heading -> first block index
    blocks = document.blocks
    for index in range(len(blocks)) if paragraphs_too else document.headings:
        block = blocks[index]
        heading = block.kind is BlockKind.HEADING
        if not heading and not (paragraphs_too and index > (title or 0)
                                and _is_one_line_paragraph(document, block, title_words)):
            continue
        key = shared.key(index)
        if not key:
            continue
        text = heading_text(document, block)
        match: tuple[int, float, str] | None = None
        if title_key and title is not None and index != title:
            score = _title_match(title_text, title_key, text, key, params.title_similarity)
            if score is not None:
                match = (title, score, "title")
        if heading:
            group = groups.setdefault((block.parent, block.level) if params.scope == "siblings" else None, {})
            if match is None:
                if key in group:
                    match = (group[key], 100.0, "heading")
                elif params.similarity < 100 and group:
                    best = process.extractOne(key, group.keys(), scorer=fuzz.ratio, score_cutoff=params.similarity)
                    if best is not None:
                        match = (group[best[0]], best[1], "heading")
            group.setdefault(key, index)
        if match is not None:
            yield _finding(document, block, text, *match)


def _finding(document: Document, block: Block, text: str, first: int, score: float, target: str) -> Finding:
    position = document.position(document.blocks[first].start)
    exact = score >= 100 and block.kind is BlockKind.HEADING
    # An exact repeat of a heading is safe to delete (its whole line, or both lines of a setext heading).
    deletion = document.whole_lines_span(*_heading_source(document, block)) if exact else None
    return Finding(
        block.start,
        block.end,
        {"heading": excerpt(text, 60), "relation": "repeats" if score >= 100 else f"is {int(score)}% similar to",
         "target": target, "first": f"line {position.line}", "first_line": position.line,
         "first_column": position.column},
        related=(document.blocks[first].start,),
        fix=Fix(deletion[0], deletion[1], "") if deletion else None,
        data={"similarity": round(score, 1), "target": target},
    )


def _glued_title(document: Document, title: int, title_text: str, title_key: str) -> Iterator[Finding]:
    """The title glued to the start of the first paragraph: "Harbour plan wins backing The council voted..."."""
    following = next((i for i in range(title + 1, len(document.blocks))
                      if document.blocks[i].kind is not BlockKind.HEADING), None)
    if following is None or following != title + 1 or len(title_key.split()) < 3:
        return
    block = document.blocks[following]
    start = block.content_span[0]
    words = list(_WORD.finditer(document.text, start, block.end))
    count = len(title_key.split())
    if len(words) <= count or comparison_key(" ".join(w.group() for w in words[:count])) != title_key:
        return
    end = words[count - 1].end()
    glued = document.text[start:end]
    position = document.position(document.blocks[title].start)
    # Exactly the title's text followed by whitespace: deleting it leaves the paragraph as it was written.
    rest = words[count].start()
    exact = glued == title_text.rstrip("?!.") and not document.text[end:rest].strip()
    return_fix = Fix(start, rest, "") if exact and document.text[start:rest] == document.prose[start:rest] else None
    yield Finding(
        start,
        end,
        {"heading": excerpt(glued, 60), "relation": "is glued to this paragraph and repeats", "target": "title",
         "first": f"line {position.line}", "first_line": position.line, "first_column": position.column},
        related=(document.blocks[title].start,),
        fix=return_fix,
        data={"similarity": 100.0, "target": "title", "glued": True},
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
