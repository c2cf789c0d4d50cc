"""Check one document, or one file: read, parse, run the rules, filter (``funnel``), then fix.

The engine owns everything generic (the level, message formatting, line/column lookup, ordering); check kinds
only produce ``Finding``s with offsets. Nothing here prints. ``run.py`` checks many files (the pool, the corpus
phase, the run's result); this module is what happens to each one.

Nothing that one rule does stops a file's check (``check_file``): a rule whose own regular expressions run out of
time (``regex-timeout``), or that fails with an exception (a bug), is reported as an error for that file
(``FileProblem``, exit 2) naming the rule, and the file's other rules run as usual. Through the API
(``check_document``, ``lint_text``) such errors are raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from doclint.checks import CorpusUnit, Finding
from doclint.corpus import LocatedUnit
from doclint.document import Document
from doclint.errors import OptionError
from doclint.files import SourceFile, SourceText, read_source_text
from doclint.fixes import fix_until_stable, remove_stale_temporary, unified_diff, write_fixed
from doclint.funnel import BaselineEntries, FileFilter, source_line
from doclint.parsing import FORMATS, parse_document
from doclint.parsing.plaintext import PARAGRAPH_MODES
from doclint.rules import Rule, RuleSet, apply_rule_settings, load_rules
from doclint.safe_regex import DEFAULT_TIMEOUT, PatternTimeout, describe_patterns, time_budget
from doclint.settings import FileSettings
from doclint.violations import FileProblem, RelatedLocation, Violation

FixMode = Literal["apply", "diff"]


def _violation(document: Document, rule: Rule, finding: Finding, lines: dict[int, str]) -> Violation:
    start = document.position(finding.start)
    related = tuple(RelatedLocation(document.path, p.line, p.column) for p in map(document.position, finding.related))
    if start.line not in lines:
        lines[start.line] = source_line(document, start.line)
    return rule.violation(document.path, start, document.position(max(finding.start, finding.end)),
                          dict(finding.args), related, lines[start.line], finding.resolved_fix(), finding.data)


def regex_budget(document: Document, seconds_per_mb: float = DEFAULT_TIMEOUT) -> float:
    """Seconds one rule's own regular expressions may run on ``document``: ``seconds_per_mb`` per megabyte of
    text, and at least ``seconds_per_mb`` (legitimate patterns scan a megabyte in well under 0.2 s)."""
    return seconds_per_mb * max(1.0, len(document.text) / 1_000_000)


def run_rules(document: Document, rules: Iterable[Rule], problems: list[FileProblem] | None = None,
              regex_timeout: float = DEFAULT_TIMEOUT) -> tuple[list[Violation], frozenset[str]]:
    """Every finding of ``rules`` on ``document``, unfiltered and sorted, and the codes of the rules that failed.

    The rules' own regular expressions share one time budget for the document (``regex_budget``), so thirty
    catastrophic rules cost what one does. With a ``problems`` list, a rule that runs out of it, or that raises,
    is added there (its findings so far are kept) and the other rules run; without one, ``PatternTimeout`` or
    the exception propagates.
    """
    lines: dict[int, str] = {}
    violations: list[Violation] = []
    failed: set[str] = set()
    with time_budget(regex_budget(document, regex_timeout)):
        for rule in rules:
            if rule.kind.engine_owned:
                continue
            try:
                for finding in rule.kind.run(document, rule.prepared):
                    violations.append(_violation(document, rule, finding, lines))
            except Exception as error:  # noqa: BLE001 - one rule's failure is reported, never the end of the run
                if problems is None:
                    raise
                problems.append(rule_problem(document, rule, error))
                failed.add(rule.code)
    violations.sort(key=Violation.sort_key)
    return violations, frozenset(failed)


def check_document(document: Document, rules: Iterable[Rule], known_rules: RuleSet | None = None, *,
                   problems: list[FileProblem] | None = None,
                   regex_timeout: float = DEFAULT_TIMEOUT) -> list[Violation]:
    """Run ``rules`` over one document, apply its suppression directives and report the unused ones: what the
    document's own check reports, sorted by position.

    ``known_rules`` (default: ``rules``) resolves the rule names used in directives, so that a directive for a
    rule that exists but is not running is not mistaken for a typo. ``problems``: see ``run_rules``.
    """
    rule_set = rules if isinstance(rules, RuleSet) else RuleSet(tuple(rules))
    raw, failed = run_rules(document, rule_set, problems, regex_timeout)
    document_filter = FileFilter.for_document(document, rule_set, known_rules, failed)
    violations = document_filter.keep(raw) + document_filter.unused()
    violations.sort(key=Violation.sort_key)
    return violations


def lint_text(
    text: str,
    path: str = "<text>",
    format: str | None = None,
    rules: RuleSet | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    paragraph_mode: str = "auto",
    rule_settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Violation]:
    """Check one text and return its violations, sorted by position.

    ``format`` is ``"markdown"`` or ``"text"``; by default it follows ``path``'s extension (plain text when the
    path has none). ``rules`` defaults to the built-in rules; ``select``/``ignore`` take codes or names (a list;
    one string is one selector). ``rule_settings`` has the shape of configuration's ``rule-settings``
    (``{"unattributed-claim": {"profile": "reference"}}``). A rule whose own regular expressions run over their
    time budget raises
    ``doclint.safe_regex.PatternTimeout``. Bad arguments raise ``doclint.errors.OptionError`` (a
    ``ValueError``); an unknown rule ``doclint.errors.SelectorError``.

    >>> from doclint import lint_text
    >>> [v.code for v in lint_text("Same headline\\n\\nBody text.\\n\\nSame headline\\n", format="text")]
    ['DL002']
    """
    _check_text_argument(text)
    return lint_many([text], [path], format, rules, select, ignore, paragraph_mode, rule_settings)[0]


def lint_many(
    texts: Iterable[str],
    paths: Iterable[str] | None = None,
    format: str | None = None,
    rules: RuleSet | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    paragraph_mode: str = "auto",
    rule_settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[list[Violation]]:
    """``lint_text`` for a batch: the violations of each text, in order, as ``lint_text`` would give them, with
    the arguments checked, the rules loaded, configured (``rule_settings`` compiles the rules it changes) and
    selected once for the whole batch rather than once per text. ``paths``: one per text (default ``"<text>"``
    each, i.e. plain text unless ``format`` says otherwise). Each document is checked on its own, as by
    ``lint_text``: use ``check_paths`` with ``cross_file`` to compare documents with each other.

    >>> from doclint import lint_many
    >>> [[v.code for v in found] for found in lint_many(["Fine.\\n", "Same headline\\n\\nBody text.\\n\\nSame headline\\n"],
    ...                                                  format="text")]
    [[], ['DL002']]
    """
    if isinstance(texts, (str, bytes)):
        raise OptionError("texts must be a list of texts, not one string (use lint_text for one)")
    batch = list(texts)
    for text in batch:
        _check_text_argument(text)
    names = ["<text>"] * len(batch) if paths is None else list(paths)
    if isinstance(paths, (str, bytes)) or len(names) != len(batch):
        raise OptionError(f"paths must be a list with one path per text ({len(batch)})")
    selected, known = _api_rules(format, paragraph_mode, rules, select, ignore, rule_settings)
    return [check_document(parse_document(text, path, format or ("text" if path == "<text>" else None),
                                          paragraph_mode), selected, known)
            for text, path in zip(batch, names)]


def _check_text_argument(text: object) -> None:
    if not isinstance(text, str):
        raise OptionError(f"text must be a str, not {type(text).__name__} (decode bytes as UTF-8 first)")


def _api_rules(format: str | None, paragraph_mode: str, rules: RuleSet | None, select: Iterable[str] | str,
               ignore: Iterable[str] | str, rule_settings: Mapping[str, Mapping[str, Any]] | None,
               ) -> tuple[RuleSet, RuleSet]:
    """The API's other arguments checked, and (the rules to run, every rule known) for ``lint_text``/``lint_many``."""
    if format is not None and format not in FORMATS:
        raise OptionError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if paragraph_mode not in PARAGRAPH_MODES:
        raise OptionError(f"paragraph_mode must be one of {', '.join(PARAGRAPH_MODES)}, not {paragraph_mode!r}")
    known = rules if rules is not None else load_rules()
    if rule_settings:
        known = apply_rule_settings(known, rule_settings)
    return known.select(_selectors(select), _selectors(ignore)), known


def _selectors(value: Iterable[str] | str) -> list[str]:
    """A list of rule selectors: one string is one selector (codes or names, comma-separated allowed)."""
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        if not isinstance(item, str):
            raise OptionError(f"rule selectors must be strings, not {type(item).__name__}")
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


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
    return FileProblem(document.path, f"{who} failed: {one_line(error)}; this rule's findings in the file may "
                                      "be incomplete (a bug in doclint: please report it)")


def one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class FileOutcome:
    """What checking one file gave. ``violations`` have passed the file's ``filter``; the corpus phase and the
    end of the run (unused suppressions) go on using that filter."""

    violations: list[Violation]
    problem: FileProblem | None = None  # the file could not be checked at all
    fixes_applied: int = 0
    diff: str = ""
    units: dict[str, list[LocatedUnit]] = field(default_factory=dict)  # --cross-file: rule code -> units
    rule_problems: tuple[FileProblem, ...] = ()  # rules that could not finish on the file (it was checked)
    filter: FileFilter | None = None
    fixed: str | None = None  # the text with the fixes applied, when they changed it
    raw: list[Violation] | None = None  # with ``keep_raw``: every finding before the filter (for the cache)


def collect_units(document: Document, rules: Iterable[Rule],
                  problems: list[FileProblem] | None = None) -> dict[str, list[LocatedUnit]]:
    """The units each cross-file capable rule compares across documents, located for reporting. A rule that
    fails is added to ``problems`` (when given) and left out."""
    collected: dict[str, list[LocatedUnit]] = {}
    for rule in rules:
        if rule.kind.collect is None:
            continue
        try:
            units: list[CorpusUnit] = rule.kind.collect(document, rule.prepared)
        except Exception as error:  # noqa: BLE001
            if problems is None:
                raise
            problems.append(rule_problem(document, rule, error))
            continue
        located = []
        for unit in units:
            start, end = document.position(unit.start), document.position(unit.end)
            located.append(LocatedUnit(document.path, start.line, start.column, end.line, end.column, unit.key,
                                       unit.label, document.line_text(start.line)))
        collected[rule.code] = located
    return collected


@dataclass
class _Checked:
    """One check of a text: its document, what passed the filter, the filter and the rules' problems."""

    document: Document
    violations: list[Violation]
    filter: FileFilter
    problems: list[FileProblem]
    raw: list[Violation]


def _check_text(text: str, source: SourceFile, settings: FileSettings,
                baseline: BaselineEntries | None) -> _Checked:
    document = parse_document(text, source.display, settings.format, settings.paragraph_mode)
    problems: list[FileProblem] = []
    raw, failed = run_rules(document, settings.rules, problems, settings.regex_timeout)
    file_filter = FileFilter.for_document(document, settings.rules, settings.known_rules, failed, baseline)
    return _Checked(document, file_filter.keep(raw), file_filter, problems, raw)


def check_file(source: SourceFile, settings: FileSettings, fix_mode: FixMode | None = None,
               baseline: BaselineEntries | None = None, text: str | FileProblem | None = None,
               keep_raw: bool = False) -> FileOutcome:
    """Check one file: read, parse, run the rules, filter, then (``fix_mode``) fix what passed the filter:
    "apply" writes the safe fixes to the file, "diff" only computes them (``FileOutcome.fixed``, ``diff``).
    Either way the violations and the cross-file units returned are those of the text after fixing. ``text``:
    the document's text when it is not read from ``source.path`` (standard input, an editor's buffer)."""
    read: SourceText | None = None
    if text is None:
        found = read_source_text(source, settings.max_file_size)
        if isinstance(found, FileProblem):
            return FileOutcome([], found)
        read, text = found, found.text
    if isinstance(text, FileProblem):
        return FileOutcome([], text)
    try:
        checked = _check_text(text, source, settings, baseline)
    except Exception as error:  # noqa: BLE001 - a parser bug costs this file, not the run
        return FileOutcome([], FileProblem(source.display, f"could not be parsed: {one_line(error)} (a bug in "
                                                           "doclint: please report it)"))
    fixed, applied, diff = text, 0, ""
    if fix_mode is not None:
        first = checked
        result = fix_until_stable(text, checked, lambda new_text: _check_text(new_text, source, settings, baseline))
        fixed, applied, checked = result.text, result.applied, result.checked
        if fixed != text:
            diff = unified_diff(source.display, text, fixed)
            if fix_mode == "apply" and read is not None:
                written = write_fixed(source.path, read.snapshot, fixed, read.bom, within=source.tree)
                if not written.written:  # the file is unchanged; what was found before fixing stands
                    checked, applied, diff, fixed = first, 0, "", text
                    checked.problems.append(FileProblem(source.display, written.reason,
                                                        skipped=written.status == "skipped"))
        elif fix_mode == "apply":
            remove_stale_temporary(source.path)  # one a killed run left, if any
    units = collect_units(checked.document, settings.rules, checked.problems) if settings.cross_file else {}
    return FileOutcome(checked.violations, None, applied, diff, units, tuple(checked.problems), checked.filter,
                       fixed if fixed != text else None, checked.raw if keep_raw else None)
