"""Check kind ``existence``: words, phrases or regular expressions that should not appear at all.

``tokens`` are literal words and phrases; ``patterns`` are regular expressions. Both are compiled, once per
rule, into a single regex (literals as a trie, see ``wordlists``) that is run over the prose of each span of
``scope``: one pass over the text however long the list. A literal phrase matches across line breaks and
across markup (``**very** unique`` matches "very unique"), because masked markup is whitespace in the prose.
Each match is one finding, unless it lies inside an ``exceptions`` phrase or, with ``skip-quotations``, starts
inside quotation marks (a quoted "very unique" is someone else's wording). A rule with many patterns can name a
``prefilter``: strings one of which each pattern needs, so that spans without any are not searched at all (all
of them are found in one pass over the document: ``wordlists.StringScan``). Each pattern that needs one of them
(read from the regex: ``wordlists.covering_strings``) then runs only in the spans where one of its own occurs,
and that hold the other strings it needs: one regex of the few patterns that can match there, not of all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import Document
from doclint.schema import param
from doclint.scopes import ScopeName, scope_param, search_spans, validate_scope
from doclint.textnorm import flat
from doclint.wordlists import (
    PatternSubsets,
    Searcher,
    TokenMatcher,
    build_matcher,
    exception_regex,
    find_matches_each,
    usable_lowered,
    validate_literals,
)


@dataclass(frozen=True)
class ExistenceParams:
    tokens: tuple[str, ...] = param([], "Words and phrases to report, matched literally: as whole words, in any "
                                        "spacing or line wrapping, straight or curly apostrophes alike.")
    patterns: tuple[str, ...] = param([], "Regular expressions to report (Python syntax), for what a word list "
                                          "cannot say, e.g. '\\w+ly easy'.", regex=True)
    ignorecase: bool = param(True, "Match tokens and patterns in any letter case.")
    word_boundaries: bool = param(True, "Report only whole words: a match may not start or end inside a word. "
                                        "Turn off to find text inside words too.")
    exceptions: tuple[str, ...] = param([], "Words and phrases never reported, even when a token or pattern "
                                            "matches inside them (e.g. 'very well' when 'very' is a token).")
    scope: ScopeName | tuple[ScopeName, ...] = scope_param("paragraph")
    skip_quotations: bool = param(False, "Ignore text in quotation marks (\"...\", “...”, ‘...’, «...»): quoted "
                                         "words are someone else's.")
    prefilter: tuple[str, ...] = param([], "A cheap first pass for a rule with many patterns: a span is searched "
                                           "only when it contains one of these strings (written in lower case; "
                                           "the text is compared in lower case, from the character before the "
                                           "span, so that '\\nhere' finds 'Here' at a line start). Every token "
                                           "and pattern must need one of them, or it is missed where none occurs; "
                                           "a pattern that needs one of them runs only in the spans holding one "
                                           "of its own.")

    def __post_init__(self) -> None:
        if not self.tokens and not self.patterns:
            raise ValueError("give at least one of tokens or patterns")
        validate_literals("tokens", self.tokens)
        validate_literals("exceptions", self.exceptions)
        validate_scope(self.scope)
        build_matcher(self.tokens, self.patterns, self.ignorecase, self.word_boundaries)  # refuses bad patterns


@dataclass(frozen=True)
class PreparedExistence:
    params: ExistenceParams
    matcher: TokenMatcher
    exceptions: re.Pattern[str] | None
    prefilter: tuple[str, ...]
    subsets: PatternSubsets | None  # the patterns, each run only in spans holding a literal it needs


def prepare(params: ExistenceParams) -> PreparedExistence:
    matcher = build_matcher(params.tokens, params.patterns, params.ignorecase, params.word_boundaries)
    prefilter = tuple(dict.fromkeys(entry.lower() for entry in params.prefilter))
    subsets = None
    if prefilter:
        subsets = PatternSubsets.build(matcher, params.patterns, params.ignorecase, params.word_boundaries, prefilter)
    return PreparedExistence(params, matcher, exception_regex(params.exceptions, params.ignorecase), prefilter,
                             subsets)


def _prefiltered(prose: str, spans: list[tuple[int, int]], prefilter: tuple[str, ...],
                 lowered: str | None = None) -> list[tuple[int, int]]:
    """The spans that contain one of the prefilter strings: a substring search per string in the lower-cased
    text, at C speed (first in the whole document, then in the spans, only for the strings it holds)."""
    if lowered is None:
        lowered = "\n" + prose.lower()  # a line break before the first line too; offsets shift by one
    if len(lowered) != len(prose) + 1:  # a few characters change length in lower case ("İ"): no offsets to share
        return spans
    present = [entry for entry in prefilter if entry in lowered]
    if not present:
        return []
    find = lowered.find
    # From the character before each span, so that "\nhere is" finds "Here is" at the start of a line.
    return [(start, end) for start, end in spans if any(find(entry, start, end + 1) != -1 for entry in present)]


def _searches(document: Document, prepared: PreparedExistence) -> Iterator[tuple[int, int, Searcher]]:
    """Each span to search, with the regex to search it with: with a prefilter, only the spans that hold one of
    its strings, and of the patterns only those that need one of the strings found there."""
    spans = search_spans(document, prepared.params.scope)
    lowered = usable_lowered(document.prose) if prepared.subsets is not None else None
    if lowered is None or prepared.subsets is None:
        if prepared.prefilter:
            spans = _prefiltered(document.prose, spans, prepared.prefilter)
        regex = prepared.matcher.regex
        yield from ((start, end, regex) for start, end in spans)
        return
    yield from prepared.subsets.searches(lowered, spans)


def run(document: Document, prepared: PreparedExistence) -> Iterator[Finding]:
    for match in find_matches_each(document, _searches(document, prepared), prepared.exceptions,
                                   prepared.params.skip_quotations):
        yield Finding(match.start(), match.end(), {"match": flat(match.group())})


KIND = CheckKind(
    name="existence",
    summary="Words, phrases or patterns that should not appear (weasel words, jargon, placeholders).",
    params=ExistenceParams,
    run=run,
    message_fields=frozenset({"match"}),
    prepare=prepare,
)
