"""The engine adapter without a server: what a buffer check reports when something goes wrong, and the command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol")

from conftest import run_cli  # noqa: E402

import doclint.lsp.checking as checking  # noqa: E402
from doclint.lsp.checking import BufferChecker, BufferProblem  # noqa: E402

CLAIM = "# Notes\n\nCritics say the plan is too expensive.\n"


def test_a_parser_failure_is_one_problem_not_an_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checking, "parse_document", broken)
    result = BufferChecker(tmp_path).check(CLAIM, tmp_path / "notes.md")
    assert result.findings == ()
    assert result.problems == (BufferProblem("could not be parsed: RuntimeError: boom (a bug in doclint: please "
                                             "report it)"),)


def test_a_buffer_over_max_file_size_is_not_checked(tmp_path: Path) -> None:
    (tmp_path / ".doclint.yaml").write_text("max-file-size: 1KB\n", encoding="utf-8")
    result = BufferChecker(tmp_path).check(CLAIM * 30, tmp_path / "notes.md")
    assert result.findings == ()
    assert result.problems == (BufferProblem("not checked: larger than max-file-size (1 KiB)"),)


def test_an_unsaved_buffer_is_parsed_as_its_language_says(tmp_path: Path) -> None:
    heading = "# Notes\n\nText here.\n\n# Notes\n"
    checker = BufferChecker(tmp_path)
    as_markdown = checker.check(heading, None, "markdown")
    assert [(f.violation.code, f.violation.line, f.violation.column) for f in as_markdown.findings] == [
        ("DL002", 5, 3)]
    assert as_markdown.format == "markdown"
    assert checker.check(heading, None, "plaintext").format == "text"


def test_per_file_ignores_apply_to_the_buffer_path(tmp_path: Path) -> None:
    (tmp_path / ".doclint.yaml").write_text('per-file-ignores: {"CHANGELOG.md": [DL003]}\n', encoding="utf-8")
    checker = BufferChecker(tmp_path)
    assert checker.check(CLAIM, tmp_path / "CHANGELOG.md").findings == ()
    assert [f.violation.code for f in checker.check(CLAIM, tmp_path / "notes.md").findings] == ["DL003"]


def test_lsp_command_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls now fails, as when it is not installed
    monkeypatch.delitem(sys.modules, "doclint.lsp.server", raising=False)
    result = run_cli("lsp")
    assert result.exit_code == 1
    assert result.output.startswith('Error: doclint lsp needs the language-server extra: pip install "doclint[lsp]"')


def test_comment_above_the_first_line_goes_after_a_bom(tmp_path: Path) -> None:
    from lsprotocol import types

    from doclint.lsp.actions import code_actions
    from doclint.lsp.diagnostics import to_diagnostics
    from doclint.lsp.positions import BufferLines

    text = "\ufeffCritics say the plan is too expensive.\nThe vote is on Monday.\n"
    path = tmp_path / "news.txt"
    result = BufferChecker(tmp_path).check(text, path)
    lines = BufferLines(text)
    diagnostics = to_diagnostics(result, lines, path.as_uri(), "news.txt", tmp_path)
    assert [(d.code, d.range.start.character) for d in diagnostics] == [("DL003", 1)]  # the BOM is one unit
    [above] = code_actions(result, lines, path.as_uri(), diagnostics[0].range, None, diagnostics, lambda: text)
    assert above.edit is not None and above.edit.changes is not None
    [edit] = above.edit.changes[path.as_uri()]
    assert edit == types.TextEdit(types.Range(types.Position(0, 1), types.Position(0, 1)),
                                  "<!-- doclint-disable-next-line DL003 -->\n")


def test_the_command_line_does_not_load_the_server() -> None:
    """`doclint check` must not pay for pygls (about 0.35 s to import): only `doclint lsp` imports it."""
    import subprocess

    code = "import sys, doclint.cli; print(sorted(m for m in ('pygls', 'lsprotocol') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
