"""Where records come from: JSONL and Parquet files, local or in object storage (``s3://``), split into read tasks.

A read task is a deterministic slice of one input file: a byte range of a JSONL file (a line belongs to the
range holding its first byte) or a row group of a Parquet file. Tasks depend only on the files, never on the
number of workers, so every record has the same **ordinal** in every run: ``file index << 40 | position``, the
position being the line's byte offset (JSONL) or the row number (Parquet). Ordinals sort in record order (input
order, then file order), which is the order the cross-file comparison uses.

Local paths are read with plain Python (JSONL needs nothing else); Parquet and ``s3://`` go through pyarrow
(``pip install "doclint[parquet]"``).
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from doclint.errors import OptionError

POSITION_BITS = 40  # a JSONL file up to 1 TB, a Parquet file up to 10^12 rows
DEFAULT_SPLIT_BYTES = 32 * 1024 * 1024
FORMATS_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet"}


@dataclass(frozen=True)
class InputFile:
    index: int
    uri: str  # as given (local path or s3://bucket/key)
    kind: str  # "jsonl" or "parquet"
    size: int


@dataclass(frozen=True)
class ReadTask:
    """One slice of one input file; ``index`` orders the tasks (record order)."""

    index: int
    file: InputFile
    start: int  # JSONL: byte offset; Parquet: row group
    end: int  # JSONL: byte offset (exclusive); Parquet: row group + 1


@dataclass(frozen=True)
class Columns:
    text: str
    id: str | None = None
    title: str | None = None
    format: str | None = None

    def names(self) -> list[str]:
        return [name for name in (self.text, self.id, self.title, self.format) if name]


@dataclass(frozen=True)
class RawRecord:
    """A record as read: its ordinal, a default id (file name and position) and its row, or why it is unreadable."""

    ordinal: int
    default_id: str
    row: dict[str, Any] | None
    problem: str = ""


def ordinal_of(file_index: int, position: int) -> int:
    return (file_index << POSITION_BITS) | position


def is_remote(uri: str) -> bool:
    return "://" in uri


def _filesystem(uri: str) -> tuple[Any, str]:
    try:
        from pyarrow import fs
    except ImportError:
        raise OptionError(f"{uri}: reading from object storage needs pyarrow: pip install \"doclint[parquet]\"") \
            from None
    try:
        return fs.FileSystem.from_uri(uri)  # type: ignore[no-any-return]
    except Exception as error:  # noqa: BLE001 - pyarrow raises several types for a bad URI or missing credentials
        raise OptionError(f"{uri}: cannot open: {error}") from None


def expand_inputs(inputs: list[str]) -> list[InputFile]:
    """The input files, in the order given, each glob expanded in sorted order; a file named twice counts once."""
    if not inputs:
        raise OptionError("name at least one JSONL or Parquet file (or glob) to scan")
    uris: list[str] = []
    for given in inputs:
        matches = _expand_one(given)
        if not matches:
            raise OptionError(f"{given}: no such file" if not glob.has_magic(given) else f"{given}: matches no file")
        uris.extend(uri for uri in matches if uri not in uris)
    files = []
    for index, uri in enumerate(uris):
        suffix = os.path.splitext(uri)[1].lower()
        kind = FORMATS_BY_SUFFIX.get(suffix)
        if kind is None:
            raise OptionError(f"{uri}: not a JSON Lines (.jsonl, .ndjson, .json) or Parquet (.parquet) file")
        files.append(InputFile(index, uri, kind, _size(uri)))
    return files


def _expand_one(given: str) -> list[str]:
    if not is_remote(given):
        if glob.has_magic(given):
            return sorted(path for path in glob.glob(given, recursive=True) if os.path.isfile(path))
        return [given] if os.path.isfile(given) else []
    from pyarrow import fs

    filesystem, path = _filesystem(given)
    scheme = given.split("://", 1)[0]
    if not glob.has_magic(path):
        info = filesystem.get_file_info(path)
        return [given] if info.type == fs.FileType.File else []
    import fnmatch

    base = path[: min(path.index(c) for c in "*?[" if c in path)].rsplit("/", 1)[0]
    infos = filesystem.get_file_info(fs.FileSelector(base, recursive=True))
    return sorted(f"{scheme}://{info.path}" for info in infos
                  if info.type == fs.FileType.File and fnmatch.fnmatchcase(info.path, path))


def _size(uri: str) -> int:
    if not is_remote(uri):
        return os.path.getsize(uri)
    filesystem, path = _filesystem(uri)
    return int(filesystem.get_file_info(path).size)


def _open(uri: str) -> IO[bytes]:
    if not is_remote(uri):
        return open(uri, "rb")
    filesystem, path = _filesystem(uri)
    return filesystem.open_input_file(path)  # type: ignore[no-any-return]


def plan_tasks(files: list[InputFile], split_bytes: int = DEFAULT_SPLIT_BYTES) -> list[ReadTask]:
    """The read tasks of every file, in record order."""
    tasks: list[ReadTask] = []
    for file in files:
        if file.kind == "jsonl":
            ranges = [(start, min(start + split_bytes, file.size)) for start in range(0, max(file.size, 1), split_bytes)]
        else:
            ranges = [(group, group + 1) for group in range(_row_groups(file))]
        tasks.extend(ReadTask(len(tasks) + offset, file, start, end) for offset, (start, end) in enumerate(ranges))
    return tasks


def _row_groups(file: InputFile) -> int:
    parquet = _parquet()
    with _open(file.uri) as handle:
        try:
            return int(parquet.ParquetFile(handle).metadata.num_row_groups)
        except Exception as error:  # noqa: BLE001 - pyarrow's errors for a file that is not Parquet vary
            raise OptionError(f"{file.uri}: not a readable Parquet file: {error}") from None


def _parquet() -> Any:
    try:
        from pyarrow import parquet
    except ImportError:
        raise OptionError("reading Parquet needs pyarrow: pip install \"doclint[parquet]\"") from None
    return parquet


def read_task(task: ReadTask, columns: Columns) -> Iterator[RawRecord]:
    """The records of one task, in order."""
    if task.file.kind == "jsonl":
        yield from _read_jsonl(task)
    else:
        yield from _read_parquet(task, columns)


def _read_jsonl(task: ReadTask) -> Iterator[RawRecord]:
    name = os.path.basename(task.file.uri)
    with _open(task.file.uri) as handle:
        position = task.start
        if position > 0:  # the line that holds the range's first byte started in the previous range
            handle.seek(position - 1)
            position += len(handle.readline()) - 1
        while position < task.end:
            line = handle.readline()
            if not line:
                break
            start, position = position, position + len(line)
            if not line.strip():
                continue
            yield _json_record(ordinal_of(task.file.index, start), f"{name}@{start}", line)


def _json_record(ordinal: int, default_id: str, line: bytes) -> RawRecord:
    try:
        row = json.loads(line)
    except (UnicodeDecodeError, ValueError) as error:
        return RawRecord(ordinal, default_id, None, f"not a JSON line: {error}")
    if not isinstance(row, dict):
        return RawRecord(ordinal, default_id, None, f"not a JSON object but {type(row).__name__}")
    return RawRecord(ordinal, default_id, row)


def _read_parquet(task: ReadTask, columns: Columns) -> Iterator[RawRecord]:
    parquet = _parquet()
    name = os.path.basename(task.file.uri)
    with _open(task.file.uri) as handle:
        reader = parquet.ParquetFile(handle)
        first_row = sum(reader.metadata.row_group(group).num_rows for group in range(task.start))
        present = [name for name in columns.names() if name in reader.schema_arrow.names]
        rows = reader.read_row_group(task.start, columns=present).to_pylist()
    for offset, row in enumerate(rows):
        position = first_row + offset
        yield RawRecord(ordinal_of(task.file.index, position), f"{name}#{position}", row)
