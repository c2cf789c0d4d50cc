"""unclear-paragraphs (DL912): a plain-text file whose paragraph convention was guessed says so, in every output
format, and stops saying so once paragraph-mode is set."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from doclint.cli import cli

NAMES = "\n".join(f"Player {letter}lpha Longername ({letter}land)" for letter in "ABCDEFGHIJKLMNOPQRST")
LONG = ("Partridge worked with the band from 1977 until the singer's death, and he remembers the tours, the "
        "studio sessions and the long nights in the London office as the best years of his working life.")
GUESSED = "Seeds named for the open\n" + LONG + "\n" + NAMES + "\n"
MESSAGE = ("Paragraphs read as paragraphs separated by blank lines, a guess: only 1 of 20 line breaks end a sentence, "
           "yet 1 line is longer than anyone wraps; set paragraph-mode (lines or blank-lines) to decide")


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--isolated", "--select", "DL912", *args])
    return result.exit_code, result.output


def test_a_guessed_convention_is_reported_once_at_the_first_break(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GUESSED, encoding="utf-8")
    code, output = _check("--format", "json", str(tmp_path / "a.txt"))
    found = json.loads(output)
    assert code == 1
    assert [(f["code"], f["rule"], f["severity"], f["line"], f["column"], f["end_line"], f["end_column"], f["message"])
            for f in found] == [("DL912", "unclear-paragraphs", "info", 2, 1, 2, len(LONG) + 1, MESSAGE)]
    assert found[0]["data"] == {"mode": "blank-lines", "breaks": 20, "sentence_breaks": 1, "long_lines": 1}
    for format in ("concise", "sarif", "github", "junit"):
        assert "paragraph-mode (lines or blank-lines)" in _check("--format", format, str(tmp_path / "a.txt"))[1]


def test_setting_paragraph_mode_decides_and_silences_it(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(GUESSED, encoding="utf-8")
    for mode in ("lines", "blank-lines"):
        assert _check("--paragraph-mode", mode, str(tmp_path / "a.txt")) == (0, "All checks passed (1 file checked).\n")
    (tmp_path / ".doclint.yaml").write_text("select: [DL912]\nparagraph-mode: lines\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "a.txt"])
    assert (result.exit_code, result.output) == (0, "All checks passed (1 file checked).\n")


def test_clear_readings_and_markdown_are_not_reported(tmp_path: Path) -> None:
    (tmp_path / "lines.txt").write_text("Seeds named for the open\n" + LONG + "\n" + LONG + "\n", encoding="utf-8")
    (tmp_path / "wrapped.txt").write_text("A paragraph that is wrapped\nat a narrow width goes on\nover lines.\n",
                                          encoding="utf-8")
    (tmp_path / "doc.md").write_text("# Seeds\n\n" + LONG + "\n" + NAMES + "\n", encoding="utf-8")
    assert _check(str(tmp_path)) == (0, "All checks passed (3 files checked).\n")
