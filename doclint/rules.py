"""Rules are YAML data: load, validate strictly, and resolve them by code (``DL001``) or name.

A rule file holds one rule. The generic keys (below) belong to the engine; every other key must be a parameter
of the rule's check kind. Anything unknown, missing or mistyped is a ``SchemaError`` with the file and line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doclint.checks import CheckKind, check_kind, check_kinds
from doclint.document import Position
from doclint.errors import OptionError, SelectorError
from doclint.results import RuleInfo
from doclint.ruledirs import (
    PREPARED_RULES,
    builtin_rules_dir,
    prepared_entry,
    prepared_rules_file,
    rule_files,
    text_digest,
)
from doclint.safe_regex import single_quoted_strings, trusted_patterns
from doclint.schema import (
    KeyPath,
    LocatedData,
    SchemaError,
    build_dataclass,
    check_keys,
    did_you_mean,
    field_keys,
    load_yaml,
    update_dataclass,
)
from doclint.violations import Fix, RelatedLocation, Severity, Violation

REQUIRED_KEYS = ("id", "name", "check", "level", "message", "description")
OPTIONAL_KEYS = ("examples", "enabled")
EXAMPLE_KEYS = ("fail", "pass", "format")
_CODE = re.compile(r"^[A-Z]{1,6}[0-9]{1,5}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Examples:
    fail: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()
    format: str = "markdown"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: CheckKind
    level: Severity
    message: str
    description: str
    params: Any
    prepared: Any
    examples: Examples
    enabled: bool
    source: str

    @property
    def summary(self) -> str:
        """The description's first sentence, for one-line listings."""
        first = self.description.strip().split("\n\n")[0].replace("\n", " ")
        match = re.match(r"(.+?[.!?])(?:\s|$)", first)
        return match.group(1) if match else first

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(self.code, self.name, self.level, self.summary, self.description, self.examples.fail,
                        self.examples.passing)

    def format_message(self, args: dict[str, object]) -> str:
        return self.message.format_map(args)

    def violation(self, path: str, start: Position, end: Position, args: dict[str, object],
                  related: tuple[RelatedLocation, ...] = (), source_line: str = "", fix: Fix | None = None,
                  data: Mapping[str, Any] | None = None) -> Violation:
        """A located finding of this rule, with its level and formatted message."""
        return Violation(path=path, line=start.line, column=start.column, end_line=end.line, end_column=end.column,
                         code=self.code, rule=self.name, severity=self.level, message=self.format_message(args),
                         related=related, source_line=source_line, fix=fix, data=data or {})


def load_rule(path: Path, prepared: bool = False) -> Rule:
    """The rule in the file ``path``; with ``prepared``, read from its directory's ``PREPARED_RULES`` entry
    (``ruledirs``) when one was made from the file's text as it is, instead of parsing the YAML."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaError(str(path), None, f"cannot read rule file: {error}") from None
    entry = prepared_entry(path.parent, path.name, text) if prepared else None
    if entry is not None:
        data = LocatedData(entry["value"], str(path), {tuple(key): line for line, *key in entry["lines"]})
    else:
        data = load_yaml(text, str(path))
    return rule_from_data(data)


def prepared_rules(directory: Path) -> dict[str, Any]:
    """The ``PREPARED_RULES`` entries of the rule files of ``directory``: what ``load_yaml`` reads (values, in
    order, and the line of every key) and the single-quoted strings (``safe_regex.single_quoted_strings``). A
    file whose values JSON cannot carry exactly (a key that is not a string, a date) is left out: it is parsed at
    every start as before."""
    entries: dict[str, Any] = {}
    for path in rule_files(directory):
        text = path.read_text(encoding="utf-8-sig")
        data = load_yaml(text, str(path))
        entry = {"sha256": text_digest(text), "value": data.value,
                 "lines": [[line, *key] for key, line in data.lines.items()],
                 "quoted": sorted(set(single_quoted_strings(text)))}
        try:
            if json.loads(json.dumps(entry["value"])) == data.value:
                entries[path.name] = entry
        except (TypeError, ValueError):  # a date, a circular value
            continue
    return entries


def write_prepared_rules() -> None:
    """Write ``PREPARED_RULES`` for the built-in rule files."""
    directory = builtin_rules_dir()
    lines = [f"{json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}"  # a rule file a line
             for name, entry in prepared_rules(directory).items()]
    (directory / PREPARED_RULES).write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    prepared_rules_file.cache_clear()


def rule_from_data(data: LocatedData) -> Rule:
    values = data.value
    if not isinstance(values, dict):
        raise data.error((), "a rule file must be a mapping of keys (id, name, check, level, message, ...)")
    for key in REQUIRED_KEYS:
        if key not in values:
            raise data.error((), f"missing required key {key!r}")
    for key in ("id", "name", "check", "level", "message", "description"):
        if not isinstance(values[key], str):
            raise data.error((key,), f"{key}: expected a string")
    code, name = values["id"], values["name"]
    if not _CODE.match(code):
        raise data.error(("id",), f"id {code!r} must be a code like DL001 (capital letters, then digits)")
    if not _NAME.match(name):
        raise data.error(("name",), f"name {name!r} must be kebab-case, like duplicate-paragraph")
    kind = check_kind(values["check"])
    if kind is None:
        kinds = check_kinds()
        hint = did_you_mean(values["check"], kinds)
        raise data.error(("check",), f"unknown check {values['check']!r}{hint}; known checks: {', '.join(sorted(kinds))}")
    try:
        level = Severity(values["level"])
    except ValueError:
        raise data.error(("level",), f"level {values['level']!r} must be one of error, warning, info"
                         f"{did_you_mean(values['level'], [s.value for s in Severity])}") from None

    param_keys = field_keys(kind.params)
    check_keys(values, [*REQUIRED_KEYS, *OPTIONAL_KEYS, *param_keys], data, (), f"for a {kind.name!r} rule")
    _check_message(values["message"], kind, data)
    params = build_dataclass(kind.params, {k: v for k, v in values.items() if k in param_keys}, data, ())
    enabled = values.get("enabled", True)
    if not isinstance(enabled, bool):
        raise data.error(("enabled",), "enabled: expected true or false")
    return Rule(
        code=code,
        name=name,
        kind=kind,
        level=level,
        message=values["message"],
        description=values["description"],
        params=params,
        prepared=kind.prepare(params),
        examples=_examples(values.get("examples"), data),
        enabled=enabled,
        source=data.path,
    )


def _check_message(template: str, kind: CheckKind, data: LocatedData) -> None:
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
    except ValueError as error:
        raise data.error(("message",), f"message: {error} (write {{{{ and }}}} for literal braces)") from None
    for field in fields:
        if field not in kind.message_fields:
            hint = did_you_mean(field, kind.message_fields)
            available = ", ".join(sorted(kind.message_fields)) or "none"
            raise data.error(("message",), f"message: unknown placeholder {{{field}}}{hint}; available: {available}")


def _examples(value: Any, data: LocatedData) -> Examples:
    if value is None:
        return Examples()
    if not isinstance(value, dict):
        raise data.error(("examples",), "examples: expected a mapping with 'fail' and 'pass' lists")
    check_keys(value, EXAMPLE_KEYS, data, ("examples",), "in examples")
    lists = {}
    for key in ("fail", "pass"):
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise data.error(("examples", key), f"examples.{key}: expected a list of strings")
        lists[key] = tuple(items)
    example_format = value.get("format", "markdown")
    if example_format not in ("markdown", "text"):
        raise data.error(("examples", "format"), "examples.format: expected 'markdown' or 'text'")
    return Examples(fail=lists["fail"], passing=lists["pass"], format=example_format)


SETTING_KEYS = ("level", "enabled")


def configure_rule(rule: Rule, settings: Any, data: LocatedData, key_path: KeyPath) -> Rule:
    """``rule`` with a configuration file's overrides of its level, ``enabled`` and parameters."""
    if not isinstance(settings, dict):
        raise data.error(key_path, f"settings for {rule.name}: expected a mapping of level, enabled or parameters")
    param_keys = field_keys(rule.kind.params)
    check_keys(settings, [*SETTING_KEYS, *param_keys], data, key_path, f"for rule {rule.code} ({rule.name})")
    level = rule.level
    if "level" in settings:
        try:
            level = Severity(settings["level"])
        except ValueError:
            raise data.error(key_path + ("level",), f"level {settings['level']!r} must be one of error, warning, info"
                             f"{did_you_mean(str(settings['level']), [s.value for s in Severity])}") from None
    enabled = settings.get("enabled", rule.enabled)
    if not isinstance(enabled, bool):
        raise data.error(key_path + ("enabled",), "enabled: expected true or false")
    overrides = {key: value for key, value in settings.items() if key in param_keys}
    params = update_dataclass(rule.params, overrides, data, key_path) if overrides else rule.params
    prepared = rule.kind.prepare(params) if overrides else rule.prepared
    return dataclasses.replace(rule, level=level, enabled=enabled, params=params, prepared=prepared)


@dataclass(frozen=True)
class RuleSet:
    """An ordered, immutable collection of rules, looked up by code or name."""

    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, selector: str) -> Rule | None:
        for rule in self.rules:
            if selector in (rule.code, rule.name):
                return rule
        return None

    def resolve(self, selectors: Iterable[str]) -> list[Rule]:
        """Rules matching codes or names; ``ALL`` matches every rule. Unknown selectors raise ``SelectorError``."""
        chosen: list[Rule] = []
        for selector in selectors:
            if selector.upper() == "ALL":
                chosen.extend(self.rules)
                continue
            rule = self.find(selector)
            if rule is None:
                hint = did_you_mean(selector, [r.code for r in self.rules] + [r.name for r in self.rules])
                raise SelectorError(f"unknown rule {selector!r}{hint}")
            chosen.append(rule)
        return chosen

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
        """Enabled rules, or exactly the selected ones, minus the ignored ones."""
        select, ignore = list(select), list(ignore)
        chosen = self.resolve(select) if select else [rule for rule in self.rules if rule.enabled]
        ignored = {rule.code for rule in self.resolve(ignore)}
        return RuleSet(tuple(rule for rule in self.rules if rule in chosen and rule.code not in ignored))


def apply_rule_settings(rules: RuleSet, settings: Mapping[str, Any]) -> RuleSet:
    """``rules`` with per-rule settings applied, in the shape of configuration's ``rule-settings``
    (``{"unattributed-claim": {"threshold": 1.0}, "DL001": {"level": "warning"}}``), for API callers: a mistake
    is an ``OptionError`` naming the rule and key."""
    if not isinstance(settings, Mapping):
        raise OptionError(f"rule_settings must be a mapping of rule -> settings, not {type(settings).__name__}")
    replaced: dict[str, Rule] = {}
    data = LocatedData(dict(settings), "rule_settings", {})
    for selector, values in settings.items():
        rule = rules.find(str(selector))
        if rule is None:
            hint = did_you_mean(str(selector), [r.code for r in rules] + [r.name for r in rules])
            raise SelectorError(f"rule_settings: unknown rule {selector!r}{hint}")
        try:
            replaced[rule.code] = configure_rule(replaced.get(rule.code, rule), values, data, (selector,))
        except SchemaError as error:
            raise OptionError(f"rule_settings: {error.message}") from None
    return RuleSet(tuple(replaced.get(rule.code, rule) for rule in rules))


def load_rules(extra_dirs: Iterable[Path | str] | Path | str = (), include_builtin: bool = True,
               validate_builtin: bool = False) -> RuleSet:
    """Built-in rules, then each extra directory in order; a later rule with the same name replaces an earlier one.
    ``extra_dirs``: directories (one path alone is one directory).

    The built-in rules' regular expressions are trusted unless ``validate_builtin`` (the test suite validates
    them, so start-up does not pay for it again); every other rule file, and every rule setting, is validated."""
    if isinstance(extra_dirs, (str, Path)):
        extra_dirs = [extra_dirs]
    by_name: dict[str, Rule] = {}
    builtin = builtin_rules_dir()
    directories = ([builtin] if include_builtin else []) + [Path(d) for d in extra_dirs]
    for position, directory in enumerate(directories):
        if not directory.is_dir():
            raise SchemaError(str(directory), None, "rules directory not found")
        trusted = include_builtin and position == 0 and not validate_builtin
        seen_here: dict[str, str] = {}
        for path in rule_files(directory):
            with trusted_patterns() if trusted else contextlib.nullcontext():
                rule = load_rule(path, prepared=trusted)  # the test suite validates (and so parses) them
            if rule.name in seen_here:
                raise SchemaError(str(path), 1, f"rule name {rule.name!r} is already defined in {seen_here[rule.name]}")
            seen_here[rule.name] = str(path)
            by_name[rule.name] = rule
    by_code: dict[str, Rule] = {}
    for rule in by_name.values():
        if rule.code in by_code:
            other = by_code[rule.code]
            raise SchemaError(rule.source, 1, f"rule code {rule.code} is already used by {other.name!r} ({other.source})")
        by_code[rule.code] = rule
    return RuleSet(tuple(sorted(by_name.values(), key=lambda rule: rule.code)))
