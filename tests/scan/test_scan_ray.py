"""``doclint scan --engine ray`` on a local Ray with 2 CPUs: byte for byte the local engine's output (which is
``check --cross-file``'s findings), from JSONL and from Parquet, with several read tasks and partitions.
Skipped when Ray is not installed (``pip install "doclint[ray]"``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.scan import run_scan

from .archive import check_findings, make_records, output_bytes, scan_findings, write_documents, write_jsonl
from .test_scan_local import _request

ray = pytest.importorskip("ray")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


def test_ray_output_is_the_local_output_byte_for_byte(ray_session: None, work: Path) -> None:
    records = make_records(300)
    write_jsonl(work / "a.jsonl", records[:180])
    write_jsonl(work / "b.jsonl", records[180:])
    inputs = [work / "a.jsonl", work / "b.jsonl"]
    run_scan(_request(inputs, work / "local", partitions=1))
    run_scan(_request(inputs, work / "ray", partitions=3, split_bytes=8000, engine="ray"))
    assert output_bytes(work / "ray") == output_bytes(work / "local")
    ids = write_documents(work / "docs", records)
    checked = CliRunner().invoke(cli, ["check", "--isolated", "--cross-file", "--format", "json", "docs"])
    assert scan_findings(work / "ray") == check_findings(checked.output, ids)


def test_ray_reads_parquet_row_groups_as_local_does(ray_session: None, work: Path) -> None:
    from .archive import write_parquet

    parquet = write_parquet(work / "a.parquet", make_records(300), row_group_size=40)
    run_scan(_request([parquet], work / "local", partitions=2))
    run_scan(_request([parquet], work / "ray", partitions=24, engine="ray"))  # some partitions stay empty
    assert output_bytes(work / "ray") == output_bytes(work / "local")
