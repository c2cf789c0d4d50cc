"""The stages of a scan, as plain functions over rows, shared by the local and the Ray engine.

::

    read task -> map_task: records checked one by one (parse, rules, FileFilter) -> RecordRow, BandRow, TaskStat
    BandRow (one per unit and band key)     --shuffle on (rule, band)-->  bucket_reduce  -> Verdict
    Verdict                                 --shuffle on (rule, unit)-->  verdict_reduce -> Edge | Flag
    Flag + units near it (rare: see below)  --shuffle on (rule, slot)-->  window_reduce  -> Edge
    Edge                                    --shuffle on (rule, first)--> group_reduce   -> CorpusRow
    RecordRow + CorpusRow                   --shuffle on input file-->    finish_file    -> a part file's findings

Each reduce is exact whatever rows its partition holds besides its own groups, and sorts inside each group, so
neither the number of partitions nor completion order changes anything. Together they compute what
``doclint check --cross-file`` computes (``corpus.corpus_violations`` over units sorted in record order):

- ``find_duplicates`` gives a unit that repeats an earlier key exactly to the key's first occurrence, and all
  copies of a key share every band, so each bucket knows who came first;
- otherwise its candidates are the earlier units in the posting lists of its sketch hashes, each list capped at
  ``MAX_POSTINGS`` non-exact units in record order: one bucket per hash holds exactly that list, and the first
  similar candidate over all lists is the earliest of each bucket's first similar candidate;
- a unit whose sketch is mostly capped hashes is compared with the ``FALLBACK_WINDOW`` units before it in the
  global order: units get global ranks from per-task counts, and a slot of ``FALLBACK_WINDOW`` ranks with
  its previous slot holds every window (only slots with such units are shuffled);
- groups by first copy become one finding each (``corpus._group_violation``) and pass the ``FileFilter`` of
  the record they are reported on, after its own findings, before its unused suppressions.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from doclint.checks.duplication import FALLBACK_WINDOW, MAX_POSTINGS, most_similar, sketch, window_match
from doclint.textnorm import same_anchors, split_key
from doclint.corpus import LocatedUnit, _group_violation, _groups
from doclint.engine import collect_units, one_line, run_rules
from doclint.funnel import FileFilter
from doclint.parsing import FORMATS, parse_document
from doclint.rules import Rule, RuleSet
from doclint.scan.sources import Columns, RawRecord, ReadTask, read_task
from doclint.settings import FileSettings
from doclint.violations import FileProblem, Violation

FORMAT_ALIASES = {"md": "markdown", "markdown": "markdown", "text": "text", "txt": "text", "plain": "text"}


def stable_hash(*parts: object) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` is salted per process)."""
    data = "\0".join(map(str, parts)).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big") >> 1


def band_keys(key: str, similarity: float) -> tuple[int, ...]:
    """The shuffle keys of a unit: its MinHash sketch, the one call into the duplication check (which must hash
    the same in every process). A rule that reports exact copies only needs one band (all copies share it)."""
    shingles = sketch(split_key(key)[0])  # the words: a near copy must also keep the anchors, checked later
    return tuple(shingles[:1]) if similarity >= 100 else tuple(shingles)


@dataclass(frozen=True)
class ScanContext:
    """What every worker needs, built once per worker from the driver's (picklable) settings."""

    settings: FileSettings
    columns: Columns
    cross_file: bool
    default_format: str = "text"

    @property
    def rules(self) -> RuleSet:
        return self.settings.rules

    def rule(self, code: str) -> Rule:
        found = self.settings.rules.find(code)
        assert found is not None, code
        return found

    def similarity(self, code: str) -> float:
        return float(getattr(self.rule(code).params, "similarity", 100.0))


# ---- rows -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of a cross-file rule with where it stands in the record order and its band keys."""

    rule: str
    ordinal: int
    file_index: int
    task: int
    rank: int  # among the rule's units of its task, in order
    bands: tuple[int, ...]
    located: LocatedUnit  # path: the record id

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.ordinal, self.located.line, self.located.column)


@dataclass(frozen=True, slots=True)
class RecordRow:
    """What the finish stage needs of one record: its own findings (already filtered), its filter when it has
    suppression directives, and why it could not be checked or which rules could not finish."""

    file_index: int
    ordinal: int
    id: str
    violations: tuple[Violation, ...] = ()
    filter: FileFilter | None = None
    reason: str = ""  # set: the record could not be checked
    problem: str = ""
    rule_problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskStat:
    task: int
    records: int
    checked: int
    units: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    unit: Unit
    informative: bool = False
    match: tuple[Unit, float] | None = None
    exact_of: Unit | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    rule: str
    first: Unit
    later: Unit
    score: float


@dataclass(frozen=True, slots=True)
class CorpusRow:
    file_index: int
    ordinal: int
    violation: Violation


# ---- map ----------------------------------------------------------------------------------------------------------

class RecordProblem(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def map_task(task: ReadTask, context: ScanContext) -> tuple[list[RecordRow], list[Unit], TaskStat]:
    """Check every record of one read task: the rows for the finish stage, the cross-file units, the counts."""
    rows: list[RecordRow] = []
    units: list[Unit] = []
    ranks: dict[str, int] = defaultdict(int)
    records = checked = 0
    for raw in read_task(task, context.columns):
        records += 1
        row, found = check_record(raw, task.file.index, context)
        if row is not None:
            rows.append(row)
        if row is None or not row.reason:
            checked += 1
        for code in sorted(found):
            similarity = context.similarity(code)
            for located in sorted(found[code], key=lambda unit: (unit.line, unit.column)):
                units.append(Unit(code, raw.ordinal, task.file.index, task.index, ranks[code],
                                  band_keys(located.key, similarity), located))
                ranks[code] += 1
    return rows, units, TaskStat(task.index, records, checked, dict(ranks))


def check_record(raw: RawRecord, file_index: int, context: ScanContext
                 ) -> tuple[RecordRow | None, dict[str, list[LocatedUnit]]]:
    """One record as ``check_file`` checks one file: parse, rules, the record's filter, then its units."""
    record_id = raw.default_id
    try:
        record_id = _record_id(raw, context.columns)
        text, format = _document_text(raw, context)
        settings = context.settings
        if settings.max_file_size and len(text.encode("utf-8", "surrogatepass")) > settings.max_file_size:
            raise RecordProblem("too-large", f"text over max-file-size ({settings.max_file_size} bytes)")
        try:
            document = parse_document(text, record_id, format, settings.paragraph_mode)
            problems: list[FileProblem] = []
            raw_violations, failed = run_rules(document, settings.rules, problems, settings.regex_timeout)
            record_filter = FileFilter.for_document(document, settings.rules, settings.known_rules, failed)
            kept = record_filter.keep(raw_violations)
        except Exception as error:  # noqa: BLE001 - a parser bug costs this record, not the scan
            raise RecordProblem("parse-error", f"could not be parsed: {one_line(error)} (a bug in doclint: "
                                               "please report it)") from None
    except RecordProblem as problem:
        return RecordRow(file_index, raw.ordinal, record_id, reason=problem.reason, problem=str(problem)), {}
    units = collect_units(document, settings.rules, problems) if context.cross_file else {}
    keep_filter = bool(record_filter.sites) and context.cross_file
    if not context.cross_file:  # no corpus phase: the record is complete now
        kept = kept + record_filter.unused()
    if not (kept or keep_filter or problems):
        return None, units
    return RecordRow(file_index, raw.ordinal, record_id, tuple(kept), record_filter if keep_filter else None,
                     rule_problems=tuple(problem.message for problem in problems)), units


def _record_id(raw: RawRecord, columns: Columns) -> str:
    if raw.row is None:
        raise RecordProblem("unreadable", raw.problem)
    if not columns.id:
        return raw.default_id
    value = raw.row.get(columns.id)
    if value is None or isinstance(value, (dict, list)):
        raise RecordProblem("no-id", f"no id in column {columns.id!r}")
    return str(value)


def _document_text(raw: RawRecord, context: ScanContext) -> tuple[str, str]:
    """The record's document text (the title, when a title column is given, as the first line) and format."""
    assert raw.row is not None
    columns = context.columns
    text = raw.row.get(columns.text)
    if text is None:
        raise RecordProblem("no-text", f"no text in column {columns.text!r}")
    if not isinstance(text, str):
        raise RecordProblem("not-text", f"column {columns.text!r} holds {type(text).__name__}, not text")
    format = context.default_format
    if columns.format:
        value = raw.row.get(columns.format)
        if value is not None:
            chosen = FORMAT_ALIASES.get(str(value).strip().lower())
            if chosen is None:
                raise RecordProblem("bad-format", f"column {columns.format!r}: unknown format {value!r} (expected "
                                                  f"{', '.join(FORMATS)})")
            format = chosen
    if columns.title:
        title = raw.row.get(columns.title)
        if title is not None:
            if not isinstance(title, str):
                raise RecordProblem("not-text", f"column {columns.title!r} holds {type(title).__name__}, not text")
            text = compose(title, text, format)
    return text, format


def compose(title: str, text: str, format: str) -> str:
    """The document of a record with a title: the title on line 1 (a Markdown ``#`` heading), a blank line, the
    text from line 3. Line breaks inside a title become spaces."""
    line = " ".join(title.split())
    if not line:
        return text
    return f"{'# ' if format == 'markdown' else ''}{line}\n\n{text}"


# ---- shuffle stages -------------------------------------------------------------------------------------------------

def band_rows(units: Iterable[Unit]) -> Iterator[tuple[int, tuple[int, Unit]]]:
    """(partition key, (band, unit)) for the bucket stage: one row per band."""
    for unit in units:
        for band in unit.bands:
            yield stable_hash(unit.rule, band), (band, unit)


def bucket_reduce(rows: Iterable[tuple[int, tuple[int, Unit]]], context: ScanContext
                  ) -> Iterator[tuple[int, Verdict]]:
    """Per (rule, band): the units sorted in record order; exact copies point at the key's first occurrence;
    the first ``MAX_POSTINGS`` other units each get their first similar predecessor in this bucket."""
    buckets: dict[tuple[str, int], list[Unit]] = defaultdict(list)
    for _, (band, unit) in rows:
        buckets[(unit.rule, band)].append(unit)
    for (rule, band), units in buckets.items():
        units.sort(key=lambda unit: unit.order)
        similarity = context.similarity(rule)
        first_of_key: dict[str, Unit] = {}
        postings: list[Unit] = []
        for unit in units:
            words, anchors = split_key(unit.located.key)
            first = first_of_key.get(words)  # an exact copy is a copy whatever its anchors, as find_duplicates
            if first is not None:
                if band == unit.bands[0]:  # one verdict per exact copy, from its first band
                    yield _unit_key(unit), Verdict(unit, exact_of=first)
                continue
            first_of_key[words] = unit
            if similarity >= 100:
                continue
            if len(postings) >= MAX_POSTINGS:
                yield _unit_key(unit), Verdict(unit)
                continue
            match = most_similar(words, postings, lambda other: split_key(other.located.key)[0],
                                 lambda other: same_anchors(anchors, split_key(other.located.key)[1]), similarity)
            yield _unit_key(unit), Verdict(unit, True, match)
            postings.append(unit)


def _unit_key(unit: Unit) -> int:
    return stable_hash(unit.rule, *unit.order)


def verdict_reduce(rows: Iterable[tuple[int, Verdict]]) -> Iterator[tuple[int, Edge | Unit]]:
    """Per unit: the edge to what it copies (exact, else the earliest similar candidate of all its buckets), or
    the unit itself when ``find_duplicates`` would compare it with its window (mostly capped bands)."""
    verdicts: dict[tuple[str, tuple[int, int, int]], list[Verdict]] = defaultdict(list)
    for _, verdict in rows:
        verdicts[(verdict.unit.rule, verdict.unit.order)].append(verdict)
    for (rule, _), found in verdicts.items():
        unit = found[0].unit
        exact = next((verdict.exact_of for verdict in found if verdict.exact_of is not None), None)
        if exact is not None:
            yield _first_key(rule, exact), Edge(rule, exact, unit, 100.0)
            continue
        matches = [verdict.match for verdict in found if verdict.match is not None]
        if matches:  # the most similar over all buckets, the earliest on a tie
            first, score = min(matches, key=lambda match: (-match[1], match[0].order))
            yield _first_key(rule, first), Edge(rule, first, unit, score)
        elif sum(verdict.informative for verdict in found) < len(unit.bands) / 2:
            yield 0, unit


def _first_key(rule: str, first: Unit) -> int:
    """An edge's shuffle key: every edge of a rule goes to one group reduce, since a group of copies is a connected
    component of the edges (a chain of near copies spans several first copies). Edges are few: one per copy."""
    return stable_hash(rule)


def window_rows(units: Iterable[Unit], flagged: set[tuple[str, int]], offsets: dict[tuple[str, int], int]
                ) -> Iterator[tuple[int, tuple[int, int, Unit]]]:
    """Units sent to the window slots that hold flagged units: slot ``rank // FALLBACK_WINDOW`` and the next.
    ``flagged``: (rule, slot) pairs; ``offsets``: (rule, task) -> global rank of the task's first unit."""
    for unit in units:
        rank = offsets[(unit.rule, unit.task)] + unit.rank
        slot = rank // FALLBACK_WINDOW
        for target in (slot, slot + 1):
            if (unit.rule, target) in flagged:
                yield stable_hash(unit.rule, target), (target, rank, unit)


def window_reduce(rows: Iterable[tuple[int, tuple[int, int, Unit]]], queries: dict[tuple[str, int], set[int]],
                  context: ScanContext) -> Iterator[tuple[int, Edge]]:
    """Per (rule, slot): each flagged unit compared with the ``FALLBACK_WINDOW`` units before it, as
    ``find_duplicates`` does (``queries``: (rule, slot) -> global ranks of the flagged units)."""

    slots: dict[tuple[str, int], dict[int, Unit]] = defaultdict(dict)
    for _, (slot, rank, unit) in rows:
        slots[(unit.rule, slot)][rank] = unit
    for (rule, slot), by_rank in slots.items():
        similarity = context.similarity(rule)
        for rank in sorted(queries.get((rule, slot), ())):
            if rank not in by_rank or rank // FALLBACK_WINDOW != slot:
                continue
            unit = by_rank[rank]
            words, anchors = split_key(unit.located.key)
            window = {index: split_key(by_rank[index].located.key)[0]
                      for index in range(max(0, rank - FALLBACK_WINDOW), rank)}
            best = window_match(words, window, lambda other: same_anchors(split_key(by_rank[other].located.key)[1],
                                                                          anchors), similarity)
            if best is not None:
                first = by_rank[best[0]]
                yield _first_key(rule, first), Edge(rule, first, unit, best[1])


def group_reduce(rows: Iterable[tuple[int, Edge]], context: ScanContext) -> Iterator[tuple[int, CorpusRow]]:
    """All the edges of a rule (one reduce: a group is a connected component, which may span first copies):
    the groups of copies, each one finding routed to the record it is reported on, as ``corpus_violations``
    makes them. (Mirrored trees are a feature of directory trees, not of archives of records: not detected here.)"""
    by_rule: dict[str, list[Edge]] = defaultdict(list)
    for _, edge in rows:
        by_rule[edge.rule].append(edge)
    for rule in sorted(by_rule):
        edges = by_rule[rule]
        units = sorted({unit.order: unit for edge in edges for unit in (edge.first, edge.later)}.values(),
                       key=lambda unit: unit.order)
        index = {unit.order: position for position, unit in enumerate(units)}
        links = sorted((index[edge.later.order], index[edge.first.order], edge.score) for edge in edges)
        located = [unit.located for unit in units]
        for group in _groups(len(units), links):
            violation = _group_violation(context.rule(rule), located, group.members, group.score)
            if violation is None:
                continue
            reported = next(units[i] for i in group.members
                            if (units[i].located.path, units[i].located.line, units[i].located.column)
                            == (violation.path, violation.line, violation.column))
            yield reported.file_index, CorpusRow(reported.file_index, reported.ordinal, violation)


def finish_file(records: Iterable[RecordRow], corpus: Iterable[CorpusRow], context: ScanContext
                ) -> tuple[list[Violation], list[RecordRow]]:
    """One input file's findings, sorted by (record id, line, column, code), and its records with problems.

    A corpus finding passes the ``FileFilter`` of its record after the record's own findings (so occurrence
    numbers in fingerprints continue), and unused suppressions are decided after both, as ``check_paths`` does.
    A record without suppression directives did not ship its filter: a fresh one, fed its own findings again,
    is the same filter.
    """
    by_ordinal: dict[int, RecordRow] = {row.ordinal: row for row in records}
    corpus_by: dict[int, list[Violation]] = defaultdict(list)
    for row in corpus:
        corpus_by[row.ordinal].append(row.violation)
    findings: list[Violation] = []
    for ordinal in sorted(set(by_ordinal) | set(corpus_by)):
        record = by_ordinal.get(ordinal)
        violations = list(record.violations) if record is not None else []
        reported = sorted(corpus_by.get(ordinal, ()), key=Violation.sort_key)
        record_filter = record.filter if record is not None else None
        if reported or record_filter is not None:
            if record_filter is None:
                record_filter = FileFilter.with_sites(reported[0].path, context.rules, (), ())
                record_filter.keep(violations)
            violations += record_filter.keep(reported)
            violations += record_filter.unused()
        findings.extend(violations)
    findings.sort(key=Violation.sort_key)
    problems = [row for ordinal, row in sorted(by_ordinal.items()) if row.reason or row.rule_problems]
    return findings, problems



def task_offsets(stats: Iterable[TaskStat]) -> dict[tuple[str, int], int]:
    """(rule, task) -> global rank of the task's first unit of the rule (tasks in record order)."""
    offsets: dict[tuple[str, int], int] = {}
    totals: dict[str, int] = defaultdict(int)
    for stat in sorted(stats, key=lambda stat: stat.task):
        for code in sorted(set(stat.units) | set(totals)):
            offsets[(code, stat.task)] = totals[code]
            totals[code] += stat.units.get(code, 0)
    return offsets


def flagged_slots(flagged: Iterable[Unit], offsets: dict[tuple[str, int], int]) -> dict[tuple[str, int], set[int]]:
    """(rule, slot) -> global ranks of the flagged units in that slot."""
    queries: dict[tuple[str, int], set[int]] = defaultdict(set)
    for unit in flagged:
        rank = offsets[(unit.rule, unit.task)] + unit.rank
        queries[(unit.rule, rank // FALLBACK_WINDOW)].add(rank)
    return dict(queries)

