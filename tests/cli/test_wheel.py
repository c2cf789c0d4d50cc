"""The built wheel works on its own: installed into a fresh venv, `doclint` finds its built-in rules inside the
installed package (site-packages/doclint/rules), not in a source checkout. Slow: builds and installs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.slow

BAD_DOCUMENT = """\
# Harbour news

The harbour authority dredged the main channel last spring to let larger ships dock.

## Harbour news

The harbour authority dredged the main channel last spring to let larger ships dock.
"""
_SKIP_IN_COPY = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", "*.egg-info", "build", "dist",
                                       ".pytest_cache", ".hypothesis", ".work")


def _skipped_in_copy(basetemp: Path) -> Callable[[str, list[str]], set[str]]:
    """What the source copy leaves out, pytest's own temporary directory included: run with ``--basetemp``
    inside the checkout, the copy would otherwise copy itself, endlessly."""

    def skipped(directory: str, names: list[str]) -> set[str]:
        return set(_SKIP_IN_COPY(directory, names)) | {
            name for name in names if (Path(directory) / name).resolve() == basetemp}

    return skipped


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "GITHUB_ACTIONS")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ directory of a fresh venv with the wheel built from a copy of the source tree installed."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    shutil.copytree(REPO_ROOT, source, ignore=_skipped_in_copy(tmp_path_factory.getbasetemp().resolve()))
    dist = root / "dist"
    built = _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)], cwd=root)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [wheel] = list(dist.glob("doclint-*.whl"))
    shutil.rmtree(source)  # nothing may come from the source tree from here on

    venv = root / "venv"
    created = _run([sys.executable, "-m", "venv", str(venv)], cwd=root)
    assert created.returncode == 0, created.stderr
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=root)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return bin_dir


def test_wheel_contains_the_rules(installed: Path) -> None:
    [wheel] = list((installed.parent.parent / "dist").glob("doclint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    builtin = sorted(p.name for p in (REPO_ROOT / "rules").glob("*.yaml"))
    assert builtin and all(f"doclint/rules/{name}" in names for name in builtin)
    # the rule data read ahead for start-up (without it a start parses the YAML again: slower, same findings)
    assert {"doclint/rules/prepared-rules.json", "doclint/rules/DL003-unattributed-claim.required.json"} <= names
    assert not any(name.startswith(("tests/", "rules/")) for name in names)


def test_installed_doclint_check_fires_builtin_rules(tmp_path: Path, installed: Path) -> None:
    work = tmp_path / "outside"
    work.mkdir()
    (work / "bad.md").write_text(BAD_DOCUMENT)
    done = _run([str(installed / "doclint"), "check", "--format", "json", "bad.md"], cwd=work)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    found = [(v["line"], v["column"], v["code"], v["message"]) for v in json.loads(done.stdout)]
    assert found == [
        (5, 4, "DL002", "Heading 'Harbour news' repeats the title at line 1"),
        (7, 1, "DL001", "Paragraph duplicates the paragraph at line 3"),
    ]
    text = _run([str(installed / "doclint"), "check", "bad.md"], cwd=work)
    assert text.returncode == 1
    assert "bad.md:5:4: DL002 repeated-heading" in text.stdout
    assert "bad.md:7:1: DL001 duplicate-paragraph" in text.stdout


def test_installed_rules_come_from_site_packages(tmp_path: Path, installed: Path) -> None:
    listed = _run([str(installed / "doclint"), "rules"], cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any(line.startswith("DL001  duplicate-paragraph      error    ") for line in lines), listed.stdout
    assert any(line.startswith("DL002  repeated-heading         error    ") for line in lines), listed.stdout

    where = _run([str(installed / "python"), "-c",
                  "import doclint, doclint.rules as r; print(doclint.__file__); print(r.builtin_rules_dir()); "
                  "print('\\n'.join(rule.source for rule in r.load_rules()))"], cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    package_file, rules_dir, *sources = where.stdout.splitlines()
    venv = installed.parent.resolve()
    assert Path(package_file).resolve().is_relative_to(venv)
    assert Path(rules_dir).resolve().parts[-3:] == ("site-packages", "doclint", "rules")
    assert Path(rules_dir).resolve().is_relative_to(venv)
    assert sources and all(Path(source).resolve().parent == Path(rules_dir).resolve() for source in sources)
    # Nothing from the checkout (the venv itself may lie inside it when pytest runs with --basetemp there).
    assert not any(str(REPO_ROOT) in line and not Path(line).resolve().is_relative_to(venv)
                   for line in where.stdout.splitlines())


def test_installed_version_and_module_entry_point(tmp_path: Path, installed: Path) -> None:
    from doclint import __version__

    version = _run([str(installed / "doclint"), "--version"], cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"doclint, version {__version__}\n")
    (tmp_path / "bad.txt").write_text("Title\nBody text.\nTitle\n")
    module = _run([str(installed / "python"), "-m", "doclint", "check", "--format", "json", "bad.txt"], cwd=tmp_path)
    assert module.returncode == 1
    assert '"code": "DL002"' in module.stdout
