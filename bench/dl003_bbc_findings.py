"""Every DL003 finding on the 2,225 BBC news articles, one TSV line each, to compare two versions of the rule:

    python bench/dl003_bbc_findings.py [--rules DIR] > findings.tsv
    python bench/dl003_bbc_findings.py --new OLD.tsv NEW.tsv [--sample 10 --seed 1] [--cue REGEX]

The first form writes ``source, line, column, cue, family, score, sentence`` (the sentence the finding sits in,
whitespace collapsed); the second prints the findings of NEW that OLD does not have (same source, line and
column), counted by cue family and cue, and a seeded random sample of them (optionally only those whose cue
matches ``--cue``), so that a lexicon change is judged by reading what it adds.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_dl003 import bbc_articles, bbc_document  # noqa: E402

from doclint.engine import check_document  # noqa: E402
from doclint.rules import load_rules  # noqa: E402

COLUMNS = ["source", "line", "column", "cue", "family", "score", "sentence"]


def dump(rules_dir: Path | None) -> None:
    rule = load_rules([rules_dir] if rules_dir else []).find("DL003")
    writer = csv.writer(sys.stdout, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
    writer.writerow(COLUMNS)
    for article, record in sorted(bbc_articles().items()):
        document = bbc_document(record)
        starts = [s.start for s in document.sentences]
        line_starts = [0] + [i + 1 for i, c in enumerate(document.text) if c == "\n"]
        for finding in check_document(document, [rule]):
            offset = line_starts[finding.line - 1] + finding.column - 1
            sentence = document.sentences[max(0, bisect.bisect_right(starts, offset) - 1)]
            text = " ".join(document.text[sentence.start:sentence.end].split()).replace("\t", " ")
            data = finding.data
            writer.writerow([f"bbc:{article}", finding.line, finding.column, data.get("cue", ""),
                             data.get("family", ""), data.get("score", ""), text])


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"))


def new(old_path: Path, new_path: Path, sample: int, seed: int, cue: str | None) -> None:
    old = {(r["source"], r["line"], r["column"]) for r in read(old_path)}
    rows = [r for r in read(new_path) if (r["source"], r["line"], r["column"]) not in old]
    gone = len(old) - len(read(new_path)) + len(rows)
    print(f"{len(rows)} new findings ({gone} gone)")
    for (family, name), count in Counter((r["family"], r["cue"]) for r in rows).most_common():
        print(f"  {count:4} {family}: {name}")
    chosen = [r for r in rows if cue is None or re.search(cue, r["cue"])]
    print(f"\n{min(sample, len(chosen))} of {len(chosen)} (seed {seed}):")
    for row in random.Random(seed).sample(chosen, min(sample, len(chosen))):
        print(f"- {row['source']}:{row['line']}:{row['column']} [{row['family']}: {row['cue']}] {row['sentence']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, help="a rules directory whose DL003 replaces the built-in one")
    parser.add_argument("--new", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare two dumps")
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cue", help="sample only new findings whose cue matches this regular expression")
    args = parser.parse_args()
    if args.new:
        new(*args.new, args.sample, args.seed, args.cue)
    else:
        dump(args.rules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
