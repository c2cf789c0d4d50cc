"""A linear word n-gram scorer that adds to DL003's cue score (``attribution``): the context a cue stands in.

The weights are data: a UTF-8 text file named by the rule (``scorer.weights``), one ``weight<TAB>n-gram`` per
line (``#`` starts a comment), written by ``python bench/fit_dl003.py --write``. A sentence is lower-cased and cut
into words once; each distinct word and pair of neighbouring words found in the file adds its weight, and the sum
is clipped to ``[-clip, clip]`` so that the cues stay what triggers a finding (and so that a sentence whose cues
cannot reach the threshold even with the largest n-gram gain is skipped without being scored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from doclint.ruledirs import builtin_rules_dir

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def ngrams(sentence: str) -> set[str]:
    """The distinct words and word pairs of ``sentence`` ("it is", "is expected"), lower-cased."""
    words = _WORD.findall(sentence.lower().replace("\u2019", "'"))
    grams = set(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return grams


@dataclass(frozen=True)
class NgramScorer:
    weights: dict[str, float]
    clip: float

    def score(self, sentence: str) -> tuple[float, str]:
        """The clipped sum of the weights of the n-grams of ``sentence``, and the n-gram that weighed most."""
        weights = self.weights
        total = 0.0
        strongest, strongest_weight = "", 0.0
        for gram in ngrams(sentence):
            weight = weights.get(gram)
            if weight is not None:
                total += weight
                if weight > strongest_weight:
                    strongest, strongest_weight = gram, weight
        return max(-self.clip, min(self.clip, total)), strongest


def weights_path(name: str) -> Path:
    """A weights file named by a rule: an absolute path, or a file in the built-in rule directory."""
    path = Path(name)
    return path if path.is_absolute() else builtin_rules_dir() / path


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
