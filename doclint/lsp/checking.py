"""The language server's one door into the engine: (buffer text, document path) -> findings, as ``doclint check``
would report them for that path.

Everything the server needs from the engine goes through here, so a change in the engine's interface is
adjusted in this module only. Per document: the settings of its path (``SettingsResolver.for_file``: the nearest
``.doclint.yaml`` or ``pyproject.toml``, ``extends``, ``select``/``ignore``, ``rule-settings``, ``exclude``,
``per-file-ignores``, ``paragraph-mode``, ``regex-timeout``, ``max-file-size``), then ``parse_document`` and
``check_document`` (which applies suppression comments). What the editor shows differs from the command line
in one way: cross-file comparison (``--cross-file``) is left to the command line.

Configuration is re-read when it changes: each check compares the modification times of the files that can
configure the document (the candidate configuration files in every directory above it, the files its
configuration extends, and its rule directories) with those seen before, which costs a few dozen ``stat``
calls; the server also calls ``reload`` when the client reports a changed file.

Nothing raised by the engine leaves ``check``: a configuration or rule-file error, a parser failure, a rule that
ran out of time or failed, each becomes a ``BufferProblem`` that the server shows as one diagnostic.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from doclint.config import CONFIG_FILE, PYPROJECT
from doclint.document import Document
from doclint.engine import check_document, one_line
from doclint.files import SourceFile, format_size
from doclint.fixes import fix_until_stable
from doclint.parsing import SUPPORTED_SUFFIXES, parse_document
from doclint.ruledirs import RULE_SUFFIXES, builtin_rules_dir, rule_files
from doclint.rules import Rule
from doclint.settings import CheckOptions, FileSettings, SettingsResolver
from doclint.violations import FileProblem, Violation

# Names of files whose change can change what a document's check reports.
CONFIG_NAMES = frozenset({CONFIG_FILE, PYPROJECT})
# Editors' language ids that doclint checks when the path does not decide (an unsaved buffer).
MARKDOWN_LANGUAGES = frozenset({"markdown"})
TEXT_LANGUAGES = frozenset({"plaintext", "text"})


@dataclass(frozen=True, slots=True)
class PlacedFix:
    """A safe fix as doclint positions (1-based line; column in code points; the end is exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str  # with ``\n`` line breaks; the buffer's own line break is put in when it is applied


@dataclass(frozen=True, slots=True)
class BufferFinding:
    violation: Violation
    fix: PlacedFix | None = None


@dataclass(frozen=True, slots=True)
class BufferProblem:
    """Why (part of) the document could not be checked: a configuration error, a parser failure, a rule that ran
    out of time or failed, a buffer over ``max-file-size``."""

    message: str
    line: int | None = None  # in the document, when the problem has a place there
    column: int | None = None


@dataclass(frozen=True, slots=True)
class RuleHelp:
    """What a hover or a diagnostic's link says about a rule."""

    code: str
    name: str
    level: str
    summary: str
    description: str
    source: str  # the rule's YAML file
    builtin: bool  # shipped with doclint (documented in docs/rules.md)
    documentation: str  # a URI: docs/rules.md at the rule's heading in a source checkout, else the YAML file


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[BufferFinding, ...] = ()
    problems: tuple[BufferProblem, ...] = ()
    rules: Mapping[str, RuleHelp] = field(default_factory=dict)  # code -> help, for the rules that found something
    skipped: bool = False  # excluded by configuration (``exclude``): doclint check does not check it either
    format: str = "text"  # how the document was parsed: "markdown" or "text" (suppression comments differ)


def is_checked(path: Path | None, language: str | None) -> bool:
    """Whether the server checks a document: Markdown or plain text by extension, or by the editor's language
    id for a buffer whose extension says nothing (an unsaved or extension-less file)."""
    if path is not None and path.suffix.lower() in SUPPORTED_SUFFIXES:
        return True
    return (language or "") in MARKDOWN_LANGUAGES | TEXT_LANGUAGES


@dataclass(frozen=True, slots=True)
class _Fixable:
    """A buffer's findings, as ``fix_until_stable`` reads a check."""

    violations: list[Violation]


class BufferChecker:
    """Checks buffers with the configuration of their paths. Not thread-safe: the server calls it from one
    worker thread."""

    def __init__(self, root: Path | None = None, options: CheckOptions | None = None) -> None:
        self.root = (root or Path.cwd()).resolve()
        self.options = options or CheckOptions()
        # Made at the first check after each reload: a resolver reads the working directory's configuration when
        # it is made, and that must not be older than the modification times recorded with it.
        self._resolver: SettingsResolver | None = None
        self._stamps: dict[Path, tuple[tuple[str, int], ...]] = {}  # directory -> what configured it, with mtimes
        self._helps: dict[int, tuple[Rule, RuleHelp]] = {}  # id(rule) -> help (the rule kept: its id stays unique)

    def reload(self) -> None:
        """Forget every configuration and rule set read so far; the next check reads them again."""
        self._resolver = None
        self._stamps.clear()
        self._helps.clear()

    @property
    def resolver(self) -> SettingsResolver:
        if self._resolver is None:
            self._resolver = SettingsResolver(self.options)
        return self._resolver

    def check(self, text: str, path: Path | None, language: str | None = None) -> CheckResult:
        """The findings ``doclint check PATH`` would report if the file held ``text``."""
        try:
            settings, source = self._settings(path)
        except Exception as error:  # noqa: BLE001 - a broken configuration is shown, not fatal
            return CheckResult(problems=(BufferProblem(_configuration_message(error)),))
        if settings.skip:
            return CheckResult(skipped=True)
        limit = settings.max_file_size
        if limit and len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit:
            return CheckResult(problems=(BufferProblem(f"not checked: larger than max-file-size "
                                                       f"({format_size(limit)})"),))
        try:
            document = self._parse(text, source, settings, None if path is not None else language)
        except Exception as error:  # noqa: BLE001 - a parser bug costs this check, not the server
            return CheckResult(problems=(BufferProblem(f"could not be parsed: {one_line(error)} (a bug in "
                                                       "doclint: please report it)"),))
        failures: list[FileProblem] = []
        try:
            violations = check_document(document, settings.rules, settings.known_rules, problems=failures,
                                        regex_timeout=settings.regex_timeout)
        except Exception as error:  # noqa: BLE001 - e.g. a suppression comment the engine cannot read
            return CheckResult(problems=(BufferProblem(f"could not be checked: {one_line(error)}"),))
        findings = tuple(BufferFinding(v, _placed_fix(document, v)) for v in violations)
        problems = tuple(BufferProblem(p.message, p.line, p.column) for p in failures)
        helps = {code: self._rule_help(rule) for code in {v.code for v in violations}
                 if (rule := settings.known_rules.find(code)) is not None}
        return CheckResult(findings, problems, helps, format=document.format)

    def _rule_help(self, rule: Rule) -> RuleHelp:
        cached = self._helps.get(id(rule))
        if cached is None or cached[0] is not rule:
            cached = (rule, rule_help(rule))
            self._helps[id(rule)] = cached
        return cached[1]

    def fix_all(self, text: str, path: Path | None, language: str | None = None) -> str:
        """``text`` with every safe fix applied, as ``doclint check --fix`` would write it (``fix_until_stable``:
        overlapping fixes wait for the next pass, a fix whose own output would be flagged again is held back).
        Unchanged when the check fails."""
        bom = "\ufeff" if text.startswith("\ufeff") else ""

        def check(new_text: str) -> _Fixable:
            return _Fixable([f.violation for f in self.check(bom + new_text, path, language).findings])

        plain = text.removeprefix(bom)
        return bom + fix_until_stable(plain, check(plain), check).text

    def _settings(self, path: Path | None) -> tuple[FileSettings, SourceFile]:
        target = (path or self.root / "untitled").resolve()
        self._reload_if_changed(target.parent)
        source = SourceFile(target, self._display(target), explicit=True)
        return self.resolver.for_file(source), source

    @staticmethod
    def _parse(text: str, source: SourceFile, settings: FileSettings, untitled_language: str | None) -> Document:
        """A file is parsed as its path says (as on the command line); a buffer without a path (never saved) as
        its language id says."""
        format = settings.format
        if format is None and untitled_language in MARKDOWN_LANGUAGES:
            format = "markdown"
        return parse_document(text, source.display, format, settings.paragraph_mode)

    def display(self, path: Path | None) -> str:
        """The path the engine is given for a document (messages and related locations name it): as ``doclint
        check`` run at the workspace root shows it."""
        return self._display((path or self.root / "untitled").resolve())

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _reload_if_changed(self, directory: Path) -> None:
        stamp = self._stamp(directory)
        seen = self._stamps.get(directory)
        if seen is not None and seen != stamp:
            self.reload()
            stamp = self._stamp(directory)  # the new resolver may find other files
        self._stamps[directory] = stamp

    def _stamp(self, directory: Path) -> tuple[tuple[str, int], ...]:
        files = [candidate for folder in (directory, *directory.parents) for candidate in
                 (folder / CONFIG_FILE, folder / PYPROJECT)]
        try:
            config = self.resolver.finder.for_file(directory / "_")
        except Exception:  # noqa: BLE001 - a broken configuration is reported by the check itself
            config = None
        if config is not None:
            files += [_data_path(data.path) for data in config.data]
            for folder in (*config.rule_dirs(), *self.options.rule_dirs):
                files.append(folder)
                files += _rule_files(folder)
        return tuple((str(path), _mtime(path)) for path in files)


def _data_path(path: str) -> Path:
    """A configuration file's path as the configuration shows it (relative to the working directory)."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else Path.cwd() / candidate


def _rule_files(folder: Path) -> Iterable[Path]:
    try:
        return rule_files(folder)
    except OSError:
        return ()


def _mtime(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


def is_configuration(path: Path) -> bool:
    """Whether a change to ``path`` can change findings: a configuration file or a YAML (rule) file."""
    return path.name in CONFIG_NAMES or path.suffix in RULE_SUFFIXES


def _placed_fix(document: Document, violation: Violation) -> PlacedFix | None:
    fix = violation.fix
    if fix is None:
        return None
    start, end = document.position(fix.start), document.position(max(fix.start, fix.end))
    return PlacedFix(start.line, start.column, end.line, end.column, fix.replacement)


def rule_help(rule: Rule) -> RuleHelp:
    source = Path(rule.source).resolve()
    builtin = source.parent == builtin_rules_dir().resolve()
    # A source checkout has the generated rule documentation beside the rules; an installed wheel has not.
    rules_md = source.parent.parent / "docs" / "rules.md"
    if builtin and rules_md.is_file():
        documentation = f"{rules_md.as_uri()}#{rule.code.lower()}-{rule.name}"
    else:
        documentation = source.as_uri()
    return RuleHelp(rule.code, rule.name, rule.level.value, rule.summary, rule.description.strip(), str(source),
                    builtin, documentation)


def _configuration_message(error: Exception) -> str:
    from doclint.schema import SchemaError

    if isinstance(error, SchemaError):
        return f"configuration error: {error}"
    if isinstance(error, LookupError) and error.args:
        return f"configuration error: {error.args[0]}"
    return f"could not be checked: {one_line(error)}"


