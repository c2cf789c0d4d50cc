"""The hook in .pre-commit-hooks.yaml, run by the real pre-commit tool against a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
BAD_ARTICLE = (
    "Harbour plan wins backing\n"
    "The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n"
    "Work is due to start in October, according to the permit.\n"
    "The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n"
)

pytestmark = pytest.mark.slow


def _pre_commit() -> list[str]:
    if shutil.which("pre-commit"):
        return ["pre-commit"]
    pytest.importorskip("pre_commit")
    return [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_hook_fails_on_a_bad_document_and_passes_once_fixed(tmp_path: Path) -> None:
    if not (PROJECT / ".git").exists():
        pytest.skip("pre-commit try-repo needs the project as a git repository")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    article = repo / "article.txt"
    article.write_text(BAD_ARTICLE, encoding="utf-8")
    _git(repo, "add", "article.txt")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    command = [*_pre_commit(), "try-repo", str(PROJECT), "doclint", "--all-files", "--color", "never"]

    failing = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "article.txt:4:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 2" in failing.stdout

    article.write_text(BAD_ARTICLE.rsplit("The council", 1)[0], encoding="utf-8")
    _git(repo, "add", "article.txt")
    passing = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
