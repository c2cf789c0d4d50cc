"""Time DL001 on one generated Markdown document of N paragraphs (default 10,000) with planted exact and near copies.

    python bench/duplicates_10k.py [N]

Prints the parse and check times and how many planted copies were found. Vocabulary is random words, so
paragraphs share common 3-grams only by chance, as in real text.
"""

from __future__ import annotations

import random
import sys
import time

from doclint.engine import check_document
from doclint.parsing import parse_document
from doclint.rules import load_rules


def make_document(count: int, seed: int = 7) -> tuple[str, int]:
    rng = random.Random(seed)
    vocabulary = [f"{rng.choice('bcdfghklmnprstvw')}{rng.choice('aeiou')}{rng.choice('nrstl')}{i % 97}" for i in range(5000)]
    vocabulary += "the a of to and in that for on with said was is by at".split() * 40
    paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(25, 70))).capitalize() + "."
                  for _ in range(count)]
    planted = 0
    for i in range(0, count, 100):  # every 100th paragraph: an exact copy or a copy with two words changed
        source = paragraphs[rng.randrange(count)].split()
        if i % 200 == 0:
            source[3] = "changed"
            source[-4] = "altered"
        paragraphs[i] = " ".join(source)
        planted += 1
    return "\n\n".join(paragraphs) + "\n", planted


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text, planted = make_document(count)
    rules = load_rules().select(["DL001"])
    started = time.perf_counter()
    document = parse_document(text, "generated.md")
    parsed = time.perf_counter()
    violations = check_document(document, rules)
    checked = time.perf_counter()
    print(f"paragraphs: {count}, characters: {len(text):,}, planted copies: {planted}")
    print(f"parse: {parsed - started:.2f} s, DL001: {checked - parsed:.2f} s, total: {checked - started:.2f} s")
    exact = sum("duplicates" in v.message for v in violations)
    print(f"reported: {len(violations)} ({exact} exact, {len(violations) - exact} near)")


if __name__ == "__main__":
    main()
