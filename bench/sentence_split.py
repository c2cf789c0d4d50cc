"""Speed and agreement of doclint's sentence splitter against pysbd, on BBC news paragraphs.

    pip install pysbd    # optional; only for the comparison
    python bench/sentence_split.py [PATH_TO_bbc-news.jsonl]

Prints paragraphs per second for each splitter and how often they agree on the sentence count.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from doclint.sentences import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "bbc-news.jsonl"


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    paragraphs = [p for line in data.open(encoding="utf-8") for p in json.loads(line)["paragraphs"]]
    started = time.perf_counter()
    ours = [len(split_sentences(p)) for p in paragraphs]
    elapsed = time.perf_counter() - started
    print(f"doclint splitter: {len(paragraphs)} paragraphs in {elapsed:.2f} s ({len(paragraphs) / elapsed:,.0f}/s), "
          f"{sum(ours)} sentences")
    try:
        import pysbd
    except ImportError:
        print("pysbd not installed; skipping the comparison")
        return
    segmenter = pysbd.Segmenter(language="en", clean=False)
    sample = paragraphs[:3000]
    started = time.perf_counter()
    theirs = [len([s for s in segmenter.segment(p) if s.strip()]) for p in sample]
    elapsed_theirs = time.perf_counter() - started
    print(f"pysbd: {len(sample)} paragraphs in {elapsed_theirs:.2f} s ({len(sample) / elapsed_theirs:,.0f}/s)")
    agree = sum(a == b for a, b in zip(ours, theirs))
    print(f"same sentence count on {agree}/{len(sample)} paragraphs ({agree / len(sample):.1%})")


if __name__ == "__main__":
    main()
