"""Shared test setup: the rule set every test loads, the fixture documents, a plain environment and a working
directory for command-line tests (``work``, ``run_cli``), and the ``slow`` marker.

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


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees a plain terminal: GITHUB_ACTIONS would switch the default format to github, FORCE_COLOR
    would colour the text output. A test that wants either sets it."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory; paths in the output are relative to it. A test module that needs files in it
    overrides ``work`` and asks for this one by the same name."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(*args: str):  # type: ignore[no-untyped-def]
    """``doclint ARGS`` in this process; exceptions propagate so that a traceback fails the test."""
    from click.testing import CliRunner

    from doclint.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def all_rules():
    """Built-in rules plus every example style rule directory, loaded once."""
    from doclint.rules import load_rules

    return load_rules(style_dirs())


@pytest.fixture(scope="session")
def builtin_rules():
    from doclint.rules import load_rules

    return load_rules()
