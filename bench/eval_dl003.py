"""Quality and speed of DL003 unattributed-claim, measured with the real rule through doclint's engine.

    python bench/eval_dl003.py [--rules DIR] [--reference-threshold X] [--sweep] [--no-cv] [--speed-docs N]

Reads the open evaluation splits from ``../shared/eval`` (relative to the project root; the data is never copied
into the project) and prints, for the rule's default threshold and for the reference-text profile:

- CoNLL-2010 Wikipedia train and dev: sentence-level precision, recall and F1 of DL003 against the "uncertain"
  label. Every labelled sentence becomes one Markdown paragraph of one document per split (a lone plain-text line
  without closing punctuation would be read as a title), and a sentence counts as flagged when DL003 reports a
  finding inside it.
- PolNeAR train and dev: each article is one plain-text document (paragraphs separated by blank lines) split by
  doclint's own sentence splitter; a sentence "contains an annotated attribution" when the Source and the Cue
  spans of one attribution lie inside it (PolNeAR offsets are document offsets: ``para_start`` is subtracted).
  Printed: the share of those sentences DL003 flags (target <= 2%), split into sentences with an attribution to a
  named source ("Smith said", "the report found") and those whose every attribution has a vague source ("many
  analysts say", "critics"), which the rule is meant to flag; and the share of the other sentences.

Then:

- with ``--sweep``: CoNLL dev and the PolNeAR-train rates at every threshold from -3 to 1.
- CoNLL dev, 5-fold cross-validated: the weights were fitted on train + dev (``fit_dl003.py``), so the plain dev
  figure is optimistic. Each fold refits the weights the same way on train + the other four folds of dev + the
  PolNeAR-train negatives, picks the reference-text threshold on those four folds, and measures the held-out fold.
- Speed on the BBC news articles: DL003 alone against DL001 + DL002 over the same parsed documents.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import dataclasses
import json
import math
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from doclint.checks import attribution
from doclint.document import Document
from doclint.engine import check_document
from doclint.parsing import parse_document
from doclint.rules import Rule, load_rules

ROOT = Path(__file__).resolve().parents[1]
# ``../shared`` next to the checkout; a git worktree one level deeper (``wt/NAME``) finds it one more level up.
SHARED = next((base / "shared" for base in (ROOT.parent, ROOT.parent.parent) if (base / "shared" / "eval").is_dir()),
              ROOT.parent / "shared")
EVAL = SHARED / "eval"
CODE = "DL003"


# --- data --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Labelled:
    """A document of many labelled units: ``spans[i]`` is unit i's (start, end) in ``document.text``."""

    document: Document
    spans: list[tuple[int, int]]
    labels: list[bool]


def conll(split: str) -> Labelled:
    texts, labels = [], []
    with open(EVAL / f"conll2010-wiki-{split}.tsv", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")  # quoted fields hold doubled quotes
        next(reader)
        for row in reader:
            texts.append(" ".join(row[2].split()))
            labels.append(row[1] == "1")
    spans, offset = [], 0
    for text in texts:
        spans.append((offset, offset + len(text)))
        offset += len(text) + 2
    document = parse_document("\n\n".join(texts) + "\n", f"conll-{split}.md", "markdown")
    return Labelled(document, spans, labels)


def polnear(split: str) -> tuple[list[Document], list[list[str | None]]]:
    """Articles as plain-text documents, and for each of its sentences: None when it holds no annotated attribution,
    else "vague" when every attribution in it has a vague source ("many analysts", "critics"; see ``VAGUE_SOURCE``),
    else "named"."""
    articles: dict[str, list[dict]] = {}
    with open(EVAL / f"polnear-{split}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            articles.setdefault(record["article"], []).append(record)
    documents, marks = [], []
    for name, paragraphs in articles.items():
        parts, ranges, offset = [], [], 0
        for paragraph in paragraphs:
            text = paragraph["text"]
            for start, end, vague in _attribution_ranges(paragraph):
                ranges.append((offset + start, offset + end, vague))
            parts.append(text)
            offset += len(text) + 2
        document = parse_document("\n\n".join(parts) + "\n", name + ".txt", "text", "blank-lines")
        documents.append(document)
        sentence_marks: list[str | None] = []
        for sentence in document.sentences:
            inside = [vague for lo, hi, vague in ranges if sentence.start <= lo and hi <= sentence.end]
            sentence_marks.append(None if not inside else "vague" if all(inside) else "named")
        marks.append(sentence_marks)
    return documents, marks


# A source that names nobody: a quantifier ("some Democrats", "many voters") or a bare crowd ("critics", "defense
# experts"). The issue requires DL003 to flag these ("Many believe", "Critics say"); PolNeAR annotates them as
# attributions, so the bench counts them apart.
VAGUE_SOURCE = re.compile(
    r"(?:(?:even\s+)?(?:some|many|most|several|few|a\s+few|other|others|various|numerous|certain|countless|a\s+number"
    r"\s+of|a\s+lot\s+of|lots\s+of|a\s+handful\s+of|a\s+growing\s+number\s+of)\b.*"
    r"|(?:[a-z-]+\s+)?(?:experts?|critics|analysts|observers|scientists|economists|researchers|officials|sources|people"
    r"|insiders|historians|scholars|commentators|skeptics|sceptics|detractors|pundits|strategists))", re.IGNORECASE)


def _attribution_ranges(paragraph: dict) -> list[tuple[int, int, bool]]:
    """(lowest, highest) paragraph offsets of each attribution's Source and Cue spans, and whether the source is
    vague."""
    shift = paragraph.get("para_start", 0)
    text = paragraph["text"]
    ranges = []
    for relation in paragraph["attributions"]:
        source, cue = relation.get("Source") or {}, relation.get("Cue") or {}
        spans = (source.get("spans") or []) + (cue.get("spans") or [])
        if source.get("spans") and cue.get("spans"):
            source_text = " ".join(text[start - shift : end - shift] for start, end in source["spans"]).strip()
            ranges.append((min(s for s, _ in spans) - shift, max(e for _, e in spans) - shift,
                           VAGUE_SOURCE.fullmatch(source_text) is not None))
    return ranges


def bbc_documents(limit: int | None = None) -> list[str]:
    texts = []
    with open(EVAL / "bbc-news.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts.append("\n\n".join([record["headline"], *record["paragraphs"]]) + "\n")
            if limit and len(texts) >= limit:
                break
    return texts


# --- measuring ---------------------------------------------------------------------------------------------------

def finding_starts(document: Document, rule: Rule) -> list[int]:
    """Offsets of DL003's findings, through the engine (the line/column it prints are computed from these)."""
    line_starts = [document.line_index.line_start(i) for i in range(document.line_index.line_count)]
    return [line_starts[v.line - 1] + v.column - 1 for v in check_document(document, [rule]) if v.code == CODE]


def unit_at(spans: list[tuple[int, int]], begins: list[int], offset: int) -> int | None:
    """The index of the unit in ``spans`` (in order; ``begins`` are their starts) that holds ``offset``, if any."""
    unit = bisect.bisect_right(begins, offset) - 1
    return unit if unit >= 0 and offset < spans[unit][1] else None


def flagged_units(spans: list[tuple[int, int]], starts: list[int]) -> list[bool]:
    flagged = [False] * len(spans)
    begins = [s for s, _ in spans]
    for offset in starts:
        unit = unit_at(spans, begins, offset)
        if unit is not None:
            flagged[unit] = True
    return flagged


def prf(predicted: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(predicted, gold))
    fp = sum(p and not g for p, g in zip(predicted, gold))
    fn = sum(g and not p for p, g in zip(predicted, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def conll_scores(data: Labelled, rule: Rule) -> list[bool]:
    return flagged_units(data.spans, finding_starts(data.document, rule))


def polnear_rates(documents: list[Document], marks: list[list[str | None]], rule: Rule) -> dict[str, tuple[int, int]]:
    """(flagged, total) sentences per mark: "named" and "vague" attributions, and "other" sentences."""
    counts = {"named": [0, 0], "vague": [0, 0], "other": [0, 0]}
    for document, sentence_marks in zip(documents, marks):
        spans = [(s.start, s.end) for s in document.sentences]
        flagged = flagged_units(spans, finding_starts(document, rule))
        for mark, is_flagged in zip(sentence_marks, flagged):
            bucket = counts[mark or "other"]
            bucket[0] += is_flagged
            bucket[1] += 1
    return {key: (value[0], value[1]) for key, value in counts.items()}


def unit_scores(document: Document, spans: list[tuple[int, int]],
                unbounded: attribution.PreparedAttribution) -> list[float | None]:
    """Per unit, the highest DL003 score of its sentences (None: no claim cue); ``unbounded`` is the rule prepared
    with no threshold, so that every score comes out."""
    begins = [s for s, _ in spans]
    best: list[float | None] = [None] * len(spans)
    for sentence, found in attribution.detections(document, unbounded):
        unit = unit_at(spans, begins, sentence.start)
        if unit is not None:
            best[unit] = found.score if best[unit] is None else max(best[unit], found.score)
    return best


def sweep(rule: Rule, dev: Labelled, documents: list[Document], marks: list[list[str | None]]) -> None:
    """The trade-off the threshold sets: CoNLL dev against PolNeAR-train attributed sentences."""
    unbounded = with_threshold(rule, -math.inf).prepared  # prepared once: it compiles the rule's regexes
    conll_scores_ = unit_scores(dev.document, dev.spans, unbounded)
    news: list[tuple[float | None, str | None]] = []
    for document, sentence_marks in zip(documents, marks):
        scores = unit_scores(document, [(s.start, s.end) for s in document.sentences], unbounded)
        news += list(zip(scores, sentence_marks))
    totals = {mark: sum(m == mark for _, m in news) for mark in ("named", "vague", None)}
    print("\n== threshold sweep: CoNLL dev | PolNeAR train flagged (named source, vague source only, other)")
    for step in range(-12, 5):
        t = step / 4
        p, r, f = prf([s is not None and s >= t for s in conll_scores_], dev.labels)
        rates = {mark: sum(s is not None and s >= t for s, m in news if m == mark) / totals[mark] for mark in totals}
        print(f"threshold {t:5.2f}: P={p:.3f} R={r:.3f} F1={f:.3f} | named {rates['named']:.2%}  "
              f"vague {rates['vague']:.2%}  other {rates[None]:.2%}")


# --- cross-validation of the fit ---------------------------------------------------------------------------------

CORE_FAMILIES = ("weasel_source", "hearsay", "interpretation")  # one cue of these must flag on its own
FLOOR_MARGIN = 0.25
PRECISION_FLOOR = 0.66  # the reference-text profile's threshold in CV: best F1 with at least this precision


def unit_features(document: Document, spans: list[tuple[int, int]],
                  prepared: attribution.PreparedAttribution) -> list[frozenset[int]]:
    """Per unit: the claim cues of its unattributed sentences (the rule's own features; attribution is a veto)."""
    begins = [s for s, _ in spans]
    cues: list[set[int]] = [set() for _ in spans]
    for sentence in document.sentences:
        unit = unit_at(spans, begins, sentence.start)
        if unit is None:
            continue
        prose = document.prose[sentence.start : sentence.end]
        hits = attribution.claim_hits(prose, prepared)
        if hits and not attribution.is_attributed(prose, document.text[sentence.start : sentence.end], hits, prepared):
            cues[unit].update(hits)
    return [frozenset(c) for c in cues]


def fit_logistic(rows: list[tuple[tuple[int, ...], int, float]], size: int, l2: float = 1.0,
                 iterations: int = 400) -> tuple[list[float], float]:
    """Weighted L2-regularised logistic regression on sparse count features (the indexes of a row's features, an
    index once per count; label; sample weight), by full-batch Adagrad; pure Python, enough for a few hundred
    features. Identical rows are merged first (their weights summed): the same gradient, computed once."""
    merged: dict[tuple[tuple[int, ...], int], float] = {}
    for cues, label, weight in rows:
        merged[cues, label] = merged.get((cues, label), 0.0) + weight
    weights, bias = [0.0] * size, 0.0
    g2, b2 = [1e-8] * size, 1e-8
    total = sum(w for _, _, w in rows)
    active = [(tuple(c), y, w) for (c, y), w in merged.items() if c]
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


def fit_rule_weights(rows: list[tuple[frozenset[int], int, float]], prepared: attribution.PreparedAttribution,
                     threshold: float) -> tuple[list[float], float]:
    """The rule's weights: a cue's weight is its family's plus its own, fitted together (a rare cue borrows from its
    family instead of shrinking to 0: this generalises better under cross-validation), clipped at 0 (a cue never
    speaks for a sentence), and every cue of a core family raised so that it reaches ``threshold`` on its own."""
    size = len(prepared.cues)
    family_of = [cue.family for cue in prepared.cues]
    # A family feature counts the family's cues in the row, as the score adds one weight per cue.
    augmented = [(tuple(sorted(cues)) + tuple(size + family_of[i] for i in sorted(cues)), label, weight)
                 for cues, label, weight in rows]
    fitted, bias = fit_logistic(augmented, size + len(prepared.params.claim_cues))
    weights = [max(fitted[i] + fitted[size + family_of[i]], 0.0) for i in range(size)]
    for i, family in enumerate(family_of):
        if prepared.params.claim_cues[family].family in CORE_FAMILIES:
            weights[i] = max(weights[i], threshold - bias + FLOOR_MARGIN)
    return weights, bias


def news_negatives(documents: list[Document], marks: list[list[str | None]],
                   prepared: attribution.PreparedAttribution) -> list[frozenset[int]]:
    """Features of the PolNeAR sentences that carry an attribution with a named source: never claims to report."""
    return [c for document, sentence_marks in zip(documents, marks)
            for c, mark in zip(unit_features(document, [(s.start, s.end) for s in document.sentences], prepared),
                               sentence_marks)
            if mark == "named"]


def score(cues: frozenset[int], weights: list[float], bias: float) -> float | None:
    if not any(weights[i] > 0 for i in cues):
        return None
    return bias + sum(weights[i] for i in cues)


def training_rows(x_train: list[frozenset[int]], train_labels: list[bool], x_dev: list[frozenset[int]],
                  dev_labels: list[bool], x_news: list[frozenset[int]]) -> list[tuple[frozenset[int], int, float]]:
    """CoNLL train once, CoNLL dev three times (its labels are the careful ones), named-source news as negatives."""
    rows = [(c, int(y), 1.0) for c, y in zip(x_train, train_labels)]
    rows += [(c, int(y), 3.0) for c, y in zip(x_dev, dev_labels)]
    return rows + [(c, 0, 1.0) for c in x_news]


def cross_validate(rule: Rule, train: Labelled, dev: Labelled, polnear_docs: list[Document],
                   polnear_marks: list[list[str | None]], folds: int = 5) -> dict[str, tuple]:
    """Refit the weights as ``fit_dl003.py`` does, on train + 4/5 of dev + the named-source news sentences, pick
    the reference-text profile's threshold on those 4/5, and measure the held-out fifth of dev. The default profile keeps
    the rule's threshold."""
    prepared = rule.prepared
    x_train = unit_features(train.document, train.spans, prepared)
    x_dev = unit_features(dev.document, dev.spans, prepared)
    x_news = news_negatives(polnear_docs, polnear_marks, prepared)
    named_total = sum(mark == "named" for marks in polnear_marks for mark in marks)
    order = list(range(len(x_dev)))
    random.Random(0).shuffle(order)
    parts = [order[k::folds] for k in range(folds)]
    predicted = {"default": [False] * len(x_dev), "reference": [False] * len(x_dev)}
    news_rates: dict[str, list[float]] = {"default": [], "reference": []}
    for k in range(folds):
        fit_ids = [i for j in range(folds) if j != k for i in parts[j]]
        rows = training_rows(x_train, train.labels, [x_dev[i] for i in fit_ids], [dev.labels[i] for i in fit_ids],
                             x_news)
        weights, bias = fit_rule_weights(rows, prepared, rule.params.threshold)
        fit_scores = [score(x_dev[i], weights, bias) for i in fit_ids]
        fit_gold = [dev.labels[i] for i in fit_ids]

        def f1_at(t: float) -> float:
            p, _, f = prf([s is not None and s >= t for s in fit_scores], fit_gold)
            return f if p >= PRECISION_FLOOR else 0.0

        thresholds = {"default": rule.params.threshold,
                      "reference": max((x / 20 for x in range(-60, 1)), key=f1_at)}
        news_scores = [score(c, weights, bias) for c in x_news]
        for profile, t in thresholds.items():
            for i in parts[k]:
                s = score(x_dev[i], weights, bias)
                predicted[profile][i] = s is not None and s >= t
            news_rates[profile].append(sum(s is not None and s >= t for s in news_scores) / named_total)
    return {profile: (*prf(predicted[profile], dev.labels), sum(news_rates[profile]) / folds)
            for profile in predicted}


# --- report ------------------------------------------------------------------------------------------------------

def with_threshold(rule: Rule, threshold: float) -> Rule:
    params = dataclasses.replace(rule.params, threshold=threshold)
    return dataclasses.replace(rule, params=params, prepared=rule.kind.prepare(params))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, help="a rules directory whose DL003 replaces the built-in one")
    parser.add_argument("--reference-threshold", type=float, default=-1.5,
                        help="threshold of the documented reference-text profile (default: -1.5)")
    parser.add_argument("--no-cv", action="store_true", help="skip the (slow, ~1 min) cross-validation")
    parser.add_argument("--sweep", action="store_true", help="print quality at thresholds from -3 to 1")
    parser.add_argument("--speed-docs", type=int, default=0, help="BBC articles for the speed test (0 = all)")
    args = parser.parse_args()
    if not EVAL.is_dir():
        print(f"evaluation data not found at {EVAL}", file=sys.stderr)
        return 2
    rules = load_rules([args.rules] if args.rules else [])
    rule = rules.find(CODE)
    profiles = {f"default (threshold {rule.params.threshold:g})": rule,
                f"reference-text profile (threshold {args.reference_threshold:g})":
                    with_threshold(rule, args.reference_threshold)}
    print(f"DL003 {rule.name} from {rule.source}: {len(rule.prepared.cues)} claim cues in "
          f"{len(rule.params.claim_cues)} families")

    data = {split: conll(split) for split in ("train", "dev")}
    news = {split: polnear(split) for split in ("train", "dev")}
    for label, profile in profiles.items():
        print(f"\n== {label}")
        for split in ("train", "dev"):
            flagged = conll_scores(data[split], profile)
            p, r, f = prf(flagged, data[split].labels)
            print(f"CoNLL-2010 wiki {split:5}: P={p:.3f} R={r:.3f} F1={f:.3f}  "
                  f"(n={len(flagged)}, uncertain={sum(data[split].labels)}, flagged={sum(flagged)})")
        for split in ("train", "dev"):
            rates = polnear_rates(*news[split], profile)
            (fn, nn), (fv, nv), (fo, no) = rates["named"], rates["vague"], rates["other"]
            print(f"PolNeAR {split:5}: sentences with an attribution flagged {fn + fv}/{nn + nv} = "
                  f"{(fn + fv) / (nn + nv):.2%}: named source {fn}/{nn} = {fn / nn:.2%}, vague source only "
                  f"{fv}/{nv} = {fv / nv:.2%}; other sentences {fo}/{no} = {fo / no:.2%}")

    if args.sweep:
        sweep(rule, data["dev"], *news["train"])

    if not args.no_cv:
        started = time.perf_counter()
        cv = cross_validate(rule, data["train"], data["dev"], *news["train"])
        print(f"\n== CoNLL dev, 5-fold cross-validation of everything fitted on dev "
              f"(weights, core floors, the reference-text threshold; {time.perf_counter() - started:.0f} s)")
        for profile, (p, r, f, pn) in cv.items():
            print(f"{profile:9}: P={p:.3f} R={r:.3f} F1={f:.3f}  (PolNeAR-train named-source attributions flagged {pn:.2%})")

    print("\n== speed (BBC news articles, plain text, parsed once; best of 3 runs)")
    texts = bbc_documents(args.speed_docs or None)
    others = [r for r in rules if r.code in ("DL001", "DL002")]

    def timed(chosen: list[Rule], fresh: bool) -> float:
        best = math.inf
        for _ in range(3):
            documents = [parse_document(t, f"bbc{i}.txt", "text") for i, t in enumerate(texts)] if fresh else parsed
            started = time.perf_counter()
            for document in documents:
                check_document(document, chosen)
            best = min(best, time.perf_counter() - started)
        return best

    t0 = time.perf_counter()
    parsed = [parse_document(t, f"bbc{i}.txt", "text") for i, t in enumerate(texts)]
    parse_time = time.perf_counter() - t0
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    base = timed(others, fresh=False)
    dl003_fresh = timed([rule], fresh=True)  # includes splitting the sentences (cached per document)
    dl003 = timed([rule], fresh=False)
    sentences = sum(len(d.sentences) for d in parsed)
    print(f"{len(texts)} articles, {megabytes:.1f} MB, {sentences} sentences; parsing {parse_time:.2f} s")
    print(f"DL001 + DL002: {base:.2f} s")
    print(f"DL003: {dl003_fresh:.2f} s including sentence splitting, {dl003:.2f} s without "
          f"({sentences / dl003:,.0f} sentences/s) = {dl003_fresh / base:.1f}x / {dl003 / base:.1f}x DL001 + DL002")
    return 0


if __name__ == "__main__":
    sys.exit(main())
