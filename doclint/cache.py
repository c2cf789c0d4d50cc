"""The result cache: a file whose content, rules and settings have not changed is not checked again.

An entry holds what a file's own check found before the run's filters (raw violations, the rules that failed,
its suppression directives, its cross-file units), so the funnel, the baseline and the corpus phase run as
usual on it. Its key hashes doclint's version, the file's path as reported, its text, the rules that apply to
it (every parameter) and the settings that change what is found.

Layout: ``.doclint_cache/<version>/<key[:2]>/<key>.json`` in the run's root (the directory of the run's
configuration file, else the directory holding every path checked), with a ``.gitignore`` and a ``CACHEDIR.TAG``
so neither git nor backups take it. Entries are written atomically (a temporary file, then a rename), so
concurrent runs never read half an entry; the last writer wins, and both wrote the same thing.

An entry is trusted only if it carries a valid HMAC made with a key kept outside the repository, in the user's
cache directory (``$XDG_CACHE_HOME/doclint/key``, created on first use, readable by the user alone). A cache
committed to a repository, copied from another machine, corrupt or written by another version is therefore
ignored, never believed: a forged entry cannot hide a finding. Entries are JSON, never pickle.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doclint import __version__
from doclint.corpus import LocatedUnit
from doclint.document import Position
from doclint.engine import FileOutcome, check_file
from doclint.files import SourceFile, read_source
from doclint.funnel import BaselineEntries, DirectiveSite, FileFilter
from doclint.ruledirs import builtin_rules_dir
from doclint.rules import RuleSet
from doclint.settings import FileSettings
from doclint.suppression import Directive
from doclint.violations import FileProblem, Fix, RelatedLocation, Severity, Violation

CACHE_DIRECTORY = ".doclint_cache"
FORMAT = 1  # of an entry; part of every key


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "doclint")


def cache_key_secret(directory: Path | None = None) -> bytes | None:
    """The user's HMAC key (made on first use), or None when it cannot be read or made (no cache then)."""
    directory = directory or user_cache_dir()
    path = directory / "key"
    try:
        secret = path.read_bytes()
        if len(secret) == 32:
            return secret
    except OSError:
        pass
    try:
        import secrets  # with tempfile, only for writing: a run without the cache never imports them
        import tempfile

        directory.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".key.")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secret)
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)  # never replace a key another run made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
        secret = path.read_bytes()
        return secret if len(secret) == 32 else None
    except OSError:
        return None


@dataclass(frozen=True)
class ResultCache:
    """Where entries live and the key that signs them. Picklable (sent to worker processes)."""

    directory: Path  # .../.doclint_cache
    secret: bytes

    @classmethod
    def open(cls, directory: Path, secret: bytes | None = None) -> ResultCache | None:
        """The cache in ``directory`` (made if need be), or None when it cannot be used (no key, nowhere to
        write)."""
        secret = secret if secret is not None else cache_key_secret()
        if secret is None:
            return None
        try:
            directory.mkdir(parents=True, exist_ok=True)
            if not (directory / ".gitignore").exists():
                (directory / ".gitignore").write_text("# Created by doclint: its result cache.\n*\n", encoding="utf-8")
                (directory / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# doclint's result cache (doclint clean removes it)\n",
                    encoding="utf-8")
        except OSError:
            return None
        return cls(directory, secret)

    def key(self, source: SourceFile, settings: FileSettings, text: str) -> str:
        digest = hashlib.sha256()
        for part in (code_fingerprint(), str(FORMAT), source.display, settings.paragraph_mode, str(settings.format),
                     str(settings.cross_file), repr(settings.regex_timeout), rules_fingerprint(settings.rules),
                     rules_fingerprint(settings.known_rules)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(text.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / __version__ / key[:2] / f"{key}.json"

    def _mac(self, key: str, payload: str) -> str:
        return hmac.new(self.secret, f"{key}\0{payload}".encode("utf-8", "surrogateescape"), "sha256").hexdigest()

    def load(self, key: str) -> dict[str, Any] | None:
        """The entry's payload, or None if it is missing, corrupt, foreign or forged."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8", errors="surrogateescape"))
            payload = entry["payload"]
            if not isinstance(payload, str) or not hmac.compare_digest(str(entry["mac"]), self._mac(key, payload)):
                return None
            data = json.loads(payload)
            return data if isinstance(data, dict) else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, key: str, data: Mapping[str, Any]) -> None:
        """Write an entry atomically; a cache that cannot be written is no error (the next run checks again)."""
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        text = json.dumps({"mac": self._mac(key, payload), "payload": payload}, ensure_ascii=False)
        path = self._path(key)
        import tempfile

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".entry.", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8", errors="surrogateescape") as handle:
                    handle.write(text)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            pass


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """doclint's version and a hash of its own code and built-in rule files (with their data files), so a
    changed checkout never reuses results of the code before (computed once per process: about 1 ms)."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for directory in (package, builtin_rules_dir()):
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".tsv", ".txt"):
                digest.update(str(path.relative_to(directory)).encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def rules_fingerprint(rules: RuleSet) -> str:
    """A hash of everything about ``rules`` that changes findings (memoised on the rule set)."""
    cached: str | None = rules.__dict__.get("_fingerprint")
    if cached is None:
        digest = hashlib.sha256()
        for rule in rules:
            digest.update(repr((rule.code, rule.name, rule.kind.name, rule.level.value, rule.message, rule.enabled,
                                rule.params, _file_digest(rule.source))).encode("utf-8", "surrogateescape"))
        cached = digest.hexdigest()
        object.__setattr__(rules, "_fingerprint", cached)  # frozen dataclass: memoise without a setter
    return cached


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def check_with_cache(cache: ResultCache, source: SourceFile, settings: FileSettings,
                     baseline: BaselineEntries | None) -> FileOutcome:
    """``engine.check_file`` (without fixes), answered from the cache when the entry is there and valid."""
    text = read_source(source, settings.max_file_size)
    if isinstance(text, FileProblem):
        return FileOutcome([], text)
    key = cache.key(source, settings, text)
    entry = cache.load(key)
    if entry is not None:
        outcome = _outcome_from_entry(entry, source, settings, baseline)
        if outcome is not None:
            return outcome
    outcome = check_file(source, settings, None, baseline, text, keep_raw=True)
    if outcome.problem is None and outcome.raw is not None and not outcome.rule_problems:  # a timeout may pass
        cache.store(key, _entry(outcome.raw, outcome))
        outcome.raw = None  # not sent back from a worker process
    return outcome


# --- entries: plain JSON ---------------------------------------------------------------------------------------


def _entry(raw: list[Violation], outcome: FileOutcome) -> dict[str, Any]:
    file_filter = outcome.filter
    return {
        "violations": [_violation_data(v) for v in raw],
        "failed": sorted(file_filter.failed) if file_filter is not None else [],
        "problems": [dataclasses.asdict(problem) for problem in outcome.rule_problems],
        "sites": [_site_data(site) for site in (file_filter.sites if file_filter is not None else ())],
        "units": {code: [dataclasses.asdict(unit) for unit in units] for code, units in outcome.units.items()},
    }


def _outcome_from_entry(entry: Mapping[str, Any], source: SourceFile, settings: FileSettings,
                        baseline: BaselineEntries | None) -> FileOutcome | None:
    try:
        raw = [_violation_from(item) for item in entry["violations"]]
        sites = tuple(_site_from(item) for item in entry["sites"])
        problems = tuple(FileProblem(**item) for item in entry["problems"])
        units = {code: [LocatedUnit(**unit) for unit in found] for code, found in entry["units"].items()}
        failed = frozenset(entry["failed"])
    except (KeyError, TypeError, ValueError):
        return None
    file_filter = FileFilter.with_sites(source.display, settings.rules, failed, sites, baseline)
    return FileOutcome(file_filter.keep(raw), None, 0, "", units, problems, file_filter)


def _violation_data(v: Violation) -> dict[str, Any]:
    data = v.to_dict()
    data["source_line"] = v.source_line
    data["fix"] = [v.fix.start, v.fix.end, v.fix.replacement] if v.fix is not None else None
    return data


def _violation_from(item: Mapping[str, Any]) -> Violation:
    fix = item["fix"]
    return Violation(
        path=item["path"], line=item["line"], column=item["column"], end_line=item["end_line"],
        end_column=item["end_column"], code=item["code"], rule=item["rule"], severity=Severity(item["severity"]),
        message=item["message"],
        related=tuple(RelatedLocation(r["path"], r["line"], r["column"]) for r in item["related"]),
        source_line=item["source_line"], fix=Fix(*fix) if fix is not None else None, data=item["data"])


def _site_data(site: DirectiveSite) -> dict[str, Any]:
    directive = dataclasses.asdict(site.directive)
    directive["codes"] = sorted(site.directive.codes) if site.directive.codes is not None else None
    return {"directive": directive, "start": [site.start.line, site.start.column],
            "end": [site.end.line, site.end.column], "source_line": site.source_line}


def _site_from(item: Mapping[str, Any]) -> DirectiveSite:
    fields = dict(item["directive"])
    fields["codes"] = frozenset(fields["codes"]) if fields["codes"] is not None else None
    fields["unknown"] = tuple(fields["unknown"])
    return DirectiveSite(Directive(**fields), Position(*item["start"]), Position(*item["end"]), item["source_line"])


def clean(root: Path) -> bool:
    """Remove the cache under ``root``; whether there was one."""
    import shutil

    directory = root / CACHE_DIRECTORY
    if not directory.is_dir() or directory.is_symlink():
        return False
    shutil.rmtree(directory)
    return True


