"""Planted duplicates in BBC articles: caught rate per defect class, and the share of clean articles flagged.

    python bench/duplicate_sweep.py [EVAL_DIR] [--seed N] [--articles N]     # default ../shared/eval, 20261202, 300

Each article of bbc-news.jsonl is written as doclint reads news exports (headline on the first line, one
paragraph per line). For each defect class, N articles drawn with the seed get one defect planted by this
generator (its own naive sentence splitter, not doclint's), and the article counts as caught when DL001, DL002
or DL009 reports a finding starting on the planted line. Classes:

- one-word: a paragraph copied to the end with one lower-case word (3+ letters) replaced by another word of the
  article (numbers and names are anchors: changing them makes a different statement, see textnorm);
- sentence-dropped: a paragraph of 2+ sentences copied to the end without one of its sentences;
- glued: a paragraph copied onto the start or the end of another paragraph (the line break lost);
- sentence-repeated: a sentence of 5+ words repeated in a later paragraph;
- adjacent-near: a sentence followed by a near copy of itself (a contraction made or undone, or one word
  changed) in the same paragraph;
- headline-case / headline-period / headline-word: the headline repeated later in upper or lower case, with a
  closing full stop, or with one word changed; headline-glued: the headline glued to the start of the first
  paragraph.

Clean: every article unmodified, flagged when any of the three rules reports anything.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

from doclint.engine import lint_text
from doclint.rules import load_rules
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
SPLIT = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“]?[A-Z])")
WORD = re.compile(r"\b[a-z]{3,}\b")
CONTRACTIONS = [("I would", "I'd"), ("it is", "it's"), ("do not", "don't"), ("did not", "didn't"),
                ("we are", "we're"), ("they are", "they're"), ("is not", "isn't"), ("will not", "won't"),
                ("I am", "I'm"), ("we have", "we've"), ("that is", "that's"), ("cannot", "can't")]
Article = tuple[str, list[str]]  # headline, paragraphs
Planted = tuple[list[str], int]  # lines of the file, 1-based line where a finding must start


def naive_sentences(paragraph: str) -> list[str]:
    return [s for s in SPLIT.split(paragraph) if s.strip()]


def change_word(text: str, vocabulary: list[str], rng: random.Random) -> str | None:
    words = list(WORD.finditer(text))
    if not words:
        return None
    target = rng.choice(words)
    replacement = rng.choice([w for w in vocabulary if w != target.group()] or ["changed"])
    return text[: target.start()] + replacement + text[target.end() :]


def _long_paragraphs(paragraphs: list[str]) -> list[int]:
    return [i for i, p in enumerate(paragraphs) if len(p) >= 60]


def one_word(article: Article, rng: random.Random) -> Planted | None:
    headline, paragraphs = article
    vocabulary = sorted({w for p in paragraphs for w in WORD.findall(p)})
    candidates = _long_paragraphs(paragraphs)
    if not candidates:
        return None
    changed = change_word(paragraphs[rng.choice(candidates)], vocabulary, rng)
    return ([headline, *paragraphs, changed], len(paragraphs) + 2) if changed else None


def sentence_dropped(article: Article, rng: random.Random) -> Planted | None:
    headline, paragraphs = article
    candidates = [i for i in _long_paragraphs(paragraphs) if len(naive_sentences(paragraphs[i])) >= 2]
    if not candidates:
        return None
    sentences = naive_sentences(paragraphs[rng.choice(candidates)])
    del sentences[rng.randrange(len(sentences))]
    return [headline, *paragraphs, " ".join(sentences)], len(paragraphs) + 2


def glued(article: Article, rng: random.Random) -> Planted | None:
    headline, paragraphs = article
    candidates = _long_paragraphs(paragraphs)
    if len(paragraphs) < 2 or not candidates:
        return None
    source = rng.choice(candidates)
    host = rng.choice([i for i in range(len(paragraphs)) if i != source])
    merged = list(paragraphs)
    merged[host] = f"{paragraphs[host]} {paragraphs[source]}" if rng.random() < 0.5 else f"{paragraphs[source]} {paragraphs[host]}"
    if host < source:  # the copy must come after its original to be "the copy": move the host to the end
        merged.append(merged.pop(host))
        return [headline, *merged], len(merged) + 1
    return [headline, *merged], host + 2


def sentence_repeated(article: Article, rng: random.Random) -> Planted | None:
    headline, paragraphs = article
    choices = [(i, s) for i, p in enumerate(paragraphs[:-1]) for s in naive_sentences(p) if len(s.split()) >= 5]
    if not choices:
        return None
    source, sentence = rng.choice(choices)
    host = rng.randrange(source + 1, len(paragraphs))
    host_sentences = naive_sentences(paragraphs[host])
    host_sentences.insert(rng.randrange(len(host_sentences) + 1), sentence)
    changed = list(paragraphs)
    changed[host] = " ".join(host_sentences)
    return [headline, *changed], host + 2


def near_variant(sentence: str, vocabulary: list[str], rng: random.Random) -> str | None:
    swaps = [(a, b) for a, b in CONTRACTIONS if a in sentence] + [(b, a) for a, b in CONTRACTIONS if b in sentence]
    if swaps:
        a, b = rng.choice(swaps)
        return sentence.replace(a, b, 1)
    return change_word(sentence, vocabulary, rng)


def adjacent_near(article: Article, rng: random.Random) -> Planted | None:
    headline, paragraphs = article
    vocabulary = sorted({w for p in paragraphs for w in WORD.findall(p)})
    choices = [(i, j) for i, p in enumerate(paragraphs) for j, s in enumerate(naive_sentences(p)) if len(s.split()) >= 6]
    if not choices:
        return None
    host, position = rng.choice(choices)
    sentences = naive_sentences(paragraphs[host])
    variant = near_variant(sentences[position], vocabulary, rng)
    if variant is None:
        return None
    sentences.insert(position + 1, variant)
    changed = list(paragraphs)
    changed[host] = " ".join(sentences)
    return [headline, *changed], host + 2


def _headline_repeat(transform: Callable[[str, random.Random], str | None]) -> Callable[[Article, random.Random], Planted | None]:
    def plant(article: Article, rng: random.Random) -> Planted | None:
        headline, paragraphs = article
        repeated = transform(headline, rng)
        if repeated is None or len(paragraphs) < 2:
            return None
        position = rng.randrange(1, len(paragraphs) + 1)
        lines = [headline, *paragraphs[:position], repeated, *paragraphs[position:]]
        return lines, position + 2
    return plant


def _headline_word(headline: str, rng: random.Random) -> str | None:
    words = list(WORD.finditer(headline))
    if not words:
        return None
    target = rng.choice(words)
    replacements = [w for w in "new big late key top main fresh more less".split() if w != target.group()]
    return headline[: target.start()] + rng.choice(replacements) + headline[target.end() :]


def headline_glued(article: Article, rng: random.Random) -> Planted | None:
    headline, paragraphs = article
    return [headline, f"{headline} {paragraphs[0]}", *paragraphs[1:]], 2


CLASSES: dict[str, Callable[[Article, random.Random], Planted | None]] = {
    "one-word": one_word,
    "sentence-dropped": sentence_dropped,
    "glued": glued,
    "sentence-repeated": sentence_repeated,
    "adjacent-near": adjacent_near,
    "headline-case": _headline_repeat(lambda h, rng: h.upper() if rng.random() < 0.5 else h.lower()),
    "headline-period": _headline_repeat(lambda h, rng: h.rstrip("?!.") + "."),
    "headline-word": _headline_repeat(_headline_word),
    "headline-glued": headline_glued,
}


def findings(lines: list[str], rules) -> list:  # type: ignore[no-untyped-def]
    return lint_text("\n".join(lines) + "\n", path="article.txt", rules=rules, select=["DL001", "DL002", "DL009"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("eval_dir", nargs="?", type=Path, default=SHARED / "eval")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args()
    articles: list[Article] = []
    for line in (args.eval_dir / "bbc-news.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        articles.append((record["headline"], record["paragraphs"]))
    rules = load_rules()
    started = time.perf_counter()
    flagged = [i for i, (headline, paragraphs) in enumerate(articles) if findings([headline, *paragraphs], rules)]
    print(f"clean articles flagged: {len(flagged)}/{len(articles)} ({100 * len(flagged) / len(articles):.2f}%)")
    flagged_set = set(flagged)
    rng = random.Random(args.seed)
    for name, plant in CLASSES.items():
        caught = total = 0
        misses = []
        for index in rng.sample(range(len(articles)), len(articles)):
            if total == args.articles:
                break
            if index in flagged_set:
                continue  # a finding there could be the clean article's own
            planted = plant(articles[index], rng)
            if planted is None:
                continue
            lines, line = planted
            total += 1
            if any(v.line == line for v in findings(lines, rules)):
                caught += 1
            else:
                misses.append((index, lines[line - 1][:160]))
        print(f"{name:18} caught {caught}/{total} ({100 * caught / max(total, 1):.1f}%)")
        for index, text in misses[: args.show_misses]:
            print(f"    miss article {index}: {text}")
    print(f"seed {args.seed}; {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
