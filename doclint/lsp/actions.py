"""Code actions on findings: apply the safe fix, disable the rule for the line, fix all safe findings.

Suppression comments follow doclint's directive syntax (see ``doclint.suppression``). In Markdown, "on this
line" appends ``<!-- doclint-disable-line CODE -->`` to the finding's first line, and "on the line above"
inserts ``<!-- doclint-disable-next-line CODE -->`` as a line of its own before it, indented like it (with its
blockquote markers). Plain text has only the second form: a directive there must be a line of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lsprotocol import types

from doclint.lsp.checking import BufferFinding, CheckResult
from doclint.lsp.diagnostics import lsp_position
from doclint.lsp.positions import BufferLines, LspPosition

FIX_ALL_KIND = "source.fixAll.doclint"
_LINE_PREFIX = re.compile(r"[ \t>]*")  # indentation and blockquote markers a comment line above must repeat


def kind_requested(kind: str, only: Sequence[str] | None) -> bool:
    """Whether a client that asked for ``only`` kinds wants ``kind`` (kinds are dotted hierarchies)."""
    return only is None or any(kind == wanted or kind.startswith(wanted + ".") for wanted in only)


def overlaps(first: types.Range, second: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(first.start) <= key(second.end) and key(second.start) <= key(first.end)


def code_actions(result: CheckResult, lines: BufferLines, uri: str, wanted: types.Range,
                 only: Sequence[str] | None, diagnostics: Sequence[types.Diagnostic],
                 fixed_text: Callable[[], str],
                 context: Sequence[types.Diagnostic] = ()) -> list[types.CodeAction]:
    """The actions for the findings whose range meets ``wanted`` or whose diagnostic the client passed in
    ``context`` (clients send those of the cursor's line), then "fix all" when any finding has a fix.
    ``diagnostics`` are the findings' diagnostics, in the same order.
    ``fixed_text`` computes the buffer with every safe fix applied (only called when that action is wanted)."""
    sent = {(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in context if d.source == "doclint"}
    actions: list[types.CodeAction] = []
    quick = kind_requested(types.CodeActionKind.QuickFix, only)
    seen: set[tuple[str, int]] = set()
    for finding, diagnostic in zip(result.findings, diagnostics) if quick else ():
        where = diagnostic.range
        key = (diagnostic.code, where.start.line, where.start.character, where.end.line, where.end.character)
        if key not in sent and not overlaps(where, wanted):
            continue
        if finding.fix is not None:
            actions.append(_fix_action(finding, lines, uri, diagnostic))
        line = finding.violation.line
        if (finding.violation.code, line) in seen:
            continue
        seen.add((finding.violation.code, line))
        actions.extend(_disable_actions(finding, lines, uri, diagnostic, result.format))
    if kind_requested(FIX_ALL_KIND, only) and any(finding.fix for finding in result.findings):
        edit = minimal_edit(lines, fixed_text())
        if edit is not None:
            actions.append(types.CodeAction(title="doclint: fix all safe findings in this document",
                                            kind=FIX_ALL_KIND, edit=_edit(uri, [edit])))
    return actions


def _edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def _fix_action(finding: BufferFinding, lines: BufferLines, uri: str,
                diagnostic: types.Diagnostic) -> types.CodeAction:
    fix = finding.fix
    assert fix is not None
    start, end = lines.from_doclint(fix.line, fix.column), lines.from_doclint(fix.end_line, fix.end_column)
    replacement = fix.replacement.replace("\n", lines.newline())
    edit = types.TextEdit(types.Range(lsp_position(start), lsp_position(end)), replacement)
    violation = finding.violation
    return types.CodeAction(title=f"Fix {violation.code}: {_fix_title(lines, start, end, replacement)}",
                            kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=True,
                            edit=_edit(uri, [edit]))


def _fix_title(lines: BufferLines, start: LspPosition, end: LspPosition, replacement: str) -> str:
    if start.line == end.line:
        old = lines.text[lines.offset(start):lines.offset(end)]
        if old and replacement:
            return f"replace '{old}' with '{replacement}'"
    if not replacement.strip():
        return "remove the repeated text" if end.line > start.line else "remove it"
    return f"replace with '{replacement.strip()}'"


def _directive_end(text: str, action: str, whole_line: bool) -> int | None:
    """Where to add a rule to an existing ``action`` directive in ``text`` (a code-point column): before its
    ``-->``, or at the end of a ``# doclint-...`` line. None when there is none, or when it names no rule (it
    covers every rule already, and adding one would narrow it)."""
    html = re.compile(rf"<!--\s*doclint-{action}(?=[\s,]|-->)([^>]*?)\s*-->")
    matches = list(html.finditer(text))
    if whole_line:
        matches = [m for m in matches if m.group(0) == text.strip()]
    if matches and matches[-1].group(1).strip(" ,"):
        return matches[-1].start(1) + len(matches[-1].group(1).rstrip())
    hashed = re.fullmatch(rf"\s*#\s*doclint-{action}[\s,]+(\S.*?)\s*", text)
    if whole_line and hashed:
        return hashed.end(1)
    return None


def _disable_actions(finding: BufferFinding, lines: BufferLines, uri: str, diagnostic: types.Diagnostic,
                     format: str) -> list[types.CodeAction]:
    """Comments that suppress the finding. A directive already in place (a ``disable-line`` at the end of the
    line, a ``disable-next-line`` on the line above) gets the rule added: a second comment line above would
    push the first one away from the line it was meant for."""
    code = finding.violation.code
    index = min(finding.violation.line - 1, lines.line_count - 1)
    text = lines.line(index)
    content = text.removeprefix("\ufeff") if index == 0 else text
    actions = []
    if format == "markdown":
        existing = _directive_end(content, "disable-line", whole_line=False)
        if existing is not None:
            where, insert = lines.from_doclint(index + 1, existing + 1), f" {code}"
        else:
            where = lines.from_doclint(index + 1, len(content) + 1)
            separator = "" if not content or content.endswith((" ", "\t")) else " "
            insert = f"{separator}<!-- doclint-disable-line {code} -->"
        actions.append(_insertion(f"Disable {code} on this line (comment at its end)", uri, diagnostic, where,
                                  insert))
    above = (lines.line(index - 1).removeprefix("\ufeff") if index == 1 else lines.line(index - 1)) if index else None
    existing = _directive_end(above, "disable-next-line", whole_line=True) if above is not None else None
    if existing is not None:
        where, insert = lines.from_doclint(index, existing + 1), f" {code}"
    else:
        prefix = _LINE_PREFIX.match(content)
        indent = prefix.group(0) if prefix and format == "markdown" else content[:len(content) - len(content.lstrip())]
        where = lines.from_doclint(index + 1, 1)  # after a BOM, if the buffer has one
        insert = f"{indent}<!-- doclint-disable-next-line {code} -->{lines.newline()}"
    actions.append(_insertion(f"Disable {code} on this line (comment on the line above)", uri, diagnostic, where,
                              insert))
    return actions


def _insertion(title: str, uri: str, diagnostic: types.Diagnostic, where: LspPosition,
               text: str) -> types.CodeAction:
    position = lsp_position(where)
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            edit=_edit(uri, [types.TextEdit(types.Range(position, position), text)]))


def minimal_edit(lines: BufferLines, new_text: str) -> types.TextEdit | None:
    """One edit turning the buffer into ``new_text``: the changed middle, so the editor keeps the cursor and
    the folds outside it."""
    old = lines.text
    if old == new_text:
        return None
    prefix = _common_prefix(old, new_text)
    suffix = _common_prefix(old[prefix:][::-1], new_text[prefix:][::-1])
    # Never split a CRLF, so that every client sees whole line breaks replaced.
    if 0 < prefix < len(old) and old[prefix - 1] == "\r" and old[prefix] == "\n":
        prefix -= 1
    cut = len(old) - suffix
    if 0 < cut < len(old) and old[cut - 1] == "\r" and old[cut] == "\n":
        suffix -= 1
    start, end = lines.from_offset(prefix), lines.from_offset(len(old) - suffix)
    return types.TextEdit(types.Range(lsp_position(start), lsp_position(end)), new_text[prefix:len(new_text) - suffix])


def _common_prefix(first: str, second: str) -> int:
    """The length of the longest common prefix, by bisection over slice comparisons (done in C): a megabyte
    buffer takes milliseconds where a character loop in Python takes a tenth of a second."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[low:middle] == second[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low
