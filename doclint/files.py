"""Which files to check, and reading them into text.

Directories are walked for the supported extensions, skipping hidden directories, ``node_modules`` and what
``.gitignore`` files ignore (pathspec implements git's matching rules, which are subtle enough — negation,
anchoring, directory-only patterns — that a well-kept library beats a home-made one). A file named explicitly
is always checked, whatever its extension.

Reading: UTF-8 with or without BOM. A file with NUL bytes is binary. Undecodable text is reported with the
line and column of the first bad byte; there is no fallback encoding, because guessing one (Latin-1 decodes
anything) would hide the problem and report wrong columns.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from doclint.parsing import SUPPORTED_SUFFIXES
from doclint.violations import FileProblem

SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "venv", ".venv"})
BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    display: str  # as given on the command line, or relative to the directory that was walked
    explicit: bool  # named on the command line rather than found by walking


class _GitIgnore:
    """The .gitignore files that apply under one walk, deepest first when matching."""

    def __init__(self, root: Path) -> None:
        self._specs: list[tuple[Path, object]] = []
        top = _git_root(root)
        if top is not None:
            for directory in reversed([root, *root.parents]):
                if directory == top or top in directory.parents:
                    self.add(directory)
        else:
            self.add(root)

    def add(self, directory: Path) -> None:
        import pathspec

        ignore_file = directory / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            self._specs.append((directory, pathspec.GitIgnoreSpec.from_lines(lines)))

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


def _git_root(start: Path) -> Path | None:
    for directory in [start, *start.parents]:
        if (directory / ".git").exists():
            return directory
    return None


def _display(path: str) -> str:
    return os.path.normpath(path)


def discover(paths: list[str]) -> tuple[list[SourceFile], list[FileProblem]]:
    """Expand command-line paths into files, in a stable order (each directory sorted). Hidden files and
    directories are skipped when walking, as are ``node_modules`` and what ``.gitignore`` ignores."""
    files: list[SourceFile] = []
    problems: list[FileProblem] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path.resolve()):
                if found not in seen:
                    seen.add(found)
                    files.append(SourceFile(found, _display(os.path.join(given, os.path.relpath(found, path.resolve()))), False))
        elif path.exists():
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(SourceFile(resolved, _display(given), True))
        else:
            problems.append(FileProblem(_display(given), "no such file or directory"))
    return files, problems


def _walk(root: Path) -> list[Path]:
    ignore = _GitIgnore(root)
    found: list[Path] = []
    for directory, subdirectories, filenames in os.walk(root):
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


def read_source(source: SourceFile) -> str | FileProblem:
    """The file's text (BOM removed), or the problem that prevents checking it."""
    try:
        data = source.path.read_bytes()
    except OSError as error:
        return FileProblem(source.display, f"cannot read file: {error.strerror or error}")
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        return FileProblem(source.display, "binary file (contains NUL bytes)", skipped=not source.explicit)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_problem(source.display, data, error)


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
