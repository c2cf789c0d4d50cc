"""A checked repository must not make doclint read outside it: configuration, what it extends and its rule
directories stay inside the repository (or the user's own config directory), and errors name the key, never
the content of a file outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli

SECRET = "root:$6$secret-hash:19000:0:99999:7:::\n"


@pytest.fixture
def repo(work: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``work`` as a git repository with one document; a secret file outside it."""
    (work / ".git").mkdir()
    (work / "a.md").write_text("# Title\n\nSome text.\n", encoding="utf-8")
    return work


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "shadow"
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_extends_outside_the_repository_is_refused_without_reading_it(repo: Path, secret: Path) -> None:
    (repo / ".doclint.yaml").write_text(f"extends: {secret}\n", encoding="utf-8")
    result = run_cli("check", "a.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f".doclint.yaml:1: extends: {str(secret)!r} is outside the repository (")
    assert "secret-hash" not in result.stderr + result.stdout


def test_relative_extends_climbing_out_is_refused(repo: Path, secret: Path) -> None:
    relative = os.path.relpath(secret, repo)
    (repo / ".doclint.yaml").write_text(f"select: [DL001]\nextends: {relative}\n", encoding="utf-8")
    result = run_cli("check", "a.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(".doclint.yaml:2: extends:") and "outside the repository" in result.stderr


def test_extends_through_a_link_that_leaves_the_repository_is_refused(repo: Path, secret: Path) -> None:
    (repo / "base.yaml").symlink_to(secret)
    (repo / ".doclint.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    result = run_cli("check", "a.md")
    assert result.exit_code == 2
    assert "outside the repository" in result.stderr and "secret-hash" not in result.stderr


def test_a_configuration_file_linked_outside_is_not_read(repo: Path, secret: Path) -> None:
    (repo / ".doclint.yaml").symlink_to(secret)
    result = run_cli("check", "a.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(".doclint.yaml: configuration file is a link to a file outside the repository")
    assert "secret-hash" not in result.stderr


def test_rule_directories_outside_the_repository_are_refused(repo: Path, secret: Path) -> None:
    (repo / ".doclint.yaml").write_text(f"rules: [{secret.parent}]\n", encoding="utf-8")
    result = run_cli("check", "a.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f".doclint.yaml:1: rules: {str(secret.parent)!r} is outside the repository")


def test_the_users_own_config_directory_is_trusted(repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("config-home")
    (home / "doclint").mkdir()
    (home / "doclint" / "base.yaml").write_text("select: [DL002]\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    (repo / ".doclint.yaml").write_text(f"extends: {home / 'doclint' / 'base.yaml'}\n", encoding="utf-8")
    (repo / "a.md").write_text("# Same\n\nText.\n\n# Same\n", encoding="utf-8")
    result = run_cli("check", "--format", "concise", "a.md")
    assert result.exit_code == 1 and "DL002" in result.stdout


def test_extends_inside_the_repository_still_works(repo: Path) -> None:
    (repo / "shared").mkdir()
    (repo / "shared" / "base.yaml").write_text("select: [DL002]\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / ".doclint.yaml").write_text("extends: ../shared/base.yaml\n", encoding="utf-8")
    (repo / "docs" / "a.md").write_text("# Same\n\nText.\n\n# Same\n", encoding="utf-8")
    result = run_cli("check", "--format", "concise", "docs")
    assert result.exit_code == 1 and result.stdout.startswith("docs/a.md:5:3: DL002")


def test_a_long_extends_chain_is_an_error_not_a_crash(repo: Path) -> None:
    for index in range(1000):
        (repo / f"c{index}.yaml").write_text(f"extends: c{index + 1}.yaml\n", encoding="utf-8")
    (repo / "c1000.yaml").write_text("select: [DL001]\n", encoding="utf-8")
    (repo / ".doclint.yaml").write_text("extends: c0.yaml\n", encoding="utf-8")
    result = run_cli("check", "a.md")
    assert result.exit_code == 2
    assert result.stderr.endswith(": extends: more than 32 configuration files extend each other\n")


def test_a_very_deep_directory_tree_finds_its_configuration(repo: Path) -> None:
    import sys

    from doclint.config import ConfigFinder

    (repo / ".doclint.yaml").write_text("select: [DL002]\n", encoding="utf-8")
    deep = repo / "/".join(["d"] * 200)
    deep.mkdir(parents=True)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100)  # a recursive climb of 200 directories would fail here
    try:
        config = ConfigFinder().for_file(deep / "a.md")
    finally:
        sys.setrecursionlimit(limit)
        for directory in [deep, *deep.parents][:200]:  # remove it bottom-up: rmtree recurses per level
            directory.rmdir()
    assert config.values.select == ("DL002",)
