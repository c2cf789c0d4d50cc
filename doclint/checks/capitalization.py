"""Check kind ``capitalization``: headings (or table cells) in the house case style.

The heading's prose (markup and code spans blanked) is split into words, each with its offset; numbers
("5.2") are not words. Words that are written deliberately are left alone: words covered by an ``exceptions``
phrase (case-sensitive, e.g. "GitHub Actions"), words with a digit, a dot or an underscore ("v2", "Node.js"),
words with a capital after their first letter ("API", "iOS", "JavaScript"), compounds capitalised throughout
("Get-Member", "Wi-Fi"), words glued to a code sigil ("-Force", "$Home"), a single capital letter ("Plan B"),
and the pronoun "I". Every other word must follow ``match``:

- ``sentence``: the first word starts with a capital (unless the heading opens with a code span); after a
  colon, dash or sentence end either case is fine; all other words are lower case.
- ``title``: every word starts with a capital except the short articles, conjunctions and prepositions of
  the ``titlecase`` convention (a, an, and, as, at, but, by, en, for, if, in, nor, of, on, or, per, the, to,
  v, via, vs), which are lower case unless first, last or after a colon.
- ``lower`` / ``upper``: no capitals / no small letters.
- ``pattern``: the whole heading (whitespace runs as single spaces) must match the regular expression.

Only the first letter of a word is judged (apart from ``lower`` and ``upper``). A hyphenated compound is one
word: in sentence case its later parts are lower case ("Comment-based"), in title case either way is fine
("Step-by-Step", "Step-by-step"). The message offers the heading rewritten in the expected case as
``suggestion``; it is not an automatic fix, because a capitalised word the rule does not know may be a proper
noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from doclint.checks import CheckKind, Finding
from doclint.document import BlockKind, Document
from doclint.safe_regex import SafePattern, compile_user_pattern
from doclint.schema import param
from doclint.scopes import adjacent_when_rendered
from doclint.textnorm import excerpt
from doclint.wordlists import exception_regex, validate_literals, validate_patterns

Style = Literal["sentence", "title", "lower", "upper", "pattern"]
_STYLE_NAMES = {"sentence": "sentence case", "title": "title case", "lower": "lower case", "upper": "upper case"}
_WORD = re.compile(r"\w+(?:['’ʼ.\-‐‑]\w+)*")
_HYPHEN = re.compile(r"[-‐‑]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CODE_PREFIXES = "-$@#/\\~"
_CONTENT_MARKUP = re.compile(r"[`<]|!\[")  # code spans, inline HTML, images
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
            raise ValueError(f"pattern: only used with match: pattern (match is {self.match!r})")
        validate_literals("exceptions", self.exceptions)
        if not self.levels or any(not 1 <= level <= 6 for level in self.levels):
            raise ValueError("levels: give heading levels from 1 to 6")


@dataclass(frozen=True)
class PreparedCapitalization:
    params: CapitalizationParams
    pattern: SafePattern | re.Pattern[str] | None  # a user pattern: time-bounded unless shipped with doclint
    exceptions: re.Pattern[str] | None
    style: str


def prepare(params: CapitalizationParams) -> PreparedCapitalization:
    pattern = compile_user_pattern(params.pattern) if params.match == "pattern" else None
    style = _STYLE_NAMES.get(params.match, f"the pattern {params.pattern}")
    return PreparedCapitalization(params, pattern, exception_regex(params.exceptions, ignorecase=False), style)


def _as_written(word: str, glued: bool) -> bool:
    parts = _HYPHEN.split(word)
    return (
        glued  # "-Force", "$Home": code, not prose
        or any(character.isupper() for part in parts for character in part[1:])
        or (len(parts) > 1 and all(part[:1].isupper() for part in parts))  # "Get-Member", "Wi-Fi": a name
        or any(character.isdigit() or character in "._" for character in word)
        or (len(word) == 1 and word.isupper())
        or _PRONOUN_I.match(word) is not None
    )


def _with_initial(part: str, upper: bool | None) -> str:
    """``part`` with its first letter in upper or lower case (``None``: either is fine)."""
    if upper is None or not part[:1].isalpha() or part[0].isupper() == upper:
        return part
    return (part[0].upper() if upper else part[0].lower()) + part[1:]


def _expected(word: str, style: str, first: bool, last: bool, after_break: bool) -> str:
    """``word`` as ``style`` wants it at this position (the same word when it is fine). In a hyphenated
    compound the first part follows the word's rule; in sentence case the other parts are lower case, in
    title case either case is fine ("Step-by-Step", "Step-by-step")."""
    if style == "lower":
        return word.lower()
    if style == "upper":
        return word.upper()
    initial: bool | None
    if style == "sentence":
        initial = True if first else (None if after_break else False)  # after a colon either case reads well
        rest: bool | None = False
    else:
        initial = first or last or after_break or word.lower() not in _SMALL_WORDS
        rest = None
    parts = _HYPHEN.split(word)
    separators = _HYPHEN.findall(word)
    rewritten = _with_initial(parts[0], initial)
    for separator, part in zip(separators, parts[1:]):
        rewritten += separator + _with_initial(part, rest)
    return rewritten


def _units(document: Document, params: CapitalizationParams) -> Iterator[tuple[int, int]]:
    kind = BlockKind(params.scope)
    for block in document.blocks:
        if block.kind is kind and (kind is not BlockKind.HEADING or block.level in params.levels):
            yield block.start, block.end


def _opens_with_content(document: Document, start: int) -> bool:
    """Whether the unit starting at ``start`` opens with content the prose blanks out, such as a code span
    ("`Get-Item` examples"): then its first prose word is not its first word. Units start at their first prose
    character, so this looks at the source before it on the same line (in the same table cell)."""
    line_start = document.text.rfind("\n", 0, start) + 1
    lead = document.text[line_start:start].rsplit("|", 1)[-1]
    return _CONTENT_MARKUP.search(lead) is not None


def _corrections(document: Document, start: int, end: int,
                 prepared: PreparedCapitalization) -> list[tuple[int, int, str]]:
    """``(start, end, expected word)`` for every word of the unit ``prose[start:end]`` in the wrong case."""
    prose = document.prose
    style = prepared.params.match
    excused: list[tuple[int, int]] = []
    if prepared.exceptions is not None:
        excused = [m.span() for m in prepared.exceptions.finditer(prose, start, end)]
    # Section numbers ("5.2", "2") are not words: "5.2 Path names" starts with "Path".
    words = [match for match in _WORD.finditer(prose, start, end) if _HAS_LETTER.search(match.group())]
    corrections = []
    previous_end = start
    for index, match in enumerate(words):
        word = match.group()
        first = index == 0 and not _opens_with_content(document, start) and adjacent_when_rendered(
            document, start, match.start())
        after_break = index > 0 and _BREAK.search(prose, previous_end, match.start()) is not None
        previous_end = match.end()
        if any(s <= match.start() and match.end() <= e for s, e in excused):
            continue
        glued = match.start() > start and prose[match.start() - 1] in _CODE_PREFIXES
        if style != "upper" and _as_written(word, glued):
            continue
        expected = _expected(word, style, first, index == len(words) - 1, after_break)
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
        corrections = _corrections(document, start, end, prepared)
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
