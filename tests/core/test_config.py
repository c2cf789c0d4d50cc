"""Project configuration: discovery (nearest .doclint.yaml / pyproject [tool.doclint]), --config, --isolated,
every key's effect, and strict validation errors as ``path:LINE: message`` with exit 2."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import run_cli
from samples import HARBOUR as PARAGRAPH
from samples import HARBOUR_MD as BAD_MD

from doclint.config import load_config
from doclint.schema import SchemaError

DL002 = "DL002 repeated-heading Heading 'Harbour news' repeats the title at line 1"
DL001 = "DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3"
HEADER = re.compile(r"^\S.*:\d+:\d+: [A-Z]+\d+ ")

EXISTENCE_RULE = """\
id: XS002
name: no-very
check: existence
level: warning
message: "Remove '{match}'"
description: No very.
tokens: [very]
examples:
  fail:
    - "It is very fast."
  pass:
    - "It is fast."
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


run = run_cli


def found(*args: str) -> tuple[int, list[str]]:
    """Exit code and the finding lines of ``doclint check --format concise ARGS``."""
    result = run("check", "--format", "concise", *args)
    return result.exit_code, [line for line in result.stdout.splitlines() if HEADER.match(line)]


def at(path: str, location: str, finding: str) -> str:
    return f"{os.path.join(*path.split('/'))}:{location}: {finding}"


# Discovery


def test_no_configuration_runs_the_default_rules(work: Path) -> None:
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "5:4", DL002), at("bad.md", "7:1", DL001)])


def test_doclint_yaml_in_the_directory_applies(work: Path) -> None:
    write(work / ".doclint.yaml", "ignore: [DL001]\n")
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "5:4", DL002)])


def test_nearest_configuration_wins_without_merging(work: Path) -> None:
    write(work / ".doclint.yaml", "ignore: [DL001]\n")
    write(work / "sub" / ".doclint.yaml", "ignore: [repeated-heading]\n")
    write(work / "bad.md", BAD_MD)
    write(work / "sub" / "bad.md", BAD_MD)
    write(work / "sub" / "deeper" / "bad.md", BAD_MD)
    assert found(".") == (1, [
        at("bad.md", "5:4", DL002),
        at("sub/bad.md", "7:1", DL001),
        at("sub/deeper/bad.md", "7:1", DL001),
    ])


def test_configuration_applies_the_same_in_worker_processes(work: Path) -> None:
    write(work / "a" / ".doclint.yaml", "ignore: [DL001]\n")
    write(work / "b" / ".doclint.yaml", "ignore: [DL002]\n")
    for number in range(10):
        write(work / "a" / f"{number}.md", BAD_MD)
        write(work / "b" / f"{number}.md", BAD_MD)
    serial = found("--jobs", "1", ".")
    assert serial == found("--jobs", "2", ".")
    assert serial == (1, [at(f"a/{n}.md", "5:4", DL002) for n in range(10)] +
                      [at(f"b/{n}.md", "7:1", DL001) for n in range(10)])


def test_configuration_is_found_walking_up_from_the_file_not_the_working_directory(work: Path,
                                                                                   monkeypatch) -> None:
    write(work / "project" / ".doclint.yaml", "select: [DL002]\n")
    write(work / "project" / "docs" / "bad.md", BAD_MD)
    assert found("project/docs/bad.md") == (1, [at("project/docs/bad.md", "5:4", DL002)])
    monkeypatch.chdir(work / "project" / "docs")
    assert found("bad.md") == (1, [at("bad.md", "5:4", DL002)])


def test_doclint_yaml_beats_pyproject_in_the_same_directory(work: Path) -> None:
    write(work / ".doclint.yaml", "select: [DL001]\n")
    write(work / "pyproject.toml", '[tool.doclint]\nselect = ["DL002"]\n')
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "7:1", DL001)])


def test_pyproject_tool_doclint_is_used(work: Path) -> None:
    write(work / "pyproject.toml", '[project]\nname = "x"\n\n[tool.doclint]\nselect = ["repeated-heading"]\n')
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "5:4", DL002)])


def test_pyproject_with_only_a_doclint_subtable_is_used(work: Path) -> None:
    write(work / "pyproject.toml", '[project]\nname = "x"\n\n[tool.doclint.rule-settings.DL001]\nenabled = false\n')
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "5:4", DL002)])


def test_pyproject_without_tool_doclint_is_ignored_and_the_walk_goes_on(work: Path) -> None:
    write(work / ".doclint.yaml", "ignore: [DL001]\n")
    write(work / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n\n[tool.ruff]\nline-length = 100\n')
    write(work / "pkg" / "bad.md", BAD_MD)
    assert found("pkg/bad.md") == (1, [at("pkg/bad.md", "5:4", DL002)])


def test_nearer_pyproject_with_tool_doclint_beats_a_farther_doclint_yaml(work: Path) -> None:
    write(work / ".doclint.yaml", "ignore: [DL001]\n")
    write(work / "pkg" / "pyproject.toml", '[tool.doclint]\nignore = ["DL002"]\n')
    write(work / "pkg" / "bad.md", BAD_MD)
    assert found("pkg/bad.md") == (1, [at("pkg/bad.md", "7:1", DL001)])


@pytest.mark.parametrize("toml", [
    '[ tool.doclint ]\nselect = ["DL001"]\n',
    '[tool."doclint"]\nselect = ["DL001"]\n',
    '[tool]\ndoclint.select = ["DL001"]\n',
], ids=["spaces", "quoted", "dotted-key"])
def test_pyproject_tool_doclint_in_other_valid_toml_spellings(work: Path, toml: str) -> None:
    write(work / "pyproject.toml", toml)
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "7:1", DL001)])


def test_isolated_ignores_every_configuration_even_a_broken_one(work: Path) -> None:
    write(work / ".doclint.yaml", "selct: [DL001]\n")
    write(work / "sub" / "pyproject.toml", '[tool.doclint]\nselect = ["DL002"]\n')
    write(work / "sub" / "bad.md", BAD_MD)
    assert run("check", ".").exit_code == 2  # the run's configuration (of ".") is broken
    assert found("--isolated", "sub/bad.md") == (1, [at("sub/bad.md", "5:4", DL002), at("sub/bad.md", "7:1", DL001)])
    assert found("--isolated", ".") == (1, [at("sub/bad.md", "5:4", DL002), at("sub/bad.md", "7:1", DL001)])


def test_config_option_is_used_for_every_file_instead_of_discovery(work: Path) -> None:
    write(work / "shared" / "lint.yaml", "select: [DL001]\n")
    write(work / ".doclint.yaml", "select: [DL002]\n")
    write(work / "sub" / ".doclint.yaml", "selct: broken\n")
    write(work / "bad.md", BAD_MD)
    write(work / "sub" / "bad.md", BAD_MD)
    assert found("--config", "shared/lint.yaml", ".") == (1, [at("bad.md", "7:1", DL001),
                                                               at("sub/bad.md", "7:1", DL001)])


def test_config_option_accepts_a_pyproject(work: Path) -> None:
    write(work / "elsewhere" / "pyproject.toml", '[tool.doclint]\nselect = ["DL002"]\n')
    write(work / "bad.md", BAD_MD)
    assert found("--config", "elsewhere/pyproject.toml", "bad.md") == (1, [at("bad.md", "5:4", DL002)])


def test_config_option_paths_are_relative_to_that_file(work: Path) -> None:
    write(work / "cfg" / "style" / "very.yaml", EXISTENCE_RULE)
    write(work / "cfg" / "lint.yaml", "rules: [style]\nselect: [no-very]\n")
    write(work / "a.md", "# T\n\nIt is very fast.\n")
    assert found("--config", "cfg/lint.yaml", "a.md") == (1, ["a.md:3:7: XS002 no-very Remove 'very'"])


def test_config_option_with_a_missing_file_is_a_usage_error(work: Path) -> None:
    write(work / "bad.md", BAD_MD)
    result = run("check", "--config", "nope.yaml", "bad.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--config'" in result.stderr


def test_a_broken_configuration_elsewhere_is_not_read(work: Path) -> None:
    write(work / "other" / ".doclint.yaml", "selct: [DL001]\n")
    write(work / "docs" / "bad.md", BAD_MD)
    assert found("docs") == (1, [at("docs/bad.md", "5:4", DL002), at("docs/bad.md", "7:1", DL001)])


def test_empty_configuration_file_means_defaults(work: Path) -> None:
    write(work / ".doclint.yaml", "# nothing yet\n")
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "5:4", DL002), at("bad.md", "7:1", DL001)])


# Keys


def test_select_and_ignore_take_codes_and_names(work: Path) -> None:
    write(work / ".doclint.yaml", "select: [duplicate-paragraph, DL002]\nignore: [repeated-heading]\n")
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "7:1", DL001)])


def test_command_line_select_replaces_and_ignore_adds_to_the_configuration(work: Path) -> None:
    write(work / ".doclint.yaml", "select: [DL001]\nignore: [DL003]\n")
    write(work / "bad.md", BAD_MD + "\nExperts agree that the new dam will transform the region.\n")
    assert found("--select", "DL002,DL003", "bad.md") == (1, [at("bad.md", "5:4", DL002)])
    assert found("--ignore", "DL001", "bad.md") == (0, [])


def test_rules_directories_are_relative_to_the_configuration_file(work: Path) -> None:
    write(work / "proj" / "style" / "very.yaml", EXISTENCE_RULE)
    write(work / "proj" / ".doclint.yaml", "rules: [style]\n")
    write(work / "proj" / "docs" / "a.md", "# T\n\nIt is very fast.\n")
    assert found("proj") == (1, [at("proj/docs/a.md", "3:7", "XS002 no-very Remove 'very'")])


def test_rule_settings_change_level_and_parameters(work: Path) -> None:
    write(work / "proj" / "style" / "very.yaml", EXISTENCE_RULE)
    write(work / "proj" / ".doclint.yaml",
          "rules: [style]\nrule-settings:\n  no-very: {level: error, tokens: [really]}\n")
    write(work / "proj" / "a.md", "# T\n\nIt is very fast and really small.\n")
    result = run("check", "--format", "json", "proj")
    assert result.exit_code == 1
    assert [(v["line"], v["column"], v["code"], v["severity"], v["message"]) for v in json.loads(result.stdout)] == [
        (3, 21, "XS002", "error", "Remove 'really'")]


def test_rule_settings_level_shows_in_the_summary(work: Path) -> None:
    write(work / ".doclint.yaml", "rule-settings:\n  duplicate-paragraph:\n    level: warning\n"
                                  "  DL002: {level: info}\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "--format", "json", "bad.md")
    assert [(v["code"], v["severity"]) for v in json.loads(result.stdout)] == [("DL002", "info"), ("DL001", "warning")]
    summary = run("check", "bad.md").stdout.splitlines()[-1]
    assert summary == "Found 2 violations (1 warning, 1 info) in 1 file (1 file checked)."


def test_rule_settings_parameters_change_what_is_found(work: Path) -> None:
    text = ("# Commands\n\n## Get\n\n### Example\n\nGet an item.\n\n## Set\n\n### Example\n\nSet an item.\n")
    write(work / "a.md", text)
    assert found("a.md") == (0, [])
    write(work / ".doclint.yaml", "rule-settings:\n  repeated-heading: {scope: document}\n")
    assert found("a.md") == (1, ["a.md:11:5: DL002 repeated-heading Heading 'Example' repeats the heading at line 5"])


def test_rule_settings_min_length_and_similarity(work: Path) -> None:
    near = (f"# Harbour\n\n{PARAGRAPH}\n\n"
            "The harbour authority dredged the main channel last spring to let the larger ships dock.\n")
    write(work / "near.md", near)
    assert found("near.md") == (1, [
        "near.md:5:1: DL001 duplicate-paragraph Paragraph is 97% similar to the paragraph at line 3"])
    write(work / ".doclint.yaml", "rule-settings:\n  DL001: {similarity: 100}\n")
    assert found("near.md") == (0, [])
    write(work / ".doclint.yaml", "rule-settings:\n  DL001: {min-length: 200}\n")
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "5:4", DL002)])


def test_rule_settings_enabled(work: Path) -> None:
    write(work / ".doclint.yaml", "rule-settings:\n  DL002: {enabled: false}\n")
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (1, [at("bad.md", "7:1", DL001)])
    # A disabled rule still runs when selected by name.
    assert found("--select", "repeated-heading", "bad.md") == (1, [at("bad.md", "5:4", DL002)])


def test_exclude_applies_even_to_files_named_on_the_command_line(work: Path) -> None:
    write(work / ".doclint.yaml", 'exclude: ["docs/archive/", "*.txt"]\n')
    for name in ("docs/a.md", "docs/archive/old.md", "notes.txt"):
        write(work / name, BAD_MD)
    assert found(".") == (1, [at("docs/a.md", "5:4", DL002), at("docs/a.md", "7:1", DL001)])
    result = run("check", "docs/archive/old.md", "notes.txt")
    assert (result.exit_code, result.stdout) == (0, "All checks passed (0 files checked).\n")


def test_include_limits_walking_but_not_files_named_explicitly(work: Path) -> None:
    write(work / ".doclint.yaml", 'include: ["docs/**/*.md"]\n')
    for name in ("docs/a.md", "docs/deep/b.md", "notes/n.md", "top.md", "docs/c.txt"):
        write(work / name, BAD_MD)
    code, lines = found("--select", "DL001", ".")
    assert (code, lines) == (1, [at("docs/a.md", "7:1", DL001), at("docs/deep/b.md", "7:1", DL001)])
    assert found("--select", "DL001", "notes/n.md") == (1, [at("notes/n.md", "7:1", DL001)])


def test_include_and_exclude_globs_are_relative_to_the_configuration_file(work: Path, monkeypatch) -> None:
    write(work / "proj" / ".doclint.yaml", 'include: ["docs/"]\nexclude: ["docs/old.md"]\n')
    for name in ("proj/docs/a.md", "proj/docs/old.md", "proj/other.md"):
        write(work / name, BAD_MD)
    assert found("--select", "DL001", "proj") == (1, [at("proj/docs/a.md", "7:1", DL001)])
    monkeypatch.chdir(work / "proj" / "docs")
    assert found("--select", "DL001", ".") == (1, [at("a.md", "7:1", DL001)])


def test_per_file_ignores(work: Path) -> None:
    write(work / ".doclint.yaml", 'per-file-ignores:\n  "CHANGELOG.md": [repeated-heading]\n'
                                  '  "docs/*.md": [DL001, DL002]\n')
    for name in ("CHANGELOG.md", "docs/a.md", "docs/sub/b.md", "other.md"):
        write(work / name, BAD_MD)
    assert found(".") == (1, [
        at("CHANGELOG.md", "7:1", DL001),
        at("docs/sub/b.md", "5:4", DL002),
        at("docs/sub/b.md", "7:1", DL001),
        at("other.md", "5:4", DL002),
        at("other.md", "7:1", DL001),
    ])


def test_paragraph_mode_from_configuration_and_command_line_override(work: Path) -> None:
    text = ("Ferry timetable changes\nThe morning ferry will leave at seven.\n"
            "The morning ferry will leave at seven instead of half past six from Monday, the operator said today.\n"
            "The morning ferry will leave at seven instead of half past six from Monday, the operator said today.\n")
    write(work / "ferry.txt", text)
    line4 = "ferry.txt:4:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3"
    assert found("--select", "DL001", "ferry.txt") == (1, [line4])
    write(work / ".doclint.yaml", "paragraph-mode: blank-lines\n")
    assert found("--select", "DL001", "ferry.txt") == (0, [])
    assert found("--select", "DL001", "--paragraph-mode", "lines", "ferry.txt") == (1, [line4])


def test_cross_file_exclude_from_configuration_is_relative_to_it(work: Path) -> None:
    article = ("Harbour plan wins backing\n"
               "The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n")
    write(work / ".doclint.yaml", 'cross-file: true\ncross-file-exclude: ["v2/"]\n')
    write(work / "v1" / "a.txt", article)
    write(work / "v2" / "a.txt", article)
    assert found(".") == (0, [])
    write(work / ".doclint.yaml", "cross-file: true\n")
    v1 = os.path.join("v1", "a.txt")
    assert found(".") == (1, [
        at("v2/a.txt", "1:1", f"DL002 repeated-heading Heading 'Harbour plan wins backing' duplicates the title at "
                              f"{v1}:1"),
        at("v2/a.txt", "2:1", f"DL001 duplicate-paragraph Paragraph duplicates the paragraph at {v1}:2"),
    ])


def test_fail_on_from_configuration(work: Path) -> None:
    write(work / ".doclint.yaml", "fail-on: error\nrule-settings:\n  DL001: {level: warning}\n  DL002: {level: info}\n")
    write(work / "bad.md", BAD_MD)
    assert found("bad.md") == (0, [at("bad.md", "5:4", DL002), at("bad.md", "7:1", DL001)])


# extends


def test_extends_inherits_keys_and_the_child_wins(work: Path) -> None:
    write(work / "base" / "base.yaml", "select: [DL001, DL002]\nfail-on: error\n"
                                       "rule-settings:\n  DL002: {level: warning}\n")
    write(work / ".doclint.yaml", "extends: base/base.yaml\nrule-settings:\n  DL001: {level: info}\n")
    write(work / "bad.md", BAD_MD + "\nExperts agree that the new dam will transform the region.\n")
    result = run("check", "--format", "json", "bad.md")
    assert [(v["code"], v["severity"]) for v in json.loads(result.stdout)] == [("DL002", "warning"), ("DL001", "info")]
    assert result.exit_code == 0  # fail-on: error from the base
    write(work / ".doclint.yaml", "extends: base/base.yaml\nselect: [DL003]\n")
    assert [v["code"] for v in json.loads(run("check", "--format", "json", "bad.md").stdout)] == ["DL003"]


def test_extends_keeps_the_base_rule_directories_relative_to_the_base(work: Path) -> None:
    write(work / "shared" / "style" / "very.yaml", EXISTENCE_RULE)
    write(work / "shared" / "base.yaml", "rules: [style]\nselect: [no-very]\n")
    (work / ".git").mkdir()  # one repository holds both: extends may reach a sibling folder
    write(work / "proj" / ".doclint.yaml", "extends: ../shared/base.yaml\n")
    write(work / "proj" / "a.md", "# T\n\nIt is very fast.\n")
    assert found("proj") == (1, [at("proj/a.md", "3:7", "XS002 no-very Remove 'very'")])


def test_extends_merges_the_settings_of_one_rule(work: Path) -> None:
    write(work / "base.yaml", "rule-settings:\n  DL001: {level: warning}\n")
    write(work / ".doclint.yaml", "extends: base.yaml\nrule-settings:\n  DL001: {min-length: 10}\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "--format", "json", "--select", "DL001", "bad.md")
    assert [(v["code"], v["severity"]) for v in json.loads(result.stdout)] == [("DL001", "warning")]


def test_one_rule_configured_twice_by_code_and_name_is_not_silently_dropped(work: Path) -> None:
    write(work / ".doclint.yaml",
          "rule-settings:\n  DL001: {level: warning}\n  duplicate-paragraph: {min-length: 10}\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "--format", "json", "--select", "DL001", "bad.md")
    if result.exit_code == 2:  # refusing it is as good as merging it
        assert result.stderr.startswith(".doclint.yaml:3: ")
    else:
        assert [(v["code"], v["severity"]) for v in json.loads(result.stdout)] == [("DL001", "warning")]


# Strict validation: one line `path:LINE: message`, exit 2, nothing on stdout


@pytest.mark.parametrize(
    "config, error",
    [
        ("selct: [DL001]\n", "1: unknown key 'selct' in doclint configuration (did you mean 'select'?)"),
        ("select: [DL001]\nfail_on: error\n",
         "2: unknown key 'fail_on' in doclint configuration (did you mean 'fail-on'?)"),
        ("select: [DL01]\n", "1: select: unknown rule 'DL01' (did you mean 'DL001'?)"),
        ("select: [duplicate-paragrap]\n",
         "1: select: unknown rule 'duplicate-paragrap' (did you mean 'duplicate-paragraph'?)"),
        ("ignore:\n  - DL001\n  - repeated-headng\n",
         "3: ignore: unknown rule 'repeated-headng' (did you mean 'repeated-heading'?)"),
        ("rule-settings:\n  duplicate-paragraf: {level: warning}\n",
         "2: rule-settings: unknown rule 'duplicate-paragraf' (did you mean 'duplicate-paragraph'?)"),
        ('per-file-ignores:\n  "*.md":\n    - DL002\n    - DL0003\n',
         "4: per-file-ignores: unknown rule 'DL0003' (did you mean 'DL003'?)"),
        ("rule-settings:\n  DL001: {similarty: 80}\n",
         "2: unknown key 'similarty' for rule DL001 (duplicate-paragraph) (did you mean 'similarity'?)"),
        ("rule-settings:\n  DL001:\n    levl: warning\n",
         "3: unknown key 'levl' for rule DL001 (duplicate-paragraph) (did you mean 'level'?)"),
        ("rule-settings:\n  DL001:\n    level: warn\n",
         "3: level 'warn' must be one of error, warning, info (did you mean 'warning'?)"),
        ("rule-settings:\n  DL001: {similarity: high}\n",
         "2: rule-settings.DL001.similarity: expected number, got a string"),
        ("rule-settings:\n  DL001:\n    similarity: 150\n", "3: similarity must be greater than 0 and at most 100"),
        ("rule-settings:\n  DL001:\n    level: warning\n    enabled: \"no\"\n", "4: enabled: expected true or false"),
        ("rule-settings:\n  DL001: warning\n",
         "2: settings for duplicate-paragraph: expected a mapping of level, enabled or parameters"),
        ("rule-settings:\n  DL002: {scope: everywhere}\n",
         "2: rule-settings.DL002.scope: 'everywhere' is not one of 'siblings' | 'document'"),
        ("select: DL001\n", "1: select: expected list of string, got a string"),
        ("include: \"docs/\"\n", "1: include: expected list of string, got a string"),
        ("exclude: [1, 2]\n", "1: exclude.0: expected string, got an integer"),
        ('per-file-ignores:\n  "*.md": DL002\n', "2: per-file-ignores.*.md: expected list of string, got a string"),
        ("extends: [a.yaml]\n", "1: extends: expected string, got a list"),
        ("cross-file: yes please\n", "1: cross-file: expected boolean, got a string"),
        ("fail-on: warn\n", "1: fail-on: 'warn' is not one of 'error' | 'warning' | 'info' (did you mean 'warning'?)"),
        ("paragraph-mode: line\n",
         "1: paragraph-mode: 'line' is not one of 'auto' | 'blank-lines' | 'lines' (did you mean 'lines'?)"),
        ("select: [DL001]\nselect: [DL002]\n", "2: duplicate key 'select'"),
        ("- DL001\n", "1: configuration must be a mapping of keys (select, ignore, rules, ...)"),
        ("select: [DL001\n", "2: invalid YAML: expected ',' or ']', but got '<stream end>'"),
    ],
)
def test_bad_doclint_yaml_is_one_located_error_line(work: Path, config: str, error: str) -> None:
    write(work / ".doclint.yaml", config)
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f".doclint.yaml:{error}\n")


@pytest.mark.parametrize(
    "toml, error",
    [
        ('[project]\nname = "x"\n\n[tool.doclint]\nselect = ["DL001"]\nignroe = ["DL002"]\n',
         "6: unknown key 'ignroe' in doclint configuration (did you mean 'ignore'?)"),
        ('[project]\nname = "x"\n\n[tool.doclint]\nselect = ["DL01"]\n',
         "5: select: unknown rule 'DL01' (did you mean 'DL001'?)"),
        ('[tool.doclint]\nselect = ["DL001"]\n\n[tool.doclint.rule-settings.DL001]\nlevel = "warnin"\n',
         "5: level 'warnin' must be one of error, warning, info (did you mean 'warning'?)"),
        ('[tool.doclint]\ncross-file = "yes"\n', "2: cross-file: expected boolean, got a string"),
    ],
)
def test_bad_pyproject_is_one_located_error_line(work: Path, toml: str, error: str) -> None:
    write(work / "pyproject.toml", toml)
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"pyproject.toml:{error}\n")


def test_error_in_a_nested_configuration_names_its_path(work: Path) -> None:
    write(work / "sub" / ".doclint.yaml", "select: [DL001]\nignore: [DL90]\n")
    write(work / "sub" / "bad.md", BAD_MD)
    result = run("check", "sub")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"{os.path.join('sub', '.doclint.yaml')}:2: ignore: unknown rule 'DL90' "
                             "(did you mean 'DL900'?)\n")


def test_error_in_an_extended_file_is_located_in_that_file(work: Path) -> None:
    write(work / "base" / "base.yaml",
          "# shared\nselect: [DL001, DL002]\nrule-settings:\n  DL002: {scope: everywhere}\n")
    write(work / ".doclint.yaml", "extends: base/base.yaml\nignore: [DL001]\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"{os.path.join('base', 'base.yaml')}:4: rule-settings.DL002.scope: 'everywhere' is not "
                             "one of 'siblings' | 'document'\n")


def test_unknown_rule_selected_in_an_extended_file_is_located_there(work: Path) -> None:
    write(work / "base.yaml", "# shared\n\nselect: [DL001, DL0002]\n")
    write(work / ".doclint.yaml", "extends: base.yaml\nignore: [DL003]\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stderr) == (
        2, "base.yaml:3: select: unknown rule 'DL0002' (did you mean 'DL002'?)\n")


def test_config_option_file_is_validated_too(work: Path) -> None:
    write(work / "lint.yaml", "select: [DL001]\nignor: [DL002]\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "--config", "lint.yaml", "bad.md")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "lint.yaml:2: unknown key 'ignor' in doclint configuration (did you mean 'ignore'?)\n")


def test_extends_loop_is_a_located_error(work: Path) -> None:
    write(work / ".doclint.yaml", "extends: b.yaml\n")
    write(work / "b.yaml", "select: [DL001]\nextends: .doclint.yaml\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert re.fullmatch(r"(\.doclint\.yaml:1|b\.yaml:2): extends: configuration files extend each other in a loop\n",
                        result.stderr), result.stderr


def test_extends_loop_is_an_error_not_a_hang(work: Path) -> None:
    write(work / ".doclint.yaml", "extends: .doclint.yaml\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(": extends: configuration files extend each other in a loop\n")
    assert len(result.stderr.splitlines()) == 1


def test_missing_extends_target_is_located_at_the_extends_key(work: Path) -> None:
    write(work / ".doclint.yaml", "select: [DL001]\nextends: nope.yaml\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(".doclint.yaml:2: ")
    assert "nope.yaml" in result.stderr


def test_missing_rules_directory_in_configuration_is_located(work: Path) -> None:
    write(work / ".doclint.yaml", "select: [DL001]\nrules: [stlye]\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(".doclint.yaml:2: ")
    assert "stlye" in result.stderr


def test_missing_rules_directory_in_configuration_exits_2_with_one_line(work: Path) -> None:
    write(work / ".doclint.yaml", "rules: [stlye]\n")
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr == ".doclint.yaml:1: rules: directory 'stlye' not found (relative to this file)\n"


# mirrors: lists of directories that copy each other, validated strictly, each error at its line.

@pytest.mark.parametrize(("written", "line", "message"), [
    ("mirrors:\n  - [docs]\n", 2, "mirrors: an entry lists two or more directories that copy each other, not 1"),
    ("mirrors:\n  - [docs, print/dcos]\n", 2, "mirrors: directory 'print/dcos' not found (relative to this file)"),
    ("mirrors:\n  - - docs\n    - ../docs\n", 3,
     "mirrors: '../docs' must be a directory below this file's directory (a relative path, without '..')"),
    ("mirrors:\n  - [/docs, docs]\n", 2,
     "mirrors: '/docs' must be a directory below this file's directory (a relative path, without '..')"),
    ("mirrors:\n  - [docs, print]\n  - [print/docs, other]\n", 3,
     "mirrors: 'print/docs' overlaps 'print' (one is inside the other) of entry 1; list each tree once"),
    ("mirrors:\n  - [docs, ./docs/]\n", 2, "mirrors: './docs/' listed twice; list each tree once"),
    ("mirrors: [docs, print/docs]\n", 1, "mirrors.0: expected list of string, got a string"),
])
def test_invalid_mirrors_are_errors_at_their_line(work: Path, written: str, line: int, message: str) -> None:
    for directory in ("docs", "print/docs", "other"):
        (work / directory).mkdir(parents=True)
    write(work / ".doclint.yaml", written)
    write(work / "bad.md", BAD_MD)
    result = run("check", "bad.md")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f".doclint.yaml:{line}: {message}\n")


def test_mirrors_are_normalised_and_read_from_pyproject(work: Path) -> None:
    (work / "docs").mkdir()
    (work / "print" / "docs").mkdir(parents=True)
    write(work / "pyproject.toml", '[tool.doclint]\nmirrors = [["./docs/", "print\\\\docs"]]\n')
    assert load_config(work / "pyproject.toml").values.mirrors == (("docs", "print/docs"),)
    write(work / "pyproject.toml", '[tool.doclint]\nmirrors = [["docs", "nowhere"]]\n')
    with pytest.raises(SchemaError) as error:
        load_config(work / "pyproject.toml")
    assert str(error.value) == "pyproject.toml:2: mirrors: directory 'nowhere' not found (relative to this file)"
