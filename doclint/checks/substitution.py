"""Check kind ``substitution``: a word or phrase that has a preferred replacement ("utilize" -> "use").

``swap`` maps literal words and phrases to their replacements; ``patterns`` maps regular expressions to theirs.
All keys are compiled, once per rule, into one regex (literals as a trie, see ``wordlists``), run over the prose
of each span of ``scope``. A match is traced back to its key through a dictionary of normalised literals, or
through the capturing group that wraps each pattern, so finding the replacement costs no extra search.

Each finding offers the replacement as a fix, in the case of the matched text when ``ignorecase`` is on
("Utilize" -> "Use"), unless the matched source holds markup (``**utilize**d``), which a plain replacement
would break. Text already equal to its replacement (a pattern that also matches the right spelling) is not
reported.
"""

from __future__ import annotations

import re
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
    exception_regex,
    find_matches,
    match_case,
    normalise_literal,
    validate_literals,
)


@dataclass(frozen=True)
class SubstitutionParams:
    swap: dict[str, str] = param({}, "Words and phrases (matched literally, as whole words, in any spacing or "
                                     "line wrapping) and what to write instead: {wrong: right}.")
    patterns: dict[str, str] = param({}, "Regular expressions (Python syntax) and the literal text to write "
                                         "instead: {regex: right}.")
    ignorecase: bool = param(True, "Match in any letter case; the fix then follows the case of the match.")
    word_boundaries: bool = param(True, "Report only whole words: a match may not start or end inside a word.")
    exceptions: tuple[str, ...] = param([], "Words and phrases never reported, even when a key matches inside "
                                            "them.")
    scope: ScopeName | tuple[ScopeName, ...] = scope_param("paragraph")
    skip_quotations: bool = param(False, "Ignore text in quotation marks (\"...\", “...”, ‘...’, «...»).")

    def __post_init__(self) -> None:
        if not self.swap and not self.patterns:
            raise ValueError("give at least one of swap or patterns")
        validate_literals("swap", self.swap)
        validate_literals("exceptions", self.exceptions)
        validate_scope(self.scope)
        for name, mapping in (("swap", self.swap), ("patterns", self.patterns)):
            for key, replacement in mapping.items():
                if not replacement.strip():
                    raise ValueError(f"{name}: the replacement of {key!r} is empty; use an existence rule to "
                                     "forbid a word")
        seen: dict[str, str] = {}
        for key in self.swap:
            normalised = normalise_literal(key, self.ignorecase)
            if normalised in seen:
                raise ValueError(f"swap: {seen[normalised]!r} and {key!r} are the same key"
                                 f"{' when ignorecase is on' if self.ignorecase else ''}")
            seen[normalised] = key
        build_matcher(tuple(self.swap), tuple(self.patterns), self.ignorecase, self.word_boundaries,
                      keys=("swap", "patterns"))


@dataclass(frozen=True)
class PreparedSubstitution:
    params: SubstitutionParams
    matcher: TokenMatcher
    replacements: tuple[str, ...]  # by matcher entry: swap values, then pattern values
    exceptions: re.Pattern[str] | None


def prepare(params: SubstitutionParams) -> PreparedSubstitution:
    matcher = build_matcher(tuple(params.swap), tuple(params.patterns), params.ignorecase, params.word_boundaries,
                            keys=("swap", "patterns"))
    replacements = (*params.swap.values(), *params.patterns.values())
    return PreparedSubstitution(params, matcher, replacements, exception_regex(params.exceptions, params.ignorecase))


def run(document: Document, prepared: PreparedSubstitution) -> Iterator[Finding]:
    params = prepared.params
    spans = search_spans(document, params.scope)
    for match in find_matches(document, spans, prepared.matcher.regex, prepared.exceptions, params.skip_quotations):
        matched = match.group()
        replacement = prepared.replacements[prepared.matcher.entry(match)]
        if params.ignorecase:
            replacement = match_case(replacement, matched)
        if replacement == matched:
            continue
        start, end = match.span()
        yield Finding(start, end, {"match": flat(matched), "replacement": replacement},
                      fix=replacement if plain_span(document, start, end) else None)


KIND = CheckKind(
    name="substitution",
    summary="Words or phrases with a preferred replacement, offered as a fix.",
    params=SubstitutionParams,
    run=run,
    message_fields=frozenset({"match", "replacement"}),
    prepare=prepare,
)
