"""Strict YAML reading for rule and configuration files: safe loading, line numbers, typed parameters.

``load_yaml`` returns plain Python values plus a map from each key path to its line, so every validation error
can say ``file:LINE: what is wrong``. ``build_dataclass`` turns a mapping into a parameters dataclass, refusing
unknown keys (with a "did you mean") and wrong types; the dataclass fields are the schema and their
``metadata["doc"]`` strings are the documentation.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

import yaml

from doclint.safe_regex import pattern_error

KeyPath = tuple[Union[str, int], ...]
# libyaml's parser when PyYAML has it (several times faster: rule files are read at every start); same safety.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_YAML_NODES = 200_000  # refuses alias ("billion laughs") expansions long before they hurt
MAX_YAML_DEPTH = 100  # collections nested deeper than any rule or configuration needs
# libyaml's composer recurses in C: about 40,000 nested collections overflow the C stack (a crash, not an
# exception). Text that cannot nest this deep (see ``_nesting_bound``) skips the event pre-scan that guards it.
_C_COMPOSER_SAFE_DEPTH = 10_000
_DEPTH_ERROR = f"YAML nested too deeply (over {MAX_YAML_DEPTH} levels)"


class SchemaError(Exception):
    """A problem in a rule or configuration file, located by file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class LocatedData:
    """A YAML document as plain values, with the line of every key and sequence item."""

    value: Any
    path: str
    lines: dict[KeyPath, int]

    def line(self, key_path: KeyPath) -> int | None:
        while key_path not in self.lines and key_path:
            key_path = key_path[:-1]
        return self.lines.get(key_path)

    def error(self, key_path: KeyPath, message: str) -> SchemaError:
        return SchemaError(self.path, self.line(key_path), message)


def load_yaml(text: str, path: str) -> LocatedData:
    if _nesting_bound(text) > _C_COMPOSER_SAFE_DEPTH:
        _check_depth(text, path)
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        raise _yaml_error(text, path) from None
    except RecursionError:  # the pure-Python composer (no libyaml) recurses once per level
        loader.dispose()
        raise SchemaError(path, None, _DEPTH_ERROR) from None
    lines: dict[KeyPath, int] = {(): 1}
    if node is None:
        loader.dispose()
        return LocatedData(None, path, lines)
    budget = [MAX_YAML_NODES]
    try:
        value = _to_python(loader, node, (), lines, path, budget)
    except RecursionError:  # a chain of merge keys ("<<: *previous") thousands long
        raise SchemaError(path, None, _DEPTH_ERROR) from None
    finally:
        loader.dispose()
    return LocatedData(value, path, lines)


def _nesting_bound(text: str) -> int:
    """An upper bound of how deep ``text`` can nest YAML collections: each level needs a line of its own, a
    bracket, or a ``-`` or ``?`` indicator. Counted at C speed."""
    return sum(text.count(mark) for mark in ("\n", "[", "{", "-", "?")) + 1


def _check_depth(text: str, path: str) -> None:
    """Refuse ``text`` when its collections nest deeper than ``MAX_YAML_DEPTH``, reading only parser events
    (libyaml's parser keeps its own stack; only its composer recurses). Syntax errors are left to the loader."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark is not None else None
                    raise SchemaError(path, line, _DEPTH_ERROR)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if "nesting depth" in str(error):  # libyaml >= 0.2.5 stops at its own limit (PyYAML 6.0.4 wheels)
            raise SchemaError(path, mark.line + 1 if mark else None, _DEPTH_ERROR) from None
        return


_SIMPLE_KEY_LIMIT = 1024  # YAML: an implicit key ("key: value") is at most 1024 characters long


def _holds_long_key(text: str, line: int) -> bool:
    """Whether line ``line`` (0-based) of ``text`` is too long for an implicit key and has no ": " within the limit,
    the one reason PyYAML gives "could not find expected ':'" on a line that looks right (a long regex pattern)."""
    lines = text.splitlines()
    content = lines[line].strip() if 0 <= line < len(lines) else ""
    return len(content) > _SIMPLE_KEY_LIMIT and ": " not in content[:_SIMPLE_KEY_LIMIT]


def _yaml_error(text: str, path: str) -> SchemaError:
    """The error of the pure-Python parser, whose messages are the readable ones (and the same everywhere)."""
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # checks the characters already, so inside the try
        loader.get_single_node()
    except RecursionError:
        return SchemaError(path, None, _DEPTH_ERROR)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = f"invalid YAML: {error.problem or error.context}"
        if mark is not None and _holds_long_key(text, mark.line):
            problem += (f"; a key longer than {_SIMPLE_KEY_LIMIT:,} characters must be written as an explicit key "
                        f"('? KEY' on one line, ': VALUE' on the next)")
        return SchemaError(path, mark.line + 1 if mark else None, problem)
    except yaml.reader.ReaderError as error:  # a control character: its message has a second line, so rebuild it
        line = text.count("\n", 0, error.position) + 1
        return SchemaError(path, line, f"invalid YAML: character U+{error.character:04X} is not allowed "
                                       f"({error.reason})")
    except yaml.YAMLError as error:
        return SchemaError(path, None, " ".join(f"invalid YAML: {error}".split()))
    finally:
        if loader is not None:
            loader.dispose()
    return SchemaError(path, None, "invalid YAML")


def _to_python(loader: yaml.SafeLoader, node: yaml.Node, key_path: KeyPath, lines: dict[KeyPath, int],
               path: str, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise SchemaError(path, node.start_mark.line + 1, f"YAML too large or too deeply aliased (over {MAX_YAML_NODES} nodes)")
    if len(key_path) > MAX_YAML_DEPTH:
        raise SchemaError(path, node.start_mark.line + 1, _DEPTH_ERROR)
    lines.setdefault(key_path, node.start_mark.line + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        raise SchemaError(path, node.start_mark.line + 1, f"invalid YAML value: the tag {node.tag!r} is not allowed")
    if isinstance(node, yaml.MappingNode):
        explicit = len(node.value)
        try:
            loader.flatten_mapping(node)
        except yaml.MarkedYAMLError as error:  # "<<:" with something other than mappings to merge
            mark = error.problem_mark or node.start_mark
            raise SchemaError(path, mark.line + 1, f"invalid YAML: {error.problem}") from None
        merged = len(node.value) - explicit  # "<<: *base" pairs come first; explicit keys may override them
        result: dict[Any, Any] = {}
        for position, (key_node, value_node) in enumerate(node.value):
            key = _scalar(loader, key_node, path)
            if key in result and position >= merged and key not in merged_keys(node.value[:merged], loader, path):
                raise SchemaError(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            lines[key_path + (key,)] = key_node.start_mark.line + 1
            result[key] = _to_python(loader, value_node, key_path + (key,), lines, path, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, key_path + (i,), lines, path, budget) for i, item in enumerate(node.value)]
    return _scalar(loader, node, path)


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_STR_TAG = "tag:yaml.org,2002:str"


def merged_keys(pairs: list[tuple[yaml.Node, yaml.Node]], loader: yaml.SafeLoader, path: str) -> set[Any]:
    return {_scalar(loader, key_node, path) for key_node, _ in pairs}


def _scalar(loader: yaml.SafeLoader, node: yaml.Node, path: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise SchemaError(path, node.start_mark.line + 1, "keys must be plain values")
    if node.tag == _STR_TAG:  # what the constructor would return, without its bookkeeping (most scalars)
        return node.value
    try:
        return loader.construct_object(node)
    except yaml.YAMLError as error:  # e.g. a !!python/object tag, which safe loading refuses
        raise SchemaError(path, node.start_mark.line + 1, f"invalid YAML value: {getattr(error, 'problem', error)}") from None
    except (ValueError, OverflowError) as error:  # e.g. an integer of 5,000 digits (Python's conversion limit)
        raise SchemaError(path, node.start_mark.line + 1, f"invalid YAML value: {error}") from None


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def describe_type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return " | ".join(repr(option) for option in typing.get_args(annotation))
    if origin in (list, tuple):
        return f"list of {describe_type(typing.get_args(annotation)[0])}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {describe_type(key)} to {describe_type(value)}"
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return f"mapping ({', '.join(field_keys(annotation))})"
    if origin in (Union, types.UnionType):
        return " or ".join(describe_type(arg) for arg in typing.get_args(annotation))
    return {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}.get(
        annotation, getattr(annotation, "__name__", str(annotation))
    )


def convert(value: Any, annotation: Any, data: LocatedData, key_path: KeyPath) -> Any:
    """Check ``value`` against a type annotation; lists become tuples so parameters stay immutable."""
    if annotation is Any:
        return value
    if annotation is str and isinstance(value, str):  # most values: the checks below would accept it too
        return value
    origin = typing.get_origin(annotation)
    name = _KeyName(key_path)
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        if not isinstance(value, dict):
            raise data.error(key_path, f"{name}: expected a mapping, got {_type_name(value)}")
        check_keys(value, field_keys(annotation), data, key_path, f"in {name}")
        return build_dataclass(annotation, value, data, key_path)
    if origin is Literal:
        options = typing.get_args(annotation)
        if value not in options:
            hint = did_you_mean(str(value), [str(option) for option in options])
            raise data.error(key_path, f"{name}: {value!r} is not one of {describe_type(annotation)}{hint}")
        return value
    if origin in (Union, types.UnionType):
        numeric = float in typing.get_args(annotation)
        if numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
            return _finite(value, data, key_path, name)  # a number, but maybe not a finite one: say so
        for option in typing.get_args(annotation):
            try:
                return convert(value, option, data, key_path)
            except SchemaError:
                continue
        raise data.error(key_path, f"{name}: expected {describe_type(annotation)}, got {_type_name(value)}"
                                   f"{_exponent_hint(value) if numeric else ''}")
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise data.error(key_path, f"{name}: expected {describe_type(annotation)}, got {_type_name(value)}")
        item_type = typing.get_args(annotation)[0]
        return tuple(convert(item, item_type, data, key_path + (i,)) for i, item in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise data.error(key_path, f"{name}: expected {describe_type(annotation)}, got {_type_name(value)}")
        key_type, value_type = typing.get_args(annotation)
        return {
            convert(key, key_type, data, key_path + (key,)): convert(item, value_type, data, key_path + (key,))
            for key, item in value.items()
        }
    if annotation is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _finite(value, data, key_path, name)
    if annotation is type(None) and value is None:
        return None
    if isinstance(annotation, type) and isinstance(value, annotation) and not (
        annotation is int and isinstance(value, bool)
    ):
        return value
    raise data.error(key_path, f"{name}: expected {describe_type(annotation)}, got {_type_name(value)}"
                               f"{_exponent_hint(value) if annotation is float else ''}")


class _KeyName:
    """A key path as written in messages ("profiles.default.threshold"), joined only when a message needs it."""

    __slots__ = ("key_path",)

    def __init__(self, key_path: KeyPath) -> None:
        self.key_path = key_path

    def __str__(self) -> str:
        return ".".join(str(part) for part in self.key_path)


def _exponent_hint(value: Any) -> str:
    """YAML 1.1 reads ``1e+300`` (no dot) as a string: say how to write it as a number."""
    if isinstance(value, str) and re.fullmatch(r"[-+]?\d+[eE][-+]?\d+", value.strip()):
        mantissa, exponent = value.strip().lower().split("e")
        return f" (YAML reads {value!r} as text; write {mantissa}.0e{exponent} for a number)"
    return ""


def _finite(value: int | float, data: LocatedData, key_path: KeyPath, name: object) -> float:
    """``value`` as a float, refusing what is not a finite number: ``.nan`` and ``.inf`` compare false with every
    bound, so a range check would let them through, and an integer too large for a float would overflow."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        shown = {math.inf: ".inf", -math.inf: "-.inf"}.get(number, ".nan") if isinstance(value, float) else \
            "an integer too large for a number"
        raise data.error(key_path, f"{name}: expected a finite number, got {shown}")
    return number


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def check_keys(values: dict[Any, Any], allowed: typing.Collection[str], data: LocatedData, key_path: KeyPath,
               where: str) -> None:
    """Refuse any key not in ``allowed``, naming the closest allowed one."""
    for key in values:
        if key not in allowed:
            raise data.error(key_path + (key,), f"unknown key {key!r} {where}{did_you_mean(str(key), allowed)}")


@functools.lru_cache(maxsize=None)
def _type_hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of a parameters dataclass (resolving them evaluates strings: done once)."""
    return typing.get_type_hints(cls)


def _converted_fields(cls: type, values: dict[str, Any], data: LocatedData, key_path: KeyPath) -> dict[str, Any]:
    hints = _type_hints(cls)
    kwargs = {}
    for field in dataclasses.fields(cls):
        key = field.name.replace("_", "-")
        if key in values:
            kwargs[field.name] = convert(values[key], hints[field.name], data, key_path + (key,))
            if field.metadata.get("regex"):
                _check_regexes(kwargs[field.name], data, key_path + (key,))
    return kwargs


def build_dataclass(cls: type, values: dict[str, Any], data: LocatedData, key_path: KeyPath) -> Any:
    """Create ``cls`` from ``values`` (keys already known to belong to it); missing keys take defaults."""
    kwargs = _converted_fields(cls, values, data, key_path)
    for field in dataclasses.fields(cls):
        if field.name not in kwargs and field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise data.error(key_path, f"missing required parameter {field.name.replace('_', '-')!r}")
    try:
        return cls(**kwargs)
    except ValueError as error:  # a dataclass's own __post_init__ check
        raise data.error(_field_path(cls, str(error), values, key_path), str(error)) from None


def update_dataclass(instance: Any, values: dict[str, Any], data: LocatedData, key_path: KeyPath) -> Any:
    """A copy of ``instance`` with ``values`` (validated like ``build_dataclass``) replacing its fields."""
    kwargs = _converted_fields(type(instance), values, data, key_path)
    try:
        return dataclasses.replace(instance, **kwargs)
    except ValueError as error:
        raise data.error(_field_path(type(instance), str(error), values, key_path), str(error)) from None


def _field_path(cls: type, message: str, values: dict[str, Any], key_path: KeyPath) -> KeyPath:
    """Point a ``__post_init__`` error at the parameter it names first ("similarity must be ..."), if written."""
    for field in dataclasses.fields(cls):
        key = field.name.replace("_", "-")
        if key in values and (message.startswith(key) or message.startswith(field.name)):
            return key_path + (key,)
    return key_path


def field_keys(cls: type) -> list[str]:
    """The YAML keys of a parameters dataclass (kebab-case, as users write them)."""
    return [field.name.replace("_", "-") for field in dataclasses.fields(cls)]


def _check_regexes(value: Any, data: LocatedData, key_path: KeyPath) -> None:
    patterns = value if isinstance(value, (tuple, list)) else (value,)
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, str):
            continue
        error = pattern_error(pattern)
        if error is not None:
            item_path = key_path + (index,) if isinstance(value, (tuple, list)) else key_path
            raise data.error(item_path, f"invalid regular expression {pattern!r}: {error}") from None


def param(default: Any, doc: str, **metadata: Any) -> Any:
    """A parameter field with its documentation (and e.g. ``regex=True``)."""
    if isinstance(default, (list, dict, set)):
        frozen = tuple(default) if isinstance(default, list) else default
        if isinstance(default, dict):
            return dataclasses.field(default_factory=lambda: dict(default), metadata={"doc": doc, **metadata})
        return dataclasses.field(default=frozen, metadata={"doc": doc, **metadata})
    return dataclasses.field(default=default, metadata={"doc": doc, **metadata})
