"""Property-based tests (issue 7, part 3): parsing and every check kind over generated documents.

For any text built from the pieces below (Markdown and plain-text syntax, rule words, wide, combining and astral
characters, tabs, line breaks of every kind):

- parsing and checking raise nothing;
- every reported line and column exists in the file, and the finding's span holds the text it is about;
- the LF, CRLF, CR and BOM variants of a document give the same findings;
- ``--fix`` keeps every byte outside the fixed spans (BOM and line endings included) and its output, checked
  again, has nothing left to fix;
- reading bytes never raises, and YAML and rule files either load or fail with a ``SchemaError``.

The rules are the built-in ones plus the house style of ``examples/styles``, which together use every check kind.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import style_dirs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from doclint.checks import check_kinds
from doclint.document import BlockKind
from doclint.engine import check_document, check_file, lint_text
from doclint.files import SourceFile, read_source
from doclint.parsing import parse_document
from doclint.rules import load_rules, rule_from_data
from doclint.schema import SchemaError, load_yaml
from doclint.sentences import split_sentences
from doclint.settings import FileSettings
from doclint.textnorm import excerpt, flat
from doclint.wordlists import build_matcher, literal_regex, normalise_literal

RULES = load_rules(style_dirs())
KINDS = {rule.kind.name for rule in RULES}
# DOCLINT_EXAMPLES=5000 python -m pytest tests/test_properties.py for a deeper search than the default run's.
EXAMPLES = int(os.environ.get("DOCLINT_EXAMPLES", "150"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PIECES = st.sampled_from(
    list("ab AB.!?\"“”'#->*_`|[]()<>+=~\\\n\n\n\t1é中:,") +
    ["```", "~~~", "---", "+++", "    ", "U.S.", "Dr.", "<!--", "-->", "| --- |", "| a | b |\n", "[x](y)", "===",
     "1. ", "- ", "> ", ">> ", "# ", "## ", "\n\n", "e\u0301", "🎉", "東京", "\u200b", "\ufeff",
     "very ", "utilize ", "in order to ", "wi-fi ", "the the ", "email ", "e-mail ", "TODO ", "XXXX ", "rather than ",
     "It is widely believed that ", "Critics say ", "according to the report, ", "signaling a shift",
     "<!-- doclint-disable-next-line DL001 -->\n", "<!-- doclint-disable HS001 -->", "# doclint-disable DL008\n",
     "The harbour authority dredged the main channel. ", "The harbour authority dredged the main channel.\n\n",
     "# Same heading\n\n", "Same heading\n\n"]
)
TEXTS = st.lists(_PIECES, max_size=50).map("".join)
LF_TEXTS = TEXTS.map(lambda text: text.replace("\r", "").replace("\ufeff", ""))


def _key(violation):  # type: ignore[no-untyped-def]
    return (violation.line, violation.column, violation.end_line, violation.end_column, violation.code,
            violation.message, tuple((r.line, r.column) for r in violation.related))


def test_the_rules_cover_every_check_kind() -> None:
    assert KINDS == set(check_kinds())


# Parsing


@PROPERTY
@given(TEXTS, st.sampled_from(["markdown", "text"]))
def test_parsing_keeps_offsets(text: str, fmt: str) -> None:
    document = parse_document(text, "doc", fmt)
    normalised = document.text
    assert "\r" not in normalised and len(normalised) == len(text.removeprefix("\ufeff")) - text.count("\r\n")
    assert len(document.prose) == len(normalised)
    assert [i for i, c in enumerate(document.prose) if c == "\n"] == [i for i, c in enumerate(normalised) if c == "\n"]
    assert all(p == t or p == " " for p, t in zip(document.prose, normalised))  # prose is text or blanks
    previous_start = -1
    for block in document.blocks:
        assert 0 <= block.start <= block.end <= len(normalised)
        assert block.start >= previous_start  # in document order
        previous_start = block.start
    for sentence in document.sentences:
        block = document.blocks[sentence.block]
        assert block.start <= sentence.start < sentence.end <= block.end
        assert not document.prose[sentence.start].isspace() and not document.prose[sentence.end - 1].isspace()
    for start, end in document.comments:
        assert normalised[start:end].startswith(("<!--", "#"))


@PROPERTY
@given(st.text(max_size=200), st.integers(0, 200), st.integers(0, 200))
def test_sentence_spans_are_ordered_trimmed_and_inside(text: str, start: int, end: int) -> None:
    start, end = min(start, len(text)), min(max(start, end), len(text))
    spans = split_sentences(text, start, end)
    cursor = start
    for first, last in spans:
        assert cursor <= first < last <= end
        assert not text[first].isspace() and not text[last - 1].isspace()
        cursor = last


# Checking: no exception, and every location exists and points at its text


@PROPERTY
@given(TEXTS, st.sampled_from(["doc.md", "doc.txt"]))
def test_every_violation_is_located_inside_the_file(text: str, path: str) -> None:
    document = parse_document(text, path)
    lines = document.text.split("\n")
    for violation in lint_text(text, path=path, rules=RULES, select=["ALL"]):
        assert 1 <= violation.line <= violation.end_line <= len(lines)
        assert 1 <= violation.column <= len(lines[violation.line - 1]) + 1
        assert 1 <= violation.end_column <= len(lines[violation.end_line - 1]) + 1
        assert (violation.line, violation.column) <= (violation.end_line, violation.end_column)
        assert violation.source_line in ("", lines[violation.line - 1])
        for related in violation.related:
            assert 1 <= related.line <= len(lines) and 1 <= related.column <= len(lines[related.line - 1]) + 1


def _check_finding(document, rule, finding) -> None:  # type: ignore[no-untyped-def]
    """The finding's span holds what its message says it is about."""
    text, prose = document.text, document.prose
    start, end = finding.start, finding.end
    assert 0 <= start <= end <= len(text)
    args = finding.args
    kind = rule.kind.name
    if kind in ("existence", "substitution", "consistency"):
        assert flat(prose[start:end]) == args["match"]
    elif kind == "repetition":
        word = args["word"]
        assert prose[start:start + len(word)] == word
        assert normalise_literal(prose[start:end].split()[-1], True) == normalise_literal(word, True)
    elif kind == "capitalization":
        assert excerpt(text[start:end], 80) == args["heading"]
    elif kind == "attribution":
        assert " ".join(prose[start:end].split()) == " ".join(str(args["cue"]).split())
    elif kind == "occurrence":
        scope = rule.params.scope
        spans = ([(document.blocks[0].start, document.blocks[-1].end)] if scope == "document"
                 else document.scope_spans(scope))
        assert (start, end) in spans
    elif kind == "duplication":  # a block, with the inline markup at its edges ("**Note:**", "`cargo`")
        assert any(start <= block.start and block.end <= end and not prose[start:block.start].strip()
                   and not prose[block.end:end].strip() for block in document.blocks)
        assert all(0 <= offset < len(text) for offset in finding.related)
    elif kind in ("heading-repetition", "sentence-duplication"):  # a block, or a glued copy inside one
        assert any(block.start <= start and end <= block.end for block in document.blocks)
        assert all(0 <= offset < len(text) for offset in finding.related)
    if finding.fix is not None:
        fix = finding.resolved_fix()
        assert 0 <= fix.start <= fix.end <= len(text)


@PROPERTY
@given(TEXTS, st.sampled_from(["markdown", "text"]))
def test_every_check_kind_points_at_the_text_its_finding_is_about(text: str, fmt: str) -> None:
    document = parse_document(text, "doc", fmt)
    for rule in RULES:
        if rule.kind.engine_owned:
            continue
        for finding in rule.kind.run(document, rule.prepared):
            _check_finding(document, rule, finding)


# Line endings and byte order marks


@PROPERTY
@given(LF_TEXTS, st.sampled_from(["doc.md", "doc.txt"]))
def test_lf_crlf_cr_and_bom_variants_give_the_same_findings(text: str, path: str) -> None:
    expected = [_key(v) for v in lint_text(text, path=path, rules=RULES, select=["ALL"])]
    for variant in (text.replace("\n", "\r\n"), text.replace("\n", "\r"), "\ufeff" + text,
                    "\ufeff" + text.replace("\n", "\r\n")):
        assert [_key(v) for v in lint_text(variant, path=path, rules=RULES, select=["ALL"])] == expected


@PROPERTY
@given(LF_TEXTS, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_file_variants_read_like_the_text(tmp_path_factory, text: str, newline: str, bom: bool) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("variants") / "doc.md"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.replace("\n", newline).encode("utf-8"))
    assert read_source(SourceFile(path, "doc.md", True)) == text.replace("\n", newline)


# Fixes


FIX_RULES = ("HS002", "HS007", "DL001", "DL002", "DL008")  # the rules that offer fixes
_FIX_PIECES = st.sampled_from(
    ["utilize ", "Utilize ", "in order to ", "wi-fi ", "WiFi ", "the the ", "The the ", "email ", "e-mail ",
     "E-mail ", "word ", "**utilize** ", "`utilize` ", "[utilize](x) ", "é ", "中 ", "\t", "\n", "\n\n", "# Title\n\n",
     "## Same\n\n", "Same\n===\n\n", "> ", "- ", "| utilize | x |\n|---|---|\n",
     "The harbour authority dredged the main channel last spring.\n\n",
     "<!-- doclint-disable-next-line HS002 -->\n"])


def _splice(text: str, violations) -> str:  # type: ignore[no-untyped-def]
    """The fixes applied by hand: sorted, overlapping ones left out (an implementation independent of fixes.py,
    which works on the file as written)."""
    pieces, cursor = [], 0
    for fix in sorted({v.fix for v in violations if v.fix is not None}, key=lambda f: (f.start, f.end)):
        if fix.start < cursor:
            continue
        pieces += [text[cursor:fix.start], fix.replacement]
        cursor = fix.end
    return "".join(pieces) + text[cursor:]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(_FIX_PIECES, max_size=30).map("".join), st.sampled_from(["\n", "\r\n"]), st.booleans(),
       st.sampled_from(["doc.md", "doc.txt"]))
def test_fix_keeps_every_other_byte_and_leaves_nothing_to_fix(tmp_path: Path, text: str, newline: str, bom: bool,
                                                              name: str) -> None:
    rules = RULES.select(FIX_RULES)
    settings_ = FileSettings(rules, RULES, "auto", None)
    path = tmp_path / name
    original = (codecs.BOM_UTF8 if bom else b"") + text.replace("\n", newline).encode("utf-8")
    path.write_bytes(original)
    outcome = check_file(SourceFile(path, name, True), settings_, fix_mode="apply")
    assert outcome.problem is None and not outcome.rule_problems
    fixed = path.read_bytes()

    # What the fixes should give, pass by pass, computed on the LF text and written back in the file's form.
    expected = text
    for _ in range(10):
        violations = check_document(parse_document(expected, name), rules, RULES)
        if not any(v.fix for v in violations):
            break
        expected = _splice(expected, violations)
    assert fixed == (codecs.BOM_UTF8 if bom else b"") + expected.replace("\n", newline).encode("utf-8")

    remaining = check_document(parse_document(fixed.decode("utf-8-sig"), name), rules, RULES)
    assert not [v for v in remaining if v.fix is not None]
    assert [_key(v) for v in remaining] == [_key(v) for v in outcome.violations]
    if fixed == original:
        assert outcome.fixes_applied == 0


# Reading bytes, YAML and rule files


@PROPERTY
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_with_a_problem(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("bytes") / "doc.md"
    path.write_bytes(data)
    read = read_source(SourceFile(path, "doc.md", False))
    if isinstance(read, str):
        assert read.encode("utf-8") == data.removeprefix(codecs.BOM_UTF8)
        lint_text(read, path="doc.md", rules=RULES, select=["ALL"])
    else:
        assert read.path == "doc.md" and "\n" not in read.message


_YAML_PIECES = st.sampled_from(list("{}[],:-?&*!|>'\"# \n\t") + ["a", "1", "&a", "*a", "<<", "!!str", "!!python/name:x",
                                                                  "id", "tokens", "---", "...", "%YAML 1.1", "\\"])


@PROPERTY
@given(st.lists(_YAML_PIECES, max_size=40).map("".join))
def test_any_yaml_loads_or_is_a_schema_error(text: str) -> None:
    try:
        load_yaml(text, "r.yaml")
    except SchemaError as error:
        assert "\n" not in str(error)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False, width=32)
    | st.sampled_from(["", "x", "very", "(a)", "[", "\\b", "paragraph", "document", "words", "pattern", "title"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ["tokens", "patterns", "swap", "either", "scope", "max", "min", "token", "pattern", "match", "exceptions",
         "claim-cues", "cues", "family", "weight", "attribution", "similarity", "min-length", "levels", "x"]),
        children, max_size=4),
    max_leaves=12,
)


@PROPERTY
@given(st.sampled_from(sorted(check_kinds())), st.dictionaries(st.sampled_from(
    ["tokens", "patterns", "swap", "either", "scope", "max", "min", "token", "pattern", "match", "exceptions",
     "claim-cues", "ignorecase", "word-boundaries", "similarity", "min-length", "levels", "threshold"]), _JSON,
    max_size=4))
def test_any_rule_parameters_load_or_are_a_schema_error(check: str, params: dict[str, object]) -> None:
    values = {"id": "XX001", "name": "x", "check": check, "level": "warning", "message": "m", "description": "d.",
              **params}
    try:
        rule = rule_from_data(load_yaml(yaml.safe_dump(values), "r.yaml"))
    except SchemaError as error:
        assert "\n" not in str(error)
        return
    lint_text("# Title\n\nSome very (a) text x.\n\n| x |\n|---|\n| y |\n", rules=load_rules().__class__((rule,)),
              format="markdown")


# The split of a rule's regex into a literal trie (re) and patterns (regex) finds what one regex would


_LITERALS = st.lists(st.sampled_from(["a", "ab", "b a", "abc", "c", "a-b", "don't", "é", "ab c"]), max_size=5,
                     unique=True)
_PATTERNS = st.lists(st.sampled_from(["a+", "b[ac]", "(?:ab)+", "c\\s+a", "(x)?b", "[a-c]{2}", "a(?=b)", "(?<=c)a"]),
                     max_size=3, unique=True)


@settings(max_examples=2 * EXAMPLES, deadline=None)
@given(_LITERALS, _PATTERNS, st.booleans(), st.booleans(), st.text(alphabet="abcx '-é\n", max_size=40))
def test_literals_then_patterns_match_like_one_combined_regex(literals: list[str], patterns: list[str],
                                                              ignorecase: bool, word_boundaries: bool,
                                                              text: str) -> None:
    assume(literals or patterns)
    matcher = build_matcher(literals, patterns, ignorecase, word_boundaries)
    flags = re.IGNORECASE if ignorecase else 0
    alternatives = [literal_regex(literals, ignorecase, word_boundaries)] if literals else []
    for pattern in patterns:
        alternatives.append(f"((?<!\\w)(?:{pattern})(?!\\w))" if word_boundaries else f"((?:{pattern}))")
    combined = re.compile("|".join(alternatives), flags)
    for start in (0, len(text) // 3):
        ours = [(m.span(), matcher.entry(m)) for m in matcher.regex.finditer(text, start, len(text))]
        theirs = [m.span() for m in combined.finditer(text, start, len(text))]
        assert [span for span, _ in ours] == theirs


def test_block_kinds_are_known() -> None:
    assert {kind.value for kind in BlockKind} >= {"heading", "paragraph"}


@pytest.mark.parametrize("text", ["", "\n", "\ufeff", "\r\n\r\n", "\t", "# \n", "> \n", "- \n", "| |\n|-|\n"])
def test_degenerate_documents(text: str) -> None:
    for path in ("doc.md", "doc.txt"):
        assert lint_text(text, path=path, rules=RULES, select=["ALL"]) == []


@pytest.mark.slow
def test_the_fuzzing_command_runs_and_reports() -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[2] / "bench" / "fuzz_parsers.py"
    done = subprocess.run([sys.executable, str(script), "--seconds", "3", "--engine", "hypothesis", "--with-rules"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "findings: none" in done.stdout and " inputs in " in done.stdout
