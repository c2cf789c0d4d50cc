"""Baselines: record today's findings so that only new ones are reported, for adopting doclint on a corpus.

A finding is keyed by path, rule code and a fingerprint of the text it is on (the normalised source line plus
an occurrence number among identical keys), never by line number, so edits elsewhere in the file do not
invalidate the baseline. The same fingerprint serves SARIF's ``partialFingerprints``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

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
    return hashlib.sha256(f"{code}\0{path}\0{text}\0{occurrence}".encode()).hexdigest()[:32]


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


def write_baseline(path: Path, violations: Sequence[Violation]) -> None:
    entries = [
        {"path": v.path, "code": v.code, "rule": v.rule, "fingerprint": fp, "message": v.message}
        for v, fp in zip(violations, fingerprints(violations))
    ]
    path.write_text(json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def read_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["findings"]
        return Counter((entry["path"], entry["code"], entry["fingerprint"]) for entry in entries)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SchemaError(str(path), None, f"not a doclint baseline file ({error})") from None


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
