"""Shared test setup: the rule set every test loads, the fixture documents, and the ``slow`` marker.

Tests marked ``@pytest.mark.slow`` (building a wheel, running pre-commit) are part of the whole suite that CI
runs; skip them locally with ``-m "not slow"``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
FIXTURES_DIR = TESTS_DIR / "fixtures"
STYLES_DIR = REPO_ROOT / "examples" / "styles"
FIXTURE_SUFFIXES = (".md", ".markdown", ".txt", ".text")

if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))  # so tests can `import fixture_markers`


def style_dirs() -> list[Path]:
    """Every rule directory under ``examples/styles/`` (none yet is fine)."""
    if not STYLES_DIR.is_dir():
        return []
    return sorted(path for path in STYLES_DIR.iterdir() if path.is_dir())


def fixture_files() -> list[Path]:
    if not FIXTURES_DIR.is_dir():
        return []
    return sorted(
        path for path in FIXTURES_DIR.glob("*/*") if path.is_file() and path.suffix.lower() in FIXTURE_SUFFIXES
    )


@pytest.fixture(scope="session")
def all_rules():
    """Built-in rules plus every example style rule directory, loaded once."""
    from doclint.rules import load_rules

    return load_rules(style_dirs())


@pytest.fixture(scope="session")
def builtin_rules():
    from doclint.rules import load_rules

    return load_rules()
