"""Check kind ``existence`` (and the shared word-list machinery in ``doclint.wordlists``)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from unittest import mock

import helpers
import pytest
from helpers import HOUSE_STYLE
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.engine import lint_text
from doclint.rules import RuleSet, load_rules
from doclint.schema import SchemaError
from doclint.wordlists import build_matcher, literal_regex, match_case


def make_rule(body: str, message: str = "Found '{match}'"):
    return helpers.make_rule("existence", body, message, "warning")


def found(text: str, body: str, format: str = "markdown") -> list[tuple[int, int, str]]:
    violations = lint_text(text, format=format, rules=RuleSet((make_rule(body),)))
    return [(v.line, v.column, v.message) for v in violations]


@pytest.fixture(scope="module")
def house_rules():
    return load_rules([HOUSE_STYLE])


def test_weasel_word_rule_reports_line_column_and_message(house_rules) -> None:
    violations = lint_text("# Release notes\n\nThe new release is very fast.\n", format="markdown",
                           rules=house_rules, select=["no-weasel-words"])
    assert [(v.code, v.line, v.column, v.end_line, v.end_column, v.message) for v in violations] == [
        ("HS001", 3, 20, 3, 24, "Remove 'very': it weakens the sentence")]
    assert violations[0].fix is None


def test_weasel_word_rule_checks_headings_skips_quotes_code_and_exceptions(house_rules) -> None:
    text = ("## Basically, how it works\n\n"
            "The reviewer called it \"very fast\" and “quite good”.\n\n"
            "Use `very` in code, rather than in prose.\n\n"
            "```\nvery\n```\n")
    violations = lint_text(text, format="markdown", rules=house_rules, select=["HS001"])
    assert [(v.line, v.column, v.message) for v in violations] == [
        (1, 4, "Remove 'Basically': it weakens the sentence")]


def test_phrase_matches_across_a_line_break_and_emphasis() -> None:
    text = "This is **very**\nunique indeed.\n"
    violations = lint_text(text, format="markdown", rules=RuleSet((make_rule("tokens: [very unique]"),)))
    assert [(v.line, v.column, v.end_line, v.end_column, v.message) for v in violations] == [
        (1, 11, 2, 7, "Found 'very unique'")]


def test_phrase_matches_across_a_link_target_but_not_across_a_code_span() -> None:
    body = "tokens: [very unique]"
    assert found("It is [very](https://example.com/x) unique.\n", body) == [(1, 8, "Found 'very unique'")]
    assert found("It is very `x` unique.\n", body) == []
    assert found("> It is very\n> unique.\n", body) == [(1, 9, "Found 'very unique'")]


def test_longest_token_wins_and_every_occurrence_is_reported() -> None:
    body = "tokens: [very, very unique, vast]"
    assert found("Very unique, very vast, vastly.\n", body) == [
        (1, 1, "Found 'Very unique'"), (1, 14, "Found 'very'"), (1, 19, "Found 'vast'")]


def test_columns_count_characters_not_bytes() -> None:
    text = "Ça, c’est très très bien 🙂 très.\n"
    assert found(text, "tokens: [très]") == [(1, 11, "Found 'très'"), (1, 16, "Found 'très'"),
                                             (1, 28, "Found 'très'")]


def test_apostrophes_match_straight_or_curly() -> None:
    assert found("Don’t and don't.\n", "tokens: [\"don't\"]") == [(1, 1, "Found 'Don’t'"), (1, 11, "Found 'don't'")]


def test_word_boundaries_apply_only_to_word_characters() -> None:
    assert found("C++ and C++11 but not CC++.\n", "tokens: [C++]") == [(1, 1, "Found 'C++'"),
                                                                       (1, 9, "Found 'C++'")]
    assert found("Quickly, quick.\n", "tokens: [quick]") == [(1, 10, "Found 'quick'")]
    assert found("Quickly, quick.\n", "tokens: [quick]\nword-boundaries: false") == [
        (1, 1, "Found 'Quick'"), (1, 10, "Found 'quick'")]


def test_ignorecase_false_matches_the_exact_case_only() -> None:
    assert found("TODO: write. A todo list.\n", "tokens: [TODO]\nignorecase: false") == [(1, 1, "Found 'TODO'")]


def test_exceptions_suppress_matches_inside_them_only() -> None:
    body = "tokens: [very]\nexceptions: [very well]"
    assert found("Very well, it is very good.\n", body) == [(1, 18, "Found 'very'")]


def test_skip_quotations_handles_curly_quotes_and_apostrophes() -> None:
    body = "tokens: [very]\nskip-quotations: true"
    text = "She said ‘it’s very good’ and «very» and \"very\", but very.\n"
    assert found(text, body) == [(1, 54, "Found 'very'")]
    assert len(found(text, "tokens: [very]")) == 4


def test_patterns_are_regular_expressions_with_word_boundaries() -> None:
    body = "patterns: ['\\w+ly easy', 'v\\d+(?:\\.\\d+)?']"
    assert found("It is really easy to install v2.1 or xv3.\n", body) == [
        (1, 7, "Found 'really easy'"), (1, 30, "Found 'v2.1'")]


def test_tokens_and_patterns_combine_in_one_rule() -> None:
    body = "tokens: [TODO]\npatterns: ['X{3,}']\nignorecase: false"
    assert found("TODO: XXXX and XX.\n", body) == [(1, 1, "Found 'TODO'"), (1, 7, "Found 'XXXX'")]


def test_scope_selects_blocks() -> None:
    text = "# Very good title\n\nA very good paragraph.\n\n- A very good item\n\n| very |\n|---|\n| cell |\n"
    assert [line for line, _, _ in found(text, "tokens: [very]")] == [3, 5]
    assert [line for line, _, _ in found(text, "tokens: [very]\nscope: heading")] == [1]
    assert [line for line, _, _ in found(text, "tokens: [very]\nscope: [heading, list_item]")] == [1, 5]
    assert [line for line, _, _ in found(text, "tokens: [very]\nscope: document")] == [1, 3, 5, 7]
    # sentences are those of every non-heading block, table cells included; overlapping scopes report once
    assert [line for line, _, _ in found(text, "tokens: [very]\nscope: [paragraph, sentence]")] == [3, 5, 7]


def test_a_phrase_never_runs_from_one_block_into_the_next() -> None:
    assert found("# Very\n\nunique things\n", "tokens: [very unique]\nscope: document") == []


def test_plain_text_documents() -> None:
    assert found("Title\n\nIt is very\nunique.\n", "tokens: [very unique]", format="text") == [
        (3, 7, "Found 'very unique'")]


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("tokens: [very]\npatterns: ['(unclosed']", 8, "invalid regular expression '(unclosed'"),
        ("tokens: very", 7, "tokens: expected list of string, got a string"),
        ("tokens: [very]\nscope: paragraf", 8, "scope: expected"),
        ("tokens: [very]\nscope: [heading, headings]", 8, "scope: expected"),
        ("tokens: [very]\nignorecase: maybe", 8, "ignorecase: expected boolean"),
        ("tokens: [very]\nskip-quotes: true", 8, "unknown key 'skip-quotes'"),
    ],
)
def test_schema_errors_name_the_line(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("ignorecase: true", 1, "give at least one of tokens or patterns"),
        ("tokens: ['  ']", 7, "tokens: an entry is empty"),
        ("patterns: ['(?i)ab']", 7, "write inline flags scoped"),
        ("patterns: ['(a)\\1']", 7, "numbered backreferences are not supported"),
        ("patterns: ['a*']", 7, "patterns: 'a*' matches the empty string"),
        ("patterns: ['(?P<x>a)', '(?P<x>b)']", 7, "patterns: cannot combine the regular expressions"),
        ("tokens: [a]\nscope: []", 8, "scope: give at least one scope"),
    ],
)
def test_invalid_parameters_are_schema_errors(body: str, line: int, fragment: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make_rule(body)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_a_rule_file_with_a_bad_pattern_fails_to_load(tmp_path: Path) -> None:
    (tmp_path / "XT001-test-rule.yaml").write_text(
        "id: XT001\nname: test-rule\ncheck: existence\nlevel: warning\nmessage: x\ndescription: d\n"
        "patterns:\n  - ok\n  - '[unclosed'\n", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_rules([tmp_path], include_builtin=False)
    assert str(caught.value).startswith(f"{tmp_path / 'XT001-test-rule.yaml'}:9: invalid regular expression")


def test_patterns_with_groups_still_map_back_to_their_entry() -> None:
    matcher = build_matcher(["alpha"], ["(b)(e)ta", "(?P<g>ga)mma", "delta"])
    entries = [matcher.entry(m) for m in matcher.regex.finditer("alpha beta gamma delta")]
    assert entries == [0, 1, 2, 3]


def test_match_case() -> None:
    assert match_case("use", "Utilize") == "Use"
    assert match_case("use", "UTILIZE") == "USE"
    assert match_case("use", "utilize") == "use"
    assert match_case("JavaScript", "JAVASCRIPT") == "JavaScript"
    assert match_case("a lot", "Alot") == "A lot"


_WORDS = st.sampled_from(["a", "an", "and", "ant", "b", "ba", "é", "ée", "x-y", "don't", "C+"])


@settings(max_examples=200, deadline=None)
@given(tokens=st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=6),
       text=st.lists(_WORDS | st.sampled_from([" ", "  ", "\n", ",", "."]), max_size=30).map("".join),
       ignorecase=st.booleans())
def test_trie_regex_matches_like_a_plain_alternation(tokens: list[str], text: str, ignorecase: bool) -> None:
    """The trie is an optimisation: it must find what the longest-first alternation of the same tokens finds."""
    flags = re.IGNORECASE if ignorecase else 0
    trie = re.compile(literal_regex(tokens, ignorecase), flags)

    def plain(token: str) -> str:
        pieces = [re.escape(word) for word in token.split()]
        source = r"\s+".join(pieces).replace("'", "['’ʼ]").replace(r"\-", "[-‐‑]")
        start = r"\b" if re.match(r"\w", token[0]) else ""
        end = r"\b" if re.match(r"\w", token[-1]) else ""
        return start + source + end

    alternation = re.compile("|".join(plain(t) for t in sorted(set(tokens), key=len, reverse=True)), flags)
    assert {m.start() for m in trie.finditer(text)} == {m.start() for m in alternation.finditer(text)}


def test_scope_names_follow_the_document_scopes() -> None:
    import typing

    from doclint.document import SCOPES
    from doclint.scopes import ScopeName

    assert typing.get_args(ScopeName) == SCOPES


def test_prepared_house_style_rules_survive_pickling(house_rules) -> None:
    """Worker processes (--jobs) receive rules with their compiled patterns."""
    import pickle

    for rule in house_rules:
        if rule.code.startswith("HS"):
            assert pickle.loads(pickle.dumps(rule.prepared)) == rule.prepared


# The prefilter, and the built-in rules DL004 leftover-placeholder and DL005 model-artefact that use it.


def test_a_prefilter_skips_spans_without_any_of_its_strings() -> None:
    rule = helpers.make_rule("existence", "patterns: ['b\\w+']\nprefilter: [zz]\n")
    assert helpers.found(rule, "bat and zz\n\nbat alone\n") == [(1, 1, "bat")]


def test_a_prefilter_string_starting_with_a_line_break_matches_at_a_line_start() -> None:
    rule = helpers.make_rule("existence", "patterns: ['here is']\nprefilter: [\"\\nhere\"]\n")
    assert helpers.found(rule, "Here is one.\n\nAnd here is none.\n") == [(1, 1, "Here is")]


def codes_at(text: str, code: str, format: str = "text") -> list[tuple[int, int, str]]:
    return [(v.line, v.column, v.message) for v in lint_text(text, format=format, select=[code])]


HEADLINE = "Council approves harbour budget\n"


@pytest.mark.parametrize("placeholder", [
    "[Insert quote here]", "[insert statistic]", "[Add link to report]", "[NAME]", "[COMPANY NAME]", "[FIRST_NAME]",
    "[Name]", "[name of spokesperson]", "[Expert's name]", "[Your company]", "[date TBC]", "[Link 2]",
    "[email address]", "{{author}}", "{{ city }}", "${headline}", "{city}", "{% if premium %}", "<<name>>",
    "<add date>", "(insert figure)", "XX", "£XXm", "XX%", "TK", "TKTK", "TODO", "____",
])
def test_placeholders_of_every_family_are_reported(placeholder: str) -> None:
    found = codes_at(HEADLINE + f"The budget of {placeholder} was approved on Thursday.\n", "DL004")
    assert [(line, column) for line, column, _ in found] == [(2, 15)], placeholder
    assert found[0][2] == f"Placeholder '{placeholder}' left in the copy: replace it with the real text or delete it"


@pytest.mark.parametrize("text", [
    '"We believe [the council] acted rightly," she said, calling it "sensible [sic]".',
    "The figures were published in the 2004 review [1].", "Shoppers at TK Maxx praised the plan.",
    "He was an editor of XXL magazine.", "The prompt shows [DBG]: while debugging.", "Add the task to your todo list.",
    "Editors inserted [Oil prices] and [companies] into the quotation.",
])
def test_square_brackets_and_capitals_in_real_copy_are_not_placeholders(text: str) -> None:
    assert codes_at(HEADLINE + text + "\n", "DL004") == []


@pytest.mark.parametrize("sentence", [
    "Here is the rewritten article:", "Here's a more concise version of the story:", "Sure! Here's the revised draft.",
    "As an AI language model, I cannot verify these figures.", "I'm just an AI and cannot browse the internet.",
    "As of my last knowledge update, the figures stood at 4%.", "My knowledge cutoff means this may be out of date.",
    "I hope this helps!", "Let me know if you'd like me to shorten it.", "Feel free to ask if you need more.",
    "Would you like me to add a headline?", "Is there anything else I can help you with?",
    "I apologise for the confusion.", "I'm sorry, but I can't help with that.", "I cannot fulfil this request.",
    "I've kept the original tone while tightening the text.", "Note: this article was generated by AI.",
    "This summary was automatically generated.",
    # The prefilter before every pattern needed one of its strings hid these: no ' here', 'revised', ... in them.
    "This is the final version of the article:", "This is the updated article:",
])
def test_the_model_talking_is_reported(sentence: str) -> None:
    found = codes_at(HEADLINE + "The council approved the budget on Thursday.\n" + sentence + "\n", "DL005")
    assert found and found[0][0] == 3 and found[0][2].startswith("The writing tool speaks here ('"), sentence


@pytest.mark.parametrize("text", [
    'Asked to write a letter, the chatbot replied: "As an AI language model, I cannot give legal advice."',
    "The firm's AI model was trained on newspaper archives, and the chatbot can browse the web.",
    "Officials said they hope this helps residents. Here is the full text of the statement.",
    "The minister said she was sorry for the delays. The revised version of the bill passed.",
    "If you want to change the setting, edit the file. Note that the file is read at start-up.",
])
def test_articles_about_ai_and_ordinary_prose_are_not_model_talk(text: str) -> None:
    assert codes_at(HEADLINE + text + "\n", "DL005") == []


# Literals a pattern needs, and the prefilter that runs each pattern only where one of them occurs.


@pytest.mark.parametrize(("pattern", "needed"), [
    ("here(?:'s| is)", {"here"}), ("X{2,}", {"xx"}), ("(?<=foo)bar", {"bar"}), (r"\w+ly", {"ly"}),
    ("Let me know", {"let me know"}), ("cat|dog", {"cat", "dog"}), ("colou?r", {"colo"}),
    (r"\bI['’]ve (?:kept|held)\b", {"i've ", "i’ve "}), ("[A-Z]+", None), ("é+tude", {"tude"}),
])
def test_required_literals_are_lower_case_strings_every_match_contains(pattern: str, needed: set[str] | None) -> None:
    from doclint.wordlists import required_literals

    assert required_literals(pattern, re.IGNORECASE) == (frozenset(needed) if needed is not None else None)


_PIECES = st.sampled_from(["ab", "Ba", "a", "b", " ", "x", "X", "'", "’", "é"])


def _regex_sources(depth: int = 2) -> st.SearchStrategy[str]:
    atom = st.one_of(_PIECES.map(re.escape), st.sampled_from([r"\w", r"\s", ".", "[ab]", "[^a]", r"\b", "(?=a)",
                                                               "(?<!b)", "['’]"]))
    if depth == 0:
        return atom
    inner = _regex_sources(depth - 1)
    group = st.one_of(
        st.lists(inner, min_size=1, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(?:" + "|".join(parts) + ")"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{2,}", "{1,3}", "+?"])).map(
            lambda pair: f"(?:{pair[0]}){pair[1]}"),
        inner.map(lambda source: f"(?i:{source})"),
    )
    return st.lists(st.one_of(atom, group), min_size=1, max_size=4).map("".join)


@settings(max_examples=300, deadline=None)
@given(pattern=_regex_sources(), text=st.lists(_PIECES, max_size=40).map("".join), ignorecase=st.booleans())
def test_every_match_contains_a_string_of_each_needed_set(pattern: str, text: str, ignorecase: bool) -> None:
    from doclint.wordlists import needed_literal_sets

    flags = re.IGNORECASE if ignorecase else 0
    sets = needed_literal_sets(pattern, flags)
    for match in re.finditer(pattern, text, flags):
        matched = match.group().lower()
        for strings in sets:
            assert any(string in matched for string in strings), (pattern, match.group(), strings)


@pytest.mark.parametrize(("pattern", "text"), [
    ("let me know if (?:you(?:['’]d| would)? (?:like|need|want|have any|prefer)|there['’]s anything|I can|any "
     "(?:changes|adjustments|edits))", "Let me know if you would like"),  # DL005's
    ("x(?:a[bc][bc][bc][bc][bc]|zz)", "xabcbcb"),
])
def test_a_broken_run_of_exact_parts_is_not_read_as_what_a_branch_matches(pattern: str, text: str) -> None:
    # A concatenation whose exact strings grow too many keeps only its last run of exact parts: that run was
    # taken for all the branch matches, so the pattern was read as needing "let me know if like".
    from doclint.wordlists import needed_literal_sets

    matched = text.lower()
    assert re.fullmatch(pattern, text, re.IGNORECASE)
    for strings in needed_literal_sets(pattern, re.IGNORECASE):
        assert any(string in matched for string in strings), strings


@settings(max_examples=300, deadline=None)
@given(strings=st.lists(st.text("ab \n'", min_size=1, max_size=4), min_size=1, max_size=6),
       text=st.text("ab \n'x", max_size=60))
def test_a_string_scan_finds_every_occurrence_a_find_loop_finds(strings: list[str], text: str) -> None:
    # By find loops or by one pass of the strings' trie, overlapping occurrences and strings that start one
    # another included.
    from doclint import wordlists

    expected = {}
    for string in strings:
        offsets = [offset for offset in range(len(text)) if text.startswith(string, offset)]
        if offsets:
            expected[string] = offsets
    for regex_from in (0, len(strings) + 1):
        with mock.patch.object(wordlists, "SCAN_REGEX_FROM", regex_from):
            scan = wordlists.StringScan.of(strings)
        assert (scan.regex is not None) == (regex_from == 0)
        assert scan.occurrences(text) == expected


@functools.cache
def built_in(code: str):
    return next(rule for rule in load_rules() if rule.code == code)


@pytest.mark.parametrize("code", ["DL004", "DL005"])
def test_the_prefilter_of_the_built_in_rules_stands_for_every_pattern(code: str) -> None:
    """Every pattern needs one of the prefilter's strings, so the prefilter never hides a match (and each pattern
    runs only in the spans holding one of its strings)."""
    rule = built_in(code)
    assert rule.prepared.subsets is not None and rule.prepared.subsets.always == ()


_PHRASES = st.sampled_from([
    "Here is the rewritten article:", "here's", "I hope this helps!", "As an AI language model, I", "sure!",
    "Note: this article was generated by AI.", "[NAME]", "{{author}}", "XX", "TK", "TODO", "let me know if you",
    "I'm sorry, but I can't", "the", "council", " ", "\n", ". ", '"', "I", "apologise", "ſ", "İ",
])


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(_PHRASES, max_size=25), code=st.sampled_from(["DL004", "DL005"]))
def test_running_only_the_patterns_a_span_can_match_finds_what_the_whole_regex_finds(parts: list[str],
                                                                                     code: str) -> None:
    import dataclasses

    from doclint.checks import existence
    from doclint.parsing import parse_document

    from doclint import wordlists

    rule = built_in(code)
    whole = dataclasses.replace(rule.prepared, prefilter=(), subsets=None)
    document = parse_document("Headline\n" + "".join(parts) + "\n", "a.txt")
    with mock.patch.object(wordlists, "WHOLE_REGEX_TEXT", 0):  # the subsets at once, not after WHOLE_REGEX_TEXT characters
        found = [(f.start, f.end) for f in existence.run(document, rule.prepared)]
    assert found == [(f.start, f.end) for f in existence.run(document, whole)]


def test_template_statements_and_shortcodes_in_markdown_are_the_site_generators_not_leftovers() -> None:
    # mkdocs-macros, Jekyll and Hugo pages hold template statements and shortcodes on purpose; on the mkdocs and
    # FastAPI documentation, 41 of DL004's 50 findings were "{% if ... %}" / "{% endfor %}" lines.
    # In a page with statements, expressions ({{ user.url }}) are the generator's too.
    text = ("# Sponsors\n\n{% for user in sponsors %}\n\n{% if user.login not in skipped %}\n\n"
            "Thanks to {{< name \"user\" >}} for the {{% tab %}} help; see {{ user.url }}.\n\n{% endif %}\n\n"
            "{% raw %}Reach [NAME] for help.{% endraw %}\n")
    assert codes_at(text, "DL004", format="markdown") == [
        (11, 16, "Placeholder '[NAME]' left in the copy: replace it with the real text or delete it"),
    ]
    # Hugo shortcodes alone do not make a page templated: its unfilled expressions are still reported.
    text = "# Install\n\n{{< note >}}\nBy {{author}}, on {{< date >}}.\n{{< /note >}}\n"
    assert codes_at(text, "DL004", format="markdown") == [
        (4, 4, "Placeholder '{{author}}' left in the copy: replace it with the real text or delete it"),
    ]


@pytest.mark.parametrize("label", ["[Enter]", "[Add]", "[Update]", "[ Check ]", "<Insert>"])
def test_a_verb_alone_in_brackets_is_a_key_or_button_not_an_instruction(label: str) -> None:
    assert codes_at(HEADLINE + f"Press {label} to save the budget figures.\n", "DL004") == []


def test_template_statements_in_plain_text_are_still_leftovers() -> None:
    found = codes_at(HEADLINE + "{% if premium %} The budget was approved. {% endif %}\n", "DL004")
    assert [(line, column) for line, column, _ in found] == [(2, 1), (2, 43)]


def test_brackets_around_a_markdown_link_and_inline_html_code_are_no_placeholders() -> None:
    # vuejs/docs lists each translation as "[Language](site) [[source](repository)]": 17 false DL004 findings,
    # and <code v-pre>{{ x }}</code> shows template syntax as code. A bare [source] is still a placeholder.
    text = ("# Translations\n\n- [English](https://vuejs.org/) [[source](https://github.com/vuejs/docs)]\n\n"
            "Interpolation is equivalent to <code v-pre>{{ object.id.value }}</code> in the template.\n\n"
            "The figures come from [source] and were checked.\n")
    assert codes_at(text, "DL004", format="markdown") == [
        (7, 23, "Placeholder '[source]' left in the copy: replace it with the real text or delete it"),
    ]
