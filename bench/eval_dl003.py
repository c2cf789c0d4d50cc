"""Quality and speed of DL003 unattributed-claim, measured with the real rule through doclint's engine. Every
figure of issue 11 comes from this one command:

    python bench/eval_dl003.py [--rules DIR] [--sweep] [--no-docs] [--speed-docs N]

Reads the open evaluation splits from ``../shared/eval`` and the PowerShell docs from ``../shared/corpora``
(relative to the project root, or one level further up from a git worktree; the data is never copied into the
project) and prints, for both profiles (``default`` and ``reference``; weights and thresholds fitted on TRAINING
data only by ``fit_dl003.py``):

- CoNLL-2010 Wikipedia train and dev: sentence-level precision, recall and F1 against the "uncertain" label. Every
  labelled sentence becomes one Markdown paragraph of one document per split, and a sentence counts as flagged
  when DL003 reports a finding inside it. Dev is held out: it was never read by the fit.
- PolNeAR train and dev: each article is one plain-text document; a sentence "contains an annotated attribution"
  when the Source and the Cue spans of one attribution lie inside it. Printed: the share of those sentences DL003
  flags, split into a named source ("Smith said", target <= 2%) and a vague source only ("many analysts say",
  which the rule is meant to flag); and the share of the other sentences.
- Judged samples (``bench/judged/dl003_bbc_seed*.tsv``, ``dl003_docs_seed*.tsv``): random findings read by a
  person and labelled true / debatable / false, with the cause of each false one (``judge_dl003.py`` draws them).
  Printed: the counts, and how many of the judged findings the rule still reports (a finding that is gone is not
  counted again: judge a fresh sample after changing the rule).
- Recall on BBC articles read whole and marked before running the rule (every
  ``bench/judged/dl003_bbc_recall_seed*.tsv``, each file reported on its own, then all together): the share of
  marked sentences DL003 flags, and the findings in those articles outside the marked sentences.
- The PowerShell docs (Markdown): DL003 findings per 1,000 lines, for both profiles.
- Speed on the 2,225 BBC news articles: DL003 alone against DL001 + DL002 over the same parsed documents, in CPU
  seconds (best of 3), so that other work on the machine does not count. Compare two versions by running this
  script in each checkout.
- with ``--sweep``: CoNLL dev and the PolNeAR-train rates at every threshold from -3 to 1 (default profile's cues).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import dataclasses
import json
import math
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
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
EVAL = SHARED / "eval"
DOCS = SHARED / "corpora" / "powershell-docs"
JUDGED = ROOT / "bench" / "judged"
CODE = "DL003"


# --- data --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Labelled:
    """Labelled sentences, each its own Markdown document (so that nothing reaches from one into the next)."""

    documents: list[Document]
    labels: list[bool]


def conll(split: str) -> Labelled:
    documents, labels = [], []
    with open(EVAL / f"conll2010-wiki-{split}.tsv", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")  # quoted fields hold doubled quotes
        next(reader)
        for number, row in enumerate(reader):
            documents.append(parse_document(" ".join(row[2].split()) + "\n", f"conll-{split}-{number}.md", "markdown"))
            labels.append(row[1] == "1")
    return Labelled(documents, labels)


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
    return [any(v.code == CODE for v in check_document(document, [rule])) for document in data.documents]


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


def with_profile(rule: Rule, profile: str, threshold: float | None = None) -> Rule:
    params = dataclasses.replace(rule.params, profile=profile, threshold=threshold)
    return dataclasses.replace(rule, params=params, prepared=rule.kind.prepare(params))


def sweep(rule: Rule, dev: Labelled, documents: list[Document], marks: list[list[str | None]]) -> None:
    """The trade-off the threshold sets: CoNLL dev against PolNeAR-train attributed sentences."""
    unbounded = with_profile(rule, rule.params.profile, -math.inf).prepared

    def scores(document: Document, spans: list[tuple[int, int]]) -> list[float | None]:
        begins = [s for s, _ in spans]
        best: list[float | None] = [None] * len(spans)
        for sentence, found in attribution.detections(document, unbounded):
            unit = unit_at(spans, begins, sentence.start)
            if unit is not None:
                best[unit] = found.score if best[unit] is None else max(best[unit], found.score)
        return best

    conll_scores_ = [max((found.score for _, found in attribution.detections(d, unbounded)), default=None)
                     for d in dev.documents]
    news: list[tuple[float | None, str | None]] = []
    for document, sentence_marks in zip(documents, marks):
        news += list(zip(scores(document, [(s.start, s.end) for s in document.sentences]), sentence_marks))
    totals = {mark: sum(m == mark for _, m in news) for mark in ("named", "vague", None)}
    print("\n== threshold sweep: CoNLL dev | PolNeAR train flagged (named source, vague source only, other)")
    for step in range(-12, 5):
        t = step / 4
        p, r, f = prf([s is not None and s >= t for s in conll_scores_], dev.labels)
        rates = {mark: sum(s is not None and s >= t for s, m in news if m == mark) / totals[mark] for mark in totals}
        print(f"threshold {t:5.2f}: P={p:.3f} R={r:.3f} F1={f:.3f} | named {rates['named']:.2%}  "
              f"vague {rates['vague']:.2%}  other {rates[None]:.2%}")


# --- judged samples and recall ------------------------------------------------------------------------------------

def bbc_articles() -> dict[str, dict]:
    with open(EVAL / "bbc-news.jsonl", encoding="utf-8") as handle:
        return {record["id"]: record for record in map(json.loads, handle)}


def bbc_text(record: dict) -> str:
    """An article as DL003 is run on news: plain text, one paragraph per line, the headline first."""
    return "\n".join([record["headline"], *record["paragraphs"]]) + "\n"


def bbc_document(record: dict) -> Document:
    return parse_document(bbc_text(record), record["id"] + ".txt", "text", "lines")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def judged_report(rule: Rule, articles: dict[str, dict]) -> None:
    files = sorted(JUDGED.glob("dl003_bbc_seed*.tsv")) + sorted(JUDGED.glob("dl003_docs_seed*.tsv"))
    if not files:
        print("no judged samples in bench/judged")
    for path in files:
        rows = read_tsv(path)
        counts = {label: sum(r["label"] == label for r in rows) for label in ("true", "debatable", "false")}
        unlabelled = len(rows) - sum(counts.values())
        judged = sum(counts.values())
        causes: dict[str, int] = {}
        for row in rows:
            if row["label"] == "false":
                causes[row["cause"]] = causes.get(row["cause"], 0) + 1
        still = sum(_still_reported(row, rule, articles) for row in rows)
        print(f"{path.name}: {judged} judged: true {counts['true']}, debatable {counts['debatable']}, false "
              f"{counts['false']} -> precision {counts['true'] / judged if judged else 0:.0%} "
              f"({(counts['true'] + counts['debatable']) / judged if judged else 0:.0%} counting debatable)"
              f"{f'; {unlabelled} not labelled' if unlabelled else ''}; {still}/{len(rows)} still reported")
        for cause, count in sorted(causes.items(), key=lambda item: -item[1]):
            print(f"    false: {count} x {cause}")


def _still_reported(row: dict[str, str], rule: Rule, articles: dict[str, dict]) -> bool:
    if row["source"].startswith("bbc:"):
        document = bbc_document(articles[row["source"][4:]])
    else:
        path = DOCS / row["source"][5:]
        if not path.is_file():
            return False
        document = parse_document(path.read_text(encoding="utf-8", errors="replace"), str(path), "markdown")
    line, column = int(row["line"]), int(row["column"])
    return any(v.line == line and v.column == column for v in check_document(document, [rule]))


def recall_report(rule: Rule, articles: dict[str, dict]) -> None:
    """Recall on every ``bench/judged/dl003_bbc_recall_seed*.tsv`` (whole BBC articles read and marked before
    running the rule; each file marked independently), one line per file and their union. A row is ``article``,
    ``sentence`` (the position in ``bbc_document(record).sentences``, or ``-`` for an article read with nothing
    to query) and ``query`` (``query`` marks a sentence an editor would query)."""
    files = sorted(JUDGED.glob("dl003_bbc_recall_seed*.tsv"), key=lambda p: _seed(p.name))
    caught_all = total_all = outside_all = 0
    for path in files:
        marked: dict[str, set[int]] = {}
        for row in read_tsv(path):
            marked.setdefault(row["article"], set())
            if row.get("query", "").strip() == "query" and row["sentence"].strip().lstrip("-").isdigit():
                marked[row["article"]].add(int(row["sentence"]))
        caught = total = outside = 0
        missed = []
        for article, sentences in marked.items():
            if article not in articles:
                print(f"    {path.name}: article {article} is not in bbc-news.jsonl")
                continue
            document = bbc_document(articles[article])
            spans = [(s.start, s.end) for s in document.sentences]
            flagged = flagged_units(spans, finding_starts(document, rule))
            for index in sorted(i for i in sentences if not 0 <= i < len(flagged)):
                print(f"    {path.name}: {article} has no sentence {index}")
            for index, is_flagged in enumerate(flagged):
                if index in sentences:
                    total += 1
                    caught += is_flagged
                    if not is_flagged:
                        missed.append(f"{article}#{index}")
                elif is_flagged:
                    outside += 1
        caught_all, total_all, outside_all = caught_all + caught, total_all + total, outside_all + outside
        print(f"recall on {len(marked)} BBC articles read whole ({path.name}), {total} sentences marked as "
              f"queries: {caught}/{total} = {caught / total if total else 0:.0%} flagged; {outside} findings "
              f"outside the marked sentences ({_marked_share(caught, outside)})")
        if missed:
            print(f"    missed: {', '.join(missed)}")
    if len(files) > 1:
        print(f"recall over all {len(files)} files: {caught_all}/{total_all} = "
              f"{caught_all / total_all if total_all else 0:.0%}; {outside_all} findings outside the marked sentences "
              f"({_marked_share(caught_all, outside_all)})")


def _marked_share(caught: int, outside: int) -> str:
    """The flagged sentences that the reader had marked: precision as the whole-article reader sees it."""
    flagged = caught + outside
    return f"{caught}/{flagged} = {caught / flagged:.0%} of the flagged sentences marked" if flagged else "none flagged"


def _seed(name: str) -> int:
    digits = re.search(r"seed(\d+)", name)
    return int(digits.group(1)) if digits else 0


def docs_rate(rule: Rule) -> tuple[int, int]:
    findings = lines = 0
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        lines += text.count("\n")
        findings += len(check_document(parse_document(text, str(path), "markdown"), [rule]))
    return findings, lines


# --- report ------------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, help="a rules directory whose DL003 replaces the built-in one")
    parser.add_argument("--sweep", action="store_true", help="print quality at thresholds from -3 to 1")
    parser.add_argument("--no-docs", action="store_true", help="skip the PowerShell docs (about a minute)")
    parser.add_argument("--speed-docs", type=int, default=0, help="BBC articles for the speed test (0 = all)")
    args = parser.parse_args()
    if not EVAL.is_dir():
        print(f"evaluation data not found at {EVAL}", file=sys.stderr)
        return 2
    rules = load_rules([args.rules] if args.rules else [])
    rule = rules.find(CODE)
    profiles = {name: with_profile(rule, name) for name in rule.params.profiles}
    print(f"DL003 {rule.name} from {rule.source}: {sum(len(f.cues) + len(f.patterns) for f in rule.params.claim_cues)} "
          f"claim cues in {len(rule.params.claim_cues)} families; profiles: "
          + ", ".join(f"{name} (threshold {p.prepared.threshold:g})" for name, p in profiles.items()))

    data = {split: conll(split) for split in ("train", "dev")}
    news = {split: polnear(split) for split in ("train", "dev")}
    for name, profile in profiles.items():
        print(f"\n== profile {name}")
        for split in ("train", "dev"):
            flagged = conll_scores(data[split], profile)
            p, r, f = prf(flagged, data[split].labels)
            print(f"CoNLL-2010 wiki {split:5}: P={p:.3f} R={r:.3f} F1={f:.3f}  "
                  f"(n={len(flagged)}, uncertain={sum(data[split].labels)}, flagged={sum(flagged)})"
                  f"{'  <- held out' if split == 'dev' else '  (fitted on)'}")
        for split in ("train", "dev"):
            rates = polnear_rates(*news[split], profile)
            (fn, nn), (fv, nv), (fo, no) = rates["named"], rates["vague"], rates["other"]
            print(f"PolNeAR {split:5}: sentences with an attribution flagged {fn + fv}/{nn + nv} = "
                  f"{(fn + fv) / (nn + nv):.2%}: named source {fn}/{nn} = {fn / nn:.2%}, vague source only "
                  f"{fv}/{nv} = {fv / nv:.2%}; other sentences {fo}/{no} = {fo / no:.2%}")
        if not args.no_docs and DOCS.is_dir():
            found, lines = docs_rate(profile)
            print(f"PowerShell docs: {found} findings in {lines} lines = {1000 * found / lines:.2f} per 1,000 lines")

    if args.sweep:
        sweep(rule, data["dev"], *news["train"])

    print("\n== judged samples (default profile)")
    articles = bbc_articles()
    judged_report(rule, articles)
    recall_report(rule, articles)

    print("\n== speed (BBC news articles, plain text, parsed once; CPU seconds, best of 3 runs)")
    texts = [bbc_text(record) for record in articles.values()]
    if args.speed_docs:
        texts = texts[: args.speed_docs]
    others = [r for r in rules if r.code in ("DL001", "DL002")]

    def timed(chosen: list[Rule], fresh: bool) -> float:
        best = math.inf
        for _ in range(3):
            documents = ([parse_document(t, f"bbc{i}.txt", "text", "lines") for i, t in enumerate(texts)] if fresh
                         else parsed)
            started = time.process_time()  # CPU time: other processes on the machine do not count
            for document in documents:
                check_document(document, chosen)
            best = min(best, time.process_time() - started)
        return best

    t0 = time.perf_counter()
    parsed = [parse_document(t, f"bbc{i}.txt", "text", "lines") for i, t in enumerate(texts)]
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
