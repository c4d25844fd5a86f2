"""`kamdocs history`: the key figures at each of the last revisions that changed ``data/``.

Each revision is loaded from the object database (:mod:`kamdocs.vcs.snapshot`) with ``as_of`` set to
its commit date unless its kamdocs.yaml fixes one, so "overdue" means overdue when it was committed.
A revision whose data does not check is listed as such; a working tree that does not load is an
error reported like ``kamdocs check`` (its settings say how many revisions to read). Outside git (no
git, no repository, no commits, a shallow or partial clone) the history is empty and a note says
why. The JSON form is versioned (``"format": 1``) and documented in docs/git.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kamdocs.analysis.audience import make_view, shows_chapter, shows_individuals
from kamdocs.analysis.results import Analysis
from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.model import Audience, Playbook
from kamdocs.model.versions import KeyFigures
from kamdocs.vcs.git import Commit, GitUnavailable, Repository
from kamdocs.vcs.snapshot import Snapshots, State

FORMAT = 1
CONFIDENTIAL_FILES = ("data/candidates.yaml", "data/candidates.yml")


@dataclass(frozen=True)
class Revision:
    """One revision of the history."""

    commit: Commit
    as_of: dt.date | None
    figures: KeyFigures | None
    """None when the revision does not check."""
    problems: tuple[Problem, ...] = ()
    """Its errors, paths prefixed with the short id."""
    withheld: bool = False
    """The subject is not shown: the revision also changed confidential sources."""
    changes: tuple[str, ...] = ()
    """What the revision changed in the plan, one line per section (with ``changes=True``)."""


@dataclass(frozen=True)
class History:
    """The revisions newest first, and notes about what could not be read."""

    revisions: tuple[Revision, ...] = ()
    notes: tuple[str, ...] = ()
    uncommitted: bool = False
    """The working tree has uncommitted changes in data/."""
    audience: Audience = "internal"
    language: str = "en"
    currency: str = "EUR"
    available: bool = True


def key_figures(analysis: Analysis, playbook: Playbook) -> KeyFigures:
    """Return the key figures of one analysed version."""
    schedule = analysis.schedule
    return KeyFigures(
        readiness=analysis.readiness.overall if analysis.readiness is not None else None,
        kpis=dict(analysis.kpis.by_status) if analysis.kpis is not None else None,
        end=schedule.end if schedule is not None else None,
        forecast_end=getattr(schedule, "forecast_end", None),
        overdue=len(schedule.overdue) if schedule is not None else None,
        budget=analysis.budget.total if analysis.budget is not None else None,
        accounts=len(playbook.accounts) if playbook.accounts else None,
    )


def _confidential(paths: Sequence[str], state: State, parent: State | None) -> bool:
    """Return True when ``paths`` include personal data or a chapter that is not for everyone."""
    if any(p in CONFIDENTIAL_FILES for p in paths):
        return True
    chapters = [p for p in paths if p.startswith("content/") and p.endswith(".md")]
    if not chapters:
        return False
    hidden: set[str] = set()
    known: set[str] = set()
    for version in (state, parent):
        if version is None or version.playbook is None:
            continue
        for chapter in version.playbook.chapters:
            known.add(chapter.source)
            if not shows_chapter(chapter, "internal"):
                hidden.add(chapter.source)
    # A chapter that is restricted (or a draft) in either version, or unknown, keeps the subject back.
    return any(p in hidden or p not in known for p in chapters)


def collect_history(
    project: Path,
    *,
    revisions: int | None = None,
    audience: Audience = "internal",
    since: dt.date | None = None,
    changes: bool = False,
    current: Playbook | None = None,
) -> History:
    """Read the key figures of the latest revisions that changed data/ (one that does not check is listed).

    With ``changes`` each revision also gets the summary of what it changed against its first
    parent, both analysed as of the revision's date and filtered for ``audience``. ``current`` is
    the working tree's playbook when the caller has loaded it already (the build does); without it
    the working tree is loaded here. Its settings (language, ``history:``) apply to the history.

    Raises:
        KamdocsError: ``current`` is None and the working tree does not load (the problems
            ``kamdocs check`` prints). Outside git there is no error: ``available`` is False.
    """
    with Snapshots(project, None) as snapshots:
        if current is None:
            state = snapshots.working_tree()
            if state.playbook is None:
                # Defaults in place of a kamdocs.yaml that does not load would be a silent guess
                # (language, history.revisions …): say what is wrong, as `kamdocs check` does.
                raise KamdocsError(state.result.problems)
            current = state.playbook
        settings = current.config.history
        limit = revisions or settings.revisions
        since = since or settings.since
        individuals = shows_individuals(current, audience)
        base = History(audience=audience, language=current.config.language, currency=current.config.currency)
        try:
            with Repository.open(project) as repo:
                snapshots.repo = repo
                rows = _collect(repo, snapshots, base, limit, since, individuals)
                if changes:
                    rows = replace(
                        rows, revisions=tuple(_with_changes(repo, snapshots, r, audience) for r in rows.revisions)
                    )
                return rows
        except GitUnavailable as exc:
            return replace(base, notes=(str(exc),), available=False)


def _collect(
    repo: Repository, snapshots: Snapshots, base: History, limit: int, since: dt.date | None, individuals: bool
) -> History:
    if repo.shallow:
        raise GitUnavailable(
            "a shallow clone has only part of the history; fetch all of it with 'git fetch --unshallow'"
        )
    if repo.partial:
        raise GitUnavailable("a partial clone lacks old file versions and kamdocs never fetches them")
    repo.head()
    picked: list[tuple[Commit, tuple[str, ...]]] = []
    for commit, paths in repo.log([]):
        if not any(p.startswith("data/") for p in paths):
            continue
        if since is not None and commit.date.date() < since:
            break
        picked.append((commit, paths))
        if len(picked) >= limit:
            break
    rows: list[Revision] = []
    for commit, paths in picked:
        state = snapshots.at(commit, commit.short, commit.date.date())
        parent = None
        if not individuals and any(p.startswith("content/") for p in paths) and commit.parents:
            parent = snapshots.at(repo.commit(commit.parents[0]), commit.parents[0][:8], commit.date.date())
        withheld = not individuals and _confidential(paths, state, parent)
        if state.playbook is None or state.analysis is None:
            errors = tuple(p for p in state.result.problems if p.severity is Severity.ERROR)
            rows.append(Revision(commit, None, None, errors, withheld))
            continue
        rows.append(Revision(commit, state.playbook.as_of, key_figures(state.analysis, state.playbook), (), withheld))
    uncommitted = bool(repo.changed_paths(["data"]))
    return History(tuple(rows), (), uncommitted, base.audience, base.language, base.currency)


def _with_changes(repo: Repository, snapshots: Snapshots, row: Revision, audience: Audience) -> Revision:
    """Add what ``row`` changed against its first parent (nothing when either does not check)."""
    from kamdocs.vcs.diff import Side, compare
    from kamdocs.vcs.render_diff import summary_lines

    if not row.commit.parents or row.figures is None:
        return row
    date = row.commit.date.date()
    new = snapshots.at(row.commit, row.commit.short, date)
    old = snapshots.at(repo.commit(row.commit.parents[0]), row.commit.parents[0][:8], date)
    if old.playbook is None or old.analysis is None or new.playbook is None or new.analysis is None:
        return row
    diff = compare(
        make_view(old.playbook, old.analysis, audience),
        make_view(new.playbook, new.analysis, audience),
        Side(old.label, old.commit, old.playbook.as_of),
        Side(new.label, new.commit, new.playbook.as_of),
        audience,
    )
    return replace(row, changes=summary_lines(diff))


# --- JSON ---------------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def revision_json(row: Revision, audience: Audience) -> dict[str, Any]:
    """Return one revision as JSON data."""
    figures = row.figures
    data: dict[str, Any] = {
        "commit": row.commit.id,
        "date": row.commit.date.isoformat(),
        "author": row.commit.author,
        "subject": None if row.withheld else row.commit.subject,
        "subject_withheld": row.withheld,
        "as_of": _iso(row.as_of),
        "checks": figures is not None,
    }
    if figures is None:
        data["errors"] = [_problem_json(p, audience) for p in row.problems]
        return data
    data["figures"] = {
        "readiness": figures.readiness,
        "kpis": dict(figures.kpis) if figures.kpis is not None else None,
        "end": _iso(figures.end),
        "forecast_end": _iso(figures.forecast_end),
        "overdue": figures.overdue,
        "budget": figures.budget,
        "accounts": figures.accounts,
    }
    return data


def _problem_json(problem: Problem, audience: Audience) -> dict[str, Any]:
    path = problem.path.split(":", 1)[-1]
    message = problem.message
    if audience != "restricted" and path in CONFIDENTIAL_FILES:
        message = "(details only with --audience restricted)"
    return {"path": problem.path, "line": problem.line, "col": problem.col, "message": message}


def history_json(history: History) -> dict[str, Any]:
    """Return the history as the documented JSON data (``"format": 1``)."""
    return {
        "format": FORMAT,
        "audience": history.audience,
        "available": history.available,
        "notes": list(history.notes),
        "uncommitted": history.uncommitted,
        "revisions": [revision_json(r, history.audience) for r in history.revisions],
    }


__all__ = ["History", "KeyFigures", "Revision", "collect_history", "history_json", "key_figures"]
