"""Check kinds: the few algorithms that rules (YAML data) select with their ``check:`` field.

Each module in this package defines ``KIND = CheckKind(...)``. A check sees only its own parameters and a
document, and yields ``Finding``s with offsets; the engine turns them into located, levelled violations.
Kinds are discovered by listing this package, so there is no second list to keep in step.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from doclint.document import Document
from doclint.violations import Fix


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check reports: a span of the document, message arguments and related offsets.

    ``fix``, when a check offers a safe automatic fix: a ``Fix``, or a string that replaces the finding's own
    span ``text[start:end]``. ``data`` is the evidence behind the finding (JSON values), passed to reporters.
    """

    start: int
    end: int
    args: Mapping[str, object] = field(default_factory=dict)
    related: tuple[int, ...] = ()
    fix: Fix | str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def resolved_fix(self) -> Fix | None:
        if isinstance(self.fix, str):
            return Fix(self.start, self.end, self.fix)
        return self.fix


@dataclass(frozen=True, slots=True)
class CorpusUnit:
    """A piece of a document that a cross-file check compares with other documents: its span and normalised
    text (``label``: how to name it in a message, e.g. a heading's text)."""

    start: int
    end: int
    key: str
    label: str = ""


def unprepared(params: Any) -> Any:
    """The default ``prepare``: the parameters as they are. A module-level function, so rules pickle."""
    return params


@dataclass(frozen=True)
class CheckKind:
    """An algorithm. ``params`` is a dataclass whose fields are the kind's YAML parameters.

    ``prepare`` turns validated parameters into whatever ``run`` needs (compiled patterns, ...), once per rule.
    ``message_fields`` are the placeholders a rule's message template may use. An ``engine_owned`` kind has no
    algorithm of its own: the engine produces its findings (e.g. unused suppressions). A kind with ``collect``
    also works across documents (``--cross-file``): ``collect`` returns the units to compare, and the engine's
    corpus phase reports units whose key repeats one in an earlier document (at the params' ``similarity``).
    """

    name: str
    summary: str
    params: type
    run: Callable[[Document, Any], Iterable[Finding]]
    message_fields: frozenset[str]
    prepare: Callable[[Any], Any] = unprepared
    engine_owned: bool = False
    collect: Callable[[Document, Any], list[CorpusUnit]] | None = None


@lru_cache(maxsize=1)
def check_kinds() -> dict[str, CheckKind]:
    """All check kinds by name (cached: modules are immutable once imported)."""
    kinds: dict[str, CheckKind] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, CheckKind):
            kinds[kind.name] = kind
    return kinds


def check_kind(name: str) -> CheckKind | None:
    """The check kind called ``name``, or None. Its module is found by its name (kind ``heading-repetition`` in
    ``heading_repetition.py``), so that loading rules imports only the kinds they use; a kind named otherwise is
    found among all of them."""
    module_name = name.replace("-", "_")
    if module_name.isidentifier() and module_name.islower() and \
            importlib.util.find_spec(f"{__name__}.{module_name}") is not None:
        kind = getattr(importlib.import_module(f"{__name__}.{module_name}"), "KIND", None)
        if isinstance(kind, CheckKind) and kind.name == name:
            return kind
    return check_kinds().get(name)
