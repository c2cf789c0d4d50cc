"""Check kind ``attribution``: sentences that assert something without saying who says so.

The language lives in the rule YAML; this module is a small scored model over it. Every sentence gets

    score = bias + sum(weight of each distinct claim cue found)  [+ attribution.weight when attributed]

and is reported when ``score >= threshold`` and at least one cue with a positive weight was found. The reported
cue is the found cue with the largest weight (the earliest on ties), and the finding sits on that cue.

- Claim cues come in families (``claim-cues``), each with a ``note`` for the message: literal phrases (``cues``,
  case-blind, word-bounded, any whitespace between words) and regular expressions (``patterns``, matched on the
  lower-cased sentence). All literals of all families are compiled into ONE trie-shaped regex used as a look-ahead
  at every word start, and all patterns into ONE alternation of named groups, so a sentence costs two C-level
  scans however long the lexicon is. At one position only the longest literal and the first listed pattern count.
- ``exceptions`` are spans (original case) inside which a claim cue does not count ("May 3", "some 300").
- ``attribution`` says who stands behind the sentence: phrases ("according to"), reporting verbs that attribute
  wherever they stand ("..., the ministry said"), stance verbs after a named or definite subject ("Smith believes",
  "the report found"), quotations, and citation markers. Citation markers are searched in the document's raw text,
  because links, footnote references and HTML are blanked in the prose; everything else reads the prose. A reporting
  verb inside a cue of a ``vague-source`` family ("critics *say*", "it is *said*") is not an attribution.
- ``reach.colon-quote``: a sentence after one that ends with a colon and is itself attributed ("The treasurer
  said:") is attributed by it.

Headings, code and front matter are never sentences (``Document.sentences``), so they are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import Document, Sentence
from doclint.safe_regex import compile_user_pattern, pattern_error
from doclint.schema import param

_WS = re.compile(r"\s+")
# Words allowed between a named subject and its stance verb: "Smith has long argued", "she also believes".
# No forms of "to be": in "he is considered", "he" is what is considered, not who considers.
_SUBJECT_GAP = (r"\s+(?:(?:\w+ly|also|even|often|all|both|has|have|had|further|then|now|today|yesterday|long|later|once"
                r"|again|still|never|not|did|does|do|would|will)\s+){0,2}")


def _validate_regexes(what: str, patterns: Iterable[str]) -> None:
    for pattern in patterns:
        error = pattern_error(pattern)  # also refuses patterns nested too deeply to parse, instead of crashing
        if error is not None:
            raise ValueError(f"{what}: invalid regular expression {pattern!r}: {error}") from None


@dataclass(frozen=True)
class CueFamily:
    family: str = param("claim", "Name of the family, reported in the finding's `family` argument.")
    note: str = param("who says so? Name the source or cite it",
                      "What the message says after the cue, e.g. 'who? Name the source or cite it'.")
    vague_source: bool = param(False, "The family's cues name a vague source ('critics say', 'it is said'): a "
                                      "reporting verb inside one of them does not count as an attribution.")
    cues: dict[str, float] = param({}, "Literal phrases and their weights. Case does not matter, words are whole, "
                                       "and any whitespace matches a space.")
    patterns: dict[str, float] = param({}, "Regular expressions and their weights, matched on the lower-cased "
                                           "sentence at word starts and before , ; : ( and dashes.")

    def __post_init__(self) -> None:
        _validate_regexes(f"claim-cues[{self.family}].patterns", self.patterns)
        for phrase in self.cues:
            if not phrase.strip():
                raise ValueError(f"claim-cues[{self.family}].cues: empty phrase")


@dataclass(frozen=True)
class AttributionCues:
    weight: float = param(-100.0, "Added to the score of an attributed sentence (a large negative value is a veto).")
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
                                           "blanked in the prose): '[12]', '[^1]', '](url)', '(Smith 2020)'.",
                                       regex=True)
    quotes: tuple[str, ...] = param([], "Quotation shapes that carry their speaker (case-blind).", regex=True)

    def __post_init__(self) -> None:
        if self.weight > 0:
            raise ValueError("attribution.weight must not be positive: an attribution never makes a claim stronger")
        if self.subject_verbs and not self.subjects:
            raise ValueError("attribution.subject-verbs needs subjects")


@dataclass(frozen=True)
class Reach:
    colon_quote: bool = param(True, "A sentence after an attributed one that ends with a colon ('The treasurer "
                                    "said:') is attributed by it.")
    colon_quote_pattern: str = param(r":\s*$", "How the previous sentence must end for `colon-quote`.", regex=True)


@dataclass(frozen=True)
class AttributionParams:
    threshold: float = param(0.0, "A sentence is reported when its score reaches this value. Lower it to report "
                                  "more (and weaker) claims.")
    bias: float = param(0.0, "Added to every sentence's score.")
    claim_cues: tuple[CueFamily, ...] = param([], "Families of claim cues (evaluation, speculation, hearsay, ...).")
    exceptions: tuple[str, ...] = param([], "Regular expressions (case-blind, on the sentence as written) for spans "
                                            "in which a claim cue does not count, e.g. the month in 'May 3'.",
                                        regex=True)
    attribution: AttributionCues = param(AttributionCues(), "What attributes a sentence to a source.")
    reach: Reach = param(Reach(), "How far an attribution reaches beyond its sentence.")

    def __post_init__(self) -> None:
        names = [family.family for family in self.claim_cues]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise ValueError(f"claim-cues: family {duplicated[0]!r} is listed twice")


@dataclass(frozen=True)
class Cue:
    family: int  # index into AttributionParams.claim_cues
    weight: float


@dataclass(frozen=True)
class PreparedAttribution:
    params: AttributionParams
    cues: tuple[Cue, ...]
    literal_index: dict[str, int]  # normalised literal -> index into cues
    literal_re: re.Pattern[str] | None
    pattern_re: "_LazyPattern | None"  # compiled when a sentence needs it
    pattern_prefilter: object  # re.Pattern or SafePattern: any pattern cue at all? (fast; most sentences have none)
    exceptions_re: "_LazyPattern | None"
    attribution_re: "_LazyPattern | None"
    quote_re: "_LazyPattern | None"
    citation_re: "_LazyPattern | None"
    colon_quote_re: object  # re.Pattern or SafePattern


def trie_regex(phrases: Iterable[str]) -> str:
    """Lower-case, single-spaced phrases -> one trie-shaped alternation (a space matches any whitespace), so the
    regex engine rejects a non-cue word after a character or two instead of trying every phrase."""
    trie: dict[str, dict] = {}
    longest = 0
    for phrase in phrases:
        longest = max(longest, len(phrase))
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + build(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    if longest < _MAX_RECURSIVE_PHRASE:
        return build(trie)
    return _build_iteratively(trie)


# ``trie_regex`` recurses once per character; longer phrases (a cue thousands of characters long, in a hostile
# rule file) are rendered by ``_build_iteratively``, which gives the same regex a little more slowly.
_MAX_RECURSIVE_PHRASE = 200


def _build_iteratively(trie: dict[str, dict]) -> str:
    rendered: dict[int, str] = {}
    stack: list[tuple[dict[str, dict], bool]] = [(trie, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((node[char], False) for char in node if char)
            continue
        branches = [(r"\s+" if char == " " else re.escape(char)) + rendered.pop(id(node[char]))
                    for char in sorted(node) if char]
        body = "" if not branches else branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        rendered[id(node)] = f"(?:{body})?" if "" in node and body else body
    return rendered[id(trie)]


def _normalise(phrase: str) -> str:
    return _WS.sub(" ", phrase.strip().lower())


def _literal_regex(phrase: str) -> str:
    """'according to' -> a whitespace-flexible regex with word boundaries where the phrase has word edges."""
    words = phrase.split()
    body = r"\s+".join(re.escape(word) for word in words)
    return (r"\b" if re.match(r"\w", words[0]) else "") + body + (r"\b" if re.search(r"\w$", words[-1]) else "")


class _LazyPattern:
    """A regular expression compiled on first use. Compiling DL003's big alternations takes a good part of a
    second (Python compiles regexes in Python); most runs need only the two scanned on every sentence."""

    __slots__ = ("_source", "_flags", "_patterns", "_compiled")

    def __init__(self, source: str, flags: int = 0, patterns: tuple[str, ...] = ()) -> None:
        self._source = source
        self._flags = flags
        self._patterns = patterns  # the user-written patterns inside: time-bounded unless they ship with doclint
        self._compiled: object = None

    def __reduce__(self) -> tuple[object, ...]:  # rules are pickled for worker processes; compile there
        return (_LazyPattern, (self._source, self._flags, self._patterns))

    def __getattr__(self, name: str) -> object:
        if self._compiled is None:
            self._compiled = compile_user_pattern(self._source, self._flags, self._patterns)
        return getattr(self._compiled, name)


def _alternation(parts: list[str], flags: int = 0, patterns: Iterable[str] = ()) -> _LazyPattern | None:
    return _LazyPattern("|".join(f"(?:{part})" for part in parts), flags, tuple(patterns)) if parts else None


def _literal_lookahead(phrases: list[str]) -> re.Pattern[str]:
    """A look-ahead at every word start for the longest of ``phrases`` (literal, so ``re`` is safe). A trie whose
    phrases nest too deeply for ``re``'s parser ("a", "a a", "a a a", ...) becomes a flat alternation, longest
    first, which finds the same phrase."""
    try:
        return re.compile(r"\b(?=(" + trie_regex(phrases) + r")\b)")
    except RecursionError:
        flat = "|".join(r"\s+".join(map(re.escape, phrase.split(" "))) for phrase in sorted(phrases, key=len, reverse=True))
        return re.compile(r"\b(?=(" + flat + r")\b)")


def prepare(params: AttributionParams) -> PreparedAttribution:
    cues: list[Cue] = []
    literal_index: dict[str, int] = {}
    pattern_groups: list[str] = []
    for family_index, family in enumerate(params.claim_cues):
        for phrase, weight in family.cues.items():
            key = _normalise(phrase)
            if key not in literal_index:  # the first family that lists a phrase owns it
                literal_index[key] = len(cues)
                cues.append(Cue(family_index, weight))
        for pattern, weight in family.patterns.items():
            pattern_groups.append(f"(?P<c{len(cues)}>{pattern})")
            cues.append(Cue(family_index, weight))
    # A look-ahead at every word start finds nested cues at different words ("it is widely believed" and
    # "widely believed"); at one start the longest literal wins.
    literal_re = _literal_lookahead(sorted(literal_index)) if literal_index else None
    pattern_start = r"(?:\b|(?=[,;:\u2014\u2013(]))"
    cue_patterns = tuple(pattern for family in params.claim_cues for pattern in family.patterns)
    pattern_re = (_LazyPattern(pattern_start + "(?=" + "|".join(pattern_groups) + ")", 0, cue_patterns)
                  if pattern_groups else None)
    # The look-ahead scan above finds overlapping cues but tries every pattern at every position. Most sentences
    # have no pattern cue, so a plain search at word starts decides first whether the scan is needed; patterns'
    # own leading \b go, since one \b in front lets the engine skip non-word-starts quickly. (A cue led by a
    # comma or dash counts when a word precedes it, as it does in prose: "a shift, signaling ...".)
    plain = [pattern.removeprefix("\\b") for family in params.claim_cues for pattern in family.patterns]
    pattern_prefilter = (compile_user_pattern(r"\b(?:" + "|".join(f"(?:{p})" for p in plain) + ")", 0, cue_patterns)
                         if plain else None)

    attribution = params.attribution
    parts = [_literal_regex(phrase) for phrase in attribution.phrases if phrase.strip()]
    parts += list(attribution.patterns)
    if attribution.speech_verbs:
        not_passive = "".join(f"(?<!\\b{re.escape(_normalise(word))} )" for word in attribution.passive_markers)
        parts.append(r"\b" + not_passive + "(?:" + trie_regex(sorted({_normalise(v) for v in attribution.speech_verbs}))
                     + r")\b")
    if attribution.subject_verbs and attribution.subjects:
        verbs = trie_regex(sorted({_normalise(v) for v in attribution.subject_verbs}))
        subjects = "|".join(f"(?:{subject})" for subject in attribution.subjects)
        parts.append(f"(?:{subjects}){_SUBJECT_GAP}(?:{verbs})\\b")
    return PreparedAttribution(
        params=params,
        cues=tuple(cues),
        literal_index=literal_index,
        literal_re=literal_re,
        pattern_re=pattern_re,
        pattern_prefilter=pattern_prefilter,
        exceptions_re=_alternation(list(params.exceptions), re.IGNORECASE, params.exceptions),
        attribution_re=_alternation(parts, re.IGNORECASE, (*attribution.patterns, *attribution.subjects)),
        quote_re=_alternation(list(attribution.quotes), re.IGNORECASE, attribution.quotes),
        citation_re=_alternation(list(attribution.citations), re.IGNORECASE, attribution.citations),
        colon_quote_re=(compile_user_pattern(params.reach.colon_quote_pattern) if params.reach.colon_quote
                        else None),
    )


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # rare: a character whose lower case is longer ("İ"); keep it so offsets stay valid
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def claim_hits(sentence: str, prepared: PreparedAttribution) -> dict[int, tuple[int, int]]:
    """``{cue index: (start, end)}`` of the first occurrence of every claim cue in ``sentence``."""
    return drop_excepted(sentence, cue_matches(sentence, prepared), prepared)


def cue_matches(sentence: str, prepared: PreparedAttribution) -> dict[int, tuple[int, int]]:
    """Like ``claim_hits``, before ``exceptions`` take their spans out."""
    lowered = _lower_same_length(sentence)
    found: dict[int, tuple[int, int]] = {}
    if prepared.literal_re is not None:
        index_of = prepared.literal_index
        for match in prepared.literal_re.finditer(lowered):
            phrase = match.group(1)
            index = index_of.get(phrase)
            if index is None:
                index = index_of.get(_WS.sub(" ", phrase))
            if index is not None and index not in found:
                found[index] = match.span(1)
    if prepared.pattern_re is not None and prepared.pattern_prefilter.search(lowered):  # type: ignore[union-attr]
        for match in prepared.pattern_re.finditer(lowered):
            group = match.lastgroup
            if group is not None:
                index = int(group[1:])
                if index not in found:
                    found[index] = match.span(group)
    return found


def drop_excepted(sentence: str, found: dict[int, tuple[int, int]],
                  prepared: PreparedAttribution) -> dict[int, tuple[int, int]]:
    if found and prepared.exceptions_re is not None:
        excepted = [match.span() for match in prepared.exceptions_re.finditer(sentence)]
        if excepted:
            found = {index: (start, end) for index, (start, end) in found.items()
                     if not any(a <= start and end <= b for a, b in excepted)}
    return found


def is_attributed(sentence: str, raw: str, hits: dict[int, tuple[int, int]], prepared: PreparedAttribution) -> bool:
    """Does the sentence name who says it? ``raw`` is the sentence as written, for citation markers.

    A vague source is no source: a match that overlaps a cue of a ``vague-source`` family is that source speaking
    ("critics *say*", "those *who feel*", "the minister *reportedly offered*"). A quotation counts unless such a
    cue stands outside it ("Critics called it 'a waste of ...'"); one inside it is the quoted speaker's word."""
    if prepared.citation_re is not None and prepared.citation_re.search(raw):
        return True
    families = prepared.params.claim_cues
    vague = [span for index, span in hits.items() if families[prepared.cues[index].family].vague_source]
    if prepared.attribution_re is not None:
        for match in prepared.attribution_re.finditer(sentence):
            start, end = match.span()
            if not any(start < e and s < end for s, e in vague):
                return True
    if prepared.quote_re is not None:
        for match in prepared.quote_re.finditer(sentence):
            start, end = match.span()
            if all(start <= s and e <= end for s, e in vague):
                return True
    return False


@dataclass(frozen=True)
class Detection:
    start: int  # offsets of the reported cue in the sentence
    end: int
    family: CueFamily
    score: float


def detect(sentence: str, prepared: PreparedAttribution, raw: str | None = None,
           previous: str | None = None) -> Detection | None:
    """Score one sentence (its prose); ``raw`` is the same span as written, ``previous`` the sentence before it in
    the same block (for ``reach.colon-quote``)."""
    hits = cue_matches(sentence, prepared)
    if not hits:
        return None
    params = prepared.params
    cues = prepared.cues
    if params.bias + sum(max(cues[index].weight, 0.0) for index in hits) < params.threshold:
        return None  # exceptions only take cues away: without the negative ones this is the highest possible score
    hits = drop_excepted(sentence, hits, prepared)
    if not hits:
        return None
    score = params.bias
    best: tuple[float, int, int, int] | None = None
    for index, (start, end) in hits.items():
        weight = cues[index].weight
        score += weight
        if weight > 0 and (best is None or weight > best[0] or (weight == best[0] and start < best[1])):
            best = (weight, start, end, index)
    if best is None or score < params.threshold:
        return None  # attribution only lowers the score, so there is nothing more to learn
    if is_attributed(sentence, sentence if raw is None else raw, hits, prepared):
        score += params.attribution.weight
    if (prepared.colon_quote_re is not None and previous and prepared.colon_quote_re.search(previous)
            and is_attributed(previous, previous, {}, prepared)):
        score += params.attribution.weight
    if score < params.threshold:
        return None
    _, start, end, index = best
    while start < end - 1 and not sentence[start].isalnum():
        start += 1  # ", signaling": the finding starts at the word, not at the comma the pattern needed
    return Detection(start, end, params.claim_cues[cues[index].family], round(score, 3))


def detections(document: Document, prepared: PreparedAttribution) -> Iterator[tuple[Sentence, Detection]]:
    """Every sentence of ``document`` that reaches the rule's threshold, with what was detected in it."""
    sentences = document.sentences
    for number, sentence in enumerate(sentences):
        prose = document.prose[sentence.start : sentence.end]
        previous = None
        if number and sentences[number - 1].block == sentence.block:
            before = sentences[number - 1]
            previous = document.prose[before.start : before.end]
        found = detect(prose, prepared, document.text[sentence.start : sentence.end], previous)
        if found is not None:
            yield sentence, found


def run(document: Document, prepared: PreparedAttribution) -> Iterator[Finding]:
    for sentence, found in detections(document, prepared):
        cue = document.prose[sentence.start + found.start : sentence.start + found.end]
        yield Finding(
            sentence.start + found.start,
            sentence.start + found.end,
            {"cue": _WS.sub(" ", cue), "note": found.family.note, "family": found.family.family, "score": found.score},
        )


KIND = CheckKind(
    name="attribution",
    summary="Sentences that assert an evaluation, speculation or generalisation without naming who says so.",
    params=AttributionParams,
    run=run,
    prepare=prepare,
    message_fields=frozenset({"cue", "note", "family", "score"}),
)
