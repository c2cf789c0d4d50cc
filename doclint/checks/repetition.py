"""Check kind ``repetition``: the same word twice in a row ("the the"), a slip that spell checkers miss.

One regex per rule finds a word followed by whitespace and the same word again (a backreference, case-blind
with ``ignorecase``). Whitespace includes line breaks and the blanks that masked markup leaves in the prose,
so "the\\nthe" and "the **the**" are found too; punctuation in between ("that, that") is not a repetition.
Words are letters with inner apostrophes; numbers ("10 10") are never reported. The search restarts at the
second word, so "the the the" gives two findings.

A finding covers both words. Its fix deletes the second one together with the whitespace before it (from the
end of the first word to the end of the second), unless markup lies in between, where deleting would break it.
Doubled words that are grammatical ("had had", "that that") go in ``exceptions``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding, Fix
from doclint.checks._scoping import ScopeName, normalise_literal, plain_span, search_spans, validate_scope
from doclint.document import Document
from doclint.schema import param

_WORD = r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*"
_REPEATED = rf"(?<![\w'’ʼ-])(?P<word>{_WORD})(?P<gap>\s+)(?P=word)(?!['’ʼ-]?\w)"


@dataclass(frozen=True)
class RepetitionParams:
    ignorecase: bool = param(True, "Also report repeats that differ in case (\"The the\").")
    exceptions: tuple[str, ...] = param([], "Words whose doubling is grammatical, written as the word ('had') or "
                                            "the pair ('had had').")
    scope: ScopeName | tuple[ScopeName, ...] = param(
        "document", "Where to look: one of heading, paragraph (also list items and blockquotes), sentence, "
                    "list_item, blockquote, table_cell, document (all prose), or a list of them.")

    def __post_init__(self) -> None:
        validate_scope(self.scope)
        for exception in self.exceptions:
            words = exception.split()
            if not words or len(words) > 2 or (len(words) == 2 and words[0].lower() != words[1].lower()):
                raise ValueError(f"exceptions: {exception!r} must be one word, or the same word twice")


@dataclass(frozen=True)
class PreparedRepetition:
    params: RepetitionParams
    regex: re.Pattern[str]
    exceptions: frozenset[str]


def prepare(params: RepetitionParams) -> PreparedRepetition:
    regex = re.compile(_REPEATED, re.IGNORECASE if params.ignorecase else 0)
    exceptions = frozenset(normalise_literal(e.split()[0], params.ignorecase) for e in params.exceptions)
    return PreparedRepetition(params, regex, exceptions)


def run(document: Document, prepared: PreparedRepetition) -> Iterator[Finding]:
    prose = document.prose
    search = prepared.regex.search
    ignorecase = prepared.params.ignorecase
    for start, end in search_spans(document, prepared.params.scope):
        match = search(prose, start, end)
        while match is not None:
            word = match.group("word")
            first_end, second_end = match.end("word"), match.end()
            if normalise_literal(word, ignorecase) not in prepared.exceptions:
                fix = Fix(first_end, second_end, "") if plain_span(document, first_end, second_end) else None
                yield Finding(match.start(), second_end, {"word": word}, fix=fix)
            match = search(prose, match.end("gap"), end)  # the second word may start the next repeat


KIND = CheckKind(
    name="repetition",
    summary="The same word twice in a row (\"the the\"), also across line breaks and markup.",
    params=RepetitionParams,
    run=run,
    message_fields=frozenset({"word"}),
    prepare=prepare,
)
