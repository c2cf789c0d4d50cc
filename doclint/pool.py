"""Checking files in parallel: a process pool that survives its workers dying.

Each worker builds its own ``SettingsResolver`` once (configuration and rules loaded per process) and checks one
file per task with ``engine.check_file``; results are put back in file order, so output never depends on which
worker finished first.

A worker process can die with no exception to catch (killed, out of memory, a crash in native code). The pool
then fails every unfinished task with ``BrokenProcessPool`` and cannot be used again, so:

- files go to the pool a few per task (``FILES_PER_TASK``), at most two tasks per worker in flight: a death
  implicates only those few files (with every task queued up front, any unfinished file could have been the one).
  One file per task cost the parent about a millisecond of CPU per file in queueing and pickling: a tenth of the
  whole run on a corpus of small files;
- after a death, the files in flight are set aside and the rest go on in a new pool;
- each set-aside file is then checked again alone, in a one-worker pool: only a file that kills its worker by
  itself is reported (``WORKER_DIED``, an error like an unreadable file); the others were caught up in its death.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from doclint.engine import FileOutcome, FixMode, check_file
from doclint.funnel import BaselineEntries
from doclint.rules import RuleSet
from doclint.settings import CheckOptions, FileSettings, SettingsResolver
from doclint.violations import FileProblem

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from doclint.cache import ResultCache
    from doclint.files import SourceFile

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
FILES_PER_TASK = 8
WORKER_DIED = ("the worker process checking this file stopped abruptly (killed, out of memory, or a crash); the file "
               "was not checked")


@dataclass(frozen=True)
class RunSpec:
    """Everything a worker needs to check any file of the run as the parent would (pickled once per worker)."""

    options: CheckOptions
    fixed_rules: RuleSet | None
    paths: tuple[str, ...]
    fix_mode: FixMode | None
    baseline: dict[str, BaselineEntries] | None  # by path; None: the run has no baseline
    cache: ResultCache | None = None  # used when nothing is fixed

    def check(self, source: SourceFile, settings: FileSettings) -> FileOutcome:
        baseline = None if self.baseline is None else self.baseline.get(source.display, BaselineEntries())
        if self.cache is not None and self.fix_mode is None:
            from doclint.cache import check_with_cache  # imported only when a cache is used (start-up)

            return check_with_cache(self.cache, source, settings, baseline)
        return check_file(source, settings, self.fix_mode, baseline)


def check_in_processes(sources: Sequence[SourceFile], spec: RunSpec, workers: int,
                       resolver: SettingsResolver | None = None) -> list[FileOutcome]:
    """``check_file`` for every source, in ``workers`` processes; outcomes in the order of ``sources``.

    ``resolver``: the parent's, with the rules it has loaded and compiled. Forked workers inherit it as it is
    (nothing is copied until written), so they do not load and compile the rules again (about 0.4 s of CPU
    each); workers started otherwise (spawn, forkserver) build their own from ``spec``."""
    outcomes: dict[int, FileOutcome] = {}
    waiting = deque(range(len(sources)))
    set_aside: deque[int] = deque()
    inherited = resolver if resolver is not None and _forks() else None
    while waiting:
        set_aside.extend(_run_pool(sources, waiting, outcomes, spec, workers, FILES_PER_TASK, 2 * workers, inherited))
    while set_aside:
        for index in _run_pool(sources, set_aside, outcomes, spec, 1, 1, 1, inherited):
            outcomes[index] = FileOutcome([], FileProblem(sources[index].display, WORKER_DIED))
    return [outcomes[index] for index in range(len(sources))]


def _forks() -> bool:
    """Whether the pool's workers are forked from this process (the default start method on Linux up to 3.13)."""
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _run_pool(sources: Sequence[SourceFile], waiting: deque[int], outcomes: dict[int, FileOutcome], spec: RunSpec,
              workers: int, files_per_task: int, tasks_in_flight: int, resolver: SettingsResolver | None) -> list[int]:
    """Check the files ``waiting`` (indexes into ``sources``) into ``outcomes``, taking them off ``waiting``, until
    none is left or a worker dies; return the indexes of the files in flight when it died. Each task holds up to
    ``files_per_task`` files."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    in_flight: dict[Future[list[FileOutcome]], list[int]] = {}
    lost: list[int] = []
    broken = False
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(spec, os.getpid(), resolver))
    try:
        while in_flight or (waiting and not broken):
            while waiting and not broken and len(in_flight) < tasks_in_flight:
                task = [waiting.popleft() for _ in range(min(files_per_task, len(waiting)))]
                try:
                    in_flight[pool.submit(_check_in_worker, [sources[index] for index in task])] = task
                except BrokenProcessPool:  # a worker died between tasks: these files never left
                    waiting.extendleft(reversed(task))
                    broken = True
            if not in_flight:
                break
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                task = in_flight.pop(future)
                try:
                    outcomes.update(zip(task, future.result()))
                except BrokenProcessPool:
                    lost.extend(task)
                    broken = True
    except BaseException:  # Ctrl-C or an error: stop the workers now, never wait for files still being checked
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return lost


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)


@dataclass
class _Worker:
    spec: RunSpec
    resolver: SettingsResolver


# The one piece of module state: each worker process's own spec and resolver, set by the pool's initializer
# (a ProcessPoolExecutor task can only reach per-process state this way). The parent process never sets it.
_worker: list[_Worker] = []


def _start_worker(spec: RunSpec, parent: int, resolver: SettingsResolver | None) -> None:
    # Ctrl-C goes to the whole process group: the parent stops the workers; they must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(parent)
    _worker[:] = [_Worker(spec, resolver or SettingsResolver(spec.options, spec.fixed_rules, spec.paths))]


def _exit_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it dies (``kill -9`` of the parent would otherwise
    leave it running for good): the kernel's parent-death signal on Linux, else a watchdog thread."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the signal was armed
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="doclint-parent-watch", daemon=True).start()


def _check_in_worker(sources: list[SourceFile]) -> list[FileOutcome]:
    worker = _worker[0]
    return [worker.spec.check(source, worker.resolver.for_file(source)) for source in sources]
