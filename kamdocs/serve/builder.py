"""The build the preview runs, as an injected function: the real one calls ``build_project``.

Injecting it keeps the server testable with a fake builder and keeps the
preview on exactly the code path of ``kamdocs build`` (docs/commands.md).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import kamdocs
from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.model import Audience
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
    return BuildReport(problems=result.problems, pages=result.pages)


def _audience(value: str) -> Audience:
    if value not in ("internal", "restricted"):
        raise KamdocsError(f"unknown audience {value!r}; use internal or restricted")
    return cast(Audience, value)


class IncrementalBuilder:
    """``build_project`` with a :class:`~kamdocs.serve.memo.PageMemo` kept between builds.

    While no setting or data file changed, only the chapters are re-read
    (:class:`~kamdocs.serve.loader.ChapterReloader`); analysis and assembly
    always run; rendering and search indexing are reused for pages whose inputs
    are unchanged (:class:`~kamdocs.serve.memo.PageMemo`). The PDF is always
    built in full.
    """

    def __init__(self) -> None:
        from kamdocs.serve.loader import ChapterReloader
        from kamdocs.serve.memo import PageMemo

        self.memo = PageMemo()
        self.loader = ChapterReloader(lambda: self.memo.data_key)

    def __call__(self, request: BuildRequest) -> BuildReport:
        """Build ``request``, reusing unchanged pages of the previous HTML build."""
        if request.fmt != "html":
            return project_builder(request)
        from kamdocs.build import build_project

        self.memo.begin(request.root, request.audience)
        result = build_project(
            request.root,
            formats=("html",),
            audience=_audience(request.audience),
            out=request.out,
            memo=self.memo,
            loader=self.loader,
        )
        self.memo.end()
        return BuildReport(problems=result.problems, language=self._language(result.out), pages=result.pages)

    @staticmethod
    def _language(out: Path) -> str | None:
        # The built index.html says its language in <html lang="…">; cheaper than
        # re-reading the settings, and it is what the reader sees.
        try:
            head = (out / "index.html").read_text(encoding="utf-8")[:400]
        except OSError:
            return None
        marker = '<html lang="'
        start = head.find(marker)
        if start < 0:
            return None
        lang = head[start + len(marker) :].split('"', 1)[0]
        return lang if lang in ("de", "en") else None


_PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note): (?P<msg>.*)$")
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.NOTE}
PDF_TIMEOUT_SECONDS = 900


def pdf_in_subprocess(request: BuildRequest) -> BuildReport:
    """Build the PDF with ``kamdocs build --format pdf`` in a child process.

    A handbook takes seconds to minutes; in its own process it never holds up
    the HTML rebuilds (the site code keeps per-process Markdown converters that
    two threads must not share), and it cannot disturb the preview's memory.
    """
    command = [
        sys.executable,
        "-m",
        "kamdocs",
        "build",
        str(request.root),
        "--format",
        "pdf",
        "--audience",
        request.audience,
        "--out",
        str(request.out),
    ]
    # The child must run this very kamdocs, whatever the current folder or another install.
    package_parent = str(Path(kamdocs.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=PDF_TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    except subprocess.TimeoutExpired as exc:
        raise KamdocsError(f"the PDF took longer than {PDF_TIMEOUT_SECONDS // 60} minutes and was stopped") from exc
    problems = [_problem(match) for line in done.stderr.splitlines() if (match := _PROBLEM_LINE.match(line))]
    if done.returncode != 0:
        if any(p.severity is Severity.ERROR for p in problems):
            raise KamdocsError(problems)
        messages = [line.removeprefix("error: ") for line in done.stderr.splitlines() if line.startswith("error: ")]
        raise KamdocsError("; ".join(messages) or f"kamdocs build stopped with exit code {done.returncode}")
    return BuildReport(problems=tuple(problems))


def _problem(match: re.Match[str]) -> Problem:
    return Problem(match["path"], int(match["line"]), int(match["col"]), _SEVERITIES[match["sev"]], match["msg"])


def incremental_builder() -> IncrementalBuilder:
    """Return the builder ``kamdocs serve`` uses (and ``bench/`` measures)."""
    return IncrementalBuilder()
