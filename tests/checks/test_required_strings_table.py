"""DL003's table of required strings (``rules/DL003-unattributed-claim.required.json``) is data worked out from the
rule's patterns ahead of time: it must say what ``required_strings`` says of them now, and a pattern that is not
in it (a user's) is still worked out."""

from __future__ import annotations

import json

from doclint.checks import attribution
from doclint.rules import load_rules
from doclint.ruledirs import builtin_rules_dir

REGENERATE = 'python -c "from doclint.checks.attribution import write_required_strings_table as w; w()"'


def test_the_shipped_table_is_up_to_date() -> None:
    shipped = json.loads((builtin_rules_dir() / attribution.REQUIRED_STRINGS_TABLE).read_text(encoding="utf-8"))
    expected: dict[str, list[list[str]]] = {}
    for rule in load_rules(validate_builtin=True):
        if isinstance(rule.params, attribution.AttributionParams):
            expected.update(attribution.required_strings_table(rule.params))
    assert shipped == expected, f"the table of required strings is stale: regenerate it with {REGENERATE}"


def test_a_pattern_outside_the_table_is_worked_out() -> None:
    pattern = r"\bmade-up pundits (?:claim|claimed)"
    assert pattern not in json.loads((builtin_rules_dir() / attribution.REQUIRED_STRINGS_TABLE).read_text("utf-8"))
    assert attribution.known_required_strings(pattern) == attribution.required_strings(pattern)
    assert [set(found) for found in attribution.known_required_strings(pattern)] == [{"made-up pundits claim"}]


def test_patterns_in_and_outside_the_table_are_both_prefiltered() -> None:
    shipped = next(iter(json.loads((builtin_rules_dir() / attribution.REQUIRED_STRINGS_TABLE).read_text("utf-8"))))
    required = attribution.RequiredWords.build([r"\bmade-up pundits (?:claim|claimed)", shipped])
    assert 0 in required.candidates("as made-up pundits claimed, the sky is green")
    assert 0 not in required.candidates("the sky is green")
