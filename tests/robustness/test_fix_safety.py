"""--fix never loses a byte: edits made while doclint checks a file survive; a file keeps what it is (symbolic
link, hard links, owner, group, mode, extended attributes, read-only); the write is flushed to disk around the
rename; a run killed at the rename leaves nothing behind for good; names of 255 bytes can be fixed.

These tests use real links, real permissions (as an ordinary user when the suite runs as root, see
``unprivileged``), real processes and a real SIGKILL.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from unprivileged import IS_ROOT, as_user, cli_in, needs_posix, reachable_directory

import doclint.engine
import doclint.fixes

P = "The harbour authority dredged the main channel last spring to let larger ships dock."
BAD = f"# Harbour news\n\n{P}\n\n{P}\n\nThe end.\n"
FIXED = f"# Harbour news\n\n{P}\n\nThe end.\n"
DUPLICATE = "a.md:5:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 3\n"


def fix(*paths: str):  # type: ignore[no-untyped-def]
    return run_cli("check", "--isolated", "--format", "concise", "--fix", *paths)


def hidden(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir() if path.name.startswith("."))


# 1. Edits made between the read and the rename


def test_an_append_by_another_process_during_the_check_is_kept(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process appends to the file while doclint checks it: the append survives, the fix waits."""
    document = work / "a.md"
    filler = "".join(f"Paragraph number {n} of the long harbour report.\n\n" for n in range(3000))
    document.write_text(BAD + filler)
    real_parse = doclint.engine.parse_document
    appended: list[bool] = []

    def parse_and_let_another_process_write(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not appended:  # the first parse: doclint has read the file and is checking it
            subprocess.run([sys.executable, "-c", "import sys; open(sys.argv[1], 'ab').write(b'Appended.\\n')",
                            str(document)], check=True)
            appended.append(True)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(doclint.engine, "parse_document", parse_and_let_another_process_write)
    result = fix("a.md")
    assert document.read_text() == BAD + filler + "Appended.\n"
    assert result.stderr == "a.md: skipped: not fixed: the file changed after doclint read it; run doclint again\n"
    assert (result.exit_code, result.stdout.splitlines()[0] + "\n") == (1, DUPLICATE)
    assert hidden(work) == []


def test_an_edit_keeping_size_and_modification_time_is_noticed(tmp_path: Path) -> None:
    """The content hash catches what size and mtime miss (a same-length edit, the timestamp put back)."""
    document = tmp_path / "a.md"
    document.write_text(BAD)
    with document.open("rb") as handle:
        snapshot = doclint.fixes.Snapshot.of(handle.read(), os.fstat(handle.fileno()))
    before = document.stat()
    document.write_text(BAD.replace("harbour", "HARBOUR", 1))
    os.utime(document, ns=(before.st_atime_ns, before.st_mtime_ns))
    outcome = doclint.fixes.write_fixed(document, snapshot, FIXED, bom=False)
    assert (outcome.status, outcome.reason) == (
        "skipped", "not fixed: the file changed after doclint read it; run doclint again")
    assert document.read_text() == BAD.replace("harbour", "HARBOUR", 1)


def test_a_file_replaced_by_an_identical_copy_is_not_written_over(tmp_path: Path) -> None:
    """An editor that saves by rename makes a new file: what was read is gone, even with the same bytes."""
    document = tmp_path / "a.md"
    document.write_text(BAD)
    with document.open("rb") as handle:
        snapshot = doclint.fixes.Snapshot.of(handle.read(), os.fstat(handle.fileno()))
    (tmp_path / "copy").write_text(BAD)
    os.replace(tmp_path / "copy", document)
    assert doclint.fixes.write_fixed(document, snapshot, FIXED, bom=False).status == "skipped"
    assert document.read_text() == BAD


def test_the_file_is_compared_again_after_the_temporary_file_is_written(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A change while the new text is being written (a large file, a slow disk) is caught too."""
    document = tmp_path / "a.md"
    document.write_text(BAD)
    with document.open("rb") as handle:
        snapshot = doclint.fixes.Snapshot.of(handle.read(), os.fstat(handle.fileno()))
    real_fsync = os.fsync

    def fsync_while_someone_appends(descriptor: int) -> None:
        real_fsync(descriptor)
        if stat.S_ISREG(os.fstat(descriptor).st_mode) and not document.read_text().endswith("Late.\n"):
            with document.open("a") as late:
                late.write("Late.\n")

    monkeypatch.setattr(doclint.fixes.os, "fsync", fsync_while_someone_appends)
    assert doclint.fixes.write_fixed(document, snapshot, FIXED, bom=False).status == "skipped"
    assert document.read_text() == BAD + "Late.\n"
    assert hidden(tmp_path) == []


# 2. Identity: links, owner, mode, extended attributes, permissions


@needs_posix
def test_a_walked_symbolic_link_stays_a_link_and_its_target_is_fixed(work: Path) -> None:
    (work / "real.md").write_text(BAD)
    (work / "link.md").symlink_to("real.md")
    result = fix(".")
    # link.md comes first and is fixed through; real.md is then read already fixed.
    assert (result.exit_code, result.stderr) == (0, "Fixed 1 violation in 1 file.\n")
    assert (work / "link.md").is_symlink() and os.readlink(work / "link.md") == "real.md"
    assert (work / "real.md").read_text() == FIXED
    assert hidden(work) == []


@needs_posix
def test_a_link_named_on_the_command_line_is_fixed_through(work: Path) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "real.md").write_text(BAD)
    (work / "a.md").symlink_to("docs/real.md")
    result = fix("a.md")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "All checks passed (1 file checked).\n", "Fixed 1 violation in 1 file.\n")
    assert (work / "a.md").is_symlink() and (work / "docs" / "real.md").read_text() == FIXED


@needs_posix
def test_a_hard_linked_file_is_not_fixed_so_its_names_stay_one_file(work: Path) -> None:
    (work / "a.md").write_text(BAD)
    os.link(work / "a.md", work / "other-name.txt")
    result = fix("a.md")
    assert result.stderr == ("a.md: skipped: not fixed: the file has 2 hard links, and rewriting it would separate "
                             "them\n")
    assert (result.exit_code, result.stdout.splitlines()[0] + "\n") == (1, DUPLICATE)
    assert (work / "a.md").read_text() == (work / "other-name.txt").read_text() == BAD
    assert (work / "a.md").stat().st_ino == (work / "other-name.txt").stat().st_ino


@needs_posix
def test_mode_is_kept(work: Path) -> None:
    (work / "a.md").write_text(BAD)
    (work / "a.md").chmod(0o640)
    assert fix("a.md").exit_code == 0
    assert stat.S_IMODE((work / "a.md").stat().st_mode) == 0o640


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another owner needs root")
def test_owner_and_group_are_kept(work: Path) -> None:
    (work / "a.md").write_text(BAD)
    os.chown(work / "a.md", 4321, 8765)
    assert fix("a.md").exit_code == 0
    info = (work / "a.md").stat()
    assert ((info.st_uid, info.st_gid), (work / "a.md").read_text()) == ((4321, 8765), FIXED)


def test_extended_attributes_are_kept(work: Path) -> None:
    (work / "a.md").write_text(BAD)
    try:
        os.setxattr(work / "a.md", "user.doclint.origin", b"imported from the wiki")
    except (AttributeError, OSError) as error:
        if isinstance(error, OSError) and error.errno not in (errno.ENOTSUP, errno.EPERM):
            raise
        pytest.skip("this file system keeps no user extended attributes")
    assert fix("a.md").exit_code == 0
    assert (work / "a.md").read_text() == FIXED
    assert os.getxattr(work / "a.md", "user.doclint.origin") == b"imported from the wiki"


@needs_posix
def test_a_read_only_file_is_not_fixed(work: Path) -> None:
    """Mode 0444 says 'do not change me', whoever runs doclint (root included)."""
    (work / "a.md").write_text(BAD)
    (work / "a.md").chmod(0o444)
    result = fix("a.md")
    assert result.stderr == "a.md: skipped: not fixed: the file is read-only (mode 0444)\n"
    assert (result.exit_code, (work / "a.md").read_text()) == (1, BAD)
    assert stat.S_IMODE((work / "a.md").stat().st_mode) == 0o444


@needs_posix
def test_a_file_the_user_cannot_write_is_not_replaced_although_its_directory_is_writable() -> None:
    with reachable_directory() as directory:
        (directory / "a.md").write_text(BAD)
        # Root runs the check as nobody, for whom the root-owned 0644 file is read-only. Anyone else runs it as
        # themselves on a file whose owner bits forbid writing while the others' allow it.
        (directory / "a.md").chmod(0o644 if IS_ROOT else 0o466)
        code, stdout, stderr = as_user(cli_in, directory, "check", "--isolated", "--format", "concise", "--fix",
                                       "a.md")
        assert stderr == "a.md: skipped: not fixed: you do not have permission to write the file\n"
        assert (code, stdout.splitlines()[0] + "\n") == (1, DUPLICATE)
        assert (directory / "a.md").read_text() == BAD
        assert (directory / "a.md").stat().st_uid == (0 if IS_ROOT else os.getuid())
        assert hidden(directory) == []


@pytest.mark.skipif(not IS_ROOT, reason="a file of another user needs root to set up")
def test_a_writable_file_of_another_user_is_not_taken_over() -> None:
    """Anyone may write the root-owned 0666 file; a rewritten copy would belong to the user running doclint."""
    with reachable_directory() as directory:
        (directory / "a.md").write_text(BAD)
        (directory / "a.md").chmod(0o666)
        code, _, stderr = as_user(cli_in, directory, "check", "--isolated", "--format", "concise", "--fix", "a.md")
        assert stderr == ("a.md: skipped: not fixed: the file belongs to user 0 and group 0, which a rewritten copy "
                          "could not keep\n")
        info = (directory / "a.md").stat()
        assert (code, info.st_uid, (directory / "a.md").read_text()) == (1, 0, BAD)
        assert hidden(directory) == []


# 4. Durability, a kill at the rename, long names


def test_the_temporary_file_and_the_directory_are_flushed_around_the_rename(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    document = tmp_path / "a.md"
    document.write_text(BAD)
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append("fsync directory" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "fsync file")
        real_fsync(descriptor)

    def replace(source: str, target: str) -> None:
        events.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    doclint.fixes.write_atomically(document, FIXED, bom=False)
    assert events == ["fsync file", "rename", "fsync directory"]
    assert document.read_text() == FIXED


KILL_AT_RENAME = """
import os, signal, sys
import doclint.cli
real_replace = os.replace
def replace(source, target):
    if str(target).endswith("a.md"):
        os.kill(os.getpid(), signal.SIGKILL)  # killed exactly at the rename
    real_replace(source, target)
os.replace = replace
sys.argv = ["doclint", "check", "--isolated", "--fix", "a.md"]
doclint.cli.main()
"""


@needs_posix
@pytest.mark.parametrize("then", ["fix again", "edit the file clean, then check with --fix"])
def test_a_run_killed_at_the_rename_leaves_no_temporary_file_for_good(tmp_path: Path, then: str) -> None:
    document = tmp_path / "a.md"
    document.write_text(BAD)
    killed = subprocess.run([sys.executable, "-c", KILL_AT_RENAME], cwd=tmp_path, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert document.read_text() == BAD  # the old text, whole
    assert len(hidden(tmp_path)) == 1  # the temporary file the killed run left
    if then == "edit the file clean, then check with --fix":
        document.write_text(FIXED)
    again = subprocess.run([sys.executable, "-m", "doclint", "check", "--isolated", "--fix", "a.md"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    assert (again.returncode, document.read_text()) == (0, FIXED)
    assert hidden(tmp_path) == []


def test_the_temporary_name_is_short_and_hidden_whatever_the_file_name() -> None:
    name = doclint.fixes.temporary_name("x" * 252 + ".md")
    assert name.startswith(".doclint-") and name.endswith(".tmp") and len(name) == 29
    assert doclint.fixes.temporary_name("a.md") != doclint.fixes.temporary_name("b.md")


@pytest.mark.parametrize("length", [238, 250, 255])
def test_a_file_name_of_up_to_255_bytes_can_be_fixed(work: Path, length: int) -> None:
    name = "n" * (length - 3) + ".md"
    try:
        (work / name).write_text(BAD)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            pytest.skip(f"this file system does not allow {length}-byte names")
        raise
    result = fix(name)
    assert (result.exit_code, result.stderr) == (0, "Fixed 1 violation in 1 file.\n")
    assert (work / name).read_text() == FIXED
    assert hidden(work) == []


def test_a_second_run_fixing_the_same_file_at_the_same_moment_backs_off(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runs (say, two pre-commit hooks) fix one file: the one that finds the temporary file locked waits for
    another day instead of writing over the other's work."""
    if doclint.fixes.fcntl is None:
        pytest.skip("no file locks on this platform")
    document = tmp_path / "a.md"
    document.write_text(BAD)
    real_fsync = os.fsync
    inner: list[object] = []

    def fsync_while_another_run_writes(descriptor: int) -> None:
        real_fsync(descriptor)
        if not inner and stat.S_ISREG(os.fstat(descriptor).st_mode):
            inner.append(doclint.fixes.write_fixed(document, None, "Another text.\n", bom=False))

    monkeypatch.setattr(doclint.fixes.os, "fsync", fsync_while_another_run_writes)
    assert doclint.fixes.write_fixed(document, None, FIXED, bom=False).written
    assert inner == [doclint.fixes.WriteOutcome("skipped", "not fixed: another doclint run is writing the file")]
    assert document.read_text() == FIXED
    assert hidden(tmp_path) == []


def test_a_symbolic_link_at_the_temporary_name_is_never_followed(tmp_path: Path) -> None:
    """A repository cannot plant a link at the temporary name to make doclint write elsewhere."""
    (tmp_path / "docs").mkdir()
    document = tmp_path / "docs" / "a.md"
    document.write_text(BAD)
    (tmp_path / "precious").write_text("keep me\n")
    (tmp_path / "docs" / doclint.fixes.temporary_name("a.md")).symlink_to(tmp_path / "precious")
    outcome = doclint.fixes.write_fixed(document, None, FIXED, bom=False)
    assert outcome.status == "failed" and outcome.reason.startswith("cannot write the fixes: ")
    assert (tmp_path / "precious").read_text() == "keep me\n"
    assert document.read_text() == BAD
