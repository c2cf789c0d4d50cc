"""Learn DL003's cue weights, bias and profile thresholds from TRAINING data only.

    python bench/fit_dl003.py [--rules DIR] [--folds 5] [--write]

Features are the rule's own claim cues that no attribution covers, found with the rule's full machinery (clauses,
reported speech, quotations), each cue with every weight set to 1 so none is left out. Rows: the CoNLL-2010
Wikipedia TRAIN split with its "uncertain" labels, and the PolNeAR-TRAIN sentences that carry an attribution with a
named source as negatives (news that names its sources is never to be reported). A weighted L2 logistic
regression (a cue's weight is its family's plus its own, clipped at 0) gives the weights; the cues of the core
families are then raised so that one alone reaches the default threshold.

Thresholds are chosen by k-fold cross-validation on CoNLL train: each fold refits on the other folds (plus the
PolNeAR-train negatives) and scores the held-out fold, and each profile's threshold is the one with the best F1 over
the out-of-fold scores at a minimum precision (``PROFILE_PRECISION``), the default profile scoring without its
muted families. The dev split is never read here; ``eval_dl003.py`` reports it once.

``--write`` puts the weights, the bias and both thresholds into the rule file, editing only the numbers (comments
and order stay).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from eval_dl003 import CODE, EVAL, Labelled, conll, polnear

from doclint.checks import attribution
from doclint.document import Document
from doclint.rules import Rule, load_rules

CORE_FAMILIES = ("weasel_source", "hearsay", "interpretation", "superlative")  # one cue of these flags on its own (default profile)
FLOOR_MARGIN = 0.25
# The precision each profile must keep on the out-of-fold CoNLL TRAIN scores. Train labels are noisier than dev
# (the data README: only 26% of train sentences with "may" are labelled uncertain, 51% in dev), so train precision
# runs below dev precision at the same threshold.
PROFILE_PRECISION = {"default": 0.70, "reference": 0.55}
NEWS_WEIGHT = 1.0  # weight of each PolNeAR named-source sentence (a negative) against a CoNLL sentence

Features = frozenset[tuple[int, str]]  # (family index, cue as written)


def fitting_rule(rule: Rule) -> attribution.PreparedAttribution:
    """The rule prepared so that every listed cue is found (weight 1, no family muted, no threshold)."""
    params = rule.params
    families = tuple(dataclasses.replace(family, cues={c: 1.0 for c in family.cues},
                                         patterns={p: 1.0 for p in family.patterns})
                     for family in params.claim_cues)
    profiles = {"fit": attribution.Profile(threshold=-math.inf)}
    return attribution.prepare(dataclasses.replace(params, claim_cues=families, profiles=profiles, profile="fit",
                                                   threshold=None))


def sentence_features(document: Document, prepared: attribution.PreparedAttribution,
                      spans: list[tuple[int, int]]) -> list[Features]:
    """Per unit of ``spans`` (sorted): the cues of its sentences that no attribution covers."""
    import bisect

    begins = [s for s, _ in spans]
    found: list[set[tuple[int, str]]] = [set() for _ in spans]
    for sentence, hits in attribution.sentence_hits(document, prepared, prune=False):
        unit = bisect.bisect_right(begins, sentence.start) - 1
        if unit >= 0 and sentence.start < spans[unit][1]:
            found[unit].update((prepared.cues[i].family, prepared.cues[i].text) for i in hits)
    return [frozenset(f) for f in found]


def conll_features(data: Labelled, prepared: attribution.PreparedAttribution) -> list[Features]:
    return [frozenset((prepared.cues[i].family, prepared.cues[i].text)
                      for _, hits in attribution.sentence_hits(document, prepared, prune=False) for i in hits)
            for document in data.documents]


def news_negatives(documents: list[Document], marks: list[list[str | None]],
                   prepared: attribution.PreparedAttribution) -> list[Features]:
    """Features of the PolNeAR sentences that carry an attribution with a named source."""
    rows = []
    for document, sentence_marks in zip(documents, marks):
        features = sentence_features(document, prepared, [(s.start, s.end) for s in document.sentences])
        rows += [f for f, mark in zip(features, sentence_marks) if mark == "named"]
    return rows


def fit_logistic(rows: list[tuple[tuple[int, ...], int, float]], size: int, l2: float = 1.0,
                 iterations: int = 400) -> tuple[list[float], float]:
    """Weighted L2-regularised logistic regression on sparse binary features (the indexes of a row's features;
    label; sample weight), by full-batch Adagrad; pure Python. Identical rows are merged first."""
    merged: dict[tuple[tuple[int, ...], int], float] = {}
    for cues, label, weight in rows:
        merged[cues, label] = merged.get((cues, label), 0.0) + weight
    weights, bias = [0.0] * size, 0.0
    g2, b2 = [1e-8] * size, 1e-8
    total = sum(w for _, _, w in rows)
    active = [(c, y, w) for (c, y), w in merged.items() if c]
    empty_w = sum(w for (c, _), w in merged.items() if not c)
    empty_y = sum(w * y for (c, y), w in merged.items() if not c)
    for _ in range(iterations):
        grad = [0.0] * size
        gb = empty_w / (1.0 + math.exp(-bias)) - empty_y
        for c, y, w in active:
            z = bias + sum(weights[i] for i in c)
            d = w * ((1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0) - y)
            gb += d
            for i in c:
                grad[i] += d
        for i in range(size):
            g = grad[i] / total + weights[i] / (l2 * total)
            g2[i] += g * g
            weights[i] -= 0.3 * g / math.sqrt(g2[i])
        gb /= total
        b2 += gb * gb
        bias -= 0.3 * gb / math.sqrt(b2)
    return weights, bias


@dataclasses.dataclass(frozen=True)
class Model:
    weights: dict[tuple[int, str], float]
    bias: float
    core: frozenset[int]  # family indexes of the core families
    family_weights: tuple[float, ...]  # for cues never seen in training: their family's weight
    floor: float  # the least weight of a core cue

    def weight(self, key: tuple[int, str]) -> float:
        if key in self.weights:
            return self.weights[key]
        fallback = max(self.family_weights[key[0]], 0.0)
        return max(fallback, self.floor) if key[0] in self.core else fallback

    def score(self, features: Features, muted: frozenset[int] = frozenset()) -> float | None:
        """The rule's score (None: no cue with a positive weight, so never reported)."""
        kept = [self.weight(f) for f in features if f[0] not in muted]
        if not any(w > 0 for w in kept):
            return None
        return self.bias + sum(kept)


def fit(rows: list[tuple[Features, int, float]], families: list[str], default_threshold: float) -> Model:
    """Weights (family + own, clipped at 0), bias, and the core floors for ``default_threshold``."""
    vocabulary = sorted({f for features, _, _ in rows for f in features})
    index = {f: i for i, f in enumerate(vocabulary)}
    size = len(vocabulary)
    encoded = [(tuple(sorted(index[f] for f in features)) + tuple(sorted(size + f[0] for f in features)), y, w)
               for features, y, w in rows]
    fitted, bias = fit_logistic(encoded, size + len(families))
    weights = {f: max(fitted[index[f]] + fitted[size + f[0]], 0.0) for f in vocabulary}
    core = frozenset(i for i, name in enumerate(families) if name in CORE_FAMILIES)
    floor = default_threshold - bias + FLOOR_MARGIN
    for f in weights:
        if f[0] in core:
            weights[f] = max(weights[f], floor)
    return Model(weights, bias, core, tuple(fitted[size:]), floor)


def prf(predicted: Iterable[bool], gold: Iterable[bool]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for p, g in zip(predicted, gold):
        tp += p and g
        fp += p and not g
        fn += g and not p
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def best_threshold(scores: list[float | None], gold: list[bool], min_precision: float) -> float:
    """The threshold (a multiple of 0.05) with the best F1 at ``min_precision`` or more."""
    def quality(t: float) -> tuple[float, float]:
        p, _, f = prf([s is not None and s >= t for s in scores], gold)
        return (f if p >= min_precision else 0.0, t)
    return max((x / 20 for x in range(-100, 101)), key=quality)


@dataclasses.dataclass(frozen=True)
class FitResult:
    model: Model
    thresholds: dict[str, float]
    cv: dict[str, tuple[float, float, float]]  # out-of-fold P, R, F1 per profile on CoNLL train
    oof: dict[str, list[float | None]]  # out-of-fold scores per profile


def fit_and_choose(rule: Rule, train: Labelled, x_train: list[Features], x_news: list[Features],
                   folds: int = 5, seed: int = 0) -> FitResult:
    params = rule.params
    families = [f.family for f in params.claim_cues]
    muted = {name: frozenset(families.index(m) for m in profile.muted_families)
             for name, profile in params.profiles.items()}
    provisional = params.profiles["default"].threshold  # the core floors are set for it
    news_rows = [(f, 0, NEWS_WEIGHT) for f in x_news]
    order = list(range(len(x_train)))
    random.Random(seed).shuffle(order)
    parts = [order[k::folds] for k in range(folds)]
    oof: dict[str, list[float | None]] = {name: [None] * len(x_train) for name in params.profiles}
    for k in range(folds):
        held = set(parts[k])
        rows = [(x_train[i], int(train.labels[i]), 1.0) for i in order if i not in held] + news_rows
        model = fit(rows, families, provisional)
        for name in params.profiles:
            for i in parts[k]:
                oof[name][i] = model.score(x_train[i], muted[name])
    thresholds = {name: best_threshold(oof[name], train.labels, PROFILE_PRECISION.get(name, 0.7))
                  for name in params.profiles}
    # the default threshold may not pass the core floor: one core cue must still flag on its own
    thresholds["default"] = min(thresholds["default"], provisional + FLOOR_MARGIN)
    cv = {name: prf([s is not None and s >= thresholds[name] for s in oof[name]], train.labels)
          for name in params.profiles}
    rows = [(x, int(y), 1.0) for x, y in zip(x_train, train.labels)] + news_rows
    model = fit(rows, families, thresholds["default"])
    return FitResult(model, thresholds, cv, oof)


# --- writing the rule file ---------------------------------------------------------------------------------------

CUE_LINE = re.compile(r"^(      '((?:[^']|'')*)': )(-?\d+(?:\.\d+)?)(\s*(?:#.*)?)$")
FAMILY_LINE = re.compile(r"^  - family: (\S+)")


def rewrite(text: str, model: Model, families: list[str], thresholds: dict[str, float]) -> str:
    """The rule file with new cue weights, bias and profile thresholds; everything else as it was."""
    lines = text.split("\n")
    family = -1
    seen: set[tuple[int, str]] = set()
    profile: str | None = None
    for i, line in enumerate(lines):
        family_match = FAMILY_LINE.match(line)
        if family_match:
            family = families.index(family_match.group(1))
            continue
        cue = CUE_LINE.match(line)
        if cue and family >= 0:
            key = (family, cue.group(2).replace("''", "'"))
            if key not in seen:  # a cue listed twice in a family counts once
                seen.add(key)
                lines[i] = f"{cue.group(1)}{model.weight(key):.2f}{cue.group(4)}"
            continue
        profile_match = re.match(r"^  (\w+):\s*$", line)
        if profile_match and profile_match.group(1) in thresholds:
            profile = profile_match.group(1)
        elif profile is not None and re.match(r"^    threshold: ", line):
            lines[i] = f"    threshold: {thresholds[profile]:.2f}"
            profile = None
    return re.sub(r"^bias: .*$", f"bias: {model.bias:.2f}", "\n".join(lines), count=1, flags=re.MULTILINE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, help="a rules directory whose DL003 replaces the built-in one")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds on CoNLL train (default 5)")
    parser.add_argument("--curve", action="store_true", help="print the out-of-fold trade-off at every threshold")
    parser.add_argument("--write", action="store_true", help="write weights, bias and thresholds into the rule file")
    args = parser.parse_args()
    if not EVAL.is_dir():
        print(f"evaluation data not found at {EVAL}", file=sys.stderr)
        return 2
    rule = load_rules([args.rules] if args.rules else []).find(CODE)
    prepared = fitting_rule(rule)
    train = conll("train")
    x_train = conll_features(train, prepared)
    x_news = news_negatives(*polnear("train"), prepared)
    result = fit_and_choose(rule, train, x_train, x_news, args.folds)
    families = [f.family for f in rule.params.claim_cues]
    weights = result.model.weights
    print(f"{len(weights)} cues seen in training, bias {result.model.bias:.2f}, "
          f"{sum(w == 0 for w in weights.values())} at zero")
    for name, (p, r, f) in result.cv.items():
        print(f"{name:9}: threshold {result.thresholds[name]:.2f}; CoNLL train {args.folds}-fold out-of-fold "
              f"P={p:.3f} R={r:.3f} F1={f:.3f} (minimum precision {PROFILE_PRECISION.get(name, 0.7):.2f})")
    if args.curve:
        for name, scores in result.oof.items():
            for step in range(-16, 9):
                t = step / 4
                p, r, f = prf([s is not None and s >= t for s in scores], train.labels)
                print(f"  {name:9} threshold {t:5.2f}: out-of-fold P={p:.3f} R={r:.3f} F1={f:.3f}")
    if args.write:
        path = Path(rule.source)
        path.write_text(rewrite(path.read_text(encoding="utf-8"), result.model, families, result.thresholds),
                        encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
