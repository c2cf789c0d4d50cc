"""A run: check files and directories as ``doclint check`` does, and gather one ``RunResult``.

How findings flow::

    paths -> files (discover) -> settings per file (SettingsResolver)
          -> per file, in parallel (engine.check_file): read -> parse -> rules -> FileFilter -> fixes -> units
          -> corpus phase (--cross-file): units of every file compared; each finding -> its file's FileFilter
          -> unused suppressions, from each file's FileFilter (directives used by either phase)
          -> RunResult (sorted violations, file problems, baseline counts, the run's failing level)

Every filter (selection, per-file-ignores, suppression comments, baseline) is the ``FileFilter`` of the file a
finding is reported on (``funnel.py``), in both phases; fixes apply only to what it lets through.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from doclint.corpus import LocatedUnit, corpus_violations
from doclint.engine import FileOutcome, FixMode, check_file
from doclint.files import SourceFile, decode_document, discover
from doclint.funnel import BaselineEntries
from doclint.pool import RunSpec, check_in_processes
from doclint.results import RunResult
from doclint.rules import Rule, RuleSet
from doclint.settings import CheckOptions, FileSettings, SettingsResolver
from doclint.violations import FileProblem, Violation

# Below this many files a process pool costs more than it saves.
MIN_FILES_FOR_PARALLEL = 16
# Nor below this much text, unless the caller asked for workers: starting them and passing every file and result
# through them costs about as much as checking 250 KB (60 PowerShell pages of 4 KB: 0.51-0.64 s on one core,
# 0.60-0.65 s with two workers, load 2.6).
MIN_BYTES_FOR_PARALLEL = 250_000


def check_paths(paths: Sequence[str], rules: RuleSet | None = None, options: CheckOptions | None = None,
                fix_mode: FixMode | None = None, jobs: int | None = None) -> RunResult:
    """Check files and directories as ``doclint check`` does.

    With ``rules`` given, exactly those rules run and configuration files are ignored (for API use); otherwise
    each file gets the rules and settings of its configuration plus ``options``. ``fix_mode``: "apply" writes
    safe fixes, "diff" only computes them (``RunResult.diffs``). ``jobs``: worker processes (default: one per
    core); results keep the file order.
    """
    paths = _path_list(paths)
    options = options or CheckOptions()
    resolver = SettingsResolver(options, fixed_rules=rules, paths=paths)
    resolver.validate()
    baseline = _read_baseline(options)
    files, problems = discover(paths)
    selected: list[tuple[SourceFile, FileSettings]] = []
    for source in files:
        settings = resolver.for_file(source)
        if not settings.skip:
            selected.append((source, settings))
        elif source.explicit and settings.skip_reason:
            problems.append(FileProblem(source.display, settings.skip_reason, skipped=True))
    cache = None
    if options.cache and fix_mode is None:
        from doclint.cache import CACHE_DIRECTORY, ResultCache  # hashing and JSON: not needed with --no-cache

        cache = ResultCache.open(options.cache_dir or resolver.run_root() / CACHE_DIRECTORY)
    spec = RunSpec(options, rules, tuple(paths), fix_mode, baseline, cache)
    outcomes = _check_all(selected, spec, jobs, resolver)
    return _gather(selected, outcomes, problems, resolver, baseline is not None)


def check_stdin(data: bytes | str, filename: str | None = None, options: CheckOptions | None = None,
                fix_mode: FixMode | None = None, rules: RuleSet | None = None) -> tuple[RunResult, str | None]:
    """Check one document that is not a file (standard input, a pipeline's article), as ``doclint check -``.

    ``filename`` stands in for its path: it picks the format and the configuration and is the reported path (it
    need not exist). With ``fix_mode``, nothing is written: the fixed text is returned (None when unchanged).
    """
    options = options or CheckOptions()
    display = filename or "-"
    path = Path(os.path.abspath(filename)) if filename else Path.cwd() / "-"
    resolver = SettingsResolver(options, fixed_rules=rules, paths=[str(path.parent)])
    resolver.validate()
    source = SourceFile(path, display, explicit=True)
    settings = resolver.for_file(source)
    if settings.skip:
        notice = FileProblem(source.display, settings.skip_reason or "excluded by the configuration", skipped=True)
        return RunResult((), (notice,), fail_on=resolver.fail_on()), None
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text: str | FileProblem
    if settings.max_file_size and len(raw) > settings.max_file_size:
        text = FileProblem(source.display, f"input too large ({len(raw)} bytes, over max-file-size)")
    else:
        text = decode_document(raw, source.display)
    baseline = _read_baseline(options)
    entries = None if baseline is None else baseline.get(source.display, BaselineEntries())
    outcome = check_file(source, settings, "diff" if fix_mode else None, entries, text)
    return _gather([(source, settings)], [outcome], [], resolver, baseline is not None), outcome.fixed


def _path_list(paths: Sequence[str]) -> list[str]:
    from doclint.errors import OptionError

    if isinstance(paths, (str, bytes)):
        raise OptionError("paths must be a list of paths, not one string")
    listed = [os.fspath(path) for path in paths]
    if any(not isinstance(path, str) or not path for path in listed):
        raise OptionError("a path is empty (an unset variable?); name the files or directories to check")
    return listed


def _read_baseline(options: CheckOptions) -> dict[str, BaselineEntries] | None:
    if options.baseline is None:
        return None
    from doclint.baseline import read_baseline

    by_path: dict[str, BaselineEntries] = {}
    for (path, code, fingerprint), count in read_baseline(options.baseline).items():
        by_path.setdefault(path, Counter())[(code, fingerprint)] += count
    return by_path


def _check_all(selected: list[tuple[SourceFile, FileSettings]], spec: RunSpec, jobs: int | None,
               resolver: SettingsResolver) -> list[FileOutcome]:
    workers = min(jobs or os.cpu_count() or 1, len(selected))
    if workers <= 1 or len(selected) < MIN_FILES_FOR_PARALLEL or (not jobs and not _enough_text(selected)):
        return [spec.check(source, settings) for source, settings in selected]
    return check_in_processes([source for source, _ in selected], spec, workers, resolver)


def _enough_text(selected: list[tuple[SourceFile, FileSettings]]) -> bool:
    """Whether the files hold at least ``MIN_BYTES_FOR_PARALLEL`` bytes (counted until they do)."""
    total = 0
    for source, _ in selected:
        try:
            total += os.stat(source.path).st_size
        except OSError:
            continue  # reported when it is read
        if total >= MIN_BYTES_FOR_PARALLEL:
            return True
    return False


def _gather(selected: list[tuple[SourceFile, FileSettings]], outcomes: list[FileOutcome],
            problems: list[FileProblem], resolver: SettingsResolver, with_baseline: bool) -> RunResult:
    violations: list[Violation] = []
    checked: list[str] = []
    rules_run: dict[str, Rule] = {}
    diffs: list[str] = []
    fixes_applied = 0
    units: dict[str, list[LocatedUnit]] = {}
    mirrors: set[tuple[str, str]] = set()  # declared by configuration (``mirrors``)
    filters = {}
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
        for code, found in outcome.units.items():
            units.setdefault(code, []).extend(found)
        if settings.mirror is not None:
            mirrors.add(settings.mirror)
        if outcome.filter is not None:
            filters[source.display] = outcome.filter
    if units:  # the corpus phase, after every document's own checks; its findings pass each file's filter
        by_path: dict[str, list[Violation]] = {}
        for violation in corpus_violations(units, rules_run, mirrors):
            by_path.setdefault(violation.path, []).append(violation)
        for path, reported in by_path.items():
            reported.sort(key=Violation.sort_key)
            violations.extend(filters[path].keep(reported))
    for file_filter in filters.values():
        violations.extend(file_filter.unused())
    violations.sort(key=Violation.sort_key)
    baseline_counts = None
    if with_baseline:
        baseline_counts = (sum(f.hidden for f in filters.values()),
                           sum(f.stale_baseline_entries() for f in filters.values()))
    ordered_rules = tuple(sorted((rule.info for rule in rules_run.values()), key=lambda rule: rule.code))
    return RunResult(tuple(violations), tuple(problems), len(checked), ordered_rules, tuple(checked),
                     fixes_applied, tuple(diffs), baseline_counts, fail_on=resolver.fail_on())
