"""The settings side of configuration: what the command line (or API) asks for, and what applies to each file.

``config.py`` reads and validates configuration files; this module combines them with ``CheckOptions`` into
``FileSettings`` for every file checked, and into the settings of the run as a whole.

Two kinds of setting, and where each comes from:

- **Per file** (rules, rule settings, select/ignore, per-file-ignores, include/exclude, paragraph-mode,
  max-file-size, regex-timeout, mirrors): the configuration nearest to the file, then the command line's options.
- **Per run** (``fail-on``, ``cross-file``): one value for the whole run, from the command line, else from the
  configuration that applies to the directory holding every path checked (their common directory). So
  ``doclint check sub`` and ``cd sub; doclint check .`` read the same ``sub/.doclint.yaml``; the directory you
  stand in does not matter.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from doclint.config import Config, ConfigFinder
from doclint.errors import OptionError, SelectorError
from doclint.files import DEFAULT_MAX_FILE_SIZE, SourceFile, compile_globs, parse_size
from doclint.rules import Rule, RuleSet, apply_rule_settings, configure_rule, load_rules
from doclint.safe_regex import DEFAULT_TIMEOUT
from doclint.schema import did_you_mean
from doclint.violations import Severity


@dataclass(frozen=True)
class CheckOptions:
    """What the command line (or an API caller) asks for, on top of configuration files."""

    select: tuple[str, ...] = ()  # replaces the configuration's select
    ignore: tuple[str, ...] = ()  # added to the configuration's ignore
    rule_dirs: tuple[Path, ...] = ()  # added after the configuration's rule directories
    config_file: Path | None = None  # use this configuration for every file
    isolated: bool = False  # ignore configuration files
    paragraph_mode: str | None = None  # plain text: auto, blank-lines or lines (default: configuration)
    format: str | None = None  # force a document format instead of choosing by extension
    fail_on: Severity | None = None  # default: the run's configuration
    cross_file: bool | None = None  # default: the run's configuration
    cross_file_exclude: tuple[str, ...] = ()  # added to the configuration's
    max_file_size: int | None = None  # bytes (0: no limit); default: the configuration's
    regex_timeout: float | None = None  # seconds per rule per document (per MB); default: the configuration's
    baseline: Path | None = None  # report only findings this baseline file does not record
    cache: bool = False  # keep results in .doclint_cache/ (the command line's default; off for the API)
    cache_dir: Path | None = None  # where, instead of .doclint_cache/ in the run's root
    # Per rule, as configuration's rule-settings (API use); applied after the configuration's, so they win.
    rule_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class FileSettings:
    rules: RuleSet  # the rules to run on the file (selection and per-file-ignores applied)
    known_rules: RuleSet  # every loaded rule, to resolve names in suppression directives
    paragraph_mode: str
    format: str | None
    skip: bool = False  # excluded by configuration
    skip_reason: str = ""  # why, for a file named on the command line (a notice)
    cross_file: bool = False  # compared with the other documents (--cross-file)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; 0: no limit
    regex_timeout: float = DEFAULT_TIMEOUT  # seconds a rule's own patterns may run per document (per MB)
    # In a tree declared by ``mirrors`` (not its set's first): (its root, the first tree's root) as paths are shown.
    mirror: tuple[str, str] | None = None


class GlobMatcher(Protocol):
    def match_file(self, file: str) -> bool: ...


@dataclass(frozen=True)
class _ConfiguredRules:
    """What one configuration file decides, compiled once: its rules and its globs."""

    known: RuleSet
    selected: RuleSet
    include: GlobMatcher | None
    exclude: GlobMatcher
    per_file_ignores: tuple[tuple[GlobMatcher, frozenset[str]], ...]
    cross_file_exclude: GlobMatcher
    mirrors: tuple[tuple[str, ...], ...] = ()


class SettingsResolver:
    """The rules and settings for each file: its configuration, then the command line's options.

    Rule sets are built once per configuration file and cached, so a corpus pays for rule loading once.
    With ``fixed_rules``, configuration files are ignored and exactly those rules run (API use).
    ``paths`` are the paths the run checks: their common directory's configuration decides the run's settings.
    """

    def __init__(self, options: CheckOptions, fixed_rules: RuleSet | None = None,
                 paths: Sequence[str] = ()) -> None:
        _validate_options(options)
        self.options = options
        self.fixed_rules = fixed_rules
        isolated = options.isolated or fixed_rules is not None
        self.finder = ConfigFinder(options.config_file, isolated)
        self._run_directory = _common_directory(paths)
        self._loaded: dict[tuple[Path, ...], RuleSet] = {}
        self._configured: dict[int, _ConfiguredRules] = {}
        self._cli_cross_exclude: GlobMatcher | None = None
        if options.cross_file_exclude:
            spec, refused = compile_globs(list(options.cross_file_exclude))
            if refused:
                index, reason = refused[0]
                raise OptionError(f"--cross-file-exclude: invalid glob {options.cross_file_exclude[index]!r}: {reason}")
            self._cli_cross_exclude = spec
        self._cross_file = self.cross_file()

    def run_config(self) -> Config:
        """The configuration that decides the run's settings: the one for the checked paths' common directory."""
        return self.finder.for_file(self._run_directory / "_")

    def run_root(self) -> Path:
        """Where the run keeps its cache: the run's configuration file's directory, else the checked paths'."""
        config = self.run_config()
        return Path(config.source).parent if config.source else self._run_directory

    def validate(self) -> None:
        """Load the rules of the run's configuration now, so a broken rule or configuration file is reported
        even when there is nothing to check."""
        self._rules_for(self.run_config())

    def fail_on(self) -> Severity:
        if self.options.fail_on is not None:
            return self.options.fail_on
        return self.run_config().fail_on

    def cross_file(self) -> bool:
        if self.options.cross_file is not None:
            return self.options.cross_file
        return self.run_config().values.cross_file

    def for_file(self, source: SourceFile) -> FileSettings:
        config = self.finder.for_file(source.path)
        configured = self._rules_for(config)
        relative = _relative(source.path, config.root)
        mode = self.options.paragraph_mode or config.values.paragraph_mode
        skip_reason = ""
        if relative is not None and configured.exclude.match_file(relative):
            skip_reason = f"excluded by the configuration ({config.source}: exclude); not checked"
        skip = bool(skip_reason) or (relative is not None and not source.explicit and configured.include is not None
                                     and not configured.include.match_file(relative))
        rules = configured.selected
        if relative is not None and configured.per_file_ignores:
            ignored = {code for spec, codes in configured.per_file_ignores if spec.match_file(relative) for code in codes}
            if ignored:
                rules = RuleSet(tuple(rule for rule in rules if rule.code not in ignored))
        # Configured globs are relative to the configuration file; command-line ones match the path as shown.
        cross_file = self._cross_file and not (
            (relative is not None and configured.cross_file_exclude.match_file(relative))
            or (self._cli_cross_exclude is not None
                and self._cli_cross_exclude.match_file(Path(source.display).as_posix()))
        )
        max_file_size = self.options.max_file_size
        if max_file_size is None:
            max_file_size = parse_size(config.values.max_file_size)
        regex_timeout = self.options.regex_timeout or config.values.regex_timeout
        mirror = _mirror_roots(source.display, relative, configured.mirrors) if cross_file and relative else None
        return FileSettings(rules, configured.known, mode, self.options.format, skip, skip_reason, cross_file,
                            max_file_size, regex_timeout, mirror)

    def _rules_for(self, config: Config) -> _ConfiguredRules:
        key = id(config)
        cached = self._configured.get(key)
        if cached is None:
            cached = self._build(config)
            self._configured[key] = cached
        return cached

    def _build(self, config: Config) -> _ConfiguredRules:
        if self.fixed_rules is not None:
            known = self.fixed_rules
        else:
            directories = (*config.rule_dirs(), *self.options.rule_dirs)
            if directories not in self._loaded:
                self._loaded[directories] = load_rules(directories)
            known = self._configure(self._loaded[directories], config)
            if self.options.rule_settings:
                known = apply_rule_settings(known, self.options.rule_settings)
        values = config.values
        self._check_selectors(known, config, "select", values.select)
        self._check_selectors(known, config, "ignore", values.ignore)
        if self.fixed_rules is not None:
            selected = known
        else:
            selected = known.select(self.options.select or values.select, (*values.ignore, *self.options.ignore))
        per_file = []
        for pattern, selectors in values.per_file_ignores.items():
            self._check_selectors(known, config, "per-file-ignores", selectors, pattern)
            codes = frozenset(rule.code for rule in known.resolve(selectors))
            per_file.append((_checked_globs(config, ("per-file-ignores", pattern), [pattern]), codes))
        include = _checked_globs(config, ("include",), values.include) if values.include else None
        return _ConfiguredRules(known, selected, include, _checked_globs(config, ("exclude",), values.exclude),
                                tuple(per_file),
                                _checked_globs(config, ("cross-file-exclude",), values.cross_file_exclude),
                                values.mirrors)

    @staticmethod
    def _configure(rules: RuleSet, config: Config) -> RuleSet:
        settings = config.values.rule_settings
        if not settings:
            return rules
        replaced: dict[str, Rule] = {}
        for selector, values in settings.items():
            rule = rules.find(str(selector))
            if rule is None:
                raise config.error(("rule-settings", selector), f"rule-settings: unknown rule {selector!r}"
                                   f"{did_you_mean(str(selector), [r.code for r in rules] + [r.name for r in rules])}")
            data = next((d for d in config.data if ("rule-settings", selector) in d.lines), config.data[0])
            # Entries naming one rule twice (by code and by name, or from an extended file) apply in turn.
            earlier = replaced.get(rule.code, rule)
            replaced[rule.code] = configure_rule(earlier, values, data, ("rule-settings", selector))
        return RuleSet(tuple(replaced.get(rule.code, rule) for rule in rules))

    @staticmethod
    def _check_selectors(rules: RuleSet, config: Config, key: str, selectors: tuple[str, ...], *sub: str) -> None:
        for index, selector in enumerate(selectors):
            try:
                rules.resolve([selector])
            except SelectorError as error:
                raise config.error((key, *sub, index), f"{key}: {error}") from None


def _validate_options(options: CheckOptions) -> None:
    """API callers get a clear ``OptionError`` for what the command line's choices would have refused."""
    from doclint.parsing import FORMATS
    from doclint.parsing.plaintext import PARAGRAPH_MODES

    if options.paragraph_mode is not None and options.paragraph_mode not in PARAGRAPH_MODES:
        raise OptionError(f"paragraph_mode must be one of {', '.join(PARAGRAPH_MODES)}, not {options.paragraph_mode!r}")
    if options.format is not None and options.format not in FORMATS:
        raise OptionError(f"format must be one of {', '.join(FORMATS)}, not {options.format!r}")
    for name in ("select", "ignore", "cross_file_exclude", "rule_dirs"):
        value = getattr(options, name)
        if isinstance(value, (str, bytes)):
            raise OptionError(f"{name} must be a list or tuple, not one string (write ({value!r},))")
    if options.fail_on is not None and not isinstance(options.fail_on, Severity):
        raise OptionError(f"fail_on must be a doclint.violations.Severity, not {options.fail_on!r}")


class _NoGlobs:
    """Matches nothing; stands in for an empty glob list without importing pathspec (start-up time)."""

    @staticmethod
    def match_file(file: str) -> bool:
        return False


def _checked_globs(config: Config, key_path: tuple[str, ...], patterns: tuple[str, ...] | list[str]) -> GlobMatcher:
    """gitignore-style globs (pathspec), with a glob that cannot be compiled ("[z-a]"), or that has too many
    wildcards to match in reasonable time, reported at its line instead of crashing or hanging."""
    if not patterns:
        return _NoGlobs()
    spec, refused = compile_globs(list(patterns))
    if refused:
        index, reason = refused[0]
        where: tuple[str | int, ...] = key_path if key_path[0] == "per-file-ignores" else (*key_path, index)
        raise config.error(where, f"{key_path[0]}: invalid glob {patterns[index]!r}: {reason}")
    return spec  # type: ignore[no-any-return]  # a pathspec.GitIgnoreSpec (pathspec's types are not checked)


def _mirror_roots(display: str, relative: str, mirrors: tuple[tuple[str, ...], ...]) -> tuple[str, str] | None:
    """For a file in a declared mirror tree other than its set's first: the tree's root and the first tree's
    root, as paths are displayed (the corpus phase compares displayed paths). ``relative``: the file's path
    relative to its configuration's directory. "print/docs/a.md" shown as "repo/print/docs/a.md", with
    ``[docs, print/docs]``, gives ("repo/print/docs", "repo/docs")."""
    shown = display.replace("\\", "/")
    for entry in mirrors:
        for tree in entry[1:]:
            if not relative.startswith(tree + "/"):
                continue
            inside = relative[len(tree) + 1 :]
            if not shown.endswith("/" + inside):
                return None  # shown from inside the tree itself: nothing in the run is outside it to compare
            root = shown[: -len(inside) - 1]
            if root == tree:
                return root, entry[0]
            if root.endswith("/" + tree):  # keep the prefix as shown ("./", "../"): other paths show it too
                return root, root[: -len(tree)] + entry[0]
            return root, posixpath.normpath(posixpath.join(root, posixpath.relpath(entry[0], tree)))
    return None


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def _common_directory(paths: Sequence[str]) -> Path:
    """The directory that holds every path (a file counts as its directory); the working directory without any."""
    directories = []
    for given in paths:
        try:
            path = Path(given).resolve()
            directories.append(str(path if path.is_dir() else path.parent))
        except (OSError, RuntimeError):  # unresolvable (a loop, a name too long): it is reported when checked
            continue
    if not directories:
        return Path.cwd().resolve()
    try:
        return Path(os.path.commonpath(directories))
    except ValueError:  # different drives (Windows)
        return Path.cwd().resolve()
