"""Cross-file duplicates on the BBC news archive, against the duplicates known to be in it.

    python bench/bbc_cross_file.py [EVAL_DIR]      # default: ../shared/eval

Writes every article of bbc-news.jsonl as a plain-text file (headline on the first line, one paragraph per
line) under $TMPDIR/doclint-bench/bbc/, runs `doclint check --cross-file` over them (DL001 and DL002) through the
engine, and prints recall on bbc-natural-duplicates.json (article pairs with identical bodies, headline
groups, the paragraph repeated inside an article) and the cross-file links it reports beyond those, with
samples so one can judge whether they are real.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from doclint.settings import CheckOptions
from doclint.run import check_paths
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "doclint-bench" / "bbc"  # outside the repository and its .gitignore


def write_articles(eval_dir: Path) -> dict[str, str]:
    """Article id -> file path (as doclint displays it)."""
    shutil.rmtree(WORK, ignore_errors=True)
    paths = {}
    for line in (eval_dir / "bbc-news.jsonl").open(encoding="utf-8"):
        article = json.loads(line)
        target = WORK / f"{article['id']}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article["headline"] + "\n" + "\n".join(article["paragraphs"]) + "\n", encoding="utf-8")
        paths[article["id"]] = str(target)
    return paths


def linked_pairs(violations, code: str) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    pairs = set()
    for v in violations:
        if v.code != code:
            continue
        members = {v.path} | {r.path for r in v.related}
        if len(members) > 1:
            pairs.update(frozenset(p) for p in itertools.combinations(sorted(members), 2))
    return pairs


def group_recall(groups: list[list[str]], pairs: set[frozenset[str]], paths: dict[str, str]) -> tuple[int, int]:
    found = sum(all(frozenset((paths[a], paths[b])) in pairs for a, b in itertools.combinations(group, 2))
                for group in groups)
    return found, len(groups)


def main() -> None:
    eval_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "eval"
    known = json.loads((eval_dir / "bbc-natural-duplicates.json").read_text(encoding="utf-8"))
    paths = write_articles(eval_dir)
    started = time.perf_counter()
    options = CheckOptions(select=("DL001", "DL002"), isolated=True, cross_file=True)
    result = check_paths([str(WORK)], options=options)
    elapsed = time.perf_counter() - started
    print(f"{result.files_checked} articles checked with --cross-file in {elapsed:.1f} s; "
          f"{len(result.violations)} findings")

    body_pairs = linked_pairs(result.violations, "DL001")
    title_pairs = linked_pairs(result.violations, "DL002")
    found, total = group_recall(known["exact_dup_body_groups"], body_pairs, paths)
    print(f"identical-body groups linked by DL001: {found}/{total} (recall {found / total:.3f})")
    found, total = group_recall(known["dup_headline_groups"], title_pairs, paths)
    print(f"headline groups linked by DL002:       {found}/{total} (recall {found / total:.3f})")
    for article_id, text in known["within_doc_dup_paragraphs"]:
        # A short repeated line is title-like, so it is a repeated heading (DL002), not a paragraph (DL001).
        hit = [v for v in result.violations if v.path == paths[article_id] and text.lower() in v.source_line.lower()
               and not any(r.path != v.path for r in v.related)]
        print(f"paragraph repeated inside {article_id} ({text!r}): {'found' if hit else 'missed'} "
              f"({len(hit)} within-article finding{'s' if len(hit) != 1 else ''})")

    known_body = {frozenset((paths[a], paths[b])) for g in known["exact_dup_body_groups"]
                  for a, b in itertools.combinations(g, 2)}
    known_title = {frozenset((paths[a], paths[b])) for g in known["dup_headline_groups"]
                   for a, b in itertools.combinations(g, 2)}
    extra_body = body_pairs - known_body
    extra_title = title_pairs - known_title
    print(f"other cross-file links: {len(extra_body)} article pairs via DL001, {len(extra_title)} via DL002")
    by_pair = defaultdict(list)
    for v in result.violations:
        for r in v.related:
            pair = frozenset((v.path, r.path))
            if r.path != v.path and (pair in extra_body or pair in extra_title):
                by_pair[pair].append(v)
    samples = sorted(by_pair.items(), key=lambda item: sorted(item[0]))
    for pair, found_here in samples[:: max(1, len(samples) // 12)]:
        a, b = sorted(pair)
        v = found_here[0]
        print(f"  {Path(a).relative_to(WORK)} ~ {Path(b).relative_to(WORK)}: {v.code} {v.message[:60]}… "
              f"| {v.source_line[:90]!r}")


if __name__ == "__main__":
    main()
