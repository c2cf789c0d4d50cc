"""What a scan writes: one part file per input file (its findings sorted by record id, line, column, code), a
problems file per input file that has records that could not be checked, and ``summary.json``.

Part files are named by the input file's index (``part-00003.jsonl`` for the fourth input), so the output does
not depend on how many workers or partitions ran. Every input gets a part, empty when nothing was found.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from doclint.errors import OptionError
from doclint.rules import RuleSet
from doclint.scan.sources import is_remote
from doclint.violations import Violation

OUTPUT_FORMATS = ("jsonl", "parquet", "sarif")
EXTENSIONS = {"jsonl": "jsonl", "parquet": "parquet", "sarif": "sarif"}


@dataclass(frozen=True)
class OutputSpec:
    directory: str  # local path or s3://...
    format: str = "jsonl"
    root: str = "/"  # SARIF's %SRCROOT% (the driver's working directory: workers run elsewhere)

    def part_name(self, file_index: int) -> str:
        return f"part-{file_index:05d}.{EXTENSIONS[self.format]}"


@dataclass
class PartStat:
    """What one part holds, for the summary."""

    file_index: int
    findings: Counter[str] = field(default_factory=Counter)  # by rule code
    failures: Counter[str] = field(default_factory=Counter)  # by reason
    rule_problems: int = 0


def finding_dict(violation: Violation) -> dict[str, Any]:
    """A finding as written: the JSON form of ``--format json`` with the record id instead of a path, plus its
    fingerprint."""
    data = violation.to_dict()
    return {"id": data.pop("path"), **data, "related": [{"id": r.path, "line": r.line, "column": r.column}
                                                        for r in violation.related],
            "fingerprint": violation.fingerprint}


def prepare_directory(spec: OutputSpec) -> None:
    """Create the output directory, or clear the files an earlier scan wrote there (never anything else)."""
    if spec.format not in OUTPUT_FORMATS:
        raise OptionError(f"--output-format must be one of {', '.join(OUTPUT_FORMATS)}")
    if is_remote(spec.directory):
        return  # object stores overwrite; a bucket prefix needs no creation
    if os.path.exists(spec.directory) and not os.path.isdir(spec.directory):
        raise OptionError(f"{spec.directory}: --output must be a directory")
    try:
        os.makedirs(spec.directory, exist_ok=True)
        for name in os.listdir(spec.directory):
            if name == "summary.json" or name.startswith(("part-", "problems-")):
                os.remove(os.path.join(spec.directory, name))
    except OSError as error:
        raise OptionError(f"{spec.directory}: cannot write the output: {error.strerror or error}") from None


def write_bytes(spec: OutputSpec, name: str, data: bytes) -> None:
    if is_remote(spec.directory):
        from pyarrow import fs

        filesystem, base = fs.FileSystem.from_uri(spec.directory)
        with filesystem.open_output_stream(f"{base.rstrip('/')}/{name}") as stream:
            stream.write(data)
        return
    path = os.path.join(spec.directory, name)
    with open(path + ".tmp", "wb") as handle:
        handle.write(data)
    os.replace(path + ".tmp", path)


def write_part(spec: OutputSpec, file_index: int, findings: list[Violation], problems: Iterable[Any],
               rules: RuleSet) -> PartStat:
    """Write one input file's findings (already sorted) and problems; what they count."""
    stat = PartStat(file_index, Counter(violation.code for violation in findings))
    problem_lines = []
    for row in problems:
        if row.reason:
            stat.failures[row.reason] += 1
            problem_lines.append({"id": row.id, "record": row.ordinal, "reason": row.reason, "message": row.problem})
        else:
            stat.rule_problems += 1
            problem_lines.append({"id": row.id, "record": row.ordinal, "reason": "rule-problem",
                                  "message": "; ".join(row.rule_problems)})
    write_bytes(spec, spec.part_name(file_index), _encode(spec, findings, rules))
    if problem_lines:
        write_bytes(spec, f"problems-{file_index:05d}.jsonl", _jsonl(problem_lines))
    return stat


def _jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8", "surrogatepass")


def _encode(spec: OutputSpec, findings: list[Violation], rules: RuleSet) -> bytes:
    if spec.format == "jsonl":
        return _jsonl(map(finding_dict, findings))
    if spec.format == "parquet":
        return _parquet(findings)
    return _sarif(findings, rules, spec.root)


def _parquet(findings: list[Violation]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    location = pa.struct([("id", pa.string()), ("line", pa.int64()), ("column", pa.int64())])
    schema = pa.schema([("id", pa.string()), ("line", pa.int64()), ("column", pa.int64()), ("end_line", pa.int64()),
                        ("end_column", pa.int64()), ("rule", pa.string()), ("code", pa.string()),
                        ("severity", pa.string()), ("message", pa.string()), ("related", pa.list_(location)),
                        ("data", pa.string()), ("fingerprint", pa.string())])
    rows = []
    for violation in findings:
        row = finding_dict(violation)
        row["data"] = json.dumps(row["data"], ensure_ascii=False, sort_keys=True)
        rows.append(row)
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer)
    return buffer.getvalue()


def _sarif(findings: list[Violation], rules: RuleSet, root: str) -> bytes:
    from pathlib import Path

    from doclint.reporters.sarif import SarifReporter
    from doclint.results import RunResult

    stream = io.StringIO()
    infos = tuple(sorted((rule.info for rule in rules), key=lambda info: info.code))
    SarifReporter(stream, root=Path(root)).report(RunResult(tuple(findings), (), 0, infos))
    return stream.getvalue().encode("utf-8", "surrogatepass")


def write_summary(spec: OutputSpec, summary: dict[str, Any]) -> None:
    write_bytes(spec, "summary.json", (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
