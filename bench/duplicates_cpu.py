"""CPU time of the duplicate checks alone on a corpus: DL001 and DL009 per document, and the cross-file units.

    python bench/duplicates_cpu.py [CORPUS_DIR] [--runs N]

Default corpus: ../shared/corpora/powershell-docs. Every file is parsed once (not timed); then, best of
``--runs`` (process_time, one process, no pool), the CPU seconds of running DL001, DL009 and DL002 on every
document and of collecting the cross-file units of DL001 and DL002 (``engine.collect_units``), each from a
freshly parsed document so no per-document cache survives between the timed passes. Other helpers changing the
parsers do not move these figures: parsing is outside the timed part.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from doclint.engine import collect_units, run_rules
from doclint.files import discover
from doclint.parsing import parse_document
from doclint.rules import load_rules
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = SHARED / "corpora" / "powershell-docs"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files, _ = discover([args.corpus])
    texts = [(source.display, source.path.read_text(encoding="utf-8", errors="replace")) for source in files]
    rules = load_rules().select(["DL001", "DL009", "DL002"])
    best: dict[str, float] = {}
    findings = units = 0
    for _ in range(args.runs):
        documents = [parse_document(text, path) for path, text in texts]
        started = time.process_time()
        findings = sum(len(run_rules(document, rules)[0]) for document in documents)
        checked = time.process_time()
        units = sum(len(found) for document in documents for found in collect_units(document, rules).values())
        collected = time.process_time()
        for name, seconds in (("checks", checked - started), ("collect", collected - checked),
                              ("both", collected - started)):
            best[name] = min(best.get(name, seconds), seconds)
    print(f"{len(texts):,} documents, {findings:,} findings (DL001, DL002, DL009), {units:,} cross-file units")
    print(f"CPU s, best of {args.runs}: checks {best['checks']:.2f}  collect {best['collect']:.2f}  "
          f"both {best['both']:.2f}")


if __name__ == "__main__":
    main()
