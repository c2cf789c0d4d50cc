"""The progress line of a long scan: records, rate and time left; silent off a terminal and in CI."""

from __future__ import annotations

import io

import pytest

from doclint.scan.progress import Progress, wanted


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_shows_records_rate_and_time_left() -> None:
    progress = Progress(tasks=4, enabled=True, stream=io.StringIO())
    progress.started = 0.0
    progress.records, progress.tasks_done = 1000, 1
    assert progress.line(10.0) == "doclint scan: 1,000 records checked, 100/s, about 30 s left"
    progress.records, progress.tasks_done = 100_000, 1
    assert progress.line(1500.0).endswith("about 1 h 15 min left")


def test_progress_is_drawn_on_a_terminal_only_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wanted(_Terminal()) and not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(_Terminal())


def test_disabled_progress_writes_nothing() -> None:
    stream = _Terminal()
    progress = Progress(tasks=2, enabled=False, stream=stream)
    progress.advance(10)
    progress.done()
    assert stream.getvalue() == ""
