"""What git says about a playbook, as plain values the site can show (docs/git.md).

``kamdocs.vcs`` reads the repository and fills these in for one audience (subjects that could name a
person are already withheld); the site and the PDF only display them. ``None`` where the project is
not in git: then ``note`` says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class KeyFigures:
    """The figures the history shows for one revision; None where the section is missing."""

    readiness: float | None = None
    kpis: Mapping[str, int] | None = None
    """KPIs per status (achieved, on_track, at_risk, no_data …)."""
    end: dt.date | None = None
    forecast_end: dt.date | None = None
    """The forecast plan end, once the schedule computes one (format v2)."""
    overdue: int | None = None
    budget: float | None = None
    accounts: int | None = None


@dataclass(frozen=True)
class RevisionInfo:
    """A revision as the history page and the document history show it."""

    commit: str
    short: str
    date: dt.date
    author: str
    subject: str | None
    """None when withheld (the revision also changed sources this audience may not see)."""


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the history page: a revision that changed data/."""

    revision: RevisionInfo
    figures: KeyFigures | None
    """None when the revision's data does not check."""
    errors: int = 0
    changes: tuple[str, ...] = ()
    """What it changed in the plan, one line per section."""


@dataclass(frozen=True)
class LastChange:
    """When a page's sources last changed."""

    date: dt.date | None
    """The commit date of the newest commit that changed one of them; None when none is committed."""
    uncommitted: bool


@dataclass(frozen=True)
class DocumentVersion:
    """One row of the handbook's document history."""

    version: int
    revision: RevisionInfo


@dataclass(frozen=True)
class Versions:
    """The git history of a playbook for one audience, newest first."""

    history: tuple[HistoryEntry, ...] = ()
    uncommitted_data: bool = False
    document_history: tuple[DocumentVersion, ...] = ()
    newest: Mapping[str, dt.date] = field(default_factory=dict)
    """Committed file (relative to the project) → date of the newest commit that changed it."""
    uncommitted: frozenset[str] = frozenset()
    """Files with uncommitted changes."""

    def last_change(self, sources: Sequence[str]) -> LastChange:
        """Return when ``sources`` (files, or folders such as ``data/accounts``) last changed."""

        def inside(path: str) -> bool:
            return any(path == s or path.startswith(s.rstrip("/") + "/") for s in sources)

        dates = [date for path, date in self.newest.items() if inside(path)]
        return LastChange(max(dates, default=None), any(inside(p) for p in self.uncommitted))
