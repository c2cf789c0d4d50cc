"""Duplicates as editing and generation make them: the findings and fixes of DL001, DL002 and DL009 that users
rely on (rule, line, column, message, fixed text)."""

from __future__ import annotations

from doclint.engine import lint_text
from doclint.fixes import apply_fixes
from doclint.violations import Violation

PARAGRAPH = "The city council voted 7 to 4 on Thursday to fund a second dredging of the main shipping channel."


def _lint(text: str, path: str, *codes: str) -> list[Violation]:
    return lint_text(text, path=path, select=list(codes))


def _found(text: str, path: str, *codes: str) -> list[tuple[str, int, int, str]]:
    return [(v.code, v.line, v.column, v.message) for v in _lint(text, path, *codes)]


def _fixed(text: str, path: str, *codes: str) -> str:
    fixes = [v.fix for v in _lint(text, path, *codes) if v.fix is not None]
    return apply_fixes(text, fixes)[0]


# Inline markup at a block's edges: reported at the block's first character, and the exact copy removed.

def test_paragraph_starting_with_inline_code_is_reported_at_its_start_and_fixed() -> None:
    paragraph = "`cargo build` compiles the crate and all of its dependencies into the target directory."
    text = f"# Build\n\n{paragraph}\n\nOther text here.\n\n{paragraph}\n"
    assert _found(text, "a.md", "DL001") == [("DL001", 7, 1, "Paragraph duplicates the paragraph at line 3")]
    assert _lint(text, "a.md", "DL001")[0].related[0].column == 1
    assert _fixed(text, "a.md", "DL001") == f"# Build\n\n{paragraph}\n\nOther text here.\n"


def test_paragraph_starting_with_strong_emphasis_is_fixed() -> None:
    paragraph = "**Note:** the first build downloads every dependency, so it needs a network connection."
    text = f"{paragraph}\n\nOther text here.\n\n{paragraph}\n"
    assert _found(text, "a.md", "DL001") == [("DL001", 5, 1, "Paragraph duplicates the paragraph at line 1")]
    assert _fixed(text, "a.md", "DL001") == f"{paragraph}\n\nOther text here.\n"


def test_heading_with_code_at_its_end_is_quoted_whole() -> None:
    text = "# Guide\n\n## Using `foo`\n\nText.\n\n## Using `foo`\n\nMore.\n"
    assert _found(text, "a.md", "DL002") == [
        ("DL002", 7, 4, "Heading 'Using `foo`' repeats the heading at line 3")]


# Structured documentation: a different number, code token or path is a different statement.

def test_paragraphs_differing_only_in_a_number_or_code_token_are_not_near_copies() -> None:
    text = ("Table B-9 lists the operators that can be overloaded with their traits and examples.\n\n"
            "Table B-10 lists the operators that can be overloaded with their traits and examples.\n\n"
            "From `&mut T` to `&mut U` when `T: DerefMut<Target=U>` holds for the two types.\n\n"
            "From `&mut T` to `&U` when `T: Deref<Target=U>` holds for the two types.\n")
    assert _found(text, "a.md", "DL001", "DL009") == []


def test_a_number_dropped_from_a_copy_still_makes_a_near_copy() -> None:
    text = f"{PARAGRAPH}\n\nOther.\n\n{PARAGRAPH.replace('7 to 4', 'seven to four')}\n"
    assert _found(text, "a.txt", "DL001") == [("DL001", 5, 1, "Paragraph is 94% similar to the paragraph at line 1")]


def test_program_output_in_plain_text_is_not_checked_or_fixed() -> None:
    summary = "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s"
    text = f"$ cargo test\n\nrunning 1 test\ntest tests::it_works ... ok\n\n{summary}\n\n{summary}\n"
    assert _found(text, "output.txt", "DL001", "DL002", "DL009") == []
    assert _fixed(text, "output.txt", "DL001", "DL002", "DL009") == text


# Sentences (DL009)

def test_sentence_repeated_in_a_later_paragraph_is_reported_and_removed() -> None:
    text = f"Headline here\n{PARAGRAPH} Work starts in October.\nResidents objected. {PARAGRAPH}\n"
    assert _found(text, "a.txt", "DL009") == [("DL009", 3, 21, "Sentence duplicates the sentence at line 2")]
    assert _fixed(text, "a.txt", "DL009") == f"Headline here\n{PARAGRAPH} Work starts in October.\nResidents objected.\n"


def test_glued_copy_of_a_paragraph_is_one_finding_naming_the_paragraph() -> None:
    original = "Engineers found a second crack in the sea wall near the station. They will inspect it at low tide."
    text = f"Headline here\n{original}\nThe ferry runs twice a day. {original}\n"
    assert _found(text, "a.txt", "DL009") == [
        ("DL009", 3, 29, "Paragraph contains a copy of the paragraph at line 2")]
    assert _fixed(text, "a.txt", "DL009") == f"Headline here\n{original}\nThe ferry runs twice a day.\n"


def test_adjacent_near_identical_sentences_in_a_quotation_are_reported_without_a_fix() -> None:
    text = ('Headline here\n"I would say it\'s the best result we have had in years. I\'d say it is the best result we '
            'have had in years," the coach said.\n')
    violations = _lint(text, "a.txt", "DL009")
    assert [(v.line, v.column, v.message) for v in violations] == [
        (2, 57, "Sentence is 95% similar to the sentence at line 2")]
    assert violations[0].fix is None


def test_stock_sentences_are_exempt() -> None:
    text = "Headline here\nHe declined to comment. Read more.\nThe vote is on Monday. He declined to comment. Read more.\n"
    assert _found(text, "a.txt", "DL009") == []


def test_a_whole_paragraph_copy_is_left_to_duplicate_paragraph() -> None:
    text = f"Headline here\n{PARAGRAPH} Work starts in October.\nOther text.\n{PARAGRAPH} Work starts in October.\n"
    assert [code for code, *_ in _found(text, "a.txt", "DL001", "DL009")] == ["DL001"]


# Headlines (DL002)

def test_headline_ending_with_a_question_mark_repeated_with_a_full_stop() -> None:
    text = "Is this the end of the compact disc?\nSales fell by a fifth last year.\nIs this the end of the compact disc.\n"
    assert _found(text, "a.txt", "DL002") == [
        ("DL002", 3, 1, "Heading 'Is this the end of the compact disc.' repeats the title at line 1")]


def test_headline_repeated_with_one_word_changed() -> None:
    text = "Harbour dredging plan wins council backing\nThe vote was 7 to 4.\nHarbour dredging plan gets council backing\n"
    assert _found(text, "a.txt", "DL002") == [
        ("DL002", 3, 1, "Heading 'Harbour dredging plan gets council backing' is 92% similar to the title at line 1")]


def test_sections_that_differ_in_a_name_do_not_repeat_the_title() -> None:
    text = "# Install PowerShell on Windows\n\nSteps.\n\n## Install PowerShell on Linux\n\nSteps.\n"
    assert _found(text, "a.md", "DL002") == []


def test_headline_glued_to_the_first_paragraph_is_reported_and_removed() -> None:
    text = "Harbour plan wins backing\nHarbour plan wins backing The council voted 7 to 4 on Thursday.\n"
    assert _found(text, "a.txt", "DL002") == [
        ("DL002", 2, 1, "Heading 'Harbour plan wins backing' is glued to this paragraph and repeats the title at line 1")]
    assert _fixed(text, "a.txt", "DL002") == "Harbour plan wins backing\nThe council voted 7 to 4 on Thursday.\n"


def test_list_items_that_differ_in_a_word_are_parallel_structure_but_exact_copies_are_reported() -> None:
    text = ("# Operations\n\n"
            "- The SupportFragment attribute is not supported for Invoke operations and should be set to False.\n"
            "- The SupportFragment attribute is not supported for Shell operations and should be set to False.\n"
            "- The SupportFragment attribute is not supported for Invoke operations and should be set to False.\n")
    assert _found(text, "a.md", "DL001") == [("DL001", 5, 3, "Paragraph duplicates the paragraph at line 3")]


def test_a_near_copy_under_a_sibling_heading_naming_something_else_is_not_reported() -> None:
    description = "Specifies the items that this cmdlet {} in the operation. Wildcard characters are permitted."
    text = (f"# Remove-Item\n\n### -Exclude\n\n{description.format('omits')}\n\n"
            f"### -Include\n\n{description.format('includes')}\n")
    assert _found(text, "a.md", "DL001") == []


def test_a_related_link_naming_the_title_is_not_a_repeated_headline() -> None:
    text = "# Remove-Event\n\nDeletes events from the event queue.\n\n## Related links\n\n[Remove-Event](Remove-Event.md)\n"
    assert _found(text, "a.md", "DL002") == []



# Shared comparison units: one per document, the same keys as textnorm, the same choice of near copy.

def test_the_checks_share_one_set_of_units_per_document() -> None:
    from doclint.parsing import parse_document

    text = f"# Budget\n\n{PARAGRAPH}\n\n## Roads\n\n{PARAGRAPH}\n"
    document = parse_document(text, "a.md")
    units = document.comparison_units
    assert document.comparison_units is units
    found = _found(text, "a.md", "DL001", "DL002", "DL009")
    assert found == [("DL001", 7, 1, "Paragraph duplicates the paragraph at line 3")]
    paragraph = next(i for i, block in enumerate(document.blocks) if block.kind.value == "paragraph")
    assert units.key(paragraph) == units.prose_key(paragraph) == PARAGRAPH.lower().replace(".", "")
    assert units.anchors(paragraph) == "7 4"  # the numbers of the paragraph; its heading "Budget" has none


def test_fast_comparison_keys_equal_textnorm_keys() -> None:
    from doclint.checks.comparison_units import fast_comparison_key
    from doclint.textnorm import comparison_key

    for text in ("Read  more,\nplease!", "snake_case and CamelCase", "\x00tab\there\x7f", "", "  ", "Ünïcode Straße",
                 "a—b", "İstanbul", "x_y__z", "3.14 and 2,5"):
        assert fast_comparison_key(text) == comparison_key(text), text


def test_units_text_anchors_equal_textnorm_anchors() -> None:
    from doclint.parsing import parse_document
    from doclint.textnorm import anchors

    units = parse_document("# T\n\nSome text.\n", "a.md").comparison_units
    texts = ("Run `Get-Item -Path C:\\x` then **Force** it.", "Use `a` and ``b `c` d`` and `unclosed",
             "__bold__ and **two\nlines**", "Plain words, Capitalised Words! and é Ünïcode Straße İstanbul 42",
             "The value (3.14), 'Get-ChildItem' and -Path, --force; snake_case CamelCase System.String file.txt",
             "a->b => c::d $env:HOME @user 50%", "", "   ", "**", "``", "\u00a0nbsp\u2003em space\x1ffield",
             "Get-Item Get-Item get-item")
    for text in texts * 2:  # twice: words known from earlier texts are looked up, not tested again
        assert units.text_anchors(text) == anchors(text), text
    assert anchors(texts[0]) == ["`Get-Item -Path C:\\x", "*force"]
    assert units.text_anchors(texts[4]) == ["3.14", "get-childitem", "-path", "--force", "snake_case", "camelcase",
                                            "system.string", "file.txt"]


def test_unit_keys_equal_the_comparison_keys_of_the_blocks_in_any_order() -> None:
    from doclint.checks.comparison_units import DocumentUnits, fast_comparison_key
    from doclint.parsing import parse_document
    from doclint.textnorm import drop_templating

    markdown = (f"# Title `x`\n\n{PARAGRAPH}\n\n- Item [link](http://a.b/c) and `code.x`\n\n"
                "> Quote {{< note >}} here, *so*\n\nThe end (really).\n")
    # ASCII text has its keys sliced from the document normalised once; other text is keyed block by block
    for text, path in ((markdown, "a.md"), (markdown + "Café déjà vu, naïve.\n", "a.md"),
                       (f"Title\n\n{PARAGRAPH}\n\nThe end.\n", "a.txt"), ("Title\n\nCafé déjà vu.\n", "a.txt")):
        document = parse_document(text, path)
        indexes = range(len(document.blocks))
        for order in (list(indexes), list(reversed(indexes))):
            units = DocumentUnits(document)
            for index in order:
                comparable = document.block_comparable(document.blocks[index])
                if index % 2:
                    assert units.prose_key(index) == fast_comparison_key(drop_templating(comparable))
                assert units.key(index) == fast_comparison_key(comparable)
                assert units.comparable(index) == comparable


def test_most_similar_takes_the_best_agreeing_candidate_and_the_earliest_on_a_tie() -> None:
    from doclint.checks.duplication import most_similar

    texts = {0: "the council met on friday", 1: "the council met on thursday", 2: "the council met on thursday",
             3: "the council met on thursdays"}
    words = "the council met on thursday"
    assert most_similar(words, [0, 1, 2, 3], texts.__getitem__, lambda c: True, 80) == (1, 100.0)
    assert most_similar(words, [0, 1, 2, 3], texts.__getitem__, lambda c: c not in (1, 2), 80)[0] == 3
    assert most_similar(words, [0], texts.__getitem__, lambda c: True, 95) is None
    assert most_similar(words, iter([]), texts.__getitem__, lambda c: True, 80) is None


# Include directives on a line of their own (pymdownx.snippets, FastAPI's {* *}) insert a file when the site is
# built: on FastAPI's docs, 11 DL001 findings were the same source file included twice with other lines marked.

def test_include_directives_on_their_own_line_are_not_duplicate_paragraphs() -> None:
    include = "{* ../../docs_src/first_steps/tutorial001_py310.py%s *}"
    text = (f"# Steps\n\n{include % ''}\n\nOther text here.\n\n{include % ' hl[1]'}\n\n"
            f"--8<-- \"docs/snippets/first-steps-setup-instructions.md\"\n\n{PARAGRAPH}\n\n"
            f"--8<-- \"docs/snippets/first-steps-setup-instructions.md\"\n\n{PARAGRAPH}\n")
    assert _found(text, "a.md", "DL001") == [("DL001", 15, 1, "Paragraph duplicates the paragraph at line 11")]


def test_an_include_directive_mentioned_inside_prose_is_still_prose() -> None:
    paragraph = 'To reuse a page, write --8<-- "file.md" where the file should go, and the build inserts it.'
    text = f"{paragraph}\n\nOther text here.\n\n{paragraph}\n"
    assert _found(text, "a.md", "DL001") == [("DL001", 5, 1, "Paragraph duplicates the paragraph at line 1")]
