"""Regular expressions written by users, run under a time budget so that no pattern can hang a run.

A rule's ``patterns`` come from YAML that anyone may write, and Python's ``re`` backtracks: ``(a+)+$`` against
fifty ``a`` and a ``b`` takes longer than the age of the universe, and ``re`` cannot be stopped from outside
(threads cannot interrupt it; signals work only on the main thread of Unix). So user patterns are compiled with
the ``regex`` module, which accepts the same syntax and takes a ``timeout``. Measured on this machine
(``bench/regex_engines.py``):

==============================  ===========  ===========  ===================  ==========
pattern, text                   ``re``       ``regex``    ``regex`` + timeout  RE2
==============================  ===========  ===========  ===================  ==========
``(a+)+$``, a*50 + b            > 5 s        0.001 s      0.001 s              0.0001 s
``(a|a)*$``, a*50 + b           > 5 s        > 5 s        stopped at 0.5 s     0.0002 s
``(a|aa)+$``, a*60 + b          > 5 s        > 5 s        stopped at 0.5 s     0.0002 s
``(\\w+\\s?)+$``, words + !     > 5 s        0.003 s      0.001 s              0.0002 s
==============================  ===========  ===========  ===================  ==========

RE2 (google-re2) is linear-time, but it has no look-arounds (the word-boundary wrapping of ``_scoping`` and the
cue look-aheads of DL003 use them) and no backreferences, its ``\\w`` and ``\\b`` are ASCII-only (``café`` would
be two words), and it refuses large patterns (a 100,000-word trie: "pattern too large"). ``regex`` keeps Python
semantics, defuses many explosive patterns by itself, and stops the rest.

How the budget works: the engine gives each rule a budget per document (``time_budget``); every search of a
``SafePattern`` inside it may take what is left. A search that runs out raises ``PatternTimeout``, which names
the patterns and the offset where the search was, and the engine reports it as an error for that file and rule
(the rule's findings until then are kept; the other rules and files are checked normally). Outside any budget
(API use of a check kind), each search gets ``DEFAULT_TIMEOUT`` seconds.

Patterns built by doclint itself from literal words (tries) and the built-in regexes stay on ``re``: they
cannot backtrack catastrophically, and ``re`` compiles a 100,000-word trie four times faster.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import time
from collections.abc import Iterator, Sequence

import regex

DEFAULT_TIMEOUT = 2.0  # seconds per search when no budget is set
_MIN_TIMEOUT = 0.001

# Flags are passed as ``re`` flags; ``regex`` has the same meanings under other objects.
_FLAGS = ((re.IGNORECASE, regex.IGNORECASE), (re.MULTILINE, regex.MULTILINE), (re.DOTALL, regex.DOTALL),
          (re.VERBOSE, regex.VERBOSE), (re.ASCII, regex.ASCII))

# (deadline on the monotonic clock, the budget's length in seconds) of the innermost ``time_budget``.
_budget: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("doclint_regex_budget",
                                                                                    default=None)


class PatternTimeout(Exception):
    """A user pattern did not finish within its time budget."""

    def __init__(self, patterns: Sequence[str], offset: int, seconds: float) -> None:
        self.patterns = tuple(patterns)
        self.offset = offset  # where in the searched text the search was (start of the search or last match)
        self.seconds = seconds
        super().__init__(f"regular expression timed out after {seconds:.1f} s: {describe_patterns(self.patterns)}")


def describe_patterns(patterns: Sequence[str], limit: int = 3, width: int = 80) -> str:
    """``'(a+)+$'`` or ``'x', 'y', 'z' and 2 more``, each cut to ``width`` characters, for one-line messages."""
    shown = [repr(p if len(p) <= width else p[: width - 1] + "…") for p in patterns[:limit]]
    more = f" and {len(patterns) - limit} more" if len(patterns) > limit else ""
    return ", ".join(shown) + more


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Every ``SafePattern`` search inside the block shares ``seconds`` of matching time."""
    token = _budget.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _budget.reset(token)


def _remaining() -> tuple[float, float]:
    """(seconds this search may take, the whole budget it comes from, for the message)."""
    budget = _budget.get()
    if budget is None:
        return DEFAULT_TIMEOUT, DEFAULT_TIMEOUT
    deadline, seconds = budget
    return max(deadline - time.monotonic(), _MIN_TIMEOUT), seconds


def _regex_flags(flags: int) -> int:
    result = 0
    for re_flag, regex_flag in _FLAGS:
        if flags & re_flag:
            result |= regex_flag
    return result


def pattern_error(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` cannot be used (in the words of ``re``), or None. Both ``re`` (the documented syntax)
    and ``regex`` (which runs it) must accept it; a pattern nested too deeply for either parser, or with a
    repeat count too large, is an error like any other rather than a crash."""
    try:
        re.compile(pattern, flags)
        regex.compile(pattern, _regex_flags(flags))
    except (re.error, regex.error) as error:
        return str(error)
    except RecursionError:
        return "nested too deeply"
    except (OverflowError, ValueError, MemoryError) as error:
        return str(error) or type(error).__name__
    return None


class SafePattern:
    """A compiled user pattern whose searches run under the current time budget.

    The methods mirror ``re.Pattern`` (``pos``/``endpos`` included) and raise ``PatternTimeout`` instead of
    running on. ``patterns`` are the user's patterns this regex was built from, for the message.
    """

    __slots__ = ("_compiled", "pattern", "patterns", "groups")

    def __init__(self, source: str, flags: int = 0, patterns: Sequence[str] | None = None) -> None:
        self._compiled = regex.compile(source, _regex_flags(flags))
        self.pattern = source
        self.patterns = tuple(patterns) if patterns is not None else (source,)
        self.groups = self._compiled.groups

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        timeout, budget = _remaining()
        offset = pos
        try:
            for match in self._compiled.finditer(string, pos, endpos, timeout=timeout):
                offset = match.end()
                yield match
        except TimeoutError:
            raise PatternTimeout(self.patterns, offset, budget) from None

    def findall(self, string: str, pos: int = 0, endpos: int | None = None) -> list[object]:
        return [m.group() if self.groups == 0 else (m.groups() if self.groups > 1 else m.group(1))
                for m in self.finditer(string, pos, endpos)]

    def _call(self, method: str, string: str, pos: int, endpos: int | None) -> regex.Match[str] | None:
        timeout, budget = _remaining()
        try:
            return getattr(self._compiled, method)(string, pos, endpos, timeout=timeout)  # type: ignore[no-any-return]
        except TimeoutError:
            raise PatternTimeout(self.patterns, pos, budget) from None

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self._call("search", string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self._call("match", string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self._call("fullmatch", string, pos, endpos)

    def __repr__(self) -> str:
        return f"SafePattern({self.pattern!r})"


def compile_user_pattern(pattern: str, flags: int = 0, patterns: Sequence[str] | None = None) -> SafePattern:
    """``pattern`` (already checked with ``pattern_error``) as a time-bounded ``SafePattern``."""
    return SafePattern(pattern, flags, patterns)
