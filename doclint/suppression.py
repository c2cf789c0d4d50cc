"""Inline suppression directives, and which of them went unused.

Directives live in comments the parser recorded (``Document.comments``): HTML comments in Markdown (never inside
code), and directive lines in plain text (``<!-- ... -->`` or ``# ...`` on a line of their own)::

    <!-- doclint-disable-next-line DL003 -->      the next line
    <!-- doclint-disable-line duplicate-paragraph -->   the comment's own line(s)
    <!-- doclint-disable DL001 DL002 --> ... <!-- doclint-enable DL001 DL002 -->
    <!-- doclint-disable-file -->                  the whole file

Rules are named by code or name, separated by spaces or commas; no rule means every rule. A finding is
suppressed when its first line is covered. A directive that suppressed nothing among the rules that ran is
"unused" (reported by the ``unused-suppression`` rule), so stale ones get cleaned up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from doclint.document import Document
from doclint.rules import RuleSet
from doclint.violations import Violation

_DIRECTIVE = re.compile(r"doclint-(disable-next-line|disable-line|disable-file|disable|enable)\b([^>\n]*?)\s*(?:-->|$)")


@dataclass(frozen=True)
class Directive:
    action: str
    source: str  # as written, e.g. "doclint-disable DL001"
    codes: frozenset[str] | None  # None: every rule
    unknown: tuple[str, ...]  # names that match no loaded rule
    start: int  # offsets of the comment
    end: int
    first_line: int
    last_line: int


def parse_directives(document: Document, all_rules: RuleSet) -> list[Directive]:
    directives = []
    for start, end in document.comments:
        for match in _DIRECTIVE.finditer(document.text, start, end):
            selectors = [part for part in re.split(r"[\s,]+", match.group(2)) if part]
            codes: set[str] = set()
            unknown = []
            for selector in selectors:
                rule = all_rules.find(selector)
                if rule is None:
                    unknown.append(selector)
                else:
                    codes.add(rule.code)
            directives.append(Directive(
                action=match.group(1),
                source=" ".join(match.group(0).removesuffix("-->").split()),
                codes=frozenset(codes) if selectors else None,
                unknown=tuple(unknown),
                start=match.start(),
                end=match.end(),
                first_line=document.position(start).line,
                last_line=document.position(end).line,
            ))
    return directives


def _covers(directive: Directive, code: str) -> bool:
    return directive.codes is None or code in directive.codes


def apply_suppressions(directives: list[Directive], violations: Iterable[Violation]) -> tuple[list[Violation], set[int]]:
    """Keep the violations no directive covers; also return the indexes of the directives that were used."""
    used: set[int] = set()
    kept = []
    ranges = [(i, d) for i, d in enumerate(directives) if d.action in ("disable", "enable")]
    for violation in violations:
        suppressor = _suppressor(directives, ranges, violation)
        if suppressor is None:
            kept.append(violation)
        else:
            used.add(suppressor)
    return kept, used


def _suppressor(directives: list[Directive], ranges: list[tuple[int, Directive]], violation: Violation) -> int | None:
    line, code = violation.line, violation.code
    for index, directive in enumerate(directives):
        if not _covers(directive, code):
            continue
        if directive.action == "disable-file":
            return index
        if directive.action == "disable-next-line" and line == directive.last_line + 1:
            return index
        if directive.action == "disable-line" and directive.first_line <= line <= directive.last_line:
            return index
    active: int | None = None  # the last disable before the line that no later enable undid
    for index, directive in ranges:
        if directive.last_line >= line:
            break
        if directive.action == "disable" and _covers(directive, code):
            active = index
        elif directive.action == "enable" and _covers(directive, code):
            active = None
    return active


def unused_directives(directives: list[Directive], used: set[int], ran: frozenset[str]) -> list[Directive]:
    """Directives that suppressed nothing, counting only rules that ran (others may be selected off today), and
    directives naming a rule that does not exist."""
    result = []
    for index, directive in enumerate(directives):
        if directive.unknown:
            result.append(directive)  # a misspelt rule name is worth a report even when the rest was used
        elif directive.action != "enable" and index not in used and (directive.codes is None or directive.codes & ran):
            result.append(directive)
    return result
