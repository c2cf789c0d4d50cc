"""Control characters quoted from a document never reach the terminal raw: in the text, concise and github formats
they are shown as control pictures or escapes (as the source snippets already were); the JSON formats keep the
real text, escaped so that the output itself holds no control, bidirectional or line-separating character.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from conftest import run_cli

from doclint.reporters import reporters
from doclint.results import RunResult
from doclint.violations import Severity, Violation

# ESC sequences (colour, clear screen, OSC title), BEL, a C1 CSI, DEL, a bidirectional override and isolate, and
# the Unicode line separator.
HOSTILE = "Found \x1b[31mred\x1b[0m \x1b[2J\x1b]0;pwned\x07 \x9b1m \x7f \u202egnp.exe\u202c \u2066x\u2069 \u2028end"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")  # all but LF
SHOWN = ("Found ␛[31mred␛[0m ␛[2J␛]0;pwned␇ \\x9b1m ␡ \\u202egnp.exe\\u202c \\u2066x\\u2069 \\u2028end")


def violation(message: str = HOSTILE) -> Violation:
    return Violation("a.md", 3, 1, 3, 5, "XS001", "echo", Severity.WARNING, message, source_line="text")


def report(name: str, result: RunResult) -> str:
    stream = io.StringIO()
    reporters()[name](stream).report(result)
    return stream.getvalue()


@pytest.mark.parametrize("name", ["text", "concise", "github"])
def test_human_formats_show_control_characters_as_pictures_and_escapes(name: str) -> None:
    output = report(name, RunResult((violation(),), files_checked=1))
    assert RAW.search(output) is None
    assert SHOWN in output


@pytest.mark.parametrize("name", ["json", "json-lines", "sarif"])
def test_json_formats_keep_the_real_text_escaped(name: str) -> None:
    output = report(name, RunResult((violation(),), files_checked=1))
    assert RAW.search(output) is None
    data = [json.loads(line) for line in output.splitlines()] if name == "json-lines" else json.loads(output)
    message = data["runs"][0]["results"][0]["message"]["text"] if name == "sarif" else (
        data[0]["message"])
    assert message == HOSTILE


def test_junit_output_holds_no_raw_control_characters() -> None:
    output = report("junit", RunResult((violation(),), files_checked=1, paths=("a.md",)))
    assert RAW.search(output) is None


def test_a_plain_message_is_unchanged() -> None:
    message = "Write 'use' instead of 'utilize' — naïve café, 東京, non\u00a0breaking, emoji 🎉"
    assert report("concise", RunResult((violation(message),), files_checked=1)).startswith(
        f"a.md:3:1: XS001 echo {message}\n")


ECHO_RULE = """\
id: XS001
name: echo
check: existence
level: warning
message: "Found {match}"
description: Quotes what it matches.
patterns: ['Notes\\s\\S+']
examples:
  fail: ["Notes x"]
  pass: ["A dog."]
"""


@pytest.mark.parametrize("name", ["text", "concise", "github"])
def test_a_document_cannot_send_escape_sequences_to_the_terminal(work: Path, name: str) -> None:
    (work / "style").mkdir()
    (work / "style" / "echo.yaml").write_text(ECHO_RULE)
    (work / "a.md").write_text("Notes \x1b]0;pwned\x07\x1b[2J here.\n")
    result = run_cli("check", "--isolated", "--rules", "style", "--format", name, "a.md")
    assert RAW.search(result.stdout) is None
    assert "Found Notes ␛]0;pwned␇␛[2J" in result.stdout
