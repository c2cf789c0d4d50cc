"""--fix and --diff: only safe fixes (exact duplicate paragraphs, exactly repeated headings, substitution swaps),
applied atomically with BOM and line endings kept and no other byte changed; idempotent; --diff writes nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import run_cli
from samples import HARBOUR as P

from doclint.run import check_paths
from doclint.settings import CheckOptions

NEAR = "The harbour authority dredged the main channel last spring to let the larger ships dock."
BAD_MD = f"# Harbour news\n\n{P}\n\n## Harbour news\n\n{P}\n\nThe end.\n"
FIXED_MD = f"# Harbour news\n\n{P}\n\nThe end.\n"

SUBSTITUTION_RULE = """\
id: XS001
name: house-words
check: substitution
level: warning
message: "Write '{replacement}' instead of '{match}'"
description: House spellings.
swap:
  utilize: use
  web site: website
  in order to: to
examples:
  fail:
    - "Utilize the web site."
  pass:
    - "Use the website."
"""


@pytest.fixture
def work(work: Path) -> Path:  # the shared working directory, with this module's files
    (work / "style").mkdir()
    (work / "style" / "sub.yaml").write_text(SUBSTITUTION_RULE, encoding="utf-8")
    return work


run = run_cli


def fix(work: Path, name: str, data: bytes, *args: str):  # type: ignore[no-untyped-def]
    (work / name).write_bytes(data)
    return run("check", "--format", "concise", *args, "--fix", name)


# What is fixed


def test_fix_removes_exact_duplicate_paragraph_and_repeated_heading(work: Path) -> None:
    result = fix(work, "a.md", BAD_MD.encode())
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "All checks passed (1 file checked).\n", "Fixed 2 violations in 1 file.\n")
    assert (work / "a.md").read_bytes() == FIXED_MD.encode()


def test_fix_removes_every_later_copy(work: Path) -> None:
    result = fix(work, "a.md", f"# News\n\n{P}\n\n{P}\n\nMiddle.\n\n{P}\n".encode())
    assert result.exit_code == 0
    assert result.stderr == "Fixed 2 violations in 1 file.\n"
    assert (work / "a.md").read_text() == f"# News\n\n{P}\n\nMiddle.\n"


def test_fix_removes_a_rewrapped_exact_copy(work: Path) -> None:
    wrapped = "The harbour authority dredged the main\nchannel last spring to let larger ships dock."
    fix(work, "a.md", f"# News\n\n{P}\n\n{wrapped}\n\nEnd.\n".encode())
    assert (work / "a.md").read_text() == f"# News\n\n{P}\n\nEnd.\n"


def test_fix_removes_a_repeated_setext_heading_with_its_underline(work: Path) -> None:
    text = "Harbour news\n============\n\nIntro.\n\nSection\n-------\n\nText.\n\nSection\n-------\n\nMore.\n"
    result = fix(work, "a.md", text.encode())
    assert result.exit_code == 0
    assert (work / "a.md").read_text() == "Harbour news\n============\n\nIntro.\n\nSection\n-------\n\nText.\n\nMore.\n"


def test_fix_removes_repeated_plain_text_title(work: Path) -> None:
    text = f"Harbour news\n\n{P}\n\nHarbour news\n\nSeason tickets stay valid.\n"
    result = fix(work, "a.txt", text.encode())
    assert result.exit_code == 0
    assert (work / "a.txt").read_text() == f"Harbour news\n\n{P}\n\nSeason tickets stay valid.\n"


def test_fix_applies_substitutions_keeping_case(work: Path) -> None:
    text = "# News\n\nUtilize the web site in order\nto read the news. We utilize nothing.\n"
    result = fix(work, "a.md", text.encode(), "--rules", "style", "--select", "XS001")
    assert (result.exit_code, result.stderr) == (0, "Fixed 4 violations in 1 file.\n")
    assert (work / "a.md").read_text() == "# News\n\nUse the website to read the news. We use nothing.\n"


def test_fix_does_not_touch_code(work: Path) -> None:
    text = f"# News\n\nWe utilize it.\n\n```\nutilize\n```\n\n    {P}\n\n    {P}\n"
    result = fix(work, "a.md", text.encode(), "--rules", "style")
    assert result.exit_code == 0
    assert (work / "a.md").read_text() == text.replace("We utilize", "We use")


def test_near_duplicates_are_reported_never_changed(work: Path) -> None:
    text = f"# Harbour news\n\n{P}\n\n{P}\n\n{NEAR}\n"
    result = fix(work, "a.md", text.encode())
    # The exact copy is removed; the near copy stays and is reported at its new line, and fails the run.
    assert (work / "a.md").read_text() == f"# Harbour news\n\n{P}\n\n{NEAR}\n"
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "a.md:5:1: DL001 duplicate-paragraph Paragraph is 97% similar to the paragraph at line 3",
        "Found 1 violation (1 error) in 1 file (1 file checked).",
    ]
    assert result.stderr == "Fixed 1 violation in 1 file.\n"


def test_unfixable_findings_leave_the_file_alone(work: Path) -> None:
    # A duplicate list item shares its line with the list marker: no safe deletion.
    text = f"# News\n\n- {P}\n- {P}\n"
    result = fix(work, "a.md", text.encode())
    assert (work / "a.md").read_text() == text
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == ("a.md:4:3: DL001 duplicate-paragraph Paragraph duplicates the "
                                             "paragraph at line 3")


def test_claims_are_never_changed(work: Path) -> None:
    text = "# News\n\nExperts agree that the new dam will transform the region.\n"
    result = fix(work, "a.md", text.encode())
    assert (work / "a.md").read_text() == text
    assert result.exit_code == 1


def test_suppressed_findings_are_not_fixed(work: Path) -> None:
    text = f"# Harbour news\n\n{P}\n\n<!-- doclint-disable-next-line DL001 -->\n{P}\n"
    result = fix(work, "a.md", text.encode())
    assert (work / "a.md").read_text() == text
    assert (result.exit_code, result.stdout) == (0, "All checks passed (1 file checked).\n")


def test_only_selected_rules_are_fixed(work: Path) -> None:
    result = fix(work, "a.md", BAD_MD.encode(), "--select", "DL002")
    assert (work / "a.md").read_text() == f"# Harbour news\n\n{P}\n\n{P}\n\nThe end.\n"
    assert result.exit_code == 0
    assert result.stderr == "Fixed 1 violation in 1 file.\n"


# Bytes: BOM, line endings, nothing else


@pytest.mark.parametrize(
    "before, after",
    [
        # CRLF and a BOM
        ("\ufeff# Harbour news\r\n\r\n{P}\r\n\r\n## Harbour news\r\n\r\n{P}\r\n\r\nThe end.\r\n",
         "\ufeff# Harbour news\r\n\r\n{P}\r\n\r\nThe end.\r\n"),
        # no final newline
        ("# Harbour news\n\n{P}\n\n{P}", "# Harbour news\n\n{P}\n"),
        ("# Harbour news\r\n\r\n{P}\r\n\r\n{P}", "# Harbour news\r\n\r\n{P}\r\n"),
        # mixed line endings: each kept as it was
        ("# Harbour news\r\n\r\n{P}\n\n{P}\r\n\r\nEnd.\n", "# Harbour news\r\n\r\n{P}\n\nEnd.\n"),
        # trailing whitespace on the deleted lines goes with them, nothing else does
        ("# News  \n\n{P}\n\n{P}   \n\t\nEnd. \n", "# News  \n\n{P}\n\nEnd. \n"),
        # non-ASCII text around the fix
        ("# Hafen – Nachrichten\n\nÄrger über „Lärm“.\n\n{P}\n\n{P}\n\nÉté ☀\n",
         "# Hafen – Nachrichten\n\nÄrger über „Lärm“.\n\n{P}\n\nÉté ☀\n"),
    ],
    ids=["crlf-bom", "no-eol", "crlf-no-eol", "mixed", "whitespace", "unicode"],
)
def test_fix_changes_no_other_byte(work: Path, before: str, after: str) -> None:
    result = fix(work, "a.md", before.format(P=P).encode("utf-8"))
    assert result.exit_code == 0
    assert (work / "a.md").read_bytes() == after.format(P=P).encode("utf-8")


def test_fix_keeps_old_mac_line_endings(work: Path) -> None:
    result = fix(work, "a.txt", f"Harbour news\r\r{P}\r\r{P}\r".encode())
    assert result.exit_code == 0
    assert (work / "a.txt").read_bytes() == f"Harbour news\r\r{P}\r".encode()


def test_substitution_with_crlf_and_bom(work: Path) -> None:
    before = "\ufeff# News\r\n\r\nUtilize the web site.\r\nWe utilize it.\r\n\r\n```\r\nutilize\r\n```\r\n"
    result = fix(work, "a.md", before.encode(), "--rules", "style", "--select", "XS001")
    assert result.exit_code == 0
    assert (work / "a.md").read_bytes() == before.replace("Utilize the web site", "Use the website").replace(
        "We utilize", "We use").encode()


def test_second_fix_changes_nothing_and_does_not_rewrite(work: Path) -> None:
    data = ("\ufeff# Harbour news\r\n\r\n" + f"{P}\r\n\r\n" * 3 + "## Harbour news\r\n\r\nWe utilize it.\r\n").encode()
    first = fix(work, "a.md", data, "--rules", "style")
    assert first.exit_code == 0
    after_first = (work / "a.md").read_bytes()
    assert after_first == f"\ufeff# Harbour news\r\n\r\n{P}\r\n\r\nWe use it.\r\n".encode()
    inode = (work / "a.md").stat().st_ino
    second = run("check", "--rules", "style", "--fix", "a.md")
    assert (second.exit_code, second.stdout, second.stderr) == (0, "All checks passed (1 file checked).\n", "")
    assert (work / "a.md").read_bytes() == after_first
    assert (work / "a.md").stat().st_ino == inode  # not even rewritten with the same bytes


def test_fix_keeps_permissions_and_leaves_no_temporary_file(work: Path) -> None:
    path = work / "a.md"
    path.write_text(BAD_MD)
    path.chmod(0o640)
    run("check", "--fix", "a.md")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == FIXED_MD
    assert sorted(p.name for p in work.iterdir()) == ["a.md", "style"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(work: Path) -> None:
    (work / "real.md").write_text(BAD_MD)
    (work / "link.md").symlink_to("real.md")
    result = run("check", "--fix", "link.md")
    assert result.exit_code == 0
    assert (work / "link.md").is_symlink()
    assert (work / "real.md").read_text() == FIXED_MD


def test_fix_in_many_files_with_worker_processes(work: Path) -> None:
    for number in range(20):
        (work / f"f{number:02}.md").write_text(BAD_MD.replace("Harbour news", f"Harbour news {number}"))
    result = run("check", "--fix", "--jobs", "2", ".")
    assert (result.exit_code, result.stderr) == (0, "Fixed 40 violations in 20 files.\n")
    assert all((work / f"f{n:02}.md").read_text() == FIXED_MD.replace("Harbour news", f"Harbour news {n}")
               for n in range(20))


def test_excluded_files_are_not_fixed(work: Path) -> None:
    (work / ".doclint.yaml").write_text('exclude: ["drafts/"]\n')
    (work / "drafts").mkdir()
    (work / "drafts" / "a.md").write_text(BAD_MD)
    (work / "b.md").write_text(BAD_MD)
    result = run("check", "--fix", ".")
    assert result.exit_code == 0
    assert (work / "drafts" / "a.md").read_text() == BAD_MD
    assert (work / "b.md").read_text() == FIXED_MD


# --diff


def test_diff_prints_a_unified_diff_and_writes_nothing(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    (work / "b.md").write_text(BAD_MD)
    result = run("check", "--diff", "a.md", "b.md")
    one = ("--- a/{name}\n+++ b/{name}\n@@ -2,8 +2,4 @@\n \n " + P + "\n \n-## Harbour news\n-\n-" + P + "\n-\n"
           " The end.\n")
    assert result.stdout == one.format(name="a.md") + one.format(name="b.md")
    assert (result.exit_code, result.stderr) == (1, "Would fix 4 violations in 2 files; 0 violations would remain.\n")
    assert (work / "a.md").read_text() == BAD_MD
    assert (work / "b.md").read_text() == BAD_MD


def test_diff_wins_over_fix(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    result = run("check", "--fix", "--diff", "a.md")
    assert result.stdout.startswith("--- a/a.md\n+++ b/a.md\n")
    assert (work / "a.md").read_text() == BAD_MD


def test_diff_of_a_crlf_bom_file_keeps_its_line_endings_and_writes_nothing(work: Path) -> None:
    data = f"\ufeff# Harbour news\r\n\r\n{P}\r\n\r\n{P}\r\n".encode()
    (work / "a.md").write_bytes(data)
    result = run("check", "--diff", "a.md")
    # (click's Result.stdout turns CRLF into LF; the bytes show what was written)
    assert result.stdout_bytes == (f"--- a/a.md\n+++ b/a.md\n@@ -1,5 +1,3 @@\n # Harbour news\r\n \r\n {P}\r\n"
                                   f"-\r\n-{P}\r\n").encode()
    assert (work / "a.md").read_bytes() == data


def test_diff_is_empty_for_a_clean_file(work: Path) -> None:
    (work / "a.md").write_text(FIXED_MD)
    result = run("check", "--diff", "a.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_diff_with_exit_zero(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    result = run("check", "--diff", "--exit-zero", "a.md")
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/a.md\n")


def test_diff_of_a_file_without_final_newline_is_well_formed(work: Path) -> None:
    (work / "u.md").write_text("# News\n\nWe utilize it")
    (work / "v.md").write_text("# News\n\nWe utilize that.\n")
    result = run("check", "--rules", "style", "--diff", "u.md", "v.md")
    assert result.stdout == (
        "--- a/u.md\n+++ b/u.md\n@@ -1,3 +1,3 @@\n # News\n \n-We utilize it\n\\ No newline at end of file\n"
        "+We use it\n\\ No newline at end of file\n"
        "--- a/v.md\n+++ b/v.md\n@@ -1,3 +1,3 @@\n # News\n \n-We utilize that.\n+We use that.\n"
    )


# The API


def test_check_paths_fix_modes(work: Path) -> None:
    (work / "a.md").write_text(BAD_MD)
    diff = check_paths(["a.md"], options=CheckOptions(isolated=True), fix_mode="diff")
    assert (diff.fixes_applied, len(diff.diffs), diff.violations) == (2, 1, ())
    assert (work / "a.md").read_text() == BAD_MD
    applied = check_paths(["a.md"], options=CheckOptions(isolated=True), fix_mode="apply")
    assert (applied.fixes_applied, applied.diffs, applied.violations) == (2, diff.diffs, ())
    assert (work / "a.md").read_text() == FIXED_MD
    again = check_paths(["a.md"], options=CheckOptions(isolated=True), fix_mode="apply")
    assert (again.fixes_applied, again.diffs) == (0, ())
