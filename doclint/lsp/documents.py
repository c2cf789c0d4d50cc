"""The open documents: the editor's buffers, kept in sync from ``didOpen``/``didChange``/``didClose``.

The server keeps its own copy rather than pygls's workspace documents for two reasons. Line breaks: the protocol
knows only CRLF, CR and LF (as doclint does), while pygls splits lines with ``str.splitlines``, which also
breaks at form feeds, U+2028 and other separators, so an edit after such a character would land on the wrong
line. Speed: pygls rebuilds the whole text and its list of lines for every incremental change (10 ms per
keystroke in a megabyte document); here a document is a list of lines and an edit replaces the lines it
touches (11 µs per keystroke in the same document), and the text is joined once per check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from doclint.lsp.positions import BufferLines, LspPosition, code_points_within, line_starts


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its line break, and always a last one without (possibly empty)."""
    starts = line_starts(text)
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)])]


def _content(line: str) -> str:
    """A line without its line break."""
    if line.endswith("\r\n"):
        return line[:-2]
    return line[:-1] if line.endswith(("\r", "\n")) else line


@dataclass
class OpenDocument:
    uri: str
    path: Path | None  # None: not a file (an unsaved buffer)
    language: str
    version: int
    initial_text: str = field(repr=False)
    _lines: list[str] = field(default_factory=list, repr=False)
    _text: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.set_text(self.initial_text)
        self.initial_text = ""

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._lines)
        return self._text

    def lines(self, encoding: str) -> BufferLines:
        return BufferLines(self.text, encoding)

    def set_text(self, text: str) -> None:
        self._lines = split_lines(text)
        self._text = text

    def replace(self, start: LspPosition, end: LspPosition, new_text: str, encoding: str) -> None:
        """Apply one incremental change (positions in ``encoding``'s code units; past the end: the end)."""
        first, first_column = self._locate(start, encoding)
        last, last_column = self._locate(end, encoding)
        if (last, last_column) < (first, first_column):
            first, first_column, last, last_column = last, last_column, first, first_column
        # The lines on either side join in: a CR before the edit and an LF after it become one line break.
        low, high = max(first - 1, 0), min(last + 1, len(self._lines) - 1)
        before = "".join(self._lines[low:first]) + self._lines[first][:first_column]
        after = self._lines[last][last_column:] + "".join(self._lines[last + 1:high + 1])
        pieces = split_lines(before + new_text + after)
        if high < len(self._lines) - 1:
            pieces.pop()  # the region ends with line ``high``'s break: its empty last piece is the next line's start
        self._lines[low:high + 1] = pieces
        self._text = None

    def _locate(self, position: LspPosition, encoding: str) -> tuple[int, int]:
        """(line index, code point column) of a protocol position, clamped to the document."""
        if position.line >= len(self._lines):
            return len(self._lines) - 1, len(_content(self._lines[-1]))
        index = max(position.line, 0)
        content = _content(self._lines[index])
        return index, code_points_within(content, max(position.character, 0), encoding)


@dataclass
class DocumentStore:
    documents: dict[str, OpenDocument] = field(default_factory=dict)

    def open(self, uri: str, path: Path | None, language: str, version: int, text: str) -> OpenDocument:
        document = OpenDocument(uri, path, language, version, text)
        self.documents[uri] = document
        return document

    def get(self, uri: str) -> OpenDocument | None:
        return self.documents.get(uri)

    def close(self, uri: str) -> None:
        self.documents.pop(uri, None)
