"""The build the preview runs, as an injected function: the real one calls ``build_project``.

Injecting it keeps the server testable with a fake builder and keeps the
preview on exactly the code path of ``kamdocs build`` (SPEC §4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from kamdocs.errors import KamdocsError, Problem
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

    result = build_project(request.root, formats=(request.fmt,), audience=_audience(request.audience),
                           out=request.out)
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
        result = build_project(request.root, formats=("html",), audience=_audience(request.audience),
                               out=request.out, memo=self.memo, loader=self.loader)
        self.memo.end()
        return BuildReport(problems=result.problems, language=self._language(result.out),
                           pages=result.pages)

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
        lang = head[start + len(marker):].split('"', 1)[0]
        return lang if lang in ("de", "en") else None


def incremental_builder() -> IncrementalBuilder:
    """Return the builder ``kamdocs serve`` uses (and ``bench/`` measures)."""
    return IncrementalBuilder()
