"""Apply safe fixes to a file without touching any other byte, and write the result without losing one.

Fix offsets are offsets into the parsed text, which has LF line endings and no BOM. They are mapped back to the
file as written (each CRLF counts two characters there), applied to the original text, and the result is encoded
with the original BOM.

Applying (``fix_until_stable``): each pass applies the fixes that do not overlap one another and that do not
rewrite text an earlier pass produced, then the text is checked again; passes go on while they find fixes to
apply. A fix whose own output is flagged again with a fix (``cat`` -> ``cat cat``, or ``Windows`` -> ``Microsoft
Windows``) is held back, not applied: a second ``--fix`` would apply it again, forever. So each finding is fixed at
most once per run, and a second run changes nothing.

Writing (``write_fixed``, ``replace_file``): the new bytes go to a temporary file in the same directory, which is
flushed to disk (``fsync``), given the file's owner, group, mode and extended attributes, and renamed over the file
(then the directory is ``fsync``-ed), so at every moment the file holds either all of the old text or all of the
new. Just before the rename the file is compared with what was read (device, inode, size, modification time and a
SHA-256 of the content); if anything changed it is left alone. A file is not fixed, with a notice, when rewriting
it would change what it is: a symbolic link is followed to its target (and a walked link must stay inside the
checked directory), a file with several hard links is refused (a rename would separate the names; rewriting in
place is not crash-safe), and so are read-only files (no write bit), files the user may not write, and files whose
owner, group or extended attributes the new copy could not keep.

The temporary file is ``.doclint-<16 hex digits>.tmp``, named after the file it replaces (so a name of 255 bytes
can be fixed) and hidden (never walked as a document). It is locked while in use: a second doclint fixing the same
file at the same moment backs off, and a temporary left by a killed run is reused and renamed away by the next run
that fixes the file (``remove_stale_temporary`` removes one when that file no longer needs fixing).
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, Protocol, TypeVar

from doclint.violations import Fix, Violation

try:  # POSIX; without it (Windows) a temporary file in the way is an error instead of being reused
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms CI runs
    fcntl = None  # type: ignore[assignment]  # no fcntl on Windows: locking is skipped there

MAX_FIX_PASSES = 10
# How often a run starts over after holding back fixes whose output is flagged again; each start holds back at
# least one more fix, and giving up applies nothing, which is always safe.
MAX_FIX_ATTEMPTS = 10
TEMPORARY_PREFIX = ".doclint-"
TEMPORARY_SUFFIX = ".tmp"
_READ_CHUNK = 1 << 20


# Applying fixes


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


def _apply_pass(original: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """``original`` with the non-overlapping fixes applied, and those fixes in text order."""
    crlf = _crlf_positions(original)
    newline = "\r\n" if crlf else ("\r" if "\r" in original else "\n")

    def to_original(offset: int) -> int:
        return offset + bisect.bisect_left(crlf, offset)

    pieces = []
    cursor = 0
    applied: list[Fix] = []
    for fix in sorted(set(fixes), key=lambda f: (f.start, f.end)):
        start, end = to_original(fix.start), to_original(fix.end)
        if start < cursor:
            continue
        pieces.append(original[cursor:start])
        pieces.append(fix.replacement.replace("\n", newline))
        cursor = end
        applied.append(fix)
    pieces.append(original[cursor:])
    return "".join(pieces), applied


def apply_fixes(original: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """``original`` (BOM removed, line endings as in the file) with the non-overlapping fixes applied.

    Returns the new text and how many fixes were applied; a fix overlapping an earlier one is left for the next
    pass (see ``fix_until_stable``).
    """
    text, applied = _apply_pass(original, fixes)
    return text, len(applied)


class Checked(Protocol):
    """What checking a text gave: at least its violations (the engine's own type carries more)."""

    @property
    def violations(self) -> Sequence[Violation]: ...


CheckedT = TypeVar("CheckedT", bound=Checked)
_FixKey = tuple[int, int, str]  # (start, end, replacement): a fix, by its span in the original text


@dataclass(frozen=True)
class _Region:
    """Text a fix produced, in the current text's (parsed) offsets, and the fix that produced it."""

    start: int
    end: int
    producer: _FixKey


@dataclass(frozen=True)
class FixedText(Generic[CheckedT]):
    """The outcome of ``fix_until_stable``: the text, how many fixes it took, and the check of that text."""

    text: str
    applied: int
    checked: CheckedT
    held_back: int = 0  # fixes not applied because their own output would be flagged again


def fix_until_stable(text: str, checked: CheckedT, recheck: Callable[[str], CheckedT],
                     max_passes: int = MAX_FIX_PASSES) -> FixedText[CheckedT]:
    """Apply the fixes of ``checked`` (the check of ``text``, the file's text with BOM removed) pass after pass.

    ``recheck(new_text)`` checks a fixed text. A pass applies every fix that neither overlaps another (those wait
    for the next pass) nor replaces text an earlier pass produced (deletions may); the passes end when none is
    left to apply. If the final text still has a fix that would rewrite produced text, the fixes that produced it
    are not idempotent: they are held back and the passes start over from ``text`` without them. The result is
    the final text, the number of fixes applied and the check of the final text.
    """
    held_back: set[_FixKey] = set()
    for _ in range(MAX_FIX_ATTEMPTS):
        fixed, applied, final, unstable = _fix_passes(text, checked, recheck, held_back, max_passes)
        if not unstable - held_back:
            return FixedText(fixed, applied, final, len(held_back))
        held_back |= unstable
    return FixedText(text, 0, checked, len(held_back))  # no stable set of fixes found: change nothing


@dataclass(frozen=True)
class _Pass:
    """The edits of one pass, to map offsets of the text after it back to the text before it."""

    new_ends: list[int]  # where each applied fix's replacement ends in the new text (sorted)
    shifts: list[int]  # shifts[k]: how far the first k fixes moved what follows them

    @classmethod
    def of(cls, done: list[Fix]) -> _Pass:
        new_ends, shifts = [], [0]
        for fix in done:
            new_ends.append(fix.start + shifts[-1] + len(fix.replacement))
            shifts.append(shifts[-1] + len(fix.replacement) - (fix.end - fix.start))
        return cls(new_ends, shifts)

    def back(self, offset: int, is_end: bool) -> int:
        """``offset`` (outside any replacement) in the text before the pass: a deletion at a span's start is
        before the span, one at its end after it."""
        before = (bisect.bisect_left if is_end else bisect.bisect_right)(self.new_ends, offset)
        return offset - self.shifts[before]


def _original_key(fix: Fix, history: list[_Pass]) -> _FixKey:
    """A fix named by its span in the original text, the same in whichever pass it turns up."""
    start, end = fix.start, fix.end
    for done in reversed(history):
        start, end = done.back(start, False), done.back(end, True)
    return start, end, fix.replacement


def _fix_passes(text: str, checked: CheckedT, recheck: Callable[[str], CheckedT], held_back: set[_FixKey],
                max_passes: int) -> tuple[str, int, CheckedT, set[_FixKey]]:
    regions = _Regions([])
    history: list[_Pass] = []
    applied = 0
    for _ in range(max_passes):
        fixes: dict[Fix, _FixKey | None] = {}
        for fix in _fixes(checked):
            if not fix.replacement:
                fixes[fix] = None  # a deletion produces nothing, and may remove what a fix produced
            elif not regions.producers(fix):  # never rewrite what a fix produced
                key = _original_key(fix, history)
                if key not in held_back:
                    fixes[fix] = key
        if not fixes:
            break
        text, done = _apply_pass(text, fixes)
        regions = _Regions(sorted([*_shift(regions.regions, done), *_produced(done, fixes)],
                                  key=lambda region: region.start))
        history.append(_Pass.of(done))
        applied += len(done)
        checked = recheck(text)
    unstable = {producer for fix in _fixes(checked) if fix.replacement for producer in regions.producers(fix)}
    return text, applied, checked, unstable


def _fixes(checked: Checked) -> list[Fix]:
    return [violation.fix for violation in checked.violations if violation.fix is not None]


class _Regions:
    """The produced regions of a text, sorted and not overlapping, to find those a fix touches by bisection."""

    def __init__(self, regions: list[_Region]) -> None:
        self.regions = regions
        self._starts = [region.start for region in regions]

    def producers(self, fix: Fix) -> set[_FixKey]:
        """The fixes that produced text ``fix`` would replace (an insertion counts inside a region, not at its
        ends)."""
        found = set()
        index = bisect.bisect_left(self._starts, max(fix.end, fix.start + 1)) - 1  # the last starting before
        while index >= 0 and self.regions[index].end > fix.start:
            region = self.regions[index]
            if fix.end > fix.start or region.start < fix.start:
                found.add(region.producer)
            index -= 1
        return found


def _shift(regions: list[_Region], done: list[Fix]) -> list[_Region]:
    """``regions`` in the offsets of the text after ``done`` (sorted, non-overlapping) was applied. Only deletions
    can overlap a region: they shrink it, or remove it. A fix at a region's start is before it; at its end, after."""
    starts = [fix.start for fix in done]
    deltas = [0]
    for fix in done:
        deltas.append(deltas[-1] + len(fix.replacement) - (fix.end - fix.start))

    def moved(offset: int, is_end: bool) -> int:
        # The last fix starting before ``offset`` (at or before it, for a region's start).
        index = (bisect.bisect_left if is_end else bisect.bisect_right)(starts, offset) - 1
        if index < 0:
            return offset
        fix = done[index]
        if offset < fix.end:  # inside a replaced span: to where its replacement starts
            return fix.start + deltas[index]
        return offset + deltas[index + 1]

    shifted = [_Region(moved(region.start, False), moved(region.end, True), region.producer) for region in regions]
    return [region for region in shifted if region.end > region.start]


def _produced(done: list[Fix], keys: dict[Fix, _FixKey | None]) -> list[_Region]:
    regions = []
    delta = 0
    for fix in done:
        start = fix.start + delta
        key = keys[fix]
        if fix.replacement and key is not None:
            regions.append(_Region(start, start + len(fix.replacement), key))
        delta += len(fix.replacement) - (fix.end - fix.start)
    return regions


# What was read, to notice a change before writing


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as doclint read it: enough to tell, before replacing it, whether anything changed since."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: bytes

    @classmethod
    def of(cls, data: bytes, info: os.stat_result) -> Snapshot:
        """``data`` as read from the file whose ``fstat`` (taken before reading) is ``info``."""
        return cls(info.st_dev, info.st_ino, len(data), info.st_mtime_ns, hashlib.sha256(data).digest())

    def matches(self, path: Path) -> bool:
        """Whether ``path`` is still the same file with the same content."""
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return False
        try:
            info = os.fstat(descriptor)
            if (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns) != (
                    self.device, self.inode, self.size, self.mtime_ns) or not stat.S_ISREG(info.st_mode):
                return False
            digest = hashlib.sha256()
            while chunk := os.read(descriptor, _READ_CHUNK):
                digest.update(chunk)
            return digest.digest() == self.sha256
        except OSError:
            return False
        finally:
            os.close(descriptor)


# Writing


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """What became of a write: ``written``; ``skipped`` (left alone on purpose: a notice); ``failed`` (an error,
    the file unchanged). ``reason`` is one line saying why, for the file's message."""

    status: Literal["written", "skipped", "failed"]
    reason: str = ""

    @property
    def written(self) -> bool:
        return self.status == "written"


WRITTEN = WriteOutcome("written")


class _NotWritten(Exception):
    def __init__(self, outcome: WriteOutcome) -> None:
        super().__init__(outcome.reason)
        self.outcome = outcome


def _skip(reason: str) -> _NotWritten:
    return _NotWritten(WriteOutcome("skipped", reason))


def write_fixed(path: Path, expected: Snapshot | None, text: str, bom: bool, *,
                within: Path | None = None) -> WriteOutcome:
    """Replace the file at ``path`` with ``text`` (UTF-8, with a BOM if ``bom``), keeping what the file is.

    ``expected``: the snapshot of what was read (``doclint.files.read_source_text``); the file is left alone if it
    no longer matches. ``within``: the directory that was walked to find ``path``; a symbolic link there must lead
    to a file inside it. Never raises for an I/O problem: the outcome's ``reason`` is the file's one-line message.
    """
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    outcome = replace_file(path, data, expected=expected, within=within)
    if outcome.status == "skipped":
        return WriteOutcome("skipped", f"not fixed: {outcome.reason}")
    if outcome.status == "failed":
        return WriteOutcome("failed", f"cannot write the fixes: {outcome.reason}; the file is unchanged")
    return outcome


def replace_file(path: Path, data: bytes, *, expected: Snapshot | None = None, within: Path | None = None,
                 create: bool = False) -> WriteOutcome:
    """Atomically replace the regular file ``path`` (through symbolic links) with ``data``; with ``create``, a
    missing file is created (with the mode a new file gets). See the module docstring for what is kept and what
    is refused. The outcome's ``reason`` says why, without saying what was being written ("the file is read-only
    (mode 0444)", or the system's error text)."""
    try:
        target, info = _target(path, within, create)
        if info is not None:
            _refuse_identity_changes(target, info)
        if expected is not None and not expected.matches(target):
            raise _skip("the file changed after doclint read it; run doclint again")
        _replace(target, info, data, expected)
    except _NotWritten as refused:
        return refused.outcome
    except OSError as error:
        return WriteOutcome("failed", str(error.strerror or error))
    return WRITTEN


def write_atomically(path: Path, text: str, bom: bool) -> None:
    """``write_fixed`` without a snapshot, raising ``OSError`` (its ``strerror`` the one-line reason) when the
    file was not written."""
    outcome = write_fixed(path, None, text, bom)
    if not outcome.written:
        raise OSError(errno.EPERM if outcome.status == "skipped" else errno.EIO, outcome.reason)


def has_bom(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8


def inside(path: str | Path, directory: str | Path) -> bool:
    """Whether ``path`` is ``directory`` or below it (both already resolved)."""
    try:
        return os.path.commonpath([os.fspath(path), os.fspath(directory)]) == os.fspath(directory)
    except ValueError:  # different drives, or a relative and an absolute path
        return False


def _target(path: Path, within: Path | None, create: bool) -> tuple[Path, os.stat_result | None]:
    """The real file to replace (links followed) and its status (None: it does not exist and ``create``)."""
    target = Path(os.path.realpath(path))
    if within is not None and os.path.islink(path) and not inside(target, os.path.realpath(within)):
        raise _skip("it is a symbolic link to a file outside the checked directory")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if create:
            return target, None
        raise
    if not stat.S_ISREG(info.st_mode):
        raise _skip("not a regular file")
    return target, info


def _refuse_identity_changes(target: Path, info: os.stat_result) -> None:
    if info.st_nlink > 1:
        raise _skip(f"the file has {info.st_nlink} hard links, and rewriting it would separate them")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise _skip(f"the file is read-only (mode {stat.S_IMODE(info.st_mode):04o})")
    effective = os.access in os.supports_effective_ids
    if not os.access(target, os.W_OK, effective_ids=effective):
        raise _skip("you do not have permission to write the file")


def _replace(target: Path, info: os.stat_result | None, data: bytes, expected: Snapshot | None) -> None:
    temporary = _Temporary(target)
    descriptor = temporary.open()
    try:
        _write_all(descriptor, data)
        if info is None:
            if hasattr(os, "fchmod"):
                os.fchmod(descriptor, 0o666 & ~_umask())
        else:
            _keep_identity(descriptor, target, info)
        os.fsync(descriptor)
        if expected is not None and not expected.matches(target):  # as late as possible before the rename
            raise _skip("the file changed after doclint read it; run doclint again")
        os.replace(temporary.path, target)
        temporary.renamed = True
        _fsync_directory(target.parent)
    finally:
        temporary.close()


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _keep_identity(descriptor: int, target: Path, info: os.stat_result) -> None:
    """Give the temporary file the target's owner, group, mode and extended attributes, or refuse."""
    if not hasattr(os, "fchown"):  # Windows: no owners or modes beyond read-only, which was checked
        return
    current = os.fstat(descriptor)
    if (current.st_uid, current.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.fchown(descriptor, info.st_uid, info.st_gid)
        except PermissionError:
            raise _skip(f"the file belongs to user {info.st_uid} and group {info.st_gid}, which a rewritten copy "
                        "could not keep") from None
    os.fchmod(descriptor, stat.S_IMODE(info.st_mode))  # after chown, which clears set-id bits
    _copy_extended_attributes(descriptor, target)


def _copy_extended_attributes(descriptor: int, target: Path) -> None:
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(target)
        present = set(os.listxattr(descriptor))
    except OSError as error:
        if error.errno in (errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)):
            return  # the file system keeps none
        raise
    try:
        for name in names:
            value = os.getxattr(target, name)
            if name not in present or os.getxattr(descriptor, name) != value:
                os.setxattr(descriptor, name, value)
        for name in present.difference(names):  # left on a reused temporary file
            os.removexattr(descriptor, name)
    except OSError as error:
        raise _skip(f"its extended attribute {name!r} could not be kept ({error.strerror or error})") from None


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable. Not every platform or file system can open or sync a directory; the rename has
    happened either way."""
    try:
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux), else set and restored."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temporary_name(name: str) -> str:
    """The temporary file that replaces the file called ``name`` in its directory: short whatever the name."""
    return f"{TEMPORARY_PREFIX}{hashlib.sha256(os.fsencode(name)).hexdigest()[:16]}{TEMPORARY_SUFFIX}"


class _Temporary:
    """The locked temporary file next to ``target``: created, or reused when a killed run left it."""

    def __init__(self, target: Path) -> None:
        self.path = target.parent / temporary_name(target.name)
        self.descriptor: int | None = None
        self.renamed = False

    def open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        if fcntl is None:
            flags |= os.O_EXCL
        for _ in range(3):  # another run may rename or remove it between our open and our lock
            try:
                descriptor = os.open(self.path, flags, 0o600)
            except FileExistsError:  # only without locks (O_EXCL)
                raise _skip(f"a temporary file is in the way ({self.path.name}); remove it if no doclint is "
                            "running") from None
            if fcntl is None or self._lock(descriptor):
                self.descriptor = descriptor
                os.ftruncate(descriptor, 0)
                return descriptor
        raise _skip("another doclint run is writing the file")

    def _lock(self, descriptor: int) -> bool:
        """Lock ``descriptor`` and check it is still the file at ``self.path``; close it and say False if not."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise _skip("another doclint run is writing the file") from None
        opened = os.fstat(descriptor)
        try:
            named = os.lstat(self.path)
        except FileNotFoundError:
            named = None
        if named is None or (named.st_dev, named.st_ino) != (opened.st_dev, opened.st_ino):
            os.close(descriptor)  # renamed into place by the run that held it: not ours to touch
            return False
        if not stat.S_ISREG(opened.st_mode) or opened.st_nlink != 1:
            os.close(descriptor)
            raise _skip(f"{self.path.name} is in the way and is not a temporary file doclint left") from None
        return True

    def close(self) -> None:
        if self.descriptor is None:
            return
        try:
            if not self.renamed:
                _unlink_if_same(self.path, self.descriptor)
        finally:
            os.close(self.descriptor)  # releases the lock
            self.descriptor = None


def _unlink_if_same(path: Path, descriptor: int) -> bool:
    """Remove ``path`` if it is still the file open as ``descriptor``; say whether it was removed."""
    try:
        named, opened = os.lstat(path), os.fstat(descriptor)
        if (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino):
            os.unlink(path)
            return True
    except OSError:
        pass
    return False


def remove_stale_temporary(path: Path) -> bool:
    """Remove the temporary file a killed run left for ``path`` (one ``lstat`` when there is none); one another
    run is using is left alone. Returns whether one was removed."""
    real = os.path.realpath(path)
    temporary = Path(os.path.dirname(real)) / temporary_name(os.path.basename(real))
    try:
        if not stat.S_ISREG(os.lstat(temporary).st_mode):
            return False
        descriptor = os.open(temporary, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # in use: BlockingIOError, an OSError
        return _unlink_if_same(temporary, descriptor)
    except OSError:
        return False
    finally:
        os.close(descriptor)


def unified_diff(display: str, before: str, after: str) -> str:
    """A unified diff that ``patch`` applies, with git's marker for a last line without a line break."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{display}", tofile=f"b/{display}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
