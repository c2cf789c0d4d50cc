"""The ``doclint`` command line: argument handling only; the engine checks and the reporters print.

Exit codes: 0 clean, 1 violations found, 2 usage, configuration or rule-file error, or a file that could
not be checked (unreadable, binary when named explicitly, not UTF-8).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from doclint import __version__
from doclint.parsing.plaintext import PARAGRAPH_MODES
from doclint.schema import SchemaError

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
# Kept in step with doclint.reporters.reporters() by a test; listed here so --help needs no imports.
REPORTER_NAMES = ["text", "json"]


def _split_selectors(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _use_color(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _load_ruleset(rule_dirs: tuple[Path, ...], select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from doclint.rules import load_rules

    try:
        return load_rules(rule_dirs).select(_split_selectors(select), _split_selectors(ignore))
    except LookupError as error:
        raise click.UsageError(str(error.args[0])) from None


rules_option = click.option(
    "--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="Add a directory of YAML rules (repeatable); a rule named like a built-in replaces it.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="doclint")
def cli() -> None:
    """doclint: quality control for Markdown and plain-text documents."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(REPORTER_NAMES), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules (codes or names, comma-separated, repeatable; ALL for every rule).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (codes or names, comma-separated).")
@rules_option
@click.option("--paragraph-mode", type=click.Choice(PARAGRAPH_MODES), default="auto", show_default=True,
              help="Plain text: detect paragraphs per file, or force blank-line separated or one-per-line.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when violations are found.")
@click.option("-q", "--quiet", is_flag=True, help="Print violations only, no summary.")
def check(paths: tuple[str, ...], output_format: str, select: tuple[str, ...], ignore: tuple[str, ...],
          rule_dirs: tuple[Path, ...], paragraph_mode: str, exit_zero: bool, quiet: bool) -> None:
    """Check files and directories (default: the current directory)."""
    from doclint.engine import CheckOptions, check_paths
    from doclint.reporters import reporters

    ruleset = _load_ruleset(rule_dirs, select, ignore)
    result = check_paths(list(paths) or ["."], ruleset, CheckOptions(paragraph_mode=paragraph_mode))
    for problem in result.problems:
        click.echo(str(problem), err=True)
    stdout = click.get_text_stream("stdout")
    reporters()[output_format](stdout, color=_use_color(stdout), quiet=quiet).report(result)
    if result.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_VIOLATIONS if result.violations and not exit_zero else EXIT_CLEAN)


@cli.command(name="rules")
@rules_option
def list_rules(rule_dirs: tuple[Path, ...]) -> None:
    """List the loaded rules: code, name, level and what each one checks."""
    from doclint.rules import load_rules

    for rule in load_rules(rule_dirs):
        state = "" if rule.enabled else " (disabled)"
        click.echo(f"{rule.code}  {rule.name:<24} {rule.level.value:<8} {rule.summary}{state}")


def main() -> None:
    """Console entry point: rule and configuration errors become one line and exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except SchemaError as error:
        click.echo(f"{error}", err=True)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
