"""--fix applies each fix at most once per run, and a second --fix changes nothing, for every kind of fix:
duplicate paragraph, repeated heading, substitution, repeated word and consistency.

A substitution whose replacement contains its key (``cat: cat cat``) was applied ten times in one run (one word
became 1,024) and again on every later run. Such a fix, whose own output its rule flags again, is now held back:
the finding is reported and the file is left as it is, so running --fix again cannot grow it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

P = "The harbour authority dredged the main channel last spring to let larger ships dock."
HEADER = """\
id: {code}
name: {name}
check: {check}
level: warning
message: "{message}"
description: A rule for this test.
"""
RULES = {
    "substitution": HEADER.format(code="XS001", name="house-words", check="substitution",
                                  message="Write '{replacement}' instead of '{match}'") + """\
swap:
  utilize: use
  web site: website
examples:
  fail: ["Utilize the web site."]
  pass: ["Use the website."]
""",
    "growing": HEADER.format(code="XS002", name="cat-words", check="substitution",
                             message="Write '{replacement}' instead of '{match}'") + """\
swap:
  cat: cat cat
  Windows: Microsoft Windows
ignorecase: false
examples:
  fail: ["A cat."]
  pass: ["A dog."]
""",
    "cycle": HEADER.format(code="XS003", name="flip-flop", check="substitution",
                           message="Write '{replacement}' instead of '{match}'") + """\
swap:
  colour: color
  color: colour
examples:
  fail: ["A colour."]
  pass: ["A dog."]
""",
    "repetition": HEADER.format(code="XS004", name="repeated-word", check="repetition",
                                message="Repeated word '{word}'") + """\
examples:
  fail: ["the the"]
  pass: ["the cat"]
""",
    "consistency": HEADER.format(code="XS005", name="consistent-spelling", check="consistency",
                                 message="Write '{preferred}' as earlier, not '{match}'") + """\
either:
  email: e-mail
  toward: towards
examples:
  fail: ["An email, an e-mail."]
  pass: ["An email, an email."]
""",
}


def fix_twice(work: Path, text: str, *rules: str) -> tuple[str, str, str, str]:
    """Fix ``text`` with the built-in rules plus ``rules``; return the text after the first and the second run
    and the two runs' standard error."""
    style = work / "style"
    style.mkdir(exist_ok=True)
    for name in rules:
        (style / f"{name}.yaml").write_text(RULES[name], encoding="utf-8")
    (work / "a.md").write_text(text, encoding="utf-8")
    args = ["check", "--isolated", "--format", "concise", "--fix", "a.md"] + (["--rules", "style"] if rules else [])
    first = run_cli(*args)
    after_first = (work / "a.md").read_text(encoding="utf-8")
    second = run_cli(*args)
    return after_first, (work / "a.md").read_text(encoding="utf-8"), first.stderr, second.stderr


@pytest.mark.parametrize(("kind", "text", "fixed", "rules"), [
    ("duplicate paragraph", f"# News\n\n{P}\n\n{P}\n\nMiddle.\n\n{P}\n", f"# News\n\n{P}\n\nMiddle.\n", ()),
    ("repeated heading", f"# News\n\n## Port\n\n{P}\n\n## Port\n\nMore text here.\n",
     f"# News\n\n## Port\n\n{P}\n\nMore text here.\n", ()),
    ("substitution", "# News\n\nUtilize the web site and utilize it well.\n",
     "# News\n\nUse the website and use it well.\n", ("substitution",)),
    ("repeated word", "# News\n\nOpen the the the the settings and and select it.\n",
     "# News\n\nOpen the settings and select it.\n", ("repetition",)),
    ("consistency", "# News\n\nSend an email toward the port. An e-mail, towards the E-mail desk.\n",
     "# News\n\nSend an email toward the port. An email, toward the Email desk.\n", ("consistency",)),
], ids=["duplicate paragraph", "repeated heading", "substitution", "repeated word", "consistency"])
def test_every_fix_kind_is_applied_once_and_a_second_fix_changes_nothing(work: Path, kind: str, text: str,
                                                                         fixed: str, rules: tuple[str, ...]) -> None:
    after_first, after_second, first_stderr, second_stderr = fix_twice(work, text, *rules)
    assert after_first == fixed, kind
    assert first_stderr.startswith("Fixed "), kind
    assert (after_second, second_stderr) == (fixed, ""), kind


def test_all_fix_kinds_together_settle_in_one_run(work: Path) -> None:
    text = (f"# News\n\n## Port\n\nUtilize the the web site; send an email.\n\n{P}\n\n## Port\n\n{P}\n\n"
            "An e-mail towards the the port, toward the web site.\n")
    after_first, after_second, _, second_stderr = fix_twice(work, text, "substitution", "repetition", "consistency")
    assert after_first == ("# News\n\n## Port\n\nUse the website; send an email.\n\n"
                           f"{P}\n\nAn email towards the port, towards the website.\n")
    assert (after_second, second_stderr) == (after_first, "")


@pytest.mark.parametrize(("text", "reported"), [
    ("# Pets\n\nA cat sat.\n", "a.md:3:3: XS002 cat-words Write 'cat cat' instead of 'cat'\n"),
    ("# Pets\n\nRuns on Windows.\n", "a.md:3:9: XS002 cat-words Write 'Microsoft Windows' instead of 'Windows'\n"),
], ids=["cat: cat cat", "Windows: Microsoft Windows"])
def test_a_substitution_whose_replacement_contains_its_key_is_held_back_not_repeated(work: Path, text: str,
                                                                                     reported: str) -> None:
    """Applied, its output would be flagged again and fixed again by every run: the file is left alone and the
    finding reported (one word used to become 1,024 in one run)."""
    after_first, after_second, first_stderr, second_stderr = fix_twice(work, text, "growing")
    assert (after_first, after_second, first_stderr, second_stderr) == (text, text, "", "")
    result = run_cli("check", "--isolated", "--format", "concise", "--rules", "style", "--fix", "a.md")
    assert (result.exit_code, result.stdout) == (1, reported + "Found 1 violation (1 warning) in 1 file "
                                                               "(1 file checked).\n")


def test_other_fixes_in_the_file_still_apply_when_one_is_held_back(work: Path) -> None:
    text = "# Pets\n\nA cat sat.\n\nUtilize the web site.\n"
    after_first, after_second, first_stderr, _ = fix_twice(work, text, "growing", "substitution")
    assert after_first == after_second == "# Pets\n\nA cat sat.\n\nUse the website.\n"
    assert first_stderr == "Fixed 2 violations in 1 file.\n"


def test_substitutions_that_undo_each_other_are_not_applied(work: Path) -> None:
    """colour -> color -> colour: every run would flip the file; neither is applied, both stay reported."""
    text = "# Paint\n\nThe colour and the color.\n"
    after_first, after_second, first_stderr, _ = fix_twice(work, text, "cycle")
    assert (after_first, after_second, first_stderr) == (text, text, "")


def test_a_deletion_may_remove_what_an_earlier_fix_produced(work: Path) -> None:
    """A substitution makes a paragraph an exact copy of an earlier one; the copy is then deleted in the same
    run (text only shrinks, so this cannot go on forever), and a second run changes nothing."""
    first = "Use the harbour website daily to check the arrivals board."
    text = f"# Port\n\n{first}\n\nUtilize the harbour website daily to check the arrivals board.\n"
    after_first, after_second, first_stderr, second_stderr = fix_twice(work, text, "substitution")
    assert (after_first, first_stderr) == (f"# Port\n\n{first}\n", "Fixed 2 violations in 1 file.\n")
    assert (after_second, second_stderr) == (after_first, "")


def test_many_fixes_in_one_file(work: Path) -> None:
    text = "# Port\n\n" + "".join(f"Utilize the web site number {n} and the the quay.\n\n" for n in range(3000))
    after_first, after_second, first_stderr, second_stderr = fix_twice(work, text, "substitution", "repetition")
    assert after_first == "# Port\n\n" + "".join(f"Use the website number {n} and the quay.\n\n" for n in range(3000))
    assert first_stderr == "Fixed 9000 violations in 1 file.\n"
    assert (after_second, second_stderr) == (after_first, "")


def test_fix_until_stable_is_the_engines_whole_fix_loop() -> None:
    """The contract the engine relies on: it passes the text and its check and a function that checks a new text;
    it gets the final text, the number of fixes applied, that text's check and the number held back."""
    from dataclasses import dataclass

    from helpers import make_rule

    from doclint import lint_text
    from doclint.fixes import fix_until_stable
    from doclint.rules import RuleSet
    from doclint.violations import Violation

    rules = RuleSet((make_rule("substitution", "swap:\n  cat: cat cat\n  utilize: use\n", "{match}"),))

    @dataclass
    class Checked:
        violations: list[Violation]

    def check(text: str) -> Checked:
        checks.append(text)
        return Checked(lint_text(text, "a.md", rules=rules))

    checks: list[str] = []
    text = "A cat. Utilize it.\n"
    fixed = fix_until_stable(text, check(text), check)
    assert (fixed.text, fixed.applied, fixed.held_back) == ("A cat. Use it.\n", 1, 1)
    assert [v.message for v in fixed.checked.violations] == ["cat"]
    assert checks[-1] == fixed.text  # the check returned is the final text's


def test_a_second_fix_changes_nothing_for_random_rules_and_texts() -> None:
    """Random substitution lists over a tiny vocabulary (keys inside replacements, chains, cycles), with repeated
    words, on random texts: whatever the first run does, fixing its result changes nothing."""
    import random
    from dataclasses import dataclass

    from helpers import make_rule

    from doclint import lint_text
    from doclint.fixes import fix_until_stable
    from doclint.rules import RuleSet
    from doclint.violations import Violation

    @dataclass
    class Checked:
        violations: list[Violation]

    words = ["cat", "dog", "cow", "cat dog", "dog cat", "big cat"]
    rng = random.Random(2026)
    for _ in range(150):
        swap = {}
        for key in rng.sample(["cat", "dog", "cow", "big cat"], rng.randint(1, 3)):
            swap[key] = rng.choice([w for w in words if w != key])
        body = "swap:\n" + "".join(f"  {key}: {value}\n" for key, value in swap.items())
        rules = RuleSet((make_rule("substitution", body, "{match}"), make_rule("repetition", "", "{word}")))

        def check(text: str) -> Checked:
            return Checked(lint_text(text, "a.md", rules=rules))

        text = " ".join(rng.choice(words + ["the", "the"]) for _ in range(rng.randint(1, 12))) + ".\n"
        once = fix_until_stable(text, check(text), check)
        twice = fix_until_stable(once.text, check(once.text), check)
        assert (twice.text, twice.applied) == (once.text, 0), (swap, text, once.text, twice.text)
