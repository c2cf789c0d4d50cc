"""The funnel: the one place that decides whether a finding on a file is reported.

Every violation — from a document's own checks and from the cross-file (corpus) phase — passes through the
``FileFilter`` of the file it is reported on, in this order:

1. **selection**: the rule applies to the file (``select``/``ignore`` and ``per-file-ignores``);
2. **suppression**: no directive in the file covers it (the directives it meets are marked used);
3. **fingerprint**: it gets its stable fingerprint (path, rule, normalised line, occurrence number in the file);
4. **baseline**: it is not one of the findings the run's baseline records for the file.

Fixes are applied only to what comes out (so nothing suppressed or baselined is ever edited), and unused
suppressions are decided once, after both phases (``unused``), from the directives either phase used.

The filter of one file is made where the file is checked (a worker process, maybe) and travels back with its
result, so the corpus phase and the end of the run can go on using it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from doclint.baseline import fingerprint_key, fingerprint_of
from doclint.document import Document, Position
from doclint.rules import Rule, RuleSet
from doclint.suppression import Directive, apply_suppressions, parse_directives, unused_directives
from doclint.violations import Violation

UNUSED_SUPPRESSION = "unused-suppression"
# A violation carries the text of its line for reporters (source snippets, baseline fingerprints). Longer lines
# (minified or generated text, a 50 MB one-line file) are left out: copied into each of thousands of findings,
# and rendered for each, they would make reporting quadratic.
MAX_SOURCE_LINE = 10_000

# A baseline's entries for one file: (rule code, fingerprint) -> how many such findings it records.
BaselineEntries = Counter[tuple[str, str]]


def source_line(document: Document, line: int) -> str:
    """The text of ``line`` for a violation, or "" when the line is too long to carry (``MAX_SOURCE_LINE``)."""
    start = document.line_index.line_start(line - 1)
    end = document.text.find("\n", start)
    length = (len(document.text) if end == -1 else end) - start
    return document.line_text(line) if length <= MAX_SOURCE_LINE else ""


@dataclass(frozen=True)
class DirectiveSite:
    """A suppression directive with where it stands, to report it as unused without the document."""

    directive: Directive
    start: Position
    end: Position
    source_line: str


@dataclass
class FileFilter:
    """The filter of one file: which rules apply to it, its suppression directives and its baseline entries.

    ``ran`` are the codes of the rules that finished on the file: a directive for a rule that did not run (not
    selected today, or failed) is not reported as unused. ``baseline`` holds the entries still unmatched for this
    file (None: the run has no baseline).
    """

    path: str
    active: frozenset[str]
    ran: frozenset[str]
    sites: tuple[DirectiveSite, ...] = ()
    unused_reporter: Rule | None = None
    baseline: BaselineEntries | None = None
    failed: frozenset[str] = frozenset()  # rules that could not finish on the file
    used: set[int] = field(default_factory=set)
    hidden: int = 0  # findings the baseline hid
    _occurrences: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    @classmethod
    def for_document(cls, document: Document, rules: RuleSet, known_rules: RuleSet | None = None,
                     failed: Iterable[str] = (), baseline: BaselineEntries | None = None) -> FileFilter:
        """The filter for ``document`` checked with ``rules``; ``known_rules`` (default: ``rules``) resolves the
        names in its directives, so a directive naming a rule that exists but is not running is no typo.
        ``baseline``: the run's baseline entries for this file (copied; None: the run has no baseline)."""
        sites: tuple[DirectiveSite, ...] = ()
        if document.comments:
            sites = tuple(_site(document, directive)
                          for directive in parse_directives(document, known_rules or rules))
        return cls.with_sites(document.path, rules, failed, sites, baseline)

    @classmethod
    def with_sites(cls, path: str, rules: RuleSet, failed: Iterable[str], sites: tuple[DirectiveSite, ...],
                   baseline: BaselineEntries | None = None) -> FileFilter:
        """The filter of a file whose directives are known (``for_document``, or a cached check)."""
        failed = frozenset(failed)
        active = frozenset(rule.code for rule in rules)
        ran = frozenset(rule.code for rule in rules if not rule.kind.engine_owned and rule.code not in failed)
        reporter = next((rule for rule in rules if rule.kind.name == UNUSED_SUPPRESSION), None)
        return cls(path, active, ran, sites, reporter, Counter(baseline) if baseline is not None else None, failed)

    def keep(self, violations: Iterable[Violation]) -> list[Violation]:
        """The violations to report, in the order given, each with its fingerprint."""
        selected = [violation for violation in violations if violation.code in self.active]
        if self.sites and selected:
            selected, used = apply_suppressions([site.directive for site in self.sites], selected)
            self.used |= used
        return self._after_suppression(selected)

    def unused(self) -> list[Violation]:
        """Unused-suppression findings for the directives nothing used (call once, after every phase)."""
        if self.unused_reporter is None or not self.sites:
            return []
        directives = [site.directive for site in self.sites]
        site_of = {id(site.directive): site for site in self.sites}
        found = []
        for directive in unused_directives(directives, self.used, self.ran):
            site = site_of[id(directive)]
            reason = (f"unknown rule {', '.join(map(repr, directive.unknown))}" if directive.unknown
                      else "no finding to suppress")
            found.append(self.unused_reporter.violation(self.path, site.start, site.end,
                                                        {"directive": directive.source, "reason": reason},
                                                        source_line=site.source_line))
        return self._after_suppression(found)

    def _after_suppression(self, violations: list[Violation]) -> list[Violation]:
        kept = []
        for violation in violations:
            key = fingerprint_key(violation)
            self._occurrences[key] += 1
            violation = replace(violation, fingerprint=fingerprint_of(key, self._occurrences[key]))
            if self.baseline is not None and self.baseline[(violation.code, violation.fingerprint)] > 0:
                self.baseline[(violation.code, violation.fingerprint)] -= 1
                self.hidden += 1
                continue
            kept.append(violation)
        return kept

    def stale_baseline_entries(self) -> int:
        """Baseline entries for this file that matched nothing (fixed or changed since it was written)."""
        return sum(count for count in self.baseline.values() if count > 0) if self.baseline is not None else 0


def _site(document: Document, directive: Directive) -> DirectiveSite:
    start = document.position(directive.start)
    return DirectiveSite(directive, start, document.position(directive.end), source_line(document, start.line))
