"""The command line, as users run it: exit codes, output formats, rule selection, file discovery, errors.

Most tests use click's CliRunner on ``doclint.cli.cli``; a few run ``python -m doclint`` in a subprocess, to check
``main()``: errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli

from doclint import __version__
from doclint.cli import cli

BAD_MD = """\
# Harbour news

The harbour authority dredged the main channel last spring to let larger ships dock.

## Harbour news

The harbour authority dredged the main channel last spring to let larger ships dock.
"""
BAD_MD_HEADERS = [
    "bad.md:5:4: DL002 repeated-heading Heading 'Harbour news' repeats the title at line 1",
    "bad.md:7:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3",
]
CLEAN_MD = "# Harbour news\n\nThe harbour authority dredged the main channel last spring.\n"
HEADER = re.compile(r"^\S.*:\d+:\d+: [A-Z]+\d+ ")


run = run_cli


def headers(stdout: str) -> list[str]:
    """The first line of each finding in text output (the source excerpt under it belongs to the reporter)."""
    return [line for line in stdout.splitlines() if HEADER.match(line)]


def last_line(stdout: str) -> str:
    return stdout.rstrip("\n").splitlines()[-1]


# Exit codes and the text format


def test_clean_file_exits_0(work: Path) -> None:
    (work / "clean.md").write_text(CLEAN_MD)
    result = run("check", "clean.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "All checks passed (1 file checked).\n", "")


def test_violations_exit_1_with_exact_lines_and_summary(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "bad.md")
    assert result.exit_code == 1
    assert headers(result.stdout) == BAD_MD_HEADERS
    assert last_line(result.stdout) == "Found 2 violations (2 errors) in 1 file (1 file checked)."
    assert result.stderr == ""


def test_summary_counts_files_and_levels(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    (work / "b.md").write_text(BAD_MD)
    (work / "c.md").write_text(CLEAN_MD)
    result = run("check", ".")
    assert result.exit_code == 1
    assert headers(result.stdout) == [
        line.replace("bad.md", name) for name in ("a.md", "b.md") for line in BAD_MD_HEADERS
    ]
    assert last_line(result.stdout) == "Found 4 violations (4 errors) in 2 files (3 files checked)."


def test_quiet_prints_findings_only(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    (work / "clean.md").write_text(CLEAN_MD)
    result = run("check", "--quiet", "bad.md")
    assert result.exit_code == 1
    assert headers(result.stdout) == BAD_MD_HEADERS
    assert "Found" not in result.stdout
    clean = run("check", "-q", "clean.md")
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_exit_zero(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "--exit-zero", "bad.md")
    assert result.exit_code == 0
    assert headers(result.stdout) == BAD_MD_HEADERS


def test_default_path_is_the_current_directory(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check")
    assert result.exit_code == 1
    assert headers(result.stdout) == BAD_MD_HEADERS


# JSON


def test_json_format_exact_objects(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "--format", "json", "bad.md")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "bad.md", "line": 5, "column": 4, "end_line": 5, "end_column": 16,
            "rule": "repeated-heading", "code": "DL002", "severity": "error",
            "message": "Heading 'Harbour news' repeats the title at line 1",
            "related": [{"path": "bad.md", "line": 1, "column": 3}],
            "data": {"similarity": 100.0, "target": "title"},
        },
        {
            "path": "bad.md", "line": 7, "column": 1, "end_line": 7, "end_column": 85,
            "rule": "duplicate-paragraph", "code": "DL001", "severity": "error",
            "message": "Paragraph duplicates the paragraph at line 3",
            "related": [{"path": "bad.md", "line": 3, "column": 1}],
            "data": {"similarity": 100.0},
        },
    ]


def test_json_keys_in_documented_order(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    objects = json.loads(run("check", "--format", "json", "bad.md").stdout)
    assert [list(o) for o in objects] == [["path", "line", "column", "end_line", "end_column", "rule", "code",
                                           "severity", "message", "related", "data"]] * 2


def test_json_clean_is_an_empty_array(work: Path) -> None:
    (work / "clean.md").write_text(CLEAN_MD)
    result = run("check", "--format", "json", "clean.md")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], "")
    assert result.stdout.strip() == "[]"


def test_json_near_duplicate_message_and_multiline_span(work: Path) -> None:
    (work / "near.txt").write_text(
        "The harbour authority dredged the main channel last spring to let larger ships dock.\n\n"
        "The harbour authority dredged the main channel last\nspring to let the larger ships dock.\n"
    )
    [finding] = json.loads(run("check", "--format", "json", "near.txt").stdout)
    assert {k: finding[k] for k in ("line", "column", "end_line", "end_column", "code", "message")} == {
        "line": 3, "column": 1, "end_line": 4, "end_column": 37, "code": "DL001",
        "message": "Paragraph is 97% similar to the paragraph at line 1",
    }


# Rule selection


@pytest.mark.parametrize(
    "args, codes",
    [
        (["--select", "DL001"], ["DL001"]),
        (["--select", "repeated-heading"], ["DL002"]),
        (["--select", "DL001,repeated-heading"], ["DL002", "DL001"]),
        (["--select", "DL001", "--select", "DL002"], ["DL002", "DL001"]),
        (["--select", " DL001 , DL002 "], ["DL002", "DL001"]),
        (["--ignore", "DL001"], ["DL002"]),
        (["--ignore", "repeated-heading"], ["DL001"]),
        (["--ignore", "duplicate-paragraph,DL002"], []),
        (["--select", "ALL", "--ignore", "DL002"], ["DL001"]),
    ],
)
def test_select_and_ignore(work: Path, args: list[str], codes: list[str]) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "--format", "json", *args, "bad.md")
    assert [v["code"] for v in json.loads(result.stdout)] == codes
    assert result.exit_code == (1 if codes else 0)


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--select", "DL01", "unknown rule 'DL01' (did you mean 'DL001'?)"),
        ("--select", "duplicate-paragrap", "unknown rule 'duplicate-paragrap' (did you mean 'duplicate-paragraph'?)"),
        ("--ignore", "repeated-headings", "unknown rule 'repeated-headings' (did you mean 'repeated-heading'?)"),
        ("--select", "DL001,zzzz", "unknown rule 'zzzz'"),
    ],
)
def test_unknown_rule_is_a_usage_error(work: Path, option: str, value: str, message: str) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", option, value, "bad.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


# Rule directories


USER_RULE = """\
id: XX001
name: copied-paragraph
check: duplication
level: warning
message: "Copy of line {first_line}"
description: Reports exact copies only.
similarity: 100
min-length: 10
"""


def test_rules_dir_adds_a_rule(work: Path) -> None:
    (work / "style").mkdir()
    (work / "style" / "copied.yaml").write_text(USER_RULE)
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "--rules", "style", "--select", "copied-paragraph", "bad.md")
    assert result.exit_code == 1
    assert headers(result.stdout) == ["bad.md:7:1: XX001 copied-paragraph Copy of line 3"]
    assert last_line(result.stdout) == "Found 1 violation (1 warning) in 1 file (1 file checked)."
    listed = run("rules", "--rules", "style")
    assert "XX001  copied-paragraph         warning  Reports exact copies only." in listed.stdout.splitlines()


def test_rules_dir_rule_with_builtin_name_replaces_it(work: Path) -> None:
    (work / "style").mkdir()
    (work / "style" / "dl001.yaml").write_text(
        USER_RULE.replace("XX001", "DL001").replace("copied-paragraph", "duplicate-paragraph"))
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "--rules", "style", "bad.md")
    assert headers(result.stdout) == [BAD_MD_HEADERS[0], "bad.md:7:1: DL001 duplicate-paragraph Copy of line 3"]


def test_bad_rule_file_exits_2_with_one_line(work: Path) -> None:
    (work / "style").mkdir()
    (work / "style" / "bad.yaml").write_text(USER_RULE + "similarty: 80\n")
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "--rules", "style", "bad.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    path = os.path.join("style", "bad.yaml")
    assert result.stderr == f"{path}:9: unknown key 'similarty' for a 'duplication' rule (did you mean 'similarity'?)\n"


def test_missing_rules_dir_exits_2(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "--rules", "nope", "bad.md")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "nope: rules directory not found\n")


def test_rules_command_lists_code_name_level(work: Path) -> None:
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert ("DL001  duplicate-paragraph      error    Reports a paragraph that repeats an earlier paragraph of the "
            "same document, exactly or nearly.") in lines
    assert ("DL002  repeated-heading         error    Reports a heading that repeats an earlier sibling heading (same "
            "level, same parent), or that repeats the document's title anywhere.") in lines
    codes = [line.split()[0] for line in lines]
    assert codes == sorted(codes)


def test_version(work: Path) -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"doclint, version {__version__}\n")


# Files that cannot be checked


def test_missing_path_is_reported_and_other_files_still_checked(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "nope.md", "bad.md")
    assert result.exit_code == 2
    assert result.stderr == "nope.md: error: no such file or directory\n"
    assert headers(result.stdout) == BAD_MD_HEADERS
    assert last_line(result.stdout) == ("Found 2 violations (2 errors) in 1 file (1 file checked; 1 file could not be "
                                        "checked).")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(work: Path) -> None:
    locked = work / "locked.md"
    locked.write_text(BAD_MD)
    locked.chmod(0)
    (work / "bad.md").write_text(BAD_MD)
    try:
        result = run("check", "locked.md", "bad.md")
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 2
    assert result.stderr == "locked.md: error: cannot read file: Permission denied\n"
    assert headers(result.stdout) == BAD_MD_HEADERS


def test_read_error_is_one_line_naming_the_file(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Works as root too: the read itself fails the way an unreadable file's does.
    (work / "locked.md").write_text(BAD_MD)
    (work / "bad.md").write_text(BAD_MD)
    real_open = os.open

    def open_file(path, flags, *args):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", open_file)
    result = run("check", "locked.md", "bad.md")
    assert result.exit_code == 2
    assert result.stderr == "locked.md: error: cannot read file: Permission denied\n"
    assert headers(result.stdout) == BAD_MD_HEADERS


def test_directory_named_like_a_file_is_walked_not_read(work: Path) -> None:
    (work / "notes.md").mkdir()
    (work / "notes.md" / "inner.md").write_text(BAD_MD)
    result = run("check", "notes.md")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert headers(result.stdout) == [line.replace("bad.md", os.path.join("notes.md", "inner.md"))
                                      for line in BAD_MD_HEADERS]


def test_undecodable_file_names_line_and_column_of_the_bad_byte(work: Path) -> None:
    (work / "latin1.md").write_bytes(b"# Caf\xc3\xa9\n\nNa\xefve text here.\n")
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "latin1.md", "bad.md")
    assert result.exit_code == 2
    assert result.stderr == "latin1.md:3:3: error: not valid UTF-8 (byte 0xef); save the file as UTF-8\n"
    assert headers(result.stdout) == BAD_MD_HEADERS


def test_undecodable_column_counts_characters_before_the_bad_byte(work: Path) -> None:
    (work / "x.txt").write_bytes("line one\r\nÄÖ€ \xff".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    result = run("check", "x.txt")
    assert result.stderr == "x.txt:2:5: error: not valid UTF-8 (byte 0xff); save the file as UTF-8\n"
    assert result.exit_code == 2


@pytest.mark.parametrize("data, location", [(b"\xef\xbb\xbfab\xffcd\n", "1:3"),
                                            (b"\xef\xbb\xbfline one\nab\xffcd\n", "2:3")])
def test_undecodable_file_with_bom_names_the_bad_byte(work: Path, data: bytes, location: str) -> None:
    (work / "bom.md").write_bytes(data)
    result = run("check", "bom.md")
    assert result.exit_code == 2
    assert result.stderr == f"bom.md:{location}: error: not valid UTF-8 (byte 0xff); save the file as UTF-8\n"


def test_binary_file_named_explicitly_is_an_error(work: Path) -> None:
    (work / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "image.md", "bad.md")
    assert result.exit_code == 2
    assert result.stderr == "image.md: error: binary file (contains NUL bytes)\n"
    assert headers(result.stdout) == BAD_MD_HEADERS


def test_binary_file_found_by_walking_is_skipped_with_a_notice(work: Path) -> None:
    (work / "image.md").write_bytes(b"GIF89a\x00\x01")
    (work / "clean.md").write_text(CLEAN_MD)
    result = run("check", ".")
    assert result.exit_code == 0
    assert result.stderr == "image.md: skipped: binary file (contains NUL bytes)\n"
    assert result.stdout == "All checks passed (1 file checked).\n"


def test_bom_file_is_checked_like_the_same_file_without(work: Path) -> None:
    (work / "bad.md").write_bytes(b"\xef\xbb\xbf" + BAD_MD.replace("\n", "\r\n").encode())
    result = run("check", "bad.md")
    assert headers(result.stdout) == BAD_MD_HEADERS


# Walking directories


def test_walking_picks_document_extensions_and_skips_hidden_vendor_and_ignored(work: Path) -> None:
    for name in ["a.md", "b.markdown", "c.txt", "d.text", "E.MD", "f.rst", "g.html", "docs/h.md",
                 ".hidden/i.md", "node_modules/pkg/j.md", "build/k.md", "docs/drafts/l.md", "docs/m.md"]:
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BAD_MD)
    (work / ".gitignore").write_text("build/\n*.text\n")
    (work / "docs" / ".gitignore").write_text("drafts/\nm.md\n")
    result = run("check", "--format", "json", "--select", "DL001", ".")
    paths = [v["path"] for v in json.loads(result.stdout)]
    assert paths == ["E.MD", "a.md", "b.markdown", "c.txt", os.path.join("docs", "h.md")]


def test_gitignore_negation(work: Path) -> None:
    for name in ["keep.md", "drop.md"]:
        (work / name).write_text(BAD_MD)
    (work / ".gitignore").write_text("*.md\n!keep.md\n")
    result = run("check", "--format", "json", "--select", "DL001", ".")
    assert [v["path"] for v in json.loads(result.stdout)] == ["keep.md"]


def test_walked_paths_are_shown_relative_to_the_given_directory(work: Path) -> None:
    (work / "docs" / "sub").mkdir(parents=True)
    (work / "docs" / "sub" / "a.md").write_text(BAD_MD)
    result = run("check", "--select", "DL001", "docs")
    assert headers(result.stdout) == [f"{os.path.join('docs', 'sub', 'a.md')}:7:1: DL001 duplicate-paragraph "
                                      "Paragraph duplicates the paragraph at line 3"]


def test_explicit_file_with_another_extension_is_checked_as_plain_text(work: Path) -> None:
    # As plain text, '## Harbour news' is a title-like line, not a Markdown heading: column 1, text kept. (DL007
    # rightly calls its '#' markers residue in plain text; this test is about the duplicate checks.)
    (work / "notes.rst").write_text(BAD_MD)
    result = run("check", "--select", "DL001,DL002", "notes.rst")
    assert result.exit_code == 1
    assert headers(result.stdout) == [
        "notes.rst:5:1: DL002 repeated-heading Heading '## Harbour news' repeats the title at line 1",
        "notes.rst:7:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3",
    ]


def test_same_file_named_twice_is_checked_once(work: Path) -> None:
    (work / "bad.md").write_text(BAD_MD)
    result = run("check", "bad.md", ".", "./bad.md")
    assert headers(result.stdout) == BAD_MD_HEADERS
    assert last_line(result.stdout) == "Found 2 violations (2 errors) in 1 file (1 file checked)."


# Plain-text paragraph mode

LINES_DOC = """\
Ferry timetable changes
The morning ferry will leave at seven.
Season tickets stay valid until the end of the year.
The morning ferry will leave at seven instead of half past six from Monday, the operator said today.
The morning ferry will leave at seven instead of half past six from Monday, the operator said today.
"""


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("auto", ["ferry.txt:5:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 4"]),
        ("lines", ["ferry.txt:5:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 4"]),
        ("blank-lines", []),
    ],
)
def test_paragraph_mode(work: Path, mode: str, expected: list[str]) -> None:
    (work / "ferry.txt").write_text(LINES_DOC)
    result = run("check", "--select", "DL001", "--paragraph-mode", mode, "ferry.txt")
    assert headers(result.stdout) == expected
    assert result.exit_code == (1 if expected else 0)


def test_paragraph_mode_blank_lines_joins_hard_wrapped_lines(work: Path) -> None:
    text = ("The morning ferry will leave at seven instead of half past six.\nSeason tickets stay valid.\n\n"
            "The morning ferry will leave at seven instead of half past six.\nSeason tickets stay valid.\n")
    (work / "ferry.txt").write_text(text)
    forced = run("check", "--select", "DL001", "--paragraph-mode", "blank-lines", "ferry.txt")
    assert headers(forced.stdout) == ["ferry.txt:4:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph "
                                      "at line 1"]
    lines = run("check", "--select", "DL001", "--paragraph-mode", "lines", "ferry.txt")
    assert headers(lines.stdout) == ["ferry.txt:4:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph "
                                     "at line 1"]


def test_paragraph_mode_rejects_unknown_value(work: Path) -> None:
    result = run("check", "--paragraph-mode", "sentences", ".")
    assert result.exit_code == 2
    assert "Invalid value for '--paragraph-mode'" in result.stderr


# The console entry point, in a subprocess


def run_module(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "doclint", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def test_module_bad_rule_file_is_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "r.yaml").write_text(USER_RULE.replace("level: warning", "level: warn"))
    (tmp_path / "bad.md").write_text(BAD_MD)
    done = run_module(tmp_path, "check", "--rules", "style", "bad.md")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (f"{os.path.join('style', 'r.yaml')}:4: level 'warn' must be one of error, warning, info "
                           "(did you mean 'warning'?)\n")


def test_module_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "r.yaml").write_text(USER_RULE.replace("check: duplication", "check: [duplication"))
    done = run_module(tmp_path, "rules", "--rules", "style")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"{os.path.join('style', 'r.yaml')}:4: invalid YAML: ")


def test_module_unknown_select_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BAD_MD)
    done = run_module(tmp_path, "check", "--select", "DL01", "bad.md")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == "Error: unknown rule 'DL01' (did you mean 'DL001'?)"


def test_module_findings_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BAD_MD)
    done = run_module(tmp_path, "check", "bad.md", "gone.txt")
    assert done.returncode == 2
    assert done.stderr == "gone.txt: error: no such file or directory\n"
    assert headers(done.stdout) == BAD_MD_HEADERS


def test_module_violations_exit_1_and_clean_exit_0(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BAD_MD)
    (tmp_path / "clean.md").write_text(CLEAN_MD)
    bad = run_module(tmp_path, "check", "--format", "json", "bad.md")
    assert (bad.returncode, [v["code"] for v in json.loads(bad.stdout)], bad.stderr) == (1, ["DL002", "DL001"], "")
    clean = run_module(tmp_path, "check", "clean.md")
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "All checks passed (1 file checked).\n", "")


def test_module_version(tmp_path: Path) -> None:
    done = run_module(tmp_path, "--version")
    assert (done.returncode, done.stdout) == (0, f"doclint, version {__version__}\n")


def test_broken_rule_directory_is_an_error_even_with_nothing_to_check(tmp_path: Path, monkeypatch) -> None:
    rules = tmp_path / "styles"
    rules.mkdir()
    (rules / "x.yaml").write_text(
        "id: HS002\nname: house-spelling\ncheck: substitution\nlevel: warn\nmessage: m\ndescription: d\n"
        "swap: {utilize: use}\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--rules", "styles", "empty"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"{Path('styles') / 'x.yaml'}:4: level 'warn' must be one of error, warning, info (did you mean 'warning'?)")
