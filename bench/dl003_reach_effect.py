"""What DL003's cross-sentence reach settings (``reach.nearby``: ``named-later``, ``study-carry``,
``paraphrase-quote``) change on real news, measured with the real rule against the same rule with each setting
switched off:

    python bench/dl003_reach_effect.py [--show N]

Prints, on the 2,225 BBC news articles (``../shared/eval/bbc-news.jsonl``, read as ``eval_dl003.bbc_document``
reads them): the total DL003 findings with every setting off, with all on, and with each one alone; for the
judged samples ``bench/judged/dl003_bbc_seed*.tsv``: how many findings labelled true / debatable / false each
setting no longer reports; and DL003's CPU seconds over all articles (best of 3, parsed once) with the settings
off and on. ``--show N`` prints N removed judged findings with their sentence and the sentences around it.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import time
from pathlib import Path

from eval_dl003 import CODE, JUDGED, bbc_articles, bbc_document, read_tsv

from doclint.document import Document
from doclint.engine import check_document
from doclint.rules import Rule, load_rules

SETTINGS: dict[str, dict[str, object]] = {"named-later": {"named_later": 0}, "study-carry": {"study_carry": 0},
            "paraphrase-quote": {"paraphrase_quote": False}}


def with_reach(rule: Rule, **changes: object) -> Rule:
    reach = rule.params.reach
    params = dataclasses.replace(rule.params, reach=dataclasses.replace(
        reach, nearby=dataclasses.replace(reach.nearby, **changes)))
    return dataclasses.replace(rule, params=params, prepared=rule.kind.prepare(params))


def variants(rule: Rule) -> dict[str, Rule]:
    off: dict[str, object] = {key: value for change in SETTINGS.values() for key, value in change.items()}
    found = {"all off": with_reach(rule, **off), "all on": rule}
    for name, change in SETTINGS.items():
        found[f"{name} alone"] = with_reach(rule, **{k: v for k, v in off.items() if k not in change})
    return found


def positions(document: Document, rule: Rule) -> set[tuple[int, int]]:
    return {(v.line, v.column) for v in check_document(document, [rule]) if v.code == CODE}


def cpu(documents: list[Document], rule: Rule) -> float:
    best = math.inf
    for _ in range(3):
        start = time.process_time()
        for document in documents:
            check_document(document, [rule])
        best = min(best, time.process_time() - start)
    return best


def context(document: Document, line: int, column: int) -> str:
    offset = document.line_index.line_start(line - 1) + column - 1
    sentences = document.sentences
    index = next(i for i, s in enumerate(sentences) if s.start <= offset < s.end)
    return "\n".join(f"    {'>>' if i == index else '  '} [block {sentences[i].block}] "
                     f"{document.prose[sentences[i].start : sentences[i].end][:240]}"
                     for i in range(max(0, index - 1), min(len(sentences), index + 3)))


def by_label(rows: list[dict[str, str]]) -> str:
    labels = ("true", "debatable", "false")
    return ", ".join(f"{label} {sum(row['label'] == label for row in rows)}" for label in labels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print this many removed judged findings per file")
    args = parser.parse_args()
    rule = load_rules().find(CODE)
    assert rule is not None
    rules = variants(rule)
    articles = bbc_articles()
    documents = {key: bbc_document(record) for key, record in articles.items()}

    print(f"== DL003 findings on {len(documents)} BBC articles")
    found = {name: {key: positions(document, variant) for key, document in documents.items()}
             for name, variant in rules.items()}
    base = sum(map(len, found["all off"].values()))
    for name, per_document in found.items():
        total = sum(map(len, per_document.values()))
        print(f"{name:24}: {total:5} findings ({total - base:+d})")

    print("\n== judged samples: findings reported with every setting off that a setting no longer reports")
    for path in sorted(JUDGED.glob("dl003_bbc_seed*.tsv")):
        rows = read_tsv(path)
        reported = [row for row in rows if (int(row["line"]), int(row["column"]))
                    in found["all off"][row["source"][4:]]]
        print(f"{path.name}: {len(reported)}/{len(rows)} reported with the settings off ({by_label(reported)})")
        for name in rules:
            if name == "all off":
                continue
            gone = [row for row in reported
                    if (int(row["line"]), int(row["column"])) not in found[name][row["source"][4:]]]
            print(f"    {name:22}: {len(gone)} no longer reported ({by_label(gone)})")
        gone = [row for row in reported
                if (int(row["line"]), int(row["column"])) not in found["all on"][row["source"][4:]]]
        for row in gone[: args.show]:
            print(f"  - {row['label']} {row['source']}:{row['line']}:{row['column']} '{row['cue']}' ({row['family']})"
                  f"{' -- ' + row['cause'] if row['cause'] else ''}")
            print(context(documents[row["source"][4:]], int(row["line"]), int(row["column"])))

    print("\n== DL003 CPU seconds on all articles (parsed once, best of 3)")
    parsed = list(documents.values())
    for name in ("all off", "all on"):
        print(f"{name:24}: {cpu(parsed, rules[name]):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
