"""Run rules over documents: files -> documents -> findings -> located, levelled violations.

The engine owns everything generic (rule selection, the level, message formatting, line/column lookup,
ordering); check kinds only produce ``Finding``s with offsets. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from doclint.document import Document
from doclint.files import SourceFile, discover, read_source
from doclint.parsing import parse_document
from doclint.rules import Rule, RuleSet, load_rules
from doclint.violations import FileProblem, RelatedLocation, Violation


@dataclass(frozen=True)
class RunResult:
    violations: tuple[Violation, ...]
    problems: tuple[FileProblem, ...] = ()
    files_checked: int = 0
    rules: tuple[Rule, ...] = ()  # the rules that ran, for reporters that describe them (SARIF)

    @property
    def errors(self) -> tuple[FileProblem, ...]:
        return tuple(problem for problem in self.problems if not problem.skipped)


@dataclass(frozen=True)
class CheckOptions:
    paragraph_mode: str = "auto"  # plain text: auto, blank-lines or lines
    format: str | None = None  # force a document format instead of choosing by extension
    extra: dict[str, object] = field(default_factory=dict)


def check_document(document: Document, rules: Iterable[Rule]) -> list[Violation]:
    violations = []
    for rule in rules:
        for finding in rule.kind.run(document, rule.prepared):
            start = document.position(finding.start)
            end = document.position(max(finding.start, finding.end))
            related = tuple(
                RelatedLocation(document.path, p.line, p.column) for p in map(document.position, finding.related)
            )
            violations.append(
                Violation(
                    path=document.path,
                    line=start.line,
                    column=start.column,
                    end_line=end.line,
                    end_column=end.column,
                    code=rule.code,
                    rule=rule.name,
                    severity=rule.level,
                    message=rule.format_message(dict(finding.args)),
                    related=related,
                    source_line=document.line_text(start.line),
                )
            )
    violations.sort(key=Violation.sort_key)
    return violations


def lint_text(
    text: str,
    path: str = "<text>",
    format: str | None = None,
    rules: RuleSet | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    paragraph_mode: str = "auto",
) -> list[Violation]:
    """Check one text and return its violations, sorted by position.

    ``format`` is ``"markdown"`` or ``"text"``; by default it follows ``path``'s extension (plain text when the
    path has none). ``rules`` defaults to the built-in rules; ``select``/``ignore`` take codes or names.

    >>> from doclint import lint_text
    >>> [v.code for v in lint_text("Same headline\\n\\nBody text.\\n\\nSame headline\\n", format="text")]
    ['DL002']
    """
    ruleset = (rules or load_rules()).select(select, ignore)
    document = parse_document(text, path, format or ("text" if path == "<text>" else None), paragraph_mode)
    return check_document(document, ruleset)


def check_file(source: SourceFile, rules: RuleSet, options: CheckOptions) -> tuple[list[Violation], FileProblem | None]:
    text = read_source(source)
    if isinstance(text, FileProblem):
        return [], text
    document = parse_document(text, source.display, options.format, options.paragraph_mode)
    return check_document(document, rules), None


def check_paths(paths: list[str], rules: RuleSet, options: CheckOptions | None = None) -> RunResult:
    options = options or CheckOptions()
    files, problems = discover(paths)
    violations: list[Violation] = []
    checked = 0
    for source in files:
        found, problem = check_file(source, rules, options)
        if problem is not None:
            problems.append(problem)
            continue
        checked += 1
        violations.extend(found)
    violations.sort(key=Violation.sort_key)
    return RunResult(tuple(violations), tuple(problems), checked, rules.rules)


__all__ = ["RunResult", "CheckOptions", "check_document", "check_paths", "lint_text", "load_rules"]
