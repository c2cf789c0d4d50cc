"""Meta-tests over every loaded rule (built-in and examples/styles/*): documentation and examples are complete,
and every example does what it claims."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import style_dirs

from doclint.engine import lint_text
from doclint.rules import builtin_rules_dir, load_rules

RULES = load_rules(style_dirs())
BUILTIN_CODES = {rule.code for rule in load_rules()}


def _examples(kind: str) -> list[object]:
    params = []
    for rule in RULES:
        items = rule.examples.fail if kind == "fail" else rule.examples.passing
        for number, text in enumerate(items, start=1):
            params.append(pytest.param(rule, text, id=f"{rule.code}-{rule.name}-{kind}{number}"))
    return params


def test_rules_are_loaded() -> None:
    assert {"DL001", "DL002"} <= BUILTIN_CODES
    assert len(RULES) >= len(BUILTIN_CODES)


@pytest.mark.parametrize("rule", [pytest.param(r, id=f"{r.code}-{r.name}") for r in RULES if r.code in BUILTIN_CODES])
def test_builtin_rule_has_a_failing_and_a_passing_example(rule) -> None:
    assert rule.examples.fail, f"{rule.source}: no examples.fail"
    assert rule.examples.passing, f"{rule.source}: no examples.pass"


@pytest.mark.parametrize("rule, text", _examples("fail"))
def test_fail_example_triggers_the_rule(rule, text: str) -> None:
    violations = lint_text(text, format=rule.examples.format, rules=RULES, select=[rule.code])
    assert [v.code for v in violations].count(rule.code) >= 1, f"{rule.source}: this fail example passes:\n{text}"


@pytest.mark.parametrize("rule, text", _examples("pass"))
def test_pass_example_does_not_trigger_the_rule(rule, text: str) -> None:
    violations = lint_text(text, format=rule.examples.format, rules=RULES, select=[rule.code])
    assert [f"{v.line}:{v.column} {v.message}" for v in violations if v.code == rule.code] == [], rule.source


@pytest.mark.parametrize("rule", [pytest.param(r, id=f"{r.code}-{r.name}") for r in RULES])
def test_rule_has_a_description_and_a_summary(rule) -> None:
    assert rule.description.strip(), f"{rule.source}: empty description"
    assert rule.summary.strip(), f"{rule.source}: description has no first sentence"
    assert rule.message.strip(), f"{rule.source}: empty message"


def test_rule_codes_and_names_are_unique() -> None:
    codes = Counter(rule.code for rule in RULES)
    names = Counter(rule.name for rule in RULES)
    assert [code for code, n in codes.items() if n > 1] == []
    assert [name for name, n in names.items() if n > 1] == []


def test_builtin_rule_files_are_named_after_code_and_name() -> None:
    # rules/DL001-duplicate-paragraph.yaml: the file name says which rule it holds
    for rule in load_rules():
        assert rule.source.endswith(f"{rule.code}-{rule.name}.yaml"), rule.source
        assert builtin_rules_dir().resolve() in Path(rule.source).resolve().parents


def test_builtin_rule_levels_and_enabled_defaults() -> None:
    rules = {rule.code: rule for rule in load_rules()}
    assert (rules["DL001"].name, rules["DL001"].level.value, rules["DL001"].enabled) == (
        "duplicate-paragraph", "error", True)
    assert (rules["DL002"].name, rules["DL002"].level.value, rules["DL002"].enabled) == (
        "repeated-heading", "error", True)


def test_no_example_style_rule_replaces_a_built_in_rule() -> None:
    """A style's rule with a built-in rule's name replaces it when the style is loaded (the example house style
    once replaced DL008 repeated-word so): the examples must add rules, not swap built-in ones out."""
    built_in = load_rules()
    for directory in style_dirs():
        for rule in load_rules([directory], include_builtin=False):
            assert built_in.find(rule.name) is None and built_in.find(rule.code) is None, (directory, rule.code)
