"""The Python API as pipelines use it: argument errors that say what is wrong, rule settings without a
configuration file, picklable rules, JSON-ready violations."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import doclint
from doclint import CheckOptions, check_paths, lint_text, load_rules
from doclint.errors import OptionError, SelectorError

CLAIM = "Experts agree that the plan will work.\n"


def test_one_selector_as_a_string_is_one_selector() -> None:
    assert [v.code for v in lint_text(CLAIM + "\n# A\n\n# A\n", format="text", select="DL003")] == ["DL003"]


def test_load_rules_with_one_directory_as_a_string(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("id: XT001\nname: no-plan\ncheck: existence\nlevel: warning\n"
                                     "message: \"No '{match}'\"\ndescription: d.\ntokens: [plan]\n")
    rules = load_rules(str(tmp_path))
    assert rules.find("no-plan") is not None
    assert [v.code for v in lint_text(CLAIM, format="text", rules=rules, select=["no-plan"])] == ["XT001"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"paragraph_mode": "line"}, "paragraph_mode must be one of auto, blank-lines, lines, not 'line'"),
    ({"format": "md"}, "format must be one of markdown, text, not 'md'"),
    ({"select": [3]}, "rule selectors must be strings, not int"),
])
def test_bad_arguments_are_option_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        lint_text(CLAIM, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [b"Experts agree.\n", None])
def test_text_that_is_not_a_str_is_an_option_error(text: object) -> None:
    with pytest.raises(OptionError, match="text must be a str"):
        lint_text(text)  # type: ignore[arg-type]


def test_unknown_rule_is_a_selector_error_with_a_hint() -> None:
    with pytest.raises(SelectorError, match="unknown rule 'DL0003' \\(did you mean 'DL003'\\?\\)"):
        lint_text(CLAIM, select=["DL0003"])


def test_rule_settings_without_a_configuration_file() -> None:
    text = "# Storm\n\nRain fell.\n\n# Storm\n"
    settings = {"DL002": {"level": "warning"}}
    assert [v.severity.value for v in lint_text(text, format="markdown", rule_settings=settings)] == ["warning"]
    assert lint_text(text, format="markdown", rule_settings={"repeated-heading": {"enabled": False}}) == []
    with pytest.raises(OptionError, match="rule_settings: .*unknown key 'levle'"):
        lint_text(text, rule_settings={"DL002": {"levle": "warning"}})
    with pytest.raises(SelectorError, match="rule_settings: unknown rule 'DL0002'"):
        lint_text(text, rule_settings={"DL0002": {"level": "warning"}})


def test_check_paths_takes_rule_settings_and_validates_options(work: Path) -> None:
    (work / "a.md").write_text("# Storm\n\nRain fell.\n\n# Storm\n")
    result = check_paths(["a.md"], options=CheckOptions(rule_settings={"DL002": {"level": "info"}}))
    assert [v.severity.value for v in result.violations] == ["info"]
    with pytest.raises(OptionError, match="paths must be a list"):
        check_paths("a.md")
    with pytest.raises(OptionError, match="paragraph_mode must be one of"):
        check_paths(["a.md"], options=CheckOptions(paragraph_mode="line"))
    with pytest.raises(OptionError, match="select must be a list or tuple"):
        check_paths(["a.md"], options=CheckOptions(select="DL002"))  # type: ignore[arg-type]


def test_loaded_rules_pickle_and_work_after_unpickling() -> None:
    rules = pickle.loads(pickle.dumps(load_rules()))
    text = CLAIM + "\nThe same paragraph is here twice in this text.\n\nThe same paragraph is here twice in this text.\n"
    assert [v.code for v in lint_text(text, format="text", rules=rules)] == ["DL003", "DL001"]


def test_check_paths_with_rules_uses_worker_processes(work: Path) -> None:
    for index in range(20):
        (work / f"a{index:02}.md").write_text("# Storm\n\nRain fell.\n\n# Storm\n")
    result = check_paths(["."], rules=load_rules(), jobs=2)
    assert len(result.violations) == 20 and result.files_checked == 20


def test_violations_are_json_ready() -> None:
    import json

    [violation] = lint_text(CLAIM, format="text")
    data = json.loads(json.dumps(violation.to_dict()))
    assert data["code"] == "DL003" and data["line"] == 1 and data["column"] == 1


def test_the_package_is_typed() -> None:
    assert (Path(doclint.__file__).parent / "py.typed").is_file()


def test_lint_many_gives_what_lint_text_gives_for_each_text() -> None:
    copied = "The harbour authority dredged the main channel last spring to let larger ships dock.\n"
    texts = [CLAIM, "# Title\n\n" + copied + "\n" + copied, "Clean text.\n", CLAIM + "\n" + copied + "\n" + copied]
    paths = ["a.txt", "b.md", "c.md", "<text>"]
    settings = {"DL001": {"level": "info"}}
    expected = [lint_text(text, path=path, rule_settings=settings, ignore=["DL008"])
                for text, path in zip(texts, paths)]
    found = doclint.lint_many(texts, paths=paths, rule_settings=settings, ignore=["DL008"])
    assert found == expected
    assert [[(v.code, v.line, v.column, v.severity.value) for v in batch] for batch in found] == [
        [("DL003", 1, 1, "warning")], [("DL001", 5, 1, "info")], [],
        [("DL003", 1, 1, "warning"), ("DL001", 5, 1, "info")]]
    assert doclint.lint_many([]) == []


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("one text",), {}, "texts must be a list of texts, not one string"),
    ((["a", b"b"],), {}, "text must be a str, not bytes"),
    ((["a", "b"],), {"paths": ["a.md"]}, r"paths must be a list with one path per text \(2\)"),
    ((["a"],), {"paragraph_mode": "line"}, "paragraph_mode must be one of"),
])
def test_lint_many_argument_errors(args: tuple[object, ...], kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        doclint.lint_many(*args, **kwargs)  # type: ignore[arg-type]
