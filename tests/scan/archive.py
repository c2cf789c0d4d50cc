"""A small synthetic archive for the scan tests, and the oracle: ``doclint check --cross-file`` on the same
records written out as files.

Records are built from a fixed seed: unique paragraphs of random words, exact and near copies of earlier
paragraphs (in other records and in the same record), repeated titles, Markdown records with suppression
directives (used and unused), and records that cannot be checked.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from doclint.scan.stages import compose

WORDS = ["harbour", "council", "channel", "dredging", "permit", "october", "residents", "docks", "noise", "shift", "vote", "budget", "school", "teacher", "pupils", "report", "minister", "railway", "station", "fares", "strike", "union", "talks", "hospital", "ward", "nurses", "league", "match", "goal", "striker", "season", "coach", "market", "shares", "profit", "quarter", "investors", "bank", "rates"]


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _near_copy(rng: random.Random, paragraph: str) -> str:
    words = paragraph.rstrip(".").split()
    words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words) + "."


def make_records(count: int = 240, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` good records (ids ``r00000``...) in record order, with the features listed above."""
    rng = random.Random(seed)
    titles = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(count // 3)]
    seen: list[str] = []
    records = []
    for index in range(count):
        paragraphs = [_paragraph(rng, rng.randint(8, 30)) for _ in range(rng.randint(1, 5))]
        if seen and rng.random() < 0.3:
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(seen))
        if seen and rng.random() < 0.2:
            paragraphs.append(_near_copy(rng, rng.choice(seen)))
        if rng.random() < 0.05:
            paragraphs.append(paragraphs[0])  # a copy inside the record
        seen.extend(paragraphs)
        markdown = index % 5 == 0
        if markdown and index % 10 == 0:
            paragraphs.insert(0, "<!-- doclint-disable-next-line DL001 -->")  # may be used or unused
        if markdown and index % 15 == 0:
            paragraphs.append("<!-- doclint-disable-line DL003 -->")  # unused
        records.append({"id": f"r{index:05d}", "title": rng.choice(titles), "format": "markdown" if markdown else "text",
                        "text": "\n\n".join(paragraphs) + "\n"})
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]], extra_lines: tuple[str, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
        for line in extra_lines:
            handle.write(line + "\n")
    return path


def write_parquet(path: Path, records: list[dict[str, Any]], row_group_size: int = 50) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(records), path, row_group_size=row_group_size)
    return path


def write_documents(directory: Path, records: list[dict[str, Any]]) -> dict[str, str]:
    """Each record as a file (named so that path order is record order); path -> record id."""
    directory.mkdir()
    ids = {}
    for index, record in enumerate(records):
        suffix = ".md" if record["format"] == "markdown" else ".txt"
        path = directory / f"{index:06d}{suffix}"
        path.write_text(compose(record["title"], record["text"], record["format"]), encoding="utf-8")
        ids[f"{directory.name}/{path.name}"] = record["id"]
    return ids


def check_findings(json_output: str, ids: dict[str, str]) -> list[tuple[Any, ...]]:
    """``check --format json`` findings, with paths replaced by record ids, comparable with ``scan_findings``."""
    found = []
    for violation in json.loads(json_output):
        message = violation["message"]
        for path, record_id in ids.items():
            if path in message:
                message = message.replace(path, record_id)
        found.append((ids[violation["path"]], violation["line"], violation["column"], violation["end_line"],
                      violation["end_column"], violation["code"], message,
                      tuple((ids[r["path"]], r["line"], r["column"]) for r in violation["related"]),
                      json.dumps(violation["data"], sort_keys=True)))
    return sorted(found)


def scan_findings(output: Path) -> list[tuple[Any, ...]]:
    found = []
    for part in sorted(output.glob("part-*.jsonl")):
        for line in part.read_text(encoding="utf-8").splitlines():
            v = json.loads(line)
            found.append((v["id"], v["line"], v["column"], v["end_line"], v["end_column"], v["code"], v["message"],
                          tuple((r["id"], r["line"], r["column"]) for r in v["related"]),
                          json.dumps(v["data"], sort_keys=True)))
    return sorted(found)


def output_bytes(output: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(output.iterdir())}
