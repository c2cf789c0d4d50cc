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


def _disable_actions(finding: BufferFinding, lines: BufferLines, uri: str, diagnostic: types.Diagnostic,
                     format: str) -> list[types.CodeAction]:
    code = finding.violation.code
    index = min(finding.violation.line - 1, lines.line_count - 1)
    text = lines.line(index)
    actions = []
    if format == "markdown":
        end = lines.from_doclint(index + 1, len(text) + 1)
        separator = "" if not text or text.endswith((" ", "\t")) else " "
        edit = types.TextEdit(types.Range(lsp_position(end), lsp_position(end)),
                              f"{separator}<!-- doclint-disable-line {code} -->")
        actions.append(types.CodeAction(title=f"Disable {code} on this line (comment at its end)",
                                        kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                        edit=_edit(uri, [edit])))
    prefix = _LINE_PREFIX.match(text.removeprefix("\ufeff"))
    indent = prefix.group(0) if prefix and format == "markdown" else text[:len(text) - len(text.lstrip())]
    start = types.Position(line=index, character=0)
    edit = types.TextEdit(types.Range(start, start), f"{indent}<!-- doclint-disable-next-line {code} -->"
                                                    f"{lines.newline()}")
    actions.append(types.CodeAction(title=f"Disable {code} on this line (comment on the line above)",
                                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                    edit=_edit(uri, [edit])))
    return actions


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
