"""Text normalisation for comparing blocks: case, punctuation, whitespace and line wrapping do not count.

Blocks are compared on ``Document.block_comparable``: inline code counts (``get()`` and ``set()`` differ), link
targets and HTML do not, and markup punctuation (``**``, ``>`` of a blockquote) goes with the other punctuation.
"""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[\W_]+")


def comparison_key(text: str) -> str:
    """``"Read  more,\\nplease!"`` -> ``"read more please"``."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def flat(text: str) -> str:
    """Whitespace runs (line breaks, masked markup) become single spaces, for messages."""
    return " ".join(text.split())


def excerpt(text: str, limit: int = 40) -> str:
    """A one-line excerpt of ``text`` for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
