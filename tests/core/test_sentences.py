"""Sentence splitting with exact character offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.parsing import parse_document
from doclint.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    "text, spans",
    [
        ("U.S. officials said the talks would resume. They did not say when.", [(0, 43), (44, 66)]),
        ("Christopher W. Smith said it was over. Nobody agreed.", [(0, 38), (39, 53)]),
        ("Aleksandr G. Lukashenko met the envoy. Talks followed.", [(0, 38), (39, 54)]),
        ("Dr. Jones arrived. She sat down.", [(0, 18), (19, 32)]),
        ("The meeting ended at 5 p.m. The talks resume on Monday.", [(0, 27), (28, 55)]),
        ("Growth slowed to 3.5 percent last year. Prices rose.", [(0, 39), (40, 52)]),
        ('"We are done." She left.', [(0, 14), (15, 24)]),
        ('"Is it over?" he asked.', [(0, 23)]),
        ("  One.   Two.  ", [(2, 6), (9, 13)]),
    ],
)
def test_exact_offsets(text: str, spans: list[tuple[int, int]]) -> None:
    assert split_sentences(text) == spans


@pytest.mark.parametrize(
    "text, expected",
    [
        # initials and titles never end a sentence
        ("Christopher W. Smith said it was over. Nobody agreed.",
         ["Christopher W. Smith said it was over.", "Nobody agreed."]),
        ("Aleksandr G. Lukashenko met the envoy in Minsk on Tuesday.",
         ["Aleksandr G. Lukashenko met the envoy in Minsk on Tuesday."]),
        ("Dr. Jones and Gen. Okafor met Sen. Smith. They talked.",
         ["Dr. Jones and Gen. Okafor met Sen. Smith.", "They talked."]),
        ("Mr. and Mrs. Smith arrived. They sat.", ["Mr. and Mrs. Smith arrived.", "They sat."]),
        # dotted abbreviations split only before a typical sentence opener
        ("U.S. officials arrived.", ["U.S. officials arrived."]),
        ("The U.S. Army said so.", ["The U.S. Army said so."]),
        ("Talks resumed in the U.S. The envoy left.", ["Talks resumed in the U.S.", "The envoy left."]),
        ("The meeting ended at 5 p.m. on Friday.", ["The meeting ended at 5 p.m. on Friday."]),
        ("The meeting ended at 5 p.m. The talks began.", ["The meeting ended at 5 p.m.", "The talks began."]),
        ("He works at Acme Inc. in Boston.", ["He works at Acme Inc. in Boston."]),
        ("He works at Acme Inc. The company grew.", ["He works at Acme Inc.", "The company grew."]),
        ("Smith et al. found more.", ["Smith et al. found more."]),
        # numbers
        ("Growth slowed to 3.5 percent. Prices rose 2.25 points.",
         ["Growth slowed to 3.5 percent.", "Prices rose 2.25 points."]),
        ("See No. 10 for details.", ["See No. 10 for details."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("It rose 5%. The index fell.", ["It rose 5%.", "The index fell."]),
        ("Ends with number 42. 43 comes next.", ["Ends with number 42.", "43 comes next."]),
        # other terminators
        ("It was late! Everyone left? Nobody knows… Maybe.",
         ["It was late!", "Everyone left?", "Nobody knows…", "Maybe."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("Prices rose (sharply). Then they fell.", ["Prices rose (sharply).", "Then they fell."]),
        ("A (parenthetical sentence.) Next.", ["A (parenthetical sentence.)", "Next."]),
        ("no split before lower case. really.", ["no split before lower case. really."]),
        # quotations
        ('"We are done." She left.', ['"We are done."', "She left."]),
        ('"Is it over?" he asked.', ['"Is it over?" he asked.']),
        ('"Is it over?" He asked.', ['"Is it over?"', "He asked."]),
        ('He said: "No." Then he left.', ['He said: "No."', "Then he left."]),
        ("“It is done.” Then he left.", ["“It is done.”", "Then he left."]),
        ('"We are done. We will go home," she said. Then she left.',
         ['"We are done. We will go home," she said.', "Then she left."]),
        ("“We are done. We will go home,” she said. Then she left.",
         ["“We are done. We will go home,” she said.", "Then she left."]),
        ('She said "wait. There', ['She said "wait.', "There"]),  # never closed: split as usual
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_split_within_a_range_returns_document_offsets() -> None:
    text = "Heading\n\nFirst one. Second one.\n\nOther block."
    start = text.index("First")
    end = text.index("\n\nOther")
    assert split_sentences(text, start, end) == [(9, 19), (20, 31)]
    assert [text[a:b] for a, b in split_sentences(text, start, end)] == ["First one.", "Second one."]


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert split_sentences("abc", 1, 1) == []


def test_document_sentences_skip_headings_and_know_their_block() -> None:
    text = ("# Budget vote. Title\n\n"
            "The council met. Dr. Lee spoke.\n\n"
            "- Item one. Item two is here.\n\n"
            "> Quoted [text](https://example.com/a.b). Then more.\n")
    document = parse_document(text, "a.md")
    found = [(document.text[s.start:s.end], s.block, document.blocks[s.block].kind.value)
             for s in document.sentences]
    assert found == [
        ("The council met.", 1, "paragraph"),
        ("Dr. Lee spoke.", 1, "paragraph"),
        ("Item one.", 2, "list_item"),
        ("Item two is here.", 2, "list_item"),
        ("Quoted [text](https://example.com/a.b).", 3, "blockquote"),
        ("Then more.", 3, "blockquote"),
    ]


def test_plain_text_sentences_per_line_paragraph() -> None:
    text = "Headline here\nOne sentence. Another one.\nThird line here.\n"
    document = parse_document(text, "a.txt")
    assert [(s.start, s.end, s.block) for s in document.sentences] == [(14, 27, 1), (28, 40, 1), (41, 57, 2)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aA .!?\"“”'()…\n\t1") + ["U.S.", "Dr.", "p.m.", "Inc.", "The "]),
                max_size=60).map("".join),
       st.data())
def test_spans_are_ordered_trimmed_and_inside_the_range(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = split_sentences(text, start, end)
    previous = start
    for a, b in spans:
        assert previous <= a < b <= end
        assert not text[a].isspace() and not text[b - 1].isspace()
        previous = b
    # nothing but whitespace is lost between sentences
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(text[start:end].split()) == "".join(covered.split())
