"""Check kind ``consistency``: two accepted spellings of which a document must stick to one ("email"/"e-mail").

Both spellings of every ``either`` pair are compiled, once per rule, into one regex (literals as a trie, see
``wordlists``) and searched in document order over the spans of ``scope``. The first spelling of a pair that
the document uses wins; every later use of the other spelling is reported, with the first use as the related
location and the winning spelling (in the case of the reported text) as the fix. A document that uses only one
spelling of each pair is never reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import Document
from doclint.schema import param
from doclint.scopes import (
    ScopeName,
    plain_span,
    scope_param,
    search_spans,
    validate_scope,
)
from doclint.textnorm import flat
from doclint.wordlists import (
    TokenMatcher,
    build_matcher,
    find_matches,
    match_case,
    normalise_literal,
    validate_literals,
)


@dataclass(frozen=True)
class ConsistencyParams:
    either: dict[str, str] = param({}, "Pairs of accepted spellings, {one: other}; a document may use either, "
                                       "but only one of them. Matched literally, as whole words.")
    ignorecase: bool = param(True, "Spellings that differ only in case are the same spelling.")
    scope: ScopeName | tuple[ScopeName, ...] = scope_param("document")

    def __post_init__(self) -> None:
        if not self.either:
            raise ValueError("either: give at least one pair of spellings")
        validate_literals("either", [*self.either, *self.either.values()])
        validate_scope(self.scope)
        owner: dict[str, str] = {}
        for one, other in self.either.items():
            if normalise_literal(one, self.ignorecase) == normalise_literal(other, self.ignorecase):
                raise ValueError(f"either: {one!r} and {other!r} are the same spelling")
            for spelling in (one, other):
                key = normalise_literal(spelling, self.ignorecase)
                if key in owner:
                    raise ValueError(f"either: {spelling!r} is in two pairs ({owner[key]!r} and {one!r})")
                owner[key] = one


@dataclass(frozen=True)
class PreparedConsistency:
    params: ConsistencyParams
    matcher: TokenMatcher
    spellings: tuple[str, ...]  # by matcher entry: pair i has entries 2i and 2i + 1


def prepare(params: ConsistencyParams) -> PreparedConsistency:
    spellings = tuple(spelling for pair in params.either.items() for spelling in pair)
    matcher = build_matcher(spellings, ignorecase=params.ignorecase, keys=("either", "either"))
    return PreparedConsistency(params, matcher, spellings)


def run(document: Document, prepared: PreparedConsistency) -> Iterator[Finding]:
    first_use: dict[int, tuple[int, int]] = {}  # pair -> (entry of the winning spelling, its first offset)
    spans = search_spans(document, prepared.params.scope)
    for match in find_matches(document, spans, prepared.matcher.regex):
        entry = prepared.matcher.entry(match)
        pair = entry // 2
        winner = first_use.setdefault(pair, (entry, match.start()))
        if winner[0] == entry:
            continue
        matched = match.group()
        preferred = prepared.spellings[winner[0]]
        replacement = match_case(preferred, matched) if prepared.params.ignorecase else preferred
        start, end = match.span()
        yield Finding(start, end, {"match": flat(matched), "preferred": preferred}, related=(winner[1],),
                      fix=replacement if plain_span(document, start, end) else None)


KIND = CheckKind(
    name="consistency",
    summary="Two accepted spellings of which a document uses only one; the first used wins.",
    params=ConsistencyParams,
    run=run,
    message_fields=frozenset({"match", "preferred"}),
    prepare=prepare,
)
