"""Where a cold run's CPU time goes, per phase and per rule, in one process.

    python bench/phase_cpu.py [--corpus DIR] [--share 0.25] [--runs 2]

Checks the Markdown files of the corpus (default ../shared/corpora/powershell-docs; ``--share`` of them, every
n-th file) with the default rules as ``doclint check --no-cache`` does per file, and prints the CPU seconds
(``time.process_time``, best of ``--runs``) spent reading and decoding, parsing, splitting sentences, in each
rule's ``run``, in the file filter (suppressions) and in ``collect`` (the units of ``--cross-file``). The rules'
own regular-expression budget is set as in a run. Sentences are timed apart from the rules that use them first.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from doclint.engine import collect_units
from doclint.files import SourceFile, read_source_text
from doclint.funnel import FileFilter
from doclint.parsing import parse_document
from doclint.rules import load_rules
from doclint.safe_regex import time_budget
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = SHARED / "corpora" / "powershell-docs"
COLLECT = "collect (units compared across files)"


def measure(files: list[Path]) -> dict[str, float]:
    rules = load_rules().select()
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time
    for path in files:
        started = clock()
        source = SourceFile(path, str(path), explicit=True)
        read = read_source_text(source)
        assert not isinstance(read, str) and hasattr(read, "text"), read
        after_read = clock()
        document = parse_document(read.text, str(path))
        after_parse = clock()
        document.sentences  # noqa: B018 - computed here so that no rule is charged for it
        after_sentences = clock()
        spent["read"] += after_read - started
        spent["parse"] += after_parse - after_read
        spent["sentences"] += after_sentences - after_parse
        raw = []
        with time_budget(60.0):
            for rule in rules:
                if rule.kind.engine_owned:
                    continue
                before = clock()
                raw.extend(rule.kind.run(document, rule.prepared))
                spent[f"rule {rule.code} ({rule.kind.name})"] += clock() - before
        before = clock()
        FileFilter.for_document(document, rules, rules, frozenset())
        spent["file filter"] += clock() - before
        before = clock()
        collect_units(document, rules)
        spent[COLLECT] += clock() - before
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--share", type=float, default=0.25)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    everything = sorted(p for p in args.corpus.rglob("*") if p.suffix.lower() in (".md", ".markdown") and p.is_file())
    files = everything[:: max(1, round(1 / args.share))]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    best: dict[str, float] = {}
    for _ in range(args.runs):
        for name, seconds in measure(files).items():
            best[name] = min(best.get(name, seconds), seconds)
    collect = best.pop(COLLECT)
    total = sum(best.values())
    print(f"{len(files)} files, {megabytes:.1f} MB; CPU seconds, best of {args.runs}; share of a per-file run")
    for name, seconds in sorted(best.items(), key=lambda item: -item[1]):
        print(f"{name:<44} {seconds:>7.3f}  {seconds / total:>5.1%}")
    print(f"{'total (per file)':<44} {total:>7.3f}")
    print(f"{COLLECT + ', --cross-file only':<44} {collect:>7.3f}")


if __name__ == "__main__":
    main()
