"""Coverage-guided fuzzing of the document parsers for a fixed time budget (issue 7).

    python bench/fuzz_parsers.py --seconds 300            # atheris (libFuzzer) when installed: pip install .[fuzz]
    python bench/fuzz_parsers.py --seconds 300 --engine hypothesis
    python bench/fuzz_parsers.py --seconds 300 --with-rules   # also run every rule on each input

Each input is turned into text (UTF-8 with the bytes that are not replaced, so NULs, lone CRs, BOMs and control
characters all reach the parsers) and parsed as Markdown and as plain text. Every document must keep the
invariants the rest of doclint relies on: the prose view has the text's length and its line breaks, blocks and
sentences lie inside the text in order, comment spans are comments, and positions map to existing lines and
columns. ``--with-rules`` also runs the built-in rules and the house style of ``examples/styles`` (every check
kind) and checks that each violation is located inside the file. Any exception is a finding.

With atheris the run is coverage-guided: the Python code of doclint is instrumented, the seed corpus is the test
fixtures and examples, and libFuzzer keeps inputs that reach new code in ``bench/.work/fuzz-corpus``. A finding
stops the run, and libFuzzer writes the input to ``crash-*`` in the working directory (replay it with
``--replay FILE``). Without atheris, hypothesis generates inputs from Markdown-shaped pieces for the same time.
The last lines printed say what ran: the engine, inputs tried, inputs per second, coverage (atheris), findings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
SEEDS = [ROOT / "tests" / "fixtures", ROOT / "examples"]
sys.path.insert(0, str(ROOT))


class Invariant(AssertionError):
    """An input broke something doclint relies on (distinct from a crash inside doclint)."""


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise Invariant(what)


def check_text(text: str, rules: object | None) -> None:
    """Parse ``text`` both ways and check the document invariants (and, with ``rules``, every violation)."""
    from doclint.engine import lint_text
    from doclint.parsing import parse_document

    for fmt, path in (("markdown", "fuzz.md"), ("text", "fuzz.txt")):
        document = parse_document(text, path, fmt)
        normal = document.text
        _check(len(document.prose) == len(normal), f"{fmt}: prose length differs from the text's")
        _check(all(p == t or p == " " for p, t in zip(document.prose, normal)), f"{fmt}: prose is not text or blanks")
        _check(document.prose.count("\n") == normal.count("\n"), f"{fmt}: prose lost line breaks")
        previous = -1
        for block in document.blocks:
            _check(0 <= block.start <= block.end <= len(normal), f"{fmt}: block outside the text: {block}")
            _check(block.start >= previous, f"{fmt}: blocks out of order at {block}")
            _check(block.parent is None or 0 <= block.parent < len(document.blocks), f"{fmt}: bad parent {block}")
            previous = block.start
        for sentence in document.sentences:
            block = document.blocks[sentence.block]
            _check(block.start <= sentence.start < sentence.end <= block.end, f"{fmt}: sentence outside its block")
        for start, end in document.comments:
            _check(0 <= start < end <= len(normal), f"{fmt}: comment span outside the text")
        lines = normal.split("\n")
        for offset in (0, len(normal) // 2, len(normal)):
            position = document.position(offset)
            _check(1 <= position.line <= len(lines) and 1 <= position.column <= len(lines[position.line - 1]) + 1,
                   f"{fmt}: offset {offset} maps to {position}")
        if rules is not None:
            for violation in lint_text(text, path=path, format=fmt, rules=rules, select=["ALL"]):  # type: ignore[arg-type]
                _check(1 <= violation.line <= violation.end_line <= len(lines), f"violation off the file: {violation}")
                _check(1 <= violation.column <= len(lines[violation.line - 1]) + 1, f"column off the line: {violation}")


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def seed_inputs() -> list[bytes]:
    seeds = []
    for folder in SEEDS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".md", ".txt", ".markdown"):
                seeds.append(path.read_bytes()[:4096])
    return seeds


def load_all_rules():  # type: ignore[no-untyped-def]
    from doclint.rules import load_rules

    styles = ROOT / "examples" / "styles"
    return load_rules(sorted(p for p in styles.iterdir() if p.is_dir()) if styles.is_dir() else [])


def run_atheris(seconds: int, with_rules: bool, max_len: int) -> int:
    """libFuzzer ends the process when its time is up, so it runs in a child process and this one reports."""
    import re
    import subprocess

    corpus = WORK / "fuzz-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(seed_inputs()):
        (corpus / f"seed-{index:03}").write_bytes(seed)
    before = sum(1 for _ in corpus.iterdir())
    command = [sys.executable, __file__, "--child", str(seconds), "--max-len", str(max_len)]
    command += ["--with-rules"] if with_rules else []
    print(f"atheris (libFuzzer): fuzzing doclint's parsers{' and rules' if with_rules else ''} for {seconds} s; "
          f"corpus {corpus.relative_to(ROOT)} ({before} inputs)", flush=True)
    started = time.monotonic()
    child = subprocess.run(command, cwd=WORK, capture_output=True, text=True, errors="replace")
    elapsed = time.monotonic() - started
    log = child.stdout + child.stderr
    (WORK / "fuzz-last.log").write_text(log)
    stat = dict(re.findall(r"stat::(\w+):\s+(\d+)", log))
    coverage = re.findall(r"cov: (\d+) ft: (\d+)", log)
    crashes = re.findall(r"Test unit written to (\S+)", log)
    failure = [line for line in log.splitlines() if "Traceback" in line or "Error" in line or "Invariant" in line]
    runs = int(stat.get("number_of_executed_units", 0))
    print(f"ran {runs} inputs in {elapsed:.0f} s ({runs / max(elapsed, 1e-9):.0f}/s); slowest input "
          f"{stat.get('slowest_unit_time_sec', '?')} s; coverage "
          f"{coverage[-1][0] + ' edges, ' + coverage[-1][1] + ' features' if coverage else 'unknown'}; corpus "
          f"{before} -> {sum(1 for _ in corpus.iterdir())} inputs; log {(WORK / 'fuzz-last.log').relative_to(ROOT)}")
    if crashes or child.returncode:
        print(f"FINDING: exit {child.returncode}; input saved as {', '.join(crashes) or '?'} (in "
              f"{WORK.relative_to(ROOT)}); replay with --replay. " + " | ".join(failure[-3:]))
        return 1
    print("findings: none")
    return 0


def _atheris_child(seconds: int, with_rules: bool, max_len: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["doclint"]):
        import doclint.engine  # noqa: F401
        import doclint.parsing  # noqa: F401
        import doclint.parsing.markdown  # noqa: F401
        import doclint.parsing.plaintext  # noqa: F401
        import doclint.sentences  # noqa: F401

    rules = load_all_rules() if with_rules else None

    def target(data: bytes) -> None:
        check_text(decode(data), rules)

    argv = [sys.argv[0], str(WORK / "fuzz-corpus"), f"-max_total_time={seconds}", f"-max_len={max_len}",
            "-print_final_stats=1", "-timeout=20", "-rss_limit_mb=4096", "-print_pcs=0"]
    atheris.Setup(argv, target)
    atheris.Fuzz()


def run_hypothesis(seconds: int, with_rules: bool) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    rules = load_all_rules() if with_rules else None
    pieces = st.sampled_from(
        list("ab AB.!?\"“”'#->*_`|[]()<>+=~\\\n\n\t\r\0\x0b\x0c1é中:,") +
        ["```", "~~~", "---", "+++", "    ", "U.S.", "<!--", "-->", "| --- |", "| a | b |\n", "[x](y)", "![i](s)",
         "===", "1. ", "- ", "> ", "# ", "\r\n", "e\u0301", "🎉", "\ufeff", "\u2028", "<div>", "</div>", "&amp;",
         "[^1]", "[^1]: note\n", "- [ ] ", "***", "<http://x>", "\\*", "``", "$$"])
    seeds = [decode(seed) for seed in seed_inputs()]
    texts = st.one_of(st.lists(pieces, max_size=80).map("".join), st.text(max_size=300),
                      st.sampled_from(seeds) if seeds else st.just(""),
                      st.tuples(st.sampled_from(seeds or [""]), st.lists(pieces, max_size=10).map("".join),
                                st.integers(0, 4096)).map(lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:]))
    count = [0]
    slowest = [0.0, ""]

    @settings(max_examples=500, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(texts)
    def batch(text: str) -> None:
        count[0] += 1
        started = time.perf_counter()
        check_text(text, rules)
        took = time.perf_counter() - started
        if took > slowest[0]:
            slowest[:] = [took, text]

    print(f"hypothesis: generating inputs for doclint's parsers{' and rules' if with_rules else ''} for {seconds} s",
          flush=True)
    started = time.monotonic()
    findings = 0
    while time.monotonic() - started < seconds:
        try:
            batch()
        except Exception as error:  # hypothesis has shrunk it already: report and go on
            findings += 1
            print(f"FINDING {findings}: {type(error).__name__}: {error}", flush=True)
    elapsed = time.monotonic() - started
    print(f"ran {count[0]} inputs in {elapsed:.0f} s ({count[0] / elapsed:.0f}/s); slowest input {slowest[0]:.3f} s "
          f"({len(slowest[1])} characters); findings: {findings or 'none'}")
    return 1 if findings else 0


def replay(path: Path, with_rules: bool) -> int:
    text = decode(path.read_bytes())
    print(f"replaying {path} ({len(text)} characters): {text[:200]!r}")
    check_text(text, load_all_rules() if with_rules else None)
    print("no finding")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="time budget (default 60)")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--with-rules", action="store_true", help="also run every rule on each input")
    parser.add_argument("--max-len", type=int, default=4096, help="longest input in bytes (atheris)")
    parser.add_argument("--replay", type=Path, help="check one saved input (e.g. a crash-* file) and exit")
    parser.add_argument("--fresh", action="store_true", help="start from the seeds, not the saved corpus")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # the atheris process itself
    args = parser.parse_args()
    if args.child is not None:
        _atheris_child(args.child, args.with_rules, args.max_len)
        return 0
    if args.replay:
        return replay(args.replay, args.with_rules)
    if args.fresh and (WORK / "fuzz-corpus").exists():
        shutil.rmtree(WORK / "fuzz-corpus")
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"python {sys.version.split()[0]}, pid {os.getpid()}, engine {engine}", flush=True)
    if engine == "atheris":
        return run_atheris(args.seconds, args.with_rules, args.max_len)
    return run_hypothesis(args.seconds, args.with_rules)


if __name__ == "__main__":
    sys.exit(main())
