"""DL003 unattributed-claim: attribution that reaches across sentences from the sentences around a claim
(``reach.nearby``: ``named-later``, ``lead-named-later``, ``study-carry``, ``paraphrase-quote``,
``report-carry``). The claims stand in a story's second paragraph unless a test is about its lead. Exact rule, line,
column and message for every finding; each setting switched off in the rule's YAML brings its finding back; bad
values are one-line errors at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from doclint.engine import lint_text
from doclint.rules import RuleSet, load_rule, load_rules
from doclint.schema import SchemaError

RULES = load_rules()
WHO = "who? Name the source or cite it"
WHO_SAYS = "who says so? Name the source or cite it"
GUESS = "whose guess? Attribute the speculation or state what is known"

CLAIM = "Some analysts say that unemployment could rise in the spring."
CLAIM_FINDING = ("DL003", 5, 1, f"'Some analysts say': {WHO}")
NAMED_QUOTE = ("\"Many of the new jobs are only temporary,\" Julio Hegedus, chief economist at Lopes Filho, "
               "told Reuters.")
SURVEY = "A survey by YouGov found that voters are gloomy. Most respondents said the economy was getting worse."
SURVEY_FINDING = ("DL003", 5, 50, f"'Most respondents said': {WHO}")
PARAPHRASE = ("It is unlikely that future technological inventions are going to have the same kind of "
              "transformative impact that they did in the past.")
PARAPHRASE_FINDING = ("DL003", 5, 1, f"'It is unlikely': {GUESS}")
QUOTED = "\"It was not the thing itself that changed lives,\" said Mr Donofrio."
REPORTED = "Rank could sell its media business, reports claim."
REPORTED_FINDING = ("DL003", 5, 37, f"'reports claim': {WHO}")
# a story's headline and lead: the claims of these tests stand in its second paragraph, outside the lead
STORY = "Title line\n\nThe figures came out on Monday.\n\n"
OUTLET = "The shake-up will be announced on Friday, the Sunday Telegraph reported."
INTRO = "Employers have spent billions of pounds propping up their pensions, research suggests."
INTRO_FINDING = ("DL003", 3, 69, f"'research suggests': {WHO}")
NAMED = "Incomes Data Services found that 40 firms had paid in more than they were obliged to."


def findings(text: str, format: str = "text", rules: RuleSet = RULES) -> list[tuple[str, int, int, str]]:
    return [(v.code, v.line, v.column, v.message)
            for v in lint_text(text, format=format, rules=rules, select=["DL003"])]


# --- named-later: a crowd that the next sentence names and quotes --------------------------------------------------

def test_a_vague_source_named_and_quoted_in_the_next_sentence_is_covered() -> None:
    assert findings(f"{STORY}{CLAIM}\n") == [CLAIM_FINDING]
    assert findings(f"{STORY}{CLAIM} {NAMED_QUOTE}\n") == []


def test_a_vague_source_named_at_the_start_of_the_next_paragraph_is_covered() -> None:
    assert findings(f"{STORY}{CLAIM}\n\n{NAMED_QUOTE}\n") == []
    assert findings(f"{STORY}{CLAIM}\n\n\"Jobs are only temporary this season,\" said Mr Hegedus.\n") == []


@pytest.mark.parametrize("following", [
    "\"Many of the new jobs are only temporary,\" they said.",  # a pronoun alone names nobody
    "\"Many of the new jobs are only temporary,\" economists said.",  # another crowd
    "Ms Sanders said the charity had called the police.",  # a named party that does not quote: somebody else
    "Prices fell in March. " + NAMED_QUOTE,  # named two sentences later: too far
])
def test_a_vague_source_that_the_next_sentence_does_not_name_and_quote_is_still_reported(following: str) -> None:
    assert findings(f"{STORY}{CLAIM} {NAMED_QUOTE}\n") == []  # the same claim, named and quoted next
    assert findings(f"{STORY}{CLAIM} {following}\n") == [CLAIM_FINDING]


def test_another_crowd_in_the_next_sentence_is_reported_too() -> None:
    following = "\"Many of the new jobs are only temporary,\" other analysts said."
    assert findings(f"{STORY}{CLAIM} {NAMED_QUOTE}\n") == []
    assert findings(f"{STORY}{CLAIM} {following}\n") == [
        CLAIM_FINDING, ("DL003", 5, 106, f"'other analysts said': {WHO}")]


def test_a_heading_between_ends_the_look_ahead() -> None:
    assert findings(f"# {STORY}{CLAIM}\n\n{NAMED_QUOTE}\n", "markdown") == []
    assert findings(f"# {STORY}{CLAIM}\n\n## Outlook\n\n{NAMED_QUOTE}\n", "markdown") == [CLAIM_FINDING]


def test_a_hedge_is_not_covered_by_a_source_named_next() -> None:
    # the writer's own guess: named-later covers the crowd family only (paraphrase-quote needs a quotation that
    # opens the next sentence)
    text = STORY + "{} Ms Sanders said: \"The shops are empty this winter.\"\n"
    assert findings(text.format("Some analysts say prices will fall.")) == []
    assert findings(text.format("Prices will probably fall.")) == [("DL003", 5, 13, f"'probably': {GUESS}")]


# --- lead-named-later: the intro that the next sentence attributes ------------------------------------------------

@pytest.mark.parametrize("following", [NAMED, NAMED_QUOTE, OUTLET])
def test_the_lead_attributed_in_the_next_sentence_is_covered(following: str) -> None:
    assert findings(f"Title line\n\n{INTRO}\n") == [INTRO_FINDING]
    assert findings(f"Title line\n\n{INTRO}\n\n{following}\n") == []
    assert findings(f"# Title line\n\n{INTRO} {following}\n", "markdown") == []


@pytest.mark.parametrize("text, expected", [
    # not the lead: a second paragraph
    (f"Title line\n\nPrices rose in March.\n\n{INTRO}\n\n{NAMED}\n", [("DL003", 5, 69, f"'research suggests': {WHO}")]),
    # the next sentence names nobody, or another crowd
    (f"Title line\n\n{INTRO}\n\nPrices rose in March.\n", [INTRO_FINDING]),
    (f"Title line\n\n{INTRO}\n\nAnalysts said 40 firms had paid in more.\n",
     [INTRO_FINDING, ("DL003", 5, 1, f"'Analysts said': {WHO}")]),
    # named two sentences later: too far
    (f"Title line\n\n{INTRO}\n\nPrices rose in March. {NAMED}\n", [INTRO_FINDING]),
    # the writer's own description stays the writer's
    (f"Title line\n\nHe is one of the greatest players of all time.\n\n{NAMED}\n",
     [("DL003", 3, 7, "'one of the greatest': says who? Attribute the judgement or give the facts behind it")]),
])
def test_a_lead_not_attributed_next_or_a_claim_outside_the_lead_is_still_reported(
        text: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert findings(text) == expected


# --- study-carry: the respondents of a survey named in the sentence before -----------------------------------------

def test_the_crowd_after_a_survey_named_by_its_owner_is_covered() -> None:
    assert findings(f"{STORY}{SURVEY}\n") == []
    assert findings(f"{STORY}A BBC World Service poll found that voters are gloomy.\n\n"
                    "Most respondents said the economy was getting worse.\n") == []


@pytest.mark.parametrize("text, column, cue", [
    ("Voters are gloomy. Most respondents said the economy was getting worse.", 20, "Most respondents said"),
    # experts commenting on a survey are not its respondents
    ("A survey by YouGov found that voters are gloomy. Most economists said the economy was getting worse.", 50,
     "Most economists said"),
    # a survey without its owner names nobody
    ("A survey found that voters are gloomy. Most respondents said the economy was getting worse.", 40,
     "Most respondents said"),
])
def test_a_crowd_without_a_named_survey_before_it_is_still_reported(text: str, column: int, cue: str) -> None:
    assert findings(f"{STORY}{SURVEY}\n") == []
    assert findings(f"{STORY}{text}\n") == [("DL003", 5, column, f"'{cue}': {WHO}")]


# --- paraphrase-quote: a sentence right before its speaker's quotation ----------------------------------------------

@pytest.mark.parametrize("quotation", [
    QUOTED,
    "\"It was not the thing itself that changed lives,\" she said.",  # a singular pronoun: a speaker named before
    "\"It was not the thing itself. \"It was what people did with it,\" said Mr Donofrio.",  # two sentences
])
def test_a_paraphrase_right_before_its_speakers_quotation_is_covered(quotation: str) -> None:
    assert findings(f"{STORY}{PARAPHRASE}\n") == [PARAPHRASE_FINDING]
    assert findings(f"{STORY}{PARAPHRASE} {quotation}\n") == []


@pytest.mark.parametrize("following", [
    "The car changed lives.",  # no quotation
    "Mr Donofrio said: \"It was not the thing itself that changed lives.\"",  # the quotation does not open it
    "\"It was not the thing itself that changed lives,\" they said.",  # a crowd speaks
])
def test_a_sentence_not_followed_by_a_named_speakers_quotation_is_still_reported(following: str) -> None:
    assert findings(f"{STORY}{PARAPHRASE} {QUOTED}\n") == []
    assert findings(f"{STORY}{PARAPHRASE} {following}\n") == [PARAPHRASE_FINDING]


def test_the_advance_text_of_a_speech_is_covered_by_its_quotation() -> None:
    claim = "He is expected to say that the new figures are heartening."
    expected = ("DL003", 5, 4, "'is expected to': whose reading is this? Attribute the interpretation or drop it")
    assert findings(f"{STORY}{claim}\n") == [expected]
    assert findings(f"{STORY}{claim} \"We have shown together what can be done,\" he will say.\n") == []


def test_a_vague_source_in_a_paraphrase_still_counts() -> None:
    text = STORY + "{} \"Illegal spam must be stopped,\" said Greg Abbott.\n"
    assert findings(text.format("Spam is probably the worst problem for consumers.")) == []
    assert findings(text.format("Both men are thought to run the firms.")) == [
        ("DL003", 5, 10, f"'are thought': {WHO_SAYS}")]


# --- report-carry: a report whose outlet the sentence before or after names -------------------------------------

@pytest.mark.parametrize("text", [f"{REPORTED} {OUTLET}", f"{OUTLET} {REPORTED}"])
def test_a_report_whose_outlet_is_named_next_or_before_is_covered(text: str) -> None:
    assert findings(f"{STORY}{text}\n") == []


@pytest.mark.parametrize("following", [
    "The shake-up will be announced on Friday.",
    "Further reports had suggested that a bid was near.",  # "reports" as a noun names no outlet
    "The shake-up will be announced on Friday, analysts reported.",  # a crowd is no outlet
])
def test_a_report_whose_outlet_is_not_named_is_still_reported(following: str) -> None:
    assert findings(f"{STORY}{REPORTED} {following}\n") == [REPORTED_FINDING]


def test_only_the_report_is_covered_and_reports_in_a_place_name_no_outlet() -> None:
    text = (f"{STORY}Rank could sell its media business, reports claim, and experts agree it would be wise. "
            f"{OUTLET}\n")
    assert findings(text) == [("DL003", 5, 52, f"'and experts agree': {WHO}")]
    assert findings(f"{STORY}They will list in Hong Kong, according to press reports in China.\n") == [
        ("DL003", 5, 30, f"'according to press reports': {WHO}")]
    assert findings(f"{STORY}The writers are involved, according to reports in the Hollywood Reporter.\n") == []


# --- each setting switched off in the rule's YAML ----------------------------------------------------------------

def rules_with(tmp_path: Path, old: str, new: str) -> RuleSet:
    """The built-in DL003 with one line of its YAML replaced, as the only rule."""
    source = Path(RULES.find("DL003").source)
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (tmp_path / source.name).write_text(text.replace(old, new), encoding="utf-8")
    return load_rules(include_builtin=False, extra_dirs=[tmp_path])


@pytest.mark.parametrize("old, new, text, expected", [
    ("    named-later: 1\n", "    named-later: 0\n", f"{CLAIM} {NAMED_QUOTE}", CLAIM_FINDING),
    ("    named-later-families: [weasel_source]\n", "    named-later-families: []\n", f"{CLAIM} {NAMED_QUOTE}",
     CLAIM_FINDING),
    ("    study-carry: 1\n", "    study-carry: 0\n", SURVEY, SURVEY_FINDING),
    ("    paraphrase-quote: true\n", "    paraphrase-quote: false\n", f"{PARAPHRASE} {QUOTED}",
     PARAPHRASE_FINDING),
    ("    report-carry: 1\n", "    report-carry: 0\n", f"{REPORTED} {OUTLET}", REPORTED_FINDING),
])
def test_each_setting_switched_off_in_yaml_reports_again(tmp_path: Path, old: str, new: str, text: str,
                                                         expected: tuple[str, int, int, str]) -> None:
    assert findings(f"{STORY}{text}\n") == []
    assert findings(f"{STORY}{text}\n", rules=rules_with(tmp_path, old, new)) == [expected]


@pytest.mark.parametrize("old, new", [
    ("    lead-named-later: 1\n", "    lead-named-later: 0\n"),
    ("    lead-named-later-families: [weasel_source, hearsay, interpretation, hedge]\n",
     "    lead-named-later-families: [hearsay]\n"),
])
def test_lead_named_later_switched_off_in_yaml_reports_the_intro_again(tmp_path: Path, old: str, new: str) -> None:
    text = f"Title line\n\n{INTRO}\n\n{NAMED}\n"
    assert findings(text) == []
    assert findings(text, rules=rules_with(tmp_path, old, new)) == [INTRO_FINDING]


def test_named_later_quoted_off_lets_a_reported_named_party_name_the_crowd(tmp_path: Path) -> None:
    text = f"{STORY}{CLAIM} Mr Hegedus said many of the new jobs were only temporary.\n"
    assert findings(text) == [CLAIM_FINDING]
    rules = rules_with(tmp_path, "    named-later-quoted: true\n", "    named-later-quoted: false\n")
    assert findings(text, rules=rules) == []


# --- bad values: one line, at the value's line ------------------------------------------------------------------

@pytest.mark.parametrize("old, new, at, message", [
    ("    named-later: 1\n", "    named-later: -1\n", "value", "named-later must not be negative"),
    ("    named-later: 1\n", "    named-later: two\n", "value",
     "reach.nearby.named-later: expected integer, got a string"),
    ("    study-carry: 1\n", "    study-carry: -2\n", "value", "study-carry must not be negative"),
    ("    report-carry: 1\n", "    report-carry: -1\n", "value", "report-carry must not be negative"),
    ("    lead-named-later: 1\n", "    lead-named-later: -1\n", "value", "lead-named-later must not be negative"),
    ("    lead-named-later-families: [weasel_source, hearsay, interpretation, hedge]\n",
     "    lead-named-later-families: [gossip]\n", "reach",
     "reach.nearby.lead-named-later-families: unknown family 'gossip'"),
    ("    report-cue: '", "    report-cue: '(unclosed", "value", "invalid regular expression '(unclosed"),
    ("    paraphrase-quote: true\n", "    paraphrase-quote: sometimes\n", "value",
     "reach.nearby.paraphrase-quote: expected boolean, got a string"),
    # a family is checked against claim-cues, another block: the error names the key, at the reach block's line
    ("    named-later-families: [weasel_source]\n", "    named-later-families: [rumour]\n", "reach",
     "reach.nearby.named-later-families: unknown family 'rumour'"),
    ("    study-carry-families: [weasel_source, vague_quantity]\n", "    study-carry-families: [polls]\n", "reach",
     "reach.nearby.study-carry-families: unknown family 'polls'"),
    ("    study-outsiders: '", "    study-outsiders: '(unclosed", "value", "invalid regular expression '(unclosed"),
    ("    quote-speakers:\n", "    quote-speakers:\n      - '[a-'\n", "item",
     "invalid regular expression '[a-': unterminated character set at position 0"),
    ("    named-later-quoted: true\n", "    named-later-quoted: true\n    named-lator: 2\n", "item",
     "unknown key 'named-lator' in reach.nearby (did you mean 'named-later'?)"),
])
def test_a_bad_reach_value_is_a_one_line_error_at_its_line(tmp_path: Path, old: str, new: str, at: str,
                                                           message: str) -> None:
    source = Path(RULES.find("DL003").source)
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    value_line = text[: text.index(new)].count("\n") + 1
    line = {"value": value_line, "item": value_line + 1,
            "reach": text[: text.index("\nreach:\n")].count("\n") + 2}[at]
    with pytest.raises(SchemaError) as caught:
        load_rule(path)
    error = str(caught.value)
    assert "\n" not in error
    assert error.startswith(f"{path}:{line}: {message}")


@pytest.mark.parametrize("old, new, message", [
    ("    named-later: 1\n", "    named-later: 1\n    named-source: []\n", "named-later needs named-source"),
])
def test_a_setting_without_what_it_needs_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    source = Path(RULES.find("DL003").source)
    text = source.read_text(encoding="utf-8")
    start = text.index("    named-source:\n")
    end = text.index("    # The crowd of a survey")
    text = text[:start] + text[end:]
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_rule(path)
    line = text[: text.index(old)].count("\n") + 1
    assert str(caught.value) == f"{path}:{line}: {message}"


def test_lead_named_later_without_named_source_is_refused_at_its_line(tmp_path: Path) -> None:
    source = Path(RULES.find("DL003").source)
    text = source.read_text(encoding="utf-8")
    text = text[: text.index("    named-source:\n")] + text[text.index("    # The crowd of a survey"):]
    text = text.replace("    named-later: 1\n", "    named-later: 0\n")
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_rule(path)
    line = text[: text.index("    lead-named-later: 1\n")].count("\n") + 1
    assert str(caught.value) == f"{path}:{line}: lead-named-later needs named-source"
