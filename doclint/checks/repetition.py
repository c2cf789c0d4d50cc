"""Check kind ``repetition``: the same word twice in a row ("the the"), a slip that spell checkers miss.

One regex per rule finds a word followed by whitespace and the same word again (a backreference, case-blind
with ``ignorecase``). Whitespace includes line breaks and the blanks that masked markup leaves in the prose,
so "the\\nthe" and "the **the**" are found too, but never across content that the prose blanks out ("to
`Stop-Process` to"). A repeat in different case is a slip only at a sentence start ("The the"): elsewhere the
capital marks a name ("the Property property", "the **Name** name"). Punctuation in between ("that, that")
makes no repetition. Words are letters with inner apostrophes, not glued to a name or path
("New.Directory directory"); numbers ("10 10") are never reported. The search restarts at the second word, so
"the the the" gives two findings.

A finding covers both words. Its fix deletes the second one together with the whitespace before it (from the
end of the first word to the end of the second), unless markup lies in between, where deleting would break it.
Doubled words that are grammatical ("had had", "that that") go in ``exceptions``. With ``skip-names``, an exact
repeat of a capitalised word is a name ("Duran Duran", "Bora Bora", "Spend Spend Spend"), not a slip: typing a
capital twice by mistake is rare, and doubled names are common in news. At the start of a sentence, where every
word is capitalised, the pair is a name only when the document never writes the word in lower case ("The The"
is still a slip).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from doclint.checks import CheckKind, Finding
from doclint.document import Document
from doclint.schema import param
from doclint.scopes import (
    ScopeName,
    adjacent_when_rendered,
    plain_span,
    scope_param,
    search_spans,
    validate_scope,
)
from doclint.violations import Fix
from doclint.wordlists import normalise_literal

_WORD = r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*"
# A word glued to a name or path by one of these ("New.Directory directory") is not a word of its own.
_GLUE = r"'’ʼ./\\@-"
# The lookahead (the next word starts with the same character) only makes the search fail fast at the many
# words that are not repeated; it never changes what matches.
_REPEATED = rf"(?<![\w{_GLUE}])(?=(\w)[\w'’ʼ]*\s+\1)(?P<word>{_WORD})(?P<gap>\s+)(?P=word)(?![{_GLUE}]?\w)"
_OPENING = "\"'“‘«(["
_SENTENCE_END = ".!?:"

# A first pass at C speed for texts in Latin-1 (nearly all English prose): each byte that can be part of a word
# of _WORD (what ``[^\W\d_]`` matches, and the apostrophe) is kept, every other byte becomes a space, and so does
# an apostrophe not followed by a letter, so that the text splits into the words _REPEATED compares. A span where
# no word equals the next cannot hold a repeat (see _may_repeat).
_WORD_BYTES = bytes(byte if byte == ord("'") or (chr(byte).isalnum() and not chr(byte).isdecimal()) else ord(" ")
                    for byte in range(256))
_APOSTROPHE_NOT_BEFORE_A_LETTER = re.compile(rb"'(?=[ ']|$)")


@dataclass(frozen=True)
class RepetitionParams:
    ignorecase: bool = param(True, "Also report a repeat that differs in case at the start of a sentence (\"The "
                                   "the\"); elsewhere a capitalised first word names something (\"the Name name\").")
    exceptions: tuple[str, ...] = param([], "Words whose doubling is grammatical, written as the word ('had') or "
                                            "the pair ('had had').")
    scope: ScopeName | tuple[ScopeName, ...] = scope_param("document")
    skip_names: bool = param(False, "Never report an exact repeat of a capitalised word (\"Duran Duran\", \"Bora "
                                    "Bora\"): it is a name, not a slip. At a sentence start only when the document "
                                    "never writes the word in lower case (\"The The\" is reported).")

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


def _words_as_bytes(prose: str, ignorecase: bool) -> bytes | None:
    """The prose (lower-cased with ``ignorecase``), one byte per character, with every byte that is not part of
    a word blanked; None when the text is not Latin-1 (then every span is searched)."""
    try:
        encoded = (prose.lower() if ignorecase else prose).encode("latin-1")
    except UnicodeEncodeError:
        return None
    return _APOSTROPHE_NOT_BEFORE_A_LETTER.sub(b" ", encoded.translate(_WORD_BYTES))


def _may_repeat(words: bytes) -> bool:
    """Whether a span (its ``_words_as_bytes``) can hold a repeat: two neighbouring words alike. In Latin-1,
    ``re`` compares letters case-blind as ``str.lower`` does, and the words of a repeat are whole words of the
    blanked span: before the first stands a character that is neither a word character nor glue, after the
    second none, or an apostrophe that no word character follows (blanked, or at the span's end)."""
    split = words.rstrip(b"'").split()
    return any(map(operator.eq, split, islice(split, 1, None)))


def _words_end_with_spans(words: bytes, spans: list[tuple[int, int]]) -> bool:
    """Whether every span ends where a word of the whole text ends (a blank follows it), so that the words of
    the whole text hold those of each span, and one look at the whole text answers for all of them."""
    blank = ord(" ")
    size = len(words)
    return all(end >= size or words[end] == blank for _, end in spans)


def run(document: Document, prepared: PreparedRepetition) -> Iterator[Finding]:
    prose = document.prose
    search = prepared.regex.search
    ignorecase = prepared.params.ignorecase
    words = _words_as_bytes(prose, ignorecase)
    spans = search_spans(document, prepared.params.scope)
    if words is not None and _words_end_with_spans(words, spans) and not _may_repeat(words):
        return  # no two neighbouring words alike in the whole text, so in none of its spans
    for start, end in spans:
        if words is not None and not _may_repeat(words[start:end]):
            continue
        match = search(prose, start, end)
        while match is not None:
            word = match.group("word")
            if normalise_literal(word, ignorecase) not in prepared.exceptions and _is_slip(document, match, start) \
                    and not (prepared.params.skip_names and _is_name(document, match, start)):
                first_end, second_end = match.end("word"), match.end()
                fix = Fix(first_end, second_end, "") if plain_span(document, first_end, second_end) else None
                yield Finding(match.start(), second_end, {"word": word}, fix=fix)
            match = search(prose, match.end("gap"), end)  # the second word may start the next repeat


def _is_slip(document: Document, match: re.Match[str], span_start: int) -> bool:
    """An exact repeat is a slip when nothing visible separates the words. A repeat differing in case is one
    only at the start of a sentence with plain text between ("The the"); elsewhere the capital marks a name
    ("the Property property"), and so does emphasis ("the **Name** name")."""
    if match.group("word") == document.prose[match.end("gap") : match.end()]:
        return adjacent_when_rendered(document, match.start(), match.end())
    return plain_span(document, match.start(), match.end()) and _starts_sentence(document.prose, span_start,
                                                                                 match.start())


def _is_name(document: Document, match: re.Match[str], span_start: int) -> bool:
    """Both words capitalised and spelled alike: "Duran Duran". At the start of a sentence, where any word is
    capitalised, only if the document never writes the word in lower case ("The The" is a slip: "the" occurs)."""
    word = match.group("word")
    if not word[0].isupper() or word != document.prose[match.end("gap") : match.end()]:
        return False
    if not _starts_sentence(document.prose, span_start, match.start()):
        return True
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", document.prose) is None


def _starts_sentence(prose: str, span_start: int, offset: int) -> bool:
    while offset > span_start and (prose[offset - 1].isspace() or prose[offset - 1] in _OPENING):
        offset -= 1
    return offset == span_start or prose[offset - 1] in _SENTENCE_END


KIND = CheckKind(
    name="repetition",
    summary="The same word twice in a row (\"the the\"), also across line breaks and markup.",
    params=RepetitionParams,
    run=run,
    message_fields=frozenset({"word"}),
    prepare=prepare,
)
