"""Speed and memory on a real Markdown corpus, side by side with a Python floor and peer linters, in one run.

    python bench/corpus_speed.py [--corpus DIR] [--runs N] [--install-peers] [--skip-scaling]

Default corpus: ../shared/corpora/powershell-docs (3,096 files, 33 MB). Every measurement is a separate
process; the table gives wall time, CPU time (user + system of the process and its children), peak memory
(the largest sum of resident memory over the process tree, sampled every 20 ms) and MB/s, the median of
``--runs`` runs, and each figure's ratio to the floor:

- floor: Python reads every file and runs one compiled word-list regex over it;
- doclint, default rules, per file (all cores), cold (``--no-cache``);
- doclint --cross-file, cold;
- doclint warm: a copy of the corpus in ``bench/.work/corpus`` checked once to fill the cache (in
  ``bench/.work/cache``), then one file changed and the run timed;
- rumdl (a Rust Markdown linter; cold, ``--no-cache``), proselint and markdownlint-cli2, when installed.
  ``--install-peers`` installs them into ``bench/.work/peers`` (a virtual environment with rumdl and proselint
  from PyPI, and markdownlint-cli2 from npm), nowhere else; without it, peers found on PATH are used and
  missing ones are reported as skipped.

Then start-up time on one small file next to ``python -c "import click, yaml, rapidfuzz"``, and a scaling
table for doclint (per file and --cross-file) on 10%, 30% and 100% of the files.

Every command runs with Python's bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed, the cache kept in
``bench/.work/pycache`` by ``PYTHONPYCACHEPREFIX``) after one warm-up run, as an installed doclint runs (pip
compiles a wheel's modules at install; click, PyYAML and rapidfuzz of the floor have theirs). Without it, each
start compiles doclint's sources again (about 0.13 s here): the start-up line says what that costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = SHARED / "corpora" / "powershell-docs"
PEERS = ROOT / "bench" / ".work" / "peers"
PYCACHE = ROOT / "bench" / ".work" / "pycache"
FLOOR = r"""
import re, sys
from pathlib import Path
pattern = re.compile(r"\b(?:very|really|basically|actually|obviously|clearly|simply|just)\b", re.I)
count = 0
for name in open(sys.argv[1], encoding="utf-8").read().splitlines():
    count += len(pattern.findall(Path(name).read_text(encoding="utf-8", errors="replace")))
print(count)
"""


@dataclass
class Measurement:
    wall: float
    cpu: float
    peak_mib: float


def _tree_rss_kib(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def bytecode_environment(cached: bool = True) -> dict[str, str]:
    """The environment of the measured commands: with the bytecode cache in ``bench/.work/pycache``, or (not
    ``cached``) with writing it switched off, so that doclint's sources are compiled at every start."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.pop("PYTHONPYCACHEPREFIX", None)
    if cached:
        environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE.parent / "no-pycache")  # empty: nothing to reuse
    return environment


def measure(command: list[str], cwd: Path | None = None, cached_bytecode: bool = True) -> Measurement:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=bytecode_environment(cached_bytecode))
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kib(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = 0
    return Measurement(wall, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss) / 1024)


def median_of(runs: int, command: list[str], cwd: Path | None = None, cached_bytecode: bool = True) -> Measurement:
    results = [measure(command, cwd, cached_bytecode) for _ in range(runs)]
    return Measurement(statistics.median(r.wall for r in results), statistics.median(r.cpu for r in results),
                       statistics.median(r.peak_mib for r in results))


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".md", ".markdown") and p.is_file())


def file_list(files: list[Path], share: float, work: Path) -> Path:
    chosen = files if share >= 1 else [files[i] for i in range(0, len(files), round(1 / share))]
    target = work / f"files-{int(share * 100)}.txt"
    target.write_text("\n".join(str(p) for p in chosen) + "\n", encoding="utf-8")
    return target


def doclint_command(listing: Path, *extra: str) -> list[str]:
    """A cold run (no cache) over the files listed."""
    files = listing.read_text(encoding="utf-8").split()
    return [sys.executable, "-m", "doclint", "check", "--isolated", "--exit-zero", "-q", "--format", "concise",
            "--no-cache", *extra, *files]


def warm_run(corpus: Path, work: Path, runs: int) -> Measurement:
    """doclint on a copy of the corpus whose cache is full, after one file changed (median of ``runs``)."""
    copy, cache = work / "corpus", work / "cache"
    for stale in (copy, cache):
        if stale.exists():
            shutil.rmtree(stale)
    shutil.copytree(corpus, copy)
    command = [sys.executable, "-m", "doclint", "check", "--isolated", "--exit-zero", "-q", "--format", "concise",
               "--cache-dir", str(cache), str(copy)]
    measure(command)  # fills the cache
    changed = next(p for p in corpus_files(copy))
    results = []
    for run in range(runs):
        changed.write_text(changed.read_text(encoding="utf-8") + f"\nOne more paragraph, edit {run}.\n",
                           encoding="utf-8")
        results.append(measure(command))
    return Measurement(statistics.median(r.wall for r in results), statistics.median(r.cpu for r in results),
                       statistics.median(r.peak_mib for r in results))


def install_peers() -> None:
    PEERS.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(PEERS / "venv")], check=True)
    subprocess.run([str(PEERS / "venv" / "bin" / "pip"), "install", "--quiet", "proselint", "rumdl"], check=True)
    subprocess.run(["npm", "install", "--silent", "--prefix", str(PEERS / "node"), "markdownlint-cli2"], check=True)


def peer_commands(corpus: Path, listing: Path) -> dict[str, tuple[list[str], Path | None]]:
    peers: dict[str, tuple[list[str], Path | None]] = {}
    files = listing.read_text(encoding="utf-8").split()
    rumdl = PEERS / "venv" / "bin" / "rumdl"
    rumdl_path = str(rumdl) if rumdl.exists() else shutil.which("rumdl")
    if rumdl_path:
        peers["rumdl (cold)"] = ([rumdl_path, "check", "--no-cache", "--isolated", "."], corpus)
    proselint = PEERS / "venv" / "bin" / "proselint"
    proselint_path = str(proselint) if proselint.exists() else shutil.which("proselint")
    if proselint_path:
        peers["proselint"] = ([proselint_path, "check", *files], None)
    markdownlint = PEERS / "node" / "node_modules" / ".bin" / "markdownlint-cli2"
    markdownlint_path = str(markdownlint) if markdownlint.exists() else shutil.which("markdownlint-cli2")
    if markdownlint_path:
        peers["markdownlint-cli2"] = ([markdownlint_path, "**/*.md"], corpus)
    return peers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--install-peers", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args()
    if args.install_peers:
        install_peers()
    work = ROOT / "bench" / ".work"
    work.mkdir(parents=True, exist_ok=True)
    files = corpus_files(args.corpus)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    everything = file_list(files, 1.0, work)
    one = work / "one.md"
    one.write_text("# Title\n\nOne short paragraph of text.\n", encoding="utf-8")
    measure([sys.executable, "-m", "doclint", "check", "--isolated", "--no-cache", "-q", str(one)])  # bytecode
    print(f"corpus: {args.corpus} — {len(files)} files, {megabytes:.1f} MB; {os.cpu_count()} cores; "
          f"median of {args.runs} runs; load average {os.getloadavg()[0]:.2f}")

    rows: list[tuple[str, Measurement | None]] = [
        ("Python floor (read + one regex)", median_of(args.runs, [sys.executable, "-c", FLOOR, str(everything)])),
        ("doclint, default rules, per file", median_of(args.runs, doclint_command(everything))),
        ("doclint --cross-file", median_of(args.runs, doclint_command(everything, "--cross-file"))),
        ("doclint warm (cache, 1 file changed)", warm_run(args.corpus, work, args.runs)),
    ]
    peers = peer_commands(args.corpus, everything)
    for name in ("rumdl (cold)", "proselint", "markdownlint-cli2"):
        if name in peers:
            command, cwd = peers[name]
            runs = args.runs if name.startswith("rumdl") else 1  # the others are slow: one run each
            rows.append((name, median_of(runs, command, cwd)))
        else:
            rows.append((f"{name} (not installed; --install-peers)", None))

    floor = rows[0][1]
    assert floor is not None
    rumdl = dict(rows).get("rumdl (cold)")
    print(f"\n{'tool':<38} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'MB/s':>7} {'x floor':>8} {'x rumdl':>8}")
    for name, result in rows:
        if result is None:
            print(f"{name:<38} {'—':>8}")
            continue
        versus = f"{result.wall / rumdl.wall:>8.2f}" if rumdl is not None else f"{'—':>8}"
        print(f"{name:<38} {result.wall:>8.2f} {result.cpu:>8.2f} {result.peak_mib:>9.0f} "
              f"{megabytes / result.wall:>7.1f} {result.wall / floor.wall:>8.1f} {versus}")

    print("\nstart-up, one small Markdown file (median of 5 runs; wall s, cpu s)")
    imports = median_of(5, [sys.executable, "-c", "import click, yaml, rapidfuzz"])
    single_command = [sys.executable, "-m", "doclint", "check", "--isolated", "--no-cache", "-q", str(one)]
    single = median_of(5, single_command)
    uncached = median_of(5, single_command, cached_bytecode=False)
    print(f"python -c 'import click, yaml, rapidfuzz': {imports.wall:.3f} s, {imports.cpu:.3f} s; doclint check "
          f"one.md: {single.wall:.3f} s, {single.cpu:.3f} s = {single.wall / imports.wall:.1f}x wall, "
          f"{single.cpu / imports.cpu:.1f}x CPU; without the bytecode cache: {uncached.wall:.3f} s, "
          f"{uncached.cpu:.3f} s = {uncached.wall / imports.wall:.1f}x wall")
    print(f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")

    if args.skip_scaling:
        return
    print(f"\nscaling (doclint, median of {args.runs})")
    print(f"{'share':>6} {'files':>6} {'MB':>6} {'per file s':>11} {'s per MB':>9} {'cross-file s':>13} {'s per MB':>9}")
    for share in (0.1, 0.3, 1.0):
        listing = file_list(files, share, work)
        chosen = listing.read_text(encoding="utf-8").split()
        size = sum(Path(p).stat().st_size for p in chosen) / 1e6
        per_file = median_of(args.runs, doclint_command(listing))
        cross = median_of(args.runs, doclint_command(listing, "--cross-file"))
        print(f"{share:>6.0%} {len(chosen):>6} {size:>6.1f} {per_file.wall:>11.2f} {per_file.wall / size:>9.3f} "
              f"{cross.wall:>13.2f} {cross.wall / size:>9.3f}")


if __name__ == "__main__":
    main()
