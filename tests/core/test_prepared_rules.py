"""The built-in rule files ship read ahead (``rules/prepared-rules.json``) so that a start does not parse their YAML:
the shipped form must be what parsing them gives now, and a rule file whose text differs from it is parsed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from doclint.rules import Rule, load_rule, load_rules, prepared_rules
from doclint.ruledirs import PREPARED_RULES, builtin_rules_dir, prepared_rules_file, rule_files
from doclint.safe_regex import shipped_patterns, single_quoted_strings

REGENERATE = 'python -c "from doclint.rules import write_prepared_rules as w; w()"'


def test_the_shipped_form_is_up_to_date() -> None:
    shipped = (builtin_rules_dir() / PREPARED_RULES).read_text(encoding="utf-8")
    # compared as JSON text, so that the order of every mapping (which decides ties between cues) counts too
    expected = {name: json.dumps(entry) for name, entry in prepared_rules(builtin_rules_dir()).items()}
    assert {name: json.dumps(entry) for name, entry in json.loads(shipped).items()} == expected, \
        f"rules/{PREPARED_RULES} is stale: regenerate it with {REGENERATE}"
    assert sorted(expected) == [path.name for path in rule_files(builtin_rules_dir())]


def _described(rule: Rule) -> tuple[object, ...]:  # a rule's prepared form compares by identity
    return (rule.code, rule.name, rule.kind, rule.level, rule.message, rule.description, rule.params, rule.examples,
            rule.enabled, rule.source)


def test_the_built_in_rules_load_the_same_from_the_shipped_form_and_from_their_yaml() -> None:
    assert [_described(rule) for rule in load_rules()] == [_described(rule) for rule in load_rules(validate_builtin=True)]


def test_a_rule_file_that_differs_from_the_shipped_form_is_parsed(tmp_path: Path) -> None:
    directory = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), directory)
    source = directory / "DL002-repeated-heading.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("level: warning", "level: info")
                      .replace("level: error", "level: info"), encoding="utf-8")
    assert load_rule(source, prepared=True).level.value == "info"
    shipped = load_rule(builtin_rules_dir() / source.name, prepared=True)
    assert shipped.level.value != "info" and _described(shipped) == _described(load_rule(builtin_rules_dir() / source.name))


def test_a_missing_or_broken_shipped_form_only_means_parsing(tmp_path: Path) -> None:
    assert prepared_rules_file(tmp_path) == {}
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / PREPARED_RULES).write_text("{not json", encoding="utf-8")
    assert prepared_rules_file(broken) == {}


def test_the_trusted_patterns_are_the_single_quoted_strings_of_the_rule_files() -> None:
    quoted = {string for path in rule_files(builtin_rules_dir())
              for string in single_quoted_strings(path.read_text(encoding="utf-8-sig"))}
    assert shipped_patterns() == quoted
