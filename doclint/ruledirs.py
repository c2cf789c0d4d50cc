"""Where rule files live: the built-in rule directory and the rule files in a directory.

At the bottom of the imports (``safe_regex`` reads the built-in rule files to know which patterns ship with
doclint, and ``rules`` loads them), so neither has to import the other.
"""

from __future__ import annotations

from pathlib import Path

RULE_SUFFIXES = (".yaml", ".yml")


def builtin_rules_dir() -> Path:
    """``doclint/rules`` inside an installed wheel; the top-level ``rules/`` folder in a source checkout."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "rules"
    return installed if installed.is_dir() else package_dir.parent / "rules"


def rule_files(directory: Path) -> list[Path]:
    """The rule files of ``directory``, sorted by name."""
    return sorted(path for path in directory.iterdir() if path.suffix in RULE_SUFFIXES and path.is_file())
