"""Baselines: --write-baseline records today's findings; --baseline reports only new ones. Entries are keyed by
rule and a fingerprint of the offending text, not by line, so edits elsewhere keep them; the summary line counts
the hidden findings and the stale entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from samples import HARBOUR as P
from samples import HARBOUR_MD as BAD_MD

from doclint.baseline import fingerprints
from doclint.engine import lint_text

run = run_cli


def baselined(work: Path, text: str = BAD_MD, name: str = "a.md") -> None:
    (work / name).write_text(text)
    result = run("check", "--write-baseline", "base.json", name)
    assert result.exit_code == 0, result.stderr


def check(*args: str) -> tuple[int, list[str], str]:
    """Exit code, the concise finding lines and the summary line of a --baseline run (nothing on stderr)."""
    result = run("check", "--format", "concise", "--baseline", "base.json", *args)
    assert result.stderr == ""
    *lines, last = result.stdout.splitlines()
    return result.exit_code, lines, last


def summary(hidden: int, stale: int, found: str = "", files: int = 1) -> str:
    counts = (f"{files} file{'s' if files != 1 else ''} checked; {hidden} known violation{'s' if hidden != 1 else ''} "
              f"hidden by the baseline, {stale} stale baseline entr{'ies' if stale != 1 else 'y'}")
    return f"{found} ({counts})." if found else f"All checks passed ({counts})."


# Writing


def test_write_baseline_records_findings_and_exits_0(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    result = run("check", "--write-baseline", "base.json", "a.md")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "Wrote 2 violations to the baseline base.json.\n")
    data = json.loads((work / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [{k: v for k, v in entry.items() if k != "fingerprint"} for entry in data["findings"]] == [
        {"path": "a.md", "code": "DL002", "rule": "repeated-heading",
         "message": "Heading 'Harbour news' repeats the title at line 1"},
        {"path": "a.md", "code": "DL001", "rule": "duplicate-paragraph",
         "message": "Paragraph duplicates the paragraph at line 3"},
    ]
    assert all(len(entry["fingerprint"]) == 32 for entry in data["findings"])
    assert "line" not in json.dumps(data["findings"][1]).replace("at line 3", "")


def test_write_baseline_with_an_unreadable_path_still_exits_2(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    result = run("check", "--write-baseline", "base.json", "a.md", "missing.md")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "missing.md: error: no such file or directory"
    assert len(json.loads((work / "base.json").read_text())["findings"]) == 2


def test_write_baseline_message_for_one_violation(work: Path) -> None:
    (work / "a.md").write_text(f"# News\n\n{P}\n\n{P}\n")
    result = run("check", "--write-baseline", "base.json", "a.md")
    assert result.stderr == "Wrote 1 violation to the baseline base.json.\n"


# Reading


def test_unchanged_file_passes_with_the_baseline(work: Path) -> None:
    baselined(work)
    result = run("check", "--baseline", "base.json", "a.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, summary(2, 0) + "\n", "")


def test_edits_above_a_finding_keep_it_baselined(work: Path) -> None:
    baselined(work)
    edited = (f"# Harbour news\n\nA new introduction.\n\nAnd a second new paragraph,\nwrapped.\n\n{P}\n\n"
              f"## Harbour news\n\n{P}\n")
    (work / "a.md").write_text(edited)
    assert check("a.md") == (0, [], summary(2, 0))


def test_whitespace_changes_on_the_offending_line_keep_it_baselined(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(BAD_MD.replace("## Harbour news", "##   Harbour   news  ").replace("\n", "\r\n"))
    assert check("a.md") == (0, [], summary(2, 0))


def test_a_new_finding_is_reported(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(BAD_MD + "\nExperts agree that the new dam will transform the region.\n")
    assert check("a.md") == (1, ["a.md:9:1: DL003 unattributed-claim 'Experts agree': who? Name the source or cite it"],
                             summary(2, 0, "Found 1 violation (1 warning) in 1 file"))


def test_another_copy_of_a_baselined_finding_is_new(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(BAD_MD + f"\n{P}\n")
    assert check("a.md") == (1, ["a.md:9:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3"],
                             summary(2, 0, "Found 1 violation (1 error) in 1 file"))


def test_changing_the_offending_text_makes_a_new_finding_and_a_stale_entry(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(BAD_MD.replace("## Harbour news", "## Harbour News!"))
    assert check("a.md") == (1, ["a.md:5:4: DL002 repeated-heading Heading 'Harbour News!' repeats the title at "
                                 "line 1"],
                             summary(1, 1, "Found 1 violation (1 error) in 1 file"))


def test_fixed_findings_are_counted_as_stale(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(f"# Harbour news\n\n{P}\n")
    assert check("a.md") == (0, [], summary(0, 2))


def test_same_finding_in_another_file_is_new(work: Path) -> None:
    baselined(work)
    (work / "b.md").write_text(BAD_MD)
    code, lines, last = check("a.md", "b.md")
    assert (code, last) == (1, summary(2, 0, "Found 2 violations (2 errors) in 1 file", files=2))
    assert lines == ["b.md:5:4: DL002 repeated-heading Heading 'Harbour news' repeats the title at line 1",
                     "b.md:7:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3"]


def test_stale_entries_count_only_files_checked(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    (work / "b.md").write_text(BAD_MD)
    assert run("check", "--write-baseline", "base.json", ".").exit_code == 0
    assert check("a.md") == (0, [], summary(2, 0))
    (work / "b.md").write_text("# Clean\n\nNothing to see.\n")
    assert check("a.md") == (0, [], summary(2, 0))
    assert check(".") == (0, [], summary(2, 2, files=2))


@pytest.mark.parametrize("written, checked", [(".", "docs/a.md"), ("docs", "./docs"), ("docs/a.md", "docs/")])
def test_paths_given_differently_still_match(work: Path, written: str, checked: str) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "a.md").write_text(BAD_MD)
    assert run("check", "--write-baseline", "base.json", written).exit_code == 0
    assert check(checked) == (0, [], summary(2, 0))


def test_baseline_with_json_format_reports_only_new_findings(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(BAD_MD + f"\n{P}\n")
    result = run("check", "--format", "json", "--baseline", "base.json", "a.md")
    assert result.exit_code == 1
    assert [(v["line"], v["code"]) for v in json.loads(result.stdout)] == [(9, "DL001")]


def test_quiet_hides_the_baseline_summary(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(f"# Harbour news\n\n{P}\n\n{P}\n")
    result = run("check", "-q", "--baseline", "base.json", "a.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_baseline_counts_with_new_and_stale_together(work: Path) -> None:
    baselined(work)
    (work / "a.md").write_text(f"# Harbour news\n\n{P}\n\n{P}\n\nExperts agree that the dam will transform it.\n")
    result = run("check", "--format", "concise", "--baseline", "base.json", "a.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "Found 1 violation (1 warning) in 1 file (1 file checked; 1 known violation hidden by the baseline, "
        "1 stale baseline entry).")


@pytest.mark.parametrize("content, message", [
    ('{"version": 1}', 'base.json: not a doclint baseline file: no "findings" list (write one with --write-baseline)'),
    ("nope", "base.json:1: not a doclint baseline file: invalid JSON at column 1"),
    ('{"findings": [\n  {"path": "a.md"}\n  ,]}', "base.json:3: not a doclint baseline file: invalid JSON at column 4"),
    ('{"findings": [{"path": "a.md"}]}',
     "base.json: not a doclint baseline file: finding 1 is not an object with path, code and fingerprint strings"),
    ('[1, 2]', 'base.json: not a doclint baseline file: no "findings" list (write one with --write-baseline)'),
    ("[" * 100_000, "base.json: not a doclint baseline file: JSON nested too deeply"),
], ids=["no findings", "not JSON", "bad JSON on line 3", "incomplete entry", "a list", "nested too deeply"])
def test_invalid_baseline_file_exits_2_with_a_plain_one_line_message(work: Path, content: str, message: str) -> None:
    """No Python exception text ("Expecting value: line 1 column 1 (char 0)", "'code'"): what is wrong, where."""
    (work / "a.md").write_text(BAD_MD)
    (work / "base.json").write_text(content)
    result = run("check", "--baseline", "base.json", "a.md")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_a_baseline_that_is_not_utf8_is_named_as_such(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    (work / "base.json").write_bytes(b'{"findings": ["caf\xe9"]}')
    result = run("check", "--baseline", "base.json", "a.md")
    assert (result.exit_code, result.stderr) == (2, "base.json: not a doclint baseline file: not UTF-8 text\n")


def test_missing_baseline_file_is_a_usage_error(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    result = run("check", "--baseline", "nope.json", "a.md")
    assert result.exit_code == 2
    assert "Invalid value for '--baseline'" in result.stderr


# Fingerprints


def test_fingerprints_do_not_depend_on_the_line(builtin_rules) -> None:
    before = lint_text(BAD_MD, path="a.md", rules=builtin_rules)
    after = lint_text("# Harbour news\n\nIntro.\n\n" + BAD_MD.split("\n", 2)[2], path="a.md", rules=builtin_rules)
    assert [v.line for v in before] != [v.line for v in after]
    assert fingerprints(before) == fingerprints(after)


def test_fingerprints_differ_by_path_rule_text_and_occurrence(builtin_rules) -> None:
    text = f"# News\n\n{P}\n\n{P}\n\n{P}\n"
    here = lint_text(text, path="a.md", rules=builtin_rules)
    there = lint_text(text, path="b.md", rules=builtin_rules)
    assert len(set(fingerprints(here))) == 2  # same rule, same text: told apart by occurrence
    assert set(fingerprints(here)).isdisjoint(fingerprints(there))
