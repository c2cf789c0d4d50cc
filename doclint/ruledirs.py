"""Where rule files live: the built-in rule directory, the rule files in a directory, and the form the built-in
ones ship read ahead in (``PREPARED_RULES``).

At the bottom of the imports (``safe_regex`` reads the built-in rule files to know which patterns ship with
doclint, and ``rules`` loads them), so neither has to import the other.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

RULE_SUFFIXES = (".yaml", ".yml")
# The built-in rule files as ``schema.load_yaml`` reads them, and their single-quoted strings (``safe_regex``),
# worked out ahead and shipped beside them: parsing the YAML was ~8 ms of every start, reading this ~2 ms. An
# entry counts only while the SHA-256 of its file's text matches, so an edited rule file is read as before.
# Data shipped with the package, never written at run time; a test fails when it is stale. Regenerate it with
#     python -c "from doclint.rules import write_prepared_rules as w; w()"
PREPARED_RULES = "prepared-rules.json"


def builtin_rules_dir() -> Path:
    """``doclint/rules`` inside an installed wheel; the top-level ``rules/`` folder in a source checkout."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "rules"
    return installed if installed.is_dir() else package_dir.parent / "rules"


def rule_files(directory: Path) -> list[Path]:
    """The rule files of ``directory``, sorted by name."""
    return sorted(path for path in directory.iterdir() if path.suffix in RULE_SUFFIXES and path.is_file())


def text_digest(text: str) -> str:
    """What a ``PREPARED_RULES`` entry records of its rule file's text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=4)
def prepared_rules_file(directory: Path) -> dict[str, Any]:
    """The ``PREPARED_RULES`` entries of ``directory`` by file name (read once: both ``safe_regex`` and ``rules``
    use them); empty when there is no such file or it cannot be read."""
    try:
        entries = json.loads((directory / PREPARED_RULES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def prepared_entry(directory: Path, name: str, text: str) -> dict[str, Any] | None:
    """The ``PREPARED_RULES`` entry of the rule file ``name`` of ``directory`` whose text is ``text``, or None when
    there is none or it was made from another text."""
    entry = prepared_rules_file(directory).get(name)
    return entry if isinstance(entry, dict) and entry.get("sha256") == text_digest(text) else None
