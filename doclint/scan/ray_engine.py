"""The Ray engine: the stages of ``stages.py`` on Ray Data (``pip install "doclint[ray]"``).

Every dataset between stages has two columns, ``part`` (the shuffle key, an int64) and ``payload`` (a pickled
row). A shuffle is ``repartition(n, keys=["part"])`` followed by ``map_batches`` over whole blocks
(``groupby().map_groups()`` costs about 1.45 ms per group, far too much for one group per band). Stages are
tasks; each worker process unpickles the settings (the loaded rules) once (``_context``).

Pitfalls this avoids: operators that hold whole CPUs (an actor pool per stage, the shuffle's aggregators) can
starve each other on a small cluster and hang, so tasks ask for half a CPU and the aggregators for a tenth;
nothing depends on the order in which tasks finish (every reduce sorts inside its groups, the finish stage
sorts each part).
"""

from __future__ import annotations

import inspect
import pickle
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from doclint.checks.duplication import SKETCH_SIZE
from doclint.errors import OptionError
from doclint.scan.output import OutputSpec, PartStat, write_part
from doclint.scan.progress import Progress
from doclint.scan.sources import ReadTask
from doclint.scan.stages import (
    CorpusRow,
    Edge,
    RecordRow,
    ScanContext,
    TaskStat,
    Unit,
    band_rows,
    bucket_reduce,
    finish_file,
    flagged_slots,
    group_reduce,
    map_task,
    task_offsets,
    verdict_reduce,
    window_reduce,
    window_rows,
)

TASK_CPUS = 0.5  # a fraction: see the module docstring
# Band rows per shuffle partition (about 1 kB each in a reduce task's memory): 100,000 BBC-sized records make
# 4 million band rows, which in 4 partitions took 6.5 GB per reduce task.
ROWS_PER_PARTITION = 250_000
SHUFFLE_CPUS = 0.1  # the shuffle's aggregator actors hold this much each, for as long as the stage lasts
Batch = dict[str, Any]
RECORD, UNIT, STAT, EDGE, FLAG, CORPUS = "record", "unit", "stat", "edge", "flag", "corpus"


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise OptionError("--engine ray needs Ray: pip install \"doclint[ray]\"") from None
    return ray


def _batch(rows: Iterable[tuple[str, int, Any]]) -> Any:
    """Rows as an Arrow table with a fixed schema: an empty batch must not have null-typed columns, or the
    shuffle cannot concatenate it with the others."""
    import pyarrow as pa

    kinds, parts, payloads = [], [], []
    for kind, part, row in rows:
        kinds.append(kind)
        parts.append(part)
        payloads.append(pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL))
    return pa.table({"kind": pa.array(kinds, pa.string()), "part": pa.array(parts, pa.int64()),
                     "payload": pa.array(payloads, pa.binary())})


def _rows(batch: Batch) -> Iterator[tuple[int, Any]]:
    for part, payload in zip(batch["part"], batch["payload"]):
        yield int(part), pickle.loads(payload)


@lru_cache(maxsize=4)
def _context(data: bytes) -> ScanContext:
    """The scan context, unpickled once per worker process (rules are loaded once, not once per batch)."""
    loaded: ScanContext = pickle.loads(data)
    return loaded


def _map(batch: Batch, context_bytes: bytes, counter: Any) -> Any:
    context = _context(context_bytes)
    out: list[tuple[str, int, Any]] = []
    records = 0
    for payload in batch["task"]:
        task: ReadTask = pickle.loads(payload)
        rows, units, stat = map_task(task, context)
        records += stat.records
        out.extend((RECORD, row.file_index, row) for row in rows)
        out.extend((UNIT, 0, unit) for unit in units)
        out.append((STAT, 0, stat))
    if counter is not None:
        counter.add.remote(records, len(batch["task"]))
    return _batch(out)


def _bands(batch: Batch, context_bytes: bytes, extra: Any) -> Any:
    return _batch((UNIT, key, row) for key, row in band_rows(unit for _, unit in _rows(batch)))


def _buckets(batch: Batch, context_bytes: bytes, extra: Any) -> Any:
    return _batch((UNIT, key, verdict) for key, verdict in bucket_reduce(_rows(batch), _context(context_bytes)))


def _verdicts(batch: Batch, context_bytes: bytes, extra: Any) -> Any:
    return _batch((EDGE if isinstance(row, Edge) else FLAG, key, row) for key, row in verdict_reduce(_rows(batch)))


def _window_rows(batch: Batch, context_bytes: bytes, extra: Any) -> Any:
    queries, offsets = extra
    return _batch((UNIT, key, row) for key, row in window_rows((unit for _, unit in _rows(batch)), set(queries), offsets))


def _windows(batch: Batch, context_bytes: bytes, extra: Any) -> Any:
    queries, _ = extra
    return _batch((EDGE, key, edge) for key, edge in window_reduce(_rows(batch), queries, _context(context_bytes)))


def _groups(batch: Batch, context_bytes: bytes, extra: Any) -> Any:
    return _batch((CORPUS, key, row) for key, row in group_reduce(_rows(batch), _context(context_bytes)))


def _finish(batch: Batch, context_bytes: bytes, output: OutputSpec) -> Any:
    context = _context(context_bytes)
    by_file: dict[int, tuple[list[RecordRow], list[CorpusRow]]] = defaultdict(lambda: ([], []))
    for kind, (_, row) in zip(batch["kind"], _rows(batch)):
        by_file[row.file_index][0 if kind == RECORD else 1].append(row)
    stats = []
    for file_index in sorted(by_file):
        findings, problems = finish_file(*by_file[file_index], context)
        stats.append((STAT, file_index, write_part(output, file_index, findings, problems, context.rules)))
    return _batch(stats)


class RayEngine:
    def __init__(self, address: str | None = None, partitions: int | None = None, num_cpus: int | None = None) -> None:
        self.address = address
        self.partitions = partitions
        self.num_cpus = num_cpus

    def execute(self, tasks: list[ReadTask], context: ScanContext, output: OutputSpec,
                progress: Progress) -> tuple[list[TaskStat], list[PartStat]]:
        ray = _ray()
        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.address, num_cpus=None if self.address else self.num_cpus,
                     include_dashboard=False, log_to_driver=False, logging_level="ERROR")
        try:
            return self._run(ray, tasks, context, output, progress)
        finally:
            if started_here:
                ray.shutdown()

    def _run(self, ray: Any, tasks: list[ReadTask], context: ScanContext, output: OutputSpec,
             progress: Progress) -> tuple[list[TaskStat], list[PartStat]]:
        import importlib
        import logging

        importlib.import_module("ray.data")  # makes ray.data an attribute of the ray module passed in

        if "keys" not in inspect.signature(ray.data.Dataset.repartition).parameters:
            raise OptionError(f"--engine ray needs a Ray whose Dataset.repartition takes keys (this is {ray.__version__})"
                              ": pip install -U \"doclint[ray]\"")
        for name in ("ray.data", "ray"):  # the driver prints our progress, not Ray's execution log
            logging.getLogger(name).setLevel(logging.ERROR)
        data_context = ray.data.DataContext.get_current()
        data_context.enable_progress_bars = False
        data_context.print_on_execution_start = False
        data_context.hash_shuffle_operator_actor_num_cpus_override = SHUFFLE_CPUS
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        data_context.max_hash_shuffle_aggregators = cpus
        partitions = self.partitions or max(2, 2 * cpus)  # until the map stage has counted the units
        context_bytes = pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)
        counter = _counter(ray)
        poller = _Poller(ray, counter, progress)
        poller.start()

        def stage(dataset: Any, function: Callable[..., Any], extra: Any = None) -> Any:
            return dataset.map_batches(function, batch_size=None, fn_args=(context_bytes, extra),
                                       batch_format="numpy", num_cpus=TASK_CPUS)

        def shuffle(dataset: Any, function: Callable[..., Any], extra: Any = None) -> Any:
            return stage(dataset.repartition(partitions, keys=["part"]), function, extra)

        from ray.data.expressions import col

        def kind(dataset: Any, wanted: str) -> Any:
            return dataset.filter(expr=col("kind") == wanted)

        try:
            task_items = [{"task": pickle.dumps(task)} for task in tasks]
            mapped = ray.data.from_items(task_items, override_num_blocks=max(1, len(task_items))).map_batches(
                _map, batch_size=1, fn_args=(context_bytes, counter), batch_format="numpy",
                num_cpus=TASK_CPUS).materialize()
        finally:
            poller.stop()
        progress.done()
        stats: list[TaskStat] = [row for _, row in _collect(kind(mapped, STAT))]
        if self.partitions is None:  # a reduce task holds its partition in memory: bound it
            units = sum(sum(stat.units.values()) for stat in stats)
            partitions = max(partitions, -(-units * SKETCH_SIZE // ROWS_PER_PARTITION))
        finish_input = kind(mapped, RECORD)
        if context.cross_file:
            units = kind(mapped, UNIT)
            bands = stage(units, _bands)
            verdicts = shuffle(shuffle(bands, _buckets), _verdicts).materialize()
            edges = kind(verdicts, EDGE)
            flagged: list[Unit] = [row for _, row in _collect(kind(verdicts, FLAG))]
            if flagged:
                offsets = task_offsets(stats)
                queries = flagged_slots(flagged, offsets)
                windows = shuffle(stage(units, _window_rows, (queries, offsets)), _windows, (queries, offsets))
                edges = edges.union(windows)
            corpus = shuffle(edges, _groups)
            finish_input = finish_input.union(corpus)
        finished = shuffle(finish_input, _finish, output)
        parts: list[PartStat] = [row for _, row in _collect(finished)]
        return stats, parts


def _collect(dataset: Any) -> list[tuple[int, Any]]:
    return [(int(row["part"]), pickle.loads(row["payload"])) for row in dataset.take_all()]


def _counter(ray: Any) -> Any:
    @ray.remote(num_cpus=0)
    class Counter:
        def __init__(self) -> None:
            self.records = 0
            self.tasks = 0

        def add(self, records: int, tasks: int) -> None:
            self.records += records
            self.tasks += tasks

        def get(self) -> tuple[int, int]:
            return self.records, self.tasks

    return Counter.remote()  # type: ignore[attr-defined]  # ray.remote adds .remote at run time


class _Poller:
    """Reads the map stage's counter about once a second and advances the progress line."""

    def __init__(self, ray: Any, counter: Any, progress: Progress) -> None:
        self.ray, self.counter, self.progress = ray, counter, progress
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        if self.progress.enabled:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._update()

    def _loop(self) -> None:
        while not self._stop.wait(1.0):
            self._update()

    def _update(self) -> None:
        try:
            records, tasks = self.ray.get(self.counter.get.remote(), timeout=10)
        except Exception:  # noqa: BLE001 - progress is best effort
            return
        self.progress.advance(records - self.progress.records, tasks - self.progress.tasks_done)

