"""Check kind ``markup-residue``: markup that shows on the page as literal characters, and quotation marks or
brackets that an edit left without their partner.

Which markup is residue depends on the format, so a rule lists it per format: ``text`` (plain-text documents,
searched in the text itself: Markdown syntax, HTML tags and entities that a plain-text export should have
rendered) and ``markdown`` (searched in the prose of Markdown documents, where the parser has already consumed
the markup that renders: what is left, such as an emphasis marker without a partner or a double-escaped entity,
shows literally). Each entry names what it finds and what to do about it.

With ``balance``, brackets ``( ) [ ]`` must pair within their paragraph, and double quotation marks within the
document: straight ``"`` with straight, curly ``“ ”`` (German ``„ “``) with curly. A closing bracket after an
enumerator (a letter, a roman or arabic number: "a)", "iv)", "2)") or in an emoticon (":)") pairs with nothing
by design, and a bracket or quote left over between spaces or HTML tags is a symbol (<kbd>[</kbd>). A straight
quote opens after a space, a bracket or a dash and before a non-space, judged on the source so that a code span
counts as a word ("`Get-Item`"); a quoted space (" ") pairs; outside a quotation, a straight quote after a digit
is an inch mark (12"). A quotation that opens at a sentence start, after a colon or comma, or after a word that
introduces speech (``quote-introducers``: said "We ...) may run on over paragraph ends: reopened at the next
paragraph's start (the convention), reopened at a sentence start inside a paragraph (paragraphs joined into one
line), or closed within the next two paragraphs. A quoted fragment (called it "a disaster) must close in its
paragraph. One quotation may nest inside another with double quotes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from doclint.checks import CheckKind, Finding
from doclint.document import Block, BlockKind, Document
from doclint.safe_regex import SafePattern, compile_user_pattern, patterns_trusted
from doclint.schema import param
from doclint.textnorm import flat
from doclint.wordlists import covering_strings, find_all, needed_literal_sets, validate_patterns

_BRACKET_PAIRS = {")": "(", "]": "["}
_STRAIGHT_QUOTES = re.compile('"')
_CURLY_QUOTES = re.compile("[“”„]")
_OPENING_QUOTE_START = re.compile(r"""\s*["“]""")
_ENUMERATOR = re.compile(r"(?:^|[\s(])(?:[A-Za-z]|[ivxIVX]{1,4}|[0-9]{1,2})$")
_EMOTICON = re.compile(r"[:;=8][-<>]?$")
_EMOTICON_ENDS = ":;=8-<>"


@dataclass(frozen=True)
class ResidueClass:
    what: str = param("", "What the pattern finds, for the message (e.g. 'HTML entity').")
    pattern: str = param("", "A regular expression (Python syntax) that finds it.", regex=True)
    advice: str = param("", "What to do about it, for the message (e.g. 'write the character it stands for').")

    def __post_init__(self) -> None:
        if not self.what or not self.pattern or not self.advice:
            raise ValueError("each entry needs what, pattern and advice")
        validate_patterns("pattern", (self.pattern,))


@dataclass(frozen=True)
class MarkupResidueParams:
    text: tuple[ResidueClass, ...] = param([], "Residue in plain-text documents, searched in the text.")
    markdown: tuple[ResidueClass, ...] = param([], "Residue in Markdown documents, searched in the prose (code, "
                                                   "HTML and the markup that renders are not prose).")
    text_triggers: tuple[str, ...] = param(["#", "*", "_", "[", "`", "~", "|", "<", "&"], "A cheap first pass: "
                                           "a block is searched for the text patterns only when it contains one of "
                                           "these strings (each pattern needs one).")
    markdown_triggers: tuple[str, ...] = param(["*", "_", "&"], "The same for the markdown patterns.")
    balance: bool = param(True, "Also report brackets and double quotation marks that do not pair up.")
    balance_advice: str = param("close it or remove it", "What to do about an unpaired mark, for the message.")
    quote_introducers: tuple[str, ...] = param([], "Words after which a quotation may open mid-sentence and still "
                                                   "run on into the next paragraphs (said, says, told, that, ...); "
                                                   "after any other word, a quotation that opens in lower case is a "
                                                   "quoted fragment and must close in its paragraph.")

    def __post_init__(self) -> None:
        if not self.text and not self.markdown and not self.balance:
            raise ValueError("give text or markdown patterns, or turn balance on")


@dataclass(frozen=True)
class ResidueSearch:
    """The entries of one format, searched block by block: a block is searched only when it holds one of the
    triggers, and then only for the entries that can match there. An entry whose every match holds one of the
    triggers (read from its regex: ``wordlists.covering_strings``) needs one of those in the block; the others
    run in every block that holds a trigger. Each subset's regex is compiled when first needed, and kept."""

    classes: tuple[ResidueClass, ...]
    triggers: tuple[str, ...]
    needs: tuple[frozenset[str] | None, ...]  # per entry: the triggers one of which it needs
    _compiled: dict[tuple[int, ...], SafePattern | re.Pattern[str]] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, classes: tuple[ResidueClass, ...], triggers: tuple[str, ...]) -> ResidueSearch:
        # A trigger with letters is compared in the text as written, the needed literals in lower case: only
        # triggers without case can stand for an entry.
        caseless = [trigger for trigger in triggers if trigger.lower() == trigger.upper()]
        search = cls(classes, triggers, tuple(covering_strings(needed_literal_sets(entry.pattern), caseless)
                                              for entry in classes))
        everything = tuple(range(len(classes)))
        if not patterns_trusted():  # a user's entries: an error shows when the rule loads
            search._compiled[everything] = _combined(classes, everything)
        return search

    def trigger_offsets(self, text: str) -> list[int] | None:
        """Where a trigger starts in ``text``, sorted: a block where none starts holds none (``regex`` need not
        look). None when a trigger is empty (found everywhere)."""
        if not all(self.triggers):
            return None
        return sorted(offset for trigger in self.triggers for offset in find_all(text, trigger))

    def regex(self, text: str, start: int, end: int) -> SafePattern | re.Pattern[str] | None:
        """The regex of the entries that can match in ``text[start:end]``, or None when it holds no trigger."""
        present = {trigger for trigger in self.triggers if text.find(trigger, start, end) != -1}
        if not present:
            return None
        chosen = tuple(index for index, needs in enumerate(self.needs) if needs is None or not needs.isdisjoint(present))
        if not chosen:
            return None
        compiled = self._compiled.get(chosen)
        if compiled is None:
            compiled = self._compiled[chosen] = _combined(self.classes, chosen)
        return compiled


@dataclass(frozen=True)
class PreparedResidue:
    params: MarkupResidueParams
    text: ResidueSearch | None
    markdown: ResidueSearch | None
    introducers: frozenset[str]


def _combined(classes: tuple[ResidueClass, ...], chosen: tuple[int, ...]) -> SafePattern | re.Pattern[str]:
    """One regex with a named group per entry (named by its index), so a text is searched once however many
    entries there are."""
    source = "|".join(f"(?P<c{index}>{classes[index].pattern})" for index in chosen)
    return compile_user_pattern(source, 0, [classes[index].pattern for index in chosen])


def prepare(params: MarkupResidueParams) -> PreparedResidue:
    text = ResidueSearch.build(params.text, params.text_triggers) if params.text else None
    markdown = ResidueSearch.build(params.markdown, params.markdown_triggers) if params.markdown else None
    return PreparedResidue(params, text, markdown, frozenset(word.lower() for word in params.quote_introducers))


def run(document: Document, prepared: PreparedResidue) -> Iterator[Finding]:
    params = prepared.params
    markdown = document.format == "markdown"
    search = prepared.markdown if markdown else prepared.text
    searched = document.prose if markdown else document.text
    findings: list[Finding] = []
    # Most documents hold none of the triggers, and most blocks of the others none: those need no look.
    triggers = search.trigger_offsets(searched) if search is not None else []
    if search is not None and triggers != []:
        blocks = document.blocks if triggers is None else \
            [document.blocks[index] for index in _blocks_holding(document.blocks, triggers)]
        for block in blocks:
            regex = search.regex(searched, block.start, block.end)
            if regex is None:
                continue
            for match in regex.finditer(searched, block.start, block.end):
                entry = search.classes[int(str(match.lastgroup)[1:])]
                findings.append(Finding(match.start(), match.end(),
                                        {"what": entry.what, "match": flat(match.group()), "advice": entry.advice},
                                        data={"class": entry.what}))
    if params.balance:
        findings.extend(_unpaired_marks(document, params.balance_advice, prepared.introducers))
    findings.sort(key=lambda finding: (finding.start, finding.end))
    yield from findings


def _blocks_holding(blocks: Sequence[Block], offsets: list[int]) -> dict[int, list[int]]:
    """Index of a block (of ``blocks``: in document order, never overlapping) -> the offsets that lie in it, of
    ``offsets`` (sorted), in order: a look per offset rather than per block, as most blocks hold none."""
    starts = [block.start for block in blocks]
    holding: dict[int, list[int]] = {}
    for offset in offsets:
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and offset < blocks[index].end:
            holding.setdefault(index, []).append(offset)
    return holding


def _unpaired_marks(document: Document, advice: str, introducers: frozenset[str]) -> Iterator[Finding]:
    prose = document.prose
    blocks = [block for block in document.blocks
              if not (block.kind is BlockKind.HEADING and document.format == "markdown")]
    marks = [*_unpaired_brackets(prose, document.text, blocks),
             *_unpaired_quotes(prose, document.text, blocks, introducers)]
    for offset, what in marks:
        yield Finding(offset, offset + 1, {"what": what, "match": prose[offset], "advice": advice},
                      data={"class": what})


def _unpaired_brackets(prose: str, source: str, blocks: list[Block]) -> Iterator[tuple[int, str]]:
    """Brackets that do not pair up within their block. A bracket left over that stands alone between spaces
    or HTML tags is a symbol (a key name: <kbd>[</kbd>), not a bracket."""
    # Found in the whole prose at once: a search per block costs more, and most blocks hold no bracket.
    brackets = sorted(offset for bracket in "()[]" for offset in find_all(prose, bracket))
    for index, offsets in _blocks_holding(blocks, brackets).items():
        block = blocks[index]
        stack: list[int] = []
        for offset in offsets:
            character = prose[offset]
            if character in "([":
                # An emoticon ":(" ends on one of these characters: the regex only where it may match.
                if offset == block.start or prose[offset - 1] not in _EMOTICON_ENDS or \
                        not _EMOTICON.search(prose, max(block.start, offset - 3), offset):
                    stack.append(offset)
            elif character in ")]":
                if stack and prose[stack[-1]] == _BRACKET_PAIRS[character]:
                    stack.pop()
                elif not _pairs_by_design(prose, block.start, offset) and \
                        not _standalone(source, offset):
                    yield offset, "Unmatched closing bracket"
        for offset in stack:
            if not _standalone(source, offset):
                yield offset, "Unclosed bracket"


def _unpaired_quotes(prose: str, source: str, blocks: list[Block], introducers: frozenset[str]
                     ) -> Iterator[tuple[int, str]]:
    """Double quotation marks without a partner: straight ones pair with straight ones, curly with curly."""
    if '"' in prose:
        yield from _unpaired_quotes_of(prose, source, blocks, _STRAIGHT_QUOTES, introducers)
    if "“" in prose or "”" in prose or "„" in prose:
        yield from _unpaired_quotes_of(prose, source, blocks, _CURLY_QUOTES, introducers)


def _unpaired_quotes_of(prose: str, source: str, blocks: list[Block], marks: re.Pattern[str],
                        introducers: frozenset[str]
                        ) -> Iterator[tuple[int, str]]:
    """Quotation marks (``marks``) without a partner, followed through the document. A quotation that opens at
    the start of a sentence, after a colon, a comma or an introducing word (said "We ..., said that "we ...) may
    run on into the next paragraphs, either reopened at their start (the convention) or closed in one of them;
    a quoted fragment (called it "a disaster") ends in its paragraph. A quotation may hold one nested inside it
    (double quotes where single ones belong, but paired)."""
    opened: list[tuple[int, bool]] = []  # (offset, opened mid-sentence) of the open quotation and a nested one
    carried = 0  # blocks the open quotation has run on into without being reopened or closed
    for block in blocks:
        if opened:
            carried += 1
            if opened[0][1] or carried > _MAX_CARRIED_BLOCKS:
                yield from _unclosed_quote(source, opened[0][0])
                opened, carried = [], 0
        for mark in marks.finditer(prose, block.start, block.end):
            offset = mark.start()
            character = prose[offset]
            if character == '"' and not opened and offset > block.start and prose[offset - 1].isdigit():
                continue  # an inch or second mark: 12"
            # A quote between spaces may close a quotation ("... community. " A spokesman"); left open, it is the
            # character itself, in a list of characters.
            standalone = _standalone(source, offset)
            shape = "either" if standalone else _quote_shape(source, block.start, block.end, offset)
            if shape == "opening" and opened and not prose[opened[-1][0] + 1 : offset].strip():
                shape = "closing"  # a quoted space: " "
            if not opened:
                if shape == "closing":
                    yield offset, "Unmatched closing quotation mark"
                else:
                    opened, carried = [(offset, _opens_fragment(prose, block.start, offset, introducers))], 0
                continue
            if shape != "opening":
                opened.pop()
                carried = 0
                continue
            mid = _opens_fragment(prose, block.start, offset, introducers)
            if not mid:
                # A quotation that opens again at a sentence start continues the open one, unless that one
                # opened mid-sentence and so cannot run on.
                if opened[0][1]:
                    yield from _unclosed_quote(source, opened[0][0])
                opened, carried = [(offset, mid)], 0
            elif len(opened) < 2:
                opened.append((offset, mid))
            else:
                yield from _unclosed_quote(source, opened[0][0])
                opened = [opened[1], (offset, mid)]
    if opened:
        yield from _unclosed_quote(source, opened[0][0])


# Where a quotation may start that can run on over a paragraph end: after a sentence end, a colon or a comma.
_QUOTATION_LEAD = re.compile(r"""(?:[.!?…:,;][\"”’')]?|[—–-])\s*$""")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)\s+$")


def _opens_fragment(prose: str, block_start: int, offset: int, introducers: frozenset[str]) -> bool:
    """Whether the quote at ``offset`` opens a quoted fragment (called it "a disaster"): in the middle of a
    sentence, in lower case, and not after a word that introduces speech (said "we ..."). A fragment cannot run
    on into the next paragraph."""
    if offset == block_start or not prose[offset + 1 : offset + 2].islower():
        return False
    if prose[block_start].isspace() and not prose[block_start:offset].strip():  # only blanks before it
        return False
    if _QUOTATION_LEAD.search(prose, max(block_start, offset - 6), offset):
        return False
    word = _WORD_BEFORE.search(prose, max(block_start, offset - 40), offset)
    return word is None or word.group(1).lower() not in introducers


def _unclosed_quote(source: str, offset: int) -> Iterator[tuple[int, str]]:
    if not _standalone(source, offset):
        yield offset, "Unclosed quotation mark"


# An open quotation may run on without being reopened into this many paragraphs before it counts as unclosed.
_MAX_CARRIED_BLOCKS = 2


def _quote_shape(source: str, start: int, end: int, offset: int) -> str:
    """"opening", "closing" or "either": a curly quote by its shape (“ after a word and before a space closes a
    German „quotation“), a straight one by the source characters
    around it (so that a code span counts as a word: "`Get-Item`"): opening after a space, a bracket or a dash
    and before a non-space; closing after a non-space and before a space or punctuation."""
    character = source[offset]
    before = source[offset - 1] if offset > start else " "
    after = source[offset + 1] if offset + 1 < end else " "
    if character == "„":
        return "opening"
    if character == "“":  # opening in English; closing after a word in German („Lärm“)
        closes_here = not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-")
        return "closing" if closes_here else "opening"
    if character != '"':
        return "closing"
    opens = (before.isspace() or before in _BEFORE_OPENING) and not after.isspace()
    closes = not (before.isspace() or before in _BEFORE_OPENING) and (after.isspace() or after in ".,;:!?)]—–-")
    return "opening" if opens else "closing" if closes else "either"


_BEFORE_OPENING = "([{—–"


def _standalone(source: str, offset: int) -> bool:
    """A mark between spaces or between HTML tags in the source: "[ ]", <kbd>[</kbd>, a list of characters."""
    before = source[offset - 1] if offset > 0 else " "
    after = source[offset + 1] if offset + 1 < len(source) else " "
    return (before.isspace() and after.isspace()) or (before == ">" and after == "<")


def _pairs_by_design(prose: str, start: int, offset: int) -> bool:
    """A closing bracket after an enumerator ("a)", "2)") or in an emoticon (":)") has no partner by design."""
    before = prose[max(start, offset - 4) : offset]
    return _ENUMERATOR.search(before) is not None or _EMOTICON.search(before) is not None


KIND = CheckKind(
    name="markup-residue",
    summary="Markup that shows literally (Markdown or HTML in plain text, unpaired emphasis, escaped entities) "
            "and unpaired brackets or quotation marks.",
    params=MarkupResidueParams,
    run=run,
    message_fields=frozenset({"what", "match", "advice"}),
    prepare=prepare,
)
