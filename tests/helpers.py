"""Helpers shared by the test modules: paths to the example styles, and one-rule linting for check-kind tests.

Check-kind tests build a rule from a few lines of YAML (``make_rule``) and lint a text with it alone
(``lint``/``found``), so each test states exactly the parameters it exercises.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from doclint.engine import lint_text
from doclint.rules import Rule, RuleSet, rule_from_data
from doclint.schema import load_yaml
from doclint.violations import Violation

REPO_ROOT = Path(__file__).resolve().parent.parent
HOUSE_STYLE = REPO_ROOT / "examples" / "styles" / "house-style"

# DL003 unattributed-claim: how its messages end, by cue family's note
DL003_WHO = "who? Name the source or cite it"
DL003_WHO_SAYS = "who says so? Name the source or cite it"
DL003_READING = "whose reading is this? Attribute the interpretation or drop it"
DL003_SAYS_WHO = "says who? Attribute the judgement or give the facts behind it"


def dl003_findings(text: str, rules: RuleSet, format: str = "text") -> list[tuple[str, int, int, str]]:
    """DL003's findings in ``text``: code, line, column, message."""
    return [(v.code, v.line, v.column, v.message) for v in lint_text(text, format=format, rules=rules, select=["DL003"])]


def make_rule(check: str, body: str = "", message: str = "{match}", level: str = "warning") -> Rule:
    """A test rule XT001 of check kind ``check`` with the YAML parameters ``body``."""
    text = (f"id: XT001\nname: test-rule\ncheck: {check}\nlevel: {level}\nmessage: \"{message}\"\n"
            f"description: A test rule.\n{body}")
    return rule_from_data(load_yaml(text, "test.yaml"))


def lint(rule: Rule, text: str, format: str = "markdown") -> list[Violation]:
    return lint_text(text, format=format, rules=RuleSet((rule,)))


def found(rule: Rule, text: str, format: str = "markdown") -> list[tuple[int, int, str]]:
    """``(line, column, message)`` of each finding of ``rule`` in ``text``."""
    return [(v.line, v.column, v.message) for v in lint(rule, text, format)]


def cpu_seconds(work: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time (of this process, not wall-clock: other processes' load does not count) that
    ``work()`` took over ``repeat`` runs. For scaling ratios, never for absolute limits."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def grows_linearly(work: Callable[[int], object], size: int, factor: int = 4, slack: float = 2.0,
                   floor: float = 0.02, repeat: int = 3) -> tuple[bool, float, float]:
    """Whether ``work(factor * size)`` costs at most ``slack * factor`` times ``work(size)`` in CPU time (plus
    ``floor`` seconds for timer noise): linear work passes, quadratic work (``factor ** 2``) does not.
    Returns the verdict and both times, for the assertion message."""
    small = cpu_seconds(lambda: work(size), repeat)
    large = cpu_seconds(lambda: work(factor * size), repeat)
    return large <= slack * factor * small + floor, small, large
