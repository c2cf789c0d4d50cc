"""SARIF output: valid against the official 2.1.0 schema, relative URIs, rule metadata, stable fingerprints."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from doclint import __version__
from doclint.baseline import fingerprints as baseline_fingerprints
from doclint.reporters.sarif import FINGERPRINT_KEY, SarifReporter, sarif_log
from doclint.results import RunResult
from doclint.rules import load_rules
from doclint.run import check_paths
from doclint.violations import FileProblem, RelatedLocation, Severity, Violation

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"  # a copy of the OASIS errata01 schema

PARAGRAPH = "The harbour authority dredged the main channel last spring to let larger ships dock."
DOC = f"Harbour news\n\n{PARAGRAPH}\n\nSame headline\n\n{PARAGRAPH}\n"


def sarif(result: RunResult, root: Path | None = None) -> dict[str, Any]:
    stream = io.StringIO()
    SarifReporter(stream, color=True, quiet=True, root=root).report(result)
    return json.loads(stream.getvalue())


def validate(log: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def run_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes],
           paths: list[str] | None = None) -> RunResult:
    monkeypatch.chdir(tmp_path)
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return check_paths(paths or list(files), load_rules())


def violation(**fields: object) -> Violation:
    values: dict[str, object] = dict(
        path="doc.md", line=3, column=1, end_line=3, end_column=10, code="DL001", rule="duplicate-paragraph",
        severity=Severity.ERROR, message="Paragraph duplicates the paragraph at line 1",
        source_line="Same text here.",
    )
    values.update(fields)
    return Violation(**values)  # type: ignore[arg-type]


def test_real_run_validates_and_describes_tool_rules_and_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_on(tmp_path, monkeypatch, {"news.txt": DOC})
    log = sarif(result)
    validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "doclint" and driver["version"] == __version__
    rules = {rule["id"]: rule for rule in driver["rules"]}
    duplicate = rules["DL001"]
    assert duplicate["name"] == "duplicate-paragraph"
    assert duplicate["shortDescription"]["text"].startswith("Reports a paragraph that repeats")
    assert duplicate["fullDescription"]["text"].startswith(duplicate["shortDescription"]["text"])
    assert duplicate["help"]["text"] and "```" in duplicate["help"]["markdown"]
    assert duplicate["defaultConfiguration"] == {"level": "error"}

    [finding] = run["results"]
    assert finding["ruleId"] == "DL001"
    assert driver["rules"][finding["ruleIndex"]]["id"] == "DL001"
    assert finding["level"] == "error"
    assert finding["message"]["text"] == "Paragraph duplicates the paragraph at line 3"
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "news.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": len(PARAGRAPH) + 1}
    assert location["contextRegion"]["snippet"]["text"] == PARAGRAPH
    [related] = finding["relatedLocations"]
    assert related["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 1}
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "news.txt"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_clean_run_validates_with_an_empty_results_list() -> None:
    log = sarif(RunResult((), (), 0))
    validate(log)
    assert log["runs"][0]["results"] == []


def test_levels_map_to_sarif_levels() -> None:
    result = RunResult((violation(), violation(line=4, code="X1", rule="x", severity=Severity.WARNING),
                        violation(line=5, code="X2", rule="y", severity=Severity.INFO)))
    log = sarif(result)
    validate(log)
    run = log["runs"][0]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    # a result built without its Rule objects still has every ruleId described, so ruleIndex is valid
    assert [run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] for r in run["results"]] == ["DL001", "X1", "X2"]


def test_uris_are_relative_posix_and_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_on(tmp_path, monkeypatch, {"my docs/ré sumé#1.txt": DOC}, paths=["my docs"])
    log = sarif(result)
    validate(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "my%20docs/r%C3%A9%20sum%C3%A9%231.txt", "uriBaseId": "%SRCROOT%"}
    parts = urlsplit(artifact["uri"])
    assert not parts.scheme and not parts.netloc and not parts.fragment and not parts.path.startswith("/")


def test_absolute_path_under_the_root_becomes_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs").mkdir()
    result = run_on(tmp_path, monkeypatch, {"docs/a.txt": DOC}, paths=[str(tmp_path / "docs" / "a.txt")])
    assert Path(result.violations[0].path).is_absolute()
    artifact = sarif(result)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "docs/a.txt", "uriBaseId": "%SRCROOT%"}


def test_path_outside_the_root_becomes_an_absolute_file_uri(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    outside = tmp_path / "elsewhere" / "a.md"
    log = sarif(RunResult((violation(path=str(outside)), violation(path="../elsewhere/b.md"))), root=root)
    validate(log)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert uris == [{"uri": outside.as_uri()}, {"uri": (tmp_path / "elsewhere" / "b.md").as_uri()}]


def fingerprints_of(log: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"]]


def test_fingerprint_survives_lines_inserted_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sarif(run_on(tmp_path, monkeypatch, {"news.txt": DOC}))
    moved_doc = DOC.replace("Same headline\n", "Same headline\n\n\n\n")  # blank lines above the finding
    after = sarif(run_on(tmp_path, monkeypatch, {"news.txt": moved_doc}))
    line_before = before["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    line_after = after["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line_after == line_before + 3
    assert fingerprints_of(after) == fingerprints_of(before)


def test_fingerprint_ignores_line_and_whitespace_but_not_text_rule_or_path() -> None:
    base = fingerprints_of(sarif(RunResult((violation(),))))
    indented = violation(line=40, end_line=40, column=5, end_column=14, source_line="    Same text here.")
    assert fingerprints_of(sarif(RunResult((indented,)))) == base
    assert fingerprints_of(sarif(RunResult((violation(line=40, end_line=40),)))) == base
    assert fingerprints_of(sarif(RunResult((violation(source_line="Other text here."),)))) != base
    assert fingerprints_of(sarif(RunResult((violation(code="DL002"),)))) != base
    assert fingerprints_of(sarif(RunResult((violation(path="other.md"),)))) != base


def test_identical_findings_in_one_file_get_distinct_fingerprints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = f"Harbour news\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n"
    prints = fingerprints_of(sarif(run_on(tmp_path, monkeypatch, {"news.txt": doc})))
    assert len(prints) == 2 and len(set(prints)) == 2


def test_fingerprint_is_the_baseline_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_on(tmp_path, monkeypatch, {"news.txt": DOC})
    assert fingerprints_of(sarif(result)) == baseline_fingerprints(result.violations)


def test_file_problems_are_tool_execution_notifications(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_on(tmp_path, monkeypatch, {"good.txt": DOC, "bad.txt": b"fine\ncaf\xe9\n"},
                    paths=["good.txt", "bad.txt", "missing.md"])
    log = sarif(result)
    validate(log)
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error", "error"]
    bad = notes[[n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes].index("bad.txt")]
    assert bad["message"]["text"].startswith("not valid UTF-8")
    assert bad["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 4}
    assert len(log["runs"][0]["results"]) == 1  # the good file is still reported


def test_skipped_files_are_notes_and_do_not_fail_the_invocation() -> None:
    result = RunResult((), (FileProblem("img/logo.txt", "binary file (contains NUL bytes)", skipped=True),), 1)
    log = sarif(result)
    validate(log)
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"][0]["level"] == "note"


def test_related_locations_in_another_file() -> None:
    v = violation(related=(RelatedLocation("first.md", 10, 2), RelatedLocation("doc.md", 1, 1)))
    log = sarif_log(RunResult((v,)), root=Path("/srv/project"))
    validate(log)
    related = log["runs"][0]["results"][0]["relatedLocations"]
    assert [r["id"] for r in related] == [0, 1]
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "first.md"
    assert related[0]["message"]["text"] == "first copy"
