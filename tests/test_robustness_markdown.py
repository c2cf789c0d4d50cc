"""Hostile Markdown: bugs found in ``doclint/parsing/markdown.py`` while fuzzing it for issue 7, kept as strict
xfail tests for its owner (a strict xfail fails the run once the bug is fixed, so the marker gets removed).

``comparable_text`` (what DL001 and DL002 compare for every paragraph and heading) blanks inline markup with one
regex, ``_INLINE``. Three of its alternatives scan ahead from every opening they see until the end of the block
when nothing closes them, so a block made of unclosed openings costs time quadratic in its length:

- code spans, ``(`+)(?!`)[\\s\\S]+?(?<!`)\\2(?!`)``: backtick runs of many different lengths, none closed
  (a 45 KB paragraph takes 16 s for DL001, a 200 KB one several minutes);
- HTML comments, ``<!--[\\s\\S]*?-->``: ``<!--`` repeated and never closed (32 KB: 1.7 s);
- images, ``!\\[[^\\]\\n]*\\]\\([^)\\n]*\\)``: ``![a](`` repeated (40 KB: 1 s).

A linear scan (CommonMark's own algorithm for code spans indexes backtick runs by length; a failed search for a
closer can be remembered so it is not repeated from the next opening) removes it. The times asserted below are
far above what a linear pass takes (about a millisecond) and far below what the quadratic one takes.
"""

from __future__ import annotations

import time

import pytest

from doclint.engine import lint_text
from doclint.parsing.markdown import comparable_text
from doclint.rules import load_rules

QUADRATIC = "markdown.py: _INLINE scans to the end of the block from every unclosed opening (quadratic time)"


def _seconds(function, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def unclosed_backtick_runs(count: int) -> str:
    return " ".join("`" * length for length in range(1, count))  # `, ``, ```, ...: no run is closed


@pytest.mark.xfail(strict=True, reason=QUADRATIC + ": code spans")
def test_unclosed_backtick_runs_are_linear() -> None:
    assert _seconds(comparable_text, unclosed_backtick_runs(120)) < 0.05  # 7 KB; now 0.4 s


@pytest.mark.xfail(strict=True, reason=QUADRATIC + ": HTML comments")
def test_unclosed_html_comments_are_linear() -> None:
    assert _seconds(comparable_text, "<!--" * 4000) < 0.05  # 16 KB; now 0.4 s


@pytest.mark.xfail(strict=True, reason=QUADRATIC + ": images")
def test_unclosed_images_are_linear() -> None:
    assert _seconds(comparable_text, "![a](" * 5000) < 0.05  # 25 KB; now 0.4 s


@pytest.mark.xfail(strict=True, reason=QUADRATIC + ": DL001 on one such paragraph")
def test_a_paragraph_of_unclosed_backtick_runs_is_checked_quickly() -> None:
    rules = load_rules()
    text = unclosed_backtick_runs(120) + "\n"
    assert _seconds(lint_text, text, "doc.md", None, rules) < 0.2  # now 0.4 s


def test_closed_markup_is_still_compared_as_before() -> None:
    """What the fix must keep: code counts (with its punctuation), link targets, images and comments do not."""
    assert comparable_text("Run `ls` and read [the guide](http://x) <!-- note -->") .split() == [
        "Run", "ls", "and", "read", "the", "guide"]
    assert comparable_text("plain text") == "plain text"
