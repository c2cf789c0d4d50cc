"""Check kind ``truncation``: text that stops mid-sentence, as when a generator or an export cuts the copy short.

The ends checked are the last prose paragraph of the document and, in Markdown with ``sections``, the last
paragraph of each section: one that only blank lines (and invisible markup such as link reference definitions)
separate from the next heading of the same or a higher level, or from the end of the file. A paragraph followed
by a code block, a list, a table or a sub-heading introduces them and ends nothing. An end is complete when it
closes with terminal punctuation (``.!?…`` and closing quotes or brackets), with a closing bracket or quote, or
with markup that renders as a whole (a link, a code span), or with a bare web address (``see
https://example.org/faq``: a full stop would read as part of it). Otherwise it is truncated when:

- it ends with punctuation that cannot end a text (``open-endings``: a comma, a dash, a colon, ...);
- its last sentence opens a quotation or a bracket that it never closes;
- its last word is a function word (``function-words``: "the", "of", "would", ...);
- (the document's end only) the paragraph has at least ``min-words`` words and ends on a lower-case word, or on
  a name or a figure in a last sentence that reads as prose (a lower-case word, not a list or a label): complete prose
  without a full stop is rare, the end of a cut sentence is not.

A section's end is judged more leniently (a colon may introduce the next section, and documentation often
leaves the full stop off a one-line section body), by the other signals only. A paragraph whose text, last
line or last sentence matches one of ``exempt-patterns`` (datelines, bylines, captions, author notes, list
lines) is never truncated, and neither is a heading, a list item or a table cell. In plain text the parser
reads a short line without closing punctuation as a heading; at the very end of a document such a line is
judged like a paragraph, except that a name or a figure at its end is a title's, not a cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import Block, BlockKind, Document
from doclint.safe_regex import LazyRegex, SafePattern, compile_user_pattern, patterns_trusted
from doclint.schema import param
from doclint.textnorm import flat
from doclint.wordlists import validate_patterns

_CLOSERS = {")": "(", "]": "[", "”": "“", "»": "«"}
_OPENERS = {opener: closer for closer, opener in _CLOSERS.items()}
_LAST_WORD = re.compile(r"([^\W\d_][\w'’-]*)\W*$")
# Markup that renders as a whole at the end of a Markdown block: a link or image target, a code span, HTML.
_COMPLETE_MARKUP_END = re.compile(r"(?:\]\([^()]*\)|\]\[[^\]]*\]|`|>)[*_]*$")
# A bare web address ends its sentence without a full stop (a stop would read as part of it); Markdown renders it
# as a link, and plain text shows it whole.
_ADDRESS_END = re.compile(r"(?<![^\s(<])(?:https?://|www\.)[^\s<>]+$")


@dataclass(frozen=True)
class TruncationParams:
    terminal: str = param(".!?…", "Characters that end a sentence; closing quotes and brackets may follow them.")
    open_endings: str = param(",;:-–—/&(“‘«[", "Characters that cannot end a text: an end on one of them is "
                                               "truncated.")
    function_words: tuple[str, ...] = param([], "Words that cannot end a sentence (articles, prepositions, "
                                                "conjunctions, auxiliaries, ...), compared in lower case.")
    min_words: int = param(8, "A paragraph of at least this many words that ends on a lower-case word without "
                              "closing punctuation is truncated. 0 turns this signal off.")
    exempt_patterns: tuple[str, ...] = param([], "Regular expressions (searched in the paragraph's text) for ends "
                                                 "that are never truncated: datelines, bylines, captions, list "
                                                 "lines.", regex=True)
    sections: bool = param(True, "In Markdown, also check the last paragraph of each section.")

    def __post_init__(self) -> None:
        if self.min_words < 0:
            raise ValueError("min-words must be 0 or more")
        if not self.terminal:
            raise ValueError("terminal: give at least one character")
        validate_patterns("exempt-patterns", self.exempt_patterns)


@dataclass(frozen=True)
class PreparedTruncation:
    params: TruncationParams
    function_words: frozenset[str]
    exempt: SafePattern | re.Pattern[str] | LazyRegex | None
    quote_closers: str


def prepare(params: TruncationParams) -> PreparedTruncation:
    exempt = None
    if params.exempt_patterns:
        source = "|".join(f"(?:{p})" for p in params.exempt_patterns)
        # The built-in patterns are compiled when a paragraph is first checked; a user's now, so that a bad
        # combination (a group name used twice) fails when the rule loads.
        exempt = LazyRegex(source, 0, params.exempt_patterns) if patterns_trusted() else \
            compile_user_pattern(source, 0, params.exempt_patterns)
    return PreparedTruncation(params, frozenset(w.lower() for w in params.function_words), exempt, "\"'”’»)]")


def _ends(document: Document, with_sections: bool) -> Iterator[tuple[int, bool]]:
    """Indexes of the blocks that end the document or (Markdown) a section, and whether each is the document's
    end. A block ends something only when nothing but blank lines and invisible markup follows it there: a
    paragraph followed by a code block, a list or a table introduces them. A paragraph followed by a sub-heading
    introduces its sub-sections ("... use the following syntaxes:" above "### One-line syntax")."""
    blocks = document.blocks
    if not blocks:
        return
    last = len(blocks) - 1
    markdown = document.format == "markdown"
    if markdown and with_sections:
        for heading in document.headings:  # the blocks that headings follow, without a look at every block
            if heading == 0:
                continue
            index = heading - 1
            block, following = blocks[index], blocks[heading]
            if block.kind is BlockKind.PARAGRAPH and _closes_section(document, block, following) and \
                    _nothing_between(document.text, block.content_span[1], following.start):
                yield index, False
    if not markdown or _nothing_between(document.text, blocks[last].content_span[1], len(document.text)):
        yield last, True


def _closes_section(document: Document, block: Block, heading: Block) -> bool:
    return block.parent is None or heading.level <= document.blocks[block.parent].level


# What may follow the end of a text without being more of it: blank lines, heading markers, thematic breaks,
# link reference definitions ("[04]: https://...") and HTML comments.
_INVISIBLE_TAIL = re.compile(r"(?:\s|[#=*_-]+(?=\s)|^[ \t]*\[[^\]\n]+\]:[^\n]*$|<!--.*?-->)*", re.MULTILINE | re.DOTALL)


def _nothing_between(text: str, start: int, end: int) -> bool:
    match = _INVISIBLE_TAIL.match(text, start, end)
    return match is not None and match.end() == end


def run(document: Document, prepared: PreparedTruncation) -> Iterator[Finding]:
    for index, is_last in _ends(document, prepared.params.sections):
        block = document.blocks[index]
        if block.kind is BlockKind.HEADING:
            # A heading never ends a text, but in plain text a short cut-off last line is read as one.
            if document.format == "markdown" or not is_last or index == 0:
                continue
        elif block.kind is not BlockKind.PARAGRAPH:
            continue
        start, end = block.content_span
        text = document.text[start:end].rstrip()
        if document.format == "markdown":
            if _COMPLETE_MARKUP_END.search(text):
                continue
            text = text.rstrip("*_~ ")
        if _LETTER.search(text) is None:
            continue  # no words, nothing to cut
        # A section's end is judged by its punctuation and function words only: documentation leaves the full
        # stop off short section bodies ("Tests whether a string is valid JSON") far more often than it truncates.
        reason = _truncation(text, prepared, lenient=not is_last, title_like=block.kind is BlockKind.HEADING)
        if reason is not None:
            tail_start = _tail_start(text)
            yield Finding(start + tail_start, start + len(text),
                          {"ending": _excerpt(text[tail_start:]), "reason": reason},
                          data={"reason": reason})


def _truncation(text: str, prepared: PreparedTruncation, lenient: bool, title_like: bool = False) -> str | None:
    """Why ``text`` (a paragraph's source, stripped) reads as cut off, or None when its end is complete.
    ``lenient``: a section's end, where a colon introduces what follows and a bare content word is no sign."""
    params = prepared.params
    last = text[-1]
    if last in params.terminal:
        return None
    if last in prepared.quote_closers:
        stripped = text.rstrip(prepared.quote_closers)
        if stripped[-1:] and stripped[-1] in params.terminal or last in ")]”»" and _balanced_end(text, last):
            return None
        if stripped[-1:] and stripped[-1] in params.open_endings:
            return f"it ends with '{stripped[-1]}{text[len(stripped):]}'"  # a quotation cut before its speaker
    if prepared.exempt is not None and _exempt(text, prepared.exempt):
        return None
    if (last.isalnum() or last in params.open_endings) and _ADDRESS_END.search(text, max(0, len(text) - 2048)):
        return None
    if last in params.open_endings and not (lenient and last == ":"):
        return f"it ends with '{last}'"
    fragment = text[_tail_start(text):]
    opener = _unclosed(fragment)
    if opener is not None:
        return f"'{opener}' is never closed"
    word = _LAST_WORD.search(text)
    if word is not None and word.end(1) == len(text) and \
            word.group(1).lower().replace("’", "'") in prepared.function_words:
        return f"it ends with '{word.group(1)}'"
    ends_on_word = last.isalnum() or last in "%'’"
    if lenient or not params.min_words or len(text.split()) < params.min_words or not ends_on_word:
        return None
    if word is not None and word.end(1) == len(text) and word.group(1)[0].islower():
        return "the last sentence has no closing punctuation"
    # A name or a figure ends a sentence without punctuation only in lists and titles: not in prose. A line that
    # reads as a title is one.
    prose = not title_like and _reads_as_prose(fragment)
    return "the last sentence has no closing punctuation" if prose else None


_LETTER = re.compile(r"[^\W\d_]")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]{2,}\b")


def _reads_as_prose(fragment: str) -> bool:
    """Whether a sentence reads as running prose rather than a list or a title: at least three words, one of
    them a lower-case word, no colon (a label: "Not used: Fury, Brooks"), fewer list separators (commas,
    semicolons, spaced dashes) than one per three words, and not mostly capitalised (a list of titles)."""
    words = fragment.split()
    separators = fragment.count(",") + fragment.count(";") + fragment.count(" - ")
    lettered = [word for word in words if word[0].isalpha()]
    title_case = len(lettered) >= 6 and sum(word[0].isupper() for word in lettered) > 0.75 * len(lettered)
    return len(words) >= 3 and _LOWER_WORD.search(fragment) is not None and ":" not in fragment and \
        separators * 3 < len(words) and not title_case


def _exempt(text: str, exempt: SafePattern | re.Pattern[str] | LazyRegex) -> bool:
    """Whether the paragraph, its last line or its last sentence is a dateline, a byline, a caption, ..."""
    last_line = text[text.rfind("\n") + 1 :]
    return any(exempt.search(part) for part in (text, last_line.strip(), text[_tail_start(text) :]))


def _balanced_end(text: str, closer: str) -> bool:
    """Whether the closing bracket or quote that ends ``text`` closes one opened in it."""
    return text.count(_CLOSERS[closer]) >= text.count(closer)


def _unclosed(fragment: str) -> str | None:
    """The first bracket or curly quote that ``fragment`` opens and never closes; a straight double quote counts
    when the fragment holds an odd number of them."""
    stack: list[str] = []
    for character in fragment:
        if character in _OPENERS:
            stack.append(character)
        elif character in _CLOSERS and stack and stack[-1] == _CLOSERS[character]:
            stack.pop()
    if stack:
        return stack[0]
    return '"' if fragment.count('"') % 2 else None


_SENTENCE_BREAK = re.compile(r"""[.!?…]["'”’»)\]]*\s+(?=["'“‘«(\[]*[A-Z0-9])""")


def _tail_start(text: str) -> int:
    """Where the last sentence of ``text`` starts."""
    starts = [match.end() for match in _SENTENCE_BREAK.finditer(text)]
    return starts[-1] if starts else 0


def _excerpt(fragment: str, words: int = 6) -> str:
    parts = flat(fragment).split()
    return ("…" if len(parts) > words else "") + " ".join(parts[-words:])


KIND = CheckKind(
    name="truncation",
    summary="Text that stops mid-sentence: the last paragraph (and in Markdown of each section) cut short.",
    params=TruncationParams,
    run=run,
    message_fields=frozenset({"ending", "reason"}),
    prepare=prepare,
)
