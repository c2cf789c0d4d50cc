"""Suppression directives at scale: a document with N ``disable-next-line`` comments, each before a finding.

    python bench/suppression_scale.py [N ...]      # default: 2500 5000 10000 20000

Prints, per N, the seconds ``lint_text`` takes on the whole document (parse, one existence rule, suppression)
and the seconds ``apply_suppressions`` alone takes on its directives and findings, best of three. Before the
directive index, matching scanned every directive for every finding: 20,000 comments took about 22 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers import make_rule  # noqa: E402

from doclint import lint_text  # noqa: E402
from doclint.parsing import parse_document  # noqa: E402
from doclint.rules import RuleSet  # noqa: E402
from doclint.suppression import apply_suppressions, parse_directives  # noqa: E402


def best_of_three(function) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    rule = make_rule("existence", "tokens: [forbidden]\n", "Avoid {match}", "warning")
    rules = RuleSet((rule,))
    print(f"{'directives':>10} {'lint_text s':>12} {'matching s':>11}")
    for size in sizes:
        text = "".join(f"<!-- doclint-disable-next-line {rule.code} -->\nA forbidden word, number {n}.\n\n"
                       for n in range(size))
        whole = best_of_three(lambda: lint_text(text, "a.md", rules=rules))
        document = parse_document(text, "a.md")
        directives = parse_directives(document, rules)
        violations = [v for v in lint_text(text.replace("doclint-disable", "nothing"), "a.md", rules=rules)]
        matching = best_of_three(lambda: apply_suppressions(directives, violations))
        print(f"{size:>10} {whole:>12.2f} {matching:>11.3f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [2500, 5000, 10000, 20000])
