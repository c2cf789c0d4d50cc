"""Progress of a long scan on a terminal: records done, rate and an estimate of the time left (from the share
of read tasks done, which are of similar size). Silent when standard error is not a terminal or in CI."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

MIN_INTERVAL = 0.5  # seconds between redraws


def wanted(stream: TextIO) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


class Progress:
    def __init__(self, tasks: int, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.tasks = max(tasks, 1)
        self.tasks_done = 0
        self.records = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def advance(self, records: int, tasks: int = 1) -> None:
        self.records += records
        self.tasks_done += tasks
        now = time.monotonic()
        if self.enabled and now - self._drawn >= MIN_INTERVAL:
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.records / elapsed
        share = self.tasks_done / self.tasks
        eta = elapsed * (1 - share) / share if share else 0.0
        return f"doclint scan: {self.records:,} records checked, {rate:,.0f}/s, about {_duration(eta)} left"

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line(time.monotonic()).split(",")[0] + "; comparing across records\x1b[K\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"
