"""The corpus phase of ``--cross-file``: compare units (paragraphs, titles) collected from every document.

The per-document phase runs in parallel and collects, for each rule whose check kind can ``collect``, the
units of each document with their locations. Here, after all documents are done, the units of each rule are
put in a stable order (path, then line) and matched with the same near-linear ``find_duplicates`` as within a
document. Copies in the same document are the per-document phase's business; every group of copies that
spans documents becomes ONE finding, at the earliest copy outside the first copy's document, naming the first
copy and counting the others (all listed as related locations) — so that corpora that repeat themselves on
purpose stay readable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from doclint.checks.duplication import find_duplicates
from doclint.display import printable_path
from doclint.document import Position
from doclint.rules import Rule
from doclint.violations import RelatedLocation, Violation


@dataclass(frozen=True, slots=True)
class LocatedUnit:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    key: str
    label: str
    source_line: str


def corpus_violations(units_by_rule: dict[str, list[LocatedUnit]], rules: dict[str, Rule]) -> list[Violation]:
    violations = []
    for code, units in units_by_rule.items():
        rule = rules[code]
        units.sort(key=lambda unit: (unit.path, unit.line, unit.column))
        similarity = float(getattr(rule.params, "similarity", 100.0))
        groups: dict[int, list[tuple[int, float]]] = {}
        for later, first, score in find_duplicates([unit.key for unit in units], similarity):
            groups.setdefault(first, []).append((later, score))
        for first, members in groups.items():
            violation = _group_violation(rule, units, first, members)
            if violation is not None:
                violations.append(violation)
    return violations


def _group_violation(rule: Rule, units: list[LocatedUnit], first: int, members: list[tuple[int, float]]) -> Violation | None:
    origin = units[first]
    elsewhere = [(index, score) for index, score in members if units[index].path != origin.path]
    if not elsewhere:
        return None
    reported_index, score = elsewhere[0]
    reported = units[reported_index]
    copies = [first] + [index for index, _ in members]
    files = len({units[index].path for index in copies})
    first_text = f"{printable_path(origin.path)}:{origin.line}"
    if len(copies) > 2:
        first_text += f" ({len(copies)} copies in {files} files)"
    args = {
        "relation": "duplicates" if score >= 100 else f"is {int(score)}% similar to",
        "similarity": int(score),
        "first": first_text,
        "first_line": origin.line,
        "first_column": origin.column,
        "heading": reported.label,
        "target": "title",
    }
    related = _related(units[index] for index in copies if index != reported_index)
    return rule.violation(reported.path, Position(reported.line, reported.column),
                          Position(reported.end_line, reported.end_column), args, related, reported.source_line,
                          data={"similarity": round(score, 1), "copies": len(copies), "files": files})


def _related(units: Iterable[LocatedUnit]) -> tuple[RelatedLocation, ...]:
    return tuple(RelatedLocation(unit.path, unit.line, unit.column) for unit in units)
