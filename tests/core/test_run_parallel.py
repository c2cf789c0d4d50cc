"""When a run starts worker processes: not for a few files or little text, unless the caller asks for them."""

from __future__ import annotations

from pathlib import Path

import pytest

import doclint.run
from doclint.run import MIN_BYTES_FOR_PARALLEL, MIN_FILES_FOR_PARALLEL, check_paths
from doclint.settings import CheckOptions

PARAGRAPH = "The harbour authority dredged the main channel last spring to let larger ships dock.\n\n"


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of files of each run that went to a process pool (the pool itself is not started)."""
    started: list[int] = []

    def serial_instead(sources, spec, workers, resolver=None):  # type: ignore[no-untyped-def]
        started.append(len(sources))
        return [spec.check(source, resolver.for_file(source)) for source in sources]

    monkeypatch.setattr(doclint.run, "check_in_processes", serial_instead)
    return started


def write_files(directory: Path, count: int, size: int) -> None:
    text = "# Title\n\n" + PARAGRAPH * (size // len(PARAGRAPH))
    for number in range(count):
        (directory / f"doc{number:02}.md").write_text(text, encoding="utf-8")


def test_little_text_is_checked_in_this_process(tmp_path: Path, pools: list[int]) -> None:
    write_files(tmp_path, MIN_FILES_FOR_PARALLEL + 4, 1_000)
    result = check_paths([str(tmp_path)], options=CheckOptions(isolated=True, cache=False))
    assert pools == []
    assert len(result.paths) == MIN_FILES_FOR_PARALLEL + 4
    assert {v.code for v in result.violations} == {"DL001"}


def test_enough_text_goes_to_workers(tmp_path: Path, pools: list[int]) -> None:
    count = MIN_FILES_FOR_PARALLEL + 4
    write_files(tmp_path, count, MIN_BYTES_FOR_PARALLEL // count + 1_000)
    check_paths([str(tmp_path)], options=CheckOptions(isolated=True, cache=False))
    assert pools == [count]


def test_workers_asked_for_are_used_for_little_text(tmp_path: Path, pools: list[int]) -> None:
    write_files(tmp_path, MIN_FILES_FOR_PARALLEL, 1_000)
    check_paths([str(tmp_path)], options=CheckOptions(isolated=True, cache=False), jobs=2)
    assert pools == [MIN_FILES_FOR_PARALLEL]
