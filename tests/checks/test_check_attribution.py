"""DL003 unattributed-claim (check kind ``attribution``): the cases of issue 3, Markdown handling, and the
parameter schema. Exact rule, line, column and message for every finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from doclint.checks import attribution
from doclint.engine import lint_text
from doclint.rules import load_rule, load_rules
from doclint.schema import SchemaError

RULES = load_rules()
WHO = "who? Name the source or cite it"
WHO_SAYS = "who says so? Name the source or cite it"
READING = "whose reading is this? Attribute the interpretation or drop it"


def findings(text: str, format: str = "text") -> list[tuple[str, int, int, str]]:
    return [(v.code, v.line, v.column, v.message)
            for v in lint_text(text, format=format, rules=RULES, select=["DL003"])]


@pytest.mark.parametrize("sentence, column, cue, note", [
    ("Experts agree that the new dam will transform the region.", 1, "Experts agree", WHO),
    ("Many believe the treaty was signed under duress.", 1, "Many believe", WHO),
    ("It is widely thought that the governor will not run again.", 1, "It is widely thought", WHO),
    ("Critics say the program wastes money.", 1, "Critics say", WHO),
    ("Studies show that the drug reduces relapse rates.", 1, "Studies show", WHO),
    ("Some argue that the tax should be abolished.", 1, "Some argue", WHO),
    ("Observers note that turnout was unusually low.", 1, "Observers note", WHO),
    ("The agreement could lead to improved relations, potentially easing repression.", 15, "could lead", READING),
    ("The decision marks a significant shift in policy.", 14, "marks a significant shift", READING),
    ("The ministry cut the rate to 2 percent, signaling a pivotal shift.", 41, "signaling", READING),
    ("The visit raises optimism about a lasting ceasefire.", 11, "raises optimism", READING),
    ("Troops were moved to the border, indicating a broader strategy of pressure.", 34, "indicating", READING),
    ("The new appointments may suggest a move to consolidate power.", 22, "may suggest", READING),
    ("The castle is said to be haunted.", 12, "is said", WHO_SAYS),
    ("The minister reportedly offered to resign.", 14, "reportedly", WHO_SAYS),
])
def test_must_flag(sentence: str, column: int, cue: str, note: str) -> None:
    assert findings("Title line\n\n" + sentence + "\n") == [("DL003", 3, column, f"'{cue}': {note}")]


@pytest.mark.parametrize("sentence", [
    "The plan could lead to improved relations, the ministry said.",
    "According to the 2023 annual report, revenue may fall by a third.",
    "Smith said the talks were useful.",
    "The talks were probably the most significant in a decade, she told reporters.",
    "The site may contain unexploded ordnance, the permit document states.",
    "He cited a 2022 review that estimated many patients could benefit.",
    "“This is a historic moment for the city,” the mayor said.",
    "The treasurer put it bluntly: “Prices could double by the end of the year.”",
    "The channel was last deepened in 2009.",
    "The council voted 7 to 4 on Thursday.",
    "In May 2021 the bridge was closed for repairs.",
    "Some 300 people attended the meeting.",
    "The drug may reduce relapse rates [12].",
    "Many believe the treaty was signed under duress (Smith 2020).",
])
def test_must_not_flag(sentence: str) -> None:
    assert findings("Title line\n\n" + sentence + "\n") == []


@pytest.mark.parametrize("source", [
    "Sanders’ aides say",  # a possessive with a curly apostrophe, and a plural noun
    "Clinton's campaign believes",
    "Clinton defenders today argue that",  # a time word between the subject and its verb
    "Armstrong Williams, Carson’s longtime friend and adviser, suggested that",  # an apposition
    "A new Reuters/Ipsos poll shows that",  # an indefinite subject with words before its noun
    "Exit polls suggested that",
    "Official data suggest that",
])
def test_a_named_subject_with_a_stance_verb_attributes(source: str) -> None:
    claim = "the plan could lead to a deal."
    assert findings(f"Title line\n\n{claim[0].upper()}{claim[1:]}\n") == [
        ("DL003", 3, 10, "'could lead': whose reading is this? Attribute the interpretation or drop it")]
    assert findings(f"Title line\n\n{source} {claim}\n") == []


@pytest.mark.parametrize("sentence, column, cue", [
    # a passive speech verb names nobody; the active one names the minister (below)
    ("New safeguards have been added, which could lead to a deal.", 39, "could lead"),
    # a one-word quotation is a term, not somebody's words
    ("The \"reform\" could lead to a deal.", 14, "could lead"),
    # an apposition names a speaker only at the start of a clause: here the crowd is vague
    ("Some in Congress, as well as members of the public, believe the plan could lead to a deal.", 70, "could lead"),
    # an action is not an attribution
    ("Lokeren signed players who could lead the team to a title.", 28, "could lead"),
    # the subject of a passive is what is said, not who says it
    ("He is considered the finest violinist of his generation.", 4, "is considered"),
])
def test_what_does_not_name_a_source(sentence: str, column: int, cue: str) -> None:
    [(code, line, found_column, message)] = findings("Title line\n\n" + sentence + "\n")
    assert (code, line, found_column, message.split(":")[0]) == ("DL003", 3, column, f"'{cue}'")


def test_an_active_speech_verb_names_its_subject() -> None:
    assert findings("Title line\n\nThe minister added that the plan could lead to a deal.\n") == []


def test_finding_sits_at_the_cue_on_a_later_line_of_a_wrapped_paragraph() -> None:
    text = "Title line\n\nThe council met on Thursday. The decision\nmarks a significant shift in policy.\n"
    assert findings(text) == [("DL003", 4, 1, f"'marks a significant shift': {READING}")]


def test_markdown_links_footnotes_and_citations_attribute_code_and_headings_are_never_checked() -> None:
    text = (
        "---\ntitle: Experts agree that front matter is never checked\n---\n\n"  # lines 1-4
        "# Experts agree on headings\n\n"                                           # 5-6
        "The reform is widely seen as a turning point[^1].\n\n"                     # 7-8
        "As [the survey](https://example.org/s) found, the dam is expected to transform the region.\n\n"  # 9-10
        "The policy marks a significant shift<sup>3</sup>.\n\n"                     # 11-12
        "```\nExperts agree that code is never checked.\n```\n\n"                   # 13-16
        "Run `experts agree` in a shell. Critics say the program wastes money.\n\n"  # 17-18
        "[^1]: Smith 2020.\n"
    )
    assert findings(text, "markdown") == [("DL003", 17, 33, f"'Critics say': {WHO}")]


def test_colon_quote_reaches_the_next_sentence_of_the_same_block_only() -> None:
    prepared = RULES.find("DL003").prepared
    quoted = "Prices could double by the end of the year, perhaps more."
    assert attribution.detect(quoted, prepared) is not None
    assert attribution.detect(quoted, prepared, previous="The treasurer said:") is None
    assert attribution.detect(quoted, prepared, previous="The prices went up:") is not None


def test_finding_arguments() -> None:
    prepared = RULES.find("DL003").prepared
    found = attribution.detect("Experts agree that the dam will work.", prepared)
    assert (found.start, found.end, found.family.family, found.family.note) == (0, 13, "weasel_source", WHO)
    assert found.score >= prepared.params.threshold


# --- parameters ---------------------------------------------------------------------------------------------

BASE = """id: XX003
name: my-claims
check: attribution
level: warning
message: "'{cue}': {note}"
description: Reports things.
"""


def write_rule(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rule.yaml"
    path.write_text(BASE + body, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(SchemaError) as caught:
        load_rule(path)
    return str(caught.value)


def test_a_small_rule_of_its_own_works(tmp_path: Path) -> None:
    rule = load_rule(write_rule(tmp_path, """threshold: 1
claim-cues:
  - family: hype
    note: says who?
    cues: {game changer: 1.0}
attribution:
  speech-verbs: [said]
"""))
    rules = load_rules(include_builtin=False, extra_dirs=[tmp_path])
    assert rule.params.claim_cues[0].cues == {"game changer": 1.0}
    violations = lint_text("Title line\n\nIt is a game  changer. It is a game changer, she said.\n",
                           format="text", rules=rules)
    assert [(v.line, v.column, v.message) for v in violations] == [(3, 9, "'game changer': says who?")]


def test_unknown_key_in_a_family_names_its_line(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "claim-cues:\n  - family: hype\n    cue: {a: 1}\n")
    assert load_error(path) == f"{path}:9: unknown key 'cue' in claim-cues.0 (did you mean 'cues'?)"


def test_unknown_key_in_attribution_names_its_line(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "attribution:\n  speech-verb: [said]\n")
    assert load_error(path) == (f"{path}:8: unknown key 'speech-verb' in attribution "
                                "(did you mean 'speech-verbs'?)")


def test_weight_must_be_a_number(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "claim-cues:\n  - family: hype\n    cues: {a: heavy}\n")
    assert load_error(path) == f"{path}:9: claim-cues.0.cues.a: expected number, got a string"


def test_bad_cue_pattern_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "claim-cues:\n  - family: hype\n    patterns: {'(unclosed': 1}\n")
    assert load_error(path).startswith(
        f"{path}:8: claim-cues[hype].patterns: invalid regular expression '(unclosed'")


def test_bad_citation_pattern_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "attribution:\n  citations:\n    - '[a-'\n")
    assert load_error(path).startswith(f"{path}:9: invalid regular expression '[a-'")


def test_positive_attribution_weight_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "attribution:\n  weight: 5\n")
    assert load_error(path) == (f"{path}:7: attribution.weight must not be positive: an attribution never "
                                "makes a claim stronger")


def test_duplicate_family_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "claim-cues:\n  - family: hype\n  - family: hype\n")
    assert load_error(path) == f"{path}:7: claim-cues: family 'hype' is listed twice"


def test_unknown_message_placeholder(tmp_path: Path) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text(BASE.replace("{note}", "{reason}"), encoding="utf-8")
    assert load_error(path) == (f"{path}:5: message: unknown placeholder {{reason}}; "
                                "available: cue, family, note, score")
