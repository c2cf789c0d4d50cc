"""Check kind ``markup-residue``: markup that shows on the page as literal characters, and quotation marks or
brackets that an edit left without their partner.

Which markup is residue depends on the format, so a rule lists it per format: ``text`` (plain-text documents,
searched in the text itself: Markdown syntax, HTML tags and entities that a plain-text export should have
rendered) and ``markdown`` (searched in the prose of Markdown documents, where the parser has already consumed
the markup that renders: what is left, such as an emphasis marker without a partner or a double-escaped entity,
shows literally). Each entry names what it finds and what to do about it.

With ``balance``, each prose block is also checked for brackets ``( ) [ ]``, curly double quotes ``“ ”`` and
straight double quotes ``"`` that do not pair up. A closing bracket after a one- or two-character enumerator
("a)", "2)") or in an emoticon (":)") pairs with nothing by design. A paragraph that leaves a quotation open is
fine when the next paragraph opens one again: that is how a quotation spanning paragraphs is written, and for the
same reason a quotation that opens again at the start of a sentence continues the open one (paragraphs joined
into one line). A straight quote is an opening one after a space, a bracket or a dash and before a non-space (judged on the
source, so that a code span counts as a word: "`Get-Item`"), and a quoted space (" ") pairs up;
outside a quotation, a straight double quote after a digit is an inch or second mark (12"). A bracket or quote
left over with spaces (or HTML tags) on both sides is a symbol, not a bracket: <kbd>[</kbd>.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import Block, BlockKind, Document
from doclint.safe_regex import SafePattern, compile_user_pattern
from doclint.schema import param
from doclint.textnorm import flat
from doclint.wordlists import validate_patterns

_BRACKET_PAIRS = {")": "(", "]": "["}
_OPENING_QUOTE_START = re.compile(r"""\s*["“]""")
_ENUMERATOR = re.compile(r"(?:^|[\s(])[A-Za-z0-9]{1,2}$")
_EMOTICON = re.compile(r"[:;=8][-<>]?$")


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
    balance: bool = param(True, "Also report brackets and double quotation marks that do not pair up.")
    balance_advice: str = param("close it or remove it", "What to do about an unpaired mark, for the message.")

    def __post_init__(self) -> None:
        if not self.text and not self.markdown and not self.balance:
            raise ValueError("give text or markdown patterns, or turn balance on")


@dataclass(frozen=True)
class PreparedResidue:
    params: MarkupResidueParams
    text: SafePattern | re.Pattern[str] | None
    markdown: SafePattern | re.Pattern[str] | None


def _combined(classes: tuple[ResidueClass, ...]) -> SafePattern | re.Pattern[str] | None:
    """One regex with a named group per entry, so a text is searched once however many entries there are."""
    if not classes:
        return None
    source = "|".join(f"(?P<c{index}>{entry.pattern})" for index, entry in enumerate(classes))
    return compile_user_pattern(source, 0, [entry.pattern for entry in classes])


def prepare(params: MarkupResidueParams) -> PreparedResidue:
    return PreparedResidue(params, _combined(params.text), _combined(params.markdown))


def run(document: Document, prepared: PreparedResidue) -> Iterator[Finding]:
    params = prepared.params
    markdown = document.format == "markdown"
    regex, classes = (prepared.markdown, params.markdown) if markdown else (prepared.text, params.text)
    searched = document.prose if markdown else document.text
    findings: list[Finding] = []
    if regex is not None:
        for block in document.blocks:
            for match in regex.finditer(searched, block.start, block.end):
                entry = classes[int(str(match.lastgroup)[1:])]
                findings.append(Finding(match.start(), match.end(),
                                        {"what": entry.what, "match": flat(match.group()), "advice": entry.advice},
                                        data={"class": entry.what}))
    if params.balance:
        findings.extend(_unpaired_marks(document, params.balance_advice))
    findings.sort(key=lambda finding: (finding.start, finding.end))
    yield from findings


def _unpaired_marks(document: Document, advice: str) -> Iterator[Finding]:
    prose = document.prose
    blocks = [block for block in document.blocks
              if not (block.kind is BlockKind.HEADING and document.format == "markdown")]
    marks = [*_unpaired_brackets(prose, document.text, blocks), *_unpaired_quotes(prose, document.text, blocks)]
    for offset, what in marks:
        yield Finding(offset, offset + 1, {"what": what, "match": prose[offset], "advice": advice},
                      data={"class": what})


def _unpaired_brackets(prose: str, source: str, blocks: list[Block]) -> Iterator[tuple[int, str]]:
    """Brackets that do not pair up within their block. A bracket left over that stands alone between spaces
    or HTML tags is a symbol (a key name: <kbd>[</kbd>), not a bracket."""
    for block in blocks:
        stack: list[int] = []
        for offset in range(block.start, block.end):
            character = prose[offset]
            if character in "([":
                if not _EMOTICON.search(prose, max(block.start, offset - 3), offset):
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


def _unpaired_quotes(prose: str, source: str, blocks: list[Block]) -> Iterator[tuple[int, str]]:
    """Double quotation marks without a partner, followed through the document: a quotation may run on into
    the next paragraphs, either reopened at their start (the convention) or closed in one of them, and may hold
    one quotation nested inside it (written with double quotes where single ones belong, but paired)."""
    opened: list[int] = []  # the open quotation, and a nested one
    carried = 0  # blocks the open quotation has run on into without being reopened or closed
    for block in blocks:
        if opened:
            if _OPENING_QUOTE_START.match(prose, block.start) is None:
                carried += 1
                if carried > _MAX_CARRIED_BLOCKS:
                    yield from _unclosed_quote(source, opened[0])
                    opened, carried = [], 0
            else:
                carried = 0
        for offset in range(block.start, block.end):
            character = prose[offset]
            if character not in _QUOTES:
                continue
            if character == '"' and not opened and offset > block.start and prose[offset - 1].isdigit():
                continue  # an inch or second mark: 12"
            # A quote between spaces may close a quotation ("... community. " A spokesman"); left open, it is the
            # character itself, in a list of characters.
            shape = "either" if _standalone(source, offset) else _quote_shape(source, block.start, block.end, offset)
            if shape == "opening" and opened and not prose[opened[-1] + 1 : offset].strip():
                shape = "closing"  # a quoted space: " "
            if not opened:
                if shape == "closing":
                    yield offset, "Unmatched closing quotation mark"
                else:
                    opened, carried = [offset], 0
            elif shape != "opening":
                opened.pop()
                carried = 0
            elif not prose[block.start : offset].strip() or \
                    _SENTENCE_BEFORE.search(prose, max(block.start, offset - 4), offset):
                # A quotation that opens again at a sentence start continues the open one.
                opened, carried = [offset], 0
            elif len(opened) < 2:
                opened.append(offset)
            else:
                yield from _unclosed_quote(source, opened[0])
                opened = [opened[1], offset]
    if opened:
        yield from _unclosed_quote(source, opened[0])


def _unclosed_quote(source: str, offset: int) -> Iterator[tuple[int, str]]:
    if not _standalone(source, offset):
        yield offset, "Unclosed quotation mark"


_QUOTES = "\"“”"
_SENTENCE_BEFORE = re.compile(r"[.!?…:][\"”’')]?\s+$")
# An open quotation may run on without being reopened into this many paragraphs before it counts as unclosed.
_MAX_CARRIED_BLOCKS = 2


def _quote_shape(source: str, start: int, end: int, offset: int) -> str:
    """"opening", "closing" or "either": a curly quote by its shape, a straight one by the source characters
    around it (so that a code span counts as a word: "`Get-Item`"): opening after a space, a bracket or a dash
    and before a non-space; closing after a non-space and before a space or punctuation."""
    character = source[offset]
    if character != '"':
        return "opening" if character == "“" else "closing"
    before = source[offset - 1] if offset > start else " "
    after = source[offset + 1] if offset + 1 < end else " "
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
