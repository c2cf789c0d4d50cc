"""``doclint scan``: check an archive of records (JSONL or Parquet, local or in object storage) as
``doclint check --cross-file`` checks the same documents written out as files, on one machine or a Ray cluster.

The stages are in ``stages.py`` (plain functions over rows); ``local.py`` runs them in one process (the
default, and the reference the tests compare Ray with), ``ray_engine.py`` runs them with Ray Data
(repartition on the shuffle key, then ``map_batches`` over each partition). Findings are written by input file
(``output.py``) with ``summary.json``; the driver keeps only per-task and per-file counts.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from doclint.errors import OptionError
from doclint.files import SourceFile
from doclint.scan.output import OutputSpec, PartStat, prepare_directory, write_bytes, write_part, write_summary
from doclint.scan.progress import Progress
from doclint.scan.sources import DEFAULT_SPLIT_BYTES, Columns, ReadTask, expand_inputs, plan_tasks
from doclint.scan.stages import ScanContext, TaskStat
from doclint.settings import CheckOptions, FileSettings, SettingsResolver

ENGINES = ("local", "ray")


@dataclass(frozen=True)
class ScanRequest:
    inputs: tuple[str, ...]
    columns: Columns
    output: OutputSpec
    options: CheckOptions = field(default_factory=CheckOptions)
    engine: str = "local"
    address: str | None = None  # Ray: "auto", ray://host:port; None starts a local Ray
    partitions: int | None = None  # shuffle partitions (default: by engine)
    split_bytes: int = DEFAULT_SPLIT_BYTES  # JSONL read task size
    default_format: str = "text"
    num_cpus: int | None = None  # a local Ray's CPUs (tests)


class Engine(Protocol):
    def execute(self, tasks: list[ReadTask], context: ScanContext, output: OutputSpec,
                progress: Progress) -> tuple[list[TaskStat], list[PartStat]]: ...


def scan_settings(options: CheckOptions) -> FileSettings:
    """The settings every record gets: the configuration of the working directory (or ``--config``) plus the
    command line. Records have no paths, so path globs (include, exclude, per-file-ignores) do not apply."""
    resolver = SettingsResolver(options, paths=["."])
    resolver.validate()
    where = Path.cwd() / "record"
    settings = resolver.for_file(SourceFile(where, "record", explicit=True))
    return FileSettings(settings.rules, settings.known_rules, settings.paragraph_mode, settings.format,
                        cross_file=resolver.cross_file(), max_file_size=settings.max_file_size,
                        regex_timeout=settings.regex_timeout)


def run_scan(request: ScanRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Scan, write the output, and return the summary (also written as ``summary.json``)."""
    files = expand_inputs(list(request.inputs))
    tasks = plan_tasks(files, request.split_bytes)
    settings = scan_settings(request.options)
    if not settings.rules:
        raise OptionError("no rule selected: nothing to scan for")
    context = ScanContext(settings, request.columns, settings.cross_file, request.default_format)
    prepare_directory(request.output)
    engine = make_engine(request)
    if progress is None:
        progress = Progress(len(tasks), enabled=False)
    progress.tasks = max(len(tasks), 1)
    stats, parts = engine.execute(tasks, context, request.output, progress)
    written = {part.file_index for part in parts}
    for file in files:  # every input has a part, empty when it has nothing to report
        if file.index not in written:
            parts.append(write_part(request.output, file.index, [], [], settings.rules))
    summary = make_summary([file.uri for file in files], stats, parts, settings)
    write_summary(request.output, summary)
    return summary


def make_engine(request: ScanRequest) -> Engine:
    if request.engine == "local":
        from doclint.scan.local import LocalEngine

        return LocalEngine(request.partitions or 1)
    if request.engine == "ray":
        from doclint.scan.ray_engine import RayEngine

        return RayEngine(request.address, request.partitions, request.num_cpus)
    raise OptionError(f"--engine must be one of {', '.join(ENGINES)}")


def make_summary(inputs: Sequence[str], stats: Sequence[TaskStat], parts: Sequence[PartStat],
                 settings: FileSettings) -> dict[str, Any]:
    findings: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    for part in parts:
        findings.update(part.findings)
        failures.update(part.failures)
    records = sum(stat.records for stat in stats)
    checked = sum(stat.checked for stat in stats)
    return {
        "inputs": list(inputs),
        "records": records,
        "records_checked": checked,
        "records_failed": records - checked,
        "failures": dict(sorted(failures.items())),
        "records_with_rule_problems": sum(part.rule_problems for part in parts),
        "cross_file": settings.cross_file,
        "rules": sorted(rule.code for rule in settings.rules),
        "findings": sum(findings.values()),
        "findings_by_rule": dict(sorted(findings.items())),
    }


__all__ = ["ENGINES", "Columns", "OutputSpec", "ScanRequest", "json", "os", "run_scan", "write_bytes"]
