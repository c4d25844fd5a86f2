"""``build_project``: the one function that ``kamdocs build``, ``serve`` and the benchmarks call."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from kamdocs.errors import KamdocsError, Problem, Severity, UsageProblem
from kamdocs.model import OutputAudience

if TYPE_CHECKING:  # imported lazily at run time: `kamdocs --help` stays fast
    from kamdocs.model import Playbook
    from kamdocs.render.writer import Writer, WrittenFile
    from kamdocs.session import BuildSession
    from kamdocs.site.model import Site

FORMATS = ("html", "pdf", "report")
"""Every output format, in the order a build writes them."""
ALL = ("html", "pdf")
"""What ``--format all`` builds."""


@dataclass(frozen=True)
class BuildEvent:
    """A progress event: ``stage`` is load, analyse, assemble, page, pdf, report or done."""

    stage: str
    message: str = ""
    done: int = 0
    total: int = 0


Listener = Callable[[BuildEvent], None]
"""Receives the events of a build (the CLI's progress line, tests)."""


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    out: Path
    formats: tuple[str, ...]
    files: tuple[WrittenFile, ...] = ()
    """Every file written, relative to ``out``."""
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    seconds: float = 0.0
    language: str | None = None
    """The playbook's language (``serve`` shows its own messages in it)."""

    @property
    def pages(self) -> int:
        """Return the number of HTML pages written."""
        return sum(1 for f in self.files if f.kind == "page")

    @property
    def pdfs(self) -> tuple[WrittenFile, ...]:
        """Return the PDFs written."""
        return tuple(f for f in self.files if f.kind == "pdf")

    @property
    def warnings(self) -> int:
        """Return the number of warnings."""
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    def summary(self) -> str:
        """Return ``N pages written, W warnings, in X.X s``."""
        parts = []
        if "html" in self.formats:
            parts.append(f"{self.pages} page{'' if self.pages == 1 else 's'} written")
        for written in self.files:
            if written.kind not in ("pdf", "report"):
                continue
            text = written.path
            if written.pages:
                text += f" ({written.pages} page{'' if written.pages == 1 else 's'})"
            parts.append(text if parts else f"{text} written")  # a PDF-only build wrote no "0 pages"
        pages = ", ".join(parts)
        warnings = f"{self.warnings} warning{'' if self.warnings == 1 else 's'}"
        return f"{pages}, {warnings}, in {self.seconds:.1f} s"


def _formats(requested: str | Sequence[str] | None, configured: Sequence[str]) -> tuple[str, ...]:
    if requested is None:
        return tuple(f for f in FORMATS if f in configured)
    if isinstance(requested, str):
        return ALL if requested == "all" else (requested,)
    return tuple(f for f in FORMATS if f in requested)


def _writer(fmt: str) -> Writer:
    """Return the writer of ``fmt``, imported only when wanted (WeasyPrint alone takes 0.7 s to load)."""
    if fmt == "html":
        from kamdocs.render.html import write_site

        return write_site
    if fmt == "pdf":
        from kamdocs.render.print_html import write_handbook

        return write_handbook
    from kamdocs.report import write_report

    return write_report


def build_project(
    root: Path,
    *,
    formats: str | Sequence[str] | None = None,
    audience: OutputAudience = "internal",
    out: Path | None = None,
    listener: Listener | None = None,
    strict: bool = False,
    account: str | None = None,
    session: BuildSession | None = None,
    jobs: int | None = None,
    part_store: Path | None = None,
) -> BuildResult:
    """Load, analyse, filter, assemble and write the playbook; the previous output survives any failure.

    ``session`` keeps caches for the next build (``kamdocs serve``); without one, this build has
    its own and nothing outlives it. ``jobs`` processes lay out a long PDF (default: every core);
    ``part_store`` is a private folder that keeps its parts for the next build (``kamdocs serve``).
    """
    from kamdocs.analysis import analyse
    from kamdocs.analysis.audience import make_view
    from kamdocs.model.outputs import pdf_file_name
    from kamdocs.render.i18n import Catalogue
    from kamdocs.render.output import check_output_dir, previous_audience, staged_output
    from kamdocs.render.theme import Theme
    from kamdocs.render.writer import WriteJob
    from kamdocs.session import BuildSession
    from kamdocs.site.assemble import assemble

    started = time.perf_counter()
    session = session or BuildSession()

    def emit(stage: str, message: str = "", done: int = 0, total: int = 0) -> None:
        if listener is not None:
            listener(BuildEvent(stage, message, done, total))

    root = Path(root)
    emit("load", str(root))
    playbook, load_problems = session.load(root)
    config = playbook.config
    wanted = _formats(formats, config.formats)
    if audience == "customer":
        # The customer gets its account plan as a PDF, nothing else (docs/audiences.md).
        if account is None:
            raise KamdocsError("--audience customer builds one account plan: add --account ID")
        if formats is None:
            wanted = ("pdf",)
        elif wanted != ("pdf",):
            raise KamdocsError("--audience customer writes only the account plan's PDF: use --format pdf")
    if account is not None and "pdf" not in wanted:
        raise KamdocsError("--account selects the account plan of the PDF; use it with --format pdf")
    if account is not None and account not in {a.id for a in playbook.accounts}:
        # A wrong option value is a usage error (exit 2), said before anything is composed.
        valid = ", ".join(a.id for a in playbook.accounts) or "(none: add data/accounts/<id>.yaml)"
        raise UsageProblem(f"--account: no key account '{account}'; valid ids: {valid}")
    warnings = [p for p in load_problems if p.severity is Severity.WARNING]
    if strict and warnings:
        raise KamdocsError(warnings)
    # --out is relative to the current folder (as any command-line path), output_dir to the project.
    if out is not None:
        target = check_output_dir(Path(out), root, Path.cwd())
    else:
        target = check_output_dir(Path(config.output_dir), root)
    theme = Theme.for_project(root, config.theme)
    writers = [(fmt, _writer(fmt)) for fmt in wanted]
    emit("analyse")
    view = make_view(playbook, analyse(playbook), audience, account)
    git_notes: list[Problem] = []
    # An account plan alone shows no git history (nor does the customer version): skip reading it.
    plan_only = account is not None and "html" not in wanted
    if audience != "customer" and not plan_only and ("html" in wanted or "pdf" in wanted):
        view, git_notes = session.versions.attach(view, root)
    emit("assemble")
    site = assemble(view, Catalogue(config.language, theme.message_dirs()), strict=strict)
    files: list[WrittenFile] = []
    writer_warnings: list[Problem] = []
    pdf_name = pdf_file_name(config, audience, account)
    # PDFs of earlier builds survive a build that does not write them (HTML only, or one account plan),
    # but only those of the same audience: no other audience's file stays in the folder (SECURITY row 31).
    same_audience = target.is_dir() and previous_audience(target) == audience
    keep = tuple(sorted(p.name for p in target.glob("*.pdf"))) if same_audience else ()
    site = _with_handbook_link(site, pdf_file_name(config, audience), ("pdf" in wanted and account is None), keep)
    with staged_output(target, keep=keep, audience=audience) as stage:
        if "html" not in wanted and same_audience:
            _carry_over_site(target, stage, pdf_name)
        for fmt, write in writers:
            if fmt == "pdf":
                emit("pdf", pdf_name)
            written = write(
                WriteJob(
                    site,
                    theme,
                    stage,
                    session.render,
                    emit,
                    account if fmt == "pdf" else None,
                    jobs,
                    part_store,
                )
            )
            files.extend(written.files)
            writer_warnings.extend(written.warnings)
    problems = tuple(git_notes) + tuple(warnings) + tuple(p for p in site.problems if p.severity is Severity.WARNING)
    result = BuildResult(
        target, wanted, tuple(files), problems + tuple(writer_warnings), time.perf_counter() - started, config.language
    )
    emit("done", result.summary())
    return result


def _with_handbook_link(site: Site, handbook: str, written: bool, kept: tuple[str, ...]) -> Site:
    """Let every page link the audience's PDF handbook when it is in the output folder after this build."""
    if not written and handbook not in kept:
        return site
    return dataclasses.replace(site, context=dataclasses.replace(site.context, pdf=handbook))


def check_project(root: Path) -> list[Problem]:
    """Return every problem `kamdocs check` reports: the files, then the chapters (sorted)."""
    from kamdocs.errors import sort_problems
    from kamdocs.load import load_project

    # The chapters' Markdown is rendered on the second core while the data loads (large projects).
    result = load_project(root, prerender=True)
    if result.playbook is None:
        return result.problems
    return sort_problems([*result.problems, *content_problems(result.playbook)])


def content_problems(playbook: Playbook) -> list[Problem]:
    """Return the chapter problems only assembling the site finds: components, links, images.

    `kamdocs check` calls this so that a misspelt component or a broken link is reported there,
    not first by `build`. Every chapter is checked (the restricted view), drafts excepted.
    """
    from kamdocs.analysis import analyse
    from kamdocs.analysis.audience import make_view
    from kamdocs.render.i18n import Catalogue
    from kamdocs.render.theme import Theme
    from kamdocs.site.assemble import assemble

    try:
        theme = Theme.for_project(playbook.root, playbook.config.theme)
        view = make_view(playbook, analyse(playbook), "restricted")
        site = assemble(view, Catalogue(playbook.config.language, theme.message_dirs()))
    except KamdocsError as exc:
        if exc.problems:
            return list(exc.problems)
        return [Problem("kamdocs.yaml", 1, 1, Severity.ERROR, str(exc).removeprefix("kamdocs.yaml: "))]
    return list(site.problems)


def _carry_over_site(previous: Path, stage: Path, pdf_name: str) -> None:
    """Copy the previous website into the stage of a PDF-only build, so the site is kept."""
    import shutil

    for item in sorted(previous.iterdir()):
        if item.name == pdf_name:
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.copytree(item, stage / item.name, symlinks=True)
        elif item.is_file() and not item.is_symlink():
            shutil.copy2(item, stage / item.name)


class ProgressPrinter:
    """Show build events on a stream: a self-updating line on a terminal, stage lines otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.open_line = False

    def __call__(self, event: BuildEvent) -> None:
        """Print one event."""
        if event.stage == "page":
            if self.tty:
                self.stream.write(f"\r\x1b[Kwriting pages {event.done}/{event.total}  {event.message}")
                self.open_line = True
            elif event.done == 1:
                # Off a terminal one line, when the work starts; the summary says what was written.
                self.stream.write(f"writing {event.total} page{'' if event.total == 1 else 's'}\n")
        elif event.stage in ("analyse", "assemble", "pdf", "report"):
            self._close()
            label = {"analyse": "analysing", "assemble": "assembling pages", "pdf": "PDF", "report": "report"}[
                event.stage
            ]
            self.stream.write(f"{label}{': ' + event.message if event.message else ''}\n")
        self.stream.flush()

    def _close(self) -> None:
        if self.open_line:
            self.stream.write("\n")
            self.open_line = False

    def finish(self, result: BuildResult) -> None:
        """Print the warnings and the closing summary."""
        self._close()
        for problem in result.problems:
            self.stream.write(problem.format() + "\n")
        self.stream.write(f"{result.summary()} -> {result.out}\n")
        self.stream.flush()


def run_build_command(
    directory: Path,
    *,
    fmt: str | None,
    audience: str,
    out: Path | None,
    account: str | None,
    strict: bool,
    jobs: int | None = None,
    part_store: Path | None = None,
) -> BuildResult:
    """Body of ``kamdocs build``: show progress on stderr, print warnings and the summary."""
    printer = ProgressPrinter(sys.stderr)
    result = build_project(
        directory,
        formats=fmt,
        audience=cast(OutputAudience, audience),
        out=out,
        listener=printer,
        strict=strict,
        account=account,
        jobs=jobs,
    )
    printer.finish(result)
    opening = what_to_open(result)
    if opening:
        sys.stderr.write(opening + "\n")
    return result


def what_to_open(result: BuildResult) -> str:
    """Return ``open site/index.html`` (or the PDF when only PDFs were written), shown after the summary."""
    names = {written.path for written in result.files}
    first = "index.html" if "index.html" in names else next((p.path for p in result.pdfs), None)
    if first is None:
        return ""
    path = result.out / first
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    return f"open {shown.as_posix()}"
