"""Measure ``doclint scan`` with the local and the Ray engine: wall time, CPU time (the driver and every process
it starts, Ray's included), CPU per record, the driver's peak memory, and the cluster size for 10 million
articles in an hour.

Inputs (built under a temporary directory, never in the repository):

- ``bbc``: the 2,225 BBC articles of /work/shared/eval/bbc-news.jsonl (title = headline, text = paragraphs);
- ``synthetic``: ``--records`` records (default 100,000) made from them with a fixed seed: each is a BBC article
  with about 30% of its words replaced by random BBC words (so it is no near copy of its source), except that 3%
  of its paragraphs and 2% of its titles are kept verbatim (copies across records, as syndication makes them).

Usage: python bench/scan_archive.py [--records N] [--cpus 2] [--only bbc|synthetic] [--engines local,ray]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BBC = Path("/work/shared/eval/bbc-news.jsonl")
SEED = 20261202
TICKS = os.sysconf("SC_CLK_TCK")


def build_inputs(directory: Path, records: int) -> dict[str, Path]:
    articles = [json.loads(line) for line in BBC.open(encoding="utf-8")]
    bbc = directory / "bbc.jsonl"
    with bbc.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps({"id": article["id"], "title": article["headline"],
                                     "text": "\n\n".join(article["paragraphs"]) + "\n"}) + "\n")
    rng = random.Random(SEED)
    vocabulary = sorted({word for article in articles for paragraph in article["paragraphs"]
                         for word in paragraph.split()})

    def perturbed(text: str, keep: float) -> str:
        if rng.random() < keep:
            return text
        return " ".join(rng.choice(vocabulary) if rng.random() < 0.3 else word for word in text.split())

    synthetic = directory / "synthetic.jsonl"
    with synthetic.open("w", encoding="utf-8") as handle:
        for index in range(records):
            article = articles[index % len(articles)]
            paragraphs = [perturbed(paragraph, 0.03) for paragraph in article["paragraphs"]]
            handle.write(json.dumps({"id": f"s{index:07d}", "title": perturbed(article["headline"], 0.02),
                                     "text": "\n\n".join(paragraphs) + "\n"}) + "\n")
    return {"bbc": bbc, "synthetic": synthetic}


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, stack = set(), [root]
    while stack:
        pid = stack.pop()
        found.add(pid)
        stack.extend(children.get(pid, ()))
    return found


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def measure(command: list[str]) -> dict[str, float]:
    """Run ``command``; its wall time and the CPU of its whole process tree (sampled every 0.2 s: a process
    that ends between samples loses at most 0.2 s), and what it printed as JSON on its last line."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    cpu: dict[int, float] = {}
    while process.poll() is None:
        for pid in _descendants(process.pid):
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                cpu[pid] = max(cpu.get(pid, 0.0), seconds)
        time.sleep(0.2)
    wall = time.monotonic() - started
    output = process.stdout.read() if process.stdout else ""
    if process.returncode:
        raise SystemExit(f"{command} failed ({process.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result.update(wall=wall, cpu=sum(cpu.values()))
    return result


def run_one(engine: str, source: str, output: str, cpus: int) -> None:
    """The measured child: one scan; prints the driver's peak memory, its own CPU and the summary's counts."""
    import resource

    from doclint.scan import Columns, OutputSpec, ScanRequest, run_scan
    from doclint.settings import CheckOptions

    summary = run_scan(ScanRequest((source,), Columns("text", "id", "title"), OutputSpec(output),
                                   CheckOptions(isolated=True, cross_file=True), engine, num_cpus=cpus))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"records": summary["records"], "findings": summary["findings"],
                      "driver_peak_mb": usage.ru_maxrss / 1024, "driver_cpu": usage.ru_utime + usage.ru_stime}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--only", choices=("bbc", "synthetic"))
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "INPUT", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(*args.child, args.cpus)
        return
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        inputs = build_inputs(directory, args.records)
        results: dict[tuple[str, str], dict[str, float]] = {}
        for name, source in inputs.items():
            if args.only and name != args.only:
                continue
            for engine in args.engines.split(","):
                out = directory / f"out-{name}-{engine}"
                result = measure([sys.executable, __file__, "--cpus", str(args.cpus), "--child", engine,
                                  str(source), str(out)])
                results[(name, engine)] = result
                print(f"{name:9} {engine:5} records {result['records']:>7,}  findings {result['findings']:>6,}  "
                      f"wall {result['wall']:7.1f} s  CPU {result['cpu']:7.1f} s  "
                      f"CPU/record {1000 * result['cpu'] / result['records']:.2f} ms  "
                      f"driver peak {result['driver_peak_mb']:.0f} MB", flush=True)
            if {(name, "local"), (name, "ray")} <= results.keys():
                local, ray = results[(name, "local")], results[(name, "ray")]
                same = all((directory / f"out-{name}-local" / part.name).read_bytes() == part.read_bytes()
                           for part in sorted((directory / f"out-{name}-ray").iterdir()))
                print(f"{name:9} ray/local CPU per record {ray['cpu'] / local['cpu']:.2f}x  "
                      f"({1000 * (ray['cpu'] - local['cpu']) / ray['records']:+.2f} ms per record); "
                      f"outputs byte-identical: {same}", flush=True)
        if ("synthetic", "ray") in results:
            ray = results[("synthetic", "ray")]
            per_record = ray["cpu"] / ray["records"]
            cores = 10_000_000 * per_record / 3600
            print(f"10 million articles in an hour at {1000 * per_record:.2f} ms CPU per record (ray, this machine): "
                  f"10e6 x {per_record:.5f} s / 3600 s = {cores:.0f} cores busy all hour")


if __name__ == "__main__":
    main()
