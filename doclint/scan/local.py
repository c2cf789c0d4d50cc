"""The local engine: every stage of a scan in this process, in task order. The reference for the Ray engine.

Shuffles are done as a cluster does them (rows dealt into ``partitions`` by their key, each partition reduced
on its own), so the tests can check that the partition count changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

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

Row = TypeVar("Row")
Out = TypeVar("Out")


class LocalEngine:
    def __init__(self, partitions: int = 1) -> None:
        self.partitions = max(1, partitions)

    def execute(self, tasks: list[ReadTask], context: ScanContext, output: OutputSpec,
                progress: Progress) -> tuple[list[TaskStat], list[PartStat]]:
        records: list[RecordRow] = []
        units: list[Unit] = []
        stats: list[TaskStat] = []
        for task in tasks:
            rows, found, stat = map_task(task, context)
            records.extend(rows)
            units.extend(found)
            stats.append(stat)
            progress.advance(stat.records)
        progress.done()
        corpus = self._corpus_phase(units, stats, context) if context.cross_file else []
        by_file: dict[int, tuple[list[RecordRow], list[CorpusRow]]] = defaultdict(lambda: ([], []))
        for record in records:
            by_file[record.file_index][0].append(record)
        for row in corpus:
            by_file[row.file_index][1].append(row)
        parts = []
        for file_index in sorted(by_file):
            findings, problems = finish_file(*by_file[file_index], context)
            parts.append(write_part(output, file_index, findings, problems, context.rules))
        return stats, parts

    def _corpus_phase(self, units: list[Unit], stats: list[TaskStat], context: ScanContext) -> list[CorpusRow]:
        verdicts = self._shuffle(band_rows(units), lambda rows: bucket_reduce(rows, context))
        edges: list[tuple[int, Edge]] = []
        flagged: list[Unit] = []
        for key, row in self._shuffle(verdicts, verdict_reduce):
            if isinstance(row, Edge):
                edges.append((key, row))
            else:
                flagged.append(row)
        if flagged:
            offsets = task_offsets(stats)
            queries = flagged_slots(flagged, offsets)
            edges += self._shuffle(window_rows(units, set(queries), offsets),
                                   lambda rows: window_reduce(rows, queries, context))
        return [row for _, row in self._shuffle(edges, lambda rows: group_reduce(rows, context))]

    def _shuffle(self, rows: Iterable[tuple[int, Row]],
                 reduce: Callable[[list[tuple[int, Row]]], Iterator[tuple[int, Out]]]) -> list[tuple[int, Out]]:
        partitions: list[list[tuple[int, Any]]] = [[] for _ in range(self.partitions)]
        for key, row in rows:
            partitions[key % self.partitions].append((key, row))
        return [out for partition in partitions for out in reduce(partition)]
