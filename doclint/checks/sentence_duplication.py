"""Check kind ``sentence-duplication``: sentences repeated within a document, and the paragraph copies they make.

What editing and text generation leave behind is rarely a whole paragraph pasted twice (``duplication``'s
business) but pieces of one:

- a sentence repeated anywhere later in the document, or twice in a row in slightly different words
  ("I would say it's ..." / "I'd say it is ...");
- a glued copy: a paragraph that contains all of an earlier paragraph followed or preceded by other text (the
  line break between the copy and its neighbour was lost);
- a partial copy: a paragraph made of some of the sentences of an earlier one (a sentence dropped or added).

Sentences (``Document.sentences``, with quotations split) are keyed like paragraphs; a near copy must keep the
anchors of its original (``textnorm``). Matches are then grouped
into runs: consecutive sentences of one paragraph copying consecutive sentences of one earlier paragraph; each
run is one finding over the copy's span, naming where the original starts. A later paragraph that is as a whole
a near or exact copy of the earlier one (at ``paragraph-similarity``) is left to ``duplication``, so the two rules
do not report the same copy twice. Sentences shorter than ``min-length`` ("Read more.", "He declined to
comment.") are never compared.

The fix deletes the copy only when every sentence of the run is an exact copy (after normalisation), the
document is prose, and the span holds no markup that a deletion could unbalance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from doclint.checks import CheckKind, Finding
from doclint.checks.duplication import MAX_POSTINGS, SHINGLE_WORDS, definition_blocks, is_prose_document
from doclint.document import BlockKind, Document, Sentence
from doclint.sentences import split_sentences
from doclint.schema import param
from doclint.textnorm import anchors, comparison_key, same_anchors
from doclint.violations import Fix


Scope = Literal["paragraph", "list_item", "blockquote", "table_cell"]


@dataclass(frozen=True)
class SentenceDuplicationParams:
    similarity: float = param(85.0, "How similar (0-100, rapidfuzz ratio of the normalised texts) a sentence must "
                                    "be to an earlier one to count as its copy; 100 counts exact copies only.")
    min_length: int = param(30, "Sentences shorter than this many characters (after normalisation) are never "
                                "compared, so stock sentences such as 'Read more.' are not reported.")
    paragraph_similarity: float = param(90.0, "A paragraph this similar as a whole to the earlier paragraph it "
                                              "copies is left to the paragraph rule (duplicate-paragraph).")
    near_window: int = param(3, "A near copy (below 100) counts only in its original's paragraph, within this many "
                                "sentences of it: a stutter in generated or edited text. Elsewhere, similar "
                                "sentences are parallel "
                                "structure (\"Specifies the minimum ...\" / \"Specifies the maximum ...\"); exact "
                                "copies count anywhere.")
    scopes: tuple[Scope, ...] = param(["paragraph", "blockquote"],
                                      "Which kinds of block hold the sentences compared (list items and table cells "
                                      "of reference documentation repeat their phrasing on purpose).")

    def __post_init__(self) -> None:
        if self.near_window < 1:
            raise ValueError("near-window must be at least 1")
        for name in ("similarity", "paragraph_similarity"):
            if not 0 < getattr(self, name) <= 100:
                raise ValueError(f"{name.replace('_', '-')} must be greater than 0 and at most 100")
        if self.min_length < 1:
            raise ValueError("min-length must be at least 1")


@dataclass(frozen=True, slots=True, order=True)
class _Match:
    later: int  # index into Document.sentences
    first: int
    score: float


_MAX_ATTRIBUTION = 60  # characters after a closing quotation mark that name the speaker
_QUOTE_MARKS = str.maketrans({mark: " " for mark in "\"“”«»"})


def sentence_spans(document: Document) -> tuple[Sentence, ...]:
    """The document's sentences, with quotations split too: a speaker who says the same thing twice in one
    quotation ("I would say it's ... I'd say it is ...," she said) repeats a sentence. (``Document.sentences``
    keeps a quotation whole, so that the speaker named after it belongs to it.)"""
    prose = document.prose
    if '"' not in prose and "“" not in prose and "”" not in prose and "«" not in prose:
        return document.sentences  # no quotation anywhere: the sentences as they are
    result: list[Sentence] = []
    for sentence in document.sentences:
        text = prose[sentence.start : sentence.end]
        if '"' not in text and "“" not in text and "”" not in text and "«" not in text:
            result.append(sentence)
            continue
        masked = text.translate(_QUOTE_MARKS)  # same length: offsets hold
        for start, end in split_sentences(masked):
            start, end = start + sentence.start, end + sentence.start
            result.append(Sentence(start, _before_attribution(prose, start, end), sentence.block))
    return tuple(result)


def _before_attribution(prose: str, start: int, end: int) -> int:
    """The end of a quoted sentence without the attribution after its closing mark: '... in years," the coach
    said.' ends after "years"."""
    close = max(prose.rfind('"', start + 1, end), prose.rfind("”", start + 1, end))
    if close == -1 or end - close > _MAX_ATTRIBUTION:
        return end
    return close - 1 if prose[close - 1] == "," else close


_NON_WORD_CHARACTER = re.compile(r"[^\w\s]|_")  # whitespace stays: split() collapses it
_ASCII_PUNCTUATION = str.maketrans({character: " " for character in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})


class _Keys:
    """Comparison keys of the sentences, and their anchors computed only when a near match needs them.

    Keys are cut from the document's prose normalised once (lower case, every non-word character a space, same
    length, so offsets hold): one pass in C instead of one normalisation per sentence. The prose has inline
    code blanked, so a sentence with markup inside is confirmed on its full key (``full``), code included."""

    def __init__(self, document: Document, spans: tuple[Sentence, ...], params: SentenceDuplicationParams) -> None:
        self.document = document
        self.spans = spans
        self.markdown = document.format == "markdown"
        self.anchors: dict[int, list[str]] = {}
        self.full_keys: dict[int, str] = {}
        scopes = {BlockKind(scope) for scope in params.scopes}
        normalised = document.prose.lower().translate(_ASCII_PUNCTUATION)  # one pass in C
        if not normalised.isascii():
            normalised = _NON_WORD_CHARACTER.sub(" ", normalised)
        if len(normalised) != len(document.prose):  # a character whose lower case is longer ("İ")
            normalised = ""
        words = []
        blocks, shortest = document.blocks, params.min_length
        definitions = definition_blocks(document)
        for span in spans:
            # A key is never longer than its sentence's prose: short sentences are ruled out unread.
            if (span.end - span.start < shortest or blocks[span.block].kind not in scopes
                    or span.block in definitions):
                words.append("")
            elif normalised:
                words.append(" ".join(normalised[span.start : span.end].split()))
            else:
                words.append(self.full(len(words)))
        self.words = words

    def has_markup(self, index: int) -> bool:
        span = self.spans[index]
        return self.document.text[span.start : span.end] != self.document.prose[span.start : span.end]

    def full(self, index: int) -> str:
        """The sentence's key with its inline code (``comparable_text``), as paragraphs are compared."""
        key = self.full_keys.get(index)
        if key is None:
            span = self.spans[index]
            source = self.document.text[span.start : span.end]
            if self.markdown:
                from doclint.parsing.markdown import comparable_text

                source = comparable_text(source)
            key = self.full_keys[index] = comparison_key(source)
        return key

    def same(self, index: int, other: int) -> bool:
        """Whether two sentences with equal prose keys are equal with their markup too."""
        if not (self.has_markup(index) or self.has_markup(other)):
            return True
        return self.full(index) == self.full(other)

    def anchors_of(self, index: int) -> str:
        found = self.anchors.get(index)
        if found is None:
            span = self.spans[index]
            source = self.document.text[span.start : span.end]
            if self.markdown:
                from doclint.parsing.markdown import anchor_text

                source = anchor_text(source)
            found = self.anchors[index] = anchors(source)
        return " ".join(found)


def _matches(spans: tuple[Sentence, ...], document: Document, params: SentenceDuplicationParams) -> list[_Match]:
    """Each eligible sentence's exact copy, or most similar earlier sentence.

    Near-copy candidates are the earlier sentences that share the first or the last three words: a sentence with
    one word changed, or a contraction made ("I would say" / "I'd say"), keeps one end intact, and two dictionary
    look-ups per sentence are far cheaper than a MinHash sketch (sentences are many and short)."""
    from rapidfuzz.fuzz import ratio

    keys = _Keys(document, spans, params)
    exact: dict[str, int] = {}
    by_edge: dict[str, list[int]] = {}
    matches = []
    near = params.similarity < 100
    for index, words in enumerate(keys.words):
        if len(words) < params.min_length:
            continue
        earlier = exact.get(words)
        if earlier is not None and keys.same(index, earlier):
            matches.append(_Match(index, earlier, 100.0))
            continue
        exact.setdefault(words, index)
        if near:
            # the first and the last three words (``split`` with a limit: the same words, fewer strings made)
            edges = ("<" + " ".join(words.split(None, SHINGLE_WORDS)[:SHINGLE_WORDS]),
                     " ".join(words.rsplit(None, SHINGLE_WORDS)[-SHINGLE_WORDS:]) + ">")
            block = spans[index].block
            nearest = index - params.near_window
            found = []
            for edge in edges:
                # A posting lists earlier sentences in order: only its tail can be near enough.
                for candidate in reversed(by_edge.get(edge, ())):
                    if candidate < nearest:
                        break
                    if spans[candidate].block == block:
                        found.append(candidate)
            best: tuple[int, float] | None = None
            for candidate in sorted(set(found)) if found else ():
                score = ratio(words, keys.words[candidate], score_cutoff=best[1] if best else params.similarity)
                if score and (best is None or score > best[1]) and same_anchors(keys.anchors_of(index),
                                                                                 keys.anchors_of(candidate)):
                    best = (candidate, score)
            if best is not None:
                matches.append(_Match(index, best[0], best[1]))
            for edge in edges:
                posting = by_edge.setdefault(edge, [])
                if len(posting) < MAX_POSTINGS:
                    posting.append(index)
    return matches


def _runs(sentences: tuple[Sentence, ...], matches: list[_Match]) -> list[list[_Match]]:
    """Consecutive copies in one paragraph of consecutive sentences of one earlier paragraph."""
    runs: list[list[_Match]] = []
    for match in sorted(matches, key=lambda m: m.later):
        if runs:
            last = runs[-1][-1]
            if (match.later == last.later + 1 and match.first == last.first + 1
                    and sentences[match.later].block == sentences[last.later].block
                    and sentences[match.first].block == sentences[last.first].block
                    and sentences[match.first].block != sentences[match.later].block):
                runs[-1].append(match)
                continue
        runs.append([match])
    return runs


def _sentences_by_block(sentences: tuple[Sentence, ...]) -> dict[int, list[int]]:
    """Block index -> indexes of its sentences, in order."""
    by_block: dict[int, list[int]] = {}
    for index, sentence in enumerate(sentences):
        by_block.setdefault(sentence.block, []).append(index)
    return by_block


def _block_key(document: Document, block: int) -> str:
    return document.comparison_units.key(block)


def _describe(run: list[_Match], copy_sentences: list[int], original_sentences: list[int]) -> tuple[str, str, str]:
    """(subject, relation, target) of the message: what the run is."""
    whole_original = [m.first for m in run] == original_sentences
    whole_copy = [m.later for m in run] == copy_sentences
    exact = all(m.score >= 100 for m in run)
    if len(original_sentences) > 1 and whole_original and not whole_copy:
        return "Paragraph", "contains a copy of" if exact else "contains a near copy of", "the paragraph"
    if len(original_sentences) > 1 and whole_copy and not whole_original:
        return ("Paragraph", f"repeats {len(run)} of the {len(original_sentences)} sentences of", "the paragraph")
    if len(run) == 1:
        relation = "duplicates" if exact else f"is {int(run[0].score)}% similar to"
        return "Sentence", relation, "the sentence"
    return f"{len(run)} sentences", "repeat" if exact else "nearly repeat", "sentences of the paragraph"


def _deletion(document: Document, sentences: tuple[Sentence, ...], run: list[_Match],
              copy_sentences: list[int], original_sentences: list[int]) -> tuple[int, int] | None:
    """The span that removes an exact copy: the whole paragraph when the run is all of it, else the run's
    sentences with the whitespace that separated them from the next (or previous) sentence."""
    if not is_prose_document(document) or any(m.score < 100 for m in run):
        return None
    whole = ([m.later for m in run] == copy_sentences
             or [m.first for m in run] == original_sentences)
    if not whole and sentences[run[0].later].block - sentences[run[0].first].block > 1:
        return None  # a sentence repeated far from its original may be meant (a reminder in another section)
    start, end = sentences[run[0].later].start, sentences[run[-1].later].end
    if document.text[start:end] != document.prose[start:end]:
        return None  # inline markup inside: deleting part of it could unbalance it
    position = copy_sentences.index(run[-1].later)
    if [m.later for m in run] == copy_sentences:
        block = document.blocks[sentences[run[0].later].block]
        return document.whole_lines_span(block.start, block.end) if (block.start, block.end) == (start, end) else None
    if position + 1 < len(copy_sentences):
        return start, sentences[copy_sentences[position + 1]].start
    previous = copy_sentences[copy_sentences.index(run[0].later) - 1]
    return sentences[previous].end, end


def run(document: Document, params: SentenceDuplicationParams) -> Iterator[Finding]:
    from rapidfuzz.fuzz import ratio

    sentences = spans = sentence_spans(document)
    by_block: dict[int, list[int]] | None = None  # built for the first copy found
    for copy in _runs(spans, _matches(spans, document, params)):
        later_block, first_block = sentences[copy[0].later].block, sentences[copy[0].first].block
        if later_block != first_block and ratio(_block_key(document, later_block), _block_key(document, first_block),
                                                score_cutoff=params.paragraph_similarity):
            continue  # a paragraph copy as a whole: duplicate-paragraph reports it
        if by_block is None:
            by_block = _sentences_by_block(sentences)
        copy_sentences, original_sentences = by_block[later_block], by_block[first_block]
        subject, relation, target = _describe(copy, copy_sentences, original_sentences)
        original = sentences[copy[0].first]
        position = document.position(original.start)
        deletion = _deletion(document, sentences, copy, copy_sentences, original_sentences)
        score = min(m.score for m in copy)
        yield Finding(
            sentences[copy[0].later].start,
            sentences[copy[-1].later].end,
            {"subject": subject, "relation": relation, "target": target, "similarity": int(score),
             "first": f"line {position.line}", "first_line": position.line, "first_column": position.column},
            related=(original.start,),
            fix=Fix(deletion[0], deletion[1], "") if deletion else None,
            data={"similarity": round(score, 1), "sentences": len(copy)},
        )


KIND = CheckKind(
    name="sentence-duplication",
    summary="Sentences repeated within a document, and glued or partial copies of a paragraph.",
    params=SentenceDuplicationParams,
    run=run,
    message_fields=frozenset({"subject", "relation", "target", "similarity", "first", "first_line", "first_column"}),
)
