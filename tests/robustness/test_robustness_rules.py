"""Hostile rule and configuration files (issue 7, part 2): malformed or explosive YAML, wrong types, enormous
lexicons, patterns that nest too deeply, and regular expressions with catastrophic backtracking.

Every mistake is one line naming the file (and the line when there is one); nothing crashes or hangs. A user
pattern that runs over its time budget is reported as an error naming the rule, the file, the line and the
pattern, and everything else is still checked (``doclint/safe_regex.py`` explains the choice of engine).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import grows_linearly

from doclint.cli import cli
from doclint.config import load_config
from doclint.engine import check_document, lint_text
from doclint.parsing import parse_document
from doclint.rules import RuleSet, load_rule, load_rules, rule_from_data
from doclint.safe_regex import (
    PatternTimeout,
    SafePattern,
    compile_user_pattern,
    pattern_error,
    shipped_patterns,
    time_budget,
)
from doclint.schema import MAX_YAML_DEPTH, SchemaError, load_yaml
from doclint.wordlists import MAX_TRIE_NESTING, build_matcher, literal_regex

EVIL = "(a|a)+$"  # exponential on a run of a's not followed by the end: even `regex` needs the timeout for it
EVIL_TEXT = "Normal text here.\n\nNormal " + "a" * 40 + "b and more\n\nMore text.\n"


def make_rule(check: str, **params: object):  # type: ignore[no-untyped-def]
    values = {"id": "XX001", "name": "test-rule", "check": check, "level": "warning", "message": "found",
              "description": "A test rule.", **params}
    return rule_from_data(load_yaml(yaml.safe_dump(values, width=10**9, allow_unicode=True), "test.yaml"))


def schema_error(text: str) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        load_yaml(text, "r.yaml")
    return caught.value


# YAML


@pytest.mark.parametrize("text, line, message", [
    ("id: 'unclosed\nname: x\n", 3, "invalid YAML: found unexpected end of stream"),
    ("a: [1, 2\nb: 3\n", 2, "invalid YAML: expected ',' or ']', but got ':'"),
    ("a:\n  b: 1\n c: 2\n", 3, "invalid YAML: expected <block end>, but found '<block mapping start>'"),
    ("a: 1\n---\nb: 2\n", 2, "invalid YAML: but found another document"),
    # Before: the pure-Python loader raised ReaderError while being created, outside the try: a traceback.
    ("a: 1\nb: c\0d\n", 2, "invalid YAML: character U+0000 is not allowed (special characters are not allowed)"),
    ("a: \x1b[31m\n", 1, "invalid YAML: character U+001B is not allowed (special characters are not allowed)"),
])
def test_malformed_yaml_is_one_line_naming_the_line(text: str, line: int | None, message: str) -> None:
    error = schema_error(text)
    assert (error.line, error.message) == (line, message)


@pytest.mark.parametrize("text", [
    "[" * 1000 + "]" * 1000,
    "{a: " * 500 + "1" + "}" * 500,
    "".join("  " * i + "a:\n" for i in range(400)) + "  " * 400 + "b: 1\n",
    "- " * 300 + "x\n",
])
def test_yaml_nested_too_deeply_is_an_error_not_a_recursion_error(text: str) -> None:
    # Before: RecursionError (a traceback) from the loader.
    error = schema_error(text)
    assert error.message == f"YAML nested too deeply (over {MAX_YAML_DEPTH} levels)"


def test_yaml_nested_100000_levels_does_not_crash_the_process(tmp_path: Path) -> None:
    # Before: libyaml's composer recursed in C and the process died of a segmentation fault. In a subprocess, so
    # that a regression fails this test instead of killing the test run.
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "deep.yaml").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "a.md").write_text("Text.\n")
    done = subprocess.run([sys.executable, "-m", "doclint", "check", "--isolated", "--rules", "rules", "a.md"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == f"{os.path.join('rules', 'deep.yaml')}:1: YAML nested too deeply (over 100 levels)\n"


def test_a_chain_of_merge_keys_is_bounded() -> None:
    lines = ["a0: &a0 {k: v}"] + [f"a{i}: &a{i} {{<<: *a{i - 1}, k{i}: v}}" for i in range(1, 3000)]
    assert len(load_yaml("\n".join(lines[:300]) + "\n", "r.yaml").value["a299"]) == 300
    error = schema_error("\n".join(lines) + "\n")  # 4.5 million merged keys: refused, not a RecursionError
    assert error.message == "YAML too large or too deeply aliased (over 200000 nodes)"


@pytest.mark.parametrize("text", [
    "\n".join(["a0: &a0 {k: v, l: w}"] + [f"a{i}: &a{i}\n  <<: [*a{i - 1}, *a{i - 1}]" for i in range(1, 40)]),
    "\n".join(["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 40)]),
], ids=["merge-keys", "aliases"])
def test_alias_and_merge_key_bombs_are_refused(text: str) -> None:
    try:
        data = load_yaml(text + "\n", "bomb.yaml")
    except SchemaError as error:
        assert error.message == "YAML too large or too deeply aliased (over 200000 nodes)"
    else:
        # PyYAML >= 6.0.4 merges "<<: [*a, *a]" without repeating keys, so the merge bomb stays small there.
        assert len(data.value["a39"]) == 2


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch pwned']", "!!python/name:os.system",
                                 "!!python/module:os", "!!python/object/new:os.system [ls]"])
def test_python_tags_are_refused_and_never_run(work: Path, tag: str) -> None:
    (work / "rules").mkdir()
    (work / "rules" / "r.yaml").write_text(f"id: XX001\nname: x\ncheck: existence\nlevel: warning\nmessage: m\n"
                                           f"description: d.\ntokens: {tag}\n")
    (work / "a.md").write_text("Text.\n")
    result = CliRunner().invoke(cli, ["check", "--isolated", "--rules", "rules", "a.md"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{os.path.join('rules', 'r.yaml')}:7: invalid YAML value:")
    assert not (work / "pwned").exists()


@pytest.mark.parametrize("text, line", [("<<:\n", 1), ("a: 1\n<<: 5\n", 2), ("a:\n  <<: [x]\n", 2)])
def test_merge_key_without_a_mapping_is_an_error_with_its_line(text: str, line: int) -> None:
    # Found by test_properties.py: before, ConstructorError escaped as a traceback.
    error = schema_error(text)
    assert error.line == line and error.message.startswith("invalid YAML: expected a mapping")


def test_integer_too_long_to_convert_is_an_error_with_its_line() -> None:
    # Before: ValueError ("Exceeds the limit (4300 digits)") escaped as a traceback.
    error = schema_error("a: 1\nb: " + "9" * 5000 + "\n")
    assert error.line == 2 and error.message.startswith("invalid YAML value: Exceeds the limit")


@pytest.mark.parametrize("appended, line, message", [
    ("tokens: 5\n", 7, "tokens: expected list of string, got an integer"),
    ("tokens: [a, [b]]\n", 7, "tokens.1: expected string, got a list"),
    ("tokens: [a]\nignorecase: 'yes'\n", 8, "ignorecase: expected boolean, got a string"),
    ("tokens: [a]\nscope: [paragraph, 7]\n", 8, "scope: expected 'heading' | 'paragraph' | 'sentence' | "
                                                "'list_item' | 'blockquote' | 'table_cell' | 'document' or list "
                                                "of 'heading' | 'paragraph' | 'sentence' | 'list_item' | "
                                                "'blockquote' | 'table_cell' | 'document', got a list"),
    ("tokens: !!binary aGVsbG8=\n", 7, "tokens: expected list of string, got bytes"),
    ("tokens: [2001-12-14]\n", 7, "tokens.0: expected string, got date"),
])
def test_wrong_types_are_one_line_errors(tmp_path: Path, appended: str, line: int, message: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("id: XX001\nname: x\ncheck: existence\nlevel: warning\nmessage: m\ndescription: d.\n" + appended)
    with pytest.raises(SchemaError) as caught:
        load_rule(path)
    assert (caught.value.line, caught.value.message) == (line, message)


# Configuration files


@pytest.mark.parametrize("name, text, expected", [
    ("pyproject.toml", "tool = 5\n", "pyproject.toml:1: tool: expected a table"),  # before: AttributeError
    ("pyproject.toml", "[tool]\ndoclint = 5\n", "pyproject.toml:1: configuration must be a mapping of keys"),
    ("pyproject.toml", "a = " + "[" * 2000 + "]" * 2000 + "\n", "pyproject.toml: invalid TOML: nested too deeply"),
    (".doclint.yaml", "select: 5\n", ".doclint.yaml:1: select: expected list of string, got an integer"),
    (".doclint.yaml", "include: ['docs/[z-a].md']\n", ".doclint.yaml:1: include: invalid glob 'docs/[z-a].md'"),
    (".doclint.yaml", "exclude: [ok, '[z-a]']\n", ".doclint.yaml:1: exclude: invalid glob '[z-a]'"),
    (".doclint.yaml", "per-file-ignores:\n  '[z-a]': [DL001]\n", ".doclint.yaml:2: per-file-ignores: invalid glob"),
    (".doclint.yaml", "exclude: ['*a*a*a*a*b']\n", ".doclint.yaml:1: exclude: invalid glob '*a*a*a*a*b': more than 3 "
                                                 "wildcards in one place"),
    (".doclint.yaml", "rule-settings: {DL001: {similarity: [1]}}\n",
     ".doclint.yaml:1: rule-settings.DL001.similarity: expected number, got a list"),
    (".doclint.yaml", "regex-timeout: 0\n", ".doclint.yaml:1: regex-timeout: must be between 0.01 and 60 seconds, got 0"),
    (".doclint.yaml", "regex-timeout: 1.0e+9\n",
     ".doclint.yaml:1: regex-timeout: must be between 0.01 and 60 seconds, got 1000000000.0"),
    (".doclint.yaml", "regex-timeout: .inf\n", ".doclint.yaml:1: regex-timeout: expected a finite number, got .inf"),
    (".doclint.yaml", "regex-timeout: .nan\n", ".doclint.yaml:1: regex-timeout: expected a finite number, got .nan"),
    (".doclint.yaml", "regex-timeout: 1.0e-300\n",
     ".doclint.yaml:1: regex-timeout: must be between 0.01 and 60 seconds, got 1e-300"),
    (".doclint.yaml", "max-file-size: -3\n", ".doclint.yaml:1: max-file-size: a size cannot be negative"),
])
def test_bad_configuration_is_one_line_exit_2(work: Path, name: str, text: str, expected: str) -> None:
    # Before: a glob pathspec could not compile raised re.error, and "tool = 5" raised AttributeError.
    (work / name).write_text(text)
    (work / "a.md").write_text("Text.\n")
    result = CliRunner().invoke(cli, ["check", "--config", name, "a.md"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected), result.stderr
    assert result.stderr.count("\n") == 1


def test_bad_cross_file_exclude_option_is_a_usage_error(work: Path) -> None:
    (work / "a.md").write_text("Text.\n")
    result = CliRunner().invoke(cli, ["check", "--isolated", "--cross-file-exclude", "[z-a]", "a.md"])
    assert result.exit_code == 2
    assert "--cross-file-exclude: invalid glob" in result.stderr


def test_config_extending_itself_through_a_chain(work: Path) -> None:
    (work / "a.yaml").write_text("extends: b.yaml\n")
    (work / "b.yaml").write_text("extends: a.yaml\n")
    with pytest.raises(SchemaError, match="extend each other in a loop"):
        load_config(work / "a.yaml")


# Patterns that cannot even be compiled


@pytest.mark.parametrize("pattern, message", [
    ("(" * 2000 + "a" + ")" * 2000, "nested too deeply"),  # before: RecursionError
    ("a{4294967296}", "the repetition number is too large"),  # before: OverflowError
    ("[z-a]", "bad character range z-a at position 1"),
])
@pytest.mark.parametrize("check, key", [("existence", "patterns"), ("occurrence", "pattern"),
                                        ("capitalization", "pattern"), ("attribution", "exceptions")])
def test_uncompilable_patterns_are_one_line_errors(pattern: str, message: str, check: str, key: str) -> None:
    extra: dict[str, object] = {"existence": {}, "occurrence": {"token": "pattern", "max": 1},
                                "capitalization": {"match": "pattern"}, "attribution": {}}[check]
    value = [pattern] if key in ("patterns", "exceptions") else pattern
    with pytest.raises(SchemaError) as caught:
        make_rule(check, **{key: value}, **extra)
    assert message in caught.value.message and caught.value.line is not None


def test_uncompilable_cue_pattern_in_attribution() -> None:
    with pytest.raises(SchemaError, match="nested too deeply"):
        make_rule("attribution", **{"claim-cues": [{"family": "x", "patterns": {"(" * 2000 + ")" * 2000: 1.0}}]})


def test_pattern_error() -> None:
    assert pattern_error(r"\bfine\b") is None
    assert pattern_error("(") == "missing ), unterminated subpattern at position 0"
    assert pattern_error("(" * 5000) == "nested too deeply"


# Word lists


def test_a_token_thousands_of_characters_long() -> None:
    # Before: RecursionError while rendering the trie (one call per character).
    rule = make_rule("existence", tokens=["a" * 5000, "b"])
    assert [v.column for v in lint_text("b " + "a" * 5000 + " b\n", rules=RuleSet((rule,)), format="text")] == [1, 3, 5004]
    # attribution builds its trie with wordlists.literal_regex too
    attribution_rule = make_rule("attribution", **{"claim-cues": [{"family": "x", "cues": {"long " * 1000: 1.0}}]})
    assert [v.column for v in lint_text("Title\n\nIt is " + "long " * 1000 + "indeed.\n", rules=RuleSet((attribution_rule,)),
                                        format="text")] == [7]


def test_tokens_nesting_deeper_than_the_regex_parser_allows() -> None:
    # "ab", "aab", "aaab", ...: each is a prefix branch of the next, one group deeper each time. Before:
    # RecursionError in re's parser. Past MAX_TRIE_NESTING the rest is a flat alternation, same matches.
    tokens = ["a" * i + "b" for i in range(1, 700)]  # re's parser gives up between 400 and 500 nested groups
    rule = make_rule("existence", tokens=tokens, **{"word-boundaries": True})
    text = " ".join(["a" * 600 + "b", "a" * 20 + "b", "aaa", "a" * 699 + "b", "a" * 700 + "b"]) + "\n"
    found = [(v.column, v.end_column - v.column) for v in lint_text(text, rules=RuleSet((rule,)), format="text")]
    assert found == [(1, 601), (603, 21), (629, 700)]
    assert literal_regex(["x"], True) == r"\bx\b" and MAX_TRIE_NESTING < 100
    # attribution cues: "a", "a a", "a a a", ... nest one optional group per cue
    cues = {" ".join(["a"] * i): 1.0 for i in range(1, 500)}
    make_rule("attribution", **{"claim-cues": [{"family": "x", "cues": cues}]})


@pytest.mark.slow
def test_enormous_lexicon_compiles_and_finds_every_word() -> None:
    import random

    rng = random.Random(1)
    words = sorted({"".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(4, 12))) for _ in range(100_000)})
    rule = make_rule("existence", tokens=words)
    text = " ".join(rng.choice(words) if rng.random() < 0.01 else "lorem" for _ in range(200_000)) + "\n"
    violations = lint_text(text, rules=RuleSet((rule,)), format="text")
    assert len(violations) == sum(1 for word in text.split() if word != "lorem")


# Catastrophic backtracking


def test_the_issues_pattern_is_linear_on_regex() -> None:
    # (a+)+$ against fifty a's and a b: on re, longer than anyone would wait; on regex, immediate and correct.
    rule = make_rule("existence", patterns=["(a+)+$"], **{"word-boundaries": False})
    assert lint_text("a" * 50 + "b\n", rules=RuleSet((rule,)), format="markdown") == []
    assert [v.column for v in lint_text("b" + "a" * 50 + "\n", rules=RuleSet((rule,)), format="markdown")] == [2]


def test_user_patterns_run_on_regex_and_shipped_ones_on_re() -> None:
    assert isinstance(compile_user_pattern(EVIL), SafePattern)
    dl003 = load_rules().find("DL003")
    assert dl003 is not None
    shipped = [p for family in dl003.params.claim_cues for p in family.patterns]
    assert shipped and all(p in shipped_patterns() for p in shipped)
    _, first_cue_pattern = dl003.prepared.pattern_cues[0]
    first_cue_pattern.search("")  # compiled on first use
    assert isinstance(first_cue_pattern._compiled, re.Pattern)
    assert isinstance(compile_user_pattern(shipped[0]), re.Pattern)
    assert isinstance(compile_user_pattern(shipped[0] + "x"), SafePattern)


def test_time_budget_stops_a_search_and_names_the_pattern() -> None:
    pattern = compile_user_pattern(EVIL)
    with pytest.raises(PatternTimeout) as caught, time_budget(0.2):  # without the budget: hours
        list(pattern.finditer("a" * 40 + "b"))
    assert caught.value.patterns == (EVIL,) and str(caught.value).startswith("regular expression timed out")


@pytest.mark.parametrize("check, params", [
    ("existence", {"patterns": [EVIL], "word-boundaries": False}),
    ("existence", {"tokens": ["text"], "patterns": [EVIL], "word-boundaries": False}),
    ("substitution", {"patterns": {EVIL: "b"}, "word-boundaries": False}),
    ("occurrence", {"token": "pattern", "pattern": EVIL, "scope": "paragraph", "max": 5}),
    ("capitalization", {"match": "pattern", "pattern": EVIL, "scope": "table_cell"}),
    ("attribution", {"claim-cues": [{"family": "x", "patterns": {EVIL: 1.0}, "cues": {"normal": 1.0}}]}),
    ("attribution", {"claim-cues": [{"family": "x", "cues": {"normal": 1.0}}], "exceptions": [EVIL]}),
    ("attribution", {"claim-cues": [{"family": "x", "cues": {"normal": 1.0}}], "attribution": {"patterns": [EVIL]}}),
])
def test_catastrophic_pattern_in_every_check_kind_is_stopped_and_reported(check: str, params: dict[str, object]) -> None:
    rule = make_rule(check, **params)
    text = EVIL_TEXT if check != "capitalization" else "| a |\n|---|\n| " + "a" * 40 + "b |\n"
    document = parse_document(text, "doc.md")
    problems: list = []
    check_document(document, [rule], problems=problems, regex_timeout=0.1)  # stopped: else it would run for hours
    [problem] = problems
    # The line where the search was, when the rule searched the document's text (not a sentence or a copy).
    line = None if check in ("capitalization", "attribution") else 3
    assert problem.path == "doc.md" and problem.line == line and not problem.skipped
    assert problem.message.startswith(f"rule XX001 (test-rule): regular expression {EVIL!r} ran over its time limit")
    with pytest.raises(PatternTimeout):  # through the API, the timeout is raised
        check_document(document, [rule], regex_timeout=0.1)


def test_timeout_in_one_file_is_an_error_and_the_rest_of_the_run_goes_on(work: Path) -> None:
    (work / "rules").mkdir()
    (work / "rules" / "evil.yaml").write_text(
        "id: XX001\nname: evil\ncheck: existence\nlevel: warning\nmessage: \"Found {match}\"\ndescription: d.\n"
        f"patterns: ['{EVIL}', 'fine']\nword-boundaries: false\n")
    (work / "evil.md").write_text(EVIL_TEXT + "\n# Dup\n\n# Dup\n")
    (work / "other.md").write_text("Fine text is fine.\n")
    result = CliRunner().invoke(cli, ["check", "--isolated", "--rules", "rules", "--regex-timeout", "0.3",
                                      "evil.md", "other.md"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == ("evil.md:3:1: error: rule XX001 (evil): regular expression '(a|a)+$', 'fine' ran over "
                             "its time limit (0.3 s) and was stopped; this rule's findings in the file may be "
                             "incomplete\n")
    headers = [line for line in result.stdout.splitlines() if ": DL" in line or ": XX" in line]
    assert headers == ["evil.md:9:3: DL002 repeated-heading Heading 'Dup' repeats the title at line 7",
                       "other.md:1:1: XX001 evil Found Fine", "other.md:1:14: XX001 evil Found fine"]


def test_a_rule_that_timed_out_does_not_make_its_suppressions_unused() -> None:
    rule = make_rule("existence", patterns=[EVIL], **{"word-boundaries": False})
    unused = load_rules().find("DL900")
    text = "Intro.\n\n<!-- doclint-disable-next-line XX001 -->\n" + "a" * 40 + "b\n"
    problems: list = []
    violations = check_document(parse_document(text, "doc.md"), [rule, unused], problems=problems,
                                regex_timeout=0.3)
    assert len(problems) == 1 and violations == []  # the directive may well have been used


def test_regex_budget_grows_with_the_document() -> None:
    from doclint.engine import regex_budget

    small = parse_document("x\n", "a.md")
    large = parse_document("x" * 3_000_000, "a.txt")
    assert regex_budget(small, 2.0) == 2.0 and regex_budget(large, 2.0) == pytest.approx(6.0)


def _adversarial_shapes(patterns: list[str]) -> list[tuple[str, str]]:
    """(prefix, unit) pairs: text made of one unit repeated, after a prefix that wakes the rules up. Units are the
    characters regexes backtrack over (word characters, spaces, hyphens, apostrophes, punctuation, brackets,
    quotes, line breaks) alone and in pairs, and words the patterns themselves contain."""
    import random

    rng = random.Random(0)
    words = sorted({w for p in patterns for w in re.findall(r"[a-z]{3,}", p)})
    units = ["a", " ", "\n", "a-", "a ", "a'", "a,", "a.", ". ", "- ", ", ", '"', "“ ", "(", "[1] ", "x's ", "A. ",
             "a—", "Smith ", "said ", "1, "]
    units += [rng.choice(words) + sep for sep in (" ", "-", "ly ", ", ") for _ in range(3)]
    prefixes = ["", "Experts agree that ", "Some analysts said the ", "It is widely believed that "]
    return [(prefix, unit) for unit in units for prefix in (prefixes if len(unit) <= 2 else prefixes[:2])]


def test_shipped_patterns_are_linear_on_adversarial_text() -> None:
    """The built-in rules' patterns run on re, unbounded: this is the test that earns them that trust. Each one,
    on each adversarial shape, at two sizes: the larger (4x) must not cost more than 8x the smaller in CPU time
    (linear: 4x; quadratic: 16x)."""
    patterns = [p for p in shipped_patterns() if pattern_error(p) is None]
    compiled = [re.compile(pattern, re.IGNORECASE) for pattern in patterns]

    def scan_all(text: str) -> None:
        for regex in compiled:
            for _ in regex.finditer(text):
                pass

    slow = []
    for prefix, unit in _adversarial_shapes(patterns):
        def scan(n: int) -> None:
            scan_all(prefix + unit * (n // len(unit)))

        if grows_linearly(scan, 2_000, repeat=1)[0]:  # a quick screen; a shape that fails it is measured again
            continue
        ok, small, large = grows_linearly(scan, 2_000)
        if not ok:
            slow.append((prefix, unit, round(small, 4), round(large, 4)))
    assert slow == []


@pytest.mark.parametrize("unit", ["a-", "a ", "a,", "“ ", "said "])
def test_every_built_in_rule_is_linear_on_adversarial_text(unit: str) -> None:
    """All built-in rules together (their combined regexes, the sentence splitter, the parsers) on one long
    adversarial sentence, as plain text and as Markdown: 4x the text costs at most 8x the CPU time."""
    rules = load_rules()
    for format in ("text", "markdown"):
        def check(n: int) -> None:
            lint_text("Experts agree that " + unit * (n // len(unit)) + "\n", rules=rules, format=format)

        ok, small, large = grows_linearly(check, 4_000)
        assert ok, (format, small, large)


# Failures inside a check


def test_a_check_that_raises_is_reported_and_the_other_rules_and_files_still_run(work: Path) -> None:
    rules = load_rules()
    dl002 = rules.find("DL002")
    assert dl002 is not None
    kind = dl002.kind  # the one instance every loaded rule of this kind shares
    real_run = kind.run

    def broken(document, prepared):  # type: ignore[no-untyped-def]
        if document.path.endswith("boom.md"):
            raise RecursionError("maximum recursion depth exceeded")
        return real_run(document, prepared)

    (work / "boom.md").write_text("# A\n\n# A\n\nSame paragraph here, long enough to count.\n\n"
                                  "Same paragraph here, long enough to count.\n")
    (work / "fine.md").write_text("# B\n\n# B\n")
    object.__setattr__(kind, "run", broken)  # a frozen dataclass
    try:
        result = CliRunner().invoke(cli, ["check", "--isolated", "--jobs", "1", "boom.md", "fine.md"],
                                    catch_exceptions=False)
    finally:
        object.__setattr__(kind, "run", real_run)
    assert result.exit_code == 2
    assert result.stderr == ("boom.md: error: rule DL002 (repeated-heading) failed: RecursionError: maximum "
                             "recursion depth exceeded; this rule's findings in the file may be incomplete (a bug "
                             "in doclint: please report it)\n")
    codes = [(line.split(":")[0], line.split()[1]) for line in result.stdout.splitlines() if ": DL" in line]
    assert codes == [("boom.md", "DL001"), ("fine.md", "DL002")]


def test_fixes_that_cannot_be_written_leave_the_file_unchanged_and_are_reported(work: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import doclint.fixes

    original = "# A\n\nSame paragraph here, long enough to count.\n\nSame paragraph here, long enough to count.\n"
    (work / "a.md").write_text(original)

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(doclint.fixes, "_write_all", fail)  # the disk fills up while the new text is written
    result = CliRunner().invoke(cli, ["check", "--isolated", "--fix", "a.md"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == "a.md: error: cannot write the fixes: No space left on device; the file is unchanged\n"
    assert (work / "a.md").read_text() == original
    assert [line.split()[1] for line in result.stdout.splitlines() if ": DL" in line] == ["DL001"]


def test_build_matcher_is_shared_by_validation_and_preparation() -> None:
    first = build_matcher(("alpha", "beta"), ("g+amma",))
    assert build_matcher(["alpha", "beta"], ["g+amma"]) is first
