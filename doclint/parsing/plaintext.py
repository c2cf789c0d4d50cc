"""Plain text: paragraphs and title-like headings, under either of the two conventions found in the wild.

- ``blank-lines``: paragraphs are separated by blank lines and may be hard-wrapped over several lines.
- ``lines``: one paragraph per line, with or without blank lines between them (how content systems export).

``auto`` decides per file by looking at the line breaks inside runs of non-blank lines: when most of them
follow a sentence end and precede a capital, or when many broken lines are longer than anyone hard-wraps
(150 characters), the lines are paragraphs; otherwise the text is hard-wrapped (``paragraph_mode_evidence``
also says whether the evidence was thin or the two signals disagreed).
A file whose runs are all single lines reads the same either way.

A file that looks like captured program output, a log or a listing (``looks_like_program_output``) is not
prose: it gets no blocks, so no rule reports or fixes anything in it.

A line on its own that is short and has no closing punctuation is a heading (the first one the title; the
first line may also end with "?" or "!", as headlines do), unless it is a byline ("By Jane Smith"): news exports repeat those once per article, and they are not titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doclint.document import Block, BlockKind, Document
from doclint.parsing import blank_out

PARAGRAPH_MODES = ("auto", "blank-lines", "lines")
NOT_PROSE = "not-prose"  # Document.paragraph_mode of plain text that is program output: no blocks at all

_TERMINAL = re.compile(r"""[.!?…:]["'”’»)\]]*$""")
_STARTS_LIKE_SENTENCE = re.compile(r"""^["'“‘«(\[]*[A-Z0-9À-ÖØ-Þ]""")
_TERMINAL_PUNCTUATION = ".,;:!?…)]"
_CLOSING_QUOTES = "\"'”’»"
_HAS_LETTER = re.compile(r"[^\W\d_]")
TITLE_CLOSING = "?!"  # closing punctuation a document's first line may have and still be its title
MAX_TITLE_CHARACTERS = 100
MAX_TITLE_WORDS = 16
# Share of in-run line breaks that look like paragraph ends from which a file is "one paragraph per line"
# (in hard-wrapped prose a line ends a sentence before a capital far less often).
_LINES_MODE_SHARE = 0.5
# Lines longer than this are not hard-wrapped; from this share of long broken lines a file is one paragraph per line.
_MAX_WRAPPED_LINE = 150
_LONG_LINES_SHARE = 0.2
_LONG_CHARACTERS_SHARE = 1 / 3  # or from this share of the broken lines' characters in long lines
# From this share of sentence-ending breaks (below _LINES_MODE_SHARE) the reading is a guess: hard-wrapped BBC
# articles (72 columns) have at most a third (4 of 2,225 from a quarter), one paragraph per line nearly all.
_UNCLEAR_SHARE = 0.25
# A title-like line shorter than this share of its run's longest line is a heading, not a wrapped line.
_SHORT_LINE_SHARE = 0.6


# A suppression directive on a line of its own: "<!-- doclint-disable DL001 -->" or "# doclint-disable DL001".
# Such lines are never prose, so they cannot be mistaken for a paragraph or a title.
DIRECTIVE_LINE = re.compile(r"(?:<!--\s*doclint-[a-z-]+\b[^>]*-->|#\s*doclint-[a-z-]+\b.*)")


def _line_spans(text: str, comments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each line's stripped content; blank and directive lines are (start, start)."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        stripped_left = len(line) - len(line.lstrip())
        content = line.strip()
        start = offset + stripped_left
        if content and "doclint-" in content and DIRECTIVE_LINE.fullmatch(content):
            comments.append((start, start + len(content)))
            spans.append((start, start))
        else:
            spans.append((start, start + len(content)))
        offset += len(line) + 1
    return spans


def _runs(spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Consecutive non-blank lines."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for span in spans:
        if span[0] == span[1]:
            if current:
                runs.append(current)
                current = []
        else:
            current.append(span)
    if current:
        runs.append(current)
    return runs


@dataclass(frozen=True)
class ParagraphEvidence:
    """What ``auto`` read from a file's line breaks, and whether it is sure.

    ``breaks``: line breaks inside runs of non-blank lines (a short title-like line among long ones not counted);
    ``sentence_breaks``: those after a sentence end and before a capital; ``long_lines``: broken lines longer than
    anyone hard-wraps; ``first_break``: the offset of the line before the first counted break (where the reading
    matters). ``doubt`` says why the reading is a guess ("" when it is not).
    """

    mode: str
    breaks: int = 0
    sentence_breaks: int = 0
    long_lines: int = 0
    first_break: int = 0
    doubt: str = ""

    @property
    def sure(self) -> bool:
        return not self.doubt


def detect_paragraph_mode(text: str, runs: list[list[tuple[int, int]]]) -> str:
    return paragraph_mode_evidence(text, runs).mode


def paragraph_mode_evidence(text: str, runs: list[list[tuple[int, int]]]) -> ParagraphEvidence:
    """The paragraph convention of a file's runs of non-blank lines, with its evidence.

    Two signals: the share of in-run line breaks that look like paragraph ends (a sentence end before a
    capital), and the broken lines too long to be hard-wrapped (nobody wraps at 150 characters; news exports
    have lines of 300 to 1,000). Either one says "lines": the breaks, from half of them; the lengths, from a
    fifth of the broken lines or a third of their characters. A list of "- item" lines or a paragraph that ends
    mid-sentence before a name ("... Ireland's" / "Derval O'Rourke ...") breaks the first signal in a
    one-paragraph-per-line article, never the second.

    The reading is a guess (``doubt``) when the signals disagree: the text reads as hard-wrapped although some
    lines are longer than anyone wraps, or, with no long line, a quarter to a half of the breaks end a sentence
    (hard-wrapped prose rarely has more than a fifth, one paragraph per line nearly all). The likelier mode is
    still chosen; ``unclear-paragraphs`` (DL912) tells the user, who can set ``paragraph-mode``.
    """
    breaks = paragraph_like = long_lines = 0
    broken_characters = long_characters = 0
    first_break = -1
    for run in runs:
        longest = max(end - start for start, end in run)
        for (start, end), (next_start, next_end) in zip(run, run[1:]):
            if end - start < _SHORT_LINE_SHARE * longest and is_title_like(text[start:end]):
                continue  # a headline or subhead among long paragraph lines fits both conventions
            if first_break == -1:
                first_break = start
            breaks += 1
            broken_characters += end - start
            if end - start > _MAX_WRAPPED_LINE:
                long_lines += 1
                long_characters += end - start
            if _TERMINAL.search(text, start, end) and _STARTS_LIKE_SENTENCE.match(text[next_start:next_end]):
                paragraph_like += 1
    if breaks == 0:
        return ParagraphEvidence("lines")
    share = paragraph_like / breaks
    by_breaks = share >= _LINES_MODE_SHARE
    by_length = (long_lines >= _LONG_LINES_SHARE * breaks
                 or long_characters >= _LONG_CHARACTERS_SHARE * broken_characters)
    mode = "lines" if by_breaks or by_length else "blank-lines"
    doubt = ""
    if mode == "blank-lines" and long_lines:
        doubt = "long lines"
    elif mode == "blank-lines" and breaks >= 2 and share >= _UNCLEAR_SHARE:
        doubt = "sentence breaks"
    return ParagraphEvidence(mode, breaks, paragraph_like, long_lines, first_break, doubt)


def is_title_like(line: str, closing: str = "") -> bool:
    """Short, no closing punctuation (but any in ``closing``), has letters: how headlines and section titles look
    in plain text."""
    last = line.rstrip(_CLOSING_QUOTES)[-1:]
    return (
        len(line) <= MAX_TITLE_CHARACTERS
        and len(line.split()) <= MAX_TITLE_WORDS
        and (last not in _TERMINAL_PUNCTUATION or last in closing)  # "Band to 'take a break'" is a title
        and _HAS_LETTER.search(line) is not None
    )


# Bylines: "By" or "BY", then names joined by "and" or "&", then optionally a comma and anything (an affiliation).
_BYLINE_NAMES_SEPARATOR = re.compile(r"\s+(?:and|AND|&)\s+")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")  # "J." or "J.K."
_NAME_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "la", "le",
                             "van", "von"})
# Capitalised words that make "By ..." a title ("By The Numbers", "By Land And Sea", "By Any Means Necessary")
# and are not found in names.
_NOT_IN_NAMES = frozenset({"a", "all", "an", "and", "any", "at", "every", "for", "from", "in", "into", "its", "my",
                           "no", "of", "on", "only", "or", "our", "the", "their", "this", "that", "to", "way", "with",
                           "your"})


def is_byline(line: str) -> bool:
    """A credit line: "By Jane Smith", "By JANE SMITH, Associated Press", "By Ana de la Cruz and J.K. Lee".

    Each name has two to four words, capitalised or initials, with particles ("van", "de") between them: a lone
    word ("By Design") or a lower-case one ("By the numbers") is not a name, so those lines stay titles.
    """
    if not line.startswith(("By ", "BY ")):
        return False
    names = line[3:].split(",", 1)[0].strip()
    return all(_is_name(name.split()) for name in _BYLINE_NAMES_SEPARATOR.split(names))


def _is_name(words: list[str]) -> bool:
    if not 2 <= len(words) <= 4:
        return False
    inner = words[1:-1]
    return (_is_name_word(words[0]) and _is_name_word(words[-1])
            and all(_is_name_word(word) or word in _NAME_PARTICLES for word in inner))


def _is_name_word(word: str) -> bool:
    if not word[0].isupper() or word.lower() in _NOT_IN_NAMES:
        return False
    return _INITIALS.fullmatch(word) is not None or word.replace("'", "").replace("’", "").replace("-", "").isalpha()


# Program output, logs and listings rather than prose: a line that is indented, starts with a prompt or a log
# level, or is dense with the symbols of code and paths; prose lines are mostly words.
_OUTPUT_LINE = re.compile(
    r"""^\s*(?:\$\s|>>>\s|PS\s?[A-Z]:|[A-Z]:\\   # shell prompts
          |\[?(?:error|warning|note|info|debug|trace|fail(?:ed)?|ok|pass(?:ed)?)\b[\]:]?   # log levels
          |(?:running|compiling|finished|test|collected|platform)\s   # test runners and build tools
          |\d{1,4}[-/:.]\d{1,2}[-/:.]\d{1,4}   # timestamps, dates, times
          )""",
    re.VERBOSE | re.IGNORECASE,
)
_OUTPUT_ANYWHERE = re.compile(_OUTPUT_LINE.pattern, re.VERBOSE | re.IGNORECASE | re.MULTILINE)
_CODE_SYMBOLS = re.compile(r"[{}\[\]()<>=|\\/:;$#@*_`~^+]")


def _numeric_tokens(text: str) -> int:
    """How many whitespace-separated tokens are numbers, times or sizes: 4096, 04:48, 0.57s, [100%], 12kb (a
    digit, no letter but at most two at the end). Token by token, so a long run of symbols stays linear."""
    count = 0
    for token in text.split():
        body = token
        for _ in range(2):
            if body and body[-1].isalpha():
                body = body[:-1]
        if any(character.isdigit() for character in body) and not any(character.isalpha() for character in body):
            count += 1
    return count


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DIGIT_RUN = re.compile(r"[0-9]+")


def _few_numeric_tokens(text: str, limit: float) -> bool:
    """Whether fewer than ``limit`` tokens of ``text`` are numeric (``_numeric_tokens``), told in C for nearly all
    prose: a numeric token holds a digit, so when every digit in the text is an ASCII one, the digits and the runs
    of digits are at least as many; the numeric tokens are counted only when both reach ``limit``."""
    if (not any(character.isdigit() for character in set(_NON_ASCII.findall(text)))
            and (sum(map(text.count, "0123456789")) < limit or len(_DIGIT_RUN.findall(text)) < limit)):
        return True
    return _numeric_tokens(text) < limit


_PROSE_WORD = re.compile(r"""^["'“‘(]*[^\W\d_]+(?:['’-][^\W\d_]+)*[.,;:!?"'”’)]*$""")
_OUTPUT_SHARE = 0.5  # from this share of output-like lines, with few prose lines, a file is not prose
_PROSE_SHARE = 0.3
_MIN_OUTPUT_LINES = 3


def _is_output_line(line: str) -> bool:
    """A prompt, a log level, a test runner's or build tool's progress, a timestamp, or a line dense with the
    symbols of code and paths or with numbers ("4096", "0.57s", "[100%]"). Indentation alone says nothing:
    indented prose and lists are common in plain text."""
    if _OUTPUT_LINE.match(line):
        return True
    content = line.strip().lstrip("> ")  # e-mail quotation marks are not code
    visible = len(content.replace(" ", ""))
    if len(_CODE_SYMBOLS.findall(content)) > 0.1 * visible:
        return True
    tokens = content.count(" ") + 1
    return tokens >= 3 and _numeric_tokens(content) >= 0.3 * tokens


def _is_prose_line(line: str) -> bool:
    words = line.split()
    return len(words) >= 6 and sum(1 for word in words if _PROSE_WORD.match(word)) >= 0.75 * len(words)


def looks_like_program_output(text: str) -> bool:
    """Captured program output, logs or listings (``listings/**/output.txt``, a test run, ``ls -l``): at least
    three lines, most of which look like output (``_is_output_line``) and few like sentences. Such a file has no prose: no rule
    checks it, so nothing there is ever reported or fixed."""
    if (_OUTPUT_ANYWHERE.search(text) is None and len(_CODE_SYMBOLS.findall(text)) < 0.05 * len(text)
            and _few_numeric_tokens(text, 0.15 * (len(text.split()) + 1))):
        return False  # the common case, decided in C: no line with output's marks, few symbols and numbers
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < _MIN_OUTPUT_LINES:
        return False
    sample = lines[:400]  # the head decides; a long log is no different further down
    kinds = [_is_output_line(line) for line in sample]
    output = sum(kinds)
    if output < _OUTPUT_SHARE * len(sample):
        return False
    prose = sum(1 for line, is_output in zip(sample, kinds) if not is_output and _is_prose_line(line))
    return output >= _OUTPUT_SHARE * len(sample) and prose < _PROSE_SHARE * len(sample)


def parse_plain_text(text: str, path: str, paragraph_mode: str = "auto") -> Document:
    comments: list[tuple[int, int]] = []
    spans = _line_spans(text, comments)
    if looks_like_program_output(text):
        return Document(path=path, text=text, prose=blank_out(text), format="text", blocks=(),
                        paragraph_mode=NOT_PROSE, comments=tuple(comments))
    runs = _runs(spans)
    evidence = paragraph_mode_evidence(text, runs) if paragraph_mode == "auto" else None
    mode = evidence.mode if evidence is not None else paragraph_mode
    if mode == "lines":
        units = [[span] for run in runs for span in run]
    else:
        units = runs

    blocks: list[Block] = []
    title: int | None = None
    section: int | None = None
    for number, unit in enumerate(units):
        start, end = unit[0][0], unit[-1][1]
        # A headline may ask or exclaim ("Is this the end of the CD?"): on the first line, before more text.
        closing = TITLE_CLOSING if number == 0 and len(units) > 1 else ""
        if len(unit) == 1 and is_title_like(text[start:end], closing) and not is_byline(text[start:end]):
            if not blocks:
                title = 0
                blocks.append(Block(BlockKind.HEADING, start, end, level=1))
            else:
                blocks.append(Block(BlockKind.HEADING, start, end, level=2, parent=title))
            section = len(blocks) - 1
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, start, end, parent=section))
    return PlainTextDocument(path=path, text=text, prose=text, format="text", blocks=tuple(blocks),
                             paragraph_mode=mode, comments=tuple(comments), paragraph_evidence=evidence)


@dataclass(frozen=True)
class PlainTextDocument(Document):
    """A plain-text document with what ``auto`` read from its line breaks (None: the mode was set, not read)."""

    paragraph_evidence: ParagraphEvidence | None = None
