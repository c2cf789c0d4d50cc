"""Check kind ``duplication``: paragraphs that repeat an earlier one, exactly or nearly.

Blocks are compared on their normalised text (``textnorm.keyed``). Exact copies are found with a hash map.
Near copies are found without comparing all pairs: a bottom-k MinHash sketch of each block's word 3-grams goes
into an inverted index, earlier blocks sharing a sketch hash become candidates, and rapidfuzz scores each
candidate (cheapest first: a length bound, then ``ratio`` with a cut-off). A near copy must also carry the same
anchors (numbers, inline code, paths, identifiers): "0 passed" and "1 passed" are different statements.

Determinism: the sketches hash words with CRC-32 and 3-grams as tuples of those integers, never strings with
Python's ``hash()``, which changes with ``PYTHONHASHSEED``; and a near copy is matched to the *most* similar
candidate (the earliest on a tie), not to whichever candidate the index happens to list first. So the same
input gives the same findings in every process, with any ``--jobs``.

With ``--cross-file`` the same ``find_duplicates`` runs once over the paragraphs of all documents (the engine's
corpus phase), from the units ``paragraph_units`` collects per document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import Literal, TypeVar, cast
from zlib import crc32

from doclint.checks import CheckKind, CorpusUnit, Finding
from doclint.document import BlockKind, Document
from doclint.schema import param
from doclint.textnorm import ANCHOR_SEPARATOR, same_anchors, split_key
from doclint.violations import Fix

T = TypeVar("T")
K = TypeVar("K")

Scope = Literal["paragraph", "list_item", "blockquote", "table_cell"]
SHINGLE_WORDS = 3
# Blocks are indexed by the smallest hashes of their 3-grams. Two blocks whose 3-gram sets overlap by a share J
# miss each other only if none of the smallest SKETCH_SIZE hashes of their union is shared: about (1 - J) ** 8,
# under 0.1% for a copy with a few words changed (J >= 0.6), while indexing 8 hashes instead of ~50 per block.
SKETCH_SIZE = 8
# Shingles seen in more blocks than this are boilerplate; they add no useful candidates, only work.
MAX_POSTINGS = 50
# A block made mostly of boilerplate shingles is compared directly with this many preceding blocks.
FALLBACK_WINDOW = 2000


@dataclass(frozen=True)
class DuplicationParams:
    similarity: float = param(90.0, "How similar (0-100, rapidfuzz ratio of the normalised texts) a paragraph "
                                    "must be to an earlier one to be reported; 100 reports exact copies only.")
    min_length: int = param(40, "Paragraphs shorter than this many characters (after normalisation) are "
                                "ignored, so short boilerplate such as 'Read more.' is never reported.")
    scopes: tuple[Scope, ...] = param(["paragraph", "list_item", "blockquote"],
                                      "Which kinds of block are compared.")
    near_scopes: tuple[Scope, ...] = param(["paragraph", "blockquote"],
                                           "Which kinds of block are reported as near copies (below 100): list "
                                           "items that differ in a word are parallel structure far more often than "
                                           "copies (\"... for Invoke operations\" / \"... for Shell operations\"), "
                                           "unless an exact copy stands beside them (a copied list, edited).")

    def __post_init__(self) -> None:
        if not 0 < self.similarity <= 100:
            raise ValueError("similarity must be greater than 0 and at most 100")
        if self.min_length < 1:
            raise ValueError("min-length must be at least 1")


def sketch(words: str) -> list[int]:
    """The ``SKETCH_SIZE`` smallest hashes of the words' 3-grams (a bottom-k MinHash sketch).

    Each word's hash is the CRC-32 of its UTF-8 bytes and a 3-gram's is the hash of the tuple of three such
    integers. Both are stable across processes: Python salts the hashes of strings and bytes per process
    (``PYTHONHASHSEED``), never those of integers or of tuples of integers. All of it runs in C through ``map``.
    A collision only adds a candidate, which rapidfuzz then rejects."""
    encoded = words.encode("utf-8", "surrogatepass")
    tokens = list(map(crc32, encoded.split()))
    if len(tokens) <= SHINGLE_WORDS:
        return [crc32(encoded)]
    return sorted(set(map(hash, zip(tokens, tokens[1:], tokens[2:]))))[:SKETCH_SIZE]


def find_duplicates(keys: list[str], similarity: float,
                    anchors_of: Callable[[int], str] | None = None) -> Iterator[tuple[int, int, float]]:
    """For each key that repeats an earlier one, yield ``(later, first, score)``; score 100 means exact.

    A near copy needs the same anchors as the block it copies: keys are ``textnorm.keyed`` strings that carry
    them, or plain comparison keys with ``anchors_of(index)`` computing them only when a near match needs them.
    A later key is matched to its most similar earlier key (the earliest on a tie)."""

    parts = [split_key(key) for key in keys]
    words_list = [words for words, _ in parts]
    words_of = words_list.__getitem__  # a C call per candidate, no Python frame
    anchors: Callable[[int], str]
    if anchors_of is None:
        anchors = [found for _, found in parts].__getitem__
    else:
        anchors = _cached(anchors_of)
    first_exact: dict[str, int] = {}
    postings: dict[int, list[int]] = {}
    for index, words in enumerate(words_list):
        # an exact copy is a copy whatever its anchors (its section may differ)
        earlier = first_exact.setdefault(words, index)
        if earlier != index:
            yield index, earlier, 100.0
            continue
        if similarity >= 100:
            continue
        shingles = sketch(words)
        if not any(map(postings.get, shingles)):
            # No earlier block shares a hash (most blocks): each hash gets its posting, in C, and nothing to compare.
            postings.update(zip(shingles, map(list, zip(repeat(index)))))
            continue
        candidates: set[int] = set()
        informative = 0
        for shingle in shingles:
            posting = postings.get(shingle)
            if posting is None:
                postings[shingle] = [index]
                informative += 1
            elif len(posting) < MAX_POSTINGS:  # else boilerplate: says nothing about which block this one copies
                informative += 1
                candidates.update(posting)
                posting.append(index)
        match = None
        if candidates:
            match = most_similar(words, sorted(candidates), words_of,
                                 lambda candidate: same_anchors(anchors(index), anchors(candidate)), similarity)
        if match is None and informative < len(shingles) / 2:
            # Mostly boilerplate shingles, so the index cannot see this block's copies: compare it directly
            # (rapidfuzz, in C) with a bounded window of recent blocks, in one pass, best first. (Asking again after
            # each disagreeing block was quadratic in the window: 3,000 lines differing in a number took minutes.)
            window = {i: words_list[i] for i in range(max(0, index - FALLBACK_WINDOW), index)}
            match = window_match(words, window, lambda other: same_anchors(anchors(other), anchors(index)),
                                 similarity)
        if match is not None:
            yield index, match[0], match[1]


def _cached(anchors_of: Callable[[int], str]) -> Callable[[int], str]:
    """``anchors_of``, each index's anchors computed once, on first use."""
    found_anchors: dict[int, str] = {}

    def cached(index: int) -> str:
        found = found_anchors.get(index)
        if found is None:
            found = found_anchors[index] = anchors_of(index)
        return found

    return cached


def most_similar(words: str, candidates: Iterable[T], words_of: Callable[[T], str],
                 agrees: Callable[[T], bool], similarity: float) -> tuple[T, float] | None:
    """The candidate most similar to ``words`` (the earliest on a tie) at ``similarity`` or more whose anchors
    ``agrees``. Shared with ``doclint scan``, whose buckets must choose as ``find_duplicates`` does.

    One call into rapidfuzz scores every candidate (in C, with its length bound and cut-off) and returns them best
    first, the earliest first on a tie; ``agrees`` is asked down that list until one agrees. (A loop in Python
    over the candidates, asking rapidfuzz one pair at a time, cost about half of the corpus phase.)"""
    from rapidfuzz import process
    from rapidfuzz.fuzz import ratio

    listed = candidates if isinstance(candidates, list) else list(candidates)
    if not listed:
        return None
    found = process.extract(words, [words_of(candidate) for candidate in listed], scorer=ratio,
                            score_cutoff=similarity, limit=None)
    return next(((listed[index], score) for _, score, index in found if agrees(listed[index])), None)


def window_match(words: str, window: Mapping[K, str], agrees: Callable[[K], bool],
                 similarity: float) -> tuple[K, float] | None:
    """The most similar block of ``window`` (key -> words) whose anchors ``agrees``: one pass in C, best first.
    Shared with ``doclint scan``."""
    from rapidfuzz import process
    from rapidfuzz.fuzz import ratio

    found = process.extract(words, window, scorer=ratio, score_cutoff=similarity, limit=None)
    return next(((key, score) for _, score, key in found if agrees(key)), None)


def definition_blocks(document: Document) -> frozenset[int]:
    """Indexes of the Markdown paragraphs that are definition lists (a line opening with ": ")."""
    return document.comparison_units.definitions


def is_prose_document(document: Document) -> bool:
    """False for plain text the parser took for program output: nothing there is ever deleted."""
    return document.format == "markdown" or document.paragraph_mode in ("lines", "blank-lines")


def paragraph_units(document: Document, params: DuplicationParams) -> list[CorpusUnit]:
    """The blocks this rule compares across documents, their keys carrying their anchors."""
    shared = document.comparison_units
    units = []
    for unit, index in _units(document, params):
        found = shared.anchors(index)
        units.append(CorpusUnit(unit.start, unit.end, f"{unit.key}{ANCHOR_SEPARATOR}{found}" if found else unit.key))
    return units


def _units(document: Document, params: DuplicationParams) -> list[tuple[CorpusUnit, int]]:
    """The blocks this rule compares, with their comparison keys and block indexes. Definition lists and
    templating are not prose. Kept with the document's units: the rule runs and collects on the same blocks."""
    shared = document.comparison_units
    kept = shared.selections.get(params)
    if kept is not None:
        return cast("list[tuple[CorpusUnit, int]]", kept)
    scopes = {BlockKind(scope) for scope in params.scopes}
    definitions = shared.definitions
    units: list[tuple[CorpusUnit, int]] = []
    for index, block in enumerate(document.blocks):
        if block.kind not in scopes or index in definitions:
            continue
        key = shared.prose_key(index)
        if len(key) >= params.min_length:
            start, end = shared.span(index)
            units.append((CorpusUnit(start, end, key), index))
    shared.selections[params] = units
    return units


def run(document: Document, params: DuplicationParams) -> Iterator[Finding]:
    located = _units(document, params)
    units = [unit for unit, _ in located]
    shared = document.comparison_units

    def anchors_of(index: int) -> str:
        return shared.anchors(located[index][1])

    near_scopes = {BlockKind(scope) for scope in params.near_scopes}
    matches = list(find_duplicates([unit.key for unit in units], params.similarity, anchors_of))
    exact = {(later, first) for later, first, score in matches if score >= 100}
    for later, first, score in matches:
        if (score < 100 and not (document.blocks[located[later][1]].kind in near_scopes
                                 and document.blocks[located[first][1]].kind in near_scopes)
                and (later - 1, first - 1) not in exact and (later + 1, first + 1) not in exact):
            continue  # parallel structure, unless it sits in a copied run (an exact copy beside it)
        unit, original = units[later], units[first]
        position = document.position(original.start)
        relation = "duplicates" if score >= 100 else f"is {int(score)}% similar to"
        # Only an exact copy is safe to delete; a near copy may hold the corrected version.
        deletion = (document.whole_lines_span(unit.start, unit.end)
                    if score >= 100 and is_prose_document(document) else None)
        yield Finding(
            unit.start,
            unit.end,
            {"relation": relation, "similarity": int(score), "first": f"line {position.line}",
             "first_line": position.line, "first_column": position.column},
            related=(original.start,),
            fix=Fix(deletion[0], deletion[1], "") if deletion else None,
            data={"similarity": round(score, 1)},
        )


KIND = CheckKind(
    name="duplication",
    summary="Paragraphs that repeat an earlier paragraph exactly or nearly (rapidfuzz).",
    params=DuplicationParams,
    run=run,
    message_fields=frozenset({"relation", "similarity", "first", "first_line", "first_column"}),
    collect=paragraph_units,
)
