"""Hostile documents and file systems (issue 7, part 1): every case ends in normal checking or one clear line naming
the file, the rest of the run goes on, and the exit code says what happened.

Decisions tested here (documented in ``doclint/files.py``):

- a file that cannot be checked is an error (exit 2) when named on the command line and a notice ("skipped", exit
  code unchanged) when found by walking: binary files, files over ``max-file-size``, FIFOs and devices, broken
  symbolic links and link loops;
- text that is not UTF-8 is an error either way, with the encoding when it is recognisable (UTF-16/32) and the
  line and column of the first bad byte otherwise; there is no fallback encoding;
- a directory that cannot be read is an error, never silently passed over.
"""

from __future__ import annotations

import multiprocessing
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli

from doclint.cli import cli
from doclint.engine import lint_text
from doclint.files import (
    DEFAULT_MAX_FILE_SIZE,
    SourceFile,
    format_size,
    parse_size,
    printable_path,
    read_source,
)
from doclint.parsing import parse_document
from doclint.pool import WORKER_DIED
from doclint.rules import RuleSet, load_rules
from doclint.run import MIN_FILES_FOR_PARALLEL, check_paths
from doclint.settings import CheckOptions
from doclint.violations import FileProblem

BAD_MD = "# Harbour news\n\nThe harbour authority dredged the channel.\n\n## Harbour news\n"
BAD_HEADER = "bad.md:5:4: DL002 repeated-heading Heading 'Harbour news' repeats the title at line 1"
CLEAN_MD = "# Harbour news\n\nThe harbour authority dredged the channel.\n"

WORDS_RULE = """\
id: XX001
name: no-very-unique
check: existence
level: warning
message: "Avoid '{match}'"
description: A test rule.
tokens: [very unique, 東京]
scope: document
"""


def run(*args: str):  # type: ignore[no-untyped-def]
    return run_cli("check", "--isolated", *args)


def run_module(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "doclint", "check", "--isolated", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, errors="backslashreplace")


def findings(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": DL" in line or ": XX" in line]


# Binary files, NUL bytes, encodings


def test_nul_byte_past_the_first_8_kib_still_makes_a_file_binary(work: Path) -> None:
    # Before: only the first 8,192 bytes were looked at, so this file was decoded and checked, NUL and all.
    (work / "late.md").write_bytes(b"Text. " * 2000 + b"\0" + b"more\n")
    result = run("late.md")
    assert result.exit_code == 2
    assert result.stderr == "late.md: error: binary file (contains NUL bytes)\n"


def test_nul_byte_in_a_walked_directory_is_a_notice_and_the_rest_is_checked(work: Path) -> None:
    (work / "nul.md").write_bytes(b"Hello\0world\n")
    (work / "bad.md").write_text(BAD_MD)
    result = run(".")
    assert result.exit_code == 1
    assert result.stderr == "nul.md: skipped: binary file (contains NUL bytes)\n"
    assert findings(result.stdout) == [BAD_HEADER]


@pytest.mark.parametrize("encoding, name", [
    ("utf-16", "UTF-16 (little-endian)"),  # Python writes a little-endian BOM
    ("utf-16-be", None),
    ("utf-32", "UTF-32 (little-endian)"),
])
def test_utf16_and_utf32_text_is_named_as_such_and_is_an_error_even_when_walking(work: Path, encoding: str,
                                                                               name: str | None) -> None:
    # Before: UTF-16 has NUL bytes, so a UTF-16 document found in a directory was skipped as "binary".
    data = "# Notes\n\nSome text in another encoding.\n".encode(encoding)
    if encoding == "utf-16-be":
        data = "\ufeff".encode(encoding) + data
        name = "UTF-16 (big-endian)"
    (work / "wide.md").write_bytes(data)
    result = run(".")
    assert result.exit_code == 2
    assert result.stderr == f"wide.md: error: text encoded as {name}, not UTF-8; save the file as UTF-8\n"


def test_utf16_without_a_byte_order_mark_is_recognised(work: Path) -> None:
    (work / "nobom.txt").write_bytes("Plain ASCII text in UTF-16.\n".encode("utf-16-le"))
    result = run("nobom.txt")
    assert result.exit_code == 2
    assert result.stderr == ("nobom.txt: error: text encoded as UTF-16 (little-endian) without a byte order mark, "
                             "not UTF-8; save the file as UTF-8\n")


def test_undecodable_text_names_the_encoding_the_byte_and_where_without_fallback(work: Path) -> None:
    (work / "latin1.md").write_bytes("# Café\n\nCrème brûlée\n".encode("latin-1"))
    (work / "bad.md").write_text(BAD_MD)
    result = run(".")
    assert result.exit_code == 2
    assert result.stderr == "latin1.md:1:6: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n"
    assert findings(result.stdout) == [BAD_HEADER]  # no Latin-1 guess: the file is not checked at all


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \n", b"\n\n\n", b"\xef\xbb\xbf", b"\r\n\r\n", b" "])
@pytest.mark.parametrize("name", ["empty.md", "empty.txt"])
def test_empty_and_whitespace_only_files_are_checked_and_clean(work: Path, content: bytes, name: str) -> None:
    (work / name).write_bytes(content)
    result = run(name)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "All checks passed (1 file checked).\n"


# Size limits and big files


def test_parse_size() -> None:
    assert parse_size("10MB") == parse_size("10 MiB") == parse_size("10m") == 10 * 1024 * 1024
    assert parse_size("512KB") == 512 * 1024
    assert parse_size("1.5G") == int(1.5 * 1024**3)
    assert parse_size(123) == parse_size("123") == parse_size("123b") == 123
    assert parse_size("0") == 0
    for bad in ("ten", "-1", "10 XB", "", True):
        with pytest.raises(ValueError):
            parse_size(bad)  # type: ignore[arg-type]
    assert DEFAULT_MAX_FILE_SIZE == parse_size("10MB")
    assert format_size(DEFAULT_MAX_FILE_SIZE) == "10 MiB"


def test_file_over_the_size_limit_is_an_error_when_named_and_a_notice_when_walked(work: Path) -> None:
    (work / "big.md").write_text("Word " * 300 + "\n")  # 1,501 bytes
    (work / "bad.md").write_text(BAD_MD)
    named = run("--max-file-size", "1KB", "big.md", "bad.md")
    assert named.exit_code == 2
    assert named.stderr == ("big.md: error: file too large (1.5 KiB, over max-file-size 1 KiB); raise max-file-size or "
                            "exclude it\n")
    assert findings(named.stdout) == [BAD_HEADER]
    walked = run("--max-file-size", "1KB", ".")
    assert walked.exit_code == 1
    assert walked.stderr == ("big.md: skipped: file too large (1.5 KiB, over max-file-size 1 KiB); raise "
                             "max-file-size or exclude it\n")


def test_max_file_size_from_configuration_and_zero_means_no_limit(work: Path) -> None:
    (work / "big.md").write_text("Word " * 300 + "\n")
    (work / ".doclint.yaml").write_text("max-file-size: 1000\n")
    limited = CliRunner().invoke(cli, ["check", "big.md"], catch_exceptions=False)
    assert limited.exit_code == 2 and "over max-file-size 1000 bytes" in limited.stderr
    unlimited = CliRunner().invoke(cli, ["check", "--max-file-size", "0", "big.md"], catch_exceptions=False)
    assert (unlimited.exit_code, unlimited.stderr) == (0, "")


def test_bad_max_file_size_is_refused_with_its_line(work: Path) -> None:
    (work / "a.md").write_text(CLEAN_MD)
    (work / ".doclint.yaml").write_text("fail-on: info\nmax-file-size: huge\n")
    result = CliRunner().invoke(cli, ["check", "a.md"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith(".doclint.yaml:2: max-file-size: expected a size like 10MB")
    option = run("--max-file-size", "lots", "a.md")
    assert option.exit_code == 2 and "Invalid value for '--max-file-size'" in option.stderr


def test_a_file_over_the_limit_is_not_read(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "big.md").write_text("x" * 5000)

    def refuse(self: Path) -> bytes:
        raise AssertionError("read_bytes called on a file over the limit")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    problem = read_source(SourceFile(work / "big.md", "big.md", True), max_size=4096)
    assert not isinstance(problem, str) and problem.message.startswith("file too large (4.9 KiB")


@pytest.mark.slow
def test_fifty_megabyte_single_line_file(work: Path) -> None:
    """Skipped with a notice by default; checked in reasonable time when the limit is lifted."""
    (work / "huge.txt").write_bytes(b"word " * (10 * 1024 * 1024))  # 50 MiB, one line
    (work / "bad.md").write_text(BAD_MD)
    result = run(".")
    assert result.exit_code == 1
    assert result.stderr == ("huge.txt: skipped: file too large (50 MiB, over max-file-size 10 MiB); raise "
                             "max-file-size or exclude it\n")
    lifted = run("--max-file-size", "0", "--select", "DL001,DL002,DL003", "huge.txt")
    assert (lifted.exit_code, lifted.stderr) == (0, "")


def _distinct_lines(count: int) -> str:
    """``count`` lines of random words: no two alike (lines that differ only in a number are all near copies of
    each other, which DL001 rightly reports, 0.26 ms each)."""
    import random

    rng = random.Random(7)
    vocabulary = [f"{rng.choice('bcdfghklmnprstvw')}{rng.choice('aeiou')}{rng.choice('nrstl')}{i}" for i in range(5000)]
    return "".join(" ".join(rng.choices(vocabulary, k=8)).capitalize() + ".\n" for _ in range(count))


@pytest.mark.slow
def test_two_hundred_thousand_lines(work: Path) -> None:
    (work / "long.txt").write_text(_distinct_lines(200_000) + "The harbour authority dredged the channel.\n" * 2)
    result = run("--max-file-size", "20MB", "--select", "DL001,DL002", "long.txt")
    assert result.exit_code == 1
    assert findings(result.stdout) == [
        "long.txt:200002:1: DL001 duplicate-paragraph Paragraph duplicates the paragraph at line 200001"]


def test_many_findings_on_one_long_line_share_the_line_and_stay_linear() -> None:
    # Before: every violation copied its source line, so 20,000 findings on a 100 KB line took seconds and
    # 200,000 on a 1 MB line ran out of memory; reporters then rendered each copy.
    rules = load_rules([Path(__file__).resolve().parents[2] / "examples" / "styles" / "house-style"])
    short = lint_text("the the " * 1000 + "\n", format="text", rules=rules, select=["repeated-word"])
    assert len(short) == 1999 and len({id(v.source_line) for v in short}) == 1
    assert short[0].source_line.startswith("the the")
    many = lint_text("word " * 100_000 + "\n", format="text", rules=rules, select=["repeated-word"])
    assert len(many) == 99_999
    assert all(v.source_line == "" for v in many)  # longer than MAX_SOURCE_LINE: not carried at all


def test_long_text_line_findings_print_without_a_source_snippet(work: Path) -> None:
    (work / "one.txt").write_text("A very unique idea. " * 1000 + "\n")
    (work / "rules").mkdir()
    (work / "rules" / "x.yaml").write_text(WORDS_RULE)
    result = run("--rules", "rules", "--select", "XX001", "one.txt")
    assert result.exit_code == 1
    assert len(findings(result.stdout)) == 1000
    assert "|" not in result.stdout  # no 20,000-character snippet under each of them


# Markdown and text structure


@pytest.mark.parametrize("text", [
    "# Title\n\n```python\ncode that never ends\n\nvery unique\n",
    "~~~\nunterminated tilde fence\n",
    "`" * 10_000 + "\n",
])
def test_unterminated_code_fence_runs_to_the_end_as_commonmark_says(text: str) -> None:
    document = parse_document(text, "x.md")
    assert all(document.prose[b.start:b.end] != "very unique" for b in document.blocks)
    assert len(document.prose) == len(document.text)


def test_unterminated_front_matter_is_ordinary_markdown() -> None:
    text = "---\ntitle: x\n\n# Heading\n\nA very unique text.\n"
    document = parse_document(text, "x.md")
    assert [text[b.start:b.end] for b in document.blocks][-2:] == ["Heading", "A very unique text."]


def test_front_matter_alone_and_front_matter_of_200000_lines() -> None:
    assert parse_document("---\na: b\n---\n", "x.md").blocks == ()
    text = "---\n" + "key: value\n" * 200_000 + "---\n\nAfter the front matter.\n"
    document = parse_document(text, "x.md")
    assert [text[b.start:b.end] for b in document.blocks] == ["After the front matter."]


@pytest.mark.parametrize("nesting", [
    lambda n: ">" * n + " deep quote\n",
    lambda n: "> " * n + "deep quote\n",
    lambda n: "- " * n + "deep item\n",
    lambda n: "1. " * n + "deep item\n",
    lambda n: "".join(">" * i + " line\n" for i in range(1, 2001)),
    lambda n: "".join("  " * i + "- item\n" for i in range(2000)),
    lambda n: "*" * n + "x" + "*" * n + "\n",
    lambda n: "[" * n + "x" + "](u)" * n + "\n",
    lambda n: "<div>" * n + "\n",
], ids=["quotes", "spaced-quotes", "bullets", "ordered", "quote-lines", "indented-list", "emphasis", "links",
        "html"])
def test_ten_thousand_levels_of_nesting_parse_and_check_without_recursion_errors(nesting, all_rules) -> None:
    text = nesting(10_000) + "\nThe harbour authority dredged the channel.\n\nThe harbour authority dredged the channel.\n"
    for format in ("markdown", "text"):
        violations = lint_text(text, format=format, rules=all_rules)
        assert [v.code for v in violations if v.code == "DL001"] == ["DL001"]  # the text after it is still checked


def test_very_long_table(all_rules) -> None:
    rows = "".join(f"| cell {i} | value {i} |\n" for i in range(20_000))
    text = "# Table\n\n| a | b |\n|---|---|\n" + rows + "\nThe end.\n"
    document = parse_document(text, "t.md")
    assert sum(1 for b in document.blocks if b.kind.value == "table_cell") == 40_002
    lint_text(text, format="markdown", rules=all_rules)
    wide = "| " + " | ".join(f"h{i}" for i in range(3000)) + " |\n|" + "---|" * 3000 + "\n"
    assert sum(1 for b in parse_document(wide, "w.md").blocks if b.kind.value == "table_cell") == 3000


def test_mixed_line_endings_keep_lines_and_columns(work: Path) -> None:
    (work / "rules").mkdir()
    (work / "rules" / "x.yaml").write_text(WORDS_RULE)
    (work / "mixed.md").write_bytes(b"# T\r\n\r\nOne very unique.\rTwo\n\nThree\r\nfour very unique.\n")
    result = run("--rules", "rules", "--select", "XX001", "mixed.md")
    assert findings(result.stdout) == ["mixed.md:3:5: XX001 no-very-unique Avoid 'very unique'",
                                       "mixed.md:7:6: XX001 no-very-unique Avoid 'very unique'"]


@pytest.mark.parametrize("name", ["doc.md", "doc.txt"])
def test_columns_count_characters_with_tabs_wide_combining_and_astral_characters(work: Path, name: str) -> None:
    (work / "rules").mkdir()
    (work / "rules" / "x.yaml").write_text(WORDS_RULE)
    line = "Cafe\u0301\t日本語 🎉 a very unique 東京 x"
    (work / name).write_text(f"Title line\n\n{line}\n")
    result = run("--rules", "rules", "--select", "XX001", name)
    column = line.index("very unique") + 1
    assert findings(result.stdout) == [f"{name}:3:{column}: XX001 no-very-unique Avoid 'very unique'",
                                       f"{name}:3:{line.index('東京') + 1}: XX001 no-very-unique Avoid '東京'"]
    assert column == 15  # C, a, f, e, U+0301, tab, 日, 本, 語, space, 🎉 (one character), space, a, space


# File systems: links, pipes, permissions, names


def test_symlink_loops_and_broken_links(work: Path) -> None:
    (work / "loop.md").symlink_to("loop.md")
    (work / "dangling.md").symlink_to("nowhere.md")
    (work / "self").symlink_to(".")  # a directory loop: not followed when walking
    (work / "bad.md").write_text(BAD_MD)
    walked = run(".")
    assert walked.exit_code == 1
    assert walked.stderr == ("dangling.md: skipped: broken symbolic link (its target 'nowhere.md' does not exist)\n"
                             "loop.md: skipped: symbolic link loop (the link leads back to itself)\n")
    assert findings(walked.stdout) == [BAD_HEADER]
    named = run("loop.md", "dangling.md", "bad.md")
    assert named.exit_code == 2
    # Before: "loop.md: error: no such file or directory".
    assert named.stderr == ("loop.md: error: symbolic link loop (the link leads back to itself)\n"
                            "dangling.md: error: broken symbolic link (its target 'nowhere.md' does not exist)\n")
    through = run(os.path.join("self", "self", "self", "bad.md"))
    assert through.exit_code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_never_blocks_the_run(tmp_path: Path) -> None:
    # Before: opening the FIFO waited for a writer forever.
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "bad.md").write_text(BAD_MD)
    walked = run_module(tmp_path, ".", timeout=30)
    assert walked.returncode == 1
    assert walked.stderr == "pipe.md: skipped: not a regular file (a named pipe)\n"
    named = run_module(tmp_path, "pipe.md", timeout=30)
    assert (named.returncode, named.stderr) == (2, "pipe.md: error: not a regular file (a named pipe)\n")


def test_unreadable_directory_is_reported_not_passed_over(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Works as root: listing the directory fails the way it does for a directory without read permission.
    (work / "locked").mkdir()
    (work / "locked" / "secret.md").write_text(BAD_MD)
    (work / "bad.md").write_text(BAD_MD)
    real_scandir = os.scandir

    def scandir(path=None):  # type: ignore[no-untyped-def]
        if path is not None and os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path) if path is not None else real_scandir()

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(".")
    assert result.exit_code == 2
    assert result.stderr == "locked: error: cannot read directory: Permission denied\n"
    assert findings(result.stdout) == [BAD_HEADER]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can list a chmod 000 directory")
def test_unreadable_directory_with_real_permissions(work: Path) -> None:
    (work / "locked").mkdir()
    (work / "locked" / "secret.md").write_text(BAD_MD)
    (work / "locked").chmod(0)
    try:
        result = run(".")
    finally:
        (work / "locked").chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr == "locked: error: cannot read directory: Permission denied\n"


def test_unreadable_file_found_by_walking_is_an_error(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "locked.md").write_text(BAD_MD)
    (work / "bad.md").write_text(BAD_MD)
    real_open = os.open

    def open_file(path, flags, *args):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", open_file)
    result = run(".")
    assert result.exit_code == 2
    assert result.stderr == "locked.md: error: cannot read file: Permission denied\n"
    assert findings(result.stdout) == [BAD_HEADER]


def test_paths_with_spaces_and_non_ascii_names(work: Path) -> None:
    folder = work / "my docs" / "résumé"
    folder.mkdir(parents=True)
    (folder / "naïve file 東京.md").write_text(BAD_MD)
    result = run("my docs")
    expected = os.path.join("my docs", "résumé", "naïve file 東京.md")
    assert findings(result.stdout) == [BAD_HEADER.replace("bad.md", expected)]
    named = run(os.path.join("my docs", "résumé", "naïve file 東京.md"))
    assert findings(named.stdout) == [BAD_HEADER.replace("bad.md", expected)]


def test_printable_path() -> None:
    assert printable_path("plain name é 東京.md") == "plain name é 東京.md"
    assert printable_path("caf\udce9.md") == "caf\\xe9.md"
    assert printable_path("two\nlines\x1b[31m.md") == "two\\nlines\\x1b[31m.md"
    assert printable_path("zero\u200bwidth.md") == "zero\\u200bwidth.md"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names there must be valid Unicode")
@pytest.mark.parametrize("output", ["text", "json", "sarif", "github", "junit", "concise", "json-lines"])
def test_file_name_that_is_not_utf8_is_shown_escaped_in_every_format(tmp_path: Path, output: str) -> None:
    # Before: every reporter crashed with UnicodeEncodeError ("surrogates not allowed").
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.md"), "w") as handle:
        handle.write(BAD_MD)
    done = run_module(tmp_path, "--format", output, ".")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    # People read it escaped; JSON keeps the real name (its byte as the surrogate escape Python decodes back to
    # the same file name), and SARIF's URI percent-encodes the real byte, so both point at the file that exists.
    shown = {"json": "caf\\udce9.md", "json-lines": "caf\\udce9.md", "sarif": "caf%E9.md"}.get(output, "caf\\xe9.md")
    assert shown in done.stdout
    if output == "json":
        [path] = {v["path"] for v in json.loads(done.stdout)}
        assert os.fsencode(path) == b"caf\xe9.md"


@pytest.mark.skipif(sys.platform == "win32", reason="a line break in a file name")
def test_two_files_whose_shown_names_look_alike_stay_two_files(tmp_path: Path) -> None:
    """``f<newline>x.md`` and a literal ``f\\nx.md`` are shown alike, but they are two files: the copy of a
    paragraph between them is found, and JSON tells them apart."""
    paragraph = "The harbour authority dredged the main channel last spring to let larger ships dock safely."
    (tmp_path / "f\nx.md").write_text(f"# One\n\n{paragraph}\n")
    (tmp_path / "f\\nx.md").write_text(f"# Two\n\n{paragraph}\n")
    done = run_module(tmp_path, "--format", "json", "--cross-file", ".")
    found = json.loads(done.stdout)
    assert [(v["code"], v["path"]) for v in found] == [("DL001", "f\\nx.md")]  # sorted after "f\nx.md"
    assert found[0]["related"] == [{"path": "f\nx.md", "line": 3, "column": 1}]


def test_control_characters_in_a_file_name_keep_messages_on_one_line(work: Path) -> None:
    (work / "two\nlines.md").write_bytes(b"\0")
    result = run(".")
    assert result.stderr == "two\\nlines.md: skipped: binary file (contains NUL bytes)\n"


@pytest.mark.slow
def test_directory_of_one_hundred_thousand_small_files(tmp_path: Path) -> None:
    for group in range(100):
        folder = tmp_path / f"d{group:02}"
        folder.mkdir()
        for index in range(1000):
            (folder / f"f{index:03}.md").write_text(f"# Note {group} {index}\n\nBody of note {index}.\n")
    (tmp_path / "d42" / "f999.md").write_text(BAD_MD)
    done = run_module(tmp_path, ".", timeout=900)  # a guard against a hang, not a speed limit: 2.5 ms a file is
    # about 250 s on two idle cores, and a loaded machine must not fail the test
    assert done.returncode == 1
    assert findings(done.stdout) == [BAD_HEADER.replace("bad.md", os.path.join("d42", "f999.md"))]
    assert "100000 files checked" in done.stdout


def test_gitignore_patterns_that_cannot_compile_or_would_backtrack_are_left_out_with_a_notice(work: Path) -> None:
    # Before: "[z-a]" raised re.error out of the walk (a traceback), and "*a*a*a*a*a*b" against a long name ran for
    # minutes where pathspec matches with Python's re (no RE2 installed).
    (work / ".gitignore").write_text("[z-a]\n*a*a*a*a*a*b\nignored.md\n")
    (work / "ignored.md").write_text(BAD_MD)
    (work / ("a" * 200 + "bc.md")).write_text(CLEAN_MD)
    (work / "bad.md").write_text(BAD_MD)
    result = run(".")
    assert result.exit_code == 1
    assert result.stderr == (".gitignore:1: skipped: pattern '[z-a]' not applied: not a valid pattern (bad character "
                             "range z-a at position 10)\n"
                             ".gitignore:2: skipped: pattern '*a*a*a*a*a*b' not applied: more than 3 wildcards in one "
                             "place, too slow to match safely\n")
    assert findings(result.stdout) == [BAD_HEADER]
    assert "2 files checked" in result.stdout


def test_glob_risk() -> None:
    from doclint.files import glob_risk

    for fine in ("*.md", "docs/**/*.md", "**/build/**", "*-*-*.txt", "a/**/b/**/c/**/d", "!keep.md", "[abc]?*"):
        assert glob_risk(fine) is None, fine
    for risky in ("*a*a*a*b", "**/a/**/b/**/c/**/d", "x****y"):
        assert glob_risk(risky) is not None, risky


def test_check_paths_reports_every_problem_and_checks_the_rest(work: Path) -> None:
    (work / "bin.md").write_bytes(b"\x89PNG\0")
    (work / "latin.md").write_bytes(b"caf\xe9\n")
    (work / "bad.md").write_text(BAD_MD)
    result = check_paths(["."], rules=RuleSet(tuple(load_rules().select(["DL002"]))))
    assert [(p.path, p.skipped) for p in result.problems] == [("bin.md", True), ("latin.md", False)]
    assert [v.code for v in result.violations] == ["DL002"]
    assert result.files_checked == 1


# Worker processes that die


@pytest.fixture
def dying_on(work: Path) -> Iterator[set[str]]:
    """Make the workers of a parallel run die (``os._exit``, as if killed) while checking the files named in the
    returned set. The patched check reaches the workers because they are forked from this process."""
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched check reaches worker processes only when they are forked")
    kind = load_rules().find("DL002").kind  # the one instance every loaded DL002 shares, here and in the workers
    real_run = kind.run
    names: set[str] = set()
    test_process = os.getpid()

    def run_or_die(document, prepared):  # type: ignore[no-untyped-def]
        if document.path in names:
            assert os.getpid() != test_process, "would end the test run: the check did not run in a worker"
            os._exit(70)
        return real_run(document, prepared)

    object.__setattr__(kind, "run", run_or_die)  # a frozen dataclass
    try:
        yield names
    finally:
        object.__setattr__(kind, "run", real_run)


def many_files(work: Path, count: int = MIN_FILES_FOR_PARALLEL + 4) -> list[str]:
    names = [f"doc{number:02}.md" for number in range(count)]
    for name in names:
        (work / name).write_text(BAD_MD)
    return names


def test_a_worker_that_dies_costs_its_file_only_and_the_pool_is_restarted_for_the_rest(dying_on: set[str]) -> None:
    names = many_files(Path.cwd())
    dying_on.add("doc03.md")
    result = check_paths(names, options=CheckOptions(isolated=True, select=("DL002",)), jobs=2)
    assert result.problems == (FileProblem("doc03.md", WORKER_DIED),)
    assert result.paths == tuple(name for name in names if name != "doc03.md")
    assert [(v.path, v.line, v.column, v.code) for v in result.violations] == [
        (name, 5, 4, "DL002") for name in result.paths
    ]


def test_every_file_that_kills_its_worker_is_named_and_the_run_exits_2(dying_on: set[str]) -> None:
    names = many_files(Path.cwd())
    dying_on.update({"doc00.md", "doc07.md", "doc19.md"})
    result = run("--jobs", "2", "--select", "DL002", *names)
    assert result.exit_code == 2
    assert result.stderr == "".join(
        f"{name}: error: the worker process checking this file stopped abruptly (killed, out of memory, or a "
        "crash); the file was not checked\n" for name in ("doc00.md", "doc07.md", "doc19.md")
    )
    assert len(findings(result.stdout)) == len(names) - 3
    assert result.stdout.splitlines()[-1] == (
        "Found 17 violations (17 errors) in 17 files (17 files checked; 3 files could not be checked).")
