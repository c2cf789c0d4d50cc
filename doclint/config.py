"""Project configuration: discovery, strict validation, and the rules and settings that apply to each file.

A file's configuration is the nearest ``.doclint.yaml`` or ``pyproject.toml`` with a ``[tool.doclint]`` table,
walking up from the file's directory (the closest one wins, as in ruff; ``extends`` builds on another file).
``--config PATH`` uses one file for everything and ``--isolated`` ignores all configuration.

Keys (kebab-case)::

    select: [DL001, repeated-heading]   # only these rules (codes or names); default: every enabled rule
    ignore: [DL003]                     # never these
    rules: [styles/house]               # extra rule directories, relative to this file
    rule-settings:                      # per rule: level, enabled, and the check's own parameters
      duplicate-paragraph: {level: warning, similarity: 85}
    include: ["docs/**/*.md"]           # when walking directories, only these (gitignore-style globs)
    exclude: ["docs/archive/"]          # never these, even when named on the command line
    per-file-ignores: {"CHANGELOG.md": [DL002]}
    extends: ../base.doclint.yaml
    paragraph-mode: auto                # plain text: auto, blank-lines or lines
    fail-on: info                       # the lowest level that makes the run fail (exit 1)
    cross-file: false                   # also compare documents with each other
    cross-file-exclude: ["reference/5.1/"]  # leave mirrored trees out of that comparison
    mirrors: [[docs, print/docs]]       # trees whose files copy each other: their copies are not reported
    max-file-size: 10MB                 # larger files are not checked (an error when named, else a notice)
    regex-timeout: 2                    # seconds a rule's own regexes may run per document (per MB)
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PureWindowsPath
from typing import Any, Literal

from doclint.files import parse_size
from doclint.safe_regex import DEFAULT_TIMEOUT, regex_timeout_error
from doclint.schema import (
    LocatedData,
    SchemaError,
    build_dataclass,
    check_keys,
    field_keys,
    load_yaml,
    param,
)
from doclint.violations import Severity

CONFIG_FILE = ".doclint.yaml"
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class ConfigFile:
    """The schema of a configuration file; field docs feed ``doclint init``."""

    select: tuple[str, ...] = param([], "Only these rules (codes or names).")
    ignore: tuple[str, ...] = param([], "Never these rules.")
    rules: tuple[str, ...] = param([], "Extra rule directories, relative to this file.")
    rule_settings: dict[str, Any] = param({}, "Per rule: level, enabled and parameters.")
    include: tuple[str, ...] = param([], "Globs of files to check when walking directories.")
    exclude: tuple[str, ...] = param([], "Globs of files never to check.")
    per_file_ignores: dict[str, tuple[str, ...]] = param({}, "Glob -> rules not to apply to matching files.")
    extends: str = param("", "Another configuration file this one builds on (relative path).")
    paragraph_mode: Literal["auto", "blank-lines", "lines"] = param("auto", "Plain-text paragraph convention.")
    fail_on: Literal["error", "warning", "info"] = param("info", "Lowest level that makes the run fail.")
    cross_file: bool = param(False, "Compare documents with each other (duplicate paragraphs and headings).")
    cross_file_exclude: tuple[str, ...] = param([], "Globs of files left out of the cross-file comparison "
                                                    "(e.g. mirrored versions of a docs tree); still checked alone.")
    mirrors: tuple[tuple[str, ...], ...] = param([], "Trees kept as copies of each other, one list of directories "
                                                     "(relative to this file) per set: a file and the file at the "
                                                     "same relative path of another tree of the set are copies, "
                                                     "and --cross-file does not report their duplicates. Copies "
                                                     "reaching outside the set are still reported.")
    max_file_size: int | str = param("10MB", "Files larger than this are not checked: an error when named on the "
                                             "command line, a notice when found in a directory. Bytes, or a "
                                             "size like 512KB or 20MB (powers of 1024); 0 for no limit.")
    regex_timeout: float = param(DEFAULT_TIMEOUT, "Seconds the rules' own regular expressions (from their "
                                                  "`patterns`) may run on one document, all rules together, per "
                                                  "megabyte of text (0.01 to 60); a rule that runs over is "
                                                  "reported as an error for that file.")

    def __post_init__(self) -> None:
        try:
            parse_size(self.max_file_size)
        except ValueError as error:
            raise ValueError(f"max-file-size: {error}") from None
        refused = regex_timeout_error(self.regex_timeout)
        if refused is not None:
            raise ValueError(refused)


@dataclass(frozen=True)
class Config:
    """Settings for the files under ``root``; ``source`` is the file they came from (None: defaults)."""

    root: Path
    source: str | None = None
    values: ConfigFile = field(default_factory=ConfigFile)
    explicit: frozenset[str] = frozenset()  # keys actually written (this file or what it extends)
    data: tuple[LocatedData, ...] = ()  # the files, nearest first, for error lines

    def rule_dirs(self) -> list[Path]:
        return [self.root / directory for directory in self.values.rules]

    def error(self, key_path: tuple[str | int, ...], message: str) -> SchemaError:
        """An error located in whichever file (this one or one it extends) wrote ``key_path``."""
        for data in self.data:
            if key_path in data.lines:
                return data.error(key_path, message)
        return self.data[0].error(key_path, message) if self.data else SchemaError("<config>", None, message)

    @property
    def fail_on(self) -> Severity:
        return Severity(self.values.fail_on)


# An ``extends`` chain longer than this is an error (a loop is one too), not a RecursionError.
MAX_EXTENDS = 32


def user_config_dir() -> Path:
    """The user's own doclint directory (``$XDG_CONFIG_HOME/doclint``, else ``~/.config/doclint``): configuration
    may extend files, and name rule directories, there as well as inside its repository."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base, "doclint")


def repository_root(directory: Path) -> Path:
    """The root of the repository holding ``directory``: the nearest ancestor with ``.git``; without one, the
    directory itself. Configuration found there is the repository's, and may not reach outside it."""
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return directory


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _trusted_roots(root: Path) -> tuple[Path, ...]:
    roots = [root.resolve()]
    try:
        roots.append(user_config_dir().resolve())
    except (OSError, RuntimeError):  # no home directory
        pass
    return tuple(roots)


def load_config(path: Path, root: Path | None = None) -> Config:
    """Read one configuration file and what it ``extends``.

    The trust boundary: a checked repository must not make doclint read outside it. The file itself, what it
    extends and its rule directories must resolve (links followed) inside ``root`` (default: the repository
    holding the file, ``repository_root``) or the user's config directory; anything else is an error naming the
    key, before the file is read, so nothing outside is ever echoed in a message.
    """
    given = Path(os.path.abspath(path))
    trusted = _trusted_roots(root if root is not None else repository_root(given.parent))
    resolved = given.resolve()
    if not _inside(resolved, trusted):
        raise SchemaError(_display(given), None, "configuration file is a link to a file outside the repository "
                                                 f"({trusted[0]}); not read")
    chain = [_load_one(resolved, trusted)]
    seen = [resolved]
    while chain[-1][1] is not None:
        data, target = chain[-1][0].data[0], chain[-1][1]
        if target in seen:
            raise data.error(("extends",), "extends: configuration files extend each other in a loop")
        if len(chain) >= MAX_EXTENDS:
            raise data.error(("extends",), f"extends: more than {MAX_EXTENDS} configuration files extend each other")
        seen.append(target)
        chain.append(_load_one(target, trusted))
    config = chain[-1][0]
    for child, _ in reversed(chain[:-1]):
        config = _merge(config, child)
    return config


def _load_one(path: Path, trusted: tuple[Path, ...]) -> tuple[Config, Path | None]:
    """One file, validated, and the resolved file it extends (None: it extends nothing)."""
    data = _read_config_data(path)
    values = data.value if data.value is not None else {}
    if not isinstance(values, dict):
        raise data.error((), "configuration must be a mapping of keys (select, ignore, rules, ...)")
    check_keys(values, field_keys(ConfigFile), data, (), "in doclint configuration")
    parsed = build_dataclass(ConfigFile, values, data, ())
    for index, directory in enumerate(parsed.rules):
        target = (path.parent / directory).resolve()
        if not _inside(target, trusted):
            raise data.error(("rules", index), f"rules: {directory!r} is outside the repository ({trusted[0]}); "
                                               f"rule directories must be inside it or in {user_config_dir()}")
        if not target.is_dir():
            raise data.error(("rules", index), f"rules: directory {directory!r} not found (relative to this file)")
    if parsed.mirrors:
        parsed = replace(parsed, mirrors=_checked_mirrors(parsed.mirrors, path.parent, data))
    config = Config(root=path.parent, source=str(path), values=parsed, explicit=frozenset(values), data=(data,))
    if not parsed.extends:
        return config, None
    target = (path.parent / parsed.extends).resolve()
    if not _inside(target, trusted):
        raise data.error(("extends",), f"extends: {parsed.extends!r} is outside the repository ({trusted[0]}); "
                                       f"configuration may only extend files inside it or in {user_config_dir()}")
    if not target.is_file():
        raise data.error(("extends",), f"extends: {parsed.extends!r} not found (relative to this file)")
    return config, target


def _checked_mirrors(mirrors: tuple[tuple[str, ...], ...], root: Path, data: LocatedData
                     ) -> tuple[tuple[str, ...], ...]:
    """The ``mirrors`` entries with their directories normalised ("./docs/" -> "docs"), or an error at the line of
    the first bad one: fewer than two directories, a path that is absolute or climbs out with "..", a directory
    that does not exist, a directory inside another, or one listed twice."""
    checked: list[tuple[str, ...]] = []
    seen: dict[str, tuple[int, int]] = {}
    for number, entry in enumerate(mirrors):
        if len(entry) < 2:
            raise data.error(("mirrors", number), f"mirrors: an entry lists two or more directories that copy each "
                                                  f"other, not {len(entry)}")
        directories = []
        for position, directory in enumerate(entry):
            where = ("mirrors", number, position)
            normal = posixpath.normpath(directory.replace("\\", "/")) if directory.strip() else ""
            if (not normal or normal == "." or normal.startswith("/") or PureWindowsPath(directory).drive
                    or normal == ".." or normal.startswith("../")):
                raise data.error(where, f"mirrors: {directory!r} must be a directory below this file's directory "
                                        "(a relative path, without '..')")
            if not (root / normal).is_dir():
                raise data.error(where, f"mirrors: directory {directory!r} not found (relative to this file)")
            for other, (other_number, _) in seen.items():
                if normal == other or normal.startswith(other + "/") or other.startswith(normal + "/"):
                    relation = "listed twice" if normal == other else f"overlaps {other!r} (one is inside the other)"
                    entries = "" if other_number == number else f" of entry {other_number + 1}"
                    raise data.error(where, f"mirrors: {directory!r} {relation}{entries}; list each tree once")
            seen[normal] = (number, position)
            directories.append(normal)
        checked.append(tuple(directories))
    return tuple(checked)


def _merge(base: Config, child: Config) -> Config:
    """Keys written in ``child`` win; rule settings merge per rule; relative paths stay relative to their file."""
    merged = {}
    for name in field_keys(ConfigFile):
        attribute = name.replace("-", "_")
        value = getattr(child.values if name in child.explicit else base.values, attribute)
        merged[attribute] = value
    rule_settings = dict(base.values.rule_settings)
    for selector, settings in child.values.rule_settings.items():
        earlier = rule_settings.get(selector)
        # Both mappings: merge key by key. Otherwise the child's value wins (and is validated as a mapping later).
        rule_settings[selector] = ({**earlier, **settings} if isinstance(earlier, dict) and isinstance(settings, dict)
                                   else settings)
    merged["rule_settings"] = rule_settings
    # Rule directories of the base file are made relative to the child's root.
    base_dirs = tuple(os.path.relpath(base.root / d, child.root) for d in base.values.rules)
    merged["rules"] = base_dirs + (child.values.rules if "rules" in child.explicit else ())
    if "mirrors" not in child.explicit:  # the base file's directories, relative to the child's root
        merged["mirrors"] = tuple(tuple(Path(os.path.relpath(base.root / d, child.root)).as_posix() for d in entry)
                                  for entry in base.values.mirrors)
    merged["extends"] = ""
    return Config(
        root=child.root,
        source=child.source,
        values=ConfigFile(**merged),
        explicit=child.explicit | base.explicit,
        data=child.data + base.data,
    )


def _display(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _read_config_data(path: Path) -> LocatedData:
    display = _display(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaError(display, None, f"cannot read configuration: {error}") from None
    if path.name == PYPROJECT:
        return _pyproject_data(text, display)
    return load_yaml(text, display)


def _pyproject_data(text: str, path: str) -> LocatedData:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise SchemaError(path, int(match.group(1)) if match else None, f"invalid TOML: {error}") from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise SchemaError(path, None, "invalid TOML: nested too deeply") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise SchemaError(path, _toml_key_lines(text, {}).get(()), "tool: expected a table") from None
    table = tool.get("doclint", {})
    return LocatedData(table, path, _toml_key_lines(text, table))


def _toml_key_lines(text: str, table: Mapping[str, Any]) -> dict[tuple[str | int, ...], int]:
    """Lines of the ``[tool.doclint]`` keys. tomllib keeps no positions, so this reads the lines of the tables
    themselves: ``key = ...`` under ``[tool.doclint]`` and ``[tool.doclint.SUB]`` headers."""
    lines: dict[tuple[str | int, ...], int] = {}
    section: tuple[str, ...] | None = None
    for number, line in enumerate(text.split("\n"), start=1):  # TOML's line breaks, not every splitlines() one
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            parts = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            section = parts[2:] if parts[:2] == ("tool", "doclint") else None
            if section is not None:
                lines.setdefault(section, number)
            continue
        key = re.match(r"""\s*("[^"]+"|[A-Za-z0-9_-]+)\s*=""", line)
        if key and section is not None:
            lines.setdefault(section + (key.group(1).strip('"'),), number)
    lines.setdefault((), lines.get((), 1))
    return lines


def _has_doclint_table(pyproject: Path) -> bool:
    """Does pyproject.toml configure doclint? Parsed, since TOML spells the table in several ways."""
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "doclint" not in text:
        return False
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        tool = tomllib.loads(text).get("tool")
    except (tomllib.TOMLDecodeError, RecursionError):
        return True  # invalid TOML that mentions doclint: load it, so the error is reported with its line
    return isinstance(tool, dict) and "doclint" in tool


class ConfigFinder:
    """Finds (and caches) the configuration for each file."""

    def __init__(self, fixed: Path | None = None, isolated: bool = False, cwd: Path | None = None) -> None:
        self._cwd = (cwd or Path.cwd()).resolve()
        self._fixed = load_config(fixed) if fixed is not None else None
        self._isolated = isolated
        self._by_directory: dict[Path, Config] = {}

    def for_file(self, path: Path) -> Config:
        if self._fixed is not None:
            return self._fixed
        if self._isolated:
            return Config(root=self._cwd)
        return self._for_directory(path.parent)

    def _for_directory(self, directory: Path) -> Config:
        """The nearest configuration at or above ``directory`` (iterative: a tree may be thousands deep)."""
        climbed: list[Path] = []
        config: Config | None = None
        for candidate in (directory, *directory.parents):
            config = self._by_directory.get(candidate)
            if config is not None:
                break
            climbed.append(candidate)
            if (candidate / CONFIG_FILE).is_file():
                config = load_config(candidate / CONFIG_FILE)
                break
            if (candidate / PYPROJECT).is_file() and _has_doclint_table(candidate / PYPROJECT):
                config = load_config(candidate / PYPROJECT)
                break
        if config is None:
            config = Config(root=self._cwd)
        for candidate in climbed:
            self._by_directory[candidate] = config
        return config


STARTER_CONFIG = """\
# doclint configuration. Every key is optional; `doclint rules` lists the rules, `doclint rule NAME` explains one.

# Only these rules (codes or names); leave empty for every enabled rule.
select: []
# Never these rules.
ignore: []
# Extra rule directories (YAML rules), relative to this file.
rules: []
# Per rule: level (error, warning, info), enabled, and the rule's own parameters.
rule-settings:
  duplicate-paragraph:
    similarity: 90      # 0-100; 100 reports exact copies only
    min-length: 40      # shorter paragraphs are never compared
  repeated-heading:
    scope: siblings     # or: document
# When walking directories, check only files matching these globs (gitignore syntax); empty means all.
include: []
# Never check these (also when named on the command line).
exclude: []
# Another configuration this one builds on (keys written here win; rule-settings merge per rule).
# extends: ../.doclint.yaml
# Rules not to apply to some files.
per-file-ignores: {}
#   "CHANGELOG.md": [repeated-heading]
# Compare documents with each other: the same paragraph or title in two files (also: --cross-file).
cross-file: false
# Files left out of that comparison, e.g. mirrored versions of a docs tree (they are still checked alone).
cross-file-exclude: []
# Trees that copy each other (a print edition beside the source, one tree per version): one list of directories
# per set. Their copies of each other are not reported by --cross-file; copies reaching outside still are.
mirrors: []
#   - [docs, print/docs]
# Plain text: auto (detect per file), blank-lines, or lines (one paragraph per line).
paragraph-mode: auto
# The lowest level that makes `doclint check` exit 1: error, warning or info.
fail-on: info
# Files larger than this are not checked (an error when named on the command line, a notice in a directory).
max-file-size: 10MB
# Seconds the regular expressions of one rule may run on one document (per MB); slower is reported as an error.
regex-timeout: 2
"""
