"""Baselines: record today's findings so that only new ones are reported, for adopting doclint on a corpus.

A finding is keyed by path, rule code and a fingerprint of the text it is on (the normalised source line plus
an occurrence number among identical keys), never by line number, so edits elsewhere in the file do not
invalidate the baseline. The same fingerprint serves SARIF's ``partialFingerprints``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

from doclint.fixes import inside, replace_file
from doclint.schema import SchemaError
from doclint.violations import Violation

BASELINE_VERSION = 1


def fingerprint_key(violation: Violation) -> tuple[str, str, str]:
    """What a fingerprint hashes, before the occurrence number: path, rule code and the normalised line."""
    path = PurePath(violation.path).as_posix()  # the same fingerprint on every operating system
    return path, violation.code, " ".join(violation.source_line.split())


def fingerprint_of(key: tuple[str, str, str], occurrence: int) -> str:
    """The fingerprint of the ``occurrence``-th (1-based) violation with this ``fingerprint_key``."""
    path, code, text = key
    return hashlib.sha256(f"{code}\0{path}\0{text}\0{occurrence}".encode("utf-8", "surrogateescape")).hexdigest()[:32]


def fingerprints(violations: Sequence[Violation]) -> list[str]:
    """One stable fingerprint per violation, in the same order: the one the run gave it (``Violation.fingerprint``,
    numbered per file by the funnel), else computed here in the order given."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for violation in violations:
        if violation.fingerprint:
            result.append(violation.fingerprint)
            continue
        key = fingerprint_key(violation)
        seen[key] += 1
        result.append(fingerprint_of(key, seen[key]))
    return result


def write_baseline(path: Path, violations: Sequence[Violation], root: Path | None = None) -> None:
    """Record ``violations`` in the baseline file ``path``, atomically (a temporary file renamed over it, so a
    full disk or a kill leaves the old baseline whole), keeping an existing file's mode and owner.

    A path inside the repository (``root``: default, the git work tree around the working directory, else the
    working directory) that a symbolic link leads outside it is refused: a committed link must not make doclint
    overwrite a file elsewhere. A path named outside the repository is the user's choice. Raises
    ``SchemaError`` with a one-line message naming the file.
    """
    _refuse_link_leaving(path, root if root is not None else repository_root(Path.cwd()))
    entries = [
        {"path": v.path, "code": v.code, "rule": v.rule, "fingerprint": fp, "message": v.message}
        for v, fp in zip(violations, fingerprints(violations))
    ]
    data = json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"
    outcome = replace_file(path, data.encode("utf-8"), create=True)
    if not outcome.written:
        raise SchemaError(_shown(path), None, f"cannot write the baseline: {outcome.reason}")


def repository_root(start: Path) -> Path:
    """The git work tree containing ``start`` (a directory with ``.git``), else ``start``."""
    start = Path(os.path.abspath(start))
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def _refuse_link_leaving(path: Path, root: Path) -> None:
    named = os.path.abspath(path)
    if not inside(named, os.path.abspath(root)):
        return  # named outside the repository on purpose
    real = os.path.realpath(path)
    if not inside(real, os.path.realpath(root)):
        raise SchemaError(_shown(path), None, "cannot write the baseline: it is a symbolic link to a file outside "
                                              f"the repository ({_printable(real)})")


def _shown(path: Path) -> str:
    return _printable(str(path))


def _printable(path: str) -> str:
    from doclint.display import printable_path  # the walker's escaping; imported late, reporters import this module

    return printable_path(path)


def read_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    """The (path, code, fingerprint) entries of a baseline file and how often each occurs. Raises
    ``SchemaError`` with a plain one-line message naming the file when it cannot be read or is not a baseline."""
    shown = _shown(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(shown, None, f"cannot read the baseline: {error.strerror or error}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SchemaError(shown, None, "not a doclint baseline file: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise SchemaError(shown, error.lineno, f"not a doclint baseline file: invalid JSON at column {error.colno}"
                          ) from None
    except RecursionError:  # arrays nested thousands deep
        raise SchemaError(shown, None, "not a doclint baseline file: JSON nested too deeply") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SchemaError(shown, None, 'not a doclint baseline file: no "findings" list (write one with '
                                       "--write-baseline)")
    keys = []
    for number, entry in enumerate(entries, start=1):
        key = tuple(entry.get(name) for name in ("path", "code", "fingerprint")) if isinstance(entry, dict) else ()
        if len(key) != 3 or not all(isinstance(part, str) for part in key):
            raise SchemaError(shown, None, f"not a doclint baseline file: finding {number} is not an object with "
                                           "path, code and fingerprint strings")
        keys.append(key)
    return Counter(keys)  # type: ignore[arg-type]  # entries were validated field by field above


def filter_baseline(violations: Sequence[Violation], baseline: Counter[tuple[str, str, str]],
                    checked_paths: Iterable[str]) -> tuple[list[Violation], int, int]:
    """The violations not in the baseline, how many were hidden, and how many baseline entries (for the files
    checked this run) matched nothing any more."""
    remaining = Counter(baseline)
    kept = []
    hidden = 0
    for violation, fingerprint in zip(violations, fingerprints(violations)):
        key = (violation.path, violation.code, fingerprint)
        if remaining[key] > 0:
            remaining[key] -= 1
            hidden += 1
        else:
            kept.append(violation)
    checked = set(checked_paths)
    stale = sum(count for (path, _, _), count in remaining.items() if path in checked and count > 0)
    return kept, hidden, stale
