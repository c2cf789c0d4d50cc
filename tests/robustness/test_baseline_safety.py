"""--write-baseline in a repository doclint does not control: a committed symbolic link must not make it overwrite
a file outside the repository, and the write is atomic (a full disk or a size limit leaves the old baseline whole).
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from unprivileged import needs_posix

P = "The harbour authority dredged the main channel last spring to let larger ships dock."
BAD = f"# Harbour news\n\n{P}\n\n{P}\n\nThe end.\n"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repository"
    (root / ".git").mkdir(parents=True)
    (root / "a.md").write_text(BAD)
    monkeypatch.chdir(root)
    return root


@needs_posix
def test_a_committed_link_leading_outside_the_repository_is_not_written_through(repository: Path) -> None:
    outside = repository.parent / "home"
    outside.mkdir()
    (outside / ".bashrc").write_text("alias ll='ls -l'\n")
    (repository / "baseline.json").symlink_to("../home/.bashrc")
    result = run_cli("check", "--isolated", "--write-baseline", "baseline.json", "a.md")
    assert result.exit_code == 2
    assert result.stderr == ("baseline.json: cannot write the baseline: it is a symbolic link to a file outside the "
                             f"repository ({os.path.realpath(outside / '.bashrc')})\n")
    assert (outside / ".bashrc").read_text() == "alias ll='ls -l'\n"
    assert (repository / "baseline.json").is_symlink()


@needs_posix
def test_a_link_through_a_committed_directory_link_is_refused_too(repository: Path) -> None:
    outside = repository.parent / "elsewhere"
    outside.mkdir()
    (repository / "ci").symlink_to(outside)
    result = run_cli("check", "--isolated", "--write-baseline", "ci/baseline.json", "a.md")
    assert result.exit_code == 2 and result.stderr.startswith("ci/baseline.json: cannot write the baseline: it is a symbolic link to a file outside")
    assert list(outside.iterdir()) == []


@needs_posix
def test_a_link_inside_the_repository_is_written_through_and_stays_a_link(repository: Path) -> None:
    (repository / "ci").mkdir()
    (repository / "ci" / "baseline.json").write_text("{}\n")
    (repository / "baseline.json").symlink_to("ci/baseline.json")
    result = run_cli("check", "--isolated", "--write-baseline", "baseline.json", "a.md")
    assert (result.exit_code, result.stderr) == (0, "Wrote 1 violation to the baseline baseline.json.\n")
    assert (repository / "baseline.json").is_symlink()
    assert '"code": "DL001"' in (repository / "ci" / "baseline.json").read_text()


def test_a_path_named_outside_the_repository_is_the_users_choice(repository: Path) -> None:
    target = repository.parent / "reports" / "baseline.json"
    target.parent.mkdir()
    result = run_cli("check", "--isolated", "--write-baseline", str(target), "a.md")
    assert result.exit_code == 0 and '"code": "DL001"' in target.read_text()


def test_a_missing_directory_is_a_one_line_error(repository: Path) -> None:
    result = run_cli("check", "--isolated", "--write-baseline", "no/such/dir/baseline.json", "a.md")
    assert (result.exit_code, result.stderr) == (
        2, "no/such/dir/baseline.json: cannot write the baseline: No such file or directory\n")


def test_a_new_baseline_gets_the_mode_of_a_new_file_and_an_existing_one_keeps_its_own(repository: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    assert run_cli("check", "--isolated", "--write-baseline", "new.json", "a.md").exit_code == 0
    assert stat.S_IMODE((repository / "new.json").stat().st_mode) == 0o666 & ~mask
    (repository / "old.json").write_text("{}\n")
    (repository / "old.json").chmod(0o600)
    assert run_cli("check", "--isolated", "--write-baseline", "old.json", "a.md").exit_code == 0
    assert stat.S_IMODE((repository / "old.json").stat().st_mode) == 0o600


def _limit_file_size() -> None:  # in the child, before exec: files may grow to 64 bytes, as on a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


@needs_posix
def test_a_write_that_fails_halfway_leaves_the_old_baseline_whole(repository: Path) -> None:
    """A real failure of the write (RLIMIT_FSIZE: the file may not grow past 64 bytes, as on a full disk):
    writing in place used to truncate the old baseline first."""
    old = '{"version": 1, "findings": []}\n'
    (repository / "baseline.json").write_text(old)
    result = subprocess.run([sys.executable, "-m", "doclint", "check", "--isolated", "--write-baseline",
                             "baseline.json", "a.md"], cwd=repository, capture_output=True, text=True, timeout=120,
                            preexec_fn=_limit_file_size)
    assert (result.returncode, result.stderr) == (2, "baseline.json: cannot write the baseline: File too large\n")
    assert (repository / "baseline.json").read_text() == old
    assert [path.name for path in repository.iterdir() if path.name.startswith(".doclint-")] == []  # no temporary
