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

import bisect
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


class _FirstCovering:
    """The first directive (lowest index) of a group that covers each rule code: O(1) to ask."""

    def __init__(self) -> None:
        self.every: int | None = None  # the first directive of the group naming no rule (it covers all)
        self.by_code: dict[str, int] = {}

    def add(self, index: int, directive: Directive) -> None:  # directives are added in index order
        if directive.codes is None:
            if self.every is None:
                self.every = index
        else:
            for code in directive.codes:
                self.by_code.setdefault(code, index)

    def first(self, code: str) -> int | None:
        found = self.by_code.get(code)
        if self.every is None:
            return found
        return self.every if found is None else min(found, self.every)


class _RangeStates:
    """For one rule code: which ``disable`` is in force after each ``disable``/``enable`` that covers the code, in
    document order, so the state before a line is one binary search away."""

    def __init__(self, ranges: list[tuple[int, Directive]], code: str) -> None:
        self.last_lines: list[int] = []
        self.active: list[int | None] = []
        state: int | None = None
        for index, directive in ranges:
            if _covers(directive, code):
                state = index if directive.action == "disable" else None
                self.last_lines.append(directive.last_line)
                self.active.append(state)

    def before(self, line: int) -> int | None:
        """The disable in force for a finding on ``line``: the state after the last directive ending before it."""
        position = bisect.bisect_left(self.last_lines, line)
        return self.active[position - 1] if position else None


class _SuppressionIndex:
    """The directives of a document indexed by what they cover, so that matching a finding costs the same however
    many directives there are (a document with 20,000 of them took 22 s when every finding scanned them all)."""

    def __init__(self, directives: list[Directive]) -> None:
        self.whole_file = _FirstCovering()
        self.next_line: dict[int, _FirstCovering] = {}  # by the line the directive covers
        self.own_lines: dict[int, _FirstCovering] = {}  # by each line of a disable-line comment
        self.ranges: list[tuple[int, Directive]] = []
        spans: dict[tuple[int, int], _FirstCovering] = {}  # one table per comment span, shared by its lines
        for index, directive in enumerate(directives):
            if directive.action == "disable-file":
                self.whole_file.add(index, directive)
            elif directive.action == "disable-next-line":
                self.next_line.setdefault(directive.last_line + 1, _FirstCovering()).add(index, directive)
            elif directive.action == "disable-line":
                span = (directive.first_line, directive.last_line)
                if span not in spans:
                    spans[span] = _FirstCovering()
                    for line in range(directive.first_line, directive.last_line + 1):
                        self.own_lines.setdefault(line, _FirstCovering())
                spans[span].add(index, directive)
            else:
                self.ranges.append((index, directive))
        self._merge_spans(spans)
        # Directives come in document order; the range states rely on their last lines being sorted.
        self.ranges.sort(key=lambda item: (item[1].last_line, item[0]))
        self._range_states: dict[str, _RangeStates] = {}  # built per rule code on first use

    def _merge_spans(self, spans: dict[tuple[int, int], _FirstCovering]) -> None:
        """Give each line of a disable-line comment the first directive covering each code among the comments
        on that line (comments do not overlap, so a line is in at most a few spans)."""
        for (first, last), table in spans.items():
            for line in range(first, last + 1):
                merged = self.own_lines[line]
                if table.every is not None:
                    merged.every = table.every if merged.every is None else min(merged.every, table.every)
                for code, index in table.by_code.items():
                    merged.by_code[code] = min(merged.by_code.get(code, index), index)

    def suppressor(self, line: int, code: str) -> int | None:
        """The index of the directive that suppresses a finding of ``code`` on ``line``, or None: the first of the
        file, next-line and own-line directives that cover it, else the disable in force on the line."""
        candidates = [self.whole_file.first(code)]
        for table in (self.next_line.get(line), self.own_lines.get(line)):
            if table is not None:
                candidates.append(table.first(code))
        found = [index for index in candidates if index is not None]
        if found:
            return min(found)
        if not self.ranges:
            return None
        if code not in self._range_states:
            self._range_states[code] = _RangeStates(self.ranges, code)
        return self._range_states[code].before(line)


def apply_suppressions(directives: list[Directive], violations: Iterable[Violation]) -> tuple[list[Violation], set[int]]:
    """Keep the violations no directive covers; also return the indexes of the directives that were used."""
    used: set[int] = set()
    kept = []
    index = _SuppressionIndex(directives)
    for violation in violations:
        suppressor = index.suppressor(violation.line, violation.code)
        if suppressor is None:
            kept.append(violation)
        else:
            used.add(suppressor)
    return kept, used


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
