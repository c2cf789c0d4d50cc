"""Exit codes and the failing level: --fail-on and fail-on in configuration (findings below the level are shown
but do not fail the run), --exit-zero, exit 2 whatever the level; GITHUB_ACTIONS=true picks the github format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from samples import HARBOUR as P

ERROR_MD = f"# Harbour news\n\n{P}\n\n{P}\n"  # DL001, error
WARNING_MD = "# News\n\nExperts agree that the new dam will transform the region.\n"  # DL003, warning
INFO_MD = "# News\n\n<!-- doclint-disable-next-line DL001 -->\nThe council met.\n"  # DL900, info
CLEAN_MD = "# News\n\nThe council met on Thursday.\n"

ERROR_LINE = "error.md:5:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3"
WARNING_LINE = "warning.md:3:1: DL003 unattributed-claim 'Experts agree': who? Name the source or cite it"
INFO_LINE = ("info.md:3:6: DL900 unused-suppression Unused suppression 'doclint-disable-next-line DL001': "
             "no finding to suppress")


@pytest.fixture
def work(work: Path) -> Path:  # the shared working directory, with this module's files
    for name, text in (("error.md", ERROR_MD), ("warning.md", WARNING_MD), ("info.md", INFO_MD),
                       ("clean.md", CLEAN_MD)):
        (work / name).write_text(text, encoding="utf-8")
    return work


run = run_cli


def concise(*args: str) -> tuple[int, list[str]]:
    result = run("check", "--format", "concise", *args)
    return result.exit_code, result.stdout.splitlines()[:-1]


# --fail-on


@pytest.mark.parametrize(
    "fail_on, exits",
    [
        (None, {"error.md": 1, "warning.md": 1, "info.md": 1, "clean.md": 0}),
        ("info", {"error.md": 1, "warning.md": 1, "info.md": 1, "clean.md": 0}),
        ("warning", {"error.md": 1, "warning.md": 1, "info.md": 0, "clean.md": 0}),
        ("error", {"error.md": 1, "warning.md": 0, "info.md": 0, "clean.md": 0}),
    ],
)
def test_fail_on_levels(work: Path, fail_on: str | None, exits: dict[str, int]) -> None:
    option = ["--fail-on", fail_on] if fail_on else []
    assert {name: run("check", *option, name).exit_code for name in exits} == exits


def test_findings_below_the_failing_level_are_still_shown(work: Path) -> None:
    result = run("check", "--format", "concise", "--fail-on", "error", "warning.md", "info.md")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        INFO_LINE, WARNING_LINE, "Found 2 violations (1 warning, 1 info) in 2 files (2 files checked)."]
    json_result = run("check", "--format", "json", "--fail-on", "error", "warning.md")
    assert json_result.exit_code == 0
    assert [v["code"] for v in json.loads(json_result.stdout)] == ["DL003"]


def test_one_finding_at_the_level_fails_the_whole_run(work: Path) -> None:
    assert concise("--fail-on", "warning", "info.md", "warning.md") == (1, [INFO_LINE, WARNING_LINE])
    assert concise("--fail-on", "error", "info.md", "warning.md", "error.md") == (1, [ERROR_LINE, INFO_LINE,
                                                                                     WARNING_LINE])


def test_fail_on_rejects_unknown_levels(work: Path) -> None:
    result = run("check", "--fail-on", "warn", "clean.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Invalid value for '--fail-on'" in result.stderr


# fail-on in configuration


def test_fail_on_in_doclint_yaml(work: Path) -> None:
    (work / ".doclint.yaml").write_text("fail-on: error\n")
    assert concise("warning.md", "info.md") == (0, [INFO_LINE, WARNING_LINE])
    assert concise("error.md") == (1, [ERROR_LINE])


def test_fail_on_in_pyproject(work: Path) -> None:
    (work / "pyproject.toml").write_text('[tool.doclint]\nfail-on = "warning"\n')
    assert concise("info.md") == (0, [INFO_LINE])
    assert concise("warning.md") == (1, [WARNING_LINE])


def test_fail_on_on_the_command_line_overrides_the_configuration(work: Path) -> None:
    (work / ".doclint.yaml").write_text("fail-on: error\n")
    assert concise("--fail-on", "info", "info.md") == (1, [INFO_LINE])
    (work / ".doclint.yaml").write_text("fail-on: info\n")
    assert concise("--fail-on", "error", "warning.md") == (0, [WARNING_LINE])


def test_fail_on_from_the_config_option(work: Path) -> None:
    (work / "ci.yaml").write_text("fail-on: warning\n")
    (work / ".doclint.yaml").write_text("fail-on: info\n")
    assert concise("--config", "ci.yaml", "info.md") == (0, [INFO_LINE])


def test_isolated_ignores_the_configured_fail_on(work: Path) -> None:
    (work / ".doclint.yaml").write_text("fail-on: error\n")
    assert concise("--isolated", "warning.md") == (1, [WARNING_LINE])


def test_rule_level_from_configuration_decides_against_fail_on(work: Path) -> None:
    (work / ".doclint.yaml").write_text("fail-on: error\nrule-settings:\n  DL001: {level: warning}\n")
    assert concise("error.md") == (0, [ERROR_LINE])
    (work / ".doclint.yaml").write_text("fail-on: error\nrule-settings:\n  DL003: {level: error}\n")
    assert concise("warning.md") == (1, [WARNING_LINE])


def test_fail_on_applies_to_what_remains_after_fix(work: Path) -> None:
    (work / "mixed.md").write_text(f"# News\n\n{P}\n\n{P}\n\nExperts agree that the new dam will transform it.\n")
    result = run("check", "--format", "concise", "--fail-on", "error", "--fix", "mixed.md")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ("mixed.md:5:1: DL003 unattributed-claim 'Experts agree': who? Name the "
                                             "source or cite it")


# --exit-zero


def test_exit_zero_shows_findings_and_exits_0(work: Path) -> None:
    result = run("check", "--format", "concise", "--exit-zero", "error.md", "warning.md")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [ERROR_LINE, WARNING_LINE,
                                          "Found 2 violations (1 error, 1 warning) in 2 files (2 files checked)."]


def test_exit_zero_with_fail_on(work: Path) -> None:
    assert run("check", "--exit-zero", "--fail-on", "info", "info.md").exit_code == 0


def test_exit_zero_does_not_hide_files_that_could_not_be_checked(work: Path) -> None:
    result = run("check", "--exit-zero", "error.md", "missing.md")
    assert result.exit_code == 2
    assert result.stderr == "missing.md: error: no such file or directory\n"


def test_exit_zero_does_not_hide_configuration_errors(work: Path) -> None:
    (work / ".doclint.yaml").write_text("fail-on: never\n")
    result = run("check", "--exit-zero", "clean.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(".doclint.yaml:1: fail-on: 'never' is not one of")


def test_configuration_error_exits_2_even_with_a_high_failing_level(work: Path) -> None:
    (work / ".doclint.yaml").write_text("fail-on: error\nselect: [DL01]\n")
    result = run("check", "clean.md")
    assert (result.exit_code, result.stdout) == (2, "")


# GITHUB_ACTIONS


GITHUB_ERROR = ("::error file=error.md,line=5,col=1,endLine=5,endColumn=85,title=DL001 duplicate-paragraph::"
                "Paragraph duplicates the paragraph at line 3")
GITHUB_WARNING = ("::warning file=warning.md,line=3,col=1,endLine=3,endColumn=14,title=DL003 unattributed-claim::"
                  "'Experts agree': who? Name the source or cite it")
GITHUB_INFO = ("::notice file=info.md,line=3,col=6,endLine=3,endColumn=41,title=DL900 unused-suppression::"
               "Unused suppression 'doclint-disable-next-line DL001': no finding to suppress")


def test_github_actions_picks_the_github_format(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", "error.md", "warning.md", "info.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [GITHUB_ERROR, GITHUB_WARNING, GITHUB_INFO]  # most severe first


def test_github_actions_with_a_clean_run(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", "clean.md")
    assert result.exit_code == 0
    assert not any(line.startswith("::") for line in result.stdout.splitlines())


def test_github_actions_with_fail_on_still_annotates(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", "--fail-on", "error", "warning.md")
    assert (result.exit_code, result.stdout.splitlines()) == (0, [GITHUB_WARNING])


@pytest.mark.parametrize("fmt", ["text", "concise", "json"])
def test_an_explicit_format_wins_over_github_actions(work: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", "--format", fmt, "error.md")
    assert result.exit_code == 1
    assert "::error" not in result.stdout
    assert result.stdout == run("check", "--format", fmt, "error.md").stdout


@pytest.mark.parametrize("value", [None, "false", "", "1"])
def test_text_format_without_github_actions_true(work: Path, monkeypatch: pytest.MonkeyPatch,
                                                  value: str | None) -> None:
    if value is not None:
        monkeypatch.setenv("GITHUB_ACTIONS", value)
    result = run("check", "error.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == ERROR_LINE
    assert result.stdout.splitlines()[-1] == "Found 1 violation (1 error) in 1 file (1 file checked)."


def test_explicit_github_format_without_github_actions(work: Path) -> None:
    result = run("check", "--format", "github", "warning.md")
    assert (result.exit_code, result.stdout.splitlines()) == (1, [GITHUB_WARNING])
