"""The corpus phase of ``--cross-file``: compare units (paragraphs, titles) collected from every document.

The per-document phase runs in parallel and collects, for each rule whose check kind can ``collect``, the
units of each document with their locations. Here, after all documents are done, the units of each rule are
put in a stable order (path, then line, then column) and matched with the same near-linear ``find_duplicates``
as within a document; the matches are joined into groups of copies (connected components). The result does not
depend on the order of the paths on the command line, on ``--jobs``, or on ``PYTHONHASHSEED``.

Copies in the same document are the per-document phase's business. Every group that spans documents becomes ONE
finding, at the earliest copy outside the earliest copy's document, listing every other copy as a related
location and counting them ("3 copies in 3 files"); path order says nothing about which copy is the original,
so the message names the earliest copy only as "the paragraph at".

Mirrored trees: documentation repositories often keep a copy of a whole tree (one per product version, a print
edition beside the source). When most files of one tree have most of their paragraphs in the file at the same
relative path of another tree, the two trees mirror each other: that is reported ONCE (at the mirror's first
copied paragraph, with the counts in ``data["mirror"]``), and copies between mirrored files are not reported one
by one. Copies that reach outside the mirrored trees are still reported, once per group.

Trees declared as copies of each other (the ``mirrors`` configuration key; ``declared`` here: each declared
tree's root with the root of its set's first tree, as paths are shown) are treated as detected mirrors without
the finding: their copies of each other are not reported at all, and a detected mirror between two trees of one
declared set is not reported either. To leave a tree out of the comparison altogether, use
``cross-file-exclude``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from doclint.checks.duplication import find_duplicates
from doclint.display import printable_path
from doclint.document import Position
from doclint.rules import Rule
from doclint.violations import RelatedLocation, Violation

# Two files mirror each other when they share at least this many units and this share of the smaller file's.
MIRROR_FILE_UNITS = 2
MIRROR_FILE_SHARE = 0.5
# Two trees mirror each other when at least this many of their files, and this share of the smaller tree's
# files (those with units), mirror the file at the same relative path.
MIRROR_TREE_FILES = 3
MIRROR_TREE_SHARE = 0.5
# A group of copies in more files than this is boilerplate (a licence notice); it says nothing about mirrors.
MAX_GROUP_FILES_FOR_MIRRORS = 20


@dataclass(frozen=True, slots=True)
class LocatedUnit:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    key: str
    label: str
    source_line: str


@dataclass(frozen=True, slots=True)
class _Group:
    members: tuple[int, ...]  # unit indexes, in unit order
    score: float  # the lowest similarity of the matches that joined it


@dataclass(frozen=True, slots=True)
class Mirror:
    """``tree`` mirrors ``of``: ``files`` of the smaller tree's ``tree_files`` files are copies."""

    tree: str
    of: str
    files: int
    tree_files: int


def corpus_violations(units_by_rule: dict[str, list[LocatedUnit]], rules: dict[str, Rule],
                      declared: Iterable[tuple[str, str]] = ()) -> list[Violation]:
    groups_by_rule: dict[str, list[_Group]] = {}
    for code in sorted(units_by_rule):
        units = units_by_rule[code]
        units.sort(key=lambda unit: (unit.path, unit.line, unit.column))
        similarity = float(getattr(rules[code].params, "similarity", 100.0))
        groups_by_rule[code] = _groups(len(units), find_duplicates([unit.key for unit in units], similarity))
    mirrors = detect_mirrors(units_by_rule, groups_by_rule)
    declared_mirrors = [Mirror(tree=tree, of=of, files=0, tree_files=0) for tree, of in sorted(set(declared))]
    roots = _mirror_roots(mirrors + declared_mirrors)
    declared_roots = _mirror_roots(declared_mirrors)
    violations: list[Violation] = []
    for code, groups in groups_by_rule.items():
        rule, units = rules[code], units_by_rule[code]
        for group in groups:
            violation = _group_violation(rule, units, _without_mirror_copies(units, group, roots), group.score)
            if violation is not None:
                violations.append(violation)
    reporting = next((code for code in sorted(units_by_rule) if rules[code].kind.name == "duplication"), None)
    if reporting is not None:
        undeclared = [mirror for mirror in mirrors
                      if declared_roots.get(mirror.tree, mirror.tree) != declared_roots.get(mirror.of, mirror.of)]
        for mirror in _one_per_tree(undeclared):
            violation = _mirror_violation(rules[reporting], units_by_rule[reporting], groups_by_rule[reporting], mirror)
            if violation is not None:
                violations.append(violation)
    return violations


def _groups(count: int, links: Iterable[tuple[int, int, float]]) -> list[_Group]:
    """Connected components of the matches, each with its lowest score, in the order of their first unit."""
    parent = list(range(count))
    score: dict[int, float] = {}

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for later, first, similarity in links:
        a, b = find(later), find(first)
        root = min(a, b)
        low = min(similarity, score.get(a, 100.0), score.get(b, 100.0))
        parent[max(a, b)] = root
        score[root] = low
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(count):
        members[find(index)].append(index)
    return [_Group(tuple(found), score.get(root, 100.0)) for root, found in sorted(members.items()) if len(found) > 1]


def detect_mirrors(units_by_rule: dict[str, list[LocatedUnit]], groups_by_rule: dict[str, list[_Group]]) -> list[Mirror]:
    """Pairs of trees whose files at the same relative paths mostly copy each other (see the module docstring)."""
    shared: Counter[tuple[str, str]] = Counter()
    units_in: Counter[str] = Counter()
    for code, units in units_by_rule.items():
        units_in.update(unit.path for unit in units)
        for group in groups_by_rule[code]:
            files = sorted({units[index].path for index in group.members})
            if 1 < len(files) <= MAX_GROUP_FILES_FOR_MIRRORS:
                shared.update((a, b) for i, a in enumerate(files) for b in files[i + 1 :])
    tree_pairs: Counter[tuple[str, str]] = Counter()
    for (a, b), count in sorted(shared.items()):
        if count >= MIRROR_FILE_UNITS and count >= MIRROR_FILE_SHARE * min(units_in[a], units_in[b]):
            roots = _tree_roots(a, b)
            if roots is not None:
                tree_pairs[roots] += 1
    files_under = _files_under(units_in)
    mirrors = []
    for (first, second), count in sorted(tree_pairs.items()):
        smaller = min(files_under[first], files_under[second])
        if count >= MIRROR_TREE_FILES and count >= MIRROR_TREE_SHARE * smaller:
            mirrors.append(Mirror(tree=second, of=first, files=count, tree_files=smaller))
    return mirrors


def _tree_roots(a: str, b: str) -> tuple[str, str] | None:
    """The roots under which two paths have the same relative path ("v1/x/a.md", "v2/x/a.md" -> "v1", "v2")."""
    first, second = _parts(a), _parts(b)
    common = 0
    while common < min(len(first), len(second)) and first[-1 - common] == second[-1 - common]:
        common += 1
    if common == 0 or common == min(len(first), len(second)):
        return None  # different file names, or one tree inside the other
    return "/".join(first[:-common]), "/".join(second[:-common])


def _parts(path: str) -> list[str]:
    """Path components joined back with "/" give the path again ("/a/b" -> ["", "a", "b"])."""
    return path.replace("\\", "/").split("/")


def _files_under(units_in: Counter[str]) -> Counter[str]:
    under: Counter[str] = Counter()
    for path in units_in:
        parts = _parts(path)
        for end in range(1, len(parts)):
            under["/".join(parts[:end])] += 1
    return under


def _one_per_tree(mirrors: list[Mirror]) -> list[Mirror]:
    """Each mirrored tree once, against the earliest tree it mirrors ("7.5 mirrors 5.1", not also "7.5 mirrors
    7.4")."""
    chosen: dict[str, Mirror] = {}
    for mirror in mirrors:  # sorted by (of, tree)
        chosen.setdefault(mirror.tree, mirror)
    return [chosen[tree] for tree in sorted(chosen)]


def _mirror_roots(mirrors: list[Mirror]) -> dict[str, str]:
    """Each mirrored tree's root -> the root of its class (the first tree of the trees that mirror each other)."""
    parent: dict[str, str] = {}

    def find(root: str) -> str:
        parent.setdefault(root, root)
        while parent[root] != root:
            root = parent[root]
        return root

    for mirror in mirrors:
        a, b = find(mirror.of), find(mirror.tree)
        parent[max(a, b)] = min(a, b)
    return {root: find(root) for root in list(parent)}


def _canonical(path: str, roots: dict[str, str]) -> str:
    """A path with its mirrored tree's root replaced by the root of its class: mirrored copies compare equal."""
    normal = path.replace("\\", "/")
    best = max((root for root in roots if normal.startswith(root + "/")), key=len, default=None)
    return normal if best is None else roots[best] + normal[len(best) :]


def _without_mirror_copies(units: list[LocatedUnit], group: _Group, roots: dict[str, str]) -> tuple[int, ...]:
    """The group with each set of mirrored files counted once: of the files that are copies of one file (the same
    canonical path), only the units of one are kept, the canonical file itself when it is in the group, else the
    first by path."""
    if not roots:
        return group.members
    canonical_of: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for index in group.members:
        path = units[index].path
        canonical = canonical_of.get(path)
        if canonical is None:
            canonical = canonical_of[path] = _canonical(path, roots)
        earlier = chosen.get(canonical)
        if earlier is None or (_normal(path) == canonical) > (_normal(earlier) == canonical):
            chosen[canonical] = path
    return tuple(index for index in group.members if chosen[canonical_of[units[index].path]] == units[index].path)


def _normal(path: str) -> str:
    return path.replace("\\", "/")


def _group_violation(rule: Rule, units: list[LocatedUnit], members: tuple[int, ...], score: float) -> Violation | None:
    if len(members) < 2:
        return None
    origin = units[members[0]]
    reported_index = next((index for index in members if units[index].path != origin.path), None)
    if reported_index is None:
        return None  # all in one document: the per-document phase reports them
    reported = units[reported_index]
    files = len({units[index].path for index in members})
    first_text = f"{printable_path(origin.path)}:{origin.line}"
    if len(members) > 2:
        first_text += f" ({len(members)} copies in {files} files)"
    args = {
        "relation": "duplicates" if score >= 100 else f"is {int(score)}% similar to",
        "similarity": int(score),
        "first": first_text,
        "first_line": origin.line,
        "first_column": origin.column,
        "heading": reported.label,
        "target": "title",
    }
    related = _related(units[index] for index in members if index != reported_index)
    return rule.violation(reported.path, Position(reported.line, reported.column),
                          Position(reported.end_line, reported.end_column), args, related, reported.source_line,
                          data={"similarity": round(score, 1), "copies": len(members), "files": files})


def _mirror_violation(rule: Rule, units: list[LocatedUnit], groups: list[_Group], mirror: Mirror) -> Violation | None:
    """One finding for a mirrored tree: at its first paragraph copied from the tree it mirrors."""
    tree, of = mirror.tree + "/", mirror.of + "/"
    pairs: list[tuple[int, int]] = []
    for group in groups:
        inside = [i for i in group.members if units[i].path.replace("\\", "/").startswith(tree)]
        origin = next((i for i in group.members if units[i].path.replace("\\", "/").startswith(of)), None)
        if inside and origin is not None:
            pairs.extend((i, origin) for i in inside)
    if not pairs:
        return None
    reported_index, source_index = min(pairs)
    reported, source = units[reported_index], units[source_index]
    args = {
        "relation": f"and {len(pairs) - 1:,} more paragraphs of {tree} duplicate",
        "similarity": 100,
        "first": f"{printable_path(source.path)}:{source.line} ({tree} mirrors {of}: {mirror.files} of {mirror.tree_files} files; "
                 f"reported once)",
        "first_line": source.line,
        "first_column": source.column,
        "heading": reported.label,
        "target": "title",
    }
    return rule.violation(reported.path, Position(reported.line, reported.column),
                          Position(reported.end_line, reported.end_column), args,
                          _related([source]), reported.source_line,
                          data={"mirror": {"tree": mirror.tree, "of": mirror.of, "files": mirror.files,
                                           "tree_files": mirror.tree_files, "copies": len(pairs)}})


def _related(units: Iterable[LocatedUnit]) -> tuple[RelatedLocation, ...]:
    return tuple(RelatedLocation(unit.path, unit.line, unit.column) for unit in units)
