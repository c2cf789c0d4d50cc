"""Check kind ``unused-suppression``: suppression directives that suppressed nothing.

The engine owns this kind: it applies the document's directives to the other rules' findings and reports each
directive that covered none of them (or names an unknown rule). See ``doclint.suppression``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import Document


@dataclass(frozen=True)
class UnusedSuppressionParams:
    pass


def run(document: Document, params: UnusedSuppressionParams) -> Iterator[Finding]:
    return iter(())  # the engine reports these, see the module docstring


KIND = CheckKind(
    name="unused-suppression",
    summary="Suppression directives that suppressed nothing.",
    params=UnusedSuppressionParams,
    run=run,
    message_fields=frozenset({"directive", "reason"}),
    engine_owned=True,
)
