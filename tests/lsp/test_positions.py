"""Positions and buffers without a server: code units, doclint columns, incremental edits, minimal edits."""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from doclint.lsp.actions import minimal_edit  # noqa: E402
from doclint.lsp.checking import BufferChecker  # noqa: E402
from doclint.lsp.documents import OpenDocument, split_lines  # noqa: E402
from doclint.lsp.positions import (  # noqa: E402
    UTF8,
    UTF16,
    UTF32,
    BufferLines,
    LspPosition,
    code_points_within,
    code_units,
)

# Characters that matter to positions: line breaks of each kind, astral and BMP non-ASCII characters, and the
# separators str.splitlines() breaks at but the protocol does not (form feed, U+2028).
TEXT = st.lists(st.sampled_from(["a", " ", "\n", "\r", "\r\n", "😀", "é", "\x0c", "\u2028"]), max_size=30).map("".join)


@pytest.mark.parametrize(("encoding", "expected"), [(UTF16, 4), (UTF8, 7), (UTF32, 3)])
def test_code_units_of_an_emoji(encoding: str, expected: int) -> None:
    assert code_units("a😀é", encoding) == expected


def test_doclint_columns_become_code_units_after_an_emoji() -> None:
    lines = BufferLines("title\n😀 Critics say\n")
    assert lines.from_doclint(2, 3) == LspPosition(1, 3)
    assert lines.to_doclint(LspPosition(1, 3)) == (2, 3)
    assert lines.to_doclint(LspPosition(1, 1)) == (2, 1)  # inside the emoji: its start


def test_a_bom_in_the_buffer_shifts_the_first_line_only() -> None:
    lines = BufferLines("\ufeffCritics say\r\nCritics say\r\n")
    assert lines.from_doclint(1, 1) == LspPosition(0, 1)
    assert lines.from_doclint(2, 1) == LspPosition(1, 0)
    assert lines.to_doclint(LspPosition(0, 1)) == (1, 1)


def test_lines_break_where_the_protocol_says_not_where_splitlines_does() -> None:
    lines = BufferLines("page\x0cone\u2028two\r\nthree\rfour\n")
    assert [lines.line(i) for i in range(lines.line_count)] == ["page\x0cone\u2028two", "three", "four", ""]
    assert lines.offset(LspPosition(1, 2)) == len("page\x0cone\u2028two\r\n") + 2
    assert lines.from_offset(len("page\x0cone\u2028two\r")) == LspPosition(0, 12)  # inside the CRLF: line end


def test_end_column_past_the_line_is_its_end() -> None:
    assert BufferLines("abc\r\ndef").from_doclint(1, 4) == LspPosition(0, 3)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([UTF16, UTF8, UTF32]), st.data())
def test_incremental_edits_land_where_the_protocol_says(text: str, encoding: str, data: st.DataObject) -> None:
    document = OpenDocument("file:///x.md", None, "markdown", 1, text)
    expected = text
    for _ in range(3):
        lines = BufferLines(expected, encoding)
        start = LspPosition(data.draw(st.integers(0, lines.line_count)), data.draw(st.integers(0, 12)))
        end = LspPosition(data.draw(st.integers(start.line, lines.line_count)), data.draw(st.integers(0, 12)))
        inserted = data.draw(TEXT)
        first, last = sorted((lines.offset(start), lines.offset(end)))
        expected = expected[:first] + inserted + expected[last:]
        document.replace(start, end, inserted, encoding)
        assert document.text == expected
        assert split_lines(document.text) == split_lines(expected)


def test_an_edit_can_join_a_cr_and_an_lf_into_one_line_break() -> None:
    document = OpenDocument("file:///x.md", None, "markdown", 1, "a\rb\nc")
    document.replace(LspPosition(1, 0), LspPosition(1, 1), "", UTF16)  # "b" removed
    assert document.text == "a\r\nc"
    assert document.lines(UTF16).line_count == 2


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("one\ntwo\nthree\n", "one\nthree\n", ((1, 1), (2, 1), "")),  # "t[wo\nt]hree": the shortest change
    ("a\r\nb\r\nc\r\n", "a\r\nc\r\n", ((1, 0), (2, 0), "")),
    ("😀 utilize\n", "😀 use\n", ((0, 4), (0, 9), "s")),  # u[tiliz]e -> u[s]e, after two UTF-16 units
])
def test_minimal_edit_replaces_only_the_changed_middle(old: str, new: str,
                                                       expected: tuple[tuple[int, int], tuple[int, int], str]) -> None:
    edit = minimal_edit(BufferLines(old), new)
    assert edit is not None
    start, end, text = expected
    assert ((edit.range.start.line, edit.range.start.character), (edit.range.end.line, edit.range.end.character),
            edit.new_text) == (start, end, text)


def test_checker_fixes_a_crlf_buffer_like_doclint_check_fix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ("Title\r\n\r\nThe plan was approved by the council after a long and careful debate on Monday.\r\n\r\n"
            "Other words.\r\n\r\nThe plan was approved by the council after a long and careful debate on Monday.\r\n")
    checker = BufferChecker(tmp_path)
    result = checker.check(text, tmp_path / "a.txt")
    [duplicate] = [f for f in result.findings if f.violation.code == "DL001"]
    # The fix removes the copy with the blank line before it: from the end of line 5 to the end of line 7.
    assert duplicate.fix is not None
    assert (duplicate.fix.line, duplicate.fix.column, duplicate.fix.end_line, duplicate.fix.end_column) == (6, 1, 8, 1)
    assert checker.fix_all(text, tmp_path / "a.txt") == text[:text.rindex("The plan")].removesuffix("\r\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "😀", "é", " "]), min_size=0, max_size=3000).map("".join),
       st.sampled_from([UTF16, UTF8]), st.data())
def test_long_lines_convert_like_counting_from_the_start(line: str, encoding: str, data: st.DataObject) -> None:
    """Checkpoints every CHECKPOINT code points give the same answers as counting the whole prefix."""
    lines = BufferLines("title\n" + line + "\nend", encoding, checkpoint=16)  # short examples cross many
    points = data.draw(st.integers(0, len(line) + 2))
    assert lines.from_doclint(2, points + 1) == LspPosition(1, code_units(line[:points], encoding))
    units = data.draw(st.integers(0, code_units(line, encoding) + 2))
    assert lines.to_doclint(LspPosition(1, units)) == (2, code_points_within(line, units, encoding) + 1)
