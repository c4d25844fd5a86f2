"""The command line: thin click commands that call one core function each.

Every domain error (:class:`~kamdocs.errors.KamdocsError`) is turned into
printed problems and exit code 1 here, in one place; click's own usage errors
exit 2. Implementations are imported lazily so ``kamdocs --help`` stays fast
(WeasyPrint alone takes 0.7 s to import).
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kamdocs import __version__
from kamdocs.errors import KamdocsError, Problem, Severity, UsageProblem

F = TypeVar("F", bound=Callable[..., Any])

project_dir = click.argument(
    "directory",
    required=False,
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
# The audience names are written out, not taken from kamdocs.model (PLAYBOOK_AUDIENCES,
# OUTPUT_AUDIENCES): importing the model loads pydantic and every model, about 0.25 s, which would
# make `kamdocs --help` three times slower. tests/test_audience_names.py pins both lists to the model.
audience_option = click.option(
    "--audience",
    type=click.Choice(["internal", "restricted"]),
    default="internal",
    show_default=True,
    help="internal: no personal data (intranet); restricted: everything.",
)


def echo_problem(problem: Problem) -> None:
    """Print one problem to stderr, coloured by severity when on a terminal."""
    colour = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}[problem.severity]
    click.secho(problem.format(), err=True, fg=colour)


def internal_error(exc: BaseException) -> str:
    """Return the one line that reports a bug in kamdocs itself, with where it happened."""
    where = ""
    for frame, line in traceback.walk_tb(exc.__traceback__):
        path = Path(frame.f_code.co_filename)
        if "kamdocs" in path.parts:
            where = f" at {Path(*path.parts[path.parts.index('kamdocs') :]).as_posix()}:{line}"
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return (
        f"error: internal error in kamdocs ({text}{where}); this is a bug in kamdocs, not in your project: "
        "please report it with the command you ran (KAMDOCS_TRACEBACK=1 prints the details)"
    )


def handle_errors(func: F) -> F:
    """Turn KamdocsError into printed problems and exit 1, and a bug into one line and exit 1 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsageProblem as exc:
            raise click.UsageError(str(exc)) from None
        except KamdocsError as exc:
            if exc.problems:
                for problem in exc.problems:
                    echo_problem(problem)
            else:
                click.secho(f"error: {exc}", err=True, fg="red")
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors (exit 2) and click's own exits
        except Exception as exc:  # noqa: BLE001 - the one place a bug in kamdocs becomes a message
            if os.environ.get("KAMDOCS_TRACEBACK"):
                traceback.print_exc()
            click.secho(internal_error(exc), err=True, fg="red")
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kamdocs")
def main() -> None:
    """Key-Account-Management playbooks as code: validate, analyse, publish."""


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True, help="Language.")
@handle_errors
def init(directory: Path, lang: str) -> None:
    """Write a complete example playbook into DIRECTORY (must be empty or new)."""
    from kamdocs.scaffold import init_project

    written = init_project(directory, lang)
    here = directory.resolve() == Path.cwd().resolve()
    where = "the current folder" if here else str(directory)
    argument = "" if here else f" {directory}"
    click.echo(f"Wrote {len(written)} files into {where}. Next: kamdocs check{argument}, then kamdocs build{argument}")


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@handle_errors
def check(directory: Path, strict: bool) -> None:
    """Validate the playbook in DIRECTORY and print every problem.

    Exit status: 0 without errors (warnings allowed unless --strict), 1 otherwise, 2 on usage errors.
    """
    from kamdocs.build import check_project
    from kamdocs.errors import count_summary

    problems = check_project(directory)
    # Problems are the output of `check`, so they go to stdout (like ruff or mypy): greppable.
    colour = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}
    for problem in problems:
        click.secho(problem.format(), fg=colour[problem.severity])
    click.echo(count_summary(problems))
    failing = Severity.WARNING if strict else Severity.ERROR
    if any(p.severity >= failing for p in problems):
        sys.exit(1)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write one <name>.schema.json per file into this folder instead of printing.",
)
@handle_errors
def schema(out: Path | None) -> None:
    """Print (or write) the JSON Schema of kamdocs.yaml and every data file."""
    from kamdocs.schema import schema_bundle, write_schemas

    if out is None:
        import json

        click.echo(json.dumps(schema_bundle(), indent=2, ensure_ascii=False))
    else:
        for path in write_schemas(out):
            click.echo(str(path))


@main.command()
@project_dir
@audience_option
@click.option("--json", "as_json", is_flag=True, help="Print the analyses as JSON (docs/report-json.md).")
@handle_errors
def report(directory: Path, audience: str, as_json: bool) -> None:
    """Print the computed analyses: readiness, KPIs, schedule, competencies, portfolio, budget."""
    from kamdocs.report import run_report

    click.echo(run_report(directory, audience=audience, as_json=as_json))


@main.command()
@project_dir
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "report", "all"]),
    default=None,
    help="What to build (all: html and pdf; report: report.json); default: the formats in kamdocs.yaml.",
)
@click.option(
    "--audience",
    type=click.Choice(["internal", "restricted", "customer"]),  # OUTPUT_AUDIENCES, written out as above
    default="internal",
    show_default=True,
    help="internal: no personal data (intranet); restricted: everything; "
    "customer: with --account, the plan to hand to that customer.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Output folder.")
@click.option("--account", default=None, help="With --format pdf: write the account plan of one key account.")
@click.option("--strict", is_flag=True, help="Treat warnings (broken links, missing images) as errors.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 256),
    default=None,
    help="Processes that lay out a long PDF in parts at the same time; default: every core (docs/commands.md).",
)
@handle_errors
def build(
    directory: Path,
    fmt: str | None,
    audience: str,
    out: Path | None,
    account: str | None,
    strict: bool,
    jobs: int | None,
) -> None:
    """Build the website and/or the PDF handbook."""
    from kamdocs.build import run_build_command

    if audience == "customer" and account is None:
        raise click.UsageError("--audience customer needs --account ID: it builds the plan of one key account")

    run_build_command(directory, fmt=fmt, audience=audience, out=out, account=account, strict=strict, jobs=jobs)


@main.command()
@project_dir
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@audience_option
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@handle_errors
def serve(directory: Path, host: str, port: int, audience: str, open_browser: bool) -> None:
    """Preview the website with live reload while you edit."""
    from kamdocs.serve import run_server

    run_server(directory, host=host, port=port, audience=audience, open_browser=open_browser)


@main.group()
def excel() -> None:
    """Exchange the planning data (readiness, tasks, routines, ratings, KPIs) or one account plan with Excel."""


@excel.command("export")
@project_dir
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Workbook file.")
@audience_option
@click.option(
    "--account", default=None, help="Write one key account's goals, actions and financials for a customer workshop."
)
@handle_errors
def excel_export(directory: Path, out: Path | None, audience: str, account: str | None) -> None:
    """Write the planning workbook (readiness, tasks, routines, competencies, ratings, KPIs)."""
    from kamdocs.excel import run_export

    click.echo(run_export(directory, out=out, audience=audience, account=account))


@excel.command("import")
@click.argument("args", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="[DIR] FILE.xlsx")
@click.option("--dry-run", is_flag=True, help="Show the changes without writing.")
@click.option("--prune", is_flag=True, help="Remove rows deleted in Excel from the YAML files.")
@handle_errors
def excel_import(args: tuple[Path, ...], dry_run: bool, prune: bool) -> None:
    """Read a workbook back into the YAML files: kamdocs excel import [DIR] FILE.xlsx."""
    from kamdocs.excel import run_import

    if len(args) > 2:
        raise click.UsageError("expected [DIR] FILE.xlsx")
    directory, workbook = (Path("."), args[0]) if len(args) == 1 else args
    click.echo(run_import(directory, workbook, dry_run=dry_run, prune=prune))


# --- plans in git: `kamdocs diff` and `kamdocs history` (docs/git.md) -----------------------------


def _echo_outcome(output: str, problems: list[Problem], exit_code: int) -> None:
    """Print a git command's output, then its notes and problems on stderr; exit with its status."""
    if output:
        click.echo(output, nl=False)
    for problem in problems:
        if problem.path == "git":
            click.secho(
                f"{problem.severity.label}: {problem.message}", err=True, fg="cyan" if exit_code == 0 else "red"
            )
        else:
            echo_problem(problem)
    if exit_code:
        sys.exit(exit_code)


@main.command()
@click.argument("revisions", nargs=-1)
@click.option(
    "-C",
    "--project",
    "directory",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The playbook folder (default: the current folder).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@audience_option
@handle_errors
def diff(revisions: tuple[str, ...], directory: Path, fmt: str, audience: str) -> None:
    """Show what changed in the plan between two git revisions.

    No revision: HEAD against the working tree; one: that revision against the working tree; two:
    the first against the second (also REV_A..REV_B, and REV_A...REV_B for what REV_B changed since it
    forked from REV_A). Exit status 0 with or without changes, 1 when a version does not check, 2 on
    an unknown revision. See docs/git.md.
    """
    import os

    from kamdocs.vcs.diff import run_diff

    if len(revisions) > 2:
        raise click.UsageError("expected at most two revisions: kamdocs diff [REV_A] [REV_B]")
    colour = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    outcome = run_diff(directory, revisions, audience=audience, fmt=fmt, colour=colour)  # type: ignore[arg-type]
    _echo_outcome(outcome.output, outcome.problems, outcome.exit_code)


@main.command()
@project_dir
@click.option(
    "--revisions",
    type=click.IntRange(1, 1000),
    default=None,
    help="How many revisions that changed data/ (default: history.revisions in kamdocs.yaml, 24).",
)
@audience_option
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON (docs/git.md).")
@handle_errors
def history(directory: Path, revisions: int | None, audience: str, as_json: bool) -> None:
    """Print the key figures at each of the last revisions that changed data/, newest first.

    Exit status 0, also outside git (a note says why there is no history); 1 when the working tree
    does not load (its problems as `kamdocs check` prints them); 2 on usage errors. See docs/git.md.
    """
    from kamdocs.vcs.diff import dumps
    from kamdocs.vcs.history import collect_history, history_json
    from kamdocs.vcs.render_history import render_text

    result = collect_history(directory, revisions=revisions, audience=audience)  # type: ignore[arg-type]
    click.echo(dumps(history_json(result)) if as_json else render_text(result), nl=as_json)
