"""The commands besides ``check``: ``doclint rule NAME|CODE``, ``doclint test-rules [DIR]``, ``doclint init``; and
the generated docs/rules.md, which must equal what the rule YAML renders today."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT, run_cli
from samples import HARBOUR as PARAGRAPH
from samples import HARBOUR_MD as BAD_MD

from doclint.config import CONFIG_FILE, STARTER_CONFIG, ConfigFile, load_config
from doclint.ruledocs import describe_rule, rules_markdown
from doclint.rules import load_rules
from doclint.schema import field_keys

SUBSTITUTION_RULE = """\
id: XS001
name: house-words
check: substitution
level: warning
message: "Write '{replacement}' instead of '{match}'"
description: |
  House spellings.

  Second paragraph.
swap:
  utilize: use
ignorecase: false
examples:
  fail:
    - "Utilize the tool.\\n\\nWe utilize it."
    - "Use the tool."
  pass:
    - "Use the tool."
    - "We utilize it."
"""

EXISTENCE_RULE = """\
id: XS002
name: no-very
check: existence
level: info
message: "Remove '{match}'"
description: No very.
tokens: [very]
examples:
  format: text
  fail:
    - "It is very fast."
  pass:
    - "It is fast."
"""



run = run_cli


def pack(work: Path, **files: str) -> Path:
    directory = work / "pack"
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    return directory


# doclint rule NAME|CODE


@pytest.mark.parametrize("selector", ["DL001", "duplicate-paragraph"])
def test_rule_by_code_or_name_describes_the_builtin_rule(work: Path, selector: str) -> None:
    rule = load_rules().find("DL001")
    result = run("rule", selector)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == describe_rule(rule)
    lines = result.stdout.splitlines()
    assert lines[0] == "DL001 duplicate-paragraph (error, check: duplication)"
    assert lines[2] == ("Reports a paragraph that repeats an earlier paragraph of the same document, exactly or "
                        "nearly.")
    assert "Message: Paragraph {relation} the paragraph at {first}" in lines
    assert f"Defined in: {rule.source}" in lines
    parameters = lines[lines.index("Parameters:") + 1:]
    assert "  similarity = 90.0" in parameters
    assert "  min-length = 40" in parameters
    assert "  scopes = ['paragraph', 'list_item', 'blockquote']" in parameters
    assert "Fails (text, example 1):" in lines
    assert "Passes (text, example 1):" in lines
    assert "    Council approves new budget" in lines


def test_every_builtin_rule_is_described_by_code_and_name(work: Path) -> None:
    for rule in load_rules():
        by_code, by_name = run("rule", rule.code), run("rule", rule.name)
        assert by_code.exit_code == by_name.exit_code == 0
        assert by_code.stdout == by_name.stdout
        assert by_code.stdout.splitlines()[0].startswith(f"{rule.code} {rule.name} ({rule.level.value}, check: ")


def test_rule_from_a_rule_pack_shows_parameters_and_examples(work: Path) -> None:
    pack(work, sub=SUBSTITUTION_RULE)
    result = run("rule", "--rules", "pack", "house-words")
    assert result.exit_code == 0
    text = result.stdout
    head, rest = text.split("Parameters:\n", 1)
    assert head == (
        "XS001 house-words (warning, check: substitution)\n\n"
        "House spellings.\n\nSecond paragraph.\n\n"
        "Message: Write '{replacement}' instead of '{match}'\n"
        f"Defined in: {os.path.join('pack', 'sub.yaml')}\n\n"
    )
    parameters, examples = rest.split("\n\n", 1)
    values = dict(line[2:].split(" = ", 1) for line in parameters.splitlines() if not line.startswith("      "))
    assert values["swap"] == "{'utilize': 'use'}"
    assert values["ignorecase"] == "False"  # the value set in the rule, not the kind's default
    assert values["patterns"] == "{}"
    assert values["scope"] == "'paragraph'"
    assert examples == (
        "Fails (markdown, example 1):\n    Utilize the tool.\n\n    We utilize it.\n\n"
        "Fails (markdown, example 2):\n    Use the tool.\n\n"
        "Passes (markdown, example 1):\n    Use the tool.\n\n"
        "Passes (markdown, example 2):\n    We utilize it.\n"
    )


def test_rule_of_a_disabled_rule_says_so(work: Path) -> None:
    pack(work, very=EXISTENCE_RULE.replace("level: info", "level: info\nenabled: false"))
    result = run("rule", "--rules", "pack", "XS002")
    assert result.stdout.splitlines()[0] == "XS002 no-very (info, check: existence, disabled by default)"


def test_rule_unknown_is_a_usage_error_with_did_you_mean(work: Path) -> None:
    result = run("rule", "duplicate-paragrap")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == ("Error: unknown rule 'duplicate-paragrap' "
                                              "(did you mean 'duplicate-paragraph'?)")


# doclint test-rules


def test_test_rules_on_the_builtin_rules_passes(work: Path) -> None:
    rules = load_rules()
    result = run("test-rules")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{len(rules)} of {len(rules)} rules passed their examples."
    assert [line.split()[:3] for line in lines[:-1]] == [["ok", rule.code, rule.name] for rule in rules]
    for line, rule in zip(lines, rules):
        assert line == (f"ok   {rule.code} {rule.name} ({len(rule.examples.fail)} fail, "
                        f"{len(rule.examples.passing)} pass examples) {rule.source}")


def test_test_rules_on_a_pack_with_broken_examples_fails_with_a_clear_report(work: Path) -> None:
    pack(work, sub=SUBSTITUTION_RULE, very=EXISTENCE_RULE)
    result = run("test-rules", "pack")
    assert (result.exit_code, result.stderr) == (1, "")
    sub, very = os.path.join("pack", "sub.yaml"), os.path.join("pack", "very.yaml")
    assert result.stdout.splitlines() == [
        f"FAIL XS001 house-words (2 fail, 2 pass examples) {sub}",
        "     - fail example 2 does not trigger the rule",
        "     - pass example 2 triggers the rule: line 1:4 Write 'use' instead of 'utilize'",
        f"ok   XS002 no-very (1 fail, 1 pass examples) {very}",
        "1 of 2 rules passed their examples.",
    ]


def test_test_rules_on_a_good_pack_tests_only_its_rules(work: Path) -> None:
    pack(work, very=EXISTENCE_RULE)
    result = run("test-rules", "pack")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"ok   XS002 no-very (1 fail, 1 pass examples) {os.path.join('pack', 'very.yaml')}",
        "1 of 1 rules passed their examples.",
    ]


def test_test_rules_requires_both_kinds_of_example(work: Path) -> None:
    rule = EXISTENCE_RULE.split("examples:")[0] + "examples:\n  fail:\n    - \"It is very fast.\"\n"
    pack(work, very=rule)
    result = run("test-rules", "pack")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == ["     - needs at least one fail and one pass example",
                                              "0 of 1 rules passed their examples."]


def test_test_rules_reports_a_fail_example_that_triggers_only_another_rule(work: Path) -> None:
    # The fail example has a duplicated paragraph (DL001) but not the rule's own word.
    rule = EXISTENCE_RULE.replace('"It is very fast."', f'"{PARAGRAPH}\\n\\n{PARAGRAPH}"')
    pack(work, very=rule)
    result = run("test-rules", "pack")
    assert result.exit_code == 1
    assert "     - fail example 1 does not trigger the rule" in result.stdout.splitlines()


def test_test_rules_rule_replacing_a_builtin_is_tested(work: Path) -> None:
    source = Path(load_rules().find("DL002").source).read_text(encoding="utf-8")
    pack(work, dl002=source.replace("include-title: true", "include-title: false"))
    result = run("test-rules", "pack")
    # The second fail example repeats the title only, which this copy no longer reports.
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"FAIL DL002 repeated-heading (2 fail, 1 pass examples) {os.path.join('pack', 'dl002.yaml')}",
        "     - fail example 2 does not trigger the rule",
    ]


def test_test_rules_on_an_invalid_rule_file_exits_2_with_its_location(work: Path) -> None:
    pack(work, very=EXISTENCE_RULE.replace("tokens: [very]", "tokens: [very]\ntokenz: [really]"))
    result = run("test-rules", "pack")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"{os.path.join('pack', 'very.yaml')}:8: unknown key 'tokenz' for a 'existence' rule "
                             "(did you mean 'tokens'?)\n")


def test_test_rules_on_a_missing_directory_is_a_usage_error(work: Path) -> None:
    result = run("test-rules", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == ("Error: Invalid value for '[DIRECTORIES]...': Directory 'nope' does "
                                              "not exist.")


# doclint init


def test_init_writes_the_commented_starter(work: Path) -> None:
    result = run("init")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"Wrote {CONFIG_FILE}.\n", "")
    text = (work / CONFIG_FILE).read_text(encoding="utf-8")
    assert text == STARTER_CONFIG
    assert text.startswith("# doclint configuration.")
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 10


def test_init_starter_loads_without_errors_and_changes_nothing(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    before = run("check", "--format", "json", "bad.md").stdout
    assert run("init").exit_code == 0
    config = load_config(work / CONFIG_FILE)
    assert config.values.fail_on == "info"
    assert config.values.select == ()
    result = run("check", "--format", "json", "bad.md")
    assert result.exit_code == 1
    assert result.stdout == before
    assert result.stdout == run("check", "--isolated", "--format", "json", "bad.md").stdout


def test_init_starter_rule_settings_are_the_builtin_defaults(work: Path) -> None:
    run("init")
    config = load_config(work / CONFIG_FILE)
    rules = load_rules()
    for selector, settings in config.values.rule_settings.items():
        rule = rules.find(selector)
        assert rule is not None, selector
        for key, value in settings.items():
            assert getattr(rule.params, key.replace("-", "_")) == value, (selector, key)


def test_init_starter_documents_every_configuration_key() -> None:
    missing = [key for key in field_keys(ConfigFile)
               if not re.search(rf"^#?\s*{re.escape(key)}:", STARTER_CONFIG, re.M)]
    assert missing == []


def test_init_refuses_to_overwrite_without_force(work: Path) -> None:
    (work / CONFIG_FILE).write_text("select: [DL001]\n")
    result = run("init")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == f"Error: {CONFIG_FILE} already exists; use --force to overwrite it"
    assert (work / CONFIG_FILE).read_text() == "select: [DL001]\n"


def test_init_force_overwrites(work: Path) -> None:
    (work / CONFIG_FILE).write_text("select: [DL001]\n")
    result = run("init", "--force")
    assert (result.exit_code, result.stdout) == (0, f"Wrote {CONFIG_FILE}.\n")
    assert (work / CONFIG_FILE).read_text(encoding="utf-8") == STARTER_CONFIG


def test_init_does_not_touch_a_pyproject(work: Path) -> None:
    (work / "pyproject.toml").write_text('[tool.doclint]\nselect = ["DL001"]\n')
    assert run("init").exit_code == 0
    assert (work / "pyproject.toml").read_text() == '[tool.doclint]\nselect = ["DL001"]\n'


# docs/rules.md


def test_docs_rules_md_is_up_to_date() -> None:
    """Regenerate with: python -m doclint.ruledocs docs/rules.md"""
    expected = rules_markdown(load_rules())
    actual = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `python -m doclint.ruledocs docs/rules.md`"


def test_rules_markdown_covers_every_builtin_rule() -> None:
    text = rules_markdown(load_rules())
    for rule in load_rules():
        assert f"## {rule.code} `{rule.name}`" in text
        assert f"| {rule.code} | [`{rule.name}`](#{rule.code.lower()}-{rule.name}) | {rule.level.value} |" in text


def test_ruledocs_module_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "rules.md"
    done = subprocess.run([sys.executable, "-m", "doclint.ruledocs", str(target)], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == rules_markdown(load_rules())


def test_long_parameter_defaults_are_summarised_in_rule_docs() -> None:
    """DL003's lexicons run to thousands of characters: `doclint rule` and docs/rules.md name their parts."""
    text = describe_rule(load_rules().find("DL003"))
    claim_cues = next(line for line in text.splitlines() if line.startswith("  claim-cues = "))
    assert claim_cues.startswith("  claim-cues = 8 items: weasel_source, hearsay, ")
    assert "  exceptions = " in text and "CueFamily(" not in text
    assert max(len(line) for line in text.splitlines() if line.startswith("  ") and " = " in line) < 300
