"""For pipelines: standard input, file problems in the JSON formats, GitHub's annotation limits and step summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli

DUPLICATED = ("Council backs harbour plan\n"
              "The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n"
              "Experts agree that the project will revive the waterfront.\n"
              "The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n")


def run(*args: str, stdin: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_stdin_is_checked_as_plain_text_by_default(work: Path) -> None:
    result = run("check", "--format", "concise", "-", stdin=DUPLICATED)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "-:3:1: DL003 unattributed-claim 'Experts agree': who? Name the source or cite it",
        "-:4:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 2",
    ]


def test_stdin_filename_picks_format_configuration_and_reported_path(work: Path) -> None:
    (work / "news").mkdir()
    (work / "news" / ".doclint.yaml").write_text("ignore: [DL003]\n")
    result = run("check", "--format", "concise", "-", "--stdin-filename", "news/story.md",
                 stdin="# Title\n\nSome text here.\n\n# Title\n\nExperts agree that it works.\n")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "news/story.md:5:3: DL002 repeated-heading Heading 'Title' repeats the title at line 1",
        "Found 1 violation (1 error) in 1 file (1 file checked).",
    ]


def test_stdin_with_fix_writes_the_fixed_text_to_stdout_and_the_findings_to_stderr(work: Path) -> None:
    result = run("check", "--fix", "--format", "concise", "-", stdin=DUPLICATED)
    assert result.exit_code == 1  # the claim remains
    assert result.stdout == DUPLICATED.rsplit("The council", 1)[0]
    assert result.stderr.startswith("-:3:1: DL003 unattributed-claim 'Experts agree'")


def test_stdin_with_fix_and_nothing_to_fix_passes_the_text_through(work: Path) -> None:
    result = run("check", "--fix", "-", stdin="A plain sentence.\n")
    assert (result.exit_code, result.stdout) == (0, "A plain sentence.\n")


def test_stdin_with_diff_prints_the_diff(work: Path) -> None:
    result = run("check", "--diff", "-", "--stdin-filename", "story.txt", stdin=DUPLICATED)
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/story.txt\n+++ b/story.txt\n")
    assert "-The council voted 7 to 4" in result.stdout


def test_stdin_that_is_not_utf8_is_an_error(work: Path) -> None:
    result = run("check", "-", stdin=b"caf\xe9\n")
    assert result.exit_code == 2
    assert result.stderr == "-:1:4: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n"


def test_stdin_cannot_be_mixed_with_paths(work: Path) -> None:
    result = run("check", "-", "a.md", stdin="x")
    assert result.exit_code == 2 and "'-' (standard input) cannot be combined with other paths" in result.stderr


def test_json_lists_file_problems_after_the_findings(work: Path) -> None:
    (work / "bad.md").write_bytes(b"caf\xe9\n")
    (work / "claim.md").write_text("Experts agree that it works.\n")
    result = run("check", "--format", "json", "claim.md", "bad.md", "missing.md")
    assert result.exit_code == 2
    entries = json.loads(result.stdout)
    assert [(e["path"], e["code"], e["rule"], e["severity"]) for e in entries] == [
        ("claim.md", "DL003", "unattributed-claim", "warning"),
        ("missing.md", "DL000", "file-problem", "error"),  # found while collecting the files
        ("bad.md", "DL000", "file-problem", "error"),
    ]
    assert entries[2] == {"path": "bad.md", "line": 1, "column": 4, "end_line": 1, "end_column": 4,
                          "rule": "file-problem", "code": "DL000", "severity": "error",
                          "message": "not valid UTF-8 (byte 0xe9); save the file as UTF-8", "related": [],
                          "data": {"kind": "error"}}


def test_json_lines_lists_file_problems_too(work: Path) -> None:
    result = run("check", "--format", "json-lines", "missing.md")
    assert result.exit_code == 2
    assert [json.loads(line)["code"] for line in result.stdout.splitlines()] == ["DL000"]


def test_json_finding_carries_its_evidence(work: Path) -> None:
    (work / "a.txt").write_text(DUPLICATED)
    entries = json.loads(run("check", "--format", "json", "--select", "DL001", "a.txt").stdout)
    assert entries[0]["data"] == {"similarity": 100.0}


@pytest.fixture
def many_findings(work: Path) -> Path:
    for index in range(12):
        (work / f"e{index:02}.md").write_text("# Same\n\nText.\n\n# Same\n")
        (work / f"w{index:02}.md").write_text("Experts agree that it works.\n")
    return work


def test_github_annotations_come_most_severe_first(many_findings: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    lines = run("check", ".").stdout.splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert kinds == ["::error"] * 12 + ["::warning"] * 12


def test_github_step_summary_lists_every_finding_and_says_how_many_are_shown(
        many_findings: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = many_findings / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("check", ".")
    assert result.exit_code == 1
    text = summary.read_text()
    assert text.startswith("## doclint\n\n24 violations (12 errors, 12 warnings) in 24 files checked.\n\n"
                           "GitHub shows at most 10 annotations of each kind per step: 20 of these 24 appear on the "
                           "diff (the most severe first). All are listed below.\n")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == 24
    assert rows[0] == "| `e00.md:5:3` | DL002 repeated-heading | error | Heading 'Same' repeats the title at line 1 |"
