"""Learn DL003's cue weights and bias from the open evaluation splits, the way ``eval_dl003.py`` cross-validates.

    python bench/fit_dl003.py [--rules DIR] [--threshold X] [--write]

Features are the rule's own claim cues in sentences it does not consider attributed. Rows: CoNLL-2010 Wikipedia
train (x1) and dev (x3: its labels are the careful ones) with their "uncertain" labels, and the PolNeAR-train
sentences that carry an attribution with a named source as negatives. An L2-regularised logistic regression gives
the weights; they are clipped at 0, and the cues of the core families (one cue flags on its own) are raised to reach
the threshold alone. Prints the bias and the weights that change; ``--write`` puts them into the rule file, editing
only the numbers (comments and order stay).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from eval_dl003 import (
    CODE,
    EVAL,
    conll,
    fit_rule_weights,
    news_negatives,
    polnear,
    training_rows,
    unit_features,
)

from doclint.rules import load_rules

# A cue line of the rule file: six spaces, the quoted cue or pattern, its weight.
CUE_LINE = re.compile(r"^(      '(?:[^']|'')*': )(-?\d+(?:\.\d+)?)(\s*(?:#.*)?)$")


def rewrite(text: str, weights: list[float], bias: float) -> str:
    """The rule file with new cue weights (in the order the cues are listed) and bias."""
    lines = text.split("\n")
    start = lines.index("claim-cues:")
    end = next(i for i, line in enumerate(lines) if i > start and line and not line.startswith((" ", "#")))
    count = 0
    for i in range(start, end):
        match = CUE_LINE.match(lines[i])
        if match:
            lines[i] = f"{match.group(1)}{weights[count]:.2f}{match.group(3)}"
            count += 1
    if count != len(weights):
        raise SystemExit(f"found {count} cue lines for {len(weights)} cues: write each cue on a line of its own")
    return re.sub(r"^bias: .*$", f"bias: {bias:.2f}", "\n".join(lines), count=1, flags=re.MULTILINE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, help="a rules directory whose DL003 replaces the built-in one")
    parser.add_argument("--threshold", type=float, help="the threshold the core families must reach (default: the "
                                                        "rule's)")
    parser.add_argument("--write", action="store_true", help="write the weights and bias into the rule file")
    args = parser.parse_args()
    if not EVAL.is_dir():
        print(f"evaluation data not found at {EVAL}", file=sys.stderr)
        return 2
    rule = load_rules([args.rules] if args.rules else []).find(CODE)
    prepared = rule.prepared
    threshold = rule.params.threshold if args.threshold is None else args.threshold
    train, dev = conll("train"), conll("dev")
    rows = training_rows(unit_features(train.document, train.spans, prepared), train.labels,
                         unit_features(dev.document, dev.spans, prepared), dev.labels,
                         news_negatives(*polnear("train"), prepared))
    weights, bias = fit_rule_weights(rows, prepared, threshold)
    families = prepared.params.claim_cues
    old = [cue.weight for cue in prepared.cues]
    names = [name for family in families for name in (*family.cues, *family.patterns)]
    changed = [(abs(new - before), name, before, new) for name, before, new in zip(names, old, weights)
               if round(new, 2) != round(before, 2)]
    print(f"{len(weights)} cues, bias {rule.params.bias:.2f} -> {bias:.2f}, {sum(w == 0 for w in weights)} at zero, "
          f"{len(changed)} changed")
    for _, name, before, new in sorted(changed, reverse=True)[:25]:
        print(f"  {before:5.2f} -> {new:5.2f}  {name[:90]}")
    if args.write:
        path = Path(rule.source)
        path.write_text(rewrite(path.read_text(encoding="utf-8"), weights, bias), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
