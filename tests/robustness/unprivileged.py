"""Permission tests that mean something under root: run a function as an ordinary user.

Root may read and write any file whatever its mode, so a test that chmods a file and expects doclint to be refused
would pass vacuously (or be skipped) when the suite runs as root, as it does in many containers. ``as_user`` runs
the function in a forked child that has dropped to ``nobody`` first when the process is root, and in-process
otherwise; what it returns (picklable) comes back, and an exception in the child fails the test with its
traceback. ``reachable_directory`` makes a directory that such a user can enter and write, outside pytest's
``tmp_path`` (whose parent directories are private to the user running the tests).
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

NOBODY = 65534
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_posix = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and POSIX permissions")


def as_user(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` as an ordinary user: in a child process that became ``nobody`` when we are root."""
    if not IS_ROOT:
        return function(*args)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 0
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome: tuple[str, Any] = ("value", function(*args))
        except BaseException:  # noqa: BLE001 - reported to the parent
            outcome = ("error", traceback.format_exc())
            status = 1
        try:
            with os.fdopen(writer, "wb") as stream:
                pickle.dump(outcome, stream)
        finally:
            sys.stdout.flush()
            os._exit(status)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    if kind == "error":
        pytest.fail(f"in the unprivileged child:\n{value}")
    return value


@contextmanager
def reachable_directory() -> Iterator[Path]:
    """A fresh directory any user can enter and write (mode 0777), removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="doclint-perm-", dir=tempfile.gettempdir()))
    directory.chmod(0o777)
    try:
        yield directory
    finally:
        for path in [directory, *directory.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o777 if path.is_dir() else 0o666)
        shutil.rmtree(directory)


def cli_in(directory: Path, *args: str) -> tuple[int, str, str]:
    """``doclint ARGS`` run in ``directory`` (exit code, stdout, stderr): picklable, for ``as_user``."""
    from click.testing import CliRunner

    from doclint.cli import cli

    before = os.getcwd()
    os.chdir(directory)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(before)
    return result.exit_code, result.stdout, result.stderr
