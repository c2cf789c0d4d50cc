"""How a version of DL003 treats the judged BBC findings (``bench/judged/dl003_bbc_seed*.tsv``): per file and
label (true / debatable / false), how many the rule still reports at the judged line and column, and the false
ones it still reports with their cause:

    python bench/dl003_judged_effect.py [--rules DIR] [--verbose]

A change that silences false findings and keeps the true ones is what these samples can show; findings the
change adds are not judged here (judge a fresh sample, or read ``dl003_bbc_findings.py --new``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_dl003 import JUDGED, _still_reported, bbc_articles, read_tsv  # noqa: E402

from doclint.rules import load_rules  # noqa: E402

LABELS = ("true", "debatable", "false")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, help="a rules directory whose DL003 replaces the built-in one")
    parser.add_argument("--verbose", action="store_true", help="list every judged finding no longer reported")
    args = parser.parse_args()
    rule = load_rules([args.rules] if args.rules else []).find("DL003")
    articles = bbc_articles()
    for path in sorted(JUDGED.glob("dl003_bbc_seed*.tsv")):
        rows = read_tsv(path)
        still = [_still_reported(row, rule, articles) for row in rows]
        parts = []
        for label in LABELS:
            judged = [kept for row, kept in zip(rows, still) if row["label"] == label]
            parts.append(f"{label} {sum(judged)}/{len(judged)}")
        kept_true, kept_all = (sum(k for r, k in zip(rows, still) if r["label"] == "true"), sum(still))
        print(f"{path.name}: still reported {', '.join(parts)}; precision of what is still reported "
              f"{kept_true / kept_all if kept_all else 0:.0%}")
        for row, kept in zip(rows, still):
            if args.verbose and not kept:
                print(f"    gone ({row['label']}): {row['source']}:{row['line']}:{row['column']} {row['cue']}"
                      f"{' - ' + row['cause'] if row['cause'] else ''}")
            elif kept and row["label"] == "false":
                print(f"    false still reported: {row['source']}:{row['line']}:{row['column']} {row['cue']} - "
                      f"{row['cause']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
