"""One path for every finding: selection, per-file-ignores, suppression, baseline and fixes compose, in both the
per-document and the cross-file phase, whatever the flags and the directory the run starts in."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from conftest import run_cli

SHARED = "The harbour authority dredged the main channel last spring to let larger ships dock safely."
LOCAL = "Residents living near the docks complained about the noise of the night shifts on the quay."
A_MD = f"# First story\n\n{SHARED}\n\nThe end of the first story.\n"
SUPPRESS = "<!-- doclint-disable-next-line DL001 -->\n"


def b_md(suppressed: bool) -> str:
    """b.md: the paragraph shared with a.md (a cross-file copy), and a paragraph repeated within b.md."""
    return (f"# Second story\n\n{SUPPRESS if suppressed else ''}{SHARED}\n\n{LOCAL}\n\n{LOCAL}\n\n"
            "The end of the second story.\n")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def findings(stdout: str) -> list[tuple[str, int, str]]:
    return [(v["path"], v["line"], v["code"]) for v in json.loads(stdout)]


# --- the seven reported bugs, each on its own -------------------------------------------------------------------


def test_cross_file_findings_obey_suppression_comments_and_use_them(work: Path) -> None:
    write(work / "a.md", A_MD)
    write(work / "b.md", b_md(suppressed=True))
    result = run_cli("check", "--cross-file", "--select", "DL001,DL900", "--format", "json", ".")
    # The cross-file copy at b.md:4 is suppressed, and the directive is not reported as unused.
    assert findings(result.stdout) == [("b.md", 8, "DL001")]
    assert result.exit_code == 1


def test_fix_and_diff_keep_cross_file_findings(work: Path) -> None:
    write(work / "a.md", A_MD)
    write(work / "b.md", f"# Second story\n\n{SHARED}\n")
    result = run_cli("check", "--cross-file", "--fix", "--format", "concise", ".")
    assert result.stdout.splitlines()[0] == "b.md:3:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at a.md:3"
    assert result.exit_code == 1
    write(work / ".doclint.yaml", "cross-file: true\n")
    result = run_cli("check", "--diff", ".")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Would fix 0 violations in 0 files; 1 violation would remain (run without --diff to see them).\n"


def test_diff_and_fix_leave_what_the_baseline_hides(work: Path) -> None:
    write(work / "b.md", b_md(suppressed=False))
    assert run_cli("check", "--write-baseline", "base.json", ".").exit_code == 0
    assert run_cli("check", "--baseline", "base.json", ".").exit_code == 0
    result = run_cli("check", "--baseline", "base.json", "--diff", ".")
    assert (result.exit_code, result.stdout) == (0, "")
    assert run_cli("check", "--baseline", "base.json", "--fix", ".").exit_code == 0
    assert (work / "b.md").read_text(encoding="utf-8") == b_md(suppressed=False)


def test_diff_fails_when_unfixable_findings_remain(work: Path) -> None:
    write(work / "a.md", "Experts agree that the project will revive the waterfront.\n")
    plain = run_cli("check", "a.md")
    diff = run_cli("check", "--diff", "a.md")
    assert (plain.exit_code, diff.exit_code, diff.stdout) == (1, 1, "")
    assert diff.stderr == "Would fix 0 violations in 0 files; 1 violation would remain (run without --diff to see them).\n"


def test_run_settings_do_not_depend_on_the_working_directory(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(work / "sub" / ".doclint.yaml", "fail-on: error\n")
    write(work / "sub" / "a.md", "Experts agree that the project will revive the waterfront.\n")
    from_above = run_cli("check", "sub")
    monkeypatch.chdir(work / "sub")
    from_inside = run_cli("check", ".")
    assert (from_above.exit_code, from_inside.exit_code) == (0, 0)
    assert "DL003" in from_above.stdout and "DL003" in from_inside.stdout


def test_cross_file_setting_comes_from_the_checked_tree(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(work / "tree" / ".doclint.yaml", "cross-file: true\n")
    write(work / "tree" / "a.md", A_MD)
    write(work / "tree" / "b.md", f"# Second story\n\n{SHARED}\n")
    from_above = run_cli("check", "--format", "concise", "tree")
    monkeypatch.chdir(work / "tree")
    from_inside = run_cli("check", "--format", "concise", ".")
    assert "b.md:3:1: DL001" in from_above.stdout and "b.md:3:1: DL001" in from_inside.stdout


def test_an_explicitly_named_excluded_file_is_a_notice_not_silence(work: Path) -> None:
    write(work / ".doclint.yaml", "exclude: [drafts/]\n")
    write(work / "drafts" / "a.md", "Experts agree that the project will revive the waterfront.\n")
    result = run_cli("check", "drafts/a.md")
    assert result.exit_code == 0
    config = str((work / ".doclint.yaml").resolve())
    assert result.stderr == f"drafts/a.md: skipped: excluded by the configuration ({config}: exclude); not checked\n"


def test_a_bug_is_not_turned_into_a_usage_error(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import doclint.run

    def broken(*args: object) -> list[object]:
        raise KeyError("DL001")

    monkeypatch.setattr(doclint.run, "corpus_violations", broken)
    write(work / "a.md", A_MD)
    write(work / "b.md", A_MD)
    with pytest.raises(KeyError):
        run_cli("check", "--cross-file", ".")


def test_an_unknown_selector_is_a_usage_error(work: Path) -> None:
    write(work / "a.md", A_MD)
    result = run_cli("check", "--select", "DL0001", "a.md")
    assert result.exit_code == 2
    assert "unknown rule 'DL0001' (did you mean 'DL001'?)" in result.stderr


# --- every combination -------------------------------------------------------------------------------------------

COMBINATIONS = list(itertools.product((False, True), (False, True), (False, True), ("check", "fix", "diff"),
                                      (False, True)))


def _id(combination: tuple[bool, bool, bool, str, bool]) -> str:
    cross, suppressed, baseline, mode, ignored = combination
    return "-".join(name for name, on in (("cross", cross), ("suppressed", suppressed), ("baseline", baseline),
                                          ("ignore-b", ignored)) if on) + f"-{mode}"


@pytest.mark.parametrize("combination", COMBINATIONS, ids=map(_id, COMBINATIONS))
def test_flag_combinations(work: Path, combination: tuple[bool, bool, bool, str, bool]) -> None:
    cross, suppressed, baseline, mode, ignored = combination
    config = ["select: [DL001, DL900]"]
    if cross:
        config.append("cross-file: true")
    if ignored:
        config.append('per-file-ignores: {"b.md": [DL001]}')
    write(work / ".doclint.yaml", "\n".join(config) + "\n")
    write(work / "a.md", A_MD)
    b_text = b_md(suppressed)
    write(work / "b.md", b_text)
    shared_line = 4 if suppressed else 3
    if baseline:
        assert run_cli("check", "--write-baseline", "base.json", ".").exit_code == 0
    args = ["check", "--format", "json", *(["--baseline", "base.json"] if baseline else [])]
    if mode != "check":
        args.append(f"--{mode}")
    result = run_cli(*args, ".")

    # What the funnel must decide, rule by rule (the model of the README's promises):
    active = not ignored  # DL001 applies to b.md
    local_copy = active and not baseline  # b.md's own repeated paragraph
    cross_copy = cross and active and not suppressed and not baseline  # b.md's copy of a.md's paragraph
    unused_directive = suppressed and active and not cross and not baseline  # the comment suppressed nothing
    expected = []
    if cross_copy:
        expected.append(("b.md", shared_line, "DL001"))
    if unused_directive:
        expected.append(("b.md", shared_line - 1, "DL900"))
    if local_copy and mode == "check":
        expected.append(("b.md", shared_line + 4, "DL001"))
    expected.sort(key=lambda found: found[1])
    fixed = local_copy and mode == "fix"
    diffed = local_copy and mode == "diff"

    if mode == "diff":
        assert result.stdout.startswith("--- a/b.md\n") if diffed else result.stdout == ""
    else:
        assert findings(result.stdout) == expected
    after = b_text.replace(f"{LOCAL}\n\n{LOCAL}\n\n", f"{LOCAL}\n\n") if fixed else b_text
    assert (work / "b.md").read_text(encoding="utf-8") == after
    assert (work / "a.md").read_text(encoding="utf-8") == A_MD
    failing = bool(expected) or diffed or (mode == "diff" and (cross_copy or unused_directive))
    assert result.exit_code == (1 if failing else 0)
    assert not [name for name in os.listdir(work) if name.endswith(".doclint")]
