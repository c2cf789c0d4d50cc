"""Check kind ``paragraph-convention``: a plain-text file whose paragraph convention ``auto`` had to guess.

Plain text puts one paragraph per line, or separates paragraphs with blank lines and may hard-wrap them
(``doclint.parsing.plaintext``). When the line breaks disagree (lines longer than anyone wraps in a file that
otherwise reads as hard-wrapped, or a quarter to a half of the breaks ending a sentence), the parser still picks
the likelier convention, and a wrong pick either glues separate paragraphs into one (a pasted copy then hides
inside it) or cuts paragraphs at their line breaks. This check says so, once per file, at the first line break
that the convention decides about, so the reader can set ``paragraph-mode`` instead of trusting the findings.
Nothing is reported when ``paragraph-mode`` is set, for Markdown, or when the reading was clear.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from doclint.checks import CheckKind, Finding
from doclint.document import Document

_READINGS = {"lines": "one paragraph per line", "blank-lines": "paragraphs separated by blank lines"}


@dataclass(frozen=True)
class ParagraphConventionParams:
    pass


def run(document: Document, params: ParagraphConventionParams) -> Iterator[Finding]:
    evidence = getattr(document, "paragraph_evidence", None)  # plain text read with paragraph-mode auto
    if evidence is None or evidence.sure:
        return
    if evidence.doubt == "long lines":
        why = (f"only {evidence.sentence_breaks} of {evidence.breaks} line breaks end a sentence, yet "
               f"{evidence.long_lines} {'line is' if evidence.long_lines == 1 else 'lines are'} longer than anyone "
               "wraps")
    else:
        why = f"{evidence.sentence_breaks} of {evidence.breaks} line breaks end a sentence"
    end = document.text.find("\n", evidence.first_break)
    yield Finding(
        evidence.first_break,
        len(document.text) if end == -1 else end,
        {"reading": _READINGS[evidence.mode], "evidence": why},
        data={"mode": evidence.mode, "breaks": evidence.breaks, "sentence_breaks": evidence.sentence_breaks,
              "long_lines": evidence.long_lines},
    )


KIND = CheckKind(
    name="paragraph-convention",
    summary="Plain text whose paragraph convention (one per line, or blank lines between) had to be guessed.",
    params=ParagraphConventionParams,
    run=run,
    message_fields=frozenset({"reading", "evidence"}),
)
