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
fine when the next paragraph opens one again: that is how a quotation spanning paragraphs is written. A straight
double quote after a digit is an inch or second mark (12").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import BlockKind, Document
from doclint.safe_regex import SafePattern, compile_user_pattern
from doclint.schema import param
from doclint.textnorm import flat
from doclint.wordlists import validate_patterns

_BRACKET_PAIRS = {")": "(", "]": "["}
_OPENING_QUOTE_START = re.compile(r"""\s*["“]""")
_ENUMERATOR = re.compile(r"(?:^|[\s(])[A-Za-z0-9]{1,2}$")
_EMOTICON = re.compile(r"[:;=8]-?$")


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
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING and document.format == "markdown":
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        continues_quote = following is not None and _OPENING_QUOTE_START.match(prose, following.start) is not None
        for offset, what in _unpaired_in(prose, block.start, block.end, continues_quote):
            yield Finding(offset, offset + 1, {"what": what, "match": prose[offset], "advice": advice},
                          data={"class": what})


def _unpaired_in(prose: str, start: int, end: int, continues_quote: bool) -> Iterator[tuple[int, str]]:
    """Offsets of the brackets and double quotes in ``prose[start:end]`` that have no partner."""
    brackets: list[int] = []
    curly: list[int] = []
    straight: list[int] = []
    for offset in range(start, end):
        character = prose[offset]
        if character in "([":
            brackets.append(offset)
        elif character in ")]":
            if brackets and prose[brackets[-1]] == _BRACKET_PAIRS[character]:
                brackets.pop()
            elif not _pairs_by_design(prose, start, offset):
                yield offset, "Unmatched closing bracket"
        elif character == "“":
            curly.append(offset)
        elif character == "”":
            if curly:
                curly.pop()
            else:
                yield offset, "Unmatched closing quotation mark"
        elif character == '"' and not (offset > start and prose[offset - 1].isdigit()):
            straight.append(offset)
    for offset in brackets:
        yield offset, "Unclosed bracket"
    if curly and not continues_quote:
        yield curly[-1], "Unclosed quotation mark"
    if len(straight) % 2 and not (continues_quote and _opens(prose, straight[-1])):
        yield straight[-1], "Unpaired quotation mark"


def _opens(prose: str, offset: int) -> bool:
    """Whether the straight quote at ``offset`` opens a quotation (it stands before a word, after a space)."""
    before = prose[offset - 1] if offset else " "
    return not before.isalnum() and before not in ".,!?;:"


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
