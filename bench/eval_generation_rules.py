"""Noise, planted recall and cost of the rules for machine-generated and templated copy (DL004-DL008).

    python bench/eval_generation_rules.py [noise|recall|cost|all] [--seed N] [--dump FILE] [--eval-dir DIR]
                                          [--corpus DIR]

- ``noise``: every finding of DL004-DL008 on all 2,225 BBC articles (``../shared/eval/bbc-news.jsonl``, each
  written as plain text: headline, then one paragraph per line) and on the PowerShell documentation
  (``../shared/corpora/powershell-docs``, Markdown). Prints the counts per rule and corpus, findings per 1,000
  lines of the docs, and writes every finding with its line to ``--dump`` (default
  ``$TMPDIR/doclint-bench/generation-findings.txt``) for reading: the figures in the issue note come from
  reading that file, finding by finding.
- ``recall``: a generator plants one defect of each class into a random BBC article (a fixed ``--seed``; default
  13), in several phrasings per class drawn from families (placeholders, the model talking, a cut-off end,
  markup residue, a doubled word), and checks that the rule of that class reports a finding on the planted line.
  Prints recall per class and the misses.
- ``cost``: the CPU time of all built-in rules against all but DL004-DL008 over the BBC articles (parsed once,
  the two rule sets run alternately 7 times, the best run of each kept), the share the five rules add, and
  each of the five alone; then the same on ``--docs-sample`` files of the PowerShell documentation (a sample
  drawn with ``--seed``; 0 skips it), with every other built-in rule alone for comparison.

The data is read from ``../shared`` and never copied into the project; articles are written under $TMPDIR.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from doclint.document import Document
from doclint.engine import check_document
from doclint.parsing import parse_document
from doclint.rules import RuleSet, load_rules
from doclint.run import check_paths
from doclint.settings import CheckOptions
from doclint.violations import Violation
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "doclint-bench"
# ../shared beside the checkout (the main checkout), or two levels up (a worktree under wt/).
CODES = ("DL004", "DL005", "DL006", "DL007", "DL008")


def read_articles(eval_dir: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (eval_dir / "bbc-news.jsonl").open(encoding="utf-8")]


def article_text(article: dict[str, object]) -> str:
    return str(article["headline"]) + "\n" + "\n".join(article["paragraphs"]) + "\n"  # type: ignore[arg-type]


def write_articles(articles: list[dict[str, object]]) -> Path:
    target = WORK / "bbc-generation"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for article in articles:
        (target / (str(article["id"]).replace("/", "_") + ".txt")).write_text(article_text(article), encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------------------- noise


def noise(eval_dir: Path, corpus: Path, dump: Path) -> None:
    options = CheckOptions(select=CODES, isolated=True)
    bbc = write_articles(read_articles(eval_dir))
    lines_out: list[str] = []
    for name, path in (("BBC", bbc), ("docs", corpus)):
        started = time.perf_counter()
        result = check_paths([str(path)], options=options)
        elapsed = time.perf_counter() - started
        files = sorted({v.path for v in result.violations})
        line_count = sum(len(p.read_text(encoding="utf-8").splitlines())
                         for p in path.rglob("*") if p.suffix in (".md", ".txt"))
        counts = Counter(v.code for v in result.violations)
        per_thousand = {code: counts[code] / line_count * 1000 for code in CODES}
        print(f"{name}: {result.files_checked} files, {line_count} lines, {len(result.violations)} findings "
              f"in {len(files)} files ({elapsed:.1f} s)")
        for code in CODES:
            print(f"  {code}: {counts[code]:4d}  ({per_thousand[code]:.3f} per 1,000 lines)")
        for v in sorted(result.violations, key=lambda v: (v.code, v.path, v.line, v.column)):
            lines_out.append(f"{name}\t{v.code}\t{v.path}:{v.line}:{v.column}\t{v.message}\n    | "
                             f"{_window(v.source_line, v.column)}")
    dump.parent.mkdir(parents=True, exist_ok=True)
    dump.write_text("\n".join(lines_out) + "\n", encoding="utf-8")
    print(f"every finding, for reading: {dump}")


def _window(line: str, column: int, width: int = 110) -> str:
    start = max(0, column - 1 - width // 2)
    return ("…" if start else "") + line[start : start + width] + ("…" if start + width < len(line) else "")


# --------------------------------------------------------------------------------------------------- recall


@dataclass(frozen=True)
class Planted:
    text: str
    lines: range  # 1-based lines of the paragraph holding the planted defect (where the rule must report)
    mark: str = ""  # what was planted, for the list of misses


Planter = Callable[[random.Random, list[str]], Planted]


def _pick(rng: random.Random, *families: list[str]) -> str:
    return rng.choice(rng.choice(families))


def _body_line(rng: random.Random, paragraphs: list[str]) -> int:
    return rng.randrange(len(paragraphs))


def _assemble(headline: str, paragraphs: list[str], index: int, mark: str) -> Planted:
    """The article as a file; some BBC paragraphs hold line breaks, so the planted one may span lines."""
    first = 2 + headline.count("\n") + sum(p.count("\n") + 1 for p in paragraphs[:index])
    return Planted(headline + "\n" + "\n".join(paragraphs) + "\n",
                   range(first, first + paragraphs[index].count("\n") + 1), mark)


_NAMES = ["the mayor", "a spokesperson", "the chief executive", "an analyst", "the minister"]
_SLOTS = ["name", "date", "quote", "figure", "source", "link", "title", "location", "company name", "statistic",
          "job title", "city", "number", "percentage", "photo", "headline", "amount", "venue", "email address"]


def plant_placeholder(rng: random.Random, headline: str, paragraphs: list[str]) -> Planted:
    slot = rng.choice(_SLOTS)
    verb = rng.choice(["Insert", "insert", "Add", "add", "Include", "Enter", "Fill in", "Provide", "Cite",
                       "Confirm", "Paste", "Update"])
    who = rng.choice(_NAMES)
    bracketed = [
        f"[{verb} {slot} here]", f"[{verb} quote from {who}]", f"[{slot.upper()}]", f"[{slot.title()}]",
        f"[{slot}]", f"[Your {slot}]", f"[{verb} {slot}]", f"[{slot.upper().replace(' ', '_')}]",
        f"[Expert's {slot}]", f"[{slot.capitalize()} of {who}]", f"[{verb} relevant {slot}]", f"[{slot} TBC]",
        f"<{verb.lower()} {slot}>", f"[{slot.capitalize()} {rng.randint(1, 5)}]",
    ]
    templated = ["{{" + slot.replace(" ", "_") + "}}", "{{ " + slot.replace(" ", "_") + " }}",
                 "${" + slot.replace(" ", "_") + "}", "{" + slot.replace(" ", "_") + "}",
                 "<<" + slot.replace(" ", "_") + ">>", "{% " + slot.replace(" ", "_") + " %}"]
    figures = ["XX", "XXX", "£XXm", "$XXbn", "XX%", "XX,XXX", "TK", "TKTK", "TODO", "FIXME", "__________"]
    lorem = ["Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "Lorem ipsum", "lorem ipsum dolor"]
    token = _pick(rng, bracketed, templated, figures, lorem)
    index = _body_line(rng, paragraphs)
    words = paragraphs[index].split(" ")
    at = rng.randrange(len(words) + 1)
    paragraphs = list(paragraphs)
    paragraphs[index] = " ".join(words[:at] + [token] + words[at:])
    return _assemble(headline, paragraphs, index, token)


def plant_model_talk(rng: random.Random, headline: str, paragraphs: list[str]) -> Planted:
    noun = rng.choice(["article", "story", "text", "piece", "news story", "report", "copy", "summary"])
    adjective = rng.choice(["rewritten", "revised", "edited", "updated", "improved", "polished", "shortened",
                            "more concise", "reworded", "simplified"])
    opener = rng.choice(["", "Certainly! ", "Sure! ", "Of course! ", "Absolutely! "])
    preambles = [f"{opener}Here is the {adjective} {noun}:", f"{opener}Here's a {adjective} version of the {noun}:",
                 f"{opener}Below is the {adjective} {noun}.", f"{opener}Here is a revised draft of your {noun}:",
                 f"I have {rng.choice(['rewritten', 'revised', 'edited', 'shortened'])} the {noun} as requested.",
                 f"I've kept the original tone while making the {noun} clearer.",
                 f"Here's the {noun} you asked for:"]
    self_reference = [
        f"As an AI language model, I cannot {rng.choice(['verify these figures', 'confirm this', 'give opinions'])}.",
        "As an AI, I don't have personal opinions on this matter.",
        "As a large language model, my knowledge is limited.",
        "I'm just an AI and cannot browse the internet.",
        f"As of my last {rng.choice(['knowledge update', 'update', 'training cut-off'])}, this was still the case.",
        "My knowledge cutoff means these figures may be out of date.",
        "I do not have access to real-time information about this.",
    ]
    offers = [
        "I hope this helps!", "Hope this helps.", "I hope this helps. Let me know if you need anything else.",
        f"Let me know if you'd like me to {rng.choice(['expand', 'shorten', 'adjust', 'change'])} anything.",
        "Let me know if you would like any changes.", "Feel free to ask if you have any questions.",
        f"Would you like me to {rng.choice(['add more detail', 'write a headline', 'shorten it'])}?",
        "Is there anything else I can help you with?",
        f"If you'd like, I can {rng.choice(['expand', 'revise', 'shorten'])} it further.",
        "I'd be happy to help with any further edits.",
    ]
    apologies = [
        "I apologise for the confusion.", "I apologize, but I cannot complete this request.",
        "I'm sorry, but I can't help with that.", "Apologies for the oversight in the previous version.",
        "I cannot fulfil this request.", "I'm unable to comply with that request.",
        "I can't provide content that promotes violence.",
    ]
    notes = [
        f"Note: This {noun} was generated by AI.", f"Note: this {noun} has been written with the help of AI.",
        f"This {noun} was generated using ChatGPT.", f"This {noun} was written by an AI language model.",
        f"Disclaimer: this {noun} was produced automatically.",
    ]
    sentence = _pick(rng, preambles, self_reference, offers, apologies, notes)
    paragraphs = list(paragraphs)
    where = rng.choice(["before", "after", "inside"])
    if where == "before":
        paragraphs.insert(0, sentence)
        return _assemble(headline, paragraphs, 0, sentence)
    if where == "after":
        paragraphs.append(sentence)
        return _assemble(headline, paragraphs, len(paragraphs) - 1, sentence)
    index = _body_line(rng, paragraphs)
    paragraphs[index] = paragraphs[index] + " " + sentence
    return _assemble(headline, paragraphs, index, sentence)


_SENTENCE_END = re.compile(r"""[.!?]["'”’)]*(?=\s|$)""")


def plant_truncation(rng: random.Random, headline: str, paragraphs: list[str]) -> Planted:
    """Cut the last paragraph inside its last sentence, at a random word after its third, as a length limit
    does; or drop whole paragraphs first and cut the new last one."""
    paragraphs = list(paragraphs)
    if len(paragraphs) > 3 and rng.random() < 0.3:
        paragraphs = paragraphs[: rng.randrange(2, len(paragraphs))]
    last = paragraphs[-1]
    ends = [m.end() for m in _SENTENCE_END.finditer(last) if m.end() < len(last) - 1]
    sentence_start = ends[-1] + 1 if ends else 0
    words = last[sentence_start:].split()
    if len(words) < 5:
        sentence_start, words = 0, last.split()
    cut = rng.randrange(3, max(4, len(words) - 1))
    paragraphs[-1] = (last[:sentence_start] + " ".join(words[:cut])).rstrip()
    return _assemble(headline, paragraphs, len(paragraphs) - 1, "…" + paragraphs[-1][-60:])


def plant_residue(rng: random.Random, headline: str, paragraphs: list[str]) -> Planted:
    paragraphs = list(paragraphs)
    index = _body_line(rng, paragraphs)
    words = paragraphs[index].split(" ")
    at = rng.randrange(1, max(2, len(words) - 1))
    word = words[at]
    markdown = [
        ("heading", None), ("bold", f"**{word}**"), ("bold", f"__{word}__"),
        ("link", f"[{word}](https://www.bbc.co.uk/news/{rng.randint(10000, 99999)})"),
        ("link", f"[{word}](/news/story-{rng.randint(1, 999)})"),
    ]
    html = [
        ("tag", f"<p>{word}"), ("tag", f"{word}</p>"), ("tag", f"{word}<br>"), ("tag", f"{word}<br />"),
        ("tag", f"<strong>{word}</strong>"), ("tag", f"<em>{word}</em>"), ("tag", f'<a href="/x">{word}</a>'),
        ("entity", rng.choice(["&amp;", "&nbsp;", "&quot;", "&#8217;", "&rsquo;", "&mdash;", "&#x2019;", "&pound;"])),
        ("entity", word + rng.choice(["&amp;", "&nbsp;", "&#39;", "&hellip;"])),
    ]
    unbalanced = [("open", "(" + word), ("close", word + ")"), ("quote", '"' + word), ("quote", "“" + word),
                  ("open", "[" + word)]
    kind, replacement = rng.choice(rng.choice([markdown, html, unbalanced]))
    if kind == "heading":
        marker = "#" * rng.randint(1, 3) + " "
        if rng.random() < 0.5:
            return Planted(marker + headline + "\n" + "\n".join(paragraphs) + "\n", range(1, 2), marker + headline)
        paragraphs.insert(index, marker + rng.choice(["Background", "What happens next", "Reaction", "Analysis"]))
        return _assemble(headline, paragraphs, index, paragraphs[index])
    if kind in ("open", "close", "quote"):
        paragraphs[index] = _strip_marks(paragraphs[index])
        words = paragraphs[index].split(" ")
        at = min(at, len(words) - 1)
        replacement = replacement.replace(word, words[at])
    words[at] = replacement
    paragraphs[index] = " ".join(words)
    if kind in ("quote", "open") and index + 1 < len(paragraphs) and paragraphs[index + 1][:1] in "\"“":
        paragraphs[index + 1] = paragraphs[index + 1][1:]  # not the opening of a quotation that runs on
    return _assemble(headline, paragraphs, index, " ".join(words[max(0, at - 4) : at + 5]))


def _strip_marks(paragraph: str) -> str:
    """The paragraph without brackets and double quotes, so that a planted one is the only unpaired mark."""
    return re.sub(r"[()\[\]\"“”]", "", paragraph)


_DOUBLE_CANDIDATE = re.compile(r"^[A-Za-z]+$")


# Doubles that the rule leaves alone by design (its exceptions): planting them would measure nothing.
_GRAMMATICAL_DOUBLES = frozenset({"had", "that", "very", "really", "no", "so", "bye", "yes", "ha", "tut", "far", "many",
                                  "much", "ever"})


def plant_repeated_word(rng: random.Random, headline: str, paragraphs: list[str]) -> Planted:
    """Double a word (a lower-case one, or the first word of the paragraph, sometimes in lower case the second
    time: "The the"), in a paragraph that has one."""
    paragraphs = list(paragraphs)
    order = rng.sample(range(len(paragraphs)), len(paragraphs))
    for index in order:
        words = paragraphs[index].split(" ")
        candidates = [i for i, w in enumerate(words) if _DOUBLE_CANDIDATE.match(w) and
                      (i == 0 or w[0].islower()) and w.lower() not in _GRAMMATICAL_DOUBLES]
        if candidates:
            break
    at = rng.choice(candidates)
    second = words[at].lower() if at == 0 and rng.random() < 0.5 else words[at]
    separator = rng.choice([" ", " ", " ", "  "])
    mark = words[at] + separator + second
    words[at] = mark
    paragraphs[index] = " ".join(words)
    return _assemble(headline, paragraphs, index, mark)


CLASSES: dict[str, tuple[str, Callable[[random.Random, str, list[str]], Planted]]] = {
    "placeholder": ("DL004", plant_placeholder),
    "model talking": ("DL005", plant_model_talk),
    "truncated end": ("DL006", plant_truncation),
    "markup residue": ("DL007", plant_residue),
    "repeated word": ("DL008", plant_repeated_word),
}


def recall(eval_dir: Path, seed: int, trials: int) -> None:
    rules = load_rules()
    articles = [a for a in read_articles(eval_dir) if len(a["paragraphs"]) >= 2]  # type: ignore[arg-type]
    rng = random.Random(seed)
    print(f"recall: seed {seed}, {trials} planted articles per class")
    for name, (code, planter) in CLASSES.items():
        rule_set = RuleSet(tuple(rule for rule in rules if rule.code == code))
        baseline_noise = 0
        misses: list[str] = []
        for _ in range(trials):
            article = rng.choice(articles)
            planted = planter(rng, str(article["headline"]), list(article["paragraphs"]))  # type: ignore[arg-type]
            before = _lines(check_document(parse_document(article_text(article), "a.txt"), rule_set))
            after = _lines(check_document(parse_document(planted.text, "a.txt"), rule_set))
            baseline_noise += bool(before)
            if not any(line in after for line in planted.lines):
                misses.append(planted.mark)
        found = trials - len(misses)
        print(f"  {name:15s} {code}: {found}/{trials} = {found / trials:.1%}")
        for miss in misses[:12]:
            print(f"      missed: {miss!r}")


def _lines(violations: list[Violation]) -> set[int]:
    return {v.line for v in violations}


# ----------------------------------------------------------------------------------------------------- cost


def cost(eval_dir: Path, corpus: Path, docs_sample: int, seed: int, repeats: int = 7) -> None:
    """CPU time (of this process, so that other processes on the machine count less) of all built-in rules and
    of all but DL004-DL008 over the same parsed documents, the two measured alternately, the fastest run kept."""
    documents = [parse_document(article_text(a), f"{a['id']}.txt") for a in read_articles(eval_dir)]
    _cost(f"{len(documents)} BBC articles", documents, repeats, others=False)
    if docs_sample:
        files = sorted(corpus.rglob("*.md"))
        files = random.Random(seed).sample(files, min(docs_sample, len(files)))
        size = sum(path.stat().st_size for path in files) / 1e6
        documents = [parse_document(path.read_text(encoding="utf-8"), str(path)) for path in files]
        _cost(f"{len(documents)} PowerShell docs files ({size:.1f} MB, seed {seed})", documents, repeats, others=True)


def _cost(what: str, documents: list[Document], repeats: int, others: bool) -> None:
    rules = load_rules()
    everything = RuleSet(tuple(rule for rule in rules if rule.code != "DL900"))
    without = RuleSet(tuple(rule for rule in everything if rule.code not in CODES))
    alone = [rule.code for rule in everything if others or rule.code in CODES]

    def run(rule_set: RuleSet) -> float:
        started = time.process_time()
        for document in documents:
            check_document(document, rule_set)
        return time.process_time() - started

    run(everything)  # warm up: compiled patterns, imports, the documents' sentences (computed once, then kept)
    times: dict[str, list[float]] = {"without": [], "all": []}
    for _ in range(repeats):
        times["without"].append(run(without))
        times["all"].append(run(everything))
    time_without, time_all = min(times["without"]), min(times["all"])
    per_rule = {code: min(run(RuleSet(tuple(r for r in everything if r.code == code))) for _ in range(3))
                for code in alone}
    print(f"cost on {what} (CPU s, best of {repeats}, alternating): rules without "
          f"DL004-DL008 {time_without:.2f} s, all rules {time_all:.2f} s: +{time_all - time_without:.2f} s "
          f"= +{(time_all - time_without) / time_without:.1%}")
    print("  each alone: " + ", ".join(f"{code} {seconds:.2f} s" for code, seconds in per_rule.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="?", default="all", choices=("noise", "recall", "cost", "all"))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--eval-dir", type=Path, default=SHARED / "eval")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "powershell-docs")
    parser.add_argument("--dump", type=Path, default=WORK / "generation-findings.txt")
    parser.add_argument("--docs-sample", type=int, default=400, help="PowerShell docs files for cost (0: none)")
    args = parser.parse_args()
    if not (args.eval_dir / "bbc-news.jsonl").is_file():
        sys.exit(f"bbc-news.jsonl not found in {args.eval_dir}")
    if args.what in ("noise", "all"):
        noise(args.eval_dir, args.corpus, args.dump)
    if args.what in ("recall", "all"):
        recall(args.eval_dir, args.seed, args.trials)
    if args.what in ("cost", "all"):
        cost(args.eval_dir, args.corpus, args.docs_sample, args.seed)


if __name__ == "__main__":
    main()
