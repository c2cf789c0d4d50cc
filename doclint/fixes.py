"""Apply safe fixes to a file without touching any other byte.

Fix offsets are offsets into the parsed text, which has LF line endings and no BOM. They are mapped back to the
file as written (each CRLF counts two characters there), applied to the original text, and the result is encoded
with the original BOM. The file is replaced atomically (a temporary file in the same directory, then a rename),
keeping its permissions.
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from doclint.violations import Fix


def _crlf_positions(original: str) -> list[int]:
    """Offsets, in the LF-normalised text, of the line breaks that were CRLF in the original."""
    positions = []
    removed = 0
    index = original.find("\r\n")
    while index != -1:
        positions.append(index - removed)
        removed += 1
        index = original.find("\r\n", index + 2)
    return positions


def apply_fixes(original: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """``original`` (BOM removed, line endings as in the file) with the non-overlapping fixes applied.

    Returns the new text and how many fixes were applied; a fix overlapping an earlier one is left for the next
    run (the findings are re-checked after fixing, so it is still reported).
    """
    crlf = _crlf_positions(original)
    newline = "\r\n" if crlf else ("\r" if "\r" in original else "\n")

    def to_original(offset: int) -> int:
        return offset + bisect.bisect_left(crlf, offset)

    pieces = []
    cursor = 0
    applied = 0
    for fix in sorted(set(fixes), key=lambda f: (f.start, f.end)):
        start, end = to_original(fix.start), to_original(fix.end)
        if start < cursor:
            continue
        pieces.append(original[cursor:start])
        pieces.append(fix.replacement.replace("\n", newline))
        cursor = end
        applied += 1
    pieces.append(original[cursor:])
    return "".join(pieces), applied


def has_bom(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8


def write_atomically(path: Path, text: str, bom: bool) -> None:
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    mode = path.stat().st_mode
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".doclint", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def unified_diff(display: str, before: str, after: str) -> str:
    """A unified diff that ``patch`` applies, with git's marker for a last line without a line break."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{display}", tofile=f"b/{display}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
