"""Findings as protocol diagnostics: ranges in the negotiated encoding, severity, rule code with a link to the
rule's documentation, the first occurrence of a duplicate as related information."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from doclint.lsp.checking import BufferFinding, BufferProblem, CheckResult, RuleHelp
from doclint.lsp.positions import BufferLines, LspPosition

SOURCE = "doclint"
UNUSED_SUPPRESSION = "unused-suppression"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def lsp_position(position: LspPosition) -> types.Position:
    return types.Position(line=position.line, character=position.character)


def finding_range(finding: BufferFinding, lines: BufferLines) -> types.Range:
    v = finding.violation
    return types.Range(lsp_position(lines.from_doclint(v.line, v.column)),
                       lsp_position(lines.from_doclint(v.end_line, v.end_column)))


def docs_link(help: RuleHelp, builtin_url: str | None) -> str:
    """Where a rule is documented: for a built-in rule, ``builtin_url`` (a template with ``{code}``, ``{name}``
    and ``{anchor}``, e.g. the project's docs/rules.md on the web) when one is configured; otherwise
    docs/rules.md at the rule's heading when doclint runs from a source checkout, else the rule's YAML file,
    which holds its description and examples."""
    if builtin_url and help.builtin:
        return builtin_url.format(code=help.code, name=help.name, anchor=f"{help.code.lower()}-{help.name}")
    return help.documentation


def to_diagnostics(result: CheckResult, lines: BufferLines, uri: str, display: str, root: Path,
                   builtin_url: str | None = None) -> list[types.Diagnostic]:
    """Every finding and problem of one check. ``display`` is the path the engine was given for the document
    (related locations name it); ``root`` resolves other paths."""
    diagnostics = [_problem(problem, lines) for problem in result.problems]
    for finding in result.findings:
        diagnostics.append(_finding(finding, lines, uri, display, root, result.rules.get(finding.violation.code),
                                    builtin_url))
    return diagnostics


def _finding(finding: BufferFinding, lines: BufferLines, uri: str, display: str, root: Path, help: RuleHelp | None,
             builtin_url: str | None) -> types.Diagnostic:
    violation = finding.violation
    related = []
    for number, location in enumerate(violation.related):
        target = uri if location.path == display else (root / location.path).as_uri()
        position = lsp_position(lines.from_doclint(location.line, location.column)) if target == uri else \
            types.Position(location.line - 1, location.column - 1)
        related.append(types.DiagnosticRelatedInformation(
            location=types.Location(target, types.Range(position, position)),
            message="first occurrence" if number == 0 else "another occurrence"))
    return types.Diagnostic(
        range=finding_range(finding, lines),
        message=violation.message,
        severity=_SEVERITY.get(violation.severity.value, types.DiagnosticSeverity.Warning),
        code=violation.code,
        code_description=types.CodeDescription(href=docs_link(help, builtin_url)) if help else None,
        source=SOURCE,
        related_information=related or None,
        tags=[types.DiagnosticTag.Unnecessary] if violation.rule == UNUSED_SUPPRESSION else None,
        data={"rule": violation.rule, "fixable": finding.fix is not None},
    )


def _problem(problem: BufferProblem, lines: BufferLines) -> types.Diagnostic:
    """A problem without a place in the document is shown on its first line."""
    line = problem.line or 1
    start = lines.from_doclint(line, problem.column or 1)
    end = lines.from_doclint(line, len(lines.line(start.line)) + 1)
    if end.character <= start.character:
        end = start
    return types.Diagnostic(range=types.Range(lsp_position(start), lsp_position(end)), message=problem.message,
                            severity=types.DiagnosticSeverity.Error, source=SOURCE)
