"""The measurements behind ``doclint/safe_regex.py``: which regex engine runs the patterns users write in rules.

    python bench/regex_engines.py [--limit SECONDS]

1. Catastrophic backtracking: each pattern against its text with ``re``, ``regex``, ``regex`` with a 0.5 s
   timeout, and RE2 (``google-re2``, when installed). Every measurement runs in its own process, killed after
   ``--limit`` seconds (default 5), since ``re`` cannot be interrupted.
2. What RE2 cannot do: the constructs doclint's rules use that it refuses, and how its ``\\w`` differs.
3. Compiling a 100,000-word trie (the shape ``wordlists`` gives word lists) with ``re`` and ``regex``.
4. DL003 over the BBC news set (``../shared/eval/bbc-news.jsonl``, when present) with its patterns on ``re`` and
   on ``regex``: the cost of running the built-in patterns on the safe engine.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
BBC = SHARED / "eval" / "bbc-news.jsonl"
CASES = [
    ("(a+)+$", "'a' * 50 + 'b'"),
    ("(a|a)+$", "'a' * 50 + 'b'"),
    ("(a|aa)+$", "'a' * 60 + 'b'"),
    (r"(\w+\s?)+$", "'word ' * 20 + '!'"),
    ("(x+x+)+y", "'x' * 40"),
    (r"^(([a-z])+.)+[A-Z]([a-z])+$", "'a' * 30 + '!'"),
]
RUN = {
    "re": "import re; re.search({p!r}, {t})",
    "regex": "import regex; regex.search({p!r}, {t})",
    "regex+timeout": "import regex\ntry: regex.search({p!r}, {t}, timeout=0.5)\nexcept TimeoutError: print('stopped')",
    "RE2": "import re2; re2.search({p!r}, {t})",
}


def timed(code: str, limit: float) -> str:
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", "import time; s = time.perf_counter()\n" + code +
                               "\nprint(round(time.perf_counter() - s, 4))"],
                              capture_output=True, text=True, timeout=limit + 2)
    except subprocess.TimeoutExpired:
        return f"> {limit:g} s"
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return "not installed" if "ModuleNotFoundError" in last else f"error: {last[:40]}"
    lines = done.stdout.split()
    if time.monotonic() - started > limit:
        return f"> {limit:g} s"
    return f"stopped at {lines[-1]} s" if "stopped" in lines else f"{lines[-1]} s"


def backtracking(limit: float) -> None:
    print("1. catastrophic backtracking (each in its own process)")
    print(f"   {'pattern, text':<42}" + "".join(f"{name:>21}" for name in RUN))
    for pattern, text in CASES:
        cells = [timed(RUN[name].format(p=pattern, t=text), limit) for name in RUN]
        print(f"   {pattern + ', ' + text:<42}" + "".join(f"{cell:>21}" for cell in cells), flush=True)


def re2_limits() -> None:
    print("2. RE2 on what doclint's rules use")
    try:
        import re2  # type: ignore[import-not-found]
    except ImportError:
        print("   google-re2 not installed")
        return
    for construct in (r"(?<!\w)word(?!\w)", r"\b(?=(cue))", r"(?P<w>\w+) (?P=w)", r"(\w+) \1"):
        try:
            re2.compile(construct)
            verdict = "accepted"
        except Exception as error:  # noqa: BLE001
            verdict = f"refused ({str(error)[:50]})"
        print(f"   {construct:<24} {verdict}")
    import re

    words = r"\w+"
    print(f"   {words} on 'café naïve': re {re.findall(words, 'café naïve')}, RE2 {re2.findall(words, 'café naïve')}")


def tries() -> None:
    sys.path.insert(0, str(ROOT))
    import re

    import regex

    from doclint.wordlists import literal_regex

    rng = random.Random(1)
    words = sorted({"".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(4, 12))) for _ in range(100_000)})
    source = literal_regex(words, True)
    print(f"3. a {len(words):,}-word trie ({len(source):,} characters of regex)")
    for module in (re, regex):
        started = time.perf_counter()
        module.compile(source, module.IGNORECASE)
        print(f"   compile with {module.__name__:<6} {time.perf_counter() - started:.2f} s")
    try:
        import re2  # type: ignore[import-not-found]

        re2.compile("(?i)" + source)
        print("   RE2: compiled")
    except ImportError:
        pass
    except Exception as error:  # noqa: BLE001
        print(f"   RE2: {str(error)[:60]}")


def dl003() -> None:
    if not BBC.is_file():
        print(f"4. skipped: {BBC} not found")
        return
    code = f"""
import json, re, sys, time, types
sys.path.insert(0, {str(ROOT)!r})
import regex
from doclint.rules import load_rules
from doclint.parsing import parse_document
import doclint.checks.attribution as attribution
import doclint.safe_regex as safe
if sys.argv[1] == "regex":  # every pattern of the rule on regex, as a user's copy of DL003 would run
    safe.shipped_patterns.cache_clear()
    safe.shipped_patterns = lambda: frozenset()
    attribution.compile_user_pattern.__globals__["shipped_patterns"] = safe.shipped_patterns
docs = [parse_document(d["headline"] + "\\n\\n" + "\\n\\n".join(d["paragraphs"]) + "\\n", "a.md")
        for d in map(json.loads, open({str(BBC)!r}))]
for d in docs: d.sentences
rule = load_rules().find("DL003")
started = time.perf_counter()
prepared = rule.kind.prepare(rule.params)
found = sum(len(list(rule.kind.run(d, prepared))) for d in docs)
print(f"{{time.perf_counter() - started:.2f}} s, {{found}} findings")
"""
    print(f"4. DL003 over {sum(1 for _ in BBC.open())} BBC articles")
    for engine in ("re", "regex"):
        done = subprocess.run([sys.executable, "-c", code, engine], capture_output=True, text=True)
        print(f"   patterns on {engine:<6} {done.stdout.strip() or done.stderr.strip().splitlines()[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=float, default=5.0, help="seconds before a measurement is stopped")
    args = parser.parse_args()
    backtracking(args.limit)
    re2_limits()
    tries()
    dl003()


if __name__ == "__main__":
    main()
