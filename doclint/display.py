"""How paths are shown: escaped for one printable line, while the real path stays the file's identity.

A file's path is kept as the operating system gave it (undecodable bytes as lone surrogates, a line break in a
name as a line break): two files whose shown names would be the same stay two files, and SARIF points at the
real file. Only what is printed for people is escaped, with ``printable_path``.
"""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """``1 file``, ``3 files``: a count and its noun, for messages."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def printable_path(path: str) -> str:
    """``path`` with what a terminal would not show as itself escaped: bytes that are not UTF-8 (which Python
    keeps as lone surrogates, and which no output stream can encode), control characters (a line break in a
    name would split a one-line message; an escape sequence would reach the terminal) and invisible format
    characters."""
    if path.isprintable():
        return path
    return "".join(character if character.isprintable() or character == " " else _escape(character)
                   for character in path)


def _escape(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return character.encode("unicode_escape").decode("ascii")
