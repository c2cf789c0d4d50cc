"""The result cache: reused when nothing changed, never trusted when anything did (or when it was not ours)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

import doclint.cache

ARTICLE = "# Storm\n\nExperts agree that the storm will pass.\n\n# Storm\n"


@pytest.fixture(autouse=True)
def own_cache_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs with a key of its own (the user's real key is left alone)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The files actually checked (cache misses), in order."""
    checked: list[str] = []
    real = doclint.cache.check_file

    def counting(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(source.display)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(doclint.cache, "check_file", counting)
    yield checked


def concise(*args: str) -> tuple[int, list[str]]:
    result = run_cli("check", "--format", "concise", *args)
    return result.exit_code, result.stdout.splitlines()


def entries(work: Path) -> list[Path]:
    return sorted((work / ".doclint_cache").rglob("*.json"))


def test_a_second_run_reuses_every_result_and_reports_the_same(work: Path, checks: list[str]) -> None:
    (work / "a.md").write_text(ARTICLE)
    (work / "b.md").write_text("Fine.\n")
    first = concise(".")
    assert checks == ["a.md", "b.md"]
    assert concise(".") == first
    assert checks == ["a.md", "b.md"]  # nothing checked again
    assert first[0] == 1 and len(entries(work)) == 2
    assert (work / ".doclint_cache" / ".gitignore").read_text().endswith("*\n")
    assert (work / ".doclint_cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_a_changed_file_is_checked_again(work: Path, checks: list[str]) -> None:
    (work / "a.md").write_text(ARTICLE)
    (work / "b.md").write_text("Fine.\n")
    concise(".")
    (work / "b.md").write_text("# X\n\nText.\n\n# X\n")
    code, lines = concise(".")
    assert checks == ["a.md", "b.md", "b.md"]
    assert "b.md:5:3: DL002 repeated-heading Heading 'X' repeats the title at line 1" in lines


@pytest.mark.parametrize("change", ["rule file", "rule-settings", "paragraph-mode", "select", "doclint's code"])
def test_rules_settings_and_code_changes_invalidate(work: Path, checks: list[str], change: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "rules").mkdir()
    rule = ("id: XT001\nname: no-storm\ncheck: existence\nlevel: warning\nmessage: \"{message}\"\n"
            "description: d.\ntokens: [storm]\n")
    (work / "rules" / "r.yaml").write_text(rule.replace("{message}", "No storms"))
    (work / ".doclint.yaml").write_text("rules: [rules]\n")
    (work / "a.md").write_text(ARTICLE)
    before = concise("a.md")
    if change == "rule file":
        (work / "rules" / "r.yaml").write_text(rule.replace("{message}", "Storms are banned"))
    elif change == "rule-settings":
        (work / ".doclint.yaml").write_text("rules: [rules]\nrule-settings: {no-storm: {level: error}}\n")
    elif change == "paragraph-mode":
        (work / ".doclint.yaml").write_text("rules: [rules]\nparagraph-mode: lines\n")
    elif change == "select":
        (work / ".doclint.yaml").write_text("rules: [rules]\nselect: [XT001]\n")
    else:
        monkeypatch.setattr(doclint.cache, "code_fingerprint", lambda: "another version")
    after = concise("a.md")
    assert checks == ["a.md", "a.md"]
    if change in ("rule file", "rule-settings", "select"):
        assert after != before


def test_a_corrupt_entry_is_ignored_and_replaced(work: Path, checks: list[str]) -> None:
    (work / "a.md").write_text(ARTICLE)
    first = concise("a.md")
    [entry] = entries(work)
    entry.write_text("{not json")
    assert concise("a.md") == first
    assert checks == ["a.md", "a.md"]
    assert json.loads(entry.read_text())["mac"]


def test_a_forged_entry_is_never_believed(work: Path, checks: list[str]) -> None:
    (work / "a.md").write_text(ARTICLE)
    first = concise("a.md")
    [entry] = entries(work)
    data = json.loads(entry.read_text())
    payload = json.loads(data["payload"])
    payload["violations"] = []  # hide every finding, keep the signature
    data["payload"] = json.dumps(payload)
    entry.write_text(json.dumps(data))
    assert concise("a.md") == first
    assert checks == ["a.md", "a.md"]


def test_a_cache_made_with_another_key_is_ignored(work: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    """A cache committed to a repository, or copied from another machine, was signed with another key."""
    (work / "a.md").write_text(ARTICLE)
    concise("a.md")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("another-user")))
    concise("a.md")
    assert checks == ["a.md", "a.md"]


def test_no_cache_checks_everything_and_writes_nothing(work: Path, checks: list[str]) -> None:
    (work / "a.md").write_text(ARTICLE)
    concise("--no-cache", "a.md")
    concise("--no-cache", "a.md")
    assert checks == [] and not (work / ".doclint_cache").exists()


def test_fix_does_not_use_the_cache(work: Path, checks: list[str]) -> None:
    (work / "a.md").write_text(ARTICLE)
    concise("a.md")
    assert run_cli("check", "--fix", "a.md").exit_code == 1
    assert (work / "a.md").read_text() == "# Storm\n\nExperts agree that the storm will pass.\n"
    code, lines = concise("a.md")
    assert [line.split(" ")[1] for line in lines[:-1]] == ["DL003"]


def test_suppression_baseline_and_cross_file_work_on_cached_results(work: Path, checks: list[str]) -> None:
    shared = "The harbour authority dredged the main channel last spring to let larger ships dock safely."
    (work / "a.md").write_text(f"# One\n\n{shared}\n")
    (work / "b.md").write_text(f"# Two\n\n<!-- doclint-disable-next-line DL003 -->\nExperts agree it works.\n\n{shared}\n")
    first = concise("--cross-file", ".")
    assert first[1] == ["b.md:6:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at a.md:3",
                        "Found 1 violation (1 error) in 1 file (2 files checked)."]
    assert concise("--cross-file", ".") == first
    assert run_cli("check", "--cross-file", "--write-baseline", "base.json", ".").exit_code == 0
    assert concise("--cross-file", "--baseline", "base.json", ".") == (0, [
        "All checks passed (2 files checked; 1 known violation hidden by the baseline, 0 stale baseline entries)."])
    assert checks == ["a.md", "b.md"]


def test_concurrent_runs_share_the_cache_safely(work: Path) -> None:
    for index in range(40):
        (work / f"a{index:02}.md").write_text(ARTICLE.replace("Storm", f"Storm {index}"))
    command = [sys.executable, "-m", "doclint", "check", "--format", "json", "-j", "2", "."]
    runs = [subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, text=True, env=dict(os.environ))
            for _ in range(3)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert len(set(outputs)) == 1 and len(json.loads(outputs[0])) == 80
    for entry in entries(work):
        assert json.loads(entry.read_text())["mac"]  # every entry whole: written atomically
    assert not list((work / ".doclint_cache").rglob("*.tmp"))
    again = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=300)
    assert again.stdout == outputs[0]


def test_clean_removes_the_cache(work: Path) -> None:
    (work / "a.md").write_text(ARTICLE)
    concise("a.md")
    result = run_cli("clean")
    assert (result.exit_code, result.stdout) == (0, "Removed .doclint_cache.\n")
    assert not (work / ".doclint_cache").exists()
    assert run_cli("clean").stdout == "No .doclint_cache in ..\n"


def test_cache_dir_puts_the_cache_elsewhere(work: Path, checks: list[str]) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "a.md").write_text(ARTICLE)
    concise("--cache-dir", "cache", "docs")
    concise("--cache-dir", "cache", "docs")
    assert checks == ["docs/a.md"]
    assert not (work / "docs" / ".doclint_cache").exists() and len(list((work / "cache").rglob("*.json"))) == 1
