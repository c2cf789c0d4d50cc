"""Check kind ``capitalization``: headings (or table cells) in the house case style.

The heading's prose (markup and code spans blanked) is split into words, each with its offset. Words that are
written deliberately are left alone: words covered by an ``exceptions`` phrase (case-sensitive, e.g.
"GitHub Actions"), words with a digit, a dot or an underscore ("v2", "Node.js"), words with a capital after their
first letter ("API", "iOS", "JavaScript"), a single capital letter ("Plan B"), and the pronoun "I". Every other
word must follow ``match``:

- ``sentence``: the first word, and the first after a colon, dash or sentence end, starts with a capital
  (after a colon either case is fine); all others are lower case.
- ``title``: every word starts with a capital except the short articles, conjunctions and prepositions of
  the ``titlecase`` convention (a, an, and, as, at, but, by, en, for, if, in, nor, of, on, or, per, the, to,
  v, via, vs), which are lower case unless first, last or after a colon.
- ``lower`` / ``upper``: no capitals / no small letters.
- ``pattern``: the whole heading (whitespace runs as single spaces) must match the regular expression.

Only the first letter of a word is judged (apart from ``lower`` and ``upper``), so "Step-by-step" is one
word. The message offers the heading rewritten in the expected case as ``suggestion``; it is not an automatic
fix, because a capitalised word the rule does not know may be a proper noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from doclint.checks import CheckKind, Finding
from doclint.checks._scoping import exception_regex, validate_literals, validate_patterns
from doclint.document import BlockKind, Document
from doclint.schema import param
from doclint.textnorm import excerpt

Style = Literal["sentence", "title", "lower", "upper", "pattern"]
_STYLE_NAMES = {"sentence": "sentence case", "title": "title case", "lower": "lower case", "upper": "upper case"}
_WORD = re.compile(r"\w+(?:['’ʼ.\-‐‑]\w+)*")
_BREAK = re.compile(r"[:?!.;—–]|\s-\s")  # what may precede a new "first" word (a subtitle, a second sentence)
_SMALL_WORDS = frozenset("a an and as at but by en for if in nor of on or per the to v via vs".split())
_PRONOUN_I = re.compile(r"I(?:['’ʼ](?:m|d|ll|ve))?$")


@dataclass(frozen=True)
class CapitalizationParams:
    match: Style = param("sentence", "The case style: sentence, title, lower, upper, or pattern (the heading "
                                     "must match `pattern`).")
    pattern: str = param("", "The regular expression a whole heading must match when match is pattern.",
                         regex=True)
    exceptions: tuple[str, ...] = param([], "Words and phrases always allowed as written (case-sensitive): "
                                            "product names, proper nouns.")
    scope: Literal["heading", "table_cell"] = param("heading", "What is checked: headings or table cells.")
    levels: tuple[int, ...] = param([1, 2, 3, 4, 5, 6], "Heading levels checked (1 = top level; in plain text the "
                                                        "title is 1 and other headings 2).")

    def __post_init__(self) -> None:
        if self.match == "pattern":
            if not self.pattern:
                raise ValueError("match: pattern needs a `pattern` (a regular expression)")
            validate_patterns("pattern", [self.pattern])
        elif self.pattern:
            raise ValueError(f"pattern is only used with match: pattern (match is {self.match!r})")
        validate_literals("exceptions", self.exceptions)
        if not self.levels or any(not 1 <= level <= 6 for level in self.levels):
            raise ValueError("levels: give heading levels from 1 to 6")


@dataclass(frozen=True)
class PreparedCapitalization:
    params: CapitalizationParams
    pattern: re.Pattern[str] | None
    exceptions: re.Pattern[str] | None
    style: str


def prepare(params: CapitalizationParams) -> PreparedCapitalization:
    pattern = re.compile(params.pattern) if params.match == "pattern" else None
    style = _STYLE_NAMES.get(params.match, f"the pattern {params.pattern}")
    return PreparedCapitalization(params, pattern, exception_regex(params.exceptions, ignorecase=False), style)


def _as_written(word: str) -> bool:
    return (
        any(character.isupper() for character in word[1:])
        or any(character.isdigit() or character in "._" for character in word)
        or (len(word) == 1 and word.isupper())
        or _PRONOUN_I.match(word) is not None
    )


def _expected(word: str, style: str, first: bool, last: bool, after_break: bool) -> str:
    """``word`` as ``style`` wants it at this position (the same word when it is fine)."""
    if style == "lower":
        return word.lower()
    if style == "upper":
        return word.upper()
    initial = word[0]
    if style == "sentence":
        if first:
            wanted_upper = True
        elif after_break:
            return word  # after a colon either case reads well
        else:
            wanted_upper = False
    else:
        wanted_upper = first or last or after_break or word.lower() not in _SMALL_WORDS
    if not initial.isalpha() or initial.isupper() == wanted_upper:
        return word
    return (initial.upper() if wanted_upper else initial.lower()) + word[1:]


def _units(document: Document, params: CapitalizationParams) -> Iterator[tuple[int, int]]:
    kind = BlockKind(params.scope)
    for block in document.blocks:
        if block.kind is kind and (kind is not BlockKind.HEADING or block.level in params.levels):
            yield block.start, block.end


def _corrections(prose: str, start: int, end: int, prepared: PreparedCapitalization) -> list[tuple[int, int, str]]:
    """``(start, end, expected word)`` for every word of ``prose[start:end]`` in the wrong case."""
    style = prepared.params.match
    excused: list[tuple[int, int]] = []
    if prepared.exceptions is not None:
        excused = [m.span() for m in prepared.exceptions.finditer(prose, start, end)]
    words = list(_WORD.finditer(prose, start, end))
    corrections = []
    previous_end = start
    for index, match in enumerate(words):
        word = match.group()
        after_break = index > 0 and _BREAK.search(prose, previous_end, match.start()) is not None
        previous_end = match.end()
        if any(s <= match.start() and match.end() <= e for s, e in excused):
            continue
        if style != "upper" and _as_written(word):
            continue
        expected = _expected(word, style, index == 0, index == len(words) - 1, after_break)
        if expected != word:
            corrections.append((match.start(), match.end(), expected))
    return corrections


def run(document: Document, prepared: PreparedCapitalization) -> Iterator[Finding]:
    prose, text = document.prose, document.text
    for start, end in _units(document, prepared.params):
        heading = excerpt(text[start:end], 80)
        if prepared.pattern is not None:
            if not prepared.pattern.fullmatch(" ".join(prose[start:end].split())):
                yield Finding(start, end, {"heading": heading, "style": prepared.style, "suggestion": heading})
            continue
        corrections = _corrections(prose, start, end, prepared)
        if not corrections:
            continue
        # Words sit at the same offsets in the source, so the suggestion keeps the heading's markup.
        rewritten = text[start:end]
        for word_start, word_end, expected in reversed(corrections):  # "ß".upper() is longer: right to left
            rewritten = rewritten[: word_start - start] + expected + rewritten[word_end - start :]
        suggestion = excerpt(rewritten, 80)
        yield Finding(start, end, {"heading": heading, "style": prepared.style, "suggestion": suggestion})


KIND = CheckKind(
    name="capitalization",
    summary="Headings (or table cells) in the house case style: sentence, title, lower, upper or a pattern.",
    params=CapitalizationParams,
    run=run,
    message_fields=frozenset({"heading", "style", "suggestion"}),
    prepare=prepare,
)
