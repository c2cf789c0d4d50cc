"""Check kind ``duplication``: paragraphs that repeat an earlier one, exactly or nearly.

Blocks are compared on their normalised text (``comparison_key``). Exact copies are found with a hash map.
Near copies are found without comparing all pairs: a bottom-k MinHash sketch of each block's word 3-grams goes
into an inverted index, earlier blocks sharing a sketch hash become candidates, and rapidfuzz confirms each
candidate's similarity (cheapest first: a length bound, then ``ratio`` with a cut-off).

With ``--cross-file`` the same ``find_duplicates`` runs once over the paragraphs of all documents (the engine's
corpus phase), from the units ``paragraph_units`` collects per document.
"""

from __future__ import annotations

import hashlib

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from doclint.checks import CheckKind, CorpusUnit, Finding
from doclint.document import BlockKind, Document
from doclint.schema import param
from doclint.textnorm import comparison_key
from doclint.violations import Fix

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

    def __post_init__(self) -> None:
        if not 0 < self.similarity <= 100:
            raise ValueError("similarity must be greater than 0 and at most 100")
        if self.min_length < 1:
            raise ValueError("min-length must be at least 1")


def _stable_hash(text: str) -> int:
    """TEMP (dropped at merge, replaced by the stable-hash work): a 64-bit hash that is the same in every
    process, whatever PYTHONHASHSEED."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def _sketch(key: str) -> list[int]:
    """The ``SKETCH_SIZE`` smallest hashes of the block's word 3-grams (a bottom-k MinHash sketch)."""
    words = key.split()
    if len(words) <= SHINGLE_WORDS:
        return [_stable_hash(key)]
    shingles = {_stable_hash(" ".join(gram)) for gram in zip(words, words[1:], words[2:])}
    return sorted(shingles)[:SKETCH_SIZE]  # sorting a few dozen ints in C beats heapq.nsmallest


def find_duplicates(keys: list[str], similarity: float) -> Iterator[tuple[int, int, float]]:
    """For each key that repeats an earlier one, yield ``(later, first, score)``; score 100 means exact."""
    from rapidfuzz import process
    from rapidfuzz.fuzz import ratio

    first_exact: dict[str, int] = {}
    postings: dict[int, list[int]] = {}
    for index, key in enumerate(keys):
        earlier = first_exact.get(key)
        if earlier is not None:
            yield index, earlier, 100.0
            continue
        first_exact[key] = index
        if similarity >= 100:
            continue
        sketch = _sketch(key)
        candidates: set[int] = set()
        informative = 0
        for shingle in sketch:
            posting = postings.setdefault(shingle, [])
            if len(posting) >= MAX_POSTINGS:
                continue  # boilerplate: says nothing about which block this one copies
            informative += 1
            candidates.update(posting)
            posting.append(index)
        match = _first_similar(key, keys, sorted(candidates), similarity)
        if match is None and informative < len(sketch) / 2:
            # Mostly boilerplate shingles, so the index cannot see this block's copies: compare it directly
            # (rapidfuzz, in C) with a bounded window of recent blocks.
            window = range(max(0, index - FALLBACK_WINDOW), index)
            best = process.extractOne(key, {i: keys[i] for i in window}, scorer=ratio, score_cutoff=similarity)
            match = (best[2], best[1]) if best is not None else None
        if match is not None:
            yield index, match[0], match[1]


def _first_similar(key: str, keys: list[str], candidates: list[int], similarity: float) -> tuple[int, float] | None:
    from rapidfuzz.fuzz import ratio

    for candidate in candidates:
        other = keys[candidate]
        # ratio <= 200 * shorter / (len1 + len2): skip pairs whose lengths alone rule them out.
        if 200 * min(len(key), len(other)) / (len(key) + len(other)) < similarity:
            continue
        score = ratio(key, other, score_cutoff=similarity)
        if score:
            return candidate, score
    return None


def paragraph_units(document: Document, params: DuplicationParams) -> list[CorpusUnit]:
    """The blocks this rule compares, with their normalised text."""
    scopes = {BlockKind(scope) for scope in params.scopes}
    units = []
    for block in document.blocks:
        if block.kind in scopes:
            key = comparison_key(document.block_comparable(block))
            if len(key) >= params.min_length:
                units.append(CorpusUnit(block.start, block.end, key))
    return units


def run(document: Document, params: DuplicationParams) -> Iterator[Finding]:
    units = paragraph_units(document, params)
    for later, first, score in find_duplicates([unit.key for unit in units], params.similarity):
        unit, original = units[later], units[first]
        position = document.position(original.start)
        relation = "duplicates" if score >= 100 else f"is {int(score)}% similar to"
        # Only an exact copy is safe to delete; a near copy may hold the corrected version.
        deletion = document.whole_lines_span(unit.start, unit.end) if score >= 100 else None
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
