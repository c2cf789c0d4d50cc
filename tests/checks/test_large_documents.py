"""Big documents: the result (not the time) of DL001 over 10,000 paragraphs with a few planted copies."""

from __future__ import annotations

import random

from rapidfuzz.fuzz import ratio

from doclint.engine import lint_text
from doclint.textnorm import comparison_key

COUNT = 10_000


def _paragraphs(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"{rng.choice('bcdfghklmnprstvw')}{rng.choice('aeiou')}{rng.choice('nrstl')}{i}" for i in range(6000)]
    vocabulary += "the a of to and in that for on with said was is by at".split() * 30
    paragraphs = []
    seen = set()
    while len(paragraphs) < count:
        paragraph = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(25, 60))).capitalize() + "."
        if paragraph not in seen:
            seen.add(paragraph)
            paragraphs.append(paragraph)
    return paragraphs


def _change_words(paragraph: str, *positions: int) -> str:
    words = paragraph.split()
    for position in positions:
        words[position] = "changed"
    return " ".join(words)


def _rewrap(paragraph: str, width: int = 50) -> str:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def _planted() -> tuple[list[str], dict[int, tuple[int, str]]]:
    """10,000 distinct paragraphs plus copies; returns the blocks and, per copy's block index, (original, kind)."""
    paragraphs = _paragraphs(COUNT, seed=11)
    copies = [
        (17, "exact", paragraphs[17]),
        (4_321, "exact", paragraphs[4_321]),
        (9_999, "exact", paragraphs[9_999].upper()),  # case does not count
        (250, "rewrapped", _rewrap(paragraphs[250])),  # nor does line wrapping
        (6_000, "near", _change_words(paragraphs[6_000], 3)),
        (77, "near", _change_words(paragraphs[77], 2, -5)),
        (8_888, "near", _change_words(paragraphs[8_888], 10)),
    ]
    # copies go in among the originals, each after the paragraph it copies
    insert_after = [5_000, 6_500, 9_999, 3_000, 7_777, 120, 9_000]
    tagged: list[tuple[str, tuple[int, str] | None]] = [(paragraph, None) for paragraph in paragraphs]
    for (original, kind, copy), after in sorted(zip(copies, insert_after), key=lambda pair: -pair[1]):
        assert original <= after
        tagged.insert(after + 1, (copy, (original, kind)))
    blocks = [text for text, _ in tagged]
    expected = {index: tag for index, (_, tag) in enumerate(tagged) if tag is not None}
    assert len(blocks) == COUNT + len(copies) and len(expected) == len(copies)
    return blocks, expected


def _expected_messages(blocks: list[str], expected: dict[int, tuple[int, str]], line_of) -> list[tuple]:  # type: ignore[no-untyped-def]
    originals = _paragraphs(COUNT, seed=11)
    result = []
    for index, (original, kind) in sorted(expected.items()):
        first_index = blocks.index(originals[original])
        if kind == "near":
            score = int(ratio(comparison_key(blocks[index]), comparison_key(originals[original])))
            assert 90 <= score < 100
            relation = f"is {score}% similar to"
        else:
            relation = "duplicates"
        result.append((line_of(index), "DL001", f"Paragraph {relation} the paragraph at line {line_of(first_index)}",
                       ((line_of(first_index), 1),)))
    return result


def test_ten_thousand_paragraphs_markdown_reports_exactly_the_copies(builtin_rules) -> None:
    blocks, expected = _planted()
    text = "\n\n".join(blocks) + "\n"
    starts = [0]
    for block in blocks[:-1]:
        starts.append(starts[-1] + block.count("\n") + 2)

    def line_of(index: int) -> int:
        return starts[index] + 1

    violations = lint_text(text, path="big.md", rules=builtin_rules, select=["DL001"])
    found = [(v.line, v.code, v.message, tuple((r.line, r.column) for r in v.related)) for v in violations]
    assert found == _expected_messages(blocks, expected, line_of)


def test_ten_thousand_paragraphs_one_per_line_reports_exactly_the_copies(builtin_rules) -> None:
    blocks, expected = _planted()
    blocks = [" ".join(block.split()) for block in blocks]  # one paragraph per line: no wrapping
    text = "\n".join(blocks) + "\n"
    violations = lint_text(text, path="big.txt", rules=builtin_rules, select=["DL001"])
    found = [(v.line, v.code, v.message, tuple((r.line, r.column) for r in v.related)) for v in violations]
    assert found == _expected_messages(blocks, expected, lambda index: index + 1)


def test_near_copy_of_a_paragraph_built_from_common_sentences_is_reported(builtin_rules) -> None:
    rng = random.Random(5)
    words = [f"{rng.choice('bcdfghklmnprstvw')}{rng.choice('aeiou')}{rng.choice('nrstl')}{i}" for i in range(2000)]
    stock = [" ".join(rng.choice(words) for _ in range(10)).capitalize() + "." for _ in range(40)]
    paragraphs = [" ".join(rng.sample(stock, 8)) for _ in range(600)]  # each paragraph: 8 of 40 stock sentences
    assert len(set(paragraphs)) == 600
    near = _change_words(paragraphs[300], 5, 40)
    score = int(ratio(comparison_key(near), comparison_key(paragraphs[300])))
    assert score == 98
    assert max(ratio(comparison_key(near), comparison_key(p)) for i, p in enumerate(paragraphs) if i != 300) < 70
    text = "\n\n".join(paragraphs + [near]) + "\n"
    violations = lint_text(text, path="stock.md", rules=builtin_rules, select=["DL001"])
    assert [(v.line, v.message) for v in violations] == [
        (1201, "Paragraph is 98% similar to the paragraph at line 601")]
