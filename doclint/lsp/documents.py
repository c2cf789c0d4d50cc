"""The open documents: the editor's buffers, kept in sync from ``didOpen``/``didChange``/``didClose``.

The server keeps its own copy rather than pygls's workspace documents for two reasons. Line breaks: the protocol
knows only CRLF, CR and LF (as doclint does), while pygls splits lines with ``str.splitlines``, which also
breaks at form feeds, U+2028 and other separators, so an edit after such a character would land on the wrong
line. Speed: pygls rebuilds the list of lines of the whole document for every incremental change; here the line
starts are kept and updated around each edit, so an edit of a megabyte document costs a fraction of a
millisecond plus one string concatenation.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from doclint.lsp.positions import BufferLines, LspPosition, line_starts


@dataclass
class OpenDocument:
    uri: str
    path: Path | None  # None: not a file (an unsaved buffer)
    language: str
    version: int
    text: str
    starts: list[int] = field(default_factory=list)  # offsets where lines begin

    def __post_init__(self) -> None:
        if not self.starts:
            self.starts = line_starts(self.text)

    def lines(self, encoding: str) -> BufferLines:
        return BufferLines(self.text, encoding, self.starts)

    def replace(self, start: LspPosition, end: LspPosition, new_text: str, encoding: str) -> None:
        """Apply one incremental change (positions in ``encoding``'s code units)."""
        lines = self.lines(encoding)
        first, last = lines.offset(start), lines.offset(end)
        if last < first:
            first, last = last, first
        self.text = self.text[:first] + new_text + self.text[last:]
        self.starts = updated_starts(self.starts, self.text, first, last, len(new_text))

    def set_text(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)


def updated_starts(starts: list[int], text: str, first: int, last: int, inserted: int) -> list[int]:
    """The line starts of ``text``, which is the old text with ``[first, last)`` replaced by ``inserted``
    characters, from the old text's ``starts``. Lines from one before the edit up to the first line start that
    lies past the edit and its neighbouring character (a CR and an LF on either side of the edit may join into
    one line break) are found again; the starts after that only move."""
    line = bisect.bisect_right(starts, first) - 1
    head = starts[:max(line - 1, 0) + 1]
    tail_from = bisect.bisect_right(starts, last + 1)
    delta = inserted - (last - first)
    tail = [start + delta for start in starts[tail_from:]]
    scan_end = tail[0] if tail else len(text)
    # A start equal to the first of the tail is the tail's; without a tail, a start at the very end is a last
    # (empty) line after a final line break.
    middle = [start for start in line_starts(text, head[-1], scan_end)
              if head[-1] < start and (start < scan_end or not tail)]
    return head + middle + tail


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
