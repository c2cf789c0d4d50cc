"""Rule regexes are compiled when a document first needs them, not when the rules load: what users rely on stays.

A bad regular expression in a user's rule file is still a one-line error at its line when the rules load (for
every check kind that takes patterns), loaded rules still pickle into worker processes and find there what they
find here, ``--jobs 2`` reports what ``--jobs 1`` reports, and a prefiltered rule finds the same before and
after it switches from its whole regex to per-pattern subsets.
"""

from __future__ import annotations

import json
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner

from doclint import wordlists
from doclint.cli import cli
from doclint.engine import lint_text
from doclint.rules import RuleSet, load_rules
from doclint.schema import SchemaError
from doclint.violations import Violation

HEAD = "id: XT001\nname: test-rule\nlevel: warning\nmessage: x\ndescription: d\n"  # the check: line is line 6

# check kind -> (the rest of a rule file, the line of its bad pattern, the message after "invalid regular
# expression ..." or the whole message)
BAD_PATTERNS = {
    "existence": ("check: existence\npatterns:\n  - ok\n  - '[unclosed'\n", 9,
                  "invalid regular expression '[unclosed': unterminated character set at position 0"),
    "existence with a prefilter": ("check: existence\nprefilter: [ok]\npatterns:\n  - ok\n  - '(unclosed'\n", 10,
                                   "invalid regular expression '(unclosed': missing ), unterminated subpattern at "
                                   "position 0"),
    "existence, patterns that cannot be combined": (
        "check: existence\npatterns:\n  - '(?P<x>a)'\n  - '(?P<x>b)'\n", 7,
        "patterns: cannot combine the regular expressions: redefinition of group name 'x' as group 4; was group 2 "
        "at position 43"),
    "existence, a pattern that matches nothing": ("check: existence\npatterns:\n  - ok\n  - 'a?'\n", 7,
                                                  "patterns: 'a?' matches the empty string"),
    "substitution": ("check: substitution\npatterns:\n  ok: fine\n  '[unclosed': fine\n", 7,
                     "patterns: invalid regular expression '[unclosed': unterminated character set at position 0"),
    "truncation": ("check: truncation\nexempt-patterns:\n  - ok\n  - '(unclosed'\n", 9,
                   "invalid regular expression '(unclosed': missing ), unterminated subpattern at position 0"),
    "markup-residue": ("check: markup-residue\ntext:\n  - what: w\n    pattern: '(unclosed'\n    advice: a\n", 9,
                       "invalid regular expression '(unclosed': missing ), unterminated subpattern at position 0"),
    "occurrence": ("check: occurrence\ntoken: pattern\nmax: 3\npattern: '(unclosed'\n", 9,
                   "invalid regular expression '(unclosed': missing ), unterminated subpattern at position 0"),
    "capitalization": ("check: capitalization\nmatch: pattern\npattern: '(unclosed'\n", 8,
                       "invalid regular expression '(unclosed': missing ), unterminated subpattern at position 0"),
}


@pytest.mark.parametrize("case", sorted(BAD_PATTERNS))
def test_a_bad_pattern_in_a_user_rule_is_an_error_at_its_line_when_the_rules_load(tmp_path: Path, case: str) -> None:
    body, line, message = BAD_PATTERNS[case]
    path = tmp_path / "XT001-test-rule.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path])
    assert str(caught.value) == f"{path}:{line}: {message}"


def test_a_bad_pattern_in_a_user_copy_of_a_built_in_rule_is_an_error_at_its_line(tmp_path: Path) -> None:
    # DL003's patterns run on ``re`` and are trusted when they ship; a user's copy with one more is checked.
    from doclint.ruledirs import builtin_rules_dir

    source = (builtin_rules_dir() / "DL005-model-artefact.yaml").read_text(encoding="utf-8")
    broken = source.replace("patterns:\n", "patterns:\n  - 'as an (unclosed'\n", 1)
    line = broken.splitlines().index("  - 'as an (unclosed'") + 1
    path = tmp_path / "DL005-model-artefact.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path])
    assert str(caught.value) == (f"{path}:{line}: invalid regular expression 'as an (unclosed': missing ), "
                                 "unterminated subpattern at position 6")


def test_the_command_line_reports_a_bad_user_pattern_on_one_line_and_exits_2(tmp_path: Path) -> None:
    rules = tmp_path / "styles"
    rules.mkdir()
    (rules / "XT001-test-rule.yaml").write_text(HEAD + BAD_PATTERNS["existence"][0], encoding="utf-8")
    (tmp_path / "doc.md").write_text("# Title\n\nFine text.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--isolated", "--rules", str(rules),
                                      str(tmp_path / "doc.md")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"{rules / 'XT001-test-rule.yaml'}:9: invalid regular expression '[unclosed': unterminated character set "
        "at position 0"]


def test_loading_the_built_in_rules_compiles_none_of_their_pattern_lists() -> None:
    # What start-up saves: DL004's and DL005's regexes wait for a document that needs them. A process keeps one
    # matcher per word list (an earlier test may have compiled it): this test starts from none.
    wordlists._build_matcher.cache_clear()
    rules = load_rules()
    for code in ("DL004", "DL005"):
        rule = rules.find(code)
        assert rule is not None
        regex = rule.prepared.matcher.regex
        assert regex.patterns is not None and regex.patterns._compiled is None
        assert rule.prepared.subsets is not None and rule.prepared.subsets._analysis == []
    dl006 = rules.find("DL006")
    assert dl006 is not None and dl006.prepared.exempt._compiled is None


TEXT = ("Headline for the test\n\n"
        "Certainly! Here is the rewritten article: the council met on Monday. As an AI language model, I cannot "
        "browse the internet.\n\n"
        "The mayor said [Insert quote here] and TODO check the figures with {{author}}.\n\n"
        "Experts agree that the plan is the best one. I hope this helps! Let me know if you would like more.\n\n"
        "The report, which the committee published on Friday, says the budget will\n")


CLAIMS = "Headline for the test\n\nSome critics say the new bridge is a waste of money. Experts agree it is.\n"


def _found(violations: list[Violation]) -> list[tuple[str, int, int, str]]:
    return [(v.code, v.line, v.column, v.message) for v in violations]


def _found_in_both(rules: RuleSet) -> list[list[tuple[str, int, int, str]]]:
    return [_found(lint_text(text, rules=rules)) for text in (TEXT, CLAIMS)]


def test_rules_found_the_same_before_and_after_their_regexes_were_compiled() -> None:
    rules = load_rules()
    first = _found_in_both(rules)
    assert {code for code, *_ in first[0]} == {"DL004", "DL005", "DL006"}
    assert [message for _, _, _, message in first[1]] == ["'Some critics say': who? Name the source or cite it",
                                                          "'Experts agree': who? Name the source or cite it"]
    assert _found_in_both(rules) == first
    assert _found_in_both(load_rules()) == first


def test_a_prefiltered_rule_finds_the_same_with_its_whole_regex_and_with_its_subsets() -> None:
    # The first WHOLE_REGEX_TEXT characters a rule sees are searched with the regex of all its patterns; then
    # the patterns are parsed for the strings they need and each span is searched for those that can match.
    whole_first = load_rules()
    found_whole = _found(lint_text(TEXT, rules=whole_first))
    dl005 = whole_first.find("DL005")
    assert dl005 is not None and dl005.prepared.subsets._analysis == []  # the whole regex was used
    with mock.patch.object(wordlists, "WHOLE_REGEX_TEXT", 0):
        subsets_first = load_rules()
        found_subsets = _found(lint_text(TEXT, rules=subsets_first))
    dl005 = subsets_first.find("DL005")
    assert dl005 is not None and dl005.prepared.subsets._analysis != []  # the subsets were used
    assert found_subsets == found_whole
    assert [entry[1:] for entry in found_whole if entry[0] == "DL005"] == [
        (3, 1, "The writing tool speaks here ('Certainly!'): delete its words from the copy"),
        (3, 12, "The writing tool speaks here ('Here is the rewritten article:'): delete its words from the copy"),
        (3, 70, "The writing tool speaks here ('As an AI language model, I'): delete its words from the copy"),
        (7, 46, "The writing tool speaks here ('I hope this helps'): delete its words from the copy"),
        (7, 65, "The writing tool speaks here ('Let me know if you would like'): delete its words from the copy"),
    ]


def _lint_in_worker(rules: RuleSet) -> list[list[tuple[str, int, int, str]]]:
    return _found_in_both(rules)


@pytest.mark.parametrize("used_first", [False, True], ids=["fresh", "after-use"])
def test_a_rule_set_pickles_and_finds_the_same_in_a_worker_process(used_first: bool) -> None:
    rules = load_rules()
    expected = _found_in_both(load_rules())
    assert len(expected[0]) == 9 and len(expected[1]) == 2
    if used_first:  # compiled regexes and worked-out subsets travel too
        with mock.patch.object(wordlists, "WHOLE_REGEX_TEXT", 0):
            assert _found_in_both(rules) == expected
    copy = pickle.loads(pickle.dumps(rules))
    assert _found_in_both(copy) == expected
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(_lint_in_worker, rules).result(timeout=120) == expected


def test_two_jobs_report_what_one_job_reports(tmp_path: Path) -> None:
    documents = tmp_path / "docs"
    documents.mkdir()
    for number in range(20):  # more than the 16 files below which no worker is started
        body = (TEXT if number % 2 else CLAIMS).split("\n\n", 1)[1]
        (documents / f"page{number:02}.md").write_text(f"# Page {number}\n\n{body}\nPage {number} ends.\n",
                                                       encoding="utf-8")

    def run(jobs: str) -> tuple[int, list[dict[str, Any]]]:
        result = CliRunner().invoke(cli, ["check", "--no-cache", "--isolated", "--select", "ALL", "--format", "json",
                                          "--jobs", jobs, str(documents)])
        return result.exit_code, json.loads(result.output)

    one, two = run("1"), run("2")
    assert one[0] == 1
    assert {finding["code"] for finding in one[1]} >= {"DL003", "DL004", "DL005"}
    assert two == one
