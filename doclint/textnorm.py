"""Text normalisation for comparing blocks: case, punctuation, whitespace and line wrapping do not count.

Blocks are compared on ``Document.block_comparable``: inline code counts (``get()`` and ``set()`` differ), link
targets and HTML do not, and markup punctuation (``**``, ``>`` of a blockquote) goes with the other punctuation.

Near copies also compare *anchors*: the tokens that carry a statement's specifics (numbers, inline code, paths,
identifiers such as ``Get-ChildItem``, ``-Path``, ``$env:HOME``, ``snake_case``, ``CamelCase``,
``System.String``, and in Markdown what is set in bold: ``**Continue**``, ``**Path**``). Two blocks that
differ in an anchor on both sides ("Table B-9" / "Table B-10", "0 passed" / "1 passed", "From `&mut T` to `&mut U`")
are different statements, however similar their words. Plain capitalised words are not anchors: sentence
starts and proper nouns are what an editor rewords.

Templating (Hugo shortcodes ``{{< >}}``, ``{{% %}}``, Liquid/Jinja ``{% %}``, ``{{ }}``) and include directives on
a line of their own (``--8<-- "file.md"``, ``{* ../src/app.py hl[6] *}``) are not prose and are dropped before
comparing.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")
_TEMPLATING = re.compile(r"\{\{[<%].{0,2000}?[%>]\}\}|\{%.{0,2000}?%\}|\{\{.{0,2000}?\}\}", re.DOTALL)
# Include directives on a line of their own insert another file when the site is built: pymdownx.snippets
# (MkDocs Material: --8<-- "file.md", and a bare --8<-- opening or closing a block of file names) and FastAPI's
# {* ../docs_src/app.py hl[6] *}. Only whole lines match, so prose that mentions the syntax stays prose.
INCLUDE_DIRECTIVE = re.compile(r"^[ \t]*(?:;?-{2,}8<-{2,}(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?|\{\*[^\n]{1,500}?\*\})[ \t]*$",
                               re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)([^`]+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,100}?)(?<=\S)\1")
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}<>,;:!?.…*"
# A token is an anchor when it holds a digit, a path or call separator, or looks like an identifier.
_ANCHOR = re.compile(
    r"""\d                                  # numbers, versions, "B-9"
      | [/\\]                               # paths, URLs
      | ::|->|=>|\$|@|%                     # code and variables
      | [A-Za-z0-9]_[A-Za-z0-9]             # snake_case
      | [a-z][A-Z]                          # camelCase, PowerShell
      | [A-Za-z]\.[A-Za-z]{1,5}$            # file.ext, module.member
      | [a-z]\.[A-Z]                        # System.String, Namespace.Type
      | ^-{1,2}[A-Za-z]                     # -Path, --force
      | [A-Z][a-z]+-[A-Z]                   # Get-Item
    """,
    re.VERBOSE,
)
# Keys of blocks with anchors carry them after this separator (it never survives normalisation), so units stay
# plain strings that the corpus phase can compare without knowing where they came from.
ANCHOR_SEPARATOR = "\x1f"


def comparison_key(text: str) -> str:
    """``"Read  more,\\nplease!"`` -> ``"read more please"``: the runs of letters and digits, one space apart."""
    return " ".join(_WORD.findall(text.casefold()))


def drop_templating(text: str) -> str:
    """Template directives replaced by a space: ``{{< note >}}``, ``{{% tab %}}``, ``{% if x %}``, ``{{ .Title }}``;
    include directives on a line of their own too."""
    if has_include_directive(text):
        text = INCLUDE_DIRECTIVE.sub(" ", text)
    if "{" not in text:
        return text
    return _TEMPLATING.sub(" ", text)


def has_include_directive(text: str) -> bool:
    """Whether ``text`` may hold an include directive (a cheap test before ``INCLUDE_DIRECTIVE``)."""
    return "8<-" in text or "{*" in text


def anchors(text: str, known: dict[str, str] | None = None) -> list[str]:
    """The tokens of ``text`` that carry specifics (see the module docstring), in order; code spans count whole
    (first). ``known``: each word's anchor ("" for none) from earlier calls, filled in here, so that a caller
    working through one document tests each distinct word once."""
    found: list[str] = []
    if "`" in text:
        parts = _CODE_SPAN.split(text)  # text, delimiter, code, text, ...: one pass instead of a search and a sub
        found.extend("`" + " ".join(code.split()) for code in parts[2::3])
        text = " ".join(parts[::3])
    if "**" in text or "__" in text:  # bold in documentation names things: **Continue**, **Path**
        parts = _STRONG.split(text)
        found.extend("*" + " ".join(bold.split()).casefold() for bold in parts[2::3])
        text = " ".join(parts[::3])
    words = {} if known is None else known
    for word in text.split():
        anchor = words.get(word)
        if anchor is None:
            anchor = words[word] = _word_anchor(word)
        if anchor:
            found.append(anchor)
    return found


def _word_anchor(word: str) -> str:
    """The anchor a whitespace-separated word makes (case-folded), "" when none."""
    token = word.strip(_EDGE_PUNCTUATION)
    if token.isalpha() and token[1:].islower():
        return ""  # a plain or capitalised word: the common case, ruled out without a regex
    return token.casefold() if token and _ANCHOR.search(token) else ""


def keyed(text: str, source: str | None = None) -> str:
    """The comparison key of ``text`` with the anchors of ``source`` (default: ``text``; pass the Markdown source
    when ``text`` is its comparable form, whose code spans lost their backticks) after ``ANCHOR_SEPARATOR``."""
    key = comparison_key(text)
    found = anchors(text if source is None else source)
    return f"{key}{ANCHOR_SEPARATOR}{' '.join(found)}" if found and key else key


def keyed_with(key: str, source: str) -> str:
    """A comparison key made by ``comparison_key`` with the anchors of ``source`` appended (see ``keyed``)."""
    found = anchors(source)
    return f"{key}{ANCHOR_SEPARATOR}{' '.join(found)}" if found and key else key


def split_key(key: str) -> tuple[str, str]:
    """``(words, anchors)`` of a key made by ``keyed``."""
    words, _, found = key.partition(ANCHOR_SEPARATOR)
    return words, found


def same_anchors(first: str, second: str) -> bool:
    """False unless one side's anchors are the other's, in order, with some only dropped or only added ("7" ->
    "seven"): one number, path or code token put in place of another, or the same ones swapped ("from 5 to 7" /
    "from 7 to 5"), makes a different statement."""
    if first == second:
        return True
    mine, theirs = first.split(), second.split()
    shorter, longer = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
    remaining = iter(longer)
    return all(anchor in remaining for anchor in shorter)  # a subsequence: "in" advances the iterator


def flat(text: str) -> str:
    """Whitespace runs (line breaks, masked markup) become single spaces, for messages."""
    return " ".join(text.split())


def excerpt(text: str, limit: int = 40) -> str:
    """A one-line excerpt of ``text`` for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
