"""Check kind ``occurrence``: too many (or too few) of something in one unit, e.g. words per sentence.

For every span of ``scope`` (each sentence, each paragraph, ..., or the whole document) the check counts
``token`` and reports the span when the count is above ``max`` or below ``min``:

- ``words``: runs of letters and digits, with inner apostrophes, hyphens and number separators
  ("don't", "well-known" and "3.5" are one word each), counted with one regex over the span's prose;
- ``sentences``: the document's sentences that start inside the span (a bisection over their offsets, so
  counting costs nothing per paragraph);
- ``characters``: the span's prose with each run of whitespace (line breaks, masked markup) counted as one
  space, i.e. the visible length;
- ``pattern``: matches of the regular expression ``pattern``.

The finding covers the whole span, so it starts on the line where the long sentence or paragraph begins.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from doclint.checks import CheckKind, Finding
from doclint.document import Document
from doclint.safe_regex import SafePattern, compile_user_pattern
from doclint.schema import param
from doclint.scopes import ScopeName, humanise_scope, validate_scope
from doclint.wordlists import validate_patterns

Token = Literal["words", "sentences", "characters", "pattern"]
_WORDS = re.compile(r"\w+(?:[-‐‑'’ʼ.,]\w+)*")
_SINGULAR = {"words": "word", "sentences": "sentence", "characters": "character", "pattern": "match"}
_PLURAL = {"words": "words", "sentences": "sentences", "characters": "characters", "pattern": "matches"}


@dataclass(frozen=True)
class OccurrenceParams:
    scope: ScopeName = param("sentence", "The unit counted in: heading, paragraph (also list items and "
                                         "blockquotes), sentence, list_item, blockquote, table_cell or document.")
    token: Token = param("words", "What is counted: words, sentences, characters (visible length, whitespace runs "
                                  "count as one), or pattern (matches of `pattern`).")
    pattern: str = param("", "The regular expression counted when token is pattern.", regex=True)
    max: int | None = param(None, "Report a unit with more than this many tokens.")
    min: int | None = param(None, "Report a unit with fewer than this many tokens.")

    def __post_init__(self) -> None:
        validate_scope(self.scope)
        if self.max is None and self.min is None:
            raise ValueError("give max, min or both")
        for key, value in (("max", self.max), ("min", self.min)):
            if value is not None and value < 0:
                raise ValueError(f"{key}: must not be negative")
        if self.max is not None and self.min is not None and self.min > self.max:
            raise ValueError(f"min: {self.min} is greater than max ({self.max})")
        if self.token == "pattern":
            if not self.pattern:
                raise ValueError("token: pattern needs a `pattern` (a regular expression)")
            validate_patterns("pattern", [self.pattern])
        elif self.pattern:
            raise ValueError(f"pattern: only used with token: pattern (token is {self.token!r})")
        if self.token == "sentences" and self.scope in ("sentence", "heading"):
            raise ValueError(f"token: counting sentences per {self.scope} makes no sense; use a paragraph-like "
                             "scope")


@dataclass(frozen=True)
class PreparedOccurrence:
    params: OccurrenceParams
    pattern: SafePattern | re.Pattern[str] | None  # a user pattern: time-bounded unless shipped with doclint


def prepare(params: OccurrenceParams) -> PreparedOccurrence:
    return PreparedOccurrence(params, compile_user_pattern(params.pattern) if params.token == "pattern" else None)


def _counter(document: Document, prepared: PreparedOccurrence) -> Callable[[int, int], int]:
    prose = document.prose
    token = prepared.params.token
    if token == "sentences":
        starts = [sentence.start for sentence in document.sentences]
        return lambda start, end: bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start)
    if token == "characters":
        return lambda start, end: len(" ".join(prose[start:end].split()))
    regex = _WORDS if token == "words" else prepared.pattern
    assert regex is not None
    findall = regex.findall
    return lambda start, end: len(findall(prose, start, end))


def _spans(document: Document, scope: str) -> list[tuple[int, int]]:
    if scope == "document":  # from the first prose to the last, not from offset 0 (front matter, blank lines)
        return [(document.blocks[0].start, document.blocks[-1].end)] if document.blocks else []
    return document.scope_spans(scope)


def run(document: Document, prepared: PreparedOccurrence) -> Iterator[Finding]:
    params = prepared.params
    count = _counter(document, prepared)
    scope = humanise_scope(params.scope)
    for start, end in _spans(document, params.scope):
        number = count(start, end)
        if params.max is not None and number > params.max:
            limit, relation = params.max, "more than"
        elif params.min is not None and number < params.min:
            limit, relation = params.min, "fewer than"
        else:
            continue
        token = (_SINGULAR if number == 1 else _PLURAL)[params.token]
        yield Finding(start, end, {"count": number, "limit": limit, "scope": scope, "token": token,
                                   "relation": relation})


KIND = CheckKind(
    name="occurrence",
    summary="Too many or too few words, sentences, characters or pattern matches per sentence, paragraph, ...",
    params=OccurrenceParams,
    run=run,
    message_fields=frozenset({"count", "limit", "scope", "token", "relation"}),
    prepare=prepare,
)
