"""--cross-file: paragraphs and titles repeated across documents, grouped, in a stable order."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from doclint.cli import cli

ARTICLE = (
    "Harbour plan wins backing\n"
    "The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n"
    "Work is due to start in October, according to the permit filed last week.\n"
)
OTHER = (
    "Harbour plan wins backing\n"
    "Residents living near the docks complained about the noise of the night shifts.\n"
    "The council voted 7 to 4 on Thursday to fund the second dredging of the channel.\n"
)


def _run(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--isolated", "--format", "json", *args, str(tmp_path)])
    return result.exit_code, json.loads(result.output)


def test_without_cross_file_documents_are_independent(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    code, found = _run(tmp_path)
    assert (code, found) == (0, [])


def test_later_copy_is_reported_with_the_first_as_related(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    code, found = _run(tmp_path, "--cross-file")
    assert code == 1
    a = str(tmp_path / "a.txt")
    b = str(tmp_path / "b.txt")
    assert [(v["path"], v["line"], v["column"], v["code"], v["message"]) for v in found] == [
        (b, 1, 1, "DL002", f"Heading 'Harbour plan wins backing' duplicates the title at {a}:1"),
        (b, 3, 1, "DL001", f"Paragraph duplicates the paragraph at {a}:2"),
    ]
    assert found[1]["related"] == [{"path": a, "line": 2, "column": 1}]


def test_copies_in_many_files_are_one_finding_with_a_count(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(ARTICLE.replace("Harbour plan wins backing", f"Story {name}"), encoding="utf-8")
    code, found = _run(tmp_path, "--cross-file", "--select", "DL001")
    a, b, c = (str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt"))
    assert [(v["path"], v["line"], v["message"]) for v in found] == [
        (b, 2, f"Paragraph duplicates the paragraph at {a}:2 (3 copies in 3 files)"),
        (b, 3, f"Paragraph duplicates the paragraph at {a}:3 (3 copies in 3 files)"),
    ]
    assert [r["path"] for r in found[0]["related"]] == [a, c]


def test_mirrored_tree_can_be_left_out_of_the_comparison(tmp_path: Path) -> None:
    for version in ("v1", "v2"):
        (tmp_path / version).mkdir()
        (tmp_path / version / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, found = _run(tmp_path, "--cross-file", "--cross-file-exclude", "v2/")
    assert (code, found) == (0, [])


def test_cross_file_from_configuration(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / ".doclint.yaml").write_text("cross-file: true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "concise", "-q", "."])
    assert result.output.splitlines() == [
        "b.txt:1:1: DL002 repeated-heading Heading 'Harbour plan wins backing' duplicates the title at a.txt:1",
        "b.txt:3:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at a.txt:2",
    ]


# Determinism: many near-identical paragraphs make the candidate index saturate (more than 50 blocks share
# shingles), which is where hash-dependent sketches used to change the findings from one process to the next.

def _near_identical_corpus(directory: Path, files: int = 8, per_file: int = 10) -> list[Path]:
    import random

    rng = random.Random(20261202)
    base = ("the maintenance window for the storage cluster starts on saturday night and the operations team "
            "will move every tenant to the standby nodes before the firmware upgrade begins").split()
    fillers = "north south early late quiet busy small large rapid gentle primary backup weekly".split()
    paths = []
    for number in range(files):
        paragraphs = []
        for _ in range(per_file):
            words = list(base)
            for position in rng.sample(range(len(words)), 2):
                words[position] = rng.choice(fillers)
            paragraphs.append(" ".join(words).capitalize() + ".")
        path = directory / f"doc{number:02}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _subprocess_output(paths: list[Path], seed: str, *args: str) -> bytes:
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "doclint", "check", "--isolated", "--cross-file", "--exit-zero",
               "--format", "json", *args, *map(str, paths)]
    return subprocess.run(command, env=environment, capture_output=True, check=True).stdout


def test_cross_file_output_is_byte_identical_across_hash_seeds_jobs_and_path_order(tmp_path: Path) -> None:
    paths = _near_identical_corpus(tmp_path)
    reference = _subprocess_output(paths, "0", "--jobs", "1")
    assert len(json.loads(reference)) > 30
    for seed, jobs, ordered in (("1", "1", paths), ("2", "2", paths[::-1]), ("3", "2", paths), ("4", "1", paths[::-1])):
        assert _subprocess_output(ordered, seed, "--jobs", jobs) == reference, (seed, jobs)


# Mirrored trees: a copy of a whole tree is reported once, not once per paragraph.

def _write_tree(root: Path, pages: dict[str, list[str]]) -> None:
    for name, paragraphs in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _pages(count: int) -> dict[str, list[str]]:
    return {f"cmdlets/page{number}.md": [f"# Page {number}"] + [
        f"Paragraph {index} of page {number} explains how the command handles option {index} in detail."
        for index in range(4)] for number in range(count)}


def test_a_mirrored_tree_is_reported_once_with_its_counts(tmp_path: Path) -> None:
    pages = _pages(5)
    _write_tree(tmp_path / "v1", pages)
    _write_tree(tmp_path / "v2", pages)
    shared = "This paragraph is shared by one page of the guide and one page of the reference, nowhere else."
    _write_tree(tmp_path / "guide", {"intro.md": ["# Guide", shared]})
    (tmp_path / "v2" / "cmdlets" / "page0.md").write_text("\n\n".join(pages["cmdlets/page0.md"] + [shared]) + "\n",
                                                          encoding="utf-8")
    code, found = _run(tmp_path, "--cross-file", "--select", "DL001")
    assert code == 1
    mirror = [f for f in found if "mirror" in f["data"]]
    assert [(f["path"], f["line"]) for f in mirror] == [(str(tmp_path / "v2" / "cmdlets" / "page0.md"), 3)]
    assert mirror[0]["message"] == (
        f"Paragraph and 19 more paragraphs of {tmp_path / 'v2'}/ duplicate the paragraph at "
        f"{tmp_path / 'v1' / 'cmdlets' / 'page0.md'}:3 ({tmp_path / 'v2'}/ mirrors {tmp_path / 'v1'}/: 5 of 5 files; "
        "reported once)")
    assert mirror[0]["data"]["mirror"] == {"tree": str(tmp_path / "v2"), "of": str(tmp_path / "v1"), "files": 5,
                                           "tree_files": 5, "copies": 20}
    others = [f for f in found if "mirror" not in f["data"]]
    assert [(f["path"], f["line"], [r["path"] for r in f["related"]]) for f in others] == [
        (str(tmp_path / "v2" / "cmdlets" / "page0.md"), 11, [str(tmp_path / "guide" / "intro.md")])]


# Mirrors declared in configuration: their copies of each other are never reported, by paragraph or as a mirror.

SHARED = "This paragraph is shared by one page of the guide and one page of the reference, nowhere else."


def _declared_corpus(root: Path, pages: int = 2) -> None:
    tree = _pages(pages)
    _write_tree(root / "docs", tree)
    _write_tree(root / "print" / "docs", tree)
    for base in ("docs", "print/docs"):
        page = root / base / "cmdlets" / "page0.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n" + SHARED + "\n", encoding="utf-8")
    _write_tree(root / "guide", {"intro.md": ["# Guide", SHARED]})


def _check(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "DL001", *args])
    return result.exit_code, json.loads(result.output)


def test_copies_between_declared_mirrors_are_not_reported(tmp_path: Path, monkeypatch) -> None:
    _declared_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, found = _check("--cross-file", ".")
    assert len(found) == 9  # two trees too small to be detected: every copied paragraph is reported
    (tmp_path / ".doclint.yaml").write_text("mirrors:\n  - [docs, print/docs]\n", encoding="utf-8")
    code, found = _check("--cross-file", ".")
    # What reaches outside the set is still reported, once, naming one copy of the mirrored pair.
    assert [(f["path"], f["line"], f["message"], [r["path"] for r in f["related"]]) for f in found] == [
        ("guide/intro.md", 3, "Paragraph duplicates the paragraph at docs/cmdlets/page0.md:11",
         ["docs/cmdlets/page0.md"])]
    code, found = _check(".")  # without --cross-file the key changes nothing
    assert (code, found) == (0, [])


def test_declared_mirror_paths_follow_how_paths_are_shown(tmp_path: Path, monkeypatch) -> None:
    _declared_corpus(tmp_path / "repo")
    (tmp_path / "repo" / ".doclint.yaml").write_text("mirrors: [[docs, print/docs]]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given, shown in (("repo", "repo"), ("./repo", "repo"), (str(tmp_path / "repo"), str(tmp_path / "repo")),
                         ("repo/../repo", "repo")):
        code, found = _check("--cross-file", given)
        assert [(f["path"], f["line"]) for f in found] == [(f"{shown}/guide/intro.md", 3)], given
    monkeypatch.chdir(tmp_path / "repo" / "print")  # the configuration is found above; "../docs" is the first tree
    code, found = _check("--cross-file", ".", "../docs")
    assert [(f["path"], f["line"]) for f in found] == []


def test_a_detected_mirror_inside_a_declared_set_is_not_reported(tmp_path: Path, monkeypatch) -> None:
    pages = _pages(5)
    for version in ("v1", "v2", "v3"):
        _write_tree(tmp_path / version, pages)
    monkeypatch.chdir(tmp_path)
    code, found = _check("--cross-file", ".")
    assert [(f["path"], f["data"]["mirror"]["of"]) for f in found] == [("v2/cmdlets/page0.md", "v1"),
                                                                        ("v3/cmdlets/page0.md", "v1")]
    (tmp_path / ".doclint.yaml").write_text("mirrors: [[v1, v2]]\n", encoding="utf-8")
    code, found = _check("--cross-file", ".")
    assert [(f["path"], f["data"]["mirror"]["of"]) for f in found] == [("v3/cmdlets/page0.md", "v1")]
    (tmp_path / ".doclint.yaml").write_text("mirrors: [[v1, v2, v3]]\n", encoding="utf-8")
    assert _check("--cross-file", ".") == (0, [])


def test_declared_mirrors_from_an_extended_configuration(tmp_path: Path, monkeypatch) -> None:
    _declared_corpus(tmp_path / "site")
    (tmp_path / ".git").mkdir()  # the repository: configuration may extend files anywhere inside it
    (tmp_path / "base.yaml").write_text("mirrors: [[site/docs, site/print/docs]]\n", encoding="utf-8")
    (tmp_path / "site" / ".doclint.yaml").write_text("extends: ../base.yaml\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "site")
    code, found = _check("--cross-file", ".")
    assert [(f["path"], f["line"]) for f in found] == [("guide/intro.md", 3)]


def test_a_detected_mirror_passes_suppression_baseline_and_per_file_ignores(tmp_path: Path, monkeypatch) -> None:
    pages = _pages(5)
    _write_tree(tmp_path / "v1", pages)
    _write_tree(tmp_path / "v2", pages)
    monkeypatch.chdir(tmp_path)
    code, found = _check("--cross-file", ".")
    assert [(f["path"], f["line"]) for f in found] == [("v2/cmdlets/page0.md", 3)]
    # A baseline records the one finding; a mirrored page more keeps it known (the offending line is the same).
    written = CliRunner().invoke(cli, ["check", "--cross-file", "--select", "DL001", "--write-baseline", "base.json",
                                       "."])
    assert written.exit_code == 0, written.output
    for version in ("v1", "v2"):
        _write_tree(tmp_path / version, {"cmdlets/page9.md": ["# Page 9", "An extra page. " * 5]})
    assert _check("--cross-file", "--baseline", "base.json", ".") == (0, [])
    # per-file-ignores on the mirror's files drops the finding, and the copies are still not reported one by one.
    (tmp_path / ".doclint.yaml").write_text('per-file-ignores: {"v2/**": [DL001]}\n', encoding="utf-8")
    assert _check("--cross-file", ".") == (0, [])
    (tmp_path / ".doclint.yaml").unlink()
    # A suppression comment above the reported paragraph hides it, and is used (no unused-suppression finding).
    page = tmp_path / "v2" / "cmdlets" / "page0.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    page.write_text("\n".join(lines[:2] + ["<!-- doclint-disable-next-line DL001 -->"] + lines[2:]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "DL001,DL900", "--cross-file", "."])
    assert (result.exit_code, json.loads(result.output)) == (0, [])
