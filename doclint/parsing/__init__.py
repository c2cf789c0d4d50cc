"""Turn file text into a ``Document``: one module per format, chosen by extension or by the caller."""

from __future__ import annotations

import re
from pathlib import PurePath

from doclint.document import Document

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES
FORMATS = ("markdown", "text")

_NEWLINES = re.compile(r"\r\n?")


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF. Each line break stays one character, so lines and columns do not move."""
    if "\r" not in text:
        return text
    return _NEWLINES.sub("\n", text)


# A translation table for bytes.translate: every byte becomes a space but the newline's (byte 10).
_BLANK_BYTES = b" " * ord("\n") + b"\n" + b" " * (255 - ord("\n"))


def blank_out(text: str) -> str:
    """Replace every character but newlines with a space, keeping offsets and line structure."""
    if "\n" not in text:
        return " " * len(text)
    # In C: ASCII with one "?" for each other character (one byte each), every byte but "\n" made a space.
    return text.encode("ascii", "replace").translate(_BLANK_BYTES).decode("ascii")


def format_for_path(path: str) -> str:
    """Markdown for ``.md``/``.markdown``; plain text for everything else (any file named explicitly)."""
    return "markdown" if PurePath(path).suffix.lower() in MARKDOWN_SUFFIXES else "text"


def parse_document(text: str, path: str = "<text>", format: str | None = None, paragraph_mode: str = "auto") -> Document:
    """Parse decoded text (with or without a BOM, any line endings) into a Document.

    ``paragraph_mode`` applies to plain text: ``auto`` detects per file, ``blank-lines`` or ``lines`` force one.
    """
    text = normalise_newlines(text.removeprefix("\ufeff"))  # a BOM is not part of what the user sees
    chosen = format or format_for_path(path)
    if chosen == "markdown":
        from doclint.parsing.markdown import parse_markdown

        return parse_markdown(text, path)
    if chosen == "text":
        from doclint.parsing.plaintext import parse_plain_text

        return parse_plain_text(text, path, paragraph_mode)
    raise ValueError(f"unknown document format {chosen!r}; expected one of {', '.join(FORMATS)}")
