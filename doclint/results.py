"""The result of a run, as reporters and the command line see it: violations, file problems and what ran.

Part of the data model at the bottom of the imports: reporters import this module, never the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from doclint.violations import FileProblem, Severity, Violation


@dataclass(frozen=True)
class RuleInfo:
    """What reporters say about a rule that ran (SARIF's rule descriptors)."""

    code: str
    name: str
    level: Severity
    summary: str
    description: str
    fail_examples: tuple[str, ...] = ()
    pass_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunResult:
    violations: tuple[Violation, ...]
    problems: tuple[FileProblem, ...] = ()
    files_checked: int = 0
    rules: tuple[RuleInfo, ...] = ()  # the rules that ran, for reporters that describe them (SARIF)
    paths: tuple[str, ...] = ()  # every file checked, in order
    fixes_applied: int = 0
    diffs: tuple[str, ...] = ()  # unified diffs of the fixes (``--fix`` and ``--diff``)
    baseline: tuple[int, int] | None = None  # with a baseline: (violations hidden, stale baseline entries)
    fail_on: Severity = Severity.INFO  # the lowest level that fails the run (option, else configuration)

    @property
    def errors(self) -> tuple[FileProblem, ...]:
        return tuple(problem for problem in self.problems if not problem.skipped)

    @property
    def failing(self) -> bool:
        """Whether a violation is at or above the failing level."""
        return any(violation.severity.rank >= self.fail_on.rank for violation in self.violations)
