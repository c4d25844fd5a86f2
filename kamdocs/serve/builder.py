"""The build the preview runs, as an injected function: the real one calls ``build_project``.

Injecting it keeps the server testable with a fake builder and keeps the
preview on exactly the code path of ``kamdocs build`` (SPEC §4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kamdocs.errors import Problem
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
    """None for a full build (the first one, or after a failure)."""


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

    build_project(request.root, formats=(request.fmt,), audience=request.audience, out=request.out)
    return BuildReport()
