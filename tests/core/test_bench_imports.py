"""The bench scripts print the figures the issues are judged by; they run outside the suite (they read
../shared), so a refactoring that moves a name would break them unnoticed. Every ``from doclint... import``
in bench/ must name something that exists."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _doclint_imports(script: Path) -> list[tuple[str, str]]:
    tree = ast.parse(script.read_text(encoding="utf-8"), str(script))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "doclint":
            names.extend((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend((alias.name, "") for alias in node.names if alias.name.split(".")[0] == "doclint")
    return names


SCRIPTS = sorted(BENCH.glob("*.py"))


def test_there_are_bench_scripts() -> None:
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_bench_script_imports_exist(script: Path) -> None:
    for module_name, name in _doclint_imports(script):
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            if "ray" in str(error) or "pyarrow" in str(error):
                pytest.skip(f"optional dependency missing: {error}")
            raise
        if name and not hasattr(module, name):
            importlib.import_module(f"{module_name}.{name}")  # a submodule imported by name
