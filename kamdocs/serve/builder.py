"""The build the preview runs, as an injected function: the real one calls ``build_project``.

Injecting it keeps the server testable with a fake builder and keeps the
preview on exactly the code path of ``kamdocs build`` (docs/commands.md).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import cast

from kamdocs.errors import KamdocsError, Problem
from kamdocs.model import Audience, output_audience
from kamdocs.serve.incremental import ChangeSet


@dataclass(frozen=True)
class BuildRequest:
    """One build: which project, into which folder, for whom, and what changed since the last one."""

    root: Path
    out: Path
    audience: str
    fmt: str
    """``html`` for every rebuild, ``pdf`` for the PDF on demand."""
    changes: ChangeSet | None = None
    """What changed since the last good build; None for the first build and after a failure.

    Informational (terminal lines, benchmarks): the incremental builder decides
    what to re-render by file contents, so a missed watcher event cannot leave
    a stale page."""
    parts: Path | None = None
    """The PDF: a private folder that keeps the handbook's parts between builds (only changed ones are laid out)."""


@dataclass(frozen=True)
class BuildReport:
    """What a good build tells the preview."""

    problems: tuple[Problem, ...] = ()
    """Warnings and notes worth printing."""
    language: str | None = None
    """The playbook language, for the preview's own labels."""
    pages: int | None = None


BuildFunction = Callable[[BuildRequest], BuildReport | None]
"""Build ``request``; raise :class:`~kamdocs.errors.KamdocsError` with problems when it fails."""


class PdfUnavailable(Exception):
    """This kamdocs cannot write PDFs (the engine is missing)."""


def project_builder(request: BuildRequest) -> BuildReport:
    """Build with :func:`kamdocs.build.build_project`, the function behind ``kamdocs build``."""
    from kamdocs.build import build_project

    result = build_project(request.root, formats=(request.fmt,), audience=_audience(request.audience), out=request.out)
    return BuildReport(problems=result.problems, language=result.language, pages=result.pages)


def _audience(value: str) -> Audience:
    """Return ``value`` as an audience of the whole playbook (the preview has no account)."""
    return cast(Audience, output_audience(value))


class IncrementalBuilder:
    """``build_project`` with one :class:`~kamdocs.session.BuildSession` kept between builds.

    While no setting or data file changed, only the chapters are read again; analysis and
    assembly always run; a page is rendered again exactly when what it was handed changed
    (:mod:`kamdocs.render.memo`). The PDF is built in a worker process
    (:func:`pdf_in_worker`).
    """

    def __init__(self) -> None:
        from kamdocs.session import BuildSession

        self.session = BuildSession(incremental=True)

    def __call__(self, request: BuildRequest) -> BuildReport:
        """Build ``request``, reusing what the previous builds of this session still hold."""
        from kamdocs.build import build_project

        try:
            result = build_project(
                request.root,
                formats=(request.fmt,),
                audience=_audience(request.audience),
                out=request.out,
                session=self.session,
            )
        except KamdocsError:
            raise
        except Exception:
            self.session.invalidate()  # a bug in kamdocs: start the next build from nothing
            raise
        return BuildReport(problems=result.problems, language=result.language, pages=result.pages)


PDF_TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class _PdfOutcome:
    """What the PDF worker sends back (plain data: it crosses a process boundary)."""

    problems: tuple[Problem, ...] = ()
    error: str | None = None
    """A failure without a location (a usage error); problems hold the located ones."""
    failed: bool = False
    unavailable: str | None = None
    """Why this kamdocs cannot write PDFs (the engine is missing)."""


def _pdf_worker(root: str, out: str, audience: str, parts: str, connection: Connection) -> None:
    """Build the PDF in the worker process and send the outcome back."""
    from kamdocs.build import build_project

    try:
        result = build_project(
            Path(root),
            formats=("pdf",),
            audience=_audience(audience),
            out=Path(out),
            part_store=Path(parts) if parts else None,
        )
        outcome = _PdfOutcome(problems=result.problems)
    except KamdocsError as exc:
        outcome = _PdfOutcome(problems=tuple(exc.problems), error=None if exc.problems else str(exc), failed=True)
    except (ImportError, NotImplementedError) as exc:
        outcome = _PdfOutcome(unavailable=str(exc) or type(exc).__name__, failed=True)
    except Exception as exc:  # noqa: BLE001 - reported to the preview as what it is
        outcome = _PdfOutcome(
            error=f"internal error in kamdocs ({type(exc).__name__}: {exc}); please report it", failed=True
        )
    connection.send(outcome)
    connection.close()


def pdf_in_worker(request: BuildRequest) -> BuildReport:
    """Build the PDF with :func:`kamdocs.build.build_project` in a fresh worker process.

    A handbook takes seconds to minutes; in its own process it never holds up the HTML rebuilds,
    its memory (WeasyPrint's, gigabytes for a large playbook) is returned when it ends, and a
    PDF that takes too long can be stopped. The worker runs this very kamdocs (``spawn`` starts it
    with the preview's import path) and sends back the problems as objects.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_pdf_worker,
        args=(str(request.root), str(request.out), request.audience, str(request.parts or ""), sender),
        name="kamdocs-pdf",
        # Not a daemon: a daemonic process may not start the processes that lay out a long handbook
        # in parts. It is killed below if it outlives its answer, and when serve stops.
        daemon=False,
    )
    worker.start()
    sender.close()
    try:
        if not receiver.poll(PDF_TIMEOUT_SECONDS):
            raise KamdocsError(f"the PDF took longer than {PDF_TIMEOUT_SECONDS // 60} minutes and was stopped")
        outcome: _PdfOutcome = receiver.recv()
    except EOFError:
        raise KamdocsError(f"the PDF worker stopped unexpectedly (exit code {worker.exitcode})") from None
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
    if outcome.unavailable is not None:
        raise PdfUnavailable(outcome.unavailable)
    if outcome.failed:
        if outcome.problems:
            raise KamdocsError(list(outcome.problems))
        raise KamdocsError(outcome.error or "the PDF could not be built")
    return BuildReport(problems=outcome.problems)


def incremental_builder() -> IncrementalBuilder:
    """Return the builder ``kamdocs serve`` uses (and ``bench/`` measures)."""
    return IncrementalBuilder()
