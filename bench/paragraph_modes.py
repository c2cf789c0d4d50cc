"""How plain-text paragraph detection reads the BBC articles, exported both ways.

    python bench/paragraph_modes.py [EVAL_DIR]      # default: ../shared/eval

Each article of bbc-news.jsonl is written (in memory) one paragraph per line (headline on the first line) and
hard-wrapped at 60, 72 and 80 columns with blank lines between paragraphs; for each export, prints how many
articles ``paragraph-mode: auto`` reads as ``lines`` and as ``blank-lines``, and how many of those readings it
calls a guess (reported by unclear-paragraphs, DL912). The right reading is ``lines`` for the first export and
``blank-lines`` for the others.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections import Counter
from pathlib import Path

from doclint.parsing.plaintext import _line_spans, _runs, paragraph_mode_evidence
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    eval_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "eval"
    articles = [json.loads(line) for line in (eval_dir / "bbc-news.jsonl").open(encoding="utf-8")]
    exports = {"one paragraph per line": lambda a: a["headline"] + "\n" + "\n".join(a["paragraphs"]) + "\n"}
    for width in (60, 72, 80):
        exports[f"hard-wrapped at {width}"] = (lambda a, width=width: a["headline"] + "\n\n" + "\n\n".join(
            textwrap.fill(p, width) for p in a["paragraphs"]) + "\n")
    print(f"{len(articles):,} articles")
    for name, export in exports.items():
        readings: Counter[tuple[str, bool]] = Counter()
        for article in articles:
            text = export(article)
            evidence = paragraph_mode_evidence(text, _runs(_line_spans(text, [])))
            readings[(evidence.mode, evidence.sure)] += 1
        described = ", ".join(f"{mode}{'' if sure else ' (a guess)'} {count:,}"
                              for (mode, sure), count in sorted(readings.items()))
        print(f"{name:24} {described}")


if __name__ == "__main__":
    main()
