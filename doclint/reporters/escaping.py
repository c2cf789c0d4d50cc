"""Text from documents that reporters must not pass to a terminal or a log viewer as it is.

A message can quote the document (``{match}``), and a document can hold anything: ESC starting a colour, cursor
or screen-clearing sequence (``\\x1b[2J``), an OSC sequence that retitles the terminal or writes the clipboard,
C1 controls that some terminals take as ESC sequences (``\\x9b`` is CSI), and bidirectional overrides that make
the text shown differ from the text stored ("Trojan Source"). The snippets under a finding already show control
characters as Unicode control pictures; ``terminal_text`` does the same for messages in the text, concise and
github formats: C0 controls and DEL become their control pictures (``␛``), the rest an escape (``\\x9b``,
``\\u202e``).

The JSON formats keep the real text: JSON already escapes C0 controls, and ``json_text`` escapes the others as
``\\uXXXX``, which decodes to the same string.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidirectional marks, embeddings, overrides and isolates, and the Unicode line and
# paragraph separators (which some tools take as line breaks).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# What JSON leaves raw of those: it escapes the C0 controls itself, and a raw line break in its output is layout.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟, as the source snippets show them
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with every control, bidirectional and line-separating character made visible and inert."""
    return _UNSAFE.sub(_picture, text) if _UNSAFE.search(text) else text


def json_text(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters of ``_UNSAFE`` that JSON
    leaves raw written as ``\\uXXXX``: they occur only inside strings, where the escape means the same."""
    if not _UNSAFE_IN_JSON.search(dumped):
        return dumped
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)
