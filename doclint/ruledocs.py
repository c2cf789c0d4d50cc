"""Rule documentation and example testing, both driven by the rule YAML.

``doclint rule NAME`` prints ``describe_rule``; ``docs/rules.md`` is ``rules_markdown`` over the built-in rules
(regenerate with ``python -m doclint.ruledocs docs/rules.md``; a test fails when it is stale);
``doclint test-rules`` runs ``example_failures`` for every rule.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from doclint.rules import Rule, RuleSet, load_rules

# A default longer than this is summarised (DL003's lexicons run to thousands of characters): the rule file has it.
MAX_SHOWN_DEFAULT = 80


def _param_rows(rule: Rule) -> list[tuple[str, str, str]]:
    return [(field.name.replace("_", "-"), _shown(getattr(rule.params, field.name)), field.metadata.get("doc", ""))
            for field in dataclasses.fields(rule.params)]


def _plain(value: object) -> str:
    if isinstance(value, tuple):
        value = list(value)
    return repr(value) if isinstance(value, str) else str(value)


def _shown(value: object) -> str:
    """A parameter's default as written, or a summary of it when that is long."""
    text = _plain(value)
    if len(text) <= MAX_SHOWN_DEFAULT:
        return text
    if dataclasses.is_dataclass(value):
        return "; ".join(f"{field.name.replace('_', '-')}: {_counted(getattr(value, field.name))}"
                         for field in dataclasses.fields(value))
    if isinstance(value, (list, tuple)) and value and all(dataclasses.is_dataclass(item) for item in value):
        first = dataclasses.fields(value[0])[0].name  # a name field, as in `family: ...`
        return f"{len(value)} items: " + ", ".join(str(getattr(item, first)) for item in value)
    return _counted(value)


def _counted(value: object) -> str:
    if isinstance(value, dict):
        return f"{len(value)} entries"
    if isinstance(value, (list, tuple)):
        return f"{len(value)} items"
    text = _plain(value)
    return text if len(text) <= MAX_SHOWN_DEFAULT else text[: MAX_SHOWN_DEFAULT - 1] + "…"


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.rstrip("\n").split("\n"))


def describe_rule(rule: Rule) -> str:
    lines = [f"{rule.code} {rule.name} ({rule.level.value}, check: {rule.kind.name}"
             f"{'' if rule.enabled else ', disabled by default'})", "", rule.description.strip(), "",
             f"Message: {rule.message}", f"Defined in: {rule.source}", ""]
    rows = _param_rows(rule)
    if rows:
        lines.append("Parameters:")
        for name, value, doc in rows:
            lines.append(f"  {name} = {value}")
            if doc:
                lines.append(f"      {doc}")
        lines.append("")
    for title, examples in (("Fails", rule.examples.fail), ("Passes", rule.examples.passing)):
        for number, example in enumerate(examples, start=1):
            lines.append(f"{title} ({rule.examples.format}, example {number}):")
            lines.append(_indent(example))
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def rule_markdown(rule: Rule) -> str:
    parts = [f"## {rule.code} `{rule.name}`", "",
             f"Level: **{rule.level.value}** · check kind: `{rule.kind.name}`"
             f"{' · disabled by default' if not rule.enabled else ''}", "",
             rule.description.strip(), "", f"Message: `{rule.message}`", ""]
    rows = _param_rows(rule)
    if rows:
        parts += ["| parameter | default | meaning |", "|---|---|---|"]
        parts += [f"| `{name}` | `{value}` | {doc} |" for name, value, doc in rows]
        parts.append("")
    fence = "markdown" if rule.examples.format == "markdown" else "text"
    for title, examples in (("Reported", rule.examples.fail), ("Not reported", rule.examples.passing)):
        for example in examples:
            parts += [f"{title}:", "", f"````{fence}", example.rstrip("\n"), "````", ""]
    return "\n".join(parts)


def rules_markdown(rules: RuleSet) -> str:
    header = ["# Built-in rules", "",
              "Generated from `rules/*.yaml` by `python -m doclint.ruledocs docs/rules.md`; do not edit by hand.", "",
              "| code | name | level | summary |", "|---|---|---|---|"]
    header += [f"| {r.code} | [`{r.name}`](#{r.code.lower()}-{r.name}) | {r.level.value} | {r.summary} |" for r in rules]
    return "\n".join(header) + "\n\n" + "\n".join(rule_markdown(rule) for rule in rules)


def example_failures(rule: Rule, known_rules: RuleSet) -> list[str]:
    """What is wrong with a rule's examples: each fail example must trigger it, each pass example must not."""
    from doclint.engine import check_document
    from doclint.parsing import parse_document

    problems = []
    for expected, examples in ((True, rule.examples.fail), (False, rule.examples.passing)):
        for number, example in enumerate(examples, start=1):
            document = parse_document(example, "<example>", rule.examples.format)
            found = [v for v in check_document(document, [rule], known_rules) if v.code == rule.code]
            if expected and not found:
                problems.append(f"fail example {number} does not trigger the rule")
            elif not expected and found:
                where = ", ".join(f"line {v.line}:{v.column} {v.message}" for v in found)
                problems.append(f"pass example {number} triggers the rule: {where}")
    if not rule.examples.fail or not rule.examples.passing:
        problems.append("needs at least one fail and one pass example")
    return problems


def main(argv: list[str]) -> None:
    text = rules_markdown(load_rules())
    if argv:
        Path(argv[0]).parent.mkdir(parents=True, exist_ok=True)
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
