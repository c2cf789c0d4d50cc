"""``--format sarif``: a SARIF 2.1.0 log for code-scanning services (GitHub code scanning, Azure DevOps, IDEs).

One run: ``tool.driver`` describes doclint and the rules that ran; each violation is a result pointing at
its rule by id and index. Locations are relative URIs (posix, percent-encoded) against ``%SRCROOT%``, the
working directory the paths were given from, declared in ``originalUriBaseIds``; a path outside that
directory becomes an absolute ``file://`` URI. Columns count Unicode code points (``columnKind``), like
doclint's, and ``endColumn`` is exclusive, as in ``Violation``.

``partialFingerprints`` identify a finding across commits without its line number: the baseline's fingerprint
(``doclint.baseline.fingerprints``: a hash of the rule code, the path, the whitespace-normalised source line
and an occurrence index among identical keys). Inserting lines above a finding leaves its fingerprint alone,
so code scanning keeps tracking the same alert instead of closing one and opening another.

Files that could not be checked are ``toolExecutionNotifications`` of the invocation, which is not
successful when any of them is an error (rather than a skipped-file notice).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from doclint import __version__
from doclint.baseline import fingerprints
from doclint.reporters.escaping import json_text
from doclint.violations import FileProblem, Severity, Violation

if TYPE_CHECKING:
    from doclint.results import RuleInfo, RunResult

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "doclintFingerprint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _encoded(path: str) -> str:
    """A path as a URI reference: its real bytes (a name that is not UTF-8 included) percent-encoded, so the URI
    names the file that exists (``caf\\xe9.md`` -> ``caf%E9.md``)."""
    return quote(os.fsencode(path), safe="/")


class _Locator:
    """Turns display paths into SARIF artifact locations relative to the source root."""

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()

    def root_uri(self) -> str:
        uri = self.root.as_uri()
        return uri if uri.endswith("/") else uri + "/"

    def artifact(self, path: str) -> dict[str, str]:
        pure = Path(path)
        relative: str | None
        if pure.is_absolute():
            try:
                relative = os.path.relpath(pure, self.root)
            except ValueError:  # another drive on Windows
                relative = None
        else:
            relative = os.path.normpath(path)
        if relative is None or relative == os.pardir or relative.startswith(os.pardir + os.sep):
            absolute = pure if pure.is_absolute() else (self.root / pure)
            return {"uri": "file://" + _encoded(Path(os.path.normpath(absolute)).as_posix())}
        return {"uri": _encoded(PurePath(relative).as_posix()), "uriBaseId": SRCROOT}

    def physical(self, path: str, region: dict[str, int] | None = None) -> dict[str, Any]:
        location: dict[str, Any] = {"artifactLocation": self.artifact(path)}
        if region:
            location["region"] = region
        return {"physicalLocation": location}


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def rule_descriptor(rule: RuleInfo) -> dict[str, Any]:
    description = rule.description.strip()
    markdown = [f"**{rule.code} {rule.name}**", "", description]
    for title, examples in (("Reported", rule.fail_examples), ("Not reported", rule.pass_examples)):
        for example in examples:
            fence = _fence(example)
            markdown += ["", f"{title}:", "", fence, example.rstrip("\n"), fence]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": description},
        "help": {"text": description, "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[rule.level]},
    }


def _rule_table(result: RunResult) -> tuple[list[dict[str, Any]], dict[str, int]]:
    descriptors = [rule_descriptor(rule) for rule in result.rules]
    index = {d["id"]: position for position, d in enumerate(descriptors)}
    for v in result.violations:  # a result built without its rules still needs each ruleId described
        if v.code not in index:
            index[v.code] = len(descriptors)
            descriptors.append({"id": v.code, "name": v.rule, "defaultConfiguration": {"level": LEVELS[v.severity]}})
    return descriptors, index


def _primary_location(v: Violation, region: dict[str, int], locator: _Locator) -> dict[str, Any]:
    location = locator.physical(v.path, region)
    if v.source_line:  # the whole first line, for viewers that show context without the file
        location["physicalLocation"]["contextRegion"] = {"startLine": v.line, "snippet": {"text": v.source_line}}
    return location


def _result(v: Violation, rule_index: int, fingerprint: str, locator: _Locator) -> dict[str, Any]:
    region = {"startLine": v.line, "startColumn": v.column, "endLine": v.end_line, "endColumn": v.end_column}
    if v.end_line == v.line:
        region["endColumn"] = max(v.end_column, v.column)
    entry: dict[str, Any] = {
        "ruleId": v.code,
        "ruleIndex": rule_index,
        "level": LEVELS[v.severity],
        "message": {"text": v.message},
        "locations": [_primary_location(v, region, locator)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if v.related:
        entry["relatedLocations"] = [
            {
                "id": index,
                **locator.physical(r.path, {"startLine": r.line, "startColumn": r.column}),
                "message": {"text": "first copy" if index == 0 else "also here"},
            }
            for index, r in enumerate(v.related)
        ]
    return entry


def _notification(problem: FileProblem, locator: _Locator) -> dict[str, Any]:
    region = None
    if problem.line is not None:
        region = {"startLine": problem.line}
        if problem.column is not None:
            region["startColumn"] = problem.column
    return {
        "level": "note" if problem.skipped else "error",
        "message": {"text": problem.message},
        "locations": [locator.physical(problem.path, region)],
    }


def sarif_log(result: RunResult, root: Path | None = None) -> dict[str, Any]:
    locator = _Locator(root or Path.cwd())
    rules, rule_index = _rule_table(result)
    results = [
        _result(v, rule_index[v.code], fingerprint, locator)
        for v, fingerprint in zip(result.violations, fingerprints(result.violations))
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not result.errors}
    if result.problems:
        invocation["toolExecutionNotifications"] = [_notification(p, locator) for p in result.problems]
    run = {
        "tool": {
            "driver": {
                "name": "doclint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": locator.root_uri()}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


class SarifReporter:
    def __init__(self, stream: TextIO, color: bool = False, quiet: bool = False, root: Path | None = None) -> None:
        self.stream = stream
        self.root = root

    def report(self, result: RunResult) -> None:
        self.stream.write(json_text(json.dumps(sarif_log(result, self.root), indent=2, ensure_ascii=False)) + "\n")
