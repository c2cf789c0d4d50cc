"""``doclint scan`` with the local engine: the same findings as ``check --cross-file`` on the records written
out as files, whatever the partitions, read-task sizes, PYTHONHASHSEED or input format; bad records reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from doclint.cli import cli
from doclint.scan import Columns, OutputSpec, ScanRequest, run_scan
from doclint.settings import CheckOptions

from .archive import check_findings, make_records, output_bytes, scan_findings, write_documents, write_jsonl

SCAN_ARGS = ("--text-column", "text", "--id-column", "id", "--title-column", "title", "--format-column", "format",
             "--isolated", "--cross-file")


def _scan(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["scan", *args])
    return result.exit_code, result.output


def _request(inputs: list[Path], output: Path, partitions: int = 1, split_bytes: int = 1 << 25,
             engine: str = "local") -> ScanRequest:
    return ScanRequest(tuple(map(str, inputs)), Columns("text", "id", "title", "format"), OutputSpec(str(output)),
                       CheckOptions(isolated=True, cross_file=True), engine, partitions=partitions,
                       split_bytes=split_bytes)


@pytest.fixture
def archive(work: Path) -> Path:
    return write_jsonl(work / "archive.jsonl", make_records())


def test_scan_finds_what_check_cross_file_finds_on_the_records_as_files(work: Path, archive: Path) -> None:
    code, output = _scan(str(archive), *SCAN_ARGS, "--output", "out")
    assert code == 0, output
    assert "Scanned 240 records; " in output
    ids = write_documents(work / "docs", make_records())
    checked = CliRunner().invoke(cli, ["check", "--isolated", "--cross-file", "--format", "json", "docs"])
    expected = check_findings(checked.output, ids)
    found = scan_findings(work / "out")
    assert found == expected
    codes = {finding[5] for finding in found}
    assert {"DL001", "DL002", "DL900"} <= codes  # copies across records, repeated titles, unused directives
    assert any(finding[5] == "DL001" and any(r[0] != finding[0] for r in finding[7]) for finding in found)
    summary = json.loads((work / "out" / "summary.json").read_text())
    assert (summary["records"], summary["records_checked"], summary["records_failed"]) == (240, 240, 0)
    assert summary["findings"] == len(found)


def test_part_files_are_sorted_by_record_line_column_code(work: Path, archive: Path) -> None:
    run_scan(_request([archive], work / "out"))
    rows = [json.loads(line) for line in (work / "out" / "part-00000.jsonl").read_text().splitlines()]
    keys = [(row["id"], row["line"], row["column"], row["code"]) for row in rows]
    assert keys == sorted(keys) and len(keys) > 50


@pytest.mark.parametrize(("partitions", "split_bytes"), [(2, 3000), (7, 20_000), (13, 1 << 25)])
def test_partitions_and_read_tasks_change_nothing(work: Path, archive: Path, partitions: int, split_bytes: int) -> None:
    run_scan(_request([archive], work / "one"))
    run_scan(_request([archive], work / "many", partitions, split_bytes))
    assert output_bytes(work / "many") == output_bytes(work / "one")


def test_the_hash_seed_changes_nothing(work: Path, archive: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "doclint", "scan", str(archive), *SCAN_ARGS, "--output", f"out{seed}",
                        "--partitions", "3"], check=True, env=environment, capture_output=True)
        outputs.append(output_bytes(work / f"out{seed}"))
    assert outputs[0] == outputs[1]


def test_parquet_input_gives_the_jsonl_findings(work: Path, archive: Path) -> None:
    pytest.importorskip("pyarrow")
    from .archive import write_parquet

    parquet = write_parquet(work / "archive.parquet", make_records(), row_group_size=37)
    run_scan(_request([archive], work / "from-jsonl"))
    run_scan(_request([parquet], work / "from-parquet", partitions=4))
    assert scan_findings(work / "from-parquet") == scan_findings(work / "from-jsonl")


def test_the_window_comparison_of_mostly_boilerplate_paragraphs_matches_check(work: Path, archive: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """With posting lists capped at 0 and a window of 7, every paragraph takes find_duplicates' fallback path
    (compared with the 7 paragraphs before it), across read tasks and window slots."""
    from doclint.checks import duplication
    from doclint.run import check_paths
    from doclint.scan import local, stages

    for module in (duplication, stages):
        monkeypatch.setattr(module, "MAX_POSTINGS", 0)
        monkeypatch.setattr(module, "FALLBACK_WINDOW", 7)
    queries: list[int] = []
    real_window = stages.window_reduce

    def counting(rows, flagged, context):  # type: ignore[no-untyped-def]
        queries.append(sum(len(ranks) for ranks in flagged.values()))
        return real_window(rows, flagged, context)

    monkeypatch.setattr(local, "window_reduce", counting)
    run_scan(_request([archive], work / "out", partitions=3, split_bytes=4000))
    ids = write_documents(work / "docs", make_records())
    result = check_paths(["docs"], options=CheckOptions(isolated=True, cross_file=True), jobs=1)
    expected = check_findings(json.dumps([v.to_dict() for v in result.violations]), ids)
    assert queries and queries[0] > 300
    assert scan_findings(work / "out") == expected


def test_records_that_cannot_be_checked_are_reported_not_dropped(work: Path) -> None:
    good = make_records(3)
    bad = [{"id": "no-text"}, {"id": "number", "text": 42, "format": "text", "title": "T"},
           {"id": "odd-format", "text": "Some text.", "format": "docx", "title": "T"},
           {"text": "Who am I?", "title": "T", "format": "text"}]
    write_jsonl(work / "a.jsonl", good + bad, extra_lines=("{not json",))
    code, output = _scan("a.jsonl", *SCAN_ARGS, "--output", "out")
    assert code == 0, output
    assert "Scanned 8 records (5 could not be checked: see problems-*.jsonl)" in output
    summary = json.loads((work / "out" / "summary.json").read_text())
    assert summary["failures"] == {"bad-format": 1, "no-id": 1, "no-text": 1, "not-text": 1, "unreadable": 1}
    assert (summary["records"], summary["records_checked"], summary["records_failed"]) == (8, 3, 5)
    problems = [json.loads(line) for line in (work / "out" / "problems-00000.jsonl").read_text().splitlines()]
    assert [(p["id"], p["reason"]) for p in problems] == [
        ("no-text", "no-text"), ("number", "not-text"), ("odd-format", "bad-format"),
        (problems[3]["id"], "no-id"), (problems[4]["id"], "unreadable")]
    assert problems[1]["message"] == "column 'text' holds int, not text"
    assert problems[4]["id"].startswith("a.jsonl@") and problems[4]["message"].startswith("not a JSON line")


def test_title_is_line_one_and_text_starts_on_line_three(work: Path) -> None:
    write_jsonl(work / "a.jsonl", [{"id": "x", "title": "Same headline", "text": "Body text here.\n\nSame headline\n"}])
    code, output = _scan("a.jsonl", "--text-column", "text", "--id-column", "id", "--title-column", "title",
                         "--isolated", "--select", "DL002", "--output", "out")
    assert code == 0, output
    rows = [json.loads(line) for line in (work / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert [(r["id"], r["line"], r["column"], r["code"]) for r in rows] == [("x", 5, 1, "DL002")]
    assert rows[0]["message"].endswith("line 1")


def test_without_an_id_column_records_are_named_by_file_and_byte_offset(work: Path) -> None:
    first = json.dumps({"text": "Fine."})
    write_jsonl(work / "a.jsonl", [{"text": "Fine."}, {"text": "Same headline\n\nBody.\n\nSame headline\n"}])
    _scan("a.jsonl", "--text-column", "text", "--isolated", "--select", "DL002", "--output", "out")
    rows = [json.loads(line) for line in (work / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert [row["id"] for row in rows] == [f"a.jsonl@{len(first) + 1}"]


def test_parquet_and_sarif_output_hold_the_jsonl_findings(work: Path, archive: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    for output_format in ("jsonl", "parquet", "sarif"):
        code, output = _scan(str(archive), *SCAN_ARGS, "--output", output_format, "--output-format", output_format)
        assert code == 0, output
    rows = [json.loads(line) for line in (work / "jsonl" / "part-00000.jsonl").read_text().splitlines()]
    table = pq.read_table(work / "parquet" / "part-00000.parquet").to_pylist()
    for row in table:
        row["data"] = json.loads(row["data"])
    assert table == rows
    sarif = json.loads((work / "sarif" / "part-00000.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == \
        [(row["code"], row["line"]) for row in rows]


@pytest.mark.parametrize(("inputs", "message"), [
    (["missing.jsonl"], "missing.jsonl: no such file"),
    (["*.nothing.jsonl"], "*.nothing.jsonl: matches no file"),
    (["notes.txt"], "notes.txt: not a JSON Lines (.jsonl, .ndjson, .json) or Parquet (.parquet) file"),
])
def test_bad_inputs_are_one_line_errors(work: Path, inputs: list[str], message: str) -> None:
    (work / "notes.txt").write_text("hello\n")
    code, output = _scan(*inputs, "--text-column", "text", "--output", "out")
    assert code == 2
    assert message in output and "Traceback" not in output


def test_every_input_file_gets_a_part_even_without_findings(work: Path) -> None:
    write_jsonl(work / "a.jsonl", [{"text": "Fine."}])
    write_jsonl(work / "b.jsonl", [{"text": "Same headline\n\nBody.\n\nSame headline\n"}])
    code, _ = _scan("*.jsonl", "--text-column", "text", "--isolated", "--output", "out")
    assert code == 0
    assert sorted(path.name for path in (work / "out").iterdir()) == ["part-00000.jsonl", "part-00001.jsonl",
                                                                      "summary.json"]
    assert (work / "out" / "part-00000.jsonl").read_text() == ""
    assert json.loads((work / "out" / "part-00001.jsonl").read_text())["code"] == "DL002"
