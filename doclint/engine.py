"""Run rules over documents: files -> documents -> findings -> located, levelled violations.

The engine owns everything generic (rule selection, the level, message formatting, line/column lookup,
ordering); check kinds only produce ``Finding``s with offsets. Nothing here prints.

Nothing that one file or one rule does stops the run (``doclint check``, through ``check_file``): a rule whose
own regular expressions run out of time (``regex-timeout``), or that fails with an exception (a bug), is reported
as an error for that file (``FileProblem``, exit 2) naming the rule, and the file's other rules and the other
files are checked as usual. A worker process of a parallel run that dies (killed, out of memory, a crash) costs
only the file it was checking, reported the same way (``_check_in_processes``). Through the API
(``check_document``, ``lint_text``) such errors are raised.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from doclint.checks import Finding
from doclint.config import CheckOptions, FileSettings, SettingsResolver
from doclint.corpus import LocatedUnit, corpus_violations
from doclint.document import Document
from doclint.files import SourceFile, discover, read_source_text
from doclint.fixes import fix_until_stable, remove_stale_temporary, unified_diff, write_fixed
from doclint.parsing import parse_document
from doclint.results import RunResult
from doclint.rules import Rule, RuleSet, load_rules
from doclint.safe_regex import (
    DEFAULT_TIMEOUT,
    PatternTimeout,
    describe_patterns,
    time_budget,
)
from doclint.suppression import apply_suppressions, parse_directives, unused_directives
from doclint.violations import FileProblem, RelatedLocation, Violation

if TYPE_CHECKING:
    from concurrent.futures import Future

UNUSED_SUPPRESSION = "unused-suppression"
# A violation carries the text of its line for reporters (source snippets, baseline fingerprints). Longer lines
# (minified or generated text, a 50 MB one-line file) are left out: copied into each of thousands of findings,
# and rendered for each, they would make reporting quadratic.
MAX_SOURCE_LINE = 10_000


def _source_line(document: Document, line: int, cache: dict[int, str] | None) -> str:
    if cache is not None and line in cache:
        return cache[line]
    start = document.line_index.line_start(line - 1)
    end = document.text.find("\n", start)
    length = (len(document.text) if end == -1 else end) - start
    text = document.line_text(line) if length <= MAX_SOURCE_LINE else ""
    if cache is not None:
        cache[line] = text
    return text


def _violation(document: Document, rule: Rule, finding: Finding, lines: dict[int, str] | None = None) -> Violation:
    start = document.position(finding.start)
    related = tuple(RelatedLocation(document.path, p.line, p.column) for p in map(document.position, finding.related))
    return rule.violation(document.path, start, document.position(max(finding.start, finding.end)),
                          dict(finding.args), related, _source_line(document, start.line, lines),
                          finding.resolved_fix(), finding.data)


def regex_budget(document: Document, seconds_per_mb: float = DEFAULT_TIMEOUT) -> float:
    """Seconds one rule's own regular expressions may run on ``document``: ``seconds_per_mb`` per megabyte of
    text, and at least ``seconds_per_mb`` (legitimate patterns scan a megabyte in well under 0.2 s)."""
    return seconds_per_mb * max(1.0, len(document.text) / 1_000_000)


def check_document(document: Document, rules: Iterable[Rule], known_rules: RuleSet | None = None, *,
                   problems: list[FileProblem] | None = None, regex_timeout: float = DEFAULT_TIMEOUT) -> list[Violation]:
    """Run ``rules`` over one document and apply its suppression directives.

    ``known_rules`` (default: ``rules``) resolves the rule names used in directives, so that a directive for a
    rule that exists but is not running is not mistaken for a typo.

    Each rule's own regular expressions share a time budget (``regex_budget``). With a ``problems`` list, a rule
    that runs out of it, or that raises, is added there (its findings so far are kept) and the other rules run;
    without one, ``PatternTimeout`` or the exception propagates.
    """
    rules = tuple(rules)
    lines: dict[int, str] = {}
    budget = regex_budget(document, regex_timeout)
    violations: list[Violation] = []
    failed: set[str] = set()
    for rule in rules:
        if rule.kind.engine_owned:
            continue
        try:
            with time_budget(budget):
                for finding in rule.kind.run(document, rule.prepared):
                    violations.append(_violation(document, rule, finding, lines))
        except Exception as error:  # noqa: BLE001 - one rule's failure is reported, never the end of the run
            if problems is None:
                raise
            problems.append(rule_problem(document, rule, error))
            failed.add(rule.code)
    if document.comments:
        finished = tuple(rule for rule in rules if rule.code not in failed)  # its directives may have been used
        violations = _apply_directives(document, finished, known_rules or RuleSet(rules), violations)
    violations.sort(key=Violation.sort_key)
    return violations


def _apply_directives(document: Document, rules: tuple[Rule, ...], known_rules: RuleSet,
                      violations: list[Violation]) -> list[Violation]:
    directives = parse_directives(document, known_rules)
    if not directives:
        return violations
    kept, used = apply_suppressions(directives, violations)
    reporter = next((rule for rule in rules if rule.kind.name == UNUSED_SUPPRESSION), None)
    if reporter is not None:
        ran = frozenset(rule.code for rule in rules if not rule.kind.engine_owned)
        for directive in unused_directives(directives, used, ran):
            reason = (f"unknown rule {', '.join(map(repr, directive.unknown))}" if directive.unknown
                      else "no finding to suppress")
            finding = Finding(directive.start, directive.end, {"directive": directive.source, "reason": reason})
            kept.append(_violation(document, reporter, finding))
    return kept


def lint_text(
    text: str,
    path: str = "<text>",
    format: str | None = None,
    rules: RuleSet | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    paragraph_mode: str = "auto",
) -> list[Violation]:
    """Check one text and return its violations, sorted by position.

    ``format`` is ``"markdown"`` or ``"text"``; by default it follows ``path``'s extension (plain text when the
    path has none). ``rules`` defaults to the built-in rules; ``select``/``ignore`` take codes or names. A rule
    whose own regular expressions run over their time budget raises ``doclint.safe_regex.PatternTimeout``.

    >>> from doclint import lint_text
    >>> [v.code for v in lint_text("Same headline\\n\\nBody text.\\n\\nSame headline\\n", format="text")]
    ['DL002']
    """
    known = rules or load_rules()
    document = parse_document(text, path, format or ("text" if path == "<text>" else None), paragraph_mode)
    return check_document(document, known.select(select, ignore), known)


def rule_problem(document: Document, rule: Rule, error: Exception) -> FileProblem:
    """The one-line error for a rule that could not finish on ``document``."""
    who = f"rule {rule.code} ({rule.name})"
    if isinstance(error, PatternTimeout):
        line = column = None
        if error.string is document.prose or error.string is document.text:  # else a slice: offsets are its own
            where = document.position(min(max(error.offset, 0), len(document.text)))
            line, column = where.line, where.column
        return FileProblem(document.path, f"{who}: regular expression {describe_patterns(error.patterns)} ran over "
                                          f"its time limit ({error.seconds:.1f} s) and was stopped; this rule's "
                                          "findings in the file may be incomplete", line, column)
    return FileProblem(document.path, f"{who} failed: {_one_line(error)}; this rule's findings in the file may "
                                      "be incomplete (a bug in doclint: please report it)")


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class FileOutcome:
    violations: list[Violation]
    problem: FileProblem | None = None  # the file could not be checked at all
    fixes_applied: int = 0
    diff: str = ""
    units: dict[str, list[LocatedUnit]] | None = None  # --cross-file: rule code -> units to compare
    rule_problems: tuple[FileProblem, ...] = ()  # rules that could not finish on the file (it was checked)


def collect_units(document: Document, rules: Iterable[Rule],
                  problems: list[FileProblem] | None = None) -> dict[str, list[LocatedUnit]]:
    """The units each cross-file capable rule compares across documents, located for reporting. A rule that
    fails is added to ``problems`` (when given) and left out."""
    collected: dict[str, list[LocatedUnit]] = {}
    for rule in rules:
        if rule.kind.collect is None:
            continue
        located = []
        try:
            units = rule.kind.collect(document, rule.prepared)
        except Exception as error:  # noqa: BLE001
            if problems is None:
                raise
            problems.append(rule_problem(document, rule, error))
            continue
        for unit in units:
            start, end = document.position(unit.start), document.position(unit.end)
            located.append(LocatedUnit(document.path, start.line, start.column, end.line, end.column, unit.key,
                                       unit.label, document.line_text(start.line)))
        collected[rule.code] = located
    return collected


@dataclass(frozen=True)
class _Checked:
    """One check of a text, for ``fix_until_stable``: what is reported and the rules' problems."""

    violations: list[Violation]
    problems: tuple[FileProblem, ...]


def _check_text(text: str, source: SourceFile, settings: FileSettings) -> _Checked:
    document = parse_document(text, source.display, settings.format, settings.paragraph_mode)
    problems: list[FileProblem] = []
    violations = check_document(document, settings.rules, settings.known_rules, problems=problems,
                                regex_timeout=settings.regex_timeout)
    return _Checked(violations, tuple(problems))


def check_file(source: SourceFile, settings: FileSettings, fix_mode: str | None = None) -> FileOutcome:
    """Check one file. ``fix_mode`` "apply" writes safe fixes to it, "diff" only computes their diff; either
    way the violations returned are those that remain after fixing."""
    read = read_source_text(source, settings.max_file_size)
    if isinstance(read, FileProblem):
        return FileOutcome([], read)
    text = read.text
    try:
        document = parse_document(text, source.display, settings.format, settings.paragraph_mode)
    except Exception as error:  # noqa: BLE001 - a parser bug costs this file, not the run
        return FileOutcome([], FileProblem(source.display, f"could not be parsed: {_one_line(error)} (a bug in "
                                                           "doclint: please report it)"))
    problems: list[FileProblem] = []
    violations = check_document(document, settings.rules, settings.known_rules, problems=problems,
                                regex_timeout=settings.regex_timeout)
    if not fix_mode:
        units = collect_units(document, settings.rules, problems) if settings.cross_file else None
        return FileOutcome(violations, units=units, rule_problems=tuple(problems))
    first = _Checked(violations, tuple(problems))
    fixed = fix_until_stable(text, first, lambda new_text: _check_text(new_text, source, settings))
    if fixed.text == text:
        if fix_mode == "apply":
            remove_stale_temporary(source.path)  # one a killed run left, if any
        return FileOutcome(fixed.checked.violations, rule_problems=fixed.checked.problems)
    if fix_mode == "apply":
        written = write_fixed(source.path, read.snapshot, fixed.text, read.bom, within=source.tree)
        if not written.written:  # the file is unchanged
            problem = FileProblem(source.display, written.reason, skipped=written.status == "skipped")
            return FileOutcome(first.violations, rule_problems=(*first.problems, problem))
    return FileOutcome(fixed.checked.violations, None, fixed.applied, unified_diff(source.display, text, fixed.text),
                       rule_problems=fixed.checked.problems)


# Below this many files a process pool costs more than it saves.
MIN_FILES_FOR_PARALLEL = 16


def check_paths(paths: list[str], rules: RuleSet | None = None, options: CheckOptions | None = None,
                fix_mode: str | None = None, jobs: int | None = None) -> RunResult:
    """Check files and directories as ``doclint check`` does.

    With ``rules`` given, exactly those rules run and configuration files are ignored (for API use); otherwise
    each file gets the rules and settings of its configuration plus ``options``. ``fix_mode``: see
    ``check_file``. ``jobs``: worker processes (default: one per core); results keep the file order.
    """
    options = options or CheckOptions()
    resolver = SettingsResolver(options, fixed_rules=rules)
    resolver.validate()
    files, problems = discover(paths)
    selected = [(source, settings) for source in files if not (settings := resolver.for_file(source)).skip]
    outcomes = _check_all(selected, options, fix_mode, jobs if rules is None else 1)
    violations: list[Violation] = []
    checked: list[str] = []
    rules_run: dict[str, Rule] = {}
    diffs: list[str] = []
    fixes_applied = 0
    units: dict[str, list[LocatedUnit]] = {}
    for (source, settings), outcome in zip(selected, outcomes):
        if outcome.problem is not None:
            problems.append(outcome.problem)
            continue
        problems.extend(outcome.rule_problems)
        checked.append(source.display)
        violations.extend(outcome.violations)
        rules_run.update((rule.code, rule) for rule in settings.rules)
        fixes_applied += outcome.fixes_applied
        if outcome.diff:
            diffs.append(outcome.diff)
        for code, found in (outcome.units or {}).items():
            units.setdefault(code, []).extend(found)
    if units:  # the corpus phase, after every document's own checks
        violations.extend(corpus_violations(units, rules_run))
    violations.sort(key=Violation.sort_key)
    ordered_rules = tuple(sorted((rule.info for rule in rules_run.values()), key=lambda rule: rule.code))
    return RunResult(tuple(violations), tuple(problems), len(checked), ordered_rules, tuple(checked),
                     fixes_applied, tuple(diffs), fail_on=resolver.fail_on())


def _check_all(selected: list[tuple[SourceFile, FileSettings]], options: CheckOptions, fix_mode: str | None,
               jobs: int | None) -> list[FileOutcome]:
    workers = min(jobs or os.cpu_count() or 1, len(selected))
    if workers <= 1 or len(selected) < MIN_FILES_FOR_PARALLEL:
        return [check_file(source, settings, fix_mode) for source, settings in selected]
    return _check_in_processes([source for source, _ in selected], options, fix_mode, workers)


WORKER_DIED = ("the worker process checking this file stopped abruptly (killed, out of memory, or a crash); the file "
               "was not checked")


# A worker process can die with no exception to catch (killed, out of memory, a crash in native code). The pool
# then fails every unfinished task with BrokenProcessPool and cannot be used again, so:
# - files go to the pool one per task, at most two per worker in flight: a death implicates only those few files
#   (with chunks, or every task queued up front, any unfinished file could have been the one);
# - after a death, the files in flight are set aside and the rest go on in a new pool;
# - each set-aside file is then checked again alone, in a one-worker pool: only a file that kills its worker by
#   itself is reported (``WORKER_DIED``, an error like an unreadable file); the others were caught up in its death.
def _check_in_processes(sources: list[SourceFile], options: CheckOptions, fix_mode: str | None,
                        workers: int) -> list[FileOutcome]:
    outcomes: dict[int, FileOutcome] = {}
    waiting = deque(range(len(sources)))
    set_aside: deque[int] = deque()
    while waiting:
        set_aside.extend(_run_pool(sources, waiting, outcomes, options, fix_mode, workers, 2 * workers))
    while set_aside:
        for index in _run_pool(sources, set_aside, outcomes, options, fix_mode, workers=1, max_in_flight=1):
            outcomes[index] = FileOutcome([], FileProblem(sources[index].display, WORKER_DIED))
    return [outcomes[index] for index in range(len(sources))]


def _run_pool(sources: list[SourceFile], waiting: deque[int], outcomes: dict[int, FileOutcome],
              options: CheckOptions, fix_mode: str | None, workers: int, max_in_flight: int) -> list[int]:
    """Check the files ``waiting`` (indexes into ``sources``) into ``outcomes``, taking them off ``waiting``, until
    none is left or a worker dies; return the indexes of the files in flight when it died."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    in_flight: dict[Future[FileOutcome], int] = {}
    lost: list[int] = []
    broken = False
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(options, fix_mode)) as pool:
        while in_flight or (waiting and not broken):
            while waiting and not broken and len(in_flight) < max_in_flight:
                index = waiting.popleft()
                try:
                    in_flight[pool.submit(_check_in_worker, sources[index])] = index
                except BrokenProcessPool:  # a worker died between tasks: this file never left
                    waiting.appendleft(index)
                    broken = True
            if not in_flight:
                break
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                index = in_flight.pop(future)
                try:
                    outcomes[index] = future.result()
                except BrokenProcessPool:
                    lost.append(index)
                    broken = True
    return lost


# Per worker process: its own resolver (rules loaded and compiled once per process), set by the initializer.
# Rules hold compiled patterns and functions, so they are rebuilt in each worker rather than pickled.
_worker_state: dict[str, object] = {}


def _start_worker(options: CheckOptions, fix_mode: str | None) -> None:
    _worker_state["resolver"] = SettingsResolver(options)
    _worker_state["fix_mode"] = fix_mode


def _check_in_worker(source: SourceFile) -> FileOutcome:
    resolver = _worker_state["resolver"]
    assert isinstance(resolver, SettingsResolver)
    return check_file(source, resolver.for_file(source), _worker_state["fix_mode"])  # type: ignore[arg-type]


__all__ = ["RunResult", "CheckOptions", "check_document", "check_paths", "lint_text", "load_rules"]
