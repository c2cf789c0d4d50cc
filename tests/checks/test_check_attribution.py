"""DL003 unattributed-claim (check kind ``attribution``): the cases of issue 3, Markdown handling, and the
parameter schema. Exact rule, line, column and message for every finding."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import helpers
import pytest
from conftest import run_cli

from doclint.checks import attribution, claim_scorer
from doclint.engine import lint_text
from doclint.rules import RuleSet, load_rule, load_rules
from doclint.schema import SchemaError

RULES = load_rules()
WHO = helpers.DL003_WHO
WHO_SAYS = helpers.DL003_WHO_SAYS
READING = helpers.DL003_READING


def findings(text: str, format: str = "text") -> list[tuple[str, int, int, str]]:
    return helpers.dl003_findings(text, RULES, format)


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
    ("He is said to be the finest violinist of his generation.", 4, "is said"),
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
    assert found.score >= prepared.threshold


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


def test_unknown_profile_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "profile: news\nprofiles: {default: {threshold: 1}}\n")
    assert load_error(path) == f"{path}:7: profile 'news' is not one of the profiles: default"


def test_a_profile_muting_an_unknown_family_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "profiles: {default: {muted-families: [hype]}}\n"
                                "claim-cues:\n  - family: claim\n    cues: {a: 1}\n")
    assert load_error(path) == f"{path}:7: profiles.default.muted-families: unknown family 'hype'"


def test_duplicate_family_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "claim-cues:\n  - family: hype\n  - family: hype\n")
    assert load_error(path) == f"{path}:7: claim-cues: family 'hype' is listed twice"


def test_unknown_message_placeholder(tmp_path: Path) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text(BASE.replace("{note}", "{reason}"), encoding="utf-8")
    assert load_error(path) == (f"{path}:5: message: unknown placeholder {{reason}}; "
                                "available: cue, family, note, score")


# --- issue 11: attribution per clause and across sentences, vague sources, quiet technical prose ------------------

@pytest.mark.parametrize("text, expected", [
    # a named source covers its own clause only: the participle clause is the writer's reading
    ("Smith labeled this a significant achievement, demonstrating an apparent readiness to foster ties.",
     [(3, 47, f"'demonstrating': {READING}")]),
    # ... but a trailing tag covers the whole sentence
    ("The plan could lead to improved relations, potentially easing tension, the ministry said on Tuesday.", []),
    # reported speech continues into a backshifted sentence, and a vague source does not carry
    ("Ms Sanders said the charity had called the police. The site would probably be shut down.", []),
    ("Analysts said the site was run from abroad. It would probably be hard to close.",
     [(3, 1, f"'Analysts said': {WHO}"), (3, 54, "'probably': whose guess? Attribute the speculation or state "
                                                 "what is known")]),
])
def test_attribution_reaches_its_clause_and_its_reported_speech(text: str, expected: list) -> None:
    assert [f[1:] for f in findings("Title line\n\n" + text + "\n")] == expected


@pytest.mark.parametrize("sentence, cue", [
    ("Analysts said the merger would collapse.", "Analysts said"),
    ("Critics warned that the scheme was doomed.", "Critics warned"),
    ("Sources told the newspaper that the bid was withdrawn.", "Sources told"),
    ("Officials said the deal would collapse.", "Officials said"),
    ("But senior officials believed the talks had failed.", "But senior officials believed"),
])
def test_vague_sources_in_the_past_tense_are_reported(sentence: str, cue: str) -> None:
    assert [f[3] for f in findings("Title line\n\n" + sentence + "\n")] == [f"'{cue}': {WHO}"]


@pytest.mark.parametrize("sentence", [
    "Treasury officials said the deal would collapse.",  # an affiliation an editor can check
    "Officials at the Treasury said the deal would collapse.",
    "The popularity of the web means many are turning away from TV, say analysts Jupiter Research.",
])
def test_an_affiliation_names_the_source(sentence: str) -> None:
    assert findings("Title line\n\n" + sentence + "\n") == []


@pytest.mark.parametrize("sentence, column, cue", [
    ("It is feared that 300 workers could lose their jobs.", 1, "It is feared"),
    ("The club is understood to have made an offer.", 10, "is understood"),
    ("The coach has been mentioned as a potential successor.", 11, "has been mentioned as"),
    ("Two men believed to be among the top spammers were sued.", 9, "believed to"),
])
def test_passive_hearsay_is_reported(sentence: str, column: int, cue: str) -> None:
    assert [(f[2], f[3]) for f in findings("Title line\n\n" + sentence + "\n")] == [(column, f"'{cue}': {WHO_SAYS}")]


@pytest.mark.parametrize("sentence", [
    "Many fans camped outside the stadium overnight.",
    "Shares fell by some 4% on Monday.",
    "Some handsets already feature a zoom lens.",
    "Roddick will open his campaign against Labadze.",  # a plain future is a fact
])
def test_vague_quantities_and_plain_futures_are_quiet_by_default(sentence: str) -> None:
    assert findings("Title line\n\n" + sentence + "\n") == []


def test_the_reference_profile_counts_vague_quantities() -> None:
    rule = RULES.find("DL003")
    params = dataclasses.replace(rule.params, profile="reference")
    reference = dataclasses.replace(rule, params=params, prepared=rule.kind.prepare(params))
    text = "Title line\n\nMany critics of the band have left the fan club, and some have sold their records.\n"
    assert [v.column for v in lint_text(text, format="text", rules=RuleSet((reference,)))] == [1]
    assert findings(text) == []


def test_the_profile_is_one_setting_in_configuration(work: Path) -> None:
    (work / "news.md").write_text("# News\n\nSome of the money was spent by several of the clubs.\n")
    assert run_cli("check", "--format", "concise", "news.md").exit_code == 0
    (work / ".doclint.yaml").write_text("rule-settings:\n  unattributed-claim: {profile: reference}\n")
    result = run_cli("check", "--format", "concise", "news.md")
    assert (result.exit_code, result.stdout.splitlines()[0][:31]) == (1, "news.md:3:1: DL003 unattributed")
    (work / ".doclint.yaml").write_text("rule-settings:\n  unattributed-claim: {profile: encyclopedic}\n")
    result = run_cli("check", "news.md")
    assert result.exit_code == 2
    assert "profile 'encyclopedic' is not one of the profiles: default, reference" in result.output


@pytest.mark.parametrize("text", [
    "Title\n\nWhen all is said and done, the build is faster.\n",
    "Title\n\nAn object is said to be immutable when none of its fields can change.\n",
    "Title\n\nYou can probably use the default value.\n",
    "Title\n\nThe sequences are commonly known as escape sequences.\n",
    "Title\n\nI think the vote is probably the most ridiculous result in years.\n",
])
def test_idioms_definitions_guidance_and_first_person_are_quiet(text: str) -> None:
    assert findings(text) == []


def test_code_in_a_sentence_makes_it_technical_prose() -> None:
    assert findings("# Paths\n\nThe `Path` parameter is probably a literal path.\n", "markdown") == []
    assert findings("# Paths\n\nThe path is probably a literal path.\n", "markdown") == [
        ("DL003", 3, 13, "'probably': whose guess? Attribute the speculation or state what is known")]


def test_a_blockquote_after_a_colon_is_a_quotation() -> None:
    text = "# Release\n\nThe director had this to say:\n\n> The release is probably the best the studio has shipped.\n"
    assert findings(text, "markdown") == []
    assert findings(text.replace("say:", "say."), "markdown") == [
        ("DL003", 5, 18, "'probably': whose guess? Attribute the speculation or state what is known")]


def test_readers_comments_after_a_first_person_writer_are_theirs() -> None:
    text = ("Title\n\nThe song won the vote on Thursday.\n\nI loved the show.\n\n"
            "Angels is arguably the most overrated song ever written.\n")
    assert findings(text) == []
    assert findings(text.replace("I loved the show.", "The show ended late.")) != []


def test_findings_carry_their_evidence_into_json() -> None:
    [violation] = lint_text("Title\n\nCritics say the program wastes money.\n", format="text", rules=RULES,
                            select=["DL003"])
    assert dict(violation.data) == {"cue": "Critics say", "family": "weasel_source", "score": violation.data["score"],
                                    "ngram": violation.data["ngram"], "profile": "default"}
    assert violation.data["score"] >= RULES.find("DL003").prepared.threshold
    assert violation.to_dict()["data"]["family"] == "weasel_source"


@pytest.mark.parametrize("pattern, strings", [
    (r"\b(?:some|many)\s+critics\s+say\b", [{"critics"}, {"some", "many"}]),
    (r"\bthe\s+(?:best|finest)\b", [{"best", "finest"}, {"the"}]),  # the most selective first
    (r"(?:\w+)?x", []),  # "x" may sit inside a word: no string to scan word starts for
])
def test_required_strings_of_a_pattern(pattern: str, strings: list) -> None:
    assert [set(found) for found in attribution.required_strings(pattern)] == strings


# --- issue 11, second round: schedules, questions, named judges, legal hedges, crowds, technical documents --------

@pytest.mark.parametrize("sentence", [
    "The final is expected to be held in Cardiff on 14 May.",  # a schedule, not a forecast
    "A decision is due to be announced before the end of the month.",
    "About 2,000 delegates are expected to attend the conference.",
    "The winger is likely to be drafted in if the captain fails to recover.",
    "The meeting during which it was supposed to have been discussed was cancelled.",
    "Is this the most exciting season in the history of the league?",  # a question asks
    "The phone has been named the best gadget of the decade by the magazine Gadget Weekly.",  # a named judge
    "There is no suggestion that the treasurer knew of the payments.",  # the legal disclaimer
    "The builder sued a former supplier who allegedly copied its designs.",  # the law's hedge
    "Transactions are widely used in data processing.",  # how far something is used is a measure
    "Estimates of the damage have varied widely.",
    "The trial, which is expected to last two months, opens on Monday.",
    "The minister is likely to name the date on Friday, the paper's political editor has learned.",
])
def test_schedules_questions_named_judges_and_legal_hedges_are_quiet(sentence: str) -> None:
    assert findings("Title line\n\n" + sentence + "\n") == []


@pytest.mark.parametrize("sentence, column, cue", [
    ("The economy is expected to shrink by 2% next year.", 13, "is expected to"),  # a forecast
    ("The bill passed, but open source developers argue that the patents are void.", 18,
     "but open source developers argue"),
    ("Security firms estimate that a million sites run the forum software.", 1, "Security firms estimate"),
    ("The hearing ended, and some panel members are worried that the firm would sue.", 20,
     "and some panel members are worried"),
])
def test_forecasts_and_crowds_with_modifiers_are_reported(sentence: str, column: int, cue: str) -> None:
    [(code, line, found_column, message)] = findings("Title line\n\n" + sentence + "\n")
    assert (code, line, found_column) == ("DL003", 3, column)
    assert message.startswith(f"'{cue}': ")


def test_a_technical_document_counts_only_vague_sources_hearsay_and_superlatives() -> None:
    text = ("# Jobs\n\nRun `Register-Job` once.\n\n"
            "The trigger is likely to fire twice, indicating that the job ran late.\n\n"
            "Critics say the module is too slow.\n")
    assert findings(text, format="markdown") == [("DL003", 7, 1, f"'Critics say': {WHO}")]
    without_code = text.replace("Run `Register-Job` once.", "Run the job once.")
    assert [f[1] for f in findings(without_code, format="markdown")] == [5, 7]


def test_the_shipped_patterns_are_valid() -> None:
    """Loading the built-in rule trusts its patterns (they are not compiled twice at every start); this checks
    them as a user's patterns would be checked."""
    from doclint.wordlists import validate_patterns

    params = RULES.find("DL003").params
    for family in params.claim_cues:
        validate_patterns(family.family, family.patterns)
    attribution_cues = params.attribution
    for key in ("subjects", "patterns", "citations", "quotes", "technical", "speakers"):
        validate_patterns(key, getattr(attribution_cues, key))
    validate_patterns("exceptions", params.exceptions)
    validate_patterns("affiliations", params.affiliations)
    validate_patterns("clauses.breaks", params.clauses.breaks)
    validate_patterns("technical-document", [params.technical_document])


def test_a_users_bad_pattern_is_still_refused(tmp_path: Path) -> None:
    assert "invalid regular expression" in load_error(write_rule(tmp_path, "exceptions: ['(?:unclosed']\n"))


def test_the_ngram_scorer_adds_its_weights_and_names_the_strongest(tmp_path: Path) -> None:
    weights = tmp_path / "weights.tsv"
    weights.write_text("# a comment\n2.0\tgame changer\n-0.5\tsaid\n0.25\tgame\n", encoding="utf-8")
    scorer = claim_scorer.NgramScorer(claim_scorer.read_weights(weights), clip=3.0)
    assert scorer.score("It is a Game changer, he said.") == (1.75, "game changer")
    assert claim_scorer.NgramScorer({"a": 5.0}, clip=3.0).score("a b") == (3.0, "a")
    weights.write_text("two\tgame\n", encoding="utf-8")
    with pytest.raises(ValueError, match="weights.tsv:1"):
        claim_scorer.read_weights(weights)


def test_a_rule_names_its_ngram_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "weights.tsv").write_text("1.5\tchanger\n", encoding="utf-8")
    monkeypatch.setattr(claim_scorer, "builtin_rules_dir", lambda: shipped)
    body = """threshold: 2
claim-cues:
  - family: hype
    note: says who?
    cues: {game: 1.0}
scorer:
  weights: weights.tsv
"""
    ruleset = RuleSet((load_rule(write_rule(tmp_path, body)),))
    flagged = lint_text("Title line\n\nIt is a game changer.\n", format="text", rules=ruleset)
    assert [(v.line, v.column, v.message, v.data["ngram"]) for v in flagged] == [(3, 9, "'game': says who?", "changer")]
    assert lint_text("Title line\n\nIt is a game.\n", format="text", rules=ruleset) == []


@pytest.mark.parametrize("name", ["/etc/passwd", "../../etc/passwd", "sub/weights.tsv", "..", "a\\\\b.tsv"])
def test_a_rule_may_not_name_a_weights_file_outside_doclints_rules(tmp_path: Path, name: str) -> None:
    # A rule file in a checked repository could otherwise make doclint read any file, and quote its first line in
    # the "expected 'weight<TAB>n-gram'" error.
    body = f"""threshold: 2
claim-cues:
  - family: hype
    note: says who?
    cues: {{game: 1.0}}
scorer:
  weights: '{name}'
"""
    assert "is a path; name a weights file in doclint's rule directory by its file name" in load_error(
        write_rule(tmp_path, body))
