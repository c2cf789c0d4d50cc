"""The strict rule schema: every mistake in a rule file is one line, ``path:LINE: message``, naming the line."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from pathlib import Path

import pytest

from doclint.checks import check_kinds
from doclint.engine import lint_text
from doclint.errors import SelectorError
from doclint.rules import load_rule, load_rules
from doclint.schema import SchemaError

BASE = """\
id: XX001
name: my-rule
check: duplication
level: warning
message: "Paragraph {relation} line {first_line}"
description: Reports things.
"""  # six lines; anything appended starts at line 7


def write_rule(directory: Path, text: str, name: str = "rule.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        load_rule(path)
    return caught.value


def assert_error(path: Path, line: int | None, message: str) -> None:
    error = load_error(path)
    expected = f"{path}:{line}: {message}" if line is not None else f"{path}: {message}"
    assert str(error) == expected
    assert "\n" not in str(error)
    assert (error.path, error.line, error.message) == (str(path), line, message)


def test_valid_rule_loads_with_its_parameters(tmp_path: Path) -> None:
    rule = load_rule(write_rule(tmp_path, BASE + "similarity: 80\nmin-length: 10\nscopes: [paragraph]\n"))
    assert (rule.code, rule.name, rule.kind.name, rule.level.value, rule.enabled) == (
        "XX001", "my-rule", "duplication", "warning", True)
    assert (rule.params.similarity, rule.params.min_length, rule.params.scopes) == (80.0, 10, ("paragraph",))
    assert rule.description == "Reports things."
    assert rule.source == str(tmp_path / "rule.yaml")


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "similarty: 80\n")
    assert_error(path, 7, "unknown key 'similarty' for a 'duplication' rule (did you mean 'similarity'?)")


def test_unknown_key_without_a_close_match_has_no_hint(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "colour: blue\n")
    assert_error(path, 7, "unknown key 'colour' for a 'duplication' rule")


def test_parameter_of_another_check_kind_is_unknown(tmp_path: Path) -> None:
    # `scope` belongs to heading-repetition; a duplication rule must not silently accept it
    path = write_rule(tmp_path, BASE + "scope: document\n")
    error = load_error(path)
    assert (error.line, error.message.startswith("unknown key 'scope' for a 'duplication' rule")) == (7, True)


def test_unknown_key_inside_examples(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "examples:\n  fail: []\n  passs: []\n")
    assert_error(path, 9, "unknown key 'passs' in examples (did you mean 'pass'?)")


@pytest.mark.parametrize("key", ["id", "name", "check", "level", "message", "description"])
def test_missing_required_key(tmp_path: Path, key: str) -> None:
    text = "".join(line for line in BASE.splitlines(keepends=True) if not line.startswith(f"{key}:"))
    assert_error(write_rule(tmp_path, text), 1, f"missing required key {key!r}")


@pytest.mark.parametrize(
    "appended, line, message",
    [
        ("min-length: lots\n", 7, "min-length: expected integer, got a string"),
        ("min-length: true\n", 7, "min-length: expected integer, got a boolean"),
        ("similarity: high\n", 7, "similarity: expected number, got a string"),
        ("scopes: paragraph\n", 7, "scopes: expected list of 'paragraph' | 'list_item' | 'blockquote' | "
                                   "'table_cell', got a string"),
        ("scopes:\n  - paragraph\n  - paragraf\n", 9, "scopes.1: 'paragraf' is not one of 'paragraph' | 'list_item' | "
                                                      "'blockquote' | 'table_cell' (did you mean 'paragraph'?)"),
        ("enabled: sometimes\n", 7, "enabled: expected true or false"),
        ("examples: [a, b]\n", 7, "examples: expected a mapping with 'fail' and 'pass' lists"),
        ("examples:\n  fail: one\n", 8, "examples.fail: expected a list of strings"),
        ("examples:\n  format: rst\n", 8, "examples.format: expected 'markdown' or 'text'"),
    ],
)
def test_wrong_type(tmp_path: Path, appended: str, line: int, message: str) -> None:
    assert_error(write_rule(tmp_path, BASE + appended), line, message)


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("name: my-rule", "name: [my-rule]", 2, "name: expected a string"),
        ("description: Reports things.", "description: 42", 6, "description: expected a string"),
        ("id: XX001", "id: xx-1", 1, "id 'xx-1' must be a code like DL001 (capital letters, then digits)"),
        ("name: my-rule", "name: My_Rule", 2, "name 'My_Rule' must be kebab-case, like duplicate-paragraph"),
    ],
)
def test_wrong_generic_value(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    assert_error(write_rule(tmp_path, BASE.replace(old, new)), line, message)


def test_out_of_range_parameter_names_its_line(tmp_path: Path) -> None:
    assert_error(write_rule(tmp_path, BASE + "similarity: 120\n"), 7,
                 "similarity must be greater than 0 and at most 100")


def test_bad_pattern_checked_by_the_kind_names_its_line(tmp_path: Path) -> None:
    if "substitution" not in check_kinds():
        pytest.skip("no substitution kind")
    text = BASE.replace("duplication", "substitution").replace("Paragraph {relation} line {first_line}", "x")
    error = load_error(write_rule(tmp_path, text + 'patterns:\n  "(unclosed": right\n'))
    assert error.message.endswith("invalid regular expression '(unclosed': missing ), unterminated subpattern at "
                                  "position 0")
    assert error.line in (7, 8)  # the `patterns:` key or its bad item, not line 1


def test_out_of_range_parameter_is_refused(tmp_path: Path) -> None:
    error = load_error(write_rule(tmp_path, BASE + "min-length: 0\n"))
    assert error.message == "min-length must be at least 1"


def test_unknown_check_with_did_you_mean(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE.replace("check: duplication", "check: duplicaton"))
    known = ", ".join(sorted(check_kinds()))
    assert_error(path, 3, f"unknown check 'duplicaton' (did you mean 'duplication'?); known checks: {known}")


def test_bad_level_with_did_you_mean(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE.replace("level: warning", "level: warn"))
    assert_error(path, 4, "level 'warn' must be one of error, warning, info (did you mean 'warning'?)")


def test_bad_message_placeholder(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE.replace("{first_line}", "{first_lien}"))
    fields = ", ".join(sorted(check_kinds()["duplication"].message_fields))
    assert_error(path, 5, f"message: unknown placeholder {{first_lien}} (did you mean 'first_line'?); "
                          f"available: {fields}")


def test_unbalanced_brace_in_message(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE.replace("{first_line}", "{first_line"))
    assert_error(path, 5, "message: expected '}' before end of string (write {{ and }} for literal braces)")


def test_literal_braces_in_message_are_allowed(tmp_path: Path) -> None:
    rule = load_rule(write_rule(tmp_path, BASE.replace("line {first_line}", "line {first_line} {{sic}}")))
    assert rule.format_message({"relation": "duplicates", "first_line": 3}) == "Paragraph duplicates line 3 {sic}"


def _regex_kinds() -> list[tuple[str, str, typing.Any]]:
    found = []
    for kind in check_kinds().values():
        hints = typing.get_type_hints(kind.params)
        for field in dataclasses.fields(kind.params):
            if field.metadata.get("regex"):
                found.append((kind.name, field.name.replace("_", "-"), hints[field.name]))
    return found


def test_bad_regex_is_refused_with_its_line(tmp_path: Path) -> None:
    kinds = _regex_kinds()
    if not kinds:
        pytest.skip("no check kind has a regular-expression parameter yet")
    for kind_name, key, annotation in kinds:
        kind = check_kinds()[kind_name]
        required = [f.name for f in dataclasses.fields(kind.params)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                    and f.name.replace("_", "-") != key]
        if required:
            continue  # cannot build a minimal rule generically; the kind's own tests cover it
        is_list = typing.get_origin(annotation) in (list, tuple) or (
            typing.get_origin(annotation) in (typing.Union, types.UnionType)
            and any(typing.get_origin(a) in (list, tuple) for a in typing.get_args(annotation))
        )
        value = f"{key}:\n  - ok\n  - \"(unclosed\"\n" if is_list else f"{key}: \"(unclosed\"\n"
        text = (f"id: XX001\nname: my-rule\ncheck: {kind_name}\nlevel: warning\nmessage: Found it.\n"
                f"description: Reports things.\n{value}")
        error = load_error(write_rule(tmp_path / kind_name, text))
        assert error.line == (9 if is_list else 7), str(error)
        assert error.message == ("invalid regular expression '(unclosed': missing ), unterminated subpattern at "
                                 "position 0"), str(error)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    text = BASE.replace("level: warning", "level: warning: error")
    assert_error(write_rule(tmp_path, text), 4, "invalid YAML: mapping values are not allowed here")


def test_a_key_too_long_for_yaml_says_how_to_write_it(tmp_path: Path) -> None:
    """A regex pattern used as a key (claim cues, weights) can pass YAML's 1,024-character limit for an implicit
    key; PyYAML's own message says nothing of it, so the error says how to write the key."""
    pattern = "'" + "|".join(f"word{number}" for number in range(200)) + "'"
    text = BASE.replace("level: warning", "level: warning\nweights:\n  " + pattern + ": 1.0")
    assert_error(write_rule(tmp_path, text), 6, "invalid YAML: mapping values are not allowed here; a key longer than 1,024 "
                 "characters must be written as an explicit key ('? KEY' on one line, ': VALUE' on the next)")


def test_invalid_yaml_tab_indentation(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "examples:\n\tfail: []\n")
    assert_error(path, 8, "invalid YAML: found character '\\t' that cannot start any token")


def test_python_object_tag_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "similarity: !!python/object/apply:os.system ls\n")
    error = load_error(path)
    assert error.line == 7
    assert error.message.startswith("invalid YAML value: could not determine a constructor for the tag "
                                    "'tag:yaml.org,2002:python/object/apply:os.system'")


@pytest.mark.parametrize("value", ["!!python/object:collections.OrderedDict {fail: [], pass: []}",
                                   "!!python/object/new:dict {fail: [], pass: []}"])
def test_python_object_tag_on_a_mapping_is_refused(tmp_path: Path, value: str) -> None:
    path = write_rule(tmp_path, BASE + f"examples: {value}\n")
    error = load_error(path)
    assert error.line == 7
    assert "python/object" in error.message


def test_duplicate_key_names_the_second_occurrence(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "similarity: 80\nlevel: error\n")
    assert_error(path, 8, "duplicate key 'level'")


def test_duplicate_nested_key(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "examples:\n  fail: []\n  fail: []\n")
    assert_error(path, 9, "duplicate key 'fail'")


@pytest.mark.parametrize("text", ["", "- a list\n- of things\n", "just a string\n"])
def test_rule_file_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    assert_error(write_rule(tmp_path, text), 1,
                 "a rule file must be a mapping of keys (id, name, check, level, message, ...)")


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
              for i in range(1, 9)]
    error = load_error(write_rule(tmp_path, "\n".join(lines) + "\n"))
    assert error.message == "YAML too large or too deeply aliased (over 200000 nodes)"


def test_rule_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "rule.yaml"
    path.write_bytes(b"id: \xff\n")
    assert_error(path, None, "cannot read rule file: 'utf-8' codec can't decode byte 0xff in position 4: "
                             "invalid start byte")


def test_rule_file_with_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "rule.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_rule(path).code == "XX001"


# Rule directories


def test_user_rule_dir_adds_rules_and_ignores_other_files(tmp_path: Path) -> None:
    write_rule(tmp_path, BASE, "a.yaml")
    write_rule(tmp_path, BASE.replace("XX001", "XX002").replace("my-rule", "other-rule"), "b.yml")
    write_rule(tmp_path, "not: a rule\n", "notes.txt")
    (tmp_path / "sub.yaml").mkdir()
    rules = load_rules([tmp_path])
    assert [(r.code, r.name) for r in rules if r.code.startswith("XX")] == [("XX001", "my-rule"),
                                                                            ("XX002", "other-rule")]
    assert {r.code for r in load_rules()} < {r.code for r in rules}


def test_user_rule_with_a_builtin_name_replaces_it(tmp_path: Path) -> None:
    text = BASE.replace("XX001", "DL001").replace("my-rule", "duplicate-paragraph") + "similarity: 100\n"
    path = write_rule(tmp_path, text.replace("level: warning", "level: info"))
    rules = load_rules([tmp_path])
    replaced = rules.find("duplicate-paragraph")
    assert replaced is rules.find("DL001")
    assert (replaced.source, replaced.level.value, replaced.params.similarity) == (str(path), "info", 100.0)
    assert sum(1 for r in rules if r.code == "DL001") == 1
    # the replacement is what runs: the near copy below is no longer reported, the exact copy is, as info
    doc = ("The harbour authority dredged the main channel last spring to let larger ships dock.\n\n"
           "The harbour authority dredged the main channel last spring to let the larger ships dock.\n\n"
           "The harbour authority dredged the main channel last spring to let larger ships dock.\n")
    found = [(v.line, v.code, v.severity.value, v.message) for v in lint_text(doc, path="a.md", rules=rules,
                                                                              select=["DL001"])]
    assert found == [(5, "DL001", "info", "Paragraph duplicates line 1")]


def test_user_rule_may_change_the_code_of_a_builtin_it_replaces(tmp_path: Path) -> None:
    write_rule(tmp_path, BASE.replace("my-rule", "duplicate-paragraph").replace("XX001", "XX100"))
    rules = load_rules([tmp_path])
    assert rules.find("DL001") is None
    assert rules.find("duplicate-paragraph").code == "XX100"


def test_same_code_different_name_is_an_error(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE.replace("XX001", "DL001"))
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path])
    builtin = next(r for r in load_rules() if r.code == "DL001").source
    assert str(caught.value) == f"{path}:1: rule code DL001 is already used by 'duplicate-paragraph' ({builtin})"


def test_same_name_twice_in_one_directory_is_an_error(tmp_path: Path) -> None:
    write_rule(tmp_path, BASE, "a.yaml")
    second = write_rule(tmp_path, BASE.replace("XX001", "XX002"), "b.yaml")
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path])
    assert str(caught.value) == f"{second}:1: rule name 'my-rule' is already defined in {tmp_path / 'a.yaml'}"


def test_later_directory_replaces_earlier_one(tmp_path: Path) -> None:
    write_rule(tmp_path / "one", BASE)
    later = write_rule(tmp_path / "two", BASE.replace("level: warning", "level: error"))
    rule = load_rules([tmp_path / "one", tmp_path / "two"]).find("my-rule")
    assert (rule.source, rule.level.value) == (str(later), "error")


def test_missing_rules_directory(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path / "nope"])
    assert str(caught.value) == f"{tmp_path / 'nope'}: rules directory not found"


def test_error_in_a_user_rule_dir_is_reported_by_load_rules(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BASE + "similarty: 80\n")
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path])
    assert re.fullmatch(re.escape(f"{path}:7: unknown key 'similarty'") + ".*", str(caught.value))


# Selection by code or name


def test_select_and_ignore_resolve_codes_and_names(builtin_rules) -> None:
    assert [r.code for r in builtin_rules.select(["repeated-heading"])] == ["DL002"]
    assert [r.code for r in builtin_rules.select(["DL001", "DL002"], ["duplicate-paragraph"])] == ["DL002"]
    assert [r.code for r in builtin_rules.select(["ALL"])] == [r.code for r in builtin_rules]


def test_unknown_selector_has_did_you_mean(builtin_rules) -> None:
    with pytest.raises(SelectorError) as caught:
        builtin_rules.select(["repeated-headings"])
    assert caught.value.args[0] == "unknown rule 'repeated-headings' (did you mean 'repeated-heading'?)"


def test_disabled_rule_runs_only_when_selected(tmp_path: Path) -> None:
    write_rule(tmp_path, BASE + "enabled: false\n")
    rules = load_rules([tmp_path])
    assert "XX001" not in [r.code for r in rules.select()]
    assert [r.code for r in rules.select(["my-rule"])] == ["XX001"]


def test_regex_parameters_are_compiled_when_loaded() -> None:
    # The schema mechanism behind `regex=True` parameters, independent of which kinds use it today.
    from doclint.schema import build_dataclass, load_yaml, param

    @dataclasses.dataclass(frozen=True)
    class Params:
        pattern: str = param("x", "one pattern", regex=True)
        patterns: tuple[str, ...] = param([], "several", regex=True)

    data = load_yaml("pattern: ok\npatterns:\n  - fine\n  - '[unclosed'\n", "kind.yaml")
    with pytest.raises(SchemaError) as caught:
        build_dataclass(Params, data.value, data, ())
    assert str(caught.value) == ("kind.yaml:4: invalid regular expression '[unclosed': unterminated character set "
                                 "at position 0")
    data = load_yaml("pattern: '(a'\n", "kind.yaml")
    with pytest.raises(SchemaError) as caught:
        build_dataclass(Params, data.value, data, ())
    assert str(caught.value) == "kind.yaml:1: invalid regular expression '(a': missing ), unterminated subpattern at position 0"


def test_built_in_rules_pass_full_validation() -> None:
    # Start-up trusts the built-in rules' patterns (no validating compiles): this test is what earns the trust.
    validated = load_rules(validate_builtin=True)
    trusted = load_rules()
    assert [(r.code, r.params) for r in validated] == [(r.code, r.params) for r in trusted]


def test_trust_covers_only_the_built_in_directory(tmp_path: Path) -> None:
    from doclint.ruledirs import builtin_rules_dir
    from doclint.safe_regex import pattern_error

    source = (builtin_rules_dir() / "DL003-unattributed-claim.yaml").read_text(encoding="utf-8")
    broken = source.replace("patterns:", "patterns:\n      '(unclosed': 1.0", 1)
    assert broken != source
    write_rule(tmp_path, broken, "DL003-unattributed-claim.yaml")
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path])
    assert "invalid regular expression '(unclosed'" in caught.value.message
    assert pattern_error("(") == "missing ), unterminated subpattern at position 0"  # trust ends with the load
