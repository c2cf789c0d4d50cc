"""A linear word n-gram scorer that adds to DL003's cue score (``attribution``): the context a cue stands in.

The weights are data: a UTF-8 text file named by the rule (``scorer.weights``), one ``weight<TAB>n-gram`` per
line (``#`` starts a comment), written by ``python bench/fit_dl003.py --write``. A sentence is lower-cased and cut
into words once; each distinct word and pair of neighbouring words found in the file adds its weight, and the sum
is clipped to ``[-clip, clip]`` so that the cues stay what triggers a finding (and so that a sentence whose cues
cannot reach the threshold even with the largest n-gram gain is skipped without being scored).
"""

from __future__ import annotations

import re
from pathlib import Path

from doclint.ruledirs import builtin_rules_dir

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def ngrams(sentence: str) -> set[str]:
    """The distinct words and word pairs of ``sentence`` ("it is", "is expected"), lower-cased."""
    words = _WORD.findall(sentence.lower().replace("\u2019", "'"))
    grams = set(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return grams


class NgramScorer:
    """Scores sentences by their n-grams. Words and word pairs are looked up without building the pairs as strings
    (a pair is looked up under its first word), and the last sentence's result is kept: the rule asks twice for a
    sentence it reports (whether it may reach the threshold, then its score)."""

    __slots__ = ("weights", "clip", "_words", "_pairs", "_last")

    def __init__(self, weights: dict[str, float], clip: float) -> None:
        self.weights = weights
        self.clip = clip
        self._words: dict[str, float] = {}
        self._pairs: dict[str, dict[str, float]] = {}
        for gram, weight in weights.items():
            first, _, second = gram.partition(" ")
            if second:
                self._pairs.setdefault(first, {})[second] = weight
            else:
                self._words[first] = weight
        self._last: tuple[str, tuple[float, str]] | None = None

    def __reduce__(self) -> tuple[object, ...]:
        return (NgramScorer, (self.weights, self.clip))

    def score(self, sentence: str) -> tuple[float, str]:
        """The clipped sum of the weights of the distinct n-grams of ``sentence``, and the n-gram that weighed
        most (the first of equals in sentence order; empty when none weighs above 0)."""
        last = self._last
        if last is not None and last[0] == sentence:
            return last[1]
        words = _WORD.findall(sentence.lower().replace("\u2019", "'"))
        unigrams, pairs = self._words, self._pairs
        seen: set[str] = set()
        total = 0.0
        strongest, strongest_weight = "", 0.0
        for index, word in enumerate(words):
            weight = unigrams.get(word)
            if weight is not None and word not in seen:
                seen.add(word)
                total += weight
                if weight > strongest_weight:
                    strongest, strongest_weight = word, weight
            following = pairs.get(word)
            if following is not None and index + 1 < len(words):
                weight = following.get(words[index + 1])
                if weight is not None:
                    gram = f"{word} {words[index + 1]}"
                    if gram not in seen:
                        seen.add(gram)
                        total += weight
                        if weight > strongest_weight:
                            strongest, strongest_weight = gram, weight
        result = (max(-self.clip, min(self.clip, total)), strongest)
        self._last = (sentence, result)
        return result


def is_file_name(name: str) -> bool:
    """Whether ``name`` is a bare file name (no directory part, not "." or ".."), as ``weights_path`` needs."""
    return name not in {"", ".", ".."} and "/" not in name and "\\" not in name and Path(name).name == name


def weights_path(name: str) -> Path:
    """The weights file a rule names: a file of that name in the built-in rule directory. Names only, never paths,
    so that a rule in a checked repository cannot make doclint read (and quote, in an error) a file elsewhere."""
    if not is_file_name(name):
        raise ValueError(f"scorer.weights: {name!r} is not a file name")
    return builtin_rules_dir() / name


def read_weights(path: Path) -> dict[str, float]:
    """``{n-gram: weight}`` from a weights file; a malformed line raises ``ValueError`` naming its line."""
    weights: dict[str, float] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            weight, _, gram = line.partition("\t")
            try:
                weights[gram] = float(weight)
            except ValueError:
                raise ValueError(f"{path}:{number}: expected 'weight<TAB>n-gram', got {line[:60]!r}") from None
            if not gram:
                raise ValueError(f"{path}:{number}: expected 'weight<TAB>n-gram', got {line[:60]!r}")
    return weights


def write_weights(path: Path, weights: dict[str, float], header: str) -> None:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"{weight:.3f}\t{gram}" for gram, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
