"""Numbers in rule and configuration files must be finite: ``.nan`` compares false with every bound (so a range
check lets it through and a threshold of NaN silently reports nothing), ``.inf`` switches a guard off, and an
integer too large for a float crashed the conversion with a traceback. Each is one ``file:LINE:`` error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

RULE = """\
id: XS001
name: claims
check: attribution
level: warning
message: "Who says so?"
description: A rule for this test.
claim-cues:
  - family: claim
    cues:
      experts say: {weight}
threshold: {threshold}
examples:
  fail: ["Experts say it works."]
  pass: ["A dog."]
"""


def check_with_rule(work: Path, threshold: str, weight: str = "1.0"):  # type: ignore[no-untyped-def]
    (work / "style").mkdir(exist_ok=True)
    (work / "style" / "claims.yaml").write_text(RULE.format(threshold=threshold, weight=weight))
    (work / "a.md").write_text("Experts say it works.\n")
    return run_cli("check", "--isolated", "--rules", "style", "a.md")


@pytest.mark.parametrize(("value", "shown"), [
    (".nan", ".nan"), (".NaN", ".nan"), (".inf", ".inf"), ("-.inf", "-.inf"), ("+.Inf", ".inf"),
    ("1" + "0" * 400, "an integer too large for a number"),
])
def test_a_threshold_that_is_not_a_finite_number_is_refused_with_its_line(work: Path, value: str, shown: str) -> None:
    result = check_with_rule(work, value)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"style/claims.yaml:11: threshold: expected a finite number, got {shown}\n")


def test_a_weight_inside_a_mapping_is_checked_too(work: Path) -> None:
    result = check_with_rule(work, "0.5", weight=".nan")
    assert (result.exit_code, result.stderr) == (
        2, "style/claims.yaml:10: claim-cues.0.cues.experts say: expected a finite number, got .nan\n")


def test_an_exponent_without_a_dot_gets_a_hint(work: Path) -> None:
    """YAML 1.1 reads 1e+300 as text: say so, rather than just "got a string"."""
    result = check_with_rule(work, "1e+300")
    assert (result.exit_code, result.stderr) == (
        2, "style/claims.yaml:11: threshold: expected number or null, got a string (YAML reads '1e+300' as text; write "
           "1.0e+300 for a number)\n")


@pytest.mark.parametrize("value", ["0.5", "2", "1.0e+2", "-3"])
def test_finite_numbers_and_integers_are_accepted(work: Path, value: str) -> None:
    assert check_with_rule(work, value).exit_code in (0, 1)


@pytest.mark.parametrize("value", [".nan", ".inf"])
def test_configuration_numbers_are_checked_the_same_way(work: Path, value: str) -> None:
    (work / ".doclint.yaml").write_text(f"regex-timeout: {value}\n")
    (work / "a.md").write_text("Fine.\n")
    result = run_cli("check", "a.md")
    assert (result.exit_code, result.stderr) == (
        2, f".doclint.yaml:1: regex-timeout: expected a finite number, got {value}\n")
