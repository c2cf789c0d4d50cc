"""The Python API on a batch: ``lint_many`` against ``lint_text`` in a loop, CPU per article.

    python bench/lint_many_speed.py [--articles 300] [--runs 3]

Reads the first ``--articles`` BBC articles of ../shared/eval/bbc-news.jsonl (headline, then one paragraph per
line, as plain text) and prints the CPU time per article (``time.process_time``, best of ``--runs``) of:

- ``lint_text(text)`` in a loop, the rules loaded by every call (the first thing a pipeline writes);
- ``lint_text(text, rules=rules)`` in a loop, the rules loaded once;
- the same with ``rule_settings`` (one threshold changed), which configures the rules again at every call;
- ``lint_many(texts, rules=rules)``, with and without that ``rule_settings``.

It also checks that ``lint_many`` returns what the loop of ``lint_text`` returns.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from doclint import lint_many, lint_text, load_rules
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = SHARED / "eval" / "bbc-news.jsonl"
SETTINGS = {"unattributed-claim": {"threshold": 3.5}}


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.process_time()
        result = work()
        best = min(best, time.process_time() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = []
    with args.data.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            texts.append("\n".join([article["headline"], *article["paragraphs"]]) + "\n")
            if len(texts) == args.articles:
                break
    rules = load_rules()
    few = texts[:20]  # loading the rules at every call is slow: measured on fewer articles
    rows = [
        ("lint_text(text) in a loop (rules loaded per call)", len(few),
         best_of(args.runs, lambda: [lint_text(text) for text in few])),
        ("lint_text(text, rules=rules) in a loop", len(texts),
         best_of(args.runs, lambda: [lint_text(text, rules=rules) for text in texts])),
        ("lint_text(..., rule_settings=...) in a loop", len(few),
         best_of(args.runs, lambda: [lint_text(text, rules=rules, rule_settings=SETTINGS) for text in few])),
        ("lint_many(texts, rules=rules)", len(texts), best_of(args.runs, lambda: lint_many(texts, rules=rules))),
        ("lint_many(texts, rules=rules, rule_settings=...)", len(texts),
         best_of(args.runs, lambda: lint_many(texts, rules=rules, rule_settings=SETTINGS))),
    ]
    same = rows[3][2][1] == rows[1][2][1]
    print(f"{len(texts)} BBC articles; CPU ms per article, best of {args.runs}; lint_many == lint_text loop: {same}")
    for name, count, (seconds, _) in rows:
        print(f"{name:<52} {1000 * seconds / count:>8.2f}")


if __name__ == "__main__":
    main()
