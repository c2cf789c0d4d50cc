"""doclint: a document quality-control linter with rules written in YAML.

Python API::

    from doclint import lint_text, load_rules
    rules = load_rules()                      # built-in rules; load once, reuse
    for v in lint_text(text, path="article.md", rules=rules):
        print(v.line, v.column, v.code, v.message)
    batches = lint_many(texts, rules=rules)   # one list of violations per text

Thread safety: a loaded ``RuleSet`` is immutable and may be shared by threads calling ``lint_text`` or
``lint_many`` at once (each call keeps its state local; the regular-expression time budget is a context
variable, so per thread). Threads do not check in parallel, though (the GIL): for throughput use processes
(``check_paths(..., jobs=N)``, or a process pool: a ``RuleSet`` pickles).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["lint_text", "lint_many", "load_rules", "check_paths", "CheckOptions", "Violation", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `doclint --version` and the CLI start without importing the engine.
    if name == "lint_text":
        from doclint.engine import lint_text

        return lint_text
    if name == "lint_many":
        from doclint.engine import lint_many

        return lint_many
    if name == "check_paths":
        from doclint.run import check_paths

        return check_paths
    if name == "CheckOptions":
        from doclint.settings import CheckOptions

        return CheckOptions
    if name == "load_rules":
        from doclint.rules import load_rules

        return load_rules
    if name == "Violation":
        from doclint.violations import Violation

        return Violation
    raise AttributeError(f"module 'doclint' has no attribute {name!r}")
