"""Suppression matching is near-linear: every finding used to scan every directive (20,000 disable-next-line
comments took 22 s). Measured by counting how often directives are looked at, never by the clock, and checked
against the straightforward algorithm on random documents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from helpers import make_rule

from doclint import lint_text
from doclint.rules import RuleSet, load_rules
from doclint.suppression import Directive, apply_suppressions
from doclint.violations import Severity, Violation

ACTIONS = ("disable-next-line", "disable-line", "disable", "enable", "disable-file")
CODES = ("DL001", "DL002", "DL003", "XS001")


def directive(action: str, line: int, codes: frozenset[str] | None, last_line: int | None = None) -> Directive:
    return Directive(action, f"doclint-{action}", codes, (), 0, 0, line, line if last_line is None else last_line)


def finding(line: int, code: str) -> Violation:
    return Violation("a.md", line, 1, line, 2, code, "rule", Severity.WARNING, "message")


def counted_inspections(directives: list[Directive], violations: list[Violation]) -> int:
    """How many times ``apply_suppressions`` reads a field of a directive."""
    reads = [0]

    @dataclass(frozen=True)
    class Watched(Directive):
        def __getattribute__(self, name: str) -> object:
            reads[0] += 1
            return object.__getattribute__(self, name)

    watched = [Watched(d.action, d.source, d.codes, d.unknown, d.start, d.end, d.first_line, d.last_line)
               for d in directives]
    apply_suppressions(watched, violations)  # type: ignore[arg-type]
    return reads[0]


def document_of(size: int) -> tuple[list[Directive], list[Violation]]:
    """``size`` directives of every kind spread over a document, and a finding on every line."""
    directives: list[Directive] = []
    for line in range(1, 4 * size, 4):
        directives.append(directive("disable-next-line", line, frozenset({"DL001"})))
        directives.append(directive("disable-line", line + 1, None))
        directives.append(directive("disable" if line % 8 == 1 else "enable", line + 2, frozenset({"DL002"})))
    violations = [finding(line, CODES[line % len(CODES)]) for line in range(1, 4 * size + 1)]
    return directives[:size], violations


def test_matching_costs_grow_linearly_with_directives_and_findings() -> None:
    small, large = document_of(500), document_of(1000)
    ratio = counted_inspections(*large) / counted_inspections(*small)
    # Doubling both directives and findings doubles the work (it quadrupled when each finding scanned them all).
    assert ratio < 2.5, ratio


def test_a_finding_costs_the_same_however_many_directives_there_are() -> None:
    directives, _ = document_of(2000)
    one = counted_inspections(directives, [finding(7, "DL001")])
    many = counted_inspections(directives, [finding(line, "DL001") for line in range(1, 1001)])
    assert many - one < 2 * len(directives), (one, many)  # building the index, not a scan per finding


def reference(directives: list[Directive], violations: list[Violation]) -> tuple[list[Violation], set[int]]:
    """The straightforward algorithm (every finding scans every directive), to compare with."""
    def covers(d: Directive, code: str) -> bool:
        return d.codes is None or code in d.codes

    used: set[int] = set()
    kept = []
    for v in violations:
        found = None
        for index, d in enumerate(directives):
            if not covers(d, v.code):
                continue
            if (d.action == "disable-file" or d.action == "disable-next-line" and v.line == d.last_line + 1
                    or d.action == "disable-line" and d.first_line <= v.line <= d.last_line):
                found = index
                break
        if found is None:
            for index, d in enumerate(directives):
                if d.action not in ("disable", "enable"):
                    continue
                if d.last_line >= v.line:
                    break
                if covers(d, v.code):
                    found = index if d.action == "disable" else None
        if found is None:
            kept.append(v)
        else:
            used.add(found)
    return kept, used


def random_document(rng: random.Random) -> tuple[list[Directive], list[Violation]]:
    directives = []
    line = 1
    for _ in range(rng.randint(0, 12)):
        line += rng.randint(0, 3)
        action = rng.choice(ACTIONS[:4] * 4 + ACTIONS[4:])
        codes = None if rng.random() < 0.3 else frozenset(rng.sample(CODES, rng.randint(1, 2)))
        span = rng.choice((0, 0, 0, 1, 2))
        directives.append(directive(action, line, codes, line + span))
        line += span
    violations = [finding(rng.randint(1, line + 3), rng.choice(CODES)) for _ in range(rng.randint(0, 15))]
    return directives, violations


def test_the_index_agrees_with_the_straightforward_algorithm_on_random_documents() -> None:
    rng = random.Random(15)
    for _ in range(3000):
        directives, violations = random_document(rng)
        assert apply_suppressions(directives, violations) == reference(directives, violations), directives


def test_twenty_thousand_disable_next_line_comments_all_work() -> None:
    rule = make_rule("existence", "tokens: [forbidden]\n", "Avoid {match}", "warning")
    rules = RuleSet((rule, *(r for r in load_rules() if r.name == "unused-suppression")))
    count = 20_000
    text = "".join(f"<!-- doclint-disable-next-line {rule.code} -->\nA forbidden word, number {n}.\n\n"
                   for n in range(count)) + "A forbidden word at the end.\n"
    violations = lint_text(text, "a.md", rules=rules)
    assert [(v.line, v.code) for v in violations] == [(3 * count + 1, rule.code)]
