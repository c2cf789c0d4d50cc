"""The ``doclint`` command line: argument handling only; the engine checks and the reporters print.

Exit codes: 0 clean, 1 violations at or above the failing level, 2 usage, configuration or rule-file error, or
a file that could not be checked (unreadable, binary when named explicitly, not UTF-8).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING, NoReturn

import click

from doclint import __version__
from doclint.display import plural
from doclint.parsing.plaintext import PARAGRAPH_MODES
from doclint.reporters import REPORTER_NAMES
from doclint.safe_regex import MAX_REGEX_TIMEOUT, MIN_REGEX_TIMEOUT
from doclint.schema import SchemaError

if TYPE_CHECKING:
    from doclint.engine import FixMode
    from doclint.results import RunResult

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
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
              help="Worker processes; 0 (the default) means one per core, or none for fewer than 16 files or 250 KB.")
@click.option("--max-file-size", metavar="SIZE", callback=lambda ctx, param, value: _size(value),
              help="Do not check files larger than SIZE (bytes, or e.g. 512KB, 20MB; 0: no limit) "
                   "[default: 10MB, or the configuration's max-file-size].")
@click.option("--regex-timeout", type=click.FloatRange(min=MIN_REGEX_TIMEOUT, max=MAX_REGEX_TIMEOUT), metavar="SECONDS",
              help="Seconds a rule's own regular expressions may run per document, per MB of text [default: 2, or "
                   "the configuration's regex-timeout]; a rule that runs over is reported as an error.")
@click.option("--no-cache", is_flag=True, help="Check every file again instead of reusing results kept in "
              ".doclint_cache/ for files, rules and settings that have not changed.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar="DOCLINT_CACHE_DIR",
              help="Keep the cache here instead of in .doclint_cache/ of the run's root [env: DOCLINT_CACHE_DIR].")
@click.option("--stdin-filename", metavar="PATH",
              help="With '-' (standard input): the path the text stands for, for its format, configuration and the "
                   "reported path (it need not exist).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when violations are found.")
@click.option("-q", "--quiet", is_flag=True, help="Print violations only, no summary.")
def check(paths: tuple[str, ...], output_format: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          rule_dirs: tuple[Path, ...], config_file: Path | None, isolated: bool, paragraph_mode: str | None,
          fail_on: str | None, cross_file: bool | None, cross_file_exclude: tuple[str, ...], fix: bool, show_diff: bool, baseline_file: Path | None,
          write_baseline_file: Path | None, jobs: int, max_file_size: int | None, regex_timeout: float | None,
          no_cache: bool, cache_dir: Path | None, stdin_filename: str | None, exit_zero: bool,
          quiet: bool) -> None:
    """Check files and directories (default: the current directory); '-' reads one document from standard
    input (with --fix, the fixed text goes to standard output and the findings to stderr)."""
    from doclint.errors import OptionError
    from doclint.reporters import reporter_class
    from doclint.run import check_paths
    from doclint.settings import CheckOptions
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
        baseline=baseline_file,
        cache=not no_cache,
        cache_dir=cache_dir,
    )
    cores = os.cpu_count() or 1
    if jobs > cores:
        click.echo(f"doclint: warning: --jobs {jobs} is more than the {cores} CPU cores: the extra workers only cost "
                   "memory (at most one per file is started)", err=True)
    if "-" in paths and len(paths) > 1:
        raise click.UsageError("'-' (standard input) cannot be combined with other paths")
    if stdin_filename is not None and paths != ("-",):
        raise click.UsageError("--stdin-filename goes with '-' (standard input)")
    fix_mode: FixMode | None = "diff" if show_diff else ("apply" if fix else None)
    fixed_stdin: str | None = None
    try:
        if paths == ("-",):
            from doclint.run import check_stdin

            data = sys.stdin.buffer.read() if sys.stdin is not None else b""
            result, fixed_stdin = check_stdin(data, stdin_filename, options, fix_mode)
            if fix and not show_diff:
                sys.stdout.write(fixed_stdin if fixed_stdin is not None else _stdin_text(data))
        else:
            result = check_paths(list(paths) or ["."], options=options, fix_mode=fix_mode, jobs=jobs or None)
    except OptionError as error:
        raise click.UsageError(str(error)) from None
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if write_baseline_file is not None:
        from doclint.baseline import write_baseline
        from doclint.display import printable_path

        try:
            write_baseline(write_baseline_file, result.violations)
        except OSError as error:
            raise _FileError(f"{printable_path(str(write_baseline_file))}: cannot write the baseline: "
                             f"{error.strerror or error}") from None
        count = len(result.violations)
        click.echo(f"Wrote {count} violation{'' if count == 1 else 's'} to the baseline {write_baseline_file}.",
                   err=True)
        sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)
    if show_diff:
        _report_diff(result, quiet)
    else:
        # With `--fix -` standard output carries the fixed text, so the findings go to stderr.
        stream = sys.stderr if fix and paths == ("-",) else sys.stdout
        reporter = reporter_class(output_format or _default_format())
        reporter(stream, color=_use_color(stream), quiet=quiet).report(result)
        if fix and result.fixes_applied and not quiet:
            click.echo(f"Fixed {plural(result.fixes_applied, 'violation')} in {plural(len(result.diffs), 'file')}.",
                       err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    # Under --diff the fixes are not applied yet: a diff to apply fails the run as much as what would remain.
    failing = result.failing or (show_diff and bool(result.diffs))
    sys.exit(EXIT_VIOLATIONS if failing and not exit_zero else EXIT_CLEAN)


def _stdin_text(data: bytes) -> str:
    """Standard input passed through unchanged under ``--fix -`` when there was nothing to fix."""
    return data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")


def _report_diff(result: RunResult, quiet: bool) -> None:
    """``--diff``: the unified diff on standard output, what it would fix and what would remain on stderr."""
    sys.stdout.write("".join(result.diffs))
    if quiet or not (result.diffs or result.violations):
        return
    remaining = len(result.violations)
    fixed = f"Would fix {plural(result.fixes_applied, 'violation')} in {plural(len(result.diffs), 'file')}"
    click.echo(f"{fixed}; {plural(remaining, 'violation')} would remain"
               f"{' (run without --diff to see them)' if remaining else ''}.", err=True)


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

    from doclint.errors import SelectorError

    rules = load_rules(rule_dirs)
    try:
        [rule] = rules.resolve([name])
    except SelectorError as error:
        raise click.UsageError(str(error)) from None
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
    if target.is_symlink():  # a committed link could make doclint write outside the repository
        raise click.UsageError(f"{CONFIG_FILE} is a symbolic link; remove it first")
    if target.exists() and not force:
        raise click.UsageError(f"{CONFIG_FILE} already exists; use --force to overwrite it")
    if target.is_dir():
        raise click.UsageError(f"{CONFIG_FILE} is a directory")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(target, flags, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(STARTER_CONFIG)
    except OSError as error:
        raise _FileError(f"{CONFIG_FILE}: cannot write: {error.strerror or error}") from None
    click.echo(f"Wrote {CONFIG_FILE}.")


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, exists=True, path_type=Path))
def clean(directory: Path) -> None:
    """Remove the result cache (.doclint_cache/) of DIRECTORY (default: the current one)."""
    from doclint.cache import CACHE_DIRECTORY, clean as remove_cache

    removed = remove_cache(directory)
    click.echo(f"Removed {directory / CACHE_DIRECTORY}." if removed else f"No {CACHE_DIRECTORY} in {directory}.")


def _prepare_streams() -> None:
    """Output never fails on an encoding: a terminal or pipe that cannot show a character gets an escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    try:
        sys.stderr.write(f"doclint: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(code)  # the streams may be broken: do not let the interpreter's exit flush them again


def main() -> None:
    """Console entry point: exit 0/1/2 as documented, 130 on Ctrl-C, one line (never a traceback) when the
    output cannot be written or the working directory has gone."""
    if sys.stdout is None:  # started with standard output closed
        _fail("standard output is closed")
    _prepare_streams()
    try:
        os.getcwd()
    except OSError as error:
        _fail(f"the current directory cannot be used ({error.strerror or error}); change to an existing directory")
    try:
        code = cli.main(prog_name="doclint", standalone_mode=False)
        if not sys.stdout.closed:  # the language server closes it when the editor says exit
            sys.stdout.flush()
    except click.exceptions.Abort:
        _fail("interrupted", EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        _fail("interrupted", EXIT_INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        _fail_quietly()
    except OSError as error:
        if getattr(error, "filename", None) is None and error.errno is not None:  # writing our own output
            _fail(f"cannot write the output: {error.strerror or error}")
        raise
    sys.exit(code if isinstance(code, int) else EXIT_CLEAN)


def _fail_quietly() -> NoReturn:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    os._exit(EXIT_CLEAN)


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


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--text-column", required=True, metavar="COL", help="The column (JSON key) holding each record's text.")
@click.option("--id-column", metavar="COL", help="The column naming each record in the findings (default: the input "
                                                 "file's name and the record's position in it).")
@click.option("--title-column", metavar="COL", help="The column holding each record's title: checked as the "
                                                    "document's first line (a heading), so DL002 compares titles.")
@click.option("--format-column", metavar="COL", help="The column holding each record's format (markdown or text; "
                                                     "default: text).")
@click.option("--output", "output_dir", required=True, metavar="DIR",
              help="Directory (local or s3://) for part files, problems files and summary.json.")
@click.option("--output-format", type=click.Choice(("jsonl", "parquet", "sarif")), default="jsonl", show_default=True)
@click.option("--engine", type=click.Choice(("local", "ray")), default="local", show_default=True,
              help="local: one process; ray: a Ray cluster (pip install \"doclint[ray]\").")
@click.option("--address", metavar="ADDR", help="Ray cluster to join (auto, ray://host:10001); default: start a local "
                                                "one.")
@click.option("--partitions", type=click.IntRange(min=1), help="Shuffle partitions (default: 1 locally, 2 per CPU on "
                                                               "Ray); never changes the findings.")
@click.option("--cross-file/--no-cross-file", default=None, help="Also compare records with each other (duplicate "
                                                                 "paragraphs and titles across records).")
@click.option("--select", multiple=True, metavar="RULES", help="Run only these rules (codes or names, comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (codes or names, comma-separated).")
@rules_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--paragraph-mode", type=click.Choice(PARAGRAPH_MODES), help="How plain text splits into paragraphs.")
def scan(inputs: tuple[str, ...], text_column: str, id_column: str | None, title_column: str | None,
         format_column: str | None, output_dir: str, output_format: str, engine: str, address: str | None,
         partitions: int | None, cross_file: bool | None, select: tuple[str, ...], ignore: tuple[str, ...],
         rule_dirs: tuple[Path, ...], config_file: Path | None, isolated: bool, paragraph_mode: str | None) -> None:
    """Check an archive of records (JSONL or Parquet files or globs, local or s3://) and write the findings."""
    from doclint.errors import OptionError
    from doclint.scan import Columns, OutputSpec, ScanRequest, run_scan
    from doclint.scan.progress import Progress
    from doclint.settings import CheckOptions

    options = CheckOptions(select=_split_selectors(select), ignore=_split_selectors(ignore), rule_dirs=rule_dirs,
                           config_file=config_file, isolated=isolated, paragraph_mode=paragraph_mode,
                           cross_file=cross_file)
    request = ScanRequest(inputs, Columns(text_column, id_column, title_column, format_column),
                          OutputSpec(output_dir, output_format, os.getcwd()), options, engine, address, partitions)
    try:
        summary = run_scan(request, Progress(0))
    except OptionError as error:
        raise click.UsageError(str(error)) from None
    failed = summary["records_failed"]
    click.echo(f"Scanned {plural(summary['records'], 'record')}"
               f"{f' ({failed} could not be checked: see problems-*.jsonl)' if failed else ''}; "
               f"{plural(summary['findings'], 'finding')} written to {output_dir}.", err=True)
