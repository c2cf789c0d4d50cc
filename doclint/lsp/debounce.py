"""Debouncing: while the user types, check each document once they pause, and only its latest version.

Each document has at most one pending check. A new edit cancels the pending one (still waiting, or waiting for
the checking thread) and starts the wait again; a check that finishes after the document changed again is
dropped by the server, which compares versions before publishing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Debouncer:
    def __init__(self, delay: float) -> None:
        self.delay = delay  # seconds
        self._pending: dict[str, asyncio.Task[None]] = {}

    def schedule(self, key: str, action: Callable[[], Awaitable[None]], delay: float | None = None) -> None:
        """Run ``action`` after ``delay`` seconds (default: ``self.delay``) unless ``key`` is scheduled again or
        cancelled first."""
        self.cancel(key)
        wait = self.delay if delay is None else delay
        self._pending[key] = asyncio.get_running_loop().create_task(self._run(key, action, wait))

    async def _run(self, key: str, action: Callable[[], Awaitable[None]], delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await action()
        finally:
            if self._pending.get(key) is asyncio.current_task():
                del self._pending[key]

    def cancel(self, key: str) -> None:
        task = self._pending.pop(key, None)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        for key in list(self._pending):
            self.cancel(key)
