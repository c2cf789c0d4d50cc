"""Positions in the editor's buffer, in the code units the client and the server agreed on.

doclint counts lines and columns in code points (1-based; an end column is one past the last character) over
its parsed text, which has the BOM removed and every line break (CRLF, CR, LF) made one ``\\n``: line numbers
and columns are therefore those of the buffer as the user sees it, except that a BOM the buffer kept shifts the
first line by one character. The Language Server Protocol counts lines from 0 and characters in UTF-16 code
units unless the client offered another ``positionEncoding`` at initialisation (an emoji is one code point but
two UTF-16 units and four UTF-8 bytes). ``BufferLines`` converts between the two over the buffer's own text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF16, UTF8, UTF32)
CHECKPOINT = 1024  # code points between two checkpoints on a long line (see BufferLines)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the protocol's line breaks, and the ones doclint normalises


def code_units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding`` (``utf-8``, ``utf-16`` or ``utf-32``)."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def code_points_within(text: str, units: int, encoding: str) -> int:
    """How many code points of ``text`` fit in its first ``units`` code units (a position inside a character
    moves back to that character's start)."""
    if encoding == UTF32 or text.isascii():
        return min(units, len(text))
    used = 0
    for index, character in enumerate(text):
        used += code_units(character, encoding)
        if used > units:
            return index
    return len(text)


def line_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets where lines begin after ``start`` (and before ``end``); from 0, the first line's 0 included."""
    found = [0] if start == 0 else []
    found += [match.end() for match in _LINE_BREAK.finditer(text, start, len(text) if end is None else end)]
    return found


@dataclass(frozen=True, slots=True)
class LspPosition:
    line: int  # 0-based
    character: int  # 0-based, in the negotiated code units


class BufferLines:
    """The lines of one version of a buffer, for converting doclint positions and buffer offsets.

    Conversions never copy a whole line: an ASCII buffer (or UTF-32) needs no counting, and a long line with
    other characters gets checkpoints (its code units every ``checkpoint`` code points), so that many findings on
    one megabyte-long line (minified or generated text) cost a chunk each rather than the line each.
    """

    __slots__ = ("text", "encoding", "_starts", "_bom", "_plain", "_checkpoints", "_step")

    def __init__(self, text: str, encoding: str = UTF16, starts: list[int] | None = None,
                 checkpoint: int = CHECKPOINT) -> None:
        self.text = text
        self._step = checkpoint
        self.encoding = encoding
        self._starts = starts if starts is not None else line_starts(text)
        self._bom = text.startswith("\ufeff")
        self._plain = encoding == UTF32 or text.isascii()  # code units are code points
        self._checkpoints: dict[int, list[int]] = {}  # line -> code units before every checkpoint

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line(self, index: int) -> str:
        """The text of line ``index`` (0-based), without its line break."""
        return self.text[self._starts[index]:self._line_end(index)]

    def _line_end(self, index: int) -> int:
        if index + 1 >= len(self._starts):
            return len(self.text)
        end = self._starts[index + 1] - 1  # the (last character of the) line break
        if self.text[end] == "\n" and end > self._starts[index] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def _marks(self, index: int) -> list[int]:
        marks = self._checkpoints.get(index)
        if marks is None:
            start, end = self._starts[index], self._line_end(index)
            marks = [0]
            for chunk in range(start, end - self._step + 1, self._step):
                marks.append(marks[-1] + code_units(self.text[chunk:chunk + self._step], self.encoding))
            self._checkpoints[index] = marks
        return marks

    def _units(self, index: int, points: int) -> int:
        """Code units of the first ``points`` code points of line ``index`` (at most the whole line)."""
        start = self._starts[index]
        points = min(max(points, 0), self._line_end(index) - start)
        if self._plain:
            return points
        if points < self._step:
            return code_units(self.text[start:start + points], self.encoding)
        chunk = min(points // self._step, len(self._marks(index)) - 1)
        done = chunk * self._step
        return self._marks(index)[chunk] + code_units(self.text[start + done:start + points], self.encoding)

    def _points(self, index: int, units: int) -> int:
        """Code points of line ``index`` that fit in its first ``units`` code units."""
        start, end = self._starts[index], self._line_end(index)
        units = max(units, 0)
        if self._plain:
            return min(units, end - start)
        marks = self._marks(index) if end - start >= self._step else [0]
        chunk = bisect.bisect_right(marks, units) - 1
        done = chunk * self._step
        rest = self.text[start + done:min(end, start + done + self._step)]  # the answer lies in this chunk
        return done + code_points_within(rest, units - marks[chunk], self.encoding)

    def offset(self, position: LspPosition) -> int:
        """A protocol position as an offset into the text (past the end of a line: the line's end; past the last
        line: the end of the text)."""
        if position.line >= len(self._starts):
            return len(self.text)
        index = max(position.line, 0)
        return self._starts[index] + self._points(index, position.character)

    def newline(self) -> str:
        """The buffer's line break (its first one; LF when it has none), for text a fix or a comment inserts."""
        match = _LINE_BREAK.search(self.text)
        return match.group(0) if match else "\n"

    def from_doclint(self, line: int, column: int) -> LspPosition:
        """A doclint position (1-based line, 1-based column in code points) as a protocol position. A column past
        the end of its line (a finding ending at the line break) is the end of the line."""
        index = min(max(line - 1, 0), self.line_count - 1)
        points = max(column - 1, 0) + (1 if self._bom and index == 0 else 0)
        return LspPosition(index, self._units(index, points))

    def to_doclint(self, position: LspPosition) -> tuple[int, int]:
        """A protocol position as a doclint (line, column); positions past the end are clamped to it."""
        index = min(max(position.line, 0), self.line_count - 1)
        points = self._points(index, position.character)
        if self._bom and index == 0:
            points = max(points - 1, 0)
        return index + 1, points + 1

    def from_offset(self, offset: int) -> LspPosition:
        """A character offset into the buffer's text as a protocol position (an offset inside a CRLF is the
        end of its line)."""
        offset = min(max(offset, 0), len(self.text))
        index = bisect.bisect_right(self._starts, offset) - 1
        return LspPosition(index, self._units(index, offset - self._starts[index]))

    def end(self) -> LspPosition:
        return self.from_offset(len(self.text))
