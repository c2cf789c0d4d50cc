"""Hover on a finding: what the rule reports and why, what to do about this finding, where the rule is
documented."""

from __future__ import annotations

from lsprotocol import types

from doclint.lsp.checking import BufferFinding, CheckResult, RuleHelp
from doclint.lsp.diagnostics import docs_link, finding_range
from doclint.lsp.positions import BufferLines


def _contains(range_: types.Range, position: types.Position) -> bool:
    here = (position.line, position.character)
    return (range_.start.line, range_.start.character) <= here <= (range_.end.line, range_.end.character)


def hover(result: CheckResult, lines: BufferLines, position: types.Position, builtin_url: str | None) -> types.Hover | None:
    """The hover for the findings under ``position`` (several rules can report the same words), or None."""
    found = [(finding, finding_range(finding, lines)) for finding in result.findings]
    here = [(finding, range_) for finding, range_ in found if _contains(range_, position)]
    if not here:
        return None
    text = "\n\n---\n\n".join(_explain(finding, result.rules.get(finding.violation.code), builtin_url)
                              for finding, _ in here)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=here[0][1])


def _explain(finding: BufferFinding, help: RuleHelp | None, builtin_url: str | None) -> str:
    violation = finding.violation
    parts = [f"**{violation.code} `{violation.rule}`** ({violation.severity.value}): {violation.message}"]
    if help is not None:
        parts.append(help.description)
    todo = ["Quick fix: a safe automatic fix is available." if finding.fix is not None else
            "Edit the text as the message says; doclint has no automatic fix for this finding.",
            f"Or suppress it: `<!-- doclint-disable-next-line {violation.code} -->` on the line above."]
    parts.append("**What to do:** " + " ".join(todo))
    if help is not None:
        parts.append(f"[Rule documentation]({docs_link(help, builtin_url)}) · `doclint rule {violation.code}`")
    return "\n\n".join(parts)
