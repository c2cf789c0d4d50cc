"""Prepare a further DL003 recall set: 15 BBC articles to be read whole and marked by hand BEFORE running DL003.

    python bench/mark_dl003_recall.py --seed N [--size 15] [--skeleton]

Picks ``random.Random(seed).sample(sorted(ids), size)`` from the BBC articles in ``../shared/eval/bbc-news.jsonl``,
where ``ids`` are all article ids EXCEPT those of every recall set with a LOWER seed
(``bench/judged/dl003_bbc_recall_seed<M>.tsv``, M < N; see below), and writes, for reading only,
``bench/.work/recall_seed<N>.txt`` (not committed; the text stays in ../shared): each article with its sentences
numbered exactly as DL003 sees them. The segmentation is the one ``eval_dl003.py`` uses for the recall report
(``bbc_document``): text = "\\n".join([headline, *paragraphs]) + "\\n", parsed with
``parse_document(text, id + ".txt", "text", "lines")``; a sentence's number is its 0-based position in
``document.sentences``.

The reader marks every sentence an editor would query as an unattributed claim in
``bench/judged/dl003_bbc_recall_seed<N>.tsv`` (columns ``article``, ``sentence``, ``query``; no article text): one
row per sentence of each article, ``query`` for a marked sentence and ``no`` for the others. ``recall_report`` in
``eval_dl003.py`` only looks at the ``query`` rows and at which articles appear, so it reads this file as it reads
the seed-11 file (which lists only the marked sentences, and ``-  none`` for an article without any).

``--skeleton`` writes that TSV with every sentence ``no`` when it does not exist yet. When it exists, the script
checks that it has exactly one row per sentence of the chosen articles and prints the marks per article.
Nothing here runs DL003: the marks must be made without seeing its findings.

Why "lower seed" and not "every other set": a set's draw must not change when a later set is added, or re-running
the script to validate an existing file would pick other articles. Excluding only the sets with lower seeds keeps
each draw fixed (seed 23 still excludes only seed 11's articles and picks what it picked before seed 31 existed;
seed 31 excludes seeds 11 and 23), and makes the sets pairwise disjoint as long as each new set takes a seed above
every existing one; ``--skeleton`` refuses to start a new set whose seed is below an existing set's.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

from eval_dl003 import EVAL, JUDGED, ROOT, bbc_articles, bbc_document, read_tsv

RECALL_SET = re.compile(r"dl003_bbc_recall_seed(\d+)\.tsv")
WORK = ROOT / "bench" / ".work"


def recall_sets() -> dict[int, Path]:
    """The existing recall sets by seed."""
    found = (RECALL_SET.fullmatch(path.name) for path in JUDGED.glob("dl003_bbc_recall_seed*.tsv"))
    return {int(match.group(1)): JUDGED / match.group(0) for match in found if match}


def choose(ids: list[str], seed: int, size: int) -> list[str]:
    """The articles of the set, in the order drawn; the articles of every set with a lower seed are left out."""
    taken = {row["article"] for other, path in recall_sets().items() if other < seed for row in read_tsv(path)}
    return random.Random(seed).sample(sorted(set(ids) - taken), size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--size", type=int, default=15)
    parser.add_argument("--skeleton", action="store_true", help="write the TSV with every sentence 'no' if absent")
    args = parser.parse_args()
    if not EVAL.is_dir():
        print(f"evaluation data not found at {EVAL}", file=sys.stderr)
        return 2
    tsv = JUDGED / f"dl003_bbc_recall_seed{args.seed}.tsv"
    later = sorted(other for other in recall_sets() if other > args.seed)
    if args.skeleton and not tsv.exists() and later:
        seeds = ", ".join(map(str, later))
        print(f"a new set needs a seed above {later[-1]}: seed {args.seed} would not exclude the articles of seeds "
              f"{seeds}", file=sys.stderr)
        return 2
    articles = bbc_articles()
    chosen = choose(list(articles), args.seed, args.size)
    documents = {article: bbc_document(articles[article]) for article in chosen}

    WORK.mkdir(parents=True, exist_ok=True)
    reading = WORK / f"recall_seed{args.seed}.txt"
    with open(reading, "w", encoding="utf-8") as out:
        for article, document in documents.items():
            out.write(f"=== {article} ({len(document.sentences)} sentences)\n")
            for index, sentence in enumerate(document.sentences):
                out.write(f"[{index}] {' '.join(document.text[sentence.start:sentence.end].split())}\n")
            out.write("\n")
    print(f"{reading}: {', '.join(chosen)}")

    if not tsv.exists():
        if args.skeleton:
            with open(tsv, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
                writer.writerow(["article", "sentence", "query"])
                for article, document in documents.items():
                    writer.writerows([article, str(index), "no"] for index in range(len(document.sentences)))
            print(f"{tsv}: written, every sentence 'no'")
        return 0
    rows = read_tsv(tsv)
    problems = []
    for article, document in documents.items():
        mine = [row for row in rows if row["article"] == article]
        if [row["sentence"] for row in mine] != [str(i) for i in range(len(document.sentences))]:
            problems.append(f"{article}: rows do not list sentences 0..{len(document.sentences) - 1} in order")
        if any(row["query"] not in ("query", "no") for row in mine):
            problems.append(f"{article}: a query column other than 'query' or 'no'")
        marked = [row["sentence"] for row in mine if row["query"] == "query"]
        print(f"{article}: {len(document.sentences)} sentences, {len(marked)} marked {' '.join(marked)}")
    problems += [f"{row['article']}: not one of the chosen articles" for row in rows if row["article"] not in documents]
    print(f"{tsv.name}: {sum(row['query'] == 'query' for row in rows)} marked in {len(rows)} sentences")
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
