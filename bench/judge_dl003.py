"""Draw random DL003 findings for a person to read and judge, with a fixed seed.

    python bench/judge_dl003.py bbc --seed 1 --size 100      # BBC articles, plain text, a paragraph per line
    python bench/judge_dl003.py docs --seed 1 --size 50      # the PowerShell docs, Markdown

Writes ``bench/judged/dl003_<corpus>_seed<N>.tsv``: one row per finding (where it is, the cue, its family and
score; none of the text, which stays in ../shared), with empty ``label`` and ``cause`` columns for the reader,
and the same rows with each finding's sentence and the two sentences on either side (``before``, ``after``),
for reading, to ``bench/.work/`` (not committed):
label is true (an editor would query it), debatable, or false, and cause says why a false one is false.
``eval_dl003.py`` prints the counts.

A sample, once drawn, is never drawn again: when its TSV exists, the script leaves it as it is (a reader's labels
are never lost, and a rule changed since would draw other findings) and only writes the reading copy again, for
the rows whose finding the rule still reports at the same place with the same cue. Judge a changed rule with a
new seed.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from eval_dl003 import CODE, DOCS, JUDGED, bbc_articles, bbc_document

from doclint.document import Document
from doclint.engine import check_document
from doclint.parsing import parse_document
from doclint.rules import Rule, load_rules

COLUMNS = ["source", "line", "column", "cue", "family", "score", "label", "cause"]
READING_COLUMNS = [*COLUMNS[:6], "sentence", "before", "after", *COLUMNS[6:]]
CONTEXT = 2  # sentences shown before and after the finding's, for judging attribution across sentences


def findings(document: Document, source: str, rule: Rule) -> list[dict[str, str]]:
    """Every DL003 finding of ``document`` as a row, with the sentence it sits in."""
    line_starts = [document.line_index.line_start(i) for i in range(document.line_index.line_count)]
    rows = []
    for violation in check_document(document, [rule]):
        if violation.code != CODE:
            continue
        offset = line_starts[violation.line - 1] + violation.column - 1
        sentences = document.sentences
        index = next((i for i, s in enumerate(sentences) if s.start <= offset < s.end), None)
        text = document.text[sentences[index].start : sentences[index].end] if index is not None else ""
        around = (lambda chosen: " / ".join(" ".join(document.text[s.start : s.end].split()) for s in chosen))
        before = around(sentences[max(0, index - CONTEXT) : index]) if index is not None else ""
        after = around(sentences[index + 1 : index + 1 + CONTEXT]) if index is not None else ""
        data = violation.data
        rows.append({"source": source, "line": str(violation.line), "column": str(violation.column),
                     "cue": str(data.get("cue", "")), "family": str(data.get("family", "")),
                     "score": str(data.get("score", "")), "sentence": " ".join(text.split()),
                     "before": before, "after": after,
                     "label": "", "cause": ""})
    return rows


def all_findings(corpus: str, rule: Rule) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    if corpus == "bbc":
        for article, record in bbc_articles().items():
            rows += findings(bbc_document(record), f"bbc:{article}", rule)
    else:
        for path in sorted(DOCS.rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            rows += findings(parse_document(text, str(path), "markdown"), f"docs:{path.relative_to(DOCS)}", rule)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=["bbc", "docs"])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--size", type=int, default=100)
    args = parser.parse_args()
    rule = load_rules().find(CODE)
    rows = all_findings(args.corpus, rule)
    path = JUDGED / f"dl003_{args.corpus}_seed{args.seed}.tsv"
    reading = JUDGED.parent / ".work" / path.name.replace(".tsv", ".reading.tsv")
    targets = [(path, COLUMNS), (reading, READING_COLUMNS)]
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as handle:
            drawn = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        current = {(r["source"], r["line"], r["column"], r["cue"]): r for r in rows}
        sample = []
        for old in drawn:
            row = current.get((old["source"], old["line"], old["column"], old["cue"]))
            if row is None:
                print(f"no longer reported: {old['source']}:{old['line']}:{old['column']} {old['cue']!r}")
                continue
            sample.append({**row, "label": old["label"], "cause": old["cause"]})
        targets = targets[1:]  # the drawn sample and its labels stay as they are
    else:
        sample = random.Random(args.seed).sample(rows, min(args.size, len(rows)))
    for target, columns in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, columns, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\",
                                    extrasaction="ignore")
            writer.writeheader()
            for row in sample:
                writer.writerow({key: value.replace("\t", " ") for key, value in row.items()})
    print(f"{len(rows)} findings; {len(sample)} drawn with seed {args.seed} into {path}" if len(targets) == 2 else
          f"{path} exists and is left as it is; {len(sample)} of its rows still reported, written to {reading}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
