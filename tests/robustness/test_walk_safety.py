"""Walking a repository doclint does not control: symbolic links leading out of the checked directory are not
followed (a committed ``notes.txt -> /etc/passwd`` plus a rule whose message is ``{match}`` printed password
lines), an unreadable .gitignore is an error and its directory is not checked (what it ignores is unknown), and a
tree thousands of levels deep is walked without recursion.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from unprivileged import IS_ROOT, NOBODY, as_user, cli_in, needs_posix, reachable_directory

P = "The harbour authority dredged the main channel last spring to let larger ships dock."
BAD = f"# Harbour news\n\n{P}\n\n{P}\n\nThe end.\n"
ECHO_RULE = """\
id: XS001
name: echo
check: existence
level: warning
message: "Found {match}"
description: Prints what it matches, as a hostile repository's rule could.
patterns: ['root:\\S*']
examples:
  fail: ["root:x:0:0"]
  pass: ["A dog."]
"""


def check(*args: str):  # type: ignore[no-untyped-def]
    return run_cli("check", "--isolated", "--format", "concise", *args)


@needs_posix
def test_a_walked_link_to_a_file_outside_the_checked_directory_is_skipped_with_a_notice(tmp_path: Path,
                                                                                        monkeypatch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    repository = tmp_path / "repository"
    (repository / "style").mkdir(parents=True)
    (repository / "style" / "echo.yaml").write_text(ECHO_RULE)
    (repository / "notes.txt").symlink_to(outside / "passwd")
    (repository / "relative.md").symlink_to("../outside/passwd")
    (repository / "fine.md").write_text("Nothing to see.\n")
    monkeypatch.chdir(repository)
    result = check("--rules", "style", ".")
    assert "root:" not in result.stdout + result.stderr
    assert result.stderr == ("notes.txt: skipped: symbolic link to a file outside the checked directory; not followed\n"
                             "relative.md: skipped: symbolic link to a file outside the checked directory; not "
                             "followed\n")
    assert (result.exit_code, result.stdout) == (0, "All checks passed (1 file checked).\n")


@needs_posix
def test_a_fix_never_writes_through_a_link_leading_outside(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "outside.md").write_text(BAD)
    (tmp_path / "repository").mkdir()
    (tmp_path / "repository" / "a.md").symlink_to(tmp_path / "outside.md")
    monkeypatch.chdir(tmp_path / "repository")
    result = check("--fix", ".")
    assert (tmp_path / "outside.md").read_text() == BAD
    assert (tmp_path / "repository" / "a.md").is_symlink()
    assert result.stderr == "a.md: skipped: symbolic link to a file outside the checked directory; not followed\n"


@needs_posix
def test_links_inside_the_checked_directory_are_followed(work: Path) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "guide.md").write_text(BAD)
    (work / "shortcut.md").symlink_to("docs/guide.md")
    (work / "docs" / "self.md").symlink_to("../shortcut.md")  # a chain that stays inside
    result = check(".")
    assert result.stderr == ""
    assert result.stdout.splitlines()[:3] == [
        "docs/guide.md:5:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3",
        "docs/self.md:5:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3",
        "shortcut.md:5:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3",
    ]


@needs_posix
def test_a_link_that_leads_outside_the_named_directory_but_inside_the_repository_is_skipped(work: Path) -> None:
    """The boundary is the directory being checked: `doclint check docs` reads nothing beside docs/."""
    (work / "docs").mkdir()
    (work / "README.md").write_text(BAD)
    (work / "docs" / "readme.md").symlink_to("../README.md")
    result = check("docs")
    assert result.stderr == ("docs/readme.md: skipped: symbolic link to a file outside the checked directory; not "
                             "followed\n")
    assert result.exit_code == 0


@needs_posix
def test_a_gitignore_that_links_outside_is_not_read(work: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "secrets"
    elsewhere.write_text("[z-a]password=hunter2\n")  # a line the walker would quote as an invalid pattern
    (work / ".gitignore").symlink_to(elsewhere)
    (work / "a.md").write_text("Fine.\n")
    result = check(".")
    assert "hunter2" not in result.stderr
    assert result.stderr == ".gitignore: skipped: symbolic link to a file outside the checked directory; not read\n"


@needs_posix
def test_an_unreadable_gitignore_is_an_error_and_nothing_it_might_ignore_is_checked_or_fixed() -> None:
    """Checking (and fixing) files the user excluded would be worse than checking nothing there."""
    with reachable_directory() as directory:
        (directory / "docs").mkdir()
        (directory / "docs" / "generated.md").write_text(BAD)
        (directory / "docs" / "sub").mkdir()
        (directory / "docs" / "sub" / "deep.md").write_text(BAD)
        (directory / "docs" / ".gitignore").write_text("generated.md\n")
        (directory / "docs" / ".gitignore").chmod(0)
        (directory / "top.md").write_text(BAD)
        if IS_ROOT:  # the files belong to the user who runs the check, as in a real checkout
            for path in [*directory.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
        code, stdout, stderr = as_user(cli_in, directory, "check", "--isolated", "--format", "concise", "--fix", ".")
        assert stderr == ("docs/.gitignore: error: cannot read file: Permission denied; nothing in its directory was "
                          "checked, since what it ignores is unknown\nFixed 1 violation in 1 file.\n")
        assert (code, stdout.count("DL001"), "(1 file checked" in stdout) == (2, 0, True)  # top.md, fixed
        assert (directory / "docs" / "generated.md").read_text() == BAD
        assert (directory / "docs" / "sub" / "deep.md").read_text() == BAD


def test_a_tree_a_thousand_levels_deep_is_walked(work: Path) -> None:
    deepest = work
    for _ in range(1000):  # one level at a time: pathlib's mkdir(parents=True) itself recurses
        deepest = deepest / "d"
        deepest.mkdir()
    (deepest / "bottom.md").write_text(BAD)
    (work / "top.md").write_text("Fine.\n")
    try:
        result = check(".")
    finally:  # bottom up: pytest's own clean-up (shutil.rmtree) recurses once per level
        (deepest / "bottom.md").unlink()
        while deepest != work:
            deepest.rmdir()
            deepest = deepest.parent
    shown = os.path.join(*["d"] * 1000, "bottom.md")
    assert result.stdout.splitlines()[0] == (f"{shown}:5:1: DL001 duplicate-paragraph Paragraph duplicates the "
                                             "paragraph at line 3")
    assert result.stdout.splitlines()[-1] == "Found 1 violation (1 error) in 1 file (2 files checked)."


def test_walking_order_is_unchanged_depth_first_and_sorted(work: Path) -> None:
    for name in ("b/z.md", "b/a/y.md", "a.md", "c.md", "b.md", "b/a.md", "a/x.md"):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text("Fine.\n")
    from doclint.files import discover

    files, problems = discover(["."])
    assert ([source.display for source in files], problems) == (
        ["a.md", "b.md", "c.md", "a/x.md", "b/a.md", "b/z.md", "b/a/y.md"], [])
