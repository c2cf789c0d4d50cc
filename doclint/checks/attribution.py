"""Check kind ``attribution``: sentences that assert something without saying who says so.

The language lives in the rule YAML; this module is a small scored model over it. Every sentence gets

    score = bias + sum(weight of each distinct claim cue found that no attribution covers)
                 + clip(sum(weight of each distinct word and word pair of the sentence))

and is reported when ``score >= threshold`` and at least one uncovered cue has a positive weight: the cues trigger,
the n-grams (``claim_scorer``, weights in a data file named by ``scorer.weights``) weigh the context. The reported
cue is the uncovered cue with the largest weight (the earliest on ties), and the finding sits on that cue; its
``data`` also names the n-gram that added most. A sentence whose cues could not reach the threshold even with the
n-grams is not analysed further (most sentences cost one scan).

- Claim cues come in families (``claim-cues``), each with a ``note`` for the message: literal phrases (``cues``,
  case-blind, word-bounded, any whitespace between words) and regular expressions (``patterns``, matched on the
  lower-cased sentence). All literals of all families are compiled into ONE trie-shaped regex
  (``wordlists.literal_regex``) used as a look-ahead at every word start, and all patterns into ONE alternation
  of named groups. At one position only the longest literal and the first listed pattern count.
- ``profile`` picks one of ``profiles``: its threshold and the families it mutes (the default profile mutes vague
  quantities, which in news and documentation are counts, not sources). In a technical document (one that
  ``technical-document`` finds: a code fence, inline code) ``technical-muted-families`` do not count either.
- ``exceptions`` are spans (original case) inside which a claim cue does not count ("May 3", "some 300");
  ``affiliations`` are spans that say whom a crowd belongs to ("Treasury officials"): a vague-source cue touching
  one is no longer vague.
- Attribution covers clauses, not sentences. ``clauses.breaks`` cut a sentence into clauses (a participle clause
  after a comma, "while ...", "; ", ", but"). An attribution (a phrase like "according to", a reporting verb, a
  named subject with a stance verb) covers its own clause; one in the sentence's last few words (a trailing tag,
  "..., the ministry said") or "According to ..." at its start covers the whole sentence. A quotation covers its
  own span; citation markers and a first- or second-person speaker (``attribution.speakers``: "I think", "you
  can") cover the sentence. A reporting verb inside a cue of a ``vague-source`` family ("critics *say*") is not
  an attribution.
- ``reach`` carries attribution across sentences: into the sentence after "X said:", through a quotation that
  spans sentences, into a blockquote introduced by a block ending with a colon, into sentences of reported speech
  that follow an attributed one (``reported-speech``: backshifted "would", "could", ...; vague-source cues in them
  still count), and (``first-person-onward``) over every block from the first one whose writer speaks as "I"
  outside quotation marks (a readers' comments section).
- ``reach.nearby`` looks around a sentence that keeps an uncovered cue (only such a sentence: a few per article, so
  the look-around costs next to nothing). ``named-later``: a crowd that the next sentence names and quotes
  ("Some analysts say X." then '"...," Julio Hegedus, chief economist at Lopes Filho, told Reuters.') is that
  source; the sentence is covered whole. Decided on the judged BBC samples: only the crowd family
  (``weasel_source``) and only the next sentence that also quotes: hearsay ("is understood to", "is thought"),
  a second sentence further, or a named party that is merely reported ("Ms Sanders said DEC had contacted ...")
  removed more true findings than false ones. ``lead-named-later``: in a story's lead (its first paragraph after
  the headline) the next sentence may name the source quoted or not, and the other families count too: news
  writes its intro first ("..., research suggests.") and attributes it next ("A survey by IDS found ...").
  ``report-carry``: a cue that speaks of a report ("reportedly") when a sentence around names who reported.
  ``study-carry``: the crowd ("most respondents", "many") of the
  sentence after one that names a survey by its owner. ``paraphrase-quote``: a sentence right before a quotation
  whose tag names its speaker (or "he said") is the speaker's paraphrase; like reported speech, vague-source cues
  in it still count. Each is off when its setting is 0 or false.

Headings, code and front matter are never sentences (``Document.sentences``), so they are never reported.
"""

from __future__ import annotations

import bisect
import functools
import json
import re

try:  # the regular expression parser: re._parser since Python 3.11, sre_parse before
    from re import _parser as _sre_parse  # type: ignore[attr-defined]  # re._parser's node arguments are untyped tuples
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from doclint.checks import CheckKind, Finding
from doclint.checks.claim_scorer import NgramScorer, is_file_name, read_weights, weights_path
from doclint.document import BlockKind, Document, Sentence
from doclint.ruledirs import builtin_rules_dir
from doclint.safe_regex import LazyRegex, shipped_patterns
from doclint.schema import param
from doclint.wordlists import Match, literal_regex, normalise_literal, validate_literals, validate_patterns

_WS = re.compile(r"\s+")
# Words allowed between a named subject and its stance verb: "Smith has long argued", "she also believes".
# No forms of "to be": in "he is considered", "he" is what is considered, not who considers.
_SUBJECT_GAP = (r"\s+(?:(?:\w+ly|also|even|often|all|both|has|have|had|further|then|now|today|yesterday|long|later|once"
                r"|again|still|never|not|did|does|do|would|will)\s+){0,2}")
_QUOTE_CHARACTERS = re.compile(r"[\"“”]")


def _validate_patterns(key: str, patterns: Iterable[str]) -> None:
    """``wordlists.validate_patterns`` for the patterns a user wrote. The patterns of the built-in rule file are
    checked by the test suite (``tests/checks/test_check_attribution.py``), not again at every start: compiling
    DL003's few hundred patterns twice each took most of its load time."""
    shipped = shipped_patterns()
    validate_patterns(key, [pattern for pattern in patterns if pattern not in shipped])


@dataclass(frozen=True)
class CueFamily:
    family: str = param("claim", "Name of the family, reported in the finding's `family` argument.")
    note: str = param("who says so? Name the source or cite it",
                      "What the message says after the cue, e.g. 'who? Name the source or cite it'.")
    vague_source: bool = param(False, "The family's cues name a vague source ('critics say', 'it is said'): a "
                                      "reporting verb inside one of them does not count as an attribution, and "
                                      "reported speech carried from an earlier sentence does not cover them.")
    cues: dict[str, float] = param({}, "Literal phrases and their weights. Case does not matter, words are whole, "
                                       "and any whitespace matches a space.")
    patterns: dict[str, float] = param({}, "Regular expressions and their weights, matched on the lower-cased "
                                           "sentence at word starts and before , ; : ( and dashes.")

    def __post_init__(self) -> None:
        _validate_patterns(f"claim-cues[{self.family}].patterns", self.patterns)
        validate_literals(f"claim-cues[{self.family}].cues", self.cues)


@dataclass(frozen=True)
class AttributionCues:
    phrases: tuple[str, ...] = param([], "Literal phrases that attribute ('according to', 'told reporters').")
    speech_verbs: tuple[str, ...] = param([], "Words that attribute wherever they stand: 'said', 'told', 'wrote'.")
    passive_markers: tuple[str, ...] = param([], "Words after which a speech verb is passive and names nobody ('has "
                                                 "been added', 'was stated'): been, was, is.")
    subjects: tuple[str, ...] = param([], "Regular expressions for a named, pronoun or definite subject ('Smith', "
                                          "'she', 'the report', 'Sanders\u2019 aides'); with `subject-verbs` they find "
                                          "'Smith believes'. Case-blind; write (?-i:...) for case-sensitive parts.",
                                      regex=True)
    subject_verbs: tuple[str, ...] = param([], "Stance verbs that attribute only after one of `subjects` (up to two "
                                               "adverbs or auxiliaries between): believes, found, argued.")
    patterns: tuple[str, ...] = param([], "Further regular expressions that attribute (case-blind).", regex=True)
    citations: tuple[str, ...] = param([], "Citation markers, searched in the raw text (links and footnotes are "
                                           "blanked in the prose): '[12]', '[^1]', '](url)', '(Smith 2020)'. A "
                                           "marker covers its whole sentence.", regex=True)
    quotes: tuple[str, ...] = param([], "Quotation shapes (case-blind); each covers its own span.", regex=True)
    technical: tuple[str, ...] = param([], "Markers of technical prose, searched in the raw text (inline code): such a "
                                           "sentence states how software behaves and is covered whole.", regex=True)
    speakers: tuple[str, ...] = param([], "Regular expressions (case-blind; (?-i:...) for case-sensitive parts) "
                                          "for a first- or second-person speaker outside quotation marks ('I "
                                          "think', 'you can'): the sentence is its writer's own words or guidance "
                                          "and is covered whole.", regex=True)

    def __post_init__(self) -> None:
        if self.subject_verbs and not self.subjects:
            raise ValueError("attribution.subject-verbs needs subjects")
        validate_literals("attribution.phrases", self.phrases)
        validate_literals("attribution.speech-verbs", self.speech_verbs)
        validate_literals("attribution.subject-verbs", self.subject_verbs)
        for key, patterns in (("subjects", self.subjects), ("patterns", self.patterns),
                              ("citations", self.citations), ("quotes", self.quotes), ("speakers", self.speakers),
                              ("technical", self.technical)):
            _validate_patterns(f"attribution.{key}", patterns)


@dataclass(frozen=True)
class Clauses:
    breaks: tuple[str, ...] = param([], "Regular expressions (case-blind) where a new clause starts: an attribution "
                                        "in one clause does not cover the others.", regex=True)
    tag_words: int = param(8, "An attribution followed by at most this many words before the sentence ends is a "
                              "trailing tag ('..., the ministry said on Tuesday.') and covers the whole sentence.")

    def __post_init__(self) -> None:
        _validate_patterns("clauses.breaks", self.breaks)
        if self.tag_words < 0:
            raise ValueError("clauses.tag-words must not be negative")


@dataclass(frozen=True)
class Nearby:
    named_later: int = param(0, "A sentence with an uncovered cue of `named-later-families` (a vague source: "
                                "'some analysts say', 'it is hoped') is covered whole when one of the next this many "
                                "sentences names a specific source (`named-source`): news opens with the crowd and "
                                "names it in the next sentence or paragraph. The look-ahead stays in the sentence's "
                                "block and the block right after it (a heading or any other block between ends it). "
                                "0: never.")
    named_later_families: tuple[str, ...] = param([], "The families whose cues `named-later` covers (with them, "
                                                      "every cue of their sentence: the crowd's words are the "
                                                      "named source's). Crowds that speak ('critics say', 'it is "
                                                      "hoped'), not hedges or readings: a writer's 'may' is not "
                                                      "made anyone else's by a speaker quoted next.")
    named_later_quoted: bool = param(False, "`named-later` counts a following sentence only when it also quotes "
                                            "(one of `attribution.quotes`): the article gives the crowd a named "
                                            "voice ('\"...,\" said Julio Hegedus'), rather than reporting what a "
                                            "named party did or said about something else ('Ms Sanders said DEC "
                                            "had contacted registrars').")
    named_source: tuple[str, ...] = param([], "Regular expressions (case-blind; (?-i:...) for case-sensitive parts) "
                                              "for a specific source with a reporting verb, searched outside "
                                              "quotation marks: 'said Mr Donofrio', 'Rob Hirsch, of Retail Banking "
                                              "Research, said', 'according to Apacs'. Not a pronoun alone, not "
                                              "another crowd ('analysts said').", regex=True)
    lead_named_later: int = param(0, "A sentence of the lead (the first paragraph, with only headings before it) "
                                     "whose uncovered cues are of `lead-named-later-families` is covered when one of "
                                     "the next this many sentences names a specific source (`named-source`, quoted "
                                     "or not) or, with `report-carry`, who reported (`report-source`): news writes "
                                     "its intro first and attributes it in the next sentence or paragraph ('Research "
                                     "suggests ...' then 'A survey by IDS found ...'). The look-ahead stays in the "
                                     "lead and the block right after it. 0: never.")
    lead_named_later_families: tuple[str, ...] = param([], "The families whose cues `lead-named-later` covers "
                                                           "(not the writer's own description: superlatives).")
    study_carry: int = param(0, "A sentence with an uncovered cue of `study-carry-families` ('most respondents "
                                "said', 'many disagreed') is covered whole when one of the previous this many "
                                "sentences (same block or the block right before) names a survey, poll or study "
                                "by its owner (`study-source`): the crowd is its respondents. 0: never.")
    study_carry_families: tuple[str, ...] = param([], "The families whose cues `study-carry` covers.")
    study_outsiders: str = param("", "A regular expression (case-blind) for a crowd that is not a study's "
                                     "respondents, searched in the cue as written ('media analysts believe' after a "
                                     "survey are experts commenting on it): such a cue is not covered. Empty: none.",
                                 regex=True)
    study_source: tuple[str, ...] = param([], "Regular expressions (case-blind; (?-i:...) for case-sensitive parts) "
                                              "for a survey, poll or study named by its owner, searched outside "
                                              "quotation marks: 'a survey by YouGov', 'a BBC World Service poll'.",
                                          regex=True)
    report_carry: int = param(0, "A cue that speaks of a report ('reportedly', 'reports claim', 'is reported to'; "
                                 "its text matches `report-cue`) is covered when one of this many sentences after "
                                 "or before it names who reported (`report-source`): 'Rank could sell its media arm, "
                                 "reports claim.' then '..., the Sunday Telegraph reported.' 0: never.")
    report_cue: str = param("", "A regular expression (case-blind) for the text of a cue that speaks of a report.",
                            regex=True)
    report_source: tuple[str, ...] = param([], "Regular expressions (case-blind; (?-i:...) for case-sensitive "
                                               "parts) for a named outlet or body that reported, searched outside "
                                               "quotation marks: 'the Sunday Telegraph reported', 'according to "
                                               "reports in the Hollywood Reporter'.", regex=True)
    paraphrase_quote: bool = param(False, "A sentence right before one that opens with a quotation whose tag names "
                                          "its speaker (`named-source` or `quote-speakers`, searched after the "
                                          "quotation closes: '\"...,\" said Mr Donofrio.') is that speaker's "
                                          "paraphrase or the advance text of a speech: it is covered, except for "
                                          "cues of vague-source families (as in reported speech: 'Both are "
                                          "thought to be ...' names somebody else).")
    quote_speakers: tuple[str, ...] = param([], "Further regular expressions (case-blind) for the tag of a "
                                                "quotation that names one speaker for `paraphrase-quote`: a "
                                                "singular pronoun ('he said', 'she will say') stands for a speaker "
                                                "the article has named.", regex=True)

    def __post_init__(self) -> None:
        for key, value in (("named-later", self.named_later), ("study-carry", self.study_carry),
                           ("report-carry", self.report_carry), ("lead-named-later", self.lead_named_later)):
            if value < 0:
                raise ValueError(f"{key} must not be negative")
        for key, patterns in (("named-source", self.named_source), ("study-source", self.study_source),
                              ("quote-speakers", self.quote_speakers),
                              ("study-outsiders", (self.study_outsiders,) if self.study_outsiders else ()),
                              ("report-source", self.report_source),
                              ("report-cue", (self.report_cue,) if self.report_cue else ())):
            _validate_patterns(key, patterns)
        if self.named_later and not self.named_source:
            raise ValueError("named-later needs named-source")
        if self.lead_named_later and not self.named_source:
            raise ValueError("lead-named-later needs named-source")
        if self.study_carry and not self.study_source:
            raise ValueError("study-carry needs study-source")
        if self.report_carry and not (self.report_source and self.report_cue):
            raise ValueError("report-carry needs report-cue and report-source")
        if self.paraphrase_quote and not (self.named_source or self.quote_speakers):
            raise ValueError("paraphrase-quote needs named-source or quote-speakers")


@dataclass(frozen=True)
class Reach:
    colon_quote: bool = param(True, "A sentence after an attributed one that ends with a colon ('The treasurer "
                                    "said:') is attributed by it; so is a blockquote after a block ending with a "
                                    "colon ('X had this to say:').")
    colon_quote_pattern: str = param(r":\s*$", "How the previous sentence must end for `colon-quote`.", regex=True)
    quotation_spans: bool = param(True, "A sentence that starts inside a quotation opened in an earlier sentence of "
                                        "its block is covered up to the closing quotation mark.")
    reported_speech: str = param("", "A sentence right after an attributed one (same or next block) continues its "
                                     "reported speech when it matches this regular expression (case-blind), e.g. "
                                     "backshifted 'would', 'could'. Empty: never.", regex=True)
    first_person_onward: bool = param(False, "From the first sentence whose writer speaks in the first person "
                                             "outside quotation marks (the first of `attribution.speakers`: I, me, "
                                             "my), everything is its speaker's own (a readers' comments section).")
    nearby: Nearby = param(Nearby(), "What the sentences right around one with an uncovered cue say about it: "
                                     "a crowd named next, a survey named before, the speaker's quotation next.")


@dataclass(frozen=True)
class Profile:
    threshold: float = param(0.0, "A sentence is reported when its score reaches this value.")
    muted_families: tuple[str, ...] = param([], "Families whose cues do not count in this profile.")
    summary: str = param("", "What the profile is for (shown in the rule's documentation).")


@dataclass(frozen=True)
class Scorer:
    weights: str = param("", "A file of word n-gram weights (``claim_scorer``: one 'weight<TAB>n-gram' per line), "
                             "named by its file name in doclint's rule directory (a name, never a path: a checked "
                             "repository must not make doclint read outside it). Each distinct word and "
                             "word pair of a sentence adds its weight to the score of a sentence that has an "
                             "uncovered cue. Empty: no n-grams.")
    clip: float = param(3.0, "The n-grams' sum is clipped to [-clip, clip]: they weigh the context, the cues "
                             "trigger.")

    def __post_init__(self) -> None:
        if self.clip < 0:
            raise ValueError("scorer.clip must not be negative")
        if self.weights and not is_file_name(self.weights):
            raise ValueError(f"scorer.weights: {self.weights!r} is a path; name a weights file in doclint's rule "
                             "directory by its file name (a rule must not make doclint read files elsewhere)")


@dataclass(frozen=True)
class AttributionParams:
    profile: str = param("default", "Which of `profiles` to use: its threshold and muted families. Set it in "
                                    "configuration, e.g. rule-settings: {unattributed-claim: {profile: reference}}.")
    profiles: dict[str, Profile] = param({"default": Profile()}, "Named profiles: threshold and muted families.")
    threshold: float | None = param(None, "Overrides the profile's threshold when set. Lower it to report more (and "
                                          "weaker) claims.")
    bias: float = param(0.0, "Added to every sentence's score.")
    scorer: Scorer = param(Scorer(), "Word n-gram weights added to the score (fitted with the cue weights).")
    claim_cues: tuple[CueFamily, ...] = param([], "Families of claim cues (evaluation, speculation, hearsay, ...).")
    exceptions: tuple[str, ...] = param([], "Regular expressions (case-blind, on the sentence as written) for spans "
                                            "in which a claim cue does not count, e.g. the month in 'May 3'.",
                                        regex=True)
    affiliations: tuple[str, ...] = param([], "Regular expressions (case-blind, on the sentence as written) for spans "
                                              "that say whom a crowd belongs to ('Treasury officials', 'analysts at "
                                              "Gartner'): a vague-source cue that overlaps one does not count, and "
                                              "its reporting verb attributes.", regex=True)
    technical_document: str = param("", "A regular expression searched once in a document's raw text (e.g. a code "
                                        "fence or inline code): when it is found, the document is technical and "
                                        "`technical-muted-families` do not count in it. Empty: never.", regex=True)
    technical_muted_families: tuple[str, ...] = param([], "Families that do not count in a technical document "
                                                          "(predictions, hedges and evaluations there describe "
                                                          "software: 'is likely to fail', 'indicating that').")
    attribution: AttributionCues = param(AttributionCues(), "What attributes a clause to a source.")
    clauses: Clauses = param(Clauses(), "Where clauses start, and how far a trailing attribution reaches.")
    reach: Reach = param(Reach(), "How far an attribution reaches beyond its sentence.")

    def __post_init__(self) -> None:
        names = [family.family for family in self.claim_cues]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise ValueError(f"claim-cues: family {duplicated[0]!r} is listed twice")
        if self.profile not in self.profiles:
            raise ValueError(f"profile {self.profile!r} is not one of the profiles: {', '.join(sorted(self.profiles))}")
        for name, profile in self.profiles.items():
            unknown = [family for family in profile.muted_families if family not in names]
            if unknown and names:
                raise ValueError(f"profiles.{name}.muted-families: unknown family {unknown[0]!r}")
        _validate_patterns("exceptions", self.exceptions)
        unknown_technical = [family for family in self.technical_muted_families if family not in names]
        if unknown_technical and names:
            raise ValueError(f"technical-muted-families: unknown family {unknown_technical[0]!r}")
        _validate_patterns("affiliations", self.affiliations)
        for key, families in (("named-later-families", self.reach.nearby.named_later_families),
                              ("lead-named-later-families", self.reach.nearby.lead_named_later_families),
                              ("study-carry-families", self.reach.nearby.study_carry_families)):
            unknown_reach = [family for family in families if family not in names]
            if unknown_reach and names:
                raise ValueError(f"reach.nearby.{key}: unknown family {unknown_reach[0]!r}")

    @property
    def active_threshold(self) -> float:
        return self.profiles[self.profile].threshold if self.threshold is None else self.threshold


@dataclass(frozen=True)
class Cue:
    family: int  # index into AttributionParams.claim_cues
    weight: float
    text: str  # the literal or pattern as written


def _alternation(parts: list[str], flags: int = 0, patterns: tuple[str, ...] = ()) -> LazyRegex | None:
    return LazyRegex("|".join(f"(?:{part})" for part in parts), flags, patterns) if parts else None


@dataclass(frozen=True)
class PreparedAttribution:
    params: AttributionParams
    threshold: float
    scorer: NgramScorer | None
    gain: float  # the most the n-grams can add: a sentence whose cues cannot reach the threshold with it is skipped
    cues: tuple[Cue, ...]
    vague: tuple[bool, ...]  # per cue: does its family name a vague source?
    technical_muted: frozenset[int]  # cue indexes that do not count in a technical document
    technical_document_re: LazyRegex | None
    literal_index: dict[str, int]  # normalised literal -> index into cues
    literal_re: _LazyTrie | None
    pattern_cues: tuple[tuple[int, LazyRegex], ...]  # (cue index, its pattern), compiled when first needed
    required: LazyRequiredWords  # which pattern cues a sentence can possibly hold
    exceptions: PatternSet
    affiliations: PatternSet
    attribution_re: LazyRegex | None
    speech_re: LazyRegex | None
    passive_re: LazyRegex | None  # a passive marker right before a speech verb: "was stated" names nobody
    subject_re: LazyRegex | None  # a named subject and its stance verb: searched when such a verb occurs
    subject_verbs_re: LazyRegex | None
    quote_re: LazyRegex | None
    citation_re: LazyRegex | None
    technical_re: LazyRegex | None
    speaker_re: LazyRegex | None
    breaks_re: LazyRegex | None
    colon_quote_re: LazyRegex | None
    reported_re: LazyRegex | None
    first_person_re: LazyRegex | None
    named_source_re: LazyRegex | None  # reach.nearby.named-later: a specific source in a following sentence
    named_later_cues: frozenset[int]  # cue indexes that reach.nearby.named-later covers
    lead_cues: frozenset[int]  # cue indexes that reach.nearby.lead-named-later covers
    study_source_re: LazyRegex | None
    study_cues: frozenset[int]  # cue indexes that reach.nearby.study-carry covers
    study_outsiders_re: LazyRegex | None  # ... unless the cue's text names such a crowd
    quote_speaker_re: LazyRegex | None  # reach.nearby.paraphrase-quote: the tag of the quotation that follows
    report_cue_re: LazyRegex | None  # reach.nearby.report-carry: a cue that speaks of a report ...
    report_source_re: LazyRegex | None  # ... and who reported it, in a sentence around
    more_words_re: LazyRegex  # more than ``clauses.tag-words`` words follow (bounded: linear time)


@dataclass(frozen=True)
class RequiredWords:
    """A fast pre-check for pattern cues: literal strings that every match of a pattern must contain, worked out
    from the parsed pattern ("(?:some|many) critics (?:say|said)" needs "critics" and one of "say", "said"). One
    look-ahead scan for the first such set of every pattern, and a substring test for its second, tell which
    patterns a sentence can hold; only those run. Patterns with no such string always run."""

    scan: re.Pattern[str] | None
    patterns_of: dict[str, tuple[int, ...]]  # required string -> patterns needing it (or one of its prefixes)
    also: tuple[tuple[str, ...] | None, ...]  # per pattern: a second set of strings, one of which must be there too
    always: tuple[int, ...]
    # ``also`` as regexes, compiled when first needed: compiling them all up front was a third of DL003's start-up
    also_compiled: list[re.Pattern[str] | None] = field(default_factory=list, compare=False)

    @staticmethod
    def build(patterns: list[str]) -> RequiredWords:
        needs: dict[str, set[int]] = {}
        also: list[tuple[str, ...] | None] = []
        always = []
        for number, pattern in enumerate(patterns):
            sets = known_required_strings(pattern)
            also.append(tuple(sorted(sets[1])) if len(sets) > 1 else None)
            if not sets:
                always.append(number)
            for string in sets[0] if sets else ():
                needs.setdefault(string, set()).add(number)
        # the look-ahead reports the longest string at a position: a string also stands for its prefixes
        patterns_of = {string: tuple(sorted({n for k in range(1, len(string) + 1) for n in needs.get(string[:k], ())}))
                       for string in needs}
        scan = re.compile(r"\b(?=(" + literal_regex(sorted(needs), ignorecase=False, word_boundaries=False) + "))") \
            if needs else None
        return RequiredWords(scan, patterns_of, tuple(also), tuple(always), [None] * len(also))

    def candidates(self, lowered: str) -> list[int]:
        chosen = set(self.always)
        if self.scan is not None:
            for string in set(self.scan.findall(lowered)):
                chosen.update(self.patterns_of.get(string, ()))
        also = self.also
        compiled = self.also_compiled
        kept = []
        for number in sorted(chosen):
            strings = also[number]
            if strings is not None:
                pattern = compiled[number]
                if pattern is None:
                    pattern = compiled[number] = re.compile(literal_regex(list(strings), ignorecase=False,
                                                                          word_boundaries=False))
                if pattern.search(lowered) is None:
                    continue
            kept.append(number)
        return kept


class LazyRequiredWords:
    """``RequiredWords`` for ``patterns``, worked out when first asked: parsing a few hundred patterns is most of
    DL003's preparation, and a run that never reaches a sentence (or a worker that never gets a file) skips it."""

    __slots__ = ("_patterns", "_built")

    def __init__(self, patterns: list[str]) -> None:
        self._patterns = patterns
        self._built: RequiredWords | None = None

    def __reduce__(self) -> tuple[object, ...]:
        return (LazyRequiredWords, (self._patterns,))

    def candidates(self, lowered: str) -> list[int]:
        if self._built is None:
            self._built = RequiredWords.build(self._patterns)
        return self._built.candidates(lowered)


class PatternSet:
    """Case-blind regular expressions searched one by one, but only those whose required strings
    (``RequiredWords``, lower-cased) occur in the sentence: a long list costs little on the many sentences that
    hold none of its words."""

    __slots__ = ("_patterns", "_required")

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self._patterns = tuple(LazyRegex(p, re.IGNORECASE, (p,)) for p in patterns)
        # Case-blind: the strings are looked for in the lower-cased sentence, so they are lower-cased too; a
        # pattern with a case-sensitive part has that part left out of its requirements by ``required_strings``.
        self._required = LazyRequiredWords([_required_form(p) for p in patterns])

    def spans(self, text: str, lowered: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for candidate in self._required.candidates(lowered):
            found += [m.span() for m in self._patterns[candidate].finditer(text)]
        return found


def _required_form(pattern: str) -> str:
    """What ``PatternSet`` works out the required strings of, for ``pattern``."""
    return pattern if pattern == pattern.lower() else _lower_literals(pattern)


def _lower_literals(pattern: str) -> str:
    """``pattern`` for finding its required strings in lower-cased text: case-blind literals lower-cased. A
    pattern whose lower-casing would change its meaning (escapes such as \\S, \\W, \\B, \\D) gives no
    strings: it always runs."""
    if re.search(r"\\[A-Z]", pattern):
        return "(?:)"
    return pattern.lower()


# ``required_strings`` of the built-in rule's patterns, worked out ahead: parsing a few hundred patterns was most of
# DL003's preparation, paid by every run that reaches a sentence (half the start-up of a check of one small file).
# Keyed by the pattern's text, so a pattern that is not in it (a user's, or one changed since) is parsed as before.
# A test fails when it is stale; regenerate it with
#     python -c "from doclint.checks.attribution import write_required_strings_table as w; w()"
REQUIRED_STRINGS_TABLE = "DL003-unattributed-claim.required.json"


@functools.lru_cache(maxsize=1)
def _shipped_required_strings() -> dict[str, list[frozenset[str]]]:
    try:
        table = json.loads((builtin_rules_dir() / REQUIRED_STRINGS_TABLE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {pattern: [frozenset(strings) for strings in sets] for pattern, sets in table.items()}


def known_required_strings(pattern: str) -> list[frozenset[str]]:
    """``required_strings(pattern)``, from the shipped table when it holds ``pattern``."""
    found = _shipped_required_strings().get(pattern)
    return found if found is not None else required_strings(pattern)


def required_strings_table(params: AttributionParams) -> dict[str, list[list[str]]]:
    """``required_strings`` of every pattern of ``params`` that ``RequiredWords`` looks at (pattern cues of every
    family, whatever the profile mutes; exceptions and affiliations as ``PatternSet`` gives them), as JSON data."""
    patterns = [pattern for family in params.claim_cues for pattern in family.patterns]
    patterns += [_required_form(pattern) for pattern in (*params.exceptions, *params.affiliations)]
    return {pattern: [sorted(strings) for strings in required_strings(pattern)] for pattern in sorted(set(patterns))}


def write_required_strings_table() -> None:
    """Write the table of the built-in attribution rules (``REQUIRED_STRINGS_TABLE``)."""
    from doclint.rules import load_rules

    table: dict[str, list[list[str]]] = {}
    for rule in load_rules():
        if isinstance(rule.params, AttributionParams):
            table.update(required_strings_table(rule.params))
    lines = [f"{json.dumps(pattern, ensure_ascii=False)}: {json.dumps(sets, ensure_ascii=False)}"
             for pattern, sets in sorted(table.items())]  # a pattern a line, for readable diffs
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    (builtin_rules_dir() / REQUIRED_STRINGS_TABLE).write_text(text, encoding="utf-8")


def required_strings(pattern: str) -> list[frozenset[str]]:
    """Sets of literal strings such that every match of ``pattern`` contains one string of each set, the most
    selective first (at most two; none when nothing is certain, and then the pattern always runs). The first set's
    strings all start at a word start, so a scan may look at word starts only. Only plain, case-sensitive literal
    text counts."""
    try:
        parsed = _sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return []
    if parsed.state.flags & re.IGNORECASE:
        return []
    options, _ = _sequence_requirements(list(parsed), False)
    ranked = sorted(options, key=lambda option: (-min(map(len, option[0])), len(option[0])))
    first = next((strings for strings, at_word_start in ranked if at_word_start), None)
    if first is None:
        return []
    second = next((strings for strings, _ in ranked if strings != first), None)
    return [first] if second is None else [first, second]


_Requirement = tuple[frozenset[str], bool]  # strings, and whether each starts at a word start in every match


def _sequence_requirements(items: list[tuple[object, object]], at_start: bool) -> tuple[list[_Requirement], bool]:
    """Every set of strings that a match of the sequence ``items`` must contain one of, and whether the sequence
    ends at a word start (``at_start``: whether it begins at one; True only where that is certain)."""
    c = _sre_parse  # opcode names live in the parser module's namespace
    options: list[_Requirement] = []
    text, text_at_start = "", False
    boundary = at_start  # is the current position certainly a word start (or after a non-word character)?
    for op, av in items:
        if op is c.LITERAL:
            char = chr(av)  # type: ignore[arg-type]  # re._parser's node arguments are untyped tuples
            if not text:
                text_at_start = boundary
            text += char
            boundary = not (char.isalnum() or char == "_")
            continue
        if text:
            options.append((frozenset({text}), text_at_start))
            text = ""
        if op is c.AT:
            boundary = av in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING)
        elif op is c.IN:
            boundary = all(kind is c.CATEGORY and value in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD)
                           or kind is c.LITERAL and not (chr(value).isalnum() or chr(value) == "_")
                           for kind, value in cast(list[tuple[Any, int]], av))
        elif op is c.SUBPATTERN:
            add_flags, del_flags, body = av[1], av[2], av[3]  # type: ignore[index]  # re._parser's node arguments are untyped tuples
            found, boundary = _sequence_requirements(list(body), boundary)
            if not (add_flags | del_flags) & re.IGNORECASE:
                options += found
        elif op is c.BRANCH:
            results = [_sequence_requirements(list(branch), boundary) for branch in av[1]]  # type: ignore[index]  # re._parser's node arguments are untyped tuples
            bests = [_best(found) for found, _ in results]
            if all(bests):
                options.append((frozenset().union(*(b[0] for b in bests)), all(b[1] for b in bests)))  # type: ignore[index]  # re._parser's node arguments are untyped tuples
            boundary = all(end for _, end in results)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, body = cast(tuple[int, int, Any], av)
            found, end = _sequence_requirements(list(body), boundary)
            if boundary and not end and high != 1:  # a later repetition starts where the last one ended
                found, end = _sequence_requirements(list(body), False)
            if low >= 1:
                options += found
            boundary = end and (low >= 1 or boundary)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            pass  # zero-width: the position does not move
        else:
            boundary = False
    if text:
        options.append((frozenset({text}), text_at_start))
    return options, boundary


def _best(options: list[_Requirement]) -> _Requirement | None:
    return max(options, key=lambda option: (min(map(len, option[0])), -len(option[0]))) if options else None


class _LazyTrie:
    """``_literal_lookahead(phrases)``, compiled on first use (a literal trie: trusted to run on ``re``)."""

    __slots__ = ("_phrases", "_compiled")

    def __init__(self, phrases: list[str]) -> None:
        self._phrases = phrases
        self._compiled: re.Pattern[str] | None = None

    def __reduce__(self) -> tuple[object, ...]:
        return (_LazyTrie, (self._phrases,))

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        if self._compiled is None:
            self._compiled = _literal_lookahead(self._phrases)
        return self._compiled.finditer(string)


def _literal_lookahead(phrases: list[str]) -> re.Pattern[str]:
    """A look-ahead at every word start for the longest of ``phrases`` (a trie from ``wordlists``: literal, so
    ``re`` is safe and linear). The ``\b`` in front lets the engine skip the positions inside words; the rare
    phrase that starts with a non-word character ("-based") is looked for everywhere."""
    at_word = [p for p in phrases if p[:1].isalnum() or p[:1] == "_"]
    elsewhere = [p for p in phrases if p not in at_word]
    parts = []
    if at_word:
        parts.append(r"\b(?=(" + literal_regex(at_word, ignorecase=True) + "))")
    if elsewhere:
        parts.append("(?=(" + literal_regex(elsewhere, ignorecase=True) + "))")
    return re.compile("|".join(parts))


def muted_ngram_words(params: AttributionParams) -> frozenset[str]:
    """The one-word literal cues of the active profile's muted families ("many", "some", "several"): n-grams
    holding one of them do not count either, so that a muted family does not come back through the n-grams."""
    muted = set(params.profiles[params.profile].muted_families)
    return frozenset(normalise_literal(phrase, True) for family in params.claim_cues if family.family in muted
                     for phrase in family.cues if " " not in phrase.strip())


def prepare(params: AttributionParams) -> PreparedAttribution:
    """Compile the rule for its active profile: cues of muted families and cues of weight 0 are left out of the
    regexes altogether (they could not change a score), which also makes the scan cheaper."""
    profile = params.profiles[params.profile]
    muted = set(profile.muted_families)
    cues: list[Cue] = []
    literal_index: dict[str, int] = {}
    pattern_indexes: list[int] = []
    for family_index, family in enumerate(params.claim_cues):
        if family.family in muted:
            continue
        for phrase, weight in family.cues.items():
            key = normalise_literal(phrase, True)
            if weight != 0 and key not in literal_index:  # the first family that lists a phrase owns it
                literal_index[key] = len(cues)
                cues.append(Cue(family_index, weight, phrase))
        for pattern, weight in family.patterns.items():
            if weight != 0:
                pattern_indexes.append(len(cues))
                cues.append(Cue(family_index, weight, pattern))
    # A look-ahead at every position finds nested cues at different words ("it is widely believed" and "widely
    # believed"); at one start the longest literal wins.
    literal_re = _LazyTrie(sorted(literal_index)) if literal_index else None
    pattern_start = r"(?:\b|(?=[,;:\u2014\u2013(]))"
    pattern_cues = tuple((index, LazyRegex(f"{pattern_start}(?:{cues[index].text})", 0, (cues[index].text,)))
                         for index in pattern_indexes)
    attribution = params.attribution
    parts = [literal_regex(list(attribution.phrases), ignorecase=True)] if attribution.phrases else []
    parts += list(attribution.patterns)
    # Speech verbs are one trie; whether a passive marker stands before one ("was stated") is checked on the few
    # matches rather than by look-behinds tried at every position. Like every regex here, compiled when first
    # searched: a sentence without a claim cue needs none of the attribution regexes (start-up on a small file).
    speech_re = LazyRegex(literal_regex(attribution.speech_verbs, ignorecase=True), re.IGNORECASE) \
        if attribution.speech_verbs else None
    passive_re = LazyRegex(r"\b(?:" + "|".join(re.escape(normalise_literal(word, True))
                                              for word in attribution.passive_markers) + r") \Z", re.IGNORECASE) \
        if attribution.passive_markers else None
    subject_re = subject_verbs_re = None
    if attribution.subject_verbs and attribution.subjects:
        verbs = literal_regex(attribution.subject_verbs, ignorecase=True)
        subjects = "|".join(f"(?:{subject})" for subject in attribution.subjects)
        subject_re = LazyRegex(f"(?:{subjects}){_SUBJECT_GAP}(?P<doclint_stance_verb>{verbs})", re.IGNORECASE,
                               attribution.subjects)
        subject_verbs_re = LazyRegex(verbs)
    reach = params.reach
    nearby = reach.nearby
    speakers = (*nearby.named_source, *nearby.quote_speakers)  # the tag of a quotation that names its speaker
    scorer = None
    if params.scorer.weights:
        weights = read_weights(weights_path(params.scorer.weights))
        muted_words = muted_ngram_words(params)
        if muted_words:  # "many" must not lift a weak cue where vague quantities are muted
            weights = {gram: w for gram, w in weights.items() if muted_words.isdisjoint(gram.split())}
        scorer = NgramScorer(weights, params.scorer.clip)
    return PreparedAttribution(
        params=params,
        threshold=params.active_threshold,
        scorer=scorer,
        gain=params.scorer.clip if scorer is not None else 0.0,
        cues=tuple(cues),
        vague=tuple(params.claim_cues[cue.family].vague_source for cue in cues),
        technical_muted=frozenset(index for index, cue in enumerate(cues)
                                  if params.claim_cues[cue.family].family in params.technical_muted_families),
        technical_document_re=(_alternation([params.technical_document], 0, (params.technical_document,))
                               if params.technical_document else None),
        literal_index=literal_index,
        literal_re=literal_re,
        pattern_cues=pattern_cues,
        required=LazyRequiredWords([cues[index].text for index in pattern_indexes]),
        exceptions=PatternSet(params.exceptions),
        affiliations=PatternSet(params.affiliations),
        attribution_re=_alternation(parts, re.IGNORECASE, attribution.patterns),
        speech_re=speech_re,
        passive_re=passive_re,
        subject_re=subject_re,
        subject_verbs_re=subject_verbs_re,
        quote_re=_alternation(list(attribution.quotes), re.IGNORECASE, attribution.quotes),
        citation_re=_alternation(list(attribution.citations), re.IGNORECASE, attribution.citations),
        technical_re=_alternation(list(attribution.technical), 0, attribution.technical),
        speaker_re=_alternation(list(attribution.speakers), re.IGNORECASE, attribution.speakers),
        breaks_re=_alternation(list(params.clauses.breaks), re.IGNORECASE, params.clauses.breaks),
        colon_quote_re=(LazyRegex(reach.colon_quote_pattern, 0, (reach.colon_quote_pattern,))
                        if reach.colon_quote else None),
        reported_re=(_alternation([reach.reported_speech], re.IGNORECASE, (reach.reported_speech,))
                     if reach.reported_speech else None),
        first_person_re=(_alternation([attribution.speakers[0]], re.IGNORECASE, (attribution.speakers[0],))
                         if reach.first_person_onward and attribution.speakers else None),
        named_source_re=(_alternation(list(nearby.named_source), re.IGNORECASE, nearby.named_source)
                         if nearby.named_later or nearby.lead_named_later else None),
        named_later_cues=_cues_of(params, cues, nearby.named_later_families),
        lead_cues=(_cues_of(params, cues, nearby.lead_named_later_families) if nearby.lead_named_later
                   else frozenset()),
        study_source_re=(_alternation(list(nearby.study_source), re.IGNORECASE, nearby.study_source)
                         if nearby.study_carry else None),
        study_cues=_cues_of(params, cues, nearby.study_carry_families),
        study_outsiders_re=(_alternation([nearby.study_outsiders], re.IGNORECASE, (nearby.study_outsiders,))
                            if nearby.study_outsiders else None),
        quote_speaker_re=(_alternation(list(speakers), re.IGNORECASE, speakers) if nearby.paraphrase_quote else None),
        report_cue_re=(_alternation([nearby.report_cue], re.IGNORECASE, (nearby.report_cue,))
                       if nearby.report_carry else None),
        report_source_re=(_alternation(list(nearby.report_source), re.IGNORECASE, nearby.report_source)
                          if nearby.report_carry else None),
        more_words_re=LazyRegex(r"(?:\W*\b\w+\b){%d}" % (params.clauses.tag_words + 1)),
    )


def _cues_of(params: AttributionParams, cues: list[Cue], families: tuple[str, ...]) -> frozenset[int]:
    return frozenset(index for index, cue in enumerate(cues) if params.claim_cues[cue.family].family in families)


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # rare: a character whose lower case is longer ("İ"); keep it so offsets stay valid
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def cue_matches(sentence: str, prepared: PreparedAttribution, prune: bool = False) -> dict[int, tuple[int, int]]:
    """``{cue index: (start, end)}`` of the first occurrence of every claim cue in ``sentence``, before
    ``exceptions`` take their spans out. With ``prune``, pattern cues are not searched when even all of the
    candidates together could not lift the sentence to the threshold (the sentence is then pruned anyway)."""
    lowered = _lower_same_length(sentence)
    found: dict[int, tuple[int, int]] = {}
    if prepared.literal_re is not None:
        index_of = prepared.literal_index
        for match in prepared.literal_re.finditer(lowered):
            phrase = match.group(match.lastindex or 1)
            if not phrase:
                continue
            index = index_of.get(phrase)
            if index is None:
                index = index_of.get(normalise_literal(phrase, True))
            if index is not None and index not in found:
                found[index] = match.span(1)
    pattern_cues = prepared.pattern_cues
    candidates = prepared.required.candidates(lowered)
    if prune and candidates:
        cues = prepared.cues
        reachable = prepared.params.bias + prepared.gain + sum(max(cues[i].weight, 0.0) for i in found)
        reachable += sum(max(cues[pattern_cues[c][0]].weight, 0.0) for c in candidates)
        if reachable < prepared.threshold:
            return found
    for candidate in candidates:
        index, pattern = pattern_cues[candidate]
        if index not in found:
            cue = pattern.search(lowered)
            if cue is not None:
                found[index] = cue.span()
    return found


def _spans(pattern: LazyRegex | None, text: str) -> list[tuple[int, int]]:
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


def claim_hits(sentence: str, prepared: PreparedAttribution) -> dict[int, tuple[int, int]]:
    """``{cue index: (start, end)}`` of every claim cue in ``sentence`` that counts: not inside an exception, and
    (for a vague-source cue) not touching an affiliation."""
    found = cue_matches(sentence, prepared)
    lowered = _lower_same_length(sentence)
    if found:
        excepted = prepared.exceptions.spans(sentence, lowered)
        if excepted:
            found = {i: (s, e) for i, (s, e) in found.items() if not any(a <= s and e <= b for a, b in excepted)}
    if found and any(prepared.vague[i] for i in found):
        affiliated = prepared.affiliations.spans(sentence, lowered)
        if affiliated:
            found = {i: (s, e) for i, (s, e) in found.items()
                     if not (prepared.vague[i] and any(s <= b and a <= e for a, b in affiliated))}
    return found


@dataclass(frozen=True)
class Coverage:
    """What an attribution covers in one sentence: spans that cover every cue, and spans that cover only cues of
    families that are not vague sources (reported speech carried from an earlier sentence). ``named`` says
    whether the sentence itself names a source with a reporting or stance verb, so that its reported speech may
    continue into the next sentence."""

    spans: tuple[tuple[int, int], ...] = ()
    plain_spans: tuple[tuple[int, int], ...] = ()
    named: bool = False

    def covers(self, start: int, vague: bool) -> bool:
        return any(a <= start < b for a, b in self.spans) or (
            not vague and any(a <= start < b for a, b in self.plain_spans))


@dataclass(frozen=True)
class Context:
    """What earlier sentences say about this one."""

    covered_until: int | None = None  # an open quotation: covered up to here (len(sentence): all)
    whole: bool = False  # colon-quote, a quoted blockquote, a first-person section
    reported: bool = False  # the previous sentence named a source: reported speech may continue


def _attribution_spans(sentence: str, prepared: PreparedAttribution) -> list[tuple[int, int]]:
    """Spans of phrases, reporting verbs, patterns and named subjects with stance verbs that attribute, in order."""
    spans = _spans(prepared.attribution_re, sentence)
    # A verb written with a capital is part of a title ("Do They Know It's Christmas?") or an adjective opening
    # the sentence ("Predicted chart-topper ... is expected to"): it attributes nothing.
    if prepared.speech_re is not None:
        passive = prepared.passive_re
        spans += [m.span() for m in prepared.speech_re.finditer(sentence) if not sentence[m.start()].isupper()
                  and (passive is None or passive.search(sentence, max(0, m.start() - 12), m.start()) is None)]
    if prepared.subject_re is not None and prepared.subject_verbs_re is not None \
            and prepared.subject_verbs_re.search(_lower_same_length(sentence)) is not None:
        spans += [m.span() for m in prepared.subject_re.finditer(sentence)
                  if not sentence[m.start("doclint_stance_verb")].isupper()]
    return sorted(spans)


def _clause_starts(sentence: str, prepared: PreparedAttribution) -> list[int]:
    return [0, *(start for start, _ in _spans(prepared.breaks_re, sentence))]


def coverage(sentence: str, raw: str, hits: dict[int, tuple[int, int]], prepared: PreparedAttribution,
             context: Context = Context()) -> Coverage:
    """The spans of ``sentence`` that an attribution covers (see the module docstring)."""
    whole = ((0, len(sentence)),)
    if context.whole:
        return Coverage(whole)
    if prepared.citation_re is not None and prepared.citation_re.search(raw):
        return Coverage(whole)
    if prepared.technical_re is not None and prepared.technical_re.search(raw):
        return Coverage(whole)
    if prepared.speaker_re is not None and prepared.speaker_re.search(sentence):
        return Coverage(whole)
    spans: list[tuple[int, int]] = []
    if context.covered_until is not None:
        spans.append((0, context.covered_until))
    spans += _spans(prepared.quote_re, sentence)
    vague = [span for index, span in hits.items() if prepared.vague[index]]
    named = False
    starts: list[int] | None = None
    for start, end in _attribution_spans(sentence, prepared):
        if any(start < e and s < end for s, e in vague):
            continue  # the vague source speaking: "critics *say*"
        named = True
        if starts is None:
            starts = _clause_starts(sentence, prepared)
        clause = bisect.bisect_right(starts, start) - 1
        trailing = clause == len(starts) - 1 and prepared.more_words_re.match(sentence, end) is None
        if trailing or (start == 0 and sentence[:12].lower().startswith("according")):
            return Coverage(whole, named=True)
        clause_end = starts[clause + 1] if clause + 1 < len(starts) else len(sentence)
        spans.append((starts[clause], clause_end))
    plain: tuple[tuple[int, int], ...] = whole if context.reported else ()
    return Coverage(tuple(spans), plain, named)


@dataclass(frozen=True)
class Detection:
    start: int  # offsets of the reported cue in the sentence
    end: int
    family: CueFamily
    score: float
    cue: str  # the literal or pattern that fired, as written in the rule
    ngram: str = ""  # the n-gram that added most to the score (empty: none added)


def detect(sentence: str, prepared: PreparedAttribution, raw: str | None = None,
           previous: str | None = None, context: Context | None = None) -> Detection | None:
    """Score one sentence (its prose); ``raw`` is the same span as written, ``previous`` the sentence before it in
    the same block (for ``reach.colon-quote``), ``context`` what earlier sentences say about it."""
    hits, _ = uncovered_hits(sentence, prepared, raw, previous, context)
    return score(sentence, hits, prepared)


def uncovered_hits(sentence: str, prepared: PreparedAttribution, raw: str | None = None, previous: str | None = None,
                   context: Context | None = None, prune: bool = True,
                   matched: dict[int, tuple[int, int]] | None = None) -> tuple[dict[int, tuple[int, int]], bool]:
    """The claim cues of ``sentence`` that no attribution covers, and whether the sentence names a source (so that
    its reported speech may continue into the next one). With ``prune``, a sentence whose cues could not reach the
    threshold even uncovered is not analysed further (its hits come back empty). ``matched``: the sentence's
    ``cue_matches``, when already known."""
    context = context or Context()
    if previous and _colon_quoted(previous, prepared):
        context = Context(whole=True)
    hits = cue_matches(sentence, prepared) if matched is None else matched
    if not hits or (prune and not _may_reach(sentence, hits, prepared)):
        return {}, _names_source(sentence, prepared)
    hits = claim_hits(sentence, prepared)
    covered = coverage(sentence, sentence if raw is None else raw, hits, prepared, context)
    return {i: span for i, span in hits.items() if not covered.covers(span[0], prepared.vague[i])}, covered.named


def _may_reach(sentence: str, hits: dict[int, tuple[int, int]], prepared: PreparedAttribution) -> bool:
    """Whether ``hits``, all uncovered, could lift ``sentence`` to the threshold: the cues' positive weights, then
    (only when the cues fall short by less than the n-grams' clip) the n-grams' actual sum. Cheaper than working
    out what an attribution covers, which most sentences never need."""
    cues = prepared.cues
    best = prepared.params.bias + sum(max(cues[i].weight, 0.0) for i in hits)
    if best >= prepared.threshold:
        return True
    if prepared.scorer is None or best + prepared.gain < prepared.threshold:
        return False
    return best + prepared.scorer.score(sentence)[0] >= prepared.threshold


def score(sentence: str, hits: dict[int, tuple[int, int]], prepared: PreparedAttribution) -> Detection | None:
    """The detection for a sentence's uncovered ``hits``, when they reach the threshold."""
    if not hits:
        return None
    cues = prepared.cues
    total = prepared.params.bias
    best: tuple[float, int, int, int] | None = None
    for index, (start, end) in hits.items():
        weight = cues[index].weight
        total += weight
        if weight > 0 and (best is None or weight > best[0] or (weight == best[0] and start < best[1])):
            best = (weight, start, end, index)
    if best is None:
        return None
    ngram = ""
    if prepared.scorer is not None:
        gained, ngram = prepared.scorer.score(sentence)
        total += gained
    if total < prepared.threshold:
        return None
    _, start, end, index = best
    while start < end - 1 and not sentence[start].isalnum():
        start += 1  # ", signaling": the finding starts at the word, not at the comma the pattern needed
    cue = cues[index]
    return Detection(start, end, prepared.params.claim_cues[cue.family], round(total, 3), cue.text, ngram)


def _names_source(sentence: str, prepared: PreparedAttribution) -> bool:
    if prepared.reported_re is None:
        return False
    return bool(_attribution_spans(sentence, prepared))


def _colon_quoted(previous: str, prepared: PreparedAttribution) -> bool:
    if prepared.colon_quote_re is None or not prepared.colon_quote_re.search(previous):
        return False
    return bool(coverage(previous, previous, claim_hits(previous, prepared), prepared).named)


def _is_opening(text: str, index: int) -> bool:
    """Whether the quotation mark at ``text[index]`` opens a quotation: “ always, ” never, a straight one when
    nothing but a space, an opening bracket or a dash stands before it and a character follows it. A straight mark
    that opens while a quotation is open re-opens it: news writes a quotation of several sentences as
    '"First. "Second."', opening each sentence again."""
    char = text[index]
    if char != '"':
        return char == "“"
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:") and not after.isspace()


def _open_quote_end(prose: str, start: int, end: int, open_quote: bool) -> tuple[int | None, bool]:
    """For a sentence ``prose[start:end]`` that starts inside a quotation (``open_quote``): where in it the
    quotation closes (relative; the sentence's length when it does not). And whether a quotation is open after it."""
    covered_until: int | None = None
    state = open_quote
    for match in _QUOTE_CHARACTERS.finditer(prose, start, end):
        opening = _is_opening(prose, match.start())
        if state and not opening and open_quote and covered_until is None:
            covered_until = match.end() - start
        state = opening
    if open_quote and covered_until is None:
        covered_until = end - start
    return covered_until, state


def _unquoted(text: str) -> str:
    """``text`` with its quotations blanked (same length), by the rules of ``_is_opening``."""
    chars = list(text)
    opened: int | None = None
    for match in _QUOTE_CHARACTERS.finditer(text):
        index = match.start()
        if _is_opening(text, index):
            if opened is None:
                opened = index
        elif opened is not None:
            chars[opened : index + 1] = " " * (index + 1 - opened)
            opened = None
    if opened is not None:
        chars[opened:] = " " * (len(chars) - opened)
    return "".join(chars)


def detections(document: Document, prepared: PreparedAttribution) -> Iterator[tuple[Sentence, Detection]]:
    """Every sentence of ``document`` that reaches the rule's threshold, with what was detected in it."""
    prose = document.prose
    muted = (prepared.technical_muted if prepared.technical_muted and prepared.technical_document_re is not None
             and prepared.technical_document_re.search(document.text) is not None else frozenset())
    for sentence, hits in sentence_hits(document, prepared):
        if muted and hits:
            hits = {index: span for index, span in hits.items() if index not in muted}
        found = score(prose[sentence.start : sentence.end], hits, prepared)
        if found is not None:
            yield sentence, found


def sentence_hits(document: Document, prepared: PreparedAttribution,
                  prune: bool = True) -> Iterator[tuple[Sentence, dict[int, tuple[int, int]]]]:
    """Every sentence of ``document`` with its claim cues that no attribution covers (see ``uncovered_hits``),
    following attribution from sentence to sentence. Most sentences have no cue that could reach the threshold;
    they cost one scan, and whether they name a source is worked out only when the next sentence needs it."""
    sentences = document.sentences
    prose = document.prose
    reach = prepared.params.reach
    blocks = document.blocks
    open_quote = quote_marks_seen = False
    named_before: bool | None = False  # the previous sentence named a source (None: not worked out yet)
    previous_text = ""
    # where the writer first speaks as "I": from its sentence on, all is the speaker's own. Searched only when a
    # sentence first needs it: most documents have no sentence that could reach the threshold.
    speaker_from: int | None = None
    speaker_known = False
    colon_block = False  # the previous block ended with a colon: a blockquote after it is a quotation
    neighbours = (_Neighbours(document, prepared) if prepared.named_source_re is not None
                  or prepared.study_source_re is not None or prepared.quote_speaker_re is not None
                  or prepared.report_source_re is not None else None)
    for number, sentence in enumerate(sentences):
        first_of_block = not number or sentences[number - 1].block != sentence.block
        if first_of_block:
            # A quotation left open at the end of a paragraph goes on in the next one (a quotation of several
            # paragraphs); a paragraph without any quotation mark does not pass it further.
            quote_carried = open_quote and quote_marks_seen
            open_quote = quote_marks_seen = False
            if number:
                before = sentences[number - 1]
                adjacent = before.block == sentence.block - 1 or all(
                    blocks[i].kind is BlockKind.HEADING for i in range(before.block + 1, sentence.block))
                if not adjacent:
                    named_before = False
                open_quote = quote_carried and adjacent
                colon_block = (prepared.colon_quote_re is not None and adjacent
                               and prepared.colon_quote_re.search(prose, before.start, before.end) is not None)
        text = prose[sentence.start : sentence.end]
        quote_marks_seen = quote_marks_seen or _QUOTE_CHARACTERS.search(text) is not None
        covered_until, open_after = (_open_quote_end(prose, sentence.start, sentence.end, open_quote)
                                     if reach.quotation_spans else (None, False))
        matched = cue_matches(text, prepared, prune)
        if prune and (not matched or not _may_reach(text, matched, prepared)):
            named_before, previous_text, open_quote = None, text, open_after
            yield sentence, {}
            continue
        reported = False
        if prepared.reported_re is not None and prepared.reported_re.search(text) is not None:
            if named_before is None:
                named_before = _names_source(previous_text, prepared)
            reported = named_before
        if not speaker_known:
            speaker_from, speaker_known = _first_person_offset(document, prepared), True
        speaker_section = speaker_from is not None and speaker_from < sentence.end
        whole = speaker_section or (colon_block and blocks[sentence.block].kind is BlockKind.BLOCKQUOTE)
        previous = None if first_of_block else prose[sentences[number - 1].start : sentences[number - 1].end]
        context = Context(covered_until=covered_until if open_quote else None, whole=whole, reported=reported)
        hits, named = uncovered_hits(text, prepared, document.text[sentence.start : sentence.end], previous, context,
                                     prune, matched)
        named_before = named or reported
        previous_text = text
        open_quote = open_after
        if hits and neighbours is not None:
            hits = neighbours.uncovered(number, hits)
        yield sentence, hits


class _Neighbours:
    """What the sentences around one say, for ``reach.nearby``: ``named-later``, ``study-carry`` and ``paraphrase-quote``.
    Asked only for sentences that keep an uncovered cue (a few per article), and each neighbour is searched at
    most once per question: the rest of the document costs nothing."""

    __slots__ = ("_sentences", "_prose", "_prepared", "_unquoted", "_names", "_any_names", "_studies",
                 "_reporters", "_lead")

    def __init__(self, document: Document, prepared: PreparedAttribution) -> None:
        self._sentences = document.sentences
        self._prose = document.prose
        self._prepared = prepared
        self._unquoted: dict[int, str] = {}
        self._names: dict[int, bool] = {}  # named-later's question (a name, quoted if named-later-quoted)
        self._any_names: dict[int, bool] = {}  # lead-named-later's (a name, quoted or not)
        self._studies: dict[int, bool] = {}
        self._reporters: dict[int, bool] = {}
        # the lead: the first block that is not a heading, when it is a paragraph (a title, then the intro)
        first = next((i for i, block in enumerate(document.blocks) if block.kind is not BlockKind.HEADING), None)
        self._lead = (first if first is not None and prepared.lead_cues
                      and document.blocks[first].kind is BlockKind.PARAGRAPH else None)

    def uncovered(self, number: int, hits: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        """The ``hits`` of sentence ``number`` that its neighbours do not attribute."""
        prepared = self._prepared
        nearby = prepared.params.reach.nearby
        if prepared.named_source_re is not None and not prepared.named_later_cues.isdisjoint(hits) \
                and self._any(number, nearby.named_later, 1, prepared.named_source_re, self._names,
                              nearby.named_later_quoted):
            return {}
        if self._lead is not None and self._sentences[number].block == self._lead \
                and not prepared.lead_cues.isdisjoint(hits) and self._attributed_next(number):
            hits = {index: span for index, span in hits.items() if index not in prepared.lead_cues}
            if not hits:
                return {}
        if prepared.study_source_re is not None \
                and any(self._respondents(number, index, span) for index, span in hits.items()) \
                and self._any(number, nearby.study_carry, -1, prepared.study_source_re, self._studies):
            return {}
        if prepared.report_cue_re is not None and prepared.report_source_re is not None:
            hits = self._unreported(number, hits, prepared.report_cue_re, prepared.report_source_re)
            if not hits:
                return {}
        vague = prepared.vague
        if prepared.quote_speaker_re is not None and not all(vague[index] for index in hits) \
                and self._quotation_next(number, prepared.quote_speaker_re):
            # the speaker's paraphrase; a vague source in it is somebody else ("Both are thought to be ...")
            return {index: span for index, span in hits.items() if vague[index]}
        return hits

    def _attributed_next(self, number: int) -> bool:
        """Whether one of the sentences after the lead's sentence ``number`` names a source or who reported."""
        prepared = self._prepared
        count = prepared.params.reach.nearby.lead_named_later
        assert prepared.named_source_re is not None  # lead-named-later needs named-source
        return self._any(number, count, 1, prepared.named_source_re, self._any_names) or (
            prepared.report_source_re is not None
            and self._any(number, count, 1, prepared.report_source_re, self._reporters))

    def _unreported(self, number: int, hits: dict[int, tuple[int, int]], cue: LazyRegex,
                    source: LazyRegex) -> dict[int, tuple[int, int]]:
        """``hits`` without the cues that speak of a report when a sentence around names who reported."""
        start = self._sentences[number].start
        reports = [index for index, (a, b) in hits.items() if cue.search(self._prose[start + a : start + b])]
        if not reports:
            return hits
        count = self._prepared.params.reach.nearby.report_carry
        if not (self._any(number, count, 1, source, self._reporters)
                or self._any(number, count, -1, source, self._reporters)):
            return hits
        return {index: span for index, span in hits.items() if index not in reports}

    def _respondents(self, number: int, index: int, span: tuple[int, int]) -> bool:
        """Whether the cue ``index`` at ``span`` of sentence ``number`` may be a study's respondents."""
        prepared = self._prepared
        if index not in prepared.study_cues:
            return False
        if prepared.study_outsiders_re is None:
            return True
        start = self._sentences[number].start
        return prepared.study_outsiders_re.search(self._prose[start + span[0] : start + span[1]]) is None

    def _window(self, number: int, count: int, step: int) -> Iterator[int]:
        """Up to ``count`` sentences after (``step`` 1) or before (-1) sentence ``number``, within its block and
        the block right next to it: a heading or any other block between ends the window."""
        sentences = self._sentences
        block = sentences[number].block
        index = number
        for _ in range(count):
            index += step
            if not 0 <= index < len(sentences) or sentences[index].block not in (block, block + step):
                return
            yield index

    def _outside_quotes(self, index: int) -> str:
        text = self._unquoted.get(index)
        if text is None:
            sentence = self._sentences[index]
            text = self._unquoted[index] = _unquoted(self._prose[sentence.start : sentence.end])
        return text

    def _any(self, number: int, count: int, step: int, pattern: LazyRegex, known: dict[int, bool],
             quoted: bool = False) -> bool:
        for index in self._window(number, count, step):
            found = known.get(index)
            if found is None:
                found = known[index] = (not quoted or self._quotes(index)) and pattern.search(
                    self._outside_quotes(index)) is not None
            if found:
                return True
        return False

    def _quotes(self, index: int) -> bool:
        sentence = self._sentences[index]
        quote_re = self._prepared.quote_re
        return quote_re is not None and quote_re.search(self._prose[sentence.start : sentence.end]) is not None

    def _quotation_next(self, number: int, speaker: LazyRegex) -> bool:
        """Whether the next sentence opens a quotation whose tag, after it closes (in that sentence or a later one
        of the same block: '"First. "Second," said X.'), names its speaker."""
        following = next(self._window(number, 1, 1), None)
        if following is None:
            return False
        sentences, prose = self._sentences, self._prose
        first = sentences[following]
        text = prose[first.start : first.end]
        opening = first.start + len(text) - len(text.lstrip())
        if opening >= first.end or prose[opening] not in "\"“":
            return False
        index = following
        while index < len(sentences) and index - following < 6 and sentences[index].block == first.block:
            sentence = sentences[index]
            for mark in _QUOTE_CHARACTERS.finditer(prose, max(sentence.start, opening + 1), sentence.end):
                if not _is_opening(prose, mark.start()):
                    return speaker.search(_unquoted(prose[mark.end() : sentence.end])) is not None
            index += 1
        return False


def _first_person_offset(document: Document, prepared: PreparedAttribution) -> int | None:
    """The document offset where a writer first speaks in the first person outside quotation marks (one search
    over the prose; each hit is checked against the quotations of its own block)."""
    if prepared.first_person_re is None:
        return None
    prose = document.prose
    blocks = document.blocks
    starts = [block.start for block in blocks]
    position = 0
    while True:
        match = prepared.first_person_re.search(prose, position)
        if match is None:
            return None
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0 and match.start() < blocks[index].end and blocks[index].kind is not BlockKind.HEADING:
            block = blocks[index]
            unquoted = _unquoted(prose[block.start : block.end])
            found = prepared.first_person_re.search(unquoted, match.start() - block.start)
            if found is not None:
                return block.start + found.start()
            position = block.end
        else:
            position = match.end()


def run(document: Document, prepared: PreparedAttribution) -> Iterator[Finding]:
    for sentence, found in detections(document, prepared):
        cue = _WS.sub(" ", document.prose[sentence.start + found.start : sentence.start + found.end])
        yield Finding(
            sentence.start + found.start,
            sentence.start + found.end,
            {"cue": cue, "note": found.family.note, "family": found.family.family, "score": found.score},
            data={"cue": cue, "family": found.family.family, "score": found.score, "ngram": found.ngram,
                  "profile": prepared.params.profile},
        )


KIND = CheckKind(
    name="attribution",
    summary="Sentences that assert an evaluation, speculation or generalisation without naming who says so.",
    params=AttributionParams,
    run=run,
    prepare=prepare,
    message_fields=frozenset({"cue", "note", "family", "score"}),
)
