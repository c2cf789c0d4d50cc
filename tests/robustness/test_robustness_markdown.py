"""Hostile Markdown for ``comparable_text`` (what DL001 and DL002 compare for every paragraph and heading).

Its regex ``_INLINE`` once scanned to the end of the block from every unclosed opening — backtick runs of many
lengths, ``<!--`` or ``![a](`` repeated — so such a block cost quadratic time (a 45 KB paragraph took 16 s).
The scans for a closer are now bounded. Tests do not time things: these check that hostile blocks come back
unchanged (nothing unclosed is taken for markup); ``bench/fuzz_parsers.py`` reports the slowest input.
"""

from __future__ import annotations

from doclint.engine import lint_text
from doclint.parsing.markdown import comparable_text
from doclint.rules import load_rules


def unclosed_backtick_runs(count: int) -> str:
    return " ".join("`" * length for length in range(1, count))  # `, ``, ```, ...: no run is closed


def test_unclosed_backtick_runs_are_left_alone() -> None:
    text = unclosed_backtick_runs(300)
    assert comparable_text(text) == text


def test_unclosed_html_comments_are_left_alone() -> None:
    assert comparable_text("<!--" * 20000) == "<!--" * 20000


def test_unclosed_images_are_left_alone() -> None:
    assert comparable_text("![a](" * 20000) == "![a](" * 20000


def test_a_paragraph_of_unclosed_backtick_runs_is_checked() -> None:
    assert lint_text(unclosed_backtick_runs(300) + "\n", "doc.md", None, load_rules()) == []


def test_closed_markup_is_still_compared_as_before() -> None:
    """What the fix must keep: code counts (with its punctuation), link targets, images and comments do not."""
    assert comparable_text("Run `ls` and read [the guide](http://x) <!-- note -->") .split() == [
        "Run", "ls", "and", "read", "the", "guide"]
    assert comparable_text("plain text") == "plain text"
