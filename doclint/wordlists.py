"""Word lists as regular expressions: the matcher behind the word-list check kinds (existence, substitution,
repetition, consistency, ...) and DL003's cue lexicons.

- ``literal_regex`` compiles literal words and phrases into a trie-shaped alternation (``very|vast`` becomes
  ``v(?:ery|ast)``), so a list of a thousand words costs about as much as a list of ten. Literals are escaped,
  their inner whitespace matches any run of whitespace (a line break, or the spaces that masked markup such as
  ``**`` leaves in ``Document.prose``), straight and curly apostrophes match each other, and word boundaries are
  added only on the sides that start or end with a word character ("C++" still works).
- ``build_matcher`` adds the user's regular expressions as capturing groups (time-bounded, ``safe_regex``), so a
  match can say which entry it came from; ``validate_patterns`` is the one validation path for such patterns.
- ``find_matches`` skips matches inside an exception phrase, and (optionally) inside quotation marks.
- ``required_literals`` reads a regex for the literal strings one of which every match contains, so that
  ``PatternSubsets`` can run, in a span of text, only the patterns that can match there (a rule with dozens of
  phrasings most often needs none or one of them in a given sentence). ``StringScan`` finds where a rule's
  prefilter strings occur, all of them in one pass over a document.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from doclint.document import Document
from doclint.safe_regex import (
    LazyRegex,
    Match,
    SafePattern,
    compile_user_pattern,
    pattern_error,
    patterns_trusted,
    re_error,
    shipped_patterns,
)
from doclint.scopes import QuotedRegions, adjacent_when_rendered
from doclint.textnorm import flat

# The parser of ``re`` (its module names changed in Python 3.11; the old ones warn), for ``required_literals``.
sre_parse: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
sre_constants: Any = importlib.import_module("re._constants" if sys.version_info >= (3, 11) else "sre_constants")

_WORD_CHARACTER = re.compile(r"\w")

_WHITESPACE = re.compile(r"(\s+)")

_APOSTROPHES = "'’ʼ"

_HYPHENS = "-‐‑"

_NORMALISE = str.maketrans({**{c: "'" for c in _APOSTROPHES}, **{c: "-" for c in _HYPHENS}})

_APOSTROPHE_CLASS = "['’ʼ]"

_HYPHEN_CLASS = "[-‐‑]"


# A numbered backreference would point at the wrong group once patterns are combined into one regex.
_NUMBERED_BACKREFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]")

_END = None  # trie key marking the end of a literal; its value is the end-of-word assertion


def normalise_literal(text: str, ignorecase: bool) -> str:
    """The lookup key of a literal or of the text it matched: spacing, apostrophes, hyphens and (optionally)
    case do not count."""
    key = flat(text).translate(_NORMALISE)
    return key.lower() if ignorecase else key


def _atoms(literal: str) -> list[str]:
    """A literal as a list of regex pieces, one per character, with ``\\s+`` for each run of whitespace."""
    atoms = []
    for part in _WHITESPACE.split(literal.strip()):
        if not part:
            continue
        if part.isspace():
            atoms.append(r"\s+")
            continue
        atoms.extend(map(_character_atom, part))
    return atoms


@functools.lru_cache(maxsize=4096)
def _character_atom(character: str) -> str:
    """The regex piece of one character of a literal (DL003 renders some 15,000 at its first sentence)."""
    if character in _APOSTROPHES:
        return _APOSTROPHE_CLASS
    if character in _HYPHENS:
        return _HYPHEN_CLASS
    return re.escape(character)


def _is_word_atom(atom: str) -> bool:
    return len(atom) == 1 and _WORD_CHARACTER.match(atom) is not None


# Groups nested deeper than this are written as a flat alternation of the remaining suffixes: ``re``'s parser
# recurses once per group and fails near a few hundred ("a", "aa", "aaa", ... as tokens nest one per length).
MAX_TRIE_NESTING = 40


def _is_group(node: dict[str | None, object]) -> bool:
    return len(node) > 1  # several children, or a child and the end of a literal


def _flat_alternatives(node: dict[str | None, object]) -> list[str]:
    """Every suffix below ``node`` (each with its end assertion), in the trie's order: children before the end
    of a literal, so longer literals still win. ``a(?:b|c|)`` and ``ab|ac|a`` match the same."""
    alternatives: list[str] = []
    stack: list[tuple[object, str]] = [(node, "")]
    while stack:
        item, prefix = stack.pop()
        if not isinstance(item, dict):
            alternatives.append(prefix + str(item))
            continue
        if _END in item:
            stack.append((item[_END], prefix))
        for atom, child in reversed([(atom, child) for atom, child in item.items() if atom is not _END]):
            stack.append((child, prefix + str(atom)))
    return alternatives


def _render(root: dict[str | None, object], depth: int = 0) -> str:
    """The regex of a trie node, without recursion: a literal may be thousands of characters long."""
    # Each frame: [node, its remaining (atom, child) pairs, rendered alternatives, the atom leading to it, depth]
    stack: list[list[Any]] = [[root, iter([(a, c) for a, c in root.items() if a is not _END]), [], "", depth]]
    while True:
        node, children, alternatives, lead, level = stack[-1]
        pair = next(children, None)
        if pair is not None:
            atom, child = pair
            child_level = level + _is_group(node)
            while len(child) == 1 and _END not in child:  # a chain of single characters renders as one string
                ((next_atom, child),) = child.items()
                atom += next_atom
            if child_level >= MAX_TRIE_NESTING and _is_group(child):
                alternatives.append(atom + "(?:" + "|".join(_flat_alternatives(child)) + ")")
            elif len(child) == 1:  # the end of a literal and nothing more
                alternatives.append(atom + str(child[_END]))
            else:
                stack.append([child, iter([(a, c) for a, c in child.items() if a is not _END]), [], atom, child_level])
            continue
        if _END in node:
            alternatives.append(str(node[_END]))  # last, so that longer literals win
        rendered = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        stack.pop()
        if not stack:
            return rendered
        stack[-1][2].append(lead + rendered)


def literal_regex(literals: Iterable[str], ignorecase: bool, word_boundaries: bool = True) -> str:
    """One regex (source) matching any of ``literals``, shaped as a trie. Empty when there are none."""
    root: dict[str | None, Any] = {}  # atom -> child node; _END -> the end-of-word assertion
    for literal in literals:
        atoms = _atoms(literal.lower() if ignorecase else literal)
        if not atoms:
            continue
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_END] = r"\b" if word_boundaries and _is_word_atom(atoms[-1]) else ""
    if not root:
        return ""
    branches = []
    for key, child in root.items():
        atom = str(key)  # the root holds no end marker: empty literals were skipped
        start = r"\b" if word_boundaries and _is_word_atom(atom) else ""
        branches.append(start + atom + _render(child))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def validate_literals(key: str, literals: Iterable[str]) -> None:
    for literal in literals:
        if not literal.strip():
            raise ValueError(f"{key}: an entry is empty")


def _combination_error(source: str, flags: int, trusted: bool) -> str | None:
    """``pattern_error`` for a regex built from patterns. Built from patterns shipped with doclint, it runs on
    ``re`` (``compile_user_pattern``), so ``re`` alone need accept it: compiling it on ``regex`` as well was the
    slowest part of loading the built-in rules."""
    return re_error(source, flags) if trusted else pattern_error(source, flags)


def validate_patterns(key: str, patterns: Iterable[str]) -> None:
    """Each pattern must compile on its own and inside a combined regex, and must not match nothing. Nothing is
    checked while the built-in rules load (``patterns_trusted``): the test suite validates them."""
    if patterns_trusted():
        return
    for pattern in patterns:
        trusted = pattern in shipped_patterns()
        error = pattern_error(pattern) or _combination_error(f"(?:{pattern})", 0, trusted)
        if error is not None:
            hint = " (write inline flags scoped, like (?i:...))" if "global flags" in error else ""
            raise ValueError(f"{key}: invalid regular expression {pattern!r}: {error}{hint}") from None
        if _NUMBERED_BACKREFERENCE.search(pattern):
            raise ValueError(f"{key}: {pattern!r}: numbered backreferences are not supported; "
                             "use a named group (?P<name>...) and (?P=name)")
        if compile_user_pattern(pattern).match("") is not None:
            raise ValueError(f"{key}: {pattern!r} matches the empty string")



@dataclass(frozen=True)
class LiteralsThenPatterns:
    """What one regex ``trie|(pattern1)|(pattern2)...`` would find, from two: the literal trie on ``re`` (it
    cannot backtrack badly, and ``re`` compiles big tries fast) and the user's patterns as a ``SafePattern``
    (time-bounded). At the leftmost position where either matches, the literal wins, as the first alternative of
    the one regex would; after a match both resume at its end."""

    literals: re.Pattern[str] | LazyRegex | None
    patterns: SafePattern | re.Pattern[str] | LazyRegex | None  # re only for patterns shipped in built-in rules

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[Match]:
        end = len(string) if endpos is None else endpos
        if self.patterns is None or self.literals is None:
            searcher = self.patterns if self.literals is None else self.literals
            if searcher is not None:
                yield from _finditer_from_first(searcher, string, pos, end)
            return
        if self.patterns.search(string, pos, end) is None:  # the usual case, and one search cheaper
            yield from _finditer_from_first(self.literals, string, pos, end)
            return
        streams: list[Iterator[Match]] = [self.literals.finditer(string, pos, end),
                                          self.patterns.finditer(string, pos, end)]
        current: list[Match | None] = [next(streams[0], None), next(streams[1], None)]
        while current[0] is not None or current[1] is not None:
            literal, pattern = current
            chosen = 0 if pattern is None or (literal is not None and literal.start() <= pattern.start()) else 1
            match = current[chosen]
            assert match is not None
            yield match
            current[chosen] = next(streams[chosen], None)
            other = 1 - chosen
            waiting = current[other]
            if waiting is not None and waiting.start() < match.end():  # overlapped by the match: search again
                searcher = self.literals if other == 0 else self.patterns
                assert searcher is not None
                streams[other] = searcher.finditer(string, match.end(), end)
                current[other] = next(streams[other], None)


@dataclass(frozen=True)
class TokenMatcher:
    """The compiled regexes for a rule's literals and patterns (``regex.finditer`` runs them as one), and the way
    back from a match to its entry.

    Entries are numbered as given: literals first (``0 .. len(literals) - 1``), then patterns.
    """

    regex: LiteralsThenPatterns
    ignorecase: bool
    literal_entries: dict[str, int] = field(default_factory=dict)  # normalised literal -> entry
    literals: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    # outer group number (of the patterns) -> entry; worked out when a match is first mapped back
    _group_entries: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def group_entries(self) -> dict[int, int]:
        if self.patterns and not self._group_entries:
            flags = re.IGNORECASE if self.ignorecase else 0
            group = 1
            for index, pattern in enumerate(self.patterns):
                self._group_entries[group] = len(self.literals) + index
                group += 1 + re.compile(pattern, flags).groups
        return self._group_entries

    def entry(self, match: Match) -> int:
        """Which literal or pattern produced ``match``."""
        group = match.lastindex
        if group is not None and group in self.group_entries:
            return self.group_entries[group]
        found = self.literal_entries.get(normalise_literal(match.group(), self.ignorecase))
        if found is not None:
            return found
        # Case-insensitive matching and str.lower() disagree on a few characters (e.g. "İ"); ask each literal.
        flags = re.IGNORECASE if self.ignorecase else 0
        for index, literal in enumerate(self.literals):
            if re.fullmatch("".join(_atoms(literal)), match.group(), flags):
                return index
        raise LookupError(f"no entry for match {match.group()!r}")  # unreachable while the regex is ours


def build_matcher(literals: Sequence[str], patterns: Sequence[str] = (), ignorecase: bool = True,
                  word_boundaries: bool = True, keys: tuple[str, str] = ("tokens", "patterns")) -> TokenMatcher:
    """The regexes of ``literals`` (a trie, on ``re``) and ``patterns`` (groups of one time-bounded
    ``SafePattern``), compiled when first searched; ValueError (naming the parameter ``keys``) for an empty literal
    or a bad pattern, at once. With ``word_boundaries``, patterns get the same boundaries as literals: a match may
    not be preceded or followed by a word character.

    Cached: a rule's parameters build their matcher once to validate it and once more in ``prepare``."""
    literals, patterns = tuple(literals), tuple(patterns)
    validate_literals(keys[0], literals)
    if patterns and not patterns_trusted():
        _validate_combination(patterns, ignorecase, word_boundaries, keys[1])
    return _build_matcher(literals, patterns, ignorecase, word_boundaries)


@functools.lru_cache(maxsize=64)
def _validate_combination(patterns: tuple[str, ...], ignorecase: bool, word_boundaries: bool, key: str) -> None:
    """Each pattern valid, and all of them as the one regex that runs them."""
    validate_patterns(key, patterns)
    flags = re.IGNORECASE if ignorecase else 0
    combined = _combined_source(patterns, word_boundaries)
    error = _combination_error(combined, flags, all(pattern in shipped_patterns() for pattern in patterns))
    if error is not None:
        raise ValueError(f"{key}: cannot combine the regular expressions: {error}") from None


@functools.lru_cache(maxsize=64)
def _build_matcher(literals: tuple[str, ...], patterns: tuple[str, ...], ignorecase: bool,
                   word_boundaries: bool) -> TokenMatcher:
    flags = re.IGNORECASE if ignorecase else 0
    # The trie cannot be invalid: it nests at most MAX_TRIE_NESTING groups, well within what ``re`` parses.
    trie = literal_regex(literals, ignorecase, word_boundaries)
    literal_search = LazyRegex(trie, flags) if trie else None
    pattern_search = LazyRegex(_combined_source(patterns, word_boundaries), flags, patterns) if patterns else None
    literal_entries: dict[str, int] = {}
    for index, literal in enumerate(literals):
        literal_entries.setdefault(normalise_literal(literal, ignorecase), index)
    return TokenMatcher(LiteralsThenPatterns(literal_search, pattern_search), ignorecase, literal_entries,
                        literals, patterns)


def exception_regex(exceptions: Sequence[str], ignorecase: bool) -> re.Pattern[str] | None:
    """A regex for exception phrases (literal, word-bounded), or None when there are none."""
    validate_literals("exceptions", exceptions)
    source = literal_regex(exceptions, ignorecase)
    return re.compile(source, re.IGNORECASE if ignorecase else 0) if source else None


def _finditer_from_first(searcher: SafePattern | re.Pattern[str] | LazyRegex, string: str, pos: int,
                         end: int) -> Iterator[Match]:
    """``searcher.finditer(string, pos, end)``, set up only at the first match: most spans hold none, and a search
    costs less than setting up a finditer (which finds the same from there)."""
    first = searcher.search(string, pos, end)
    if first is not None:
        yield from searcher.finditer(string, first.start(), end)


_AFTER_ANY = float("inf")  # (offset, _AFTER_ANY) sorts after every span that starts at ``offset``


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside one of ``spans`` (sorted, non-overlapping)."""
    index = bisect.bisect_right(spans, (start, _AFTER_ANY)) - 1
    return index >= 0 and spans[index][1] >= end


Searcher = Union[re.Pattern[str], LiteralsThenPatterns]


def find_matches(document: Document, spans: Iterable[tuple[int, int]], regex: Searcher,
                 exceptions: re.Pattern[str] | None = None, skip_quotations: bool = False) -> Iterator[Match]:
    """Matches of ``regex`` in the prose of each span, minus those inside an exception phrase, those whose words
    are split by content the prose blanked out (``very `x` unique``), and (with ``skip_quotations``) those
    starting inside quotation marks. Exception phrases are looked for only in spans that have a match, so
    they cost nothing where the rule finds nothing."""
    return find_matches_each(document, ((start, end, regex) for start, end in spans), exceptions, skip_quotations)


def find_matches_each(document: Document, searches: Iterable[tuple[int, int, Searcher]],
                      exceptions: re.Pattern[str] | None = None, skip_quotations: bool = False) -> Iterator[Match]:
    """``find_matches`` with a regex of its own for each span (``PatternSubsets``)."""
    prose = document.prose
    quoted = QuotedRegions(document) if skip_quotations else None
    for start, end, regex in searches:
        excused: list[tuple[int, int]] | None = None
        for match in regex.finditer(prose, start, end):
            if match.start() == match.end():
                continue
            if exceptions is not None:
                if excused is None:
                    excused = [m.span() for m in exceptions.finditer(prose, start, end)]
                if _covered(excused, match.start(), match.end()):
                    continue
            if quoted is not None and quoted.contains(match.start()):
                continue
            if not adjacent_when_rendered(document, match.start(), match.end()):
                continue
            yield match


def match_case(replacement: str, matched: str) -> str:
    """``replacement`` in the case of ``matched``: "Utilize" -> "Use", "UTILIZE" -> "USE". A replacement with
    capitals of its own ("JavaScript") is kept as written."""
    if any(character.isupper() for character in replacement):
        return replacement
    letters = [character for character in matched if character.isalpha()]
    if not letters or not letters[0].isupper():
        return replacement
    if len(letters) > 1 and all(letter.isupper() for letter in letters):
        return replacement.upper()
    for index, character in enumerate(replacement):
        if character.isalpha():
            return replacement[:index] + character.upper() + replacement[index + 1 :]
    return replacement


# ------------------------------------------------------------------------------------ literals a regex needs

# Lower-case literal strings, one of which every match of a regex contains: searched for in the lower-cased
# text, they tell cheaply where a pattern cannot match. Only characters whose lower case is what ``re`` matches
# case-blind may take part (ASCII; a few caseless marks); the text must be checked for the exceptions
# (``usable_lowered``).
_USABLE_EXTRA = "’ʼ‘“”–—…£€«»"
# Characters that ``re`` matches case-blind to an ASCII letter while ``str.lower`` keeps them apart.
_CASE_OUTLIERS = ("ı", "ſ")
_MAX_EXACT = 16  # the most strings a part's exact set may hold before it counts as unknown
_ZERO_WIDTH = frozenset({""})

_Strings = frozenset[str]
_Info = tuple[Union[_Strings, None], Union[_Strings, None]]  # (all strings it matches, literals one of which it needs)


def _usable(character: str) -> bool:
    return character.isascii() or character in _USABLE_EXTRA


def _selectivity(strings: _Strings) -> tuple[float, int]:
    """Lower is better: few strings, and long ones (a one-letter string is found almost everywhere)."""
    shortest = min(map(len, strings))
    weight = {1: 40.0, 2: 12.0, 3: 4.0, 4: 1.5}.get(shortest, 1.0)
    return len(strings) * weight, -shortest


def _best(*choices: _Strings | None) -> _Strings | None:
    usable = [choice for choice in choices if choice and "" not in choice]
    return min(usable, key=_selectivity) if usable else None


def _shared_prefix(strings: _Strings) -> _Strings:
    """``{"here's", "here is"}`` -> ``{"here"}``: one string to look for instead of several."""
    if len(strings) > 1:
        first, last = min(strings), max(strings)
        length = 0
        while length < min(len(first), len(last)) and first[length] == last[length]:
            length += 1
        if length >= 4:
            return frozenset({first[:length]})
    return strings


def _node_info(op: Any, av: Any) -> _Info:
    if op is sre_constants.LITERAL:
        character = chr(av)
        return (frozenset({character.lower()}), None) if _usable(character) else (None, None)
    if op is sre_constants.IN:  # a small class of literal characters, e.g. ['’]
        characters = set()
        for item, value in av:
            if item is not sre_constants.LITERAL or not _usable(chr(value)):
                return None, None
            characters.add(chr(value).lower())
        return (frozenset(characters), None) if len(characters) <= 4 else (None, None)
    if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return _ZERO_WIDTH, None  # consumes nothing: what a look-around needs lies outside the match
    if op is sre_constants.SUBPATTERN:
        return _sequence_info(av[-1])
    if op is getattr(sre_constants, "ATOMIC_GROUP", None):
        return _sequence_info(av)
    if op is sre_constants.BRANCH:
        infos = [_sequence_info(branch) for branch in av[1]]
        exact = None
        if all(branch_exact is not None for branch_exact, _ in infos):
            union = frozenset().union(*(branch_exact for branch_exact, _ in infos if branch_exact is not None))
            exact = union if len(union) <= _MAX_EXACT else None
        needs = [_best(branch_exact, branch_needs) for branch_exact, branch_needs in infos]
        required = None
        if all(need is not None for need in needs):
            required = _shared_prefix(frozenset().union(*(need for need in needs if need is not None)))
        return exact, required
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
        low, high, item = av
        exact, required = _sequence_info(item)
        if low == 0:
            return (exact | _ZERO_WIDTH if exact is not None and high == 1 else None), None
        repeated = exact  # the first few repeats, written out: X{2,} needs "xx"
        for _ in range(min(low, 8) - 1):
            if repeated is None or exact is None or len(repeated) * len(exact) > _MAX_EXACT:
                repeated = None
                break
            repeated = frozenset(head + tail for head in repeated for tail in exact)
        return (repeated if low == high and low <= 8 else None), _best(repeated, exact, required)
    return None, None  # any character, a class, a back-reference, a conditional: no literal known


def _sequence_info(items: Any) -> _Info:
    """A concatenation: its exact strings while they stay few, and the most selective of the literals that its
    parts (or runs of consecutive exact parts) need."""
    running, choices = _sequence_choices(items)
    return running, _best(*choices)


def _sequence_choices(items: Any) -> tuple[_Strings | None, list[_Strings | None]]:
    """A concatenation's exact strings (while they stay few; None once a part is not exact or they grow too
    many) and every set of literals one of which it needs: each part's, and each run of consecutive exact
    parts'."""
    choices: list[_Strings | None] = []
    running: _Strings | None = _ZERO_WIDTH
    whole = True  # ``running`` holds the whole concatenation so far, not only its last run of exact parts
    for op, av in items:
        exact, required = _node_info(op, av)
        choices += [required, exact]
        if running is not None and exact is not None and len(running) * len(exact) <= _MAX_EXACT:
            running = frozenset(head + tail for head in running for tail in exact)
        else:
            choices.append(running)
            running = exact
            whole = False
        choices.append(running)
    # The last run alone is not what the concatenation matches: taken for it, "you(?:'d| would)? (?:like|need)"
    # read as exactly "like" or "need", and "let me know if (?:you ...)" as needing "let me know if like".
    return (running if whole else None), choices


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains (in the lower-cased text), or None
    when no such set is known. Look-arounds are left out: what they need lies outside the match."""
    best = _best(*needed_literal_sets(pattern, flags))
    return None if best is None else _shared_prefix(best)


@functools.lru_cache(maxsize=256)
def needed_literal_sets(pattern: str, flags: int = 0) -> tuple[frozenset[str], ...]:
    """Every set of lower-case strings found such that each match of ``pattern`` contains one of the set: the
    parts of its top-level sequence (and runs of them), for choosing or checking a ``prefilter``."""
    try:
        tree = sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return ()
    _, choices = _sequence_choices(tree)
    return tuple(choice for choice in dict.fromkeys(choices) if choice and "" not in choice)


def usable_lowered(text: str) -> str | None:
    """``"\n" + text.lower()`` (offsets shifted by one; the line break lets a string such as ``"\nhere"`` find
    "Here" at the start), or None when lower-casing would not keep the required literals' promise: a character
    changes length in lower case ("İ"), or ``re`` matches a character case-blind to an ASCII letter that
    ``str.lower`` keeps apart ("ſ", "ı")."""
    lowered = "\n" + text.lower()
    if len(lowered) != len(text) + 1 or any(outlier in lowered for outlier in _CASE_OUTLIERS):
        return None
    return lowered


def literal_pieces(literal: str) -> frozenset[str]:
    """Lower-case pieces of a literal that each of its matches contains: its runs without whitespace,
    apostrophes or hyphens (which the trie matches loosely)."""
    return frozenset(run for run in re.split(r"[\s'’ʼ\-‐‑]+", literal.lower()) if run and all(map(_usable, run)))


def covering_strings(needed: Sequence[frozenset[str]], strings: Sequence[str]) -> frozenset[str] | None:
    """Of ``strings`` (a rule's prefilter), those that stand for a pattern: taken from one of its ``needed``
    sets each string of which holds one of them, so that wherever the pattern matches, one of them occurs. The
    set that gives the fewest; None when no set is covered."""
    best: frozenset[str] | None = None
    for need in needed:
        covering: set[str] = set()
        for string in need:
            inside = {candidate for candidate in strings if candidate in string}
            if not inside:
                break
            covering |= inside
        else:
            if best is None or len(covering) < len(best):
                best = frozenset(covering)
    return best


def _covering_literals(literals: Sequence[str], strings: Sequence[str]) -> frozenset[str] | None:
    """``covering_strings`` for a word list: every literal must hold one of ``strings`` in one of its pieces."""
    covering: set[str] = set()
    for literal in literals:
        inside = {candidate for piece in literal_pieces(literal) for candidate in strings if candidate in piece}
        if not inside:
            return None
        covering |= inside
    return frozenset(covering)


# From how many strings a ``StringScan`` finds them with one regex rather than a ``str.find`` loop each. The regex
# costs about 40 ns at each character that starts one of the strings, a find loop about 1 ns a character: on the
# PowerShell documentation DL004's 16 prefilter strings cost 0.45 s by find loops and 0.5 s by the regex, DL005's
# 56 cost 1.5 s by find loops and 0.45 s by the regex.
SCAN_REGEX_FROM = 24


@dataclass(frozen=True)
class StringScan:
    """Where each of a few literal strings occurs in a text, overlapping occurrences included: by a ``str.find``
    loop per string, or, for many strings, in one pass of one regex (their trie, matched exactly), for about the
    cost of a few such loops."""

    strings: tuple[str, ...]
    regex: LazyRegex | None  # None: a find loop per string
    # string the regex matched -> the strings that start there with it: its prefixes among ``strings`` (itself
    # included). Where several strings start at one place the trie matches the longest; the others are its prefixes.
    prefixes: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, strings: Sequence[str]) -> StringScan:
        unique = tuple(dict.fromkeys(strings))
        if len(unique) < SCAN_REGEX_FROM:
            return cls(unique, None, {})
        root: dict[str | None, Any] = {}
        for string in unique:
            node = root
            for character in string:
                node = node.setdefault(re.escape(character), {})
            node[_END] = ""
        prefixes = {string: tuple(other for other in unique if string.startswith(other)) for string in unique}
        return cls(unique, LazyRegex(_render(root)), prefixes)

    def occurrences(self, text: str) -> dict[str, list[int]]:
        """Each string that occurs in ``text`` -> the offsets where it starts, in increasing order."""
        if self.regex is None:
            return {string: offsets for string in self.strings if (offsets := find_all(text, string))}
        found: dict[str, list[int]] = {}
        search = self.regex.compiled().search
        length = len(text)
        match = search(text)
        while match is not None:
            start = match.start()
            for string in self.prefixes[match.group()]:
                found.setdefault(string, []).append(start)
            if start >= length:  # an empty string matched at the end
                break
            match = search(text, start + 1)  # the next start, not the match's end: occurrences may overlap
        return found


def find_all(text: str, string: str) -> list[int]:
    """Where ``string`` starts in ``text``, overlapping occurrences included (an empty string: everywhere): a
    ``str.find`` loop, which looks for one character at the speed of ``memchr``."""
    offsets = []
    offset = text.find(string)
    while offset != -1:
        offsets.append(offset)
        offset = text.find(string, offset + 1)
    return offsets


# How much text a ``PatternSubsets`` searches with the regex of all its entries before it works out the subsets.
# On PowerShell documentation DL005's whole regex costs about 0.2 µs a character more than its subsets: 50,000
# characters cost about 10 ms, and compiling the whole regex 14 ms, against 35 ms for the analysis, which a run
# on a few small files then never pays.
WHOLE_REGEX_TEXT = 50_000


@dataclass(frozen=True)
class PatternSubsets:
    """A matcher whose patterns run only where they can match, for a rule with a ``prefilter``: a pattern (or
    the literals, together) that needs one of the prefilter's strings (``covering_strings``) runs only in a
    span where one of those occurs; the others run in every span the prefilter lets through. Each subset's regex
    is compiled when first needed, and kept.

    Reading the patterns for the strings they need parses every one of them (DL005: 35 ms), and pays off only
    over many documents: until the matcher has been given ``WHOLE_REGEX_TEXT`` characters of text, spans that
    hold a prefilter string are searched with the regex of all the entries, which finds the same (an entry can
    match only where a string it needs occurs)."""

    matcher: TokenMatcher
    patterns: tuple[str, ...]
    flags: int
    word_boundaries: bool
    prefilter: tuple[str, ...]
    scan: StringScan  # where the prefilter's strings occur in a text
    _analysis: list[_SubsetAnalysis] = field(default_factory=list, compare=False, repr=False)  # empty, or one
    _unanalysed_text: list[int] = field(default_factory=lambda: [0], compare=False, repr=False)  # characters
    _compiled: dict[tuple[int, ...], LiteralsThenPatterns | None] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, matcher: TokenMatcher, patterns: Sequence[str], ignorecase: bool, word_boundaries: bool,
              prefilter: Sequence[str]) -> PatternSubsets:
        return cls(matcher, tuple(patterns), re.IGNORECASE if ignorecase else 0, word_boundaries, tuple(prefilter),
                   StringScan.of(prefilter))

    def _analysed(self) -> _SubsetAnalysis:
        if not self._analysis:
            self._analysis.append(_SubsetAnalysis.of(self.matcher.literals, self.patterns, self.flags,
                                                     self.prefilter))
        return self._analysis[0]

    @property
    def admits(self) -> dict[str, tuple[int, ...]]:
        """Prefilter string -> the entries (patterns, then the literals) it admits."""
        return self._analysed().admits

    @property
    def always(self) -> tuple[int, ...]:
        """Entries that no prefilter string stands for."""
        return self._analysed().always

    @property
    def needs(self) -> tuple[tuple[frozenset[str], ...], ...]:
        """Per entry, sets of strings: a span must hold one string of each for the entry to run."""
        return self._analysed().needs

    def searches(self, lowered: str, spans: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int, Searcher]]:
        """``(start, end, regex)`` for each span of ``spans`` (sorted, not overlapping) that holds one of the
        prefilter's strings, from the character before it: ``lowered`` is ``usable_lowered`` of the text, its
        offsets shifted by one, so that ``lowered[start : end + 1]`` is the span and that character."""
        occurrences = self.scan.occurrences(lowered)
        if not occurrences:
            return
        find = lowered.find
        if not self._analysis and self._unanalysed_text[0] < WHOLE_REGEX_TEXT:
            self._unanalysed_text[0] += len(lowered)
            whole = self._searcher(tuple(range(len(self.patterns) + bool(self.matcher.literals))))
            assert whole is not None  # a matcher has literals or patterns
            yield from ((start, end, whole) for start, end in spans
                        if any(find(string, start, end + 1) != -1 for string in occurrences))
            return
        admitted: dict[int, set[int]] = {}  # span index -> entries
        analysis = self._analysed()
        for string, offsets in occurrences.items():
            entries = analysis.admits[string]
            for offset in offsets:
                index = bisect.bisect_right(spans, (offset, _AFTER_ANY)) - 1  # the last span starting at or before
                for candidate in (index, index - 1):  # the character before a span may end the one before it
                    if candidate >= 0 and offset + len(string) <= spans[candidate][1] + 1:
                        admitted.setdefault(candidate, set()).update(entries)
        for index in sorted(admitted):
            start, end = spans[index]
            chosen = tuple(entry for entry in sorted(admitted[index])
                           if _holds_one_of_each(find, start + 1, end + 1, analysis.needs[entry]))
            searcher = self._searcher(chosen)
            if searcher is not None:
                yield spans[index][0], spans[index][1], searcher

    def _searcher(self, chosen: tuple[int, ...]) -> LiteralsThenPatterns | None:
        if chosen in self._compiled:
            return self._compiled[chosen]
        count = len(self.patterns)
        # Compiled now, as they are needed now: searching through a LazyRegex costs a call per span.
        literals = _compiled_trie(self.matcher.regex.literals) if count in chosen else None
        patterns = [self.patterns[entry] for entry in chosen if entry < count]
        compiled: LiteralsThenPatterns | None
        if literals is None and not patterns:
            compiled = None
        elif len(patterns) == count:
            compiled = LiteralsThenPatterns(literals, _compiled(self.matcher.regex.patterns))
        else:
            compiled = LiteralsThenPatterns(literals, _combined_patterns(patterns, self.flags, self.word_boundaries)
                                            if patterns else None)
        self._compiled[chosen] = compiled
        return compiled


def _holds_one_of_each(find: Callable[[str, int, int], int], start: int, end: int,
                       needs: tuple[frozenset[str], ...]) -> bool:
    """Whether ``start:end`` of the text that ``find`` searches holds a string of each set of ``needs`` (loops
    rather than generators: this runs for every entry of every span searched)."""
    for need in needs:
        for string in need:
            if find(string, start, end) != -1:
                break
        else:
            return False
    return True


@dataclass(frozen=True)
class _SubsetAnalysis:
    """Which of a ``PatternSubsets``' entries each prefilter string admits, and what each entry needs."""

    admits: dict[str, tuple[int, ...]]
    always: tuple[int, ...]
    needs: tuple[tuple[frozenset[str], ...], ...]  # per entry: sets one string of each of which it needs

    @classmethod
    def of(cls, literals: Sequence[str], patterns: Sequence[str], flags: int,
           prefilter: Sequence[str]) -> _SubsetAnalysis:
        covering = [covering_strings(needed_literal_sets(pattern, flags), prefilter) for pattern in patterns]
        if literals:
            covering.append(_covering_literals(literals, prefilter))
        admits = {string: tuple(entry for entry, strings in enumerate(covering)
                                if strings is None or string in strings) for string in prefilter}
        always = tuple(entry for entry, strings in enumerate(covering) if strings is None)
        # A prefilter string is often shorter than what the pattern needs ("able to" for "I am not able to"):
        # checked in the span, the longer strings spare most runs of the regex.
        needs = [_span_needs(pattern, flags) for pattern in patterns] + [()] * bool(literals)
        return cls(admits, always, tuple(needs))


# The most sets of needed strings a span is checked for before a pattern runs there: the first is the most
# selective (``required_literals``), the others catch what it lets through ("the " or "this " is in most
# sentences, "automatically" in few).
_MAX_SPAN_NEEDS = 3
# The most strings an extra set may hold: each is a search of the span, and a long block (DL004 looks at whole
# paragraphs) that lacks them all costs one search per string.
_MAX_EXTRA_NEED_STRINGS = 8


def _span_needs(pattern: str, flags: int) -> tuple[frozenset[str], ...]:
    """Sets of strings each of which ``pattern`` needs one of (``needed_literal_sets``): ``required_literals``,
    then the most selective of the others that it does not imply (a span holding one of its strings can lack one
    of theirs)."""
    best = required_literals(pattern, flags)
    if best is None:
        return ()
    chosen = [best]
    for candidate in sorted(needed_literal_sets(pattern, flags), key=_selectivity):
        if len(chosen) == _MAX_SPAN_NEEDS:
            break
        if len(candidate) > _MAX_EXTRA_NEED_STRINGS:
            continue
        implied = any(all(any(string in held for string in candidate) for held in need) for need in chosen)
        if not implied:
            chosen.append(candidate)
    return tuple(chosen)


def _combined_source(patterns: Sequence[str], word_boundaries: bool) -> str:
    """The patterns as one regex of alternatives, each a group, in their order (so the first that matches at the
    leftmost position wins), with the literals' word boundaries when asked for."""
    bounded = (rf"(?<!\w)(?:{pattern})(?!\w)" if word_boundaries else f"(?:{pattern})" for pattern in patterns)
    return "|".join(f"({alternative})" for alternative in bounded)


def _combined_patterns(patterns: Sequence[str], flags: int, word_boundaries: bool) -> SafePattern | re.Pattern[str]:
    return compile_user_pattern(_combined_source(patterns, word_boundaries), flags, patterns)


def _compiled(regex: LazyRegex | SafePattern | re.Pattern[str] | None) -> SafePattern | re.Pattern[str] | None:
    return regex.compiled() if isinstance(regex, LazyRegex) else regex


def _compiled_trie(regex: LazyRegex | re.Pattern[str] | None) -> re.Pattern[str] | None:
    """A literal trie, compiled: always on ``re`` (it cannot backtrack badly)."""
    compiled = _compiled(regex)
    assert compiled is None or isinstance(compiled, re.Pattern)
    return compiled
