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
errors either way: they are documents (or may hold them) that the user expects to be checked.

Walking a repository doclint does not control: symbolic links to directories are not followed (a link loop cannot
trap the walk), and a symbolic link to a file is followed only when its target is inside the directory being
walked (else a notice: ``notes.txt -> /etc/passwd`` must not be read, reported or fixed); the check is repeated
when the file is read. A .gitignore that cannot be read is an error, and nothing in its directory is checked: what
it ignores is unknown. The walk keeps its own stack, so a tree thousands of levels deep cannot exhaust recursion.
``read_source_text`` also returns what fixing needs: the BOM, and a ``Snapshot`` of the bytes read, so that
``fixes.write_fixed`` can tell whether the file changed before replacing it.

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
from typing import Any

from doclint.display import printable_path  # noqa: F401 - the walker's callers import it from here
from doclint.fixes import Snapshot, inside
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
    tree: Path | None = None  # the directory walked to find it (resolved): symbolic links must stay inside


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's text as read, with what writing fixes back needs: whether it had a BOM, and a snapshot to notice
    a change before replacing it."""

    text: str  # BOM removed
    bom: bool
    snapshot: Snapshot


_IgnoreChain = tuple[tuple[Path, Any], ...]  # (directory, compiled .gitignore) from the top down


class _Unreadable(Exception):
    """A .gitignore that exists but cannot be read: what it ignores is unknown."""


def _read_gitignore(directory: Path, tree: Path, shown: str, problems: list[FileProblem] | None) -> Any | None:
    """The compiled .gitignore of ``directory`` (None when it has none). Raises ``_Unreadable`` (after reporting
    it) when one exists but cannot be read. A symbolic link leading outside ``tree`` is not read (a notice), so a
    repository cannot make doclint read and echo other files; git does not follow such links either."""
    ignore_file = directory / ".gitignore"
    try:
        info = os.stat(ignore_file)
    except OSError:  # none, or the directory cannot be searched: that is reported when it is listed
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if os.path.islink(ignore_file) and not inside(os.path.realpath(ignore_file), tree):
        _report(problems, FileProblem(_display(shown), "symbolic link to a file outside the checked directory; "
                                                       "not read", skipped=True))
        return None
    try:
        text = ignore_file.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        _report(problems, FileProblem(_display(shown), f"cannot read file: {error.strerror or error}; nothing in "
                                                       "its directory was checked, since what it ignores is unknown"))
        raise _Unreadable from None
    lines = [line.removesuffix("\r") for line in text.split("\n")]  # git's lines, not splitlines()'s
    spec, refused = compile_globs(lines)
    for number, reason in refused:
        _report(problems, FileProblem(_display(shown), f"pattern {lines[number]!r} not applied: {reason}",
                                      line=number + 1, skipped=True))
    return spec


def _report(problems: list[FileProblem] | None, problem: FileProblem) -> None:
    if problems is not None:
        problems.append(problem)


def _ignored(chain: _IgnoreChain, path: Path, is_dir: bool) -> bool:
    """Whether the deepest .gitignore with an opinion on ``path`` ignores it."""
    for base, spec in reversed(chain):
        relative = path.relative_to(base).as_posix()
        result = spec.check_file(relative + ("/" if is_dir else ""))
        if result.include is not None:
            return bool(result.include)
    return False


def _ancestor_chain(root: Path, given: str, problems: list[FileProblem] | None) -> _IgnoreChain:
    """The .gitignore files that apply at ``root``: those of the git work tree's directories down to ``root``
    (only ``root``'s own outside a work tree). Raises ``_Unreadable``."""
    top = _git_root(root)
    directories = [root] if top is None else [d for d in reversed([root, *root.parents])
                                              if d == top or top in d.parents]
    tree = top or root
    chain = []
    for directory in directories:
        shown = os.path.join(given, os.path.relpath(directory / ".gitignore", root))
        spec = _read_gitignore(directory, tree, shown, problems)
        if spec is not None:
            chain.append((directory, spec))
    return tuple(chain)


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


def compile_globs(lines: list[str]) -> tuple[Any, list[tuple[int, str]]]:
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


def _display(path: str) -> str:
    """A file's path as reported: normalised, not escaped (``display.printable_path`` is for printing)."""
    return os.path.normpath(path)


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
                    files.append(SourceFile(found, _display(os.path.join(given, os.path.relpath(found, root))), False,
                                            root))
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
    """The supported files under ``root``, in sorted depth-first order, without recursion (a tree thousands of
    levels deep is fine). Hidden entries, ``SKIPPED_DIRECTORIES`` and what .gitignore files ignore are left out;
    symbolic links to directories are not followed, and symbolic links to files outside ``root`` are skipped with
    a notice."""
    found: list[Path] = []
    try:
        chain = _ancestor_chain(root, given, problems)
    except _Unreadable:
        return found
    stack: list[tuple[Path, _IgnoreChain]] = [(root, chain)]
    while stack:
        directory, chain = stack.pop()
        shown = os.path.join(given, os.path.relpath(directory, root))
        if directory != root:
            try:
                spec = _read_gitignore(directory, root, os.path.join(shown, ".gitignore"), problems)
            except _Unreadable:
                continue
            if spec is not None:
                chain = (*chain, (directory, spec))
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            _report(problems, FileProblem(_display(shown), f"cannot read directory: {error.strerror or error}"))
            continue
        subdirectories = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            kind = _kind(entry)
            if kind == "directory":
                path = directory / entry.name
                if entry.name not in SKIPPED_DIRECTORIES and not _ignored(chain, path, True):
                    subdirectories.append((path, chain))
            elif kind == "other" and os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES:
                path = directory / entry.name
                if _ignored(chain, path, False):
                    continue
                if entry.is_symlink() and not inside(os.path.realpath(path), root):
                    _report(problems, FileProblem(_display(os.path.join(shown, entry.name)), "symbolic link to a "
                                                  "file outside the checked directory; not followed", skipped=True))
                else:
                    found.append(path)
        stack.extend(reversed(subdirectories))
    return found


def _kind(entry: os.DirEntry[str]) -> str:
    """"directory" to walk into; "linked directory", passed over (never followed: a link loop cannot trap the
    walk); "other" for files, links to files, broken links and the rest, which reading sorts out."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return "directory"
        return "linked directory" if entry.is_symlink() and entry.is_dir() else "other"
    except OSError:
        return "other"


def read_source(source: SourceFile, max_size: int = DEFAULT_MAX_FILE_SIZE) -> str | FileProblem:
    """The file's text (BOM removed), or the problem that prevents checking it (see the module docstring).
    ``max_size`` in bytes; 0 means no limit."""
    read = read_source_text(source, max_size)
    return read if isinstance(read, FileProblem) else read.text


def read_source_text(source: SourceFile, max_size: int = DEFAULT_MAX_FILE_SIZE) -> SourceText | FileProblem:
    """``read_source`` with what fixing the file needs: its BOM and a snapshot of the bytes read."""
    skipped = not source.explicit
    try:
        info = os.lstat(source.path)  # before opening: a FIFO or a device is never opened
        if stat.S_ISLNK(info.st_mode):
            if source.tree is not None and not inside(os.path.realpath(source.path), source.tree):
                return FileProblem(source.display, "symbolic link to a file outside the checked directory; not "
                                                   "followed", skipped=True)
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
        read = _read_regular_file(source.path, max_size)
    except OSError as error:
        return FileProblem(source.display, f"cannot read file: {error.strerror or error}")
    if read is None:
        return FileProblem(source.display, "not a regular file (it was replaced while being read)", skipped=skipped)
    data, opened = read
    if max_size and len(data) > max_size:  # it grew since
        return _too_large(source, len(data), max_size)
    text = decode_document(data, source.display, skipped)
    if isinstance(text, FileProblem):
        return text
    return SourceText(text, data.startswith(codecs.BOM_UTF8), Snapshot.of(data, opened))


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


def _read_regular_file(path: Path, max_size: int) -> tuple[bytes, os.stat_result] | None:
    """The bytes of ``path`` (at most ``max_size`` + 1 when limited) and its status taken before reading them;
    None if what was opened is not a regular file (replaced since it was looked at)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            return None
        return _read_up_to(descriptor, max_size + 1 if max_size else 0), opened
    finally:
        os.close(descriptor)


def _read_up_to(descriptor: int, limit: int) -> bytes:
    """Everything ``descriptor`` holds, or its first ``limit`` bytes (0: no limit)."""
    chunks = []
    remaining = limit
    while True:
        chunk = os.read(descriptor, min(remaining, 1 << 20) if limit else 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        if limit:
            remaining -= len(chunk)
            if remaining <= 0:
                break
    return b"".join(chunks)


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
