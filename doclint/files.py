"""Which files to check, and reading them into text.

Directories are walked for the supported extensions, skipping hidden directories, ``node_modules`` and what
``.gitignore`` files ignore (pathspec implements git's matching rules, which are subtle enough — negation,
anchoring, directory-only patterns — that a well-kept library beats a home-made one). A file named explicitly
is always checked, whatever its extension.

Reading: UTF-8 with or without BOM. A file with NUL bytes (anywhere) is binary. Undecodable text is reported
with the line and column of the first bad byte; there is no fallback encoding, because guessing one (Latin-1
decodes anything) would hide the problem and report wrong columns. UTF-16 and UTF-32 text (recognised by its
byte order mark, or UTF-16 by its NUL bytes between ASCII letters) is named as such, so the message says what to
convert from.

What is not checked, and how it is reported (``FileProblem``): a file that cannot be checked is an error (exit 2)
when it was named on the command line, and a notice ("skipped", the exit code does not change) when it was found
by walking a directory, for binary files, files larger than ``max-file-size`` (default 10 MiB, read no further
than that), and anything that is not a regular file (a FIFO would block, a device never ends) or is a broken
symbolic link or a symbolic-link loop. Text that is not UTF-8 and files or directories that cannot be read are
errors either way: they are documents (or may hold them) that the user expects to be checked. Walking does not
follow symbolic links to directories, so a link loop cannot trap it.

File names are shown with control characters and undecodable bytes escaped (``caf\\xe9.md``), so a message
stays one line and printable whatever the name.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from doclint.parsing import SUPPORTED_SUFFIXES
from doclint.violations import FileProblem

SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "venv", ".venv"})
UTF16_SNIFF_BYTES = 4096
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes; a 10 MiB document takes about 4 s with every rule
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
)
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(value: int | str) -> int:
    """Bytes from ``10485760``, ``"10MB"``, ``"512 KiB"`` or ``"1.5G"`` (K, M and G are powers of 1024);
    0 means no limit. ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError(f"expected a size like 10MB, got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"a size cannot be negative ({value})")
        return value
    match = _SIZE.fullmatch(value)
    if match is None:
        raise ValueError(f"expected a size like 10MB, 512KB or a number of bytes, got {value!r}")
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "")[:1].lower()])


def format_size(size: int) -> str:
    """``10 MiB``, ``1.5 KiB``, ``12 bytes``: for messages."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} byte{'s' if size != 1 else ''}"


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    display: str  # as given on the command line, or relative to the directory that was walked
    explicit: bool  # named on the command line rather than found by walking


class _GitIgnore:
    """The .gitignore files that apply under one walk, deepest first when matching."""

    def __init__(self, root: Path, problems: list[FileProblem] | None = None) -> None:
        self._specs: list[tuple[Path, object]] = []
        self._problems = problems
        top = _git_root(root)
        if top is not None:
            for directory in reversed([root, *root.parents]):
                if directory == top or top in directory.parents:
                    self.add(directory)
        else:
            self.add(root)

    def add(self, directory: Path) -> None:
        ignore_file = directory / ".gitignore"
        if ignore_file.is_file():
            try:
                text = ignore_file.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return
            lines = [line.removesuffix("\r") for line in text.split("\n")]  # git's lines, not splitlines()'s
            spec, refused = compile_globs(lines)
            self._specs.append((directory, spec))
            for number, reason in refused:
                if self._problems is not None:
                    relative = os.path.relpath(ignore_file)
                    shown = str(ignore_file) if relative.startswith("..") else relative
                    self._problems.append(FileProblem(_display(shown), f"pattern {lines[number]!r} not "
                                                      f"applied: {reason}", line=number + 1, skipped=True))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in reversed(self._specs):
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            result = spec.check_file(relative + ("/" if is_dir else ""))  # type: ignore[attr-defined]
            if result.include is not None:
                return bool(result.include)
        return False


# A glob with many wildcards in one path segment becomes a regex that backtracks polynomially in the length
# of the name it is matched against (pathspec's regex, when no RE2 is installed): "*a*a*a*a*b" against a
# 250-character name takes minutes. Three per segment cost at most a quarter of a second on such a name.
MAX_GLOB_WILDCARDS = 3


def glob_risk(pattern: str) -> str | None:
    """Why a gitignore-style glob is refused, or None: more than ``MAX_GLOB_WILDCARDS`` ``*`` in one path
    segment, or more than that many ``**`` segments."""
    if pattern.startswith("#"):
        return None  # a comment
    segments = pattern.strip().split("/")
    if sum(1 for segment in segments if segment == "**") > MAX_GLOB_WILDCARDS or any(
            segment.count("*") > MAX_GLOB_WILDCARDS for segment in segments if segment != "**"):
        return f"more than {MAX_GLOB_WILDCARDS} wildcards in one place, too slow to match safely"
    return None


def compile_globs(lines: list[str]):  # type: ignore[no-untyped-def]
    """A ``pathspec.GitIgnoreSpec`` of ``lines`` and the ``(index, reason)`` of the lines left out of it:
    globs that cannot be compiled ("[z-a]") and globs with too many wildcards (``glob_risk``)."""
    import pathspec

    refused: list[tuple[int, str]] = []
    kept: list[str] = []
    for index, line in enumerate(lines):
        reason = glob_risk(line)
        if reason is None:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception as error:  # noqa: BLE001 - pathspec turns each glob into a regex: re.error and its own
                reason = f"not a valid pattern ({error})"
        if reason is None:
            kept.append(line)
        else:
            refused.append((index, reason))
    return pathspec.GitIgnoreSpec.from_lines(kept), refused


def _git_root(start: Path) -> Path | None:
    for directory in [start, *start.parents]:
        if (directory / ".git").exists():
            return directory
    return None


def printable_path(path: str) -> str:
    """``path`` with what a terminal would not show as itself escaped: bytes that are not UTF-8 (which Python
    keeps as lone surrogates, and which no output stream can encode), control characters (a line break in a
    name would split a one-line message; an escape sequence would reach the terminal) and invisible format
    characters."""
    if path.isprintable():
        return path
    return "".join(character if character.isprintable() or character == " " else _escape(character)
                   for character in path)


def _escape(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return character.encode("unicode_escape").decode("ascii")


def _display(path: str) -> str:
    return printable_path(os.path.normpath(path))


def discover(paths: list[str]) -> tuple[list[SourceFile], list[FileProblem]]:
    """Expand command-line paths into files, in a stable order (each directory sorted). Hidden files and
    directories are skipped when walking, as are ``node_modules`` and what ``.gitignore`` ignores. Directories
    that cannot be read are reported, not passed over."""
    files: list[SourceFile] = []
    problems: list[FileProblem] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        try:
            os.stat(path)  # is_dir()/exists() below swallow some errors but raise others (a name too long)
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
                problems.append(FileProblem(_display(given), f"cannot read: {error.strerror or error}"))
                continue
        if path.is_dir():
            root = path.resolve()
            for found in _walk(root, given, problems):
                if found not in seen:
                    seen.add(found)
                    files.append(SourceFile(found, _display(os.path.join(given, os.path.relpath(found, root))), False))
        elif path.exists():
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(SourceFile(resolved, _display(given), True))
        elif path.is_symlink():
            problems.append(FileProblem(_display(given), _broken_link_message(path)))
        else:
            problems.append(FileProblem(_display(given), "no such file or directory"))
    return files, problems


def _broken_link_message(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop (the link leads back to itself)"
    return f"broken symbolic link (its target {os.readlink(path)!r} does not exist)"


def _walk(root: Path, given: str = ".", problems: list[FileProblem] | None = None) -> list[Path]:
    ignore = _GitIgnore(root, problems)
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        if problems is not None:
            where = os.path.join(given, os.path.relpath(error.filename, root)) if error.filename else given
            problems.append(FileProblem(_display(where), f"cannot read directory: {error.strerror or error}"))

    for directory, subdirectories, filenames in os.walk(root, onerror=unreadable):
        here = Path(directory)
        if here != root:
            ignore.add(here)
        subdirectories[:] = sorted(
            name for name in subdirectories
            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES and not ignore.ignored(here / name, True)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            candidate = here / name
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and not ignore.ignored(candidate, False):
                found.append(candidate)
    return found


def read_source(source: SourceFile, max_size: int = DEFAULT_MAX_FILE_SIZE) -> str | FileProblem:
    """The file's text (BOM removed), or the problem that prevents checking it (see the module docstring).
    ``max_size`` in bytes; 0 means no limit."""
    skipped = not source.explicit
    try:
        info = os.stat(source.path)
    except OSError as error:
        if source.path.is_symlink():
            return FileProblem(source.display, _broken_link_message(source.path), skipped=skipped)
        return FileProblem(source.display, f"cannot read file: {error.strerror or error}")
    if not stat.S_ISREG(info.st_mode):
        return FileProblem(source.display, f"not a regular file ({_file_type(info.st_mode)})", skipped=skipped)
    if max_size and info.st_size > max_size:
        return _too_large(source, info.st_size, max_size)
    try:
        data = source.path.read_bytes()
    except OSError as error:
        return FileProblem(source.display, f"cannot read file: {error.strerror or error}")
    if max_size and len(data) > max_size:  # it grew since
        return _too_large(source, len(data), max_size)
    return decode_document(data, source.display, skipped)


def decode_document(data: bytes, display: str, skipped: bool = False) -> str | FileProblem:
    """The text of a document's bytes (BOM removed), or why it is not UTF-8 text (``skipped``: a notice)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return FileProblem(display, f"text encoded as {encoding}, not UTF-8; save the file as UTF-8")
    if b"\0" in data:
        utf16 = _looks_like_utf16(data)
        if utf16:
            return FileProblem(display, f"text encoded as {utf16} without a byte order mark, not UTF-8; "
                                        "save the file as UTF-8")
        return FileProblem(display, "binary file (contains NUL bytes)", skipped=skipped)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_problem(display, data, error)


def _too_large(source: SourceFile, size: int, max_size: int) -> FileProblem:
    return FileProblem(source.display, f"file too large ({format_size(size)}, over max-file-size "
                                       f"{format_size(max_size)}); raise max-file-size or exclude it",
                       skipped=not source.explicit)


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: mostly-ASCII text has a NUL in every other byte."""
    sample = data[: UTF16_SNIFF_BYTES - UTF16_SNIFF_BYTES % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "UTF-16 (little-endian)"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "UTF-16 (big-endian)"
    return None


def _decode_problem(display: str, data: bytes, error: UnicodeDecodeError) -> FileProblem:
    before = data[: error.start]
    line = before.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return FileProblem(
        display,
        f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
        line=line,
        column=column,
    )
