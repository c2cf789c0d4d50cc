"""The ``doclint`` command line: argument handling only; the engine checks and the reporters print.

Exit codes: 0 clean, 1 violations at or above the failing level, 2 usage, configuration or rule-file error, or
a file that could not be checked (unreadable, binary when named explicitly, not UTF-8).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from doclint import __version__
from doclint.parsing.plaintext import PARAGRAPH_MODES
from doclint.reporters import REPORTER_NAMES
from doclint.schema import SchemaError

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
LEVELS = ("error", "warning", "info")


def _split_selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _size(value: str | None) -> int | None:
    from doclint.files import parse_size

    if value is None:
        return None
    try:
        return parse_size(value.strip())
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _use_color(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


class _FileError(click.ClickException):
    """A rule or configuration file error: printed as its one line, ``path:LINE: message``, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SchemaError as error:
            raise _FileError(str(error)) from None


rules_option = click.option(
    "--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="Add a directory of YAML rules (repeatable); a rule named like a built-in replaces it.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="doclint")
def cli() -> None:
    """doclint: quality control for Markdown and plain-text documents."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(REPORTER_NAMES),
              help="Output format [default: text; github when GITHUB_ACTIONS=true].")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules (codes or names, comma-separated, repeatable; ALL for every rule).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (codes or names, comma-separated).")
@rules_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Use this configuration file for every file instead of discovering .doclint.yaml / pyproject.toml.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--paragraph-mode", type=click.Choice(PARAGRAPH_MODES),
              help="Plain text: detect paragraphs per file (auto), or force blank-line separated or one-per-line.")
@click.option("--fail-on", type=click.Choice(LEVELS),
              help="Lowest level that makes the run fail [default: info, or the configuration's fail-on].")
@click.option("--cross-file/--no-cross-file", default=None,
              help="Also compare documents with each other: paragraphs and titles repeated across files.")
@click.option("--cross-file-exclude", multiple=True, metavar="GLOB",
              help="Leave files matching GLOB out of the cross-file comparison (e.g. a mirrored docs tree).")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (exact duplicate paragraphs and headings, "
              "substitutions); the remaining violations are reported.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the diff that --fix would apply; write nothing.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Report only violations that are not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Record the current violations in this baseline file (and exit 0).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes; 0 (the default) means one per core.")
@click.option("--max-file-size", metavar="SIZE", callback=lambda ctx, param, value: _size(value),
              help="Do not check files larger than SIZE (bytes, or e.g. 512KB, 20MB; 0: no limit) "
                   "[default: 10MB, or the configuration's max-file-size].")
@click.option("--regex-timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Seconds a rule's own regular expressions may run per document, per MB of text [default: 2, or "
                   "the configuration's regex-timeout]; a rule that runs over is reported as an error.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when violations are found.")
@click.option("-q", "--quiet", is_flag=True, help="Print violations only, no summary.")
def check(paths: tuple[str, ...], output_format: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          rule_dirs: tuple[Path, ...], config_file: Path | None, isolated: bool, paragraph_mode: str | None,
          fail_on: str | None, cross_file: bool | None, cross_file_exclude: tuple[str, ...], fix: bool, show_diff: bool, baseline_file: Path | None,
          write_baseline_file: Path | None, jobs: int, max_file_size: int | None, regex_timeout: float | None,
          exit_zero: bool, quiet: bool) -> None:
    """Check files and directories (default: the current directory)."""
    from doclint.config import CheckOptions
    from doclint.engine import check_paths
    from doclint.reporters import reporters
    from doclint.violations import Severity

    options = CheckOptions(
        select=_split_selectors(select),
        ignore=_split_selectors(ignore),
        rule_dirs=rule_dirs,
        config_file=config_file,
        isolated=isolated,
        paragraph_mode=paragraph_mode,
        fail_on=Severity(fail_on) if fail_on else None,
        cross_file=cross_file,
        cross_file_exclude=cross_file_exclude,
        max_file_size=max_file_size,
        regex_timeout=regex_timeout,
    )
    try:
        fix_mode = "diff" if show_diff else ("apply" if fix else None)
        result = check_paths(list(paths) or ["."], options=options, fix_mode=fix_mode, jobs=jobs or None)
    except LookupError as error:
        raise click.UsageError(str(error.args[0])) from None
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if write_baseline_file is not None:
        from doclint.baseline import write_baseline

        write_baseline(write_baseline_file, result.violations)
        count = len(result.violations)
        click.echo(f"Wrote {count} violation{'' if count == 1 else 's'} to the baseline {write_baseline_file}.",
                   err=True)
        sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)
    if baseline_file is not None:
        result = _apply_baseline(result, baseline_file)
    stdout = sys.stdout
    if show_diff:
        stdout.write("".join(result.diffs))
        sys.exit(EXIT_ERROR if result.errors else (EXIT_VIOLATIONS if result.diffs and not exit_zero else EXIT_CLEAN))

    reporter = reporters()[output_format or _default_format()]
    reporter(stdout, color=_use_color(stdout), quiet=quiet).report(result)
    if fix and result.fixes_applied and not quiet:
        click.echo(f"Fixed {result.fixes_applied} violation{'s' if result.fixes_applied != 1 else ''} "
                   f"in {len(result.diffs)} file{'s' if len(result.diffs) != 1 else ''}.", err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    failing = any(v.severity.rank >= result.fail_on.rank for v in result.violations)
    sys.exit(EXIT_VIOLATIONS if failing and not exit_zero else EXIT_CLEAN)


def _apply_baseline(result, baseline_file: Path):  # type: ignore[no-untyped-def]
    """The result without the violations the baseline knows; the summary counts them and the stale entries."""
    import dataclasses

    from doclint.baseline import filter_baseline, read_baseline

    kept, hidden, stale = filter_baseline(result.violations, read_baseline(baseline_file), result.paths)
    return dataclasses.replace(result, violations=tuple(kept), baseline=(hidden, stale))


@cli.command(name="rules")
@rules_option
def list_rules(rule_dirs: tuple[Path, ...]) -> None:
    """List the loaded rules: code, name, level and what each one checks."""
    from doclint.rules import load_rules

    for rule in load_rules(rule_dirs):
        state = "" if rule.enabled else " (disabled)"
        click.echo(f"{rule.code}  {rule.name:<24} {rule.level.value:<8} {rule.summary}{state}")


@cli.command(name="rule")
@click.argument("name")
@rules_option
def show_rule(name: str, rule_dirs: tuple[Path, ...]) -> None:
    """Explain one rule (by code or name): description, level, parameters and examples."""
    from doclint.ruledocs import describe_rule
    from doclint.rules import load_rules

    rules = load_rules(rule_dirs)
    try:
        [rule] = rules.resolve([name])
    except LookupError as error:
        raise click.UsageError(str(error.args[0])) from None
    click.echo(describe_rule(rule), nl=False)


@cli.command(name="test-rules")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, exists=True, path_type=Path))
def test_rules(directories: tuple[Path, ...]) -> None:
    """Check every rule's examples: each fail example must trigger it, each pass example must not.

    With DIRECTORIES, test the rules defined there (loaded on top of the built-in rules); without, the
    built-in rules.
    """
    from doclint.ruledocs import example_failures
    from doclint.rules import load_rule, load_rules, rule_files

    known = load_rules(directories)
    names = {load_rule(path).name for d in directories for path in rule_files(d)} if directories else None
    failed = 0
    tested = 0
    for rule in known:
        if names is not None and rule.name not in names:
            continue
        tested += 1
        problems = example_failures(rule, known)
        status = click.style("FAIL", fg="red") if problems and _use_color(sys.stdout) else ("FAIL" if problems else "ok")
        click.echo(f"{status:<4} {rule.code} {rule.name} ({len(rule.examples.fail)} fail, "
                   f"{len(rule.examples.passing)} pass examples) {rule.source}")
        for problem in problems:
            click.echo(f"     - {problem}")
        failed += bool(problems)
    click.echo(f"{tested - failed} of {tested} rules passed their examples.")
    sys.exit(EXIT_VIOLATIONS if failed else EXIT_CLEAN)


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .doclint.yaml.")
def init(force: bool) -> None:
    """Write a commented starter .doclint.yaml in the current directory."""
    from doclint.config import CONFIG_FILE, STARTER_CONFIG

    target = Path(CONFIG_FILE)
    if target.exists() and not force:
        raise click.UsageError(f"{CONFIG_FILE} already exists; use --force to overwrite it")
    target.write_text(STARTER_CONFIG, encoding="utf-8")
    click.echo(f"Wrote {CONFIG_FILE}.")


def main() -> None:
    """Console entry point."""
    try:
        cli.main(prog_name="doclint")
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        sys.exit(EXIT_CLEAN)


@cli.command()
def lsp() -> None:
    """Run the language server on standard input and output, for editors (needs `pip install "doclint[lsp]"`)."""
    from doclint.lsp import MISSING_EXTRA

    try:
        from doclint.lsp.server import serve
    except ImportError as error:
        if error.name in ("pygls", "lsprotocol") or str(error.name).startswith(("pygls.", "lsprotocol.")):
            raise click.ClickException(f"{MISSING_EXTRA} ({error})") from None
        raise
    serve()
