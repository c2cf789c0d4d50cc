"""Regular expressions written by users, run under a time budget so that no pattern can hang a run.

A rule's ``patterns`` come from YAML that anyone may write, and Python's ``re`` backtracks: ``(a+)+$`` against
fifty ``a`` and a ``b`` takes longer than the age of the universe, and ``re`` cannot be stopped from outside
(threads cannot interrupt it; signals work only on the main thread of Unix). So user patterns are compiled with
the ``regex`` module, which accepts the same syntax and takes a ``timeout``. Measured on this machine with
``bench/regex_engines.py`` (each in its own process):

=====================================  ========  ========  =====================  ========
pattern, text                          ``re``    ``regex`` ``regex``, timeout 0.5 RE2
=====================================  ========  ========  =====================  ========
``(a+)+$``, a*50 + b                   > 5 s     0.01 s    0.01 s                 0.003 s
``(a|a)+$``, a*50 + b                  > 5 s     > 5 s     stopped at 0.52 s      0.003 s
``(a|aa)+$``, a*60 + b                 > 5 s     > 5 s     stopped at 0.51 s      0.003 s
``(\\w+\\s?)+$``, "word " * 20 + !       > 5 s     0.009 s   0.009 s                0.002 s
``(x+x+)+y``, x*40                     > 5 s     0.011 s   0.010 s                0.004 s
=====================================  ========  ========  =====================  ========

RE2 (google-re2) is linear-time, but it has no look-arounds (the word-boundary wrapping of ``wordlists`` and the
cue look-aheads of DL003 use them) and no backreferences, its ``\\w`` and ``\\b`` are ASCII-only (``café`` would
be two words), and it refuses large patterns (a 100,000-word trie: "pattern too large"). ``regex`` keeps Python
semantics, defuses many explosive patterns by itself, and stops the rest. Its price: a search with a timeout
costs about 1.5 µs more than one without, i.e. per paragraph searched by a rule that has patterns.

How the budget works: the engine gives each rule a budget per document (``time_budget``); every search of a
``SafePattern`` inside it may take what is left. A search that runs out raises ``PatternTimeout``, which names
the patterns and the offset where the search was, and the engine reports it as an error for that file and rule
(the rule's findings until then are kept; the other rules and files are checked normally). Outside any budget
(API use of a check kind), each search gets ``DEFAULT_TIMEOUT`` seconds.

What stays on ``re``: regexes that doclint builds from literal words (tries), which cannot backtrack
catastrophically, and which ``re`` compiles faster (a 100,000-word trie: 2.3 s against 6 s); its own
built-in regexes; and the patterns that ship in the built-in rule files (``shipped_patterns``), which are
reviewed and tested against adversarial input (``tests/test_robustness_rules.py``). The reason is speed: DL003's
cue patterns run 2.7 times slower on ``regex`` (BBC news, 2,225 articles: 2.1 s against 5.5 s, same findings).
A user who changes those patterns (in a rule file of their own or through ``rule-settings``) gets ``regex``.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import time
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    import regex

# What a search finds: an ``re`` match for built-in patterns, a ``regex`` match for a user's.
Match = Union["re.Match[str]", "regex.Match[str]"]

DEFAULT_TIMEOUT = 2.0  # seconds per search when no budget is set
# The bounds of ``regex-timeout`` (seconds per MB): a repository's configuration must not switch the guard off
# (1e9 would let one pattern hang a CI job for decades) nor make every search fail (1e-300).
MIN_REGEX_TIMEOUT = 0.01
MAX_REGEX_TIMEOUT = 60.0


def regex_timeout_error(seconds: float) -> str | None:
    """Why ``seconds`` cannot be the ``regex-timeout``, or None."""
    if not MIN_REGEX_TIMEOUT <= seconds <= MAX_REGEX_TIMEOUT:  # NaN fails both comparisons
        return (f"regex-timeout: must be between {MIN_REGEX_TIMEOUT:g} and {MAX_REGEX_TIMEOUT:g} seconds, "
                f"got {seconds!r}")
    return None
_MIN_TIMEOUT = 0.001

# Flags are passed as ``re`` flags; ``regex`` has the same meanings under other objects.
_FLAG_NAMES = ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII")


def _regex() -> ModuleType:
    """The ``regex`` module, imported when a user pattern first needs it (it takes 9 ms to import)."""
    import regex

    return regex


# (deadline on the monotonic clock, the budget's length in seconds) of the innermost ``time_budget``.
_budget: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("doclint_regex_budget",
                                                                                    default=None)


class PatternTimeout(Exception):
    """A user pattern did not finish within its time budget."""

    def __init__(self, patterns: Sequence[str], offset: int, seconds: float, string: str | None = None) -> None:
        self.patterns = tuple(patterns)
        self.string = string  # the text searched (the engine locates ``offset`` when it is the document's)
        self.offset = offset  # where in ``string`` the search was (its start, or the end of the last match)
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
    regex = _regex()
    result = 0
    for name in _FLAG_NAMES:
        if flags & getattr(re, name):
            result |= getattr(regex, name)
    return result


# Set while the built-in rule files load (``trusted_patterns``): their patterns are not compiled twice more to
# be validated at every start (about half a second of start-up). The test suite loads them with validation
# (``load_rules(validate_builtin=True)``), so the trust is earned there, not assumed.
_trusted: contextvars.ContextVar[bool] = contextvars.ContextVar("doclint_trusted_patterns", default=False)


@contextlib.contextmanager
def trusted_patterns() -> Iterator[None]:
    """Inside the block, ``pattern_error`` accepts every pattern without compiling it (built-in rules only)."""
    token = _trusted.set(True)
    try:
        yield
    finally:
        _trusted.reset(token)


def patterns_trusted() -> bool:
    """Whether the patterns being loaded are trusted (inside ``trusted_patterns``): a check kind's own validation
    of them (``wordlists.validate_patterns``) may be skipped too."""
    return _trusted.get()


def pattern_error(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` cannot be used (in the words of ``re``), or None. Both ``re`` (the documented syntax)
    and ``regex`` (which runs it) must accept it, unless it ships with doclint and runs on ``re``; a pattern
    nested too deeply for either parser, or with a repeat count too large, is an error like any other rather
    than a crash. Inside ``trusted_patterns``: None, unchecked."""
    if _trusted.get():
        return None
    return _pattern_error(pattern, flags)


@functools.lru_cache(maxsize=1024)
def _pattern_error(pattern: str, flags: int) -> str | None:
    error = re_error(pattern, flags)
    if error is not None or pattern in shipped_patterns():
        return error
    regex = _regex()
    return _compile_error(lambda: regex.compile(pattern, _regex_flags(flags)), regex.error)


def re_error(pattern: str, flags: int = 0) -> str | None:
    """Why ``re`` alone rejects ``pattern``, or None (``pattern_error`` without the ``regex`` module)."""
    return _compile_error(lambda: re.compile(pattern, flags), re.error)


def _compile_error(compile_pattern: Callable[[], object], syntax_error: type[Exception]) -> str | None:
    try:
        compile_pattern()
    except syntax_error as error:
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

    __slots__ = ("_compiled", "pattern", "flags", "patterns", "groups")

    def __init__(self, source: str, flags: int = 0, patterns: Sequence[str] | None = None) -> None:
        self._compiled = _regex().compile(source, _regex_flags(flags))
        self.pattern = source
        self.flags = flags
        self.patterns = tuple(patterns) if patterns is not None else (source,)
        self.groups = self._compiled.groups

    def __reduce__(self) -> tuple[object, ...]:  # worker processes receive prepared rules
        return (SafePattern, (self.pattern, self.flags, self.patterns))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SafePattern):
            return NotImplemented
        return (self.pattern, self.flags, self.patterns) == (other.pattern, other.flags, other.patterns)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        timeout, budget = _remaining()
        offset = pos
        try:
            for match in self._compiled.finditer(string, pos, endpos, timeout=timeout):
                offset = match.end()
                yield match
        except TimeoutError:
            raise PatternTimeout(self.patterns, offset, budget, string) from None

    def findall(self, string: str, pos: int = 0, endpos: int | None = None) -> list[object]:
        """As ``re.Pattern.findall``: whole matches, or the groups (a group that did not take part is ``""``)."""
        if self.groups == 0:
            return [match.group() for match in self.finditer(string, pos, endpos)]
        if self.groups == 1:
            return [match.group(1) or "" for match in self.finditer(string, pos, endpos)]
        return [match.groups("") for match in self.finditer(string, pos, endpos)]

    def _call(self, method: str, string: str, pos: int, endpos: int | None) -> regex.Match[str] | None:
        timeout, budget = _remaining()
        try:
            found: regex.Match[str] | None = getattr(self._compiled, method)(string, pos, endpos, timeout=timeout)
            return found
        except TimeoutError:
            raise PatternTimeout(self.patterns, pos, budget, string) from None

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self._call("search", string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self._call("match", string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self._call("fullmatch", string, pos, endpos)

    def __repr__(self) -> str:
        return f"SafePattern({self.pattern!r})"


def compile_user_pattern(pattern: str, flags: int = 0,
                         patterns: Sequence[str] | None = None) -> SafePattern | re.Pattern[str]:
    """``pattern`` (already checked with ``pattern_error``) as a time-bounded ``SafePattern``; ``patterns`` are
    the user's patterns it was built from (default: ``pattern`` itself). When every one of them ships in a
    built-in rule file, a plain ``re`` pattern (see the module docstring)."""
    sources = tuple(patterns) if patterns is not None else (pattern,)
    shipped = shipped_patterns()
    if all(source in shipped for source in sources):
        return re.compile(pattern, flags)
    return SafePattern(pattern, flags, sources)


# A single-quoted YAML scalar where a key, a value or a list item starts ('' is an escaped quote). The built-in
# rule files write their patterns this way; reading them with this is four times faster than parsing the YAML,
# and start-up time counts. A pattern written otherwise is merely not trusted: it runs on ``regex``.
# (a list item "- 'x'", an explicit key "? 'x'" or a value ": 'x'")
_SINGLE_QUOTED = re.compile(r"(?m)(?:^[ \t]*(?:[-?][ \t]+)?|:[ \t]+)'((?:[^'\n]|'')*)'")


def single_quoted_strings(text: str) -> list[str]:
    """The single-quoted strings (keys, values, list items) of a YAML text, unescaped."""
    return [value.replace("''", "'") for value in _SINGLE_QUOTED.findall(text)]


@functools.lru_cache(maxsize=1)
def shipped_patterns() -> frozenset[str]:
    """The single-quoted strings (keys, values, list items) of the built-in rule files: the patterns among them
    are trusted to run on ``re``. Taken from the files' shipped prepared form while it matches them (scanning
    their 120 KB took ~3 ms of every start)."""
    from doclint.ruledirs import RULE_SUFFIXES, builtin_rules_dir, prepared_entry

    found: set[str] = set()
    directory = builtin_rules_dir()
    for path in sorted(directory.iterdir()) if directory.is_dir() else ():
        if path.suffix in RULE_SUFFIXES:
            text = path.read_text(encoding="utf-8-sig")
            entry = prepared_entry(directory, path.name, text)
            found.update(entry["quoted"] if entry is not None else single_quoted_strings(text))
    return frozenset(found)


class LazyRegex:
    """A regex compiled when first searched: ``compile_user_pattern(source, flags, patterns)`` for one built from
    a rule's patterns, ``re.compile`` for one doclint builds from literal words (``patterns`` None). A rule's
    patterns are validated when it loads (``pattern_error``); compiling them is left to the first document that
    needs them, since most documents need few of a rule's regexes, and a run on one small file would otherwise
    spend most of its time compiling. Pickles as its sources, so a worker process compiles what it uses."""

    __slots__ = ("source", "flags", "patterns", "_compiled")

    def __init__(self, source: str, flags: int = 0, patterns: Sequence[str] | None = None) -> None:
        self.source = source
        self.flags = flags
        self.patterns = tuple(patterns) if patterns is not None else None
        self._compiled: SafePattern | re.Pattern[str] | None = None

    def __reduce__(self) -> tuple[object, ...]:
        return (LazyRegex, (self.source, self.flags, self.patterns))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LazyRegex):
            return NotImplemented
        return (self.source, self.flags, self.patterns) == (other.source, other.flags, other.patterns)

    def __hash__(self) -> int:
        return hash((self.source, self.flags))

    def __repr__(self) -> str:
        return f"LazyRegex({self.source!r})"

    def compiled(self) -> SafePattern | re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags) if self.patterns is None else \
                compile_user_pattern(self.source, self.flags, self.patterns)
        return self._compiled

    @property
    def groups(self) -> int:
        return self.compiled().groups

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[Match]:
        return self.compiled().finditer(string, pos, len(string) if endpos is None else endpos)

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Match | None:
        return self.compiled().search(string, pos, len(string) if endpos is None else endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Match | None:
        return self.compiled().match(string, pos, len(string) if endpos is None else endpos)
