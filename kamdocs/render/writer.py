"""What every output writer (html, pdf, report) is handed and what it returns.

A writer gets a :class:`WriteJob` — the assembled site, the theme, the staging folder, the build's
event callback and the caches of the build session — and returns :class:`Written`: the files it
wrote (relative to the output folder) and the warnings it found. ``kamdocs build`` runs the writers
the formats ask for, one after the other, into the same staging folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kamdocs.errors import Problem
from kamdocs.render.charts.portfolio import LabelPlacements
from kamdocs.render.memo import PageMemo
from kamdocs.render.theme import MemoryBytecodeCache, Theme
from kamdocs.site.model import Site

Emit = Callable[[str, str, int, int], None]
"""Report progress: ``emit(stage, message, done, total)`` becomes a build event."""


def _silent(stage: str, message: str, done: int, total: int) -> None:
    """Report nothing."""


@dataclass
class RenderCaches:
    """What rendering keeps between builds of one session (:mod:`kamdocs.session` owns it)."""

    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    """Compiled templates, checked against each template's source."""
    placements: LabelPlacements = field(default_factory=LabelPlacements)
    """Portfolio label placements, by their input."""
    pages: PageMemo | None = None
    """Rendered pages, by what each page was handed (``kamdocs serve``); None renders every page."""


@dataclass(frozen=True)
class WriteJob:
    """One writer's task."""

    site: Site
    theme: Theme
    stage: Path
    """The staging folder the writer fills (swapped in when the whole build succeeded)."""
    caches: RenderCaches = field(default_factory=RenderCaches)
    emit: Emit = _silent
    account: str | None = None
    """The PDF writer: write this account's plan instead of the handbook."""
    jobs: int | None = 1
    """The PDF writer: processes that lay out parts of a long handbook at the same time (None: every core)."""
    part_store: Path | None = None
    """A private folder that keeps the PDF's parts between builds (``kamdocs serve``)."""


@dataclass(frozen=True)
class WrittenFile:
    """A file a writer produced."""

    path: str
    """Relative to the output folder, with ``/``."""
    kind: str
    """``page``, ``pdf``, ``report``, ``index`` (search index, sitemap), ``static`` or ``asset``."""
    pages: int = 0
    """Pages of a PDF."""


@dataclass(frozen=True)
class Written:
    """What a writer produced."""

    files: tuple[WrittenFile, ...]
    warnings: tuple[Problem, ...] = ()


class Writer(Protocol):
    """An output format: ``html``, ``pdf`` or ``report``."""

    def __call__(self, job: WriteJob) -> Written:
        """Write the output of ``job`` into ``job.stage``."""
        ...
