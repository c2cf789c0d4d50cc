"""The command as a process: what happens when its output, working directory, encoding or signals go wrong.
Each case exits with a documented status and one line on stderr, never a traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CLAIM = "Experts agree that the plan will work.\n"
EVIL_RULE = ("id: XX001\nname: evil\ncheck: existence\nlevel: warning\nmessage: \"Found {match}\"\n"
             "description: d.\npatterns: ['(a|a)+$']\nword-boundaries: false\n")


def doclint(*args: str, cwd: Path, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "doclint", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, **kwargs)  # type: ignore[call-overload]


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_output_to_a_full_disk(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM)
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "doclint", "check", "a.md"], cwd=tmp_path, stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == "doclint: cannot write the output: No space left on device\n"


def test_closed_standard_output(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM)
    result = subprocess.run(f"{sys.executable} -m doclint check a.md >&-", shell=True, cwd=tmp_path,
                            stderr=subprocess.PIPE, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (2, "doclint: standard output is closed\n")


def test_a_deleted_working_directory(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    process = subprocess.run(f"cd {gone} && rmdir {gone} && {sys.executable} -m doclint check", shell=True,
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 2
    assert process.stderr == ("doclint: the current directory cannot be used (No such file or directory); change "
                              "to an existing directory\n")


def test_an_ascii_only_output_encoding_escapes_what_it_cannot_show(tmp_path: Path) -> None:
    (tmp_path / "café.md").write_text("Experts agree that the café will reopen.\n")
    result = doclint("check", "--format", "concise", ".", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    no_traceback(result)
    assert result.returncode == 1
    assert result.stdout.startswith("caf\\xe9.md:1:1: DL003 unattributed-claim 'Experts agree'")


def test_a_path_name_too_long(tmp_path: Path) -> None:
    name = "a" * 300 + ".md"
    result = doclint("check", name, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr == f"{name}: error: cannot read: File name too long\n"


def test_an_empty_path_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(CLAIM)
    result = doclint("check", "", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith("Error: a path is empty (an unset variable?); name the files or directories to check\n")


@pytest.mark.parametrize("target", ["missing/base.json", "/dev/full"])
def test_write_baseline_that_cannot_be_written(tmp_path: Path, target: str) -> None:
    (tmp_path / "a.md").write_text(CLAIM)
    result = doclint("check", "--write-baseline", target, "a.md", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{target}: ") and "baseline" in result.stderr
    assert result.stderr.count("\n") == 1


def test_init_when_the_configuration_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / ".doclint.yaml").mkdir()
    result = doclint("init", "--force", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.endswith("Error: .doclint.yaml is a directory\n")


def test_init_never_follows_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / ".doclint.yaml").symlink_to(outside)  # dangling: init would create it outside
    result = doclint("init", cwd=tmp_path / "repo")
    assert result.returncode == 2 and result.stderr.endswith("Error: .doclint.yaml is a symbolic link; remove it first\n")
    assert not outside.exists()


def test_more_jobs_than_cores_warns(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Fine.\n")
    result = doclint("check", "-j", "400", "a.md", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.startswith(f"doclint: warning: --jobs 400 is more than the {os.cpu_count()} CPU cores")


def _busy_tree(tmp_path: Path, files: int = 40) -> None:
    """A run that keeps two workers busy for minutes: a catastrophic pattern with the longest regex budget."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "evil.yaml").write_text(EVIL_RULE)
    for index in range(files):
        (tmp_path / f"f{index:02}.md").write_text("a" * 40 + "b\n")


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for(condition, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _default_sigint() -> None:
    # A suite started in the background by a non-interactive shell inherits SIGINT ignored, and Python keeps it
    # ignored: Ctrl-C would never reach doclint. A terminal's Ctrl-C is what these tests are about.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _kill_leftovers(marker: str) -> None:
    """Whatever the outcome, no busy worker outlives its test (they would hold both cores for minutes)."""
    for pid in _processes_mentioning(marker):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _start_busy_run(tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    _busy_tree(tmp_path)
    marker = f"busy-{os.getpid()}-{tmp_path.name}"
    process = subprocess.Popen([sys.executable, "-m", "doclint", "check", "--isolated", "--rules", "rules",
                                "--regex-timeout", "60", "-j", "2", ".", marker], cwd=tmp_path, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_default_sigint)
    # The workers are forked: their command line is the parent's, marker included.
    assert _wait_for(lambda: len(_processes_mentioning(marker)) >= 3), "the workers did not start"
    time.sleep(0.5)
    return process, marker


@pytest.mark.skipif(not Path("/proc").is_dir() or sys.platform != "linux", reason="reads /proc (Linux)")
def test_ctrl_c_stops_a_parallel_run_with_status_130_and_no_worker_left(tmp_path: Path) -> None:
    process, marker = _start_busy_run(tmp_path)
    try:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 130
        assert stderr.endswith("doclint: interrupted\n") and "Traceback" not in stderr
        assert _wait_for(lambda: not _processes_mentioning(marker), 20), "workers left running"
    finally:
        _kill_leftovers(marker)


@pytest.mark.skipif(not Path("/proc").is_dir() or sys.platform != "linux", reason="reads /proc (Linux)")
def test_killing_the_main_process_ends_its_workers(tmp_path: Path) -> None:
    process, marker = _start_busy_run(tmp_path)
    try:
        process.kill()
        process.communicate(timeout=60)
        assert _wait_for(lambda: not _processes_mentioning(marker), 20), "workers left running"
    finally:
        _kill_leftovers(marker)
