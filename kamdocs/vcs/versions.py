"""Everything the website and the PDF show from git, for one audience (:class:`~kamdocs.model.versions.Versions`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from kamdocs.analysis.audience import View
from kamdocs.errors import NO_POSITION, Problem, Severity
from kamdocs.model.versions import DocumentVersion, HistoryEntry, RevisionInfo, Versions
from kamdocs.vcs.dates import SOURCE_ROOTS, SourceIndex
from kamdocs.vcs.git import Commit, GitUnavailable, Repository
from kamdocs.vcs.history import CONFIDENTIAL_FILES, History, collect_history


def revision_info(commit: Commit, withheld: bool) -> RevisionInfo:
    """Return the shown facts of ``commit`` (no subject when ``withheld``)."""
    return RevisionInfo(
        commit.id, commit.short, commit.date.date(), commit.author, None if withheld else commit.subject
    )


def handbook_sources(view: View) -> tuple[list[str], set[str]]:
    """Return the sources of this audience's handbook and the paths it may not see."""
    visible = {c.source for c in view.playbook.chapters}
    hidden = set() if view.individuals else set(CONFIDENTIAL_FILES)
    sources = ["kamdocs.yaml", "data", "content/assets", *sorted(visible)]
    return sources, hidden


def read_versions(project: Path, view: View, *, document_history: int = 15) -> tuple[Versions | None, str | None]:
    """Read the history, the files' last changes and the document history; (None, why) outside git."""
    if view.audience == "customer":  # commit subjects and figures would name other accounts
        return None, "the customer version of an account plan carries no history"
    history: History = collect_history(project, audience=view.audience, changes=True, current=view.playbook)
    if not history.available:
        return None, history.notes[0] if history.notes else "no git history"
    try:
        with Repository.open(project) as repo:
            index = SourceIndex.read(repo)
    except GitUnavailable as exc:
        return None, str(exc)
    sources, hidden = handbook_sources(view)
    visible_chapters = {c.source for c in view.playbook.chapters}

    def confidential(paths: Iterable[str]) -> bool:
        return any(
            p in hidden or (p.startswith("content/") and p.endswith(".md") and p not in visible_chapters) for p in paths
        )

    rows = tuple(
        HistoryEntry(
            revision_info(r.commit, r.withheld),
            r.figures,
            len(r.problems),
            r.changes,
        )
        for r in history.revisions
    )
    documents = tuple(
        DocumentVersion(v.version, revision_info(v.commit, v.withheld))
        for v in index.document_history(sources, confidential=confidential, exclude=hidden, limit=document_history)
    )
    newest = {}
    for commit, paths in reversed(index.log):
        for path in paths:
            newest[path] = commit.date.date()
    uncommitted = frozenset(index.uncommitted)
    return Versions(rows, history.uncommitted, documents, newest, uncommitted), None


class VersionsMemo:
    """The versions of the last build, reused while HEAD and the uncommitted files are the same (serve)."""

    def __init__(self) -> None:
        self._last: tuple[object, Versions | None, str | None] | None = None

    def attach(self, view: View, project: Path) -> tuple[View, list[Problem]]:
        """Return ``view`` with its versions, and a note when the project's history cannot be read."""
        key, changed, why = _state_key(project, view)
        versions: Versions | None = None
        if key is not None and self._last is not None and self._last[0] == key:
            versions, why = self._last[1], self._last[2]
        elif key is not None:
            versions, why = read_versions(project, view)
            self._last = (key, versions, why)
        if versions is not None:
            # Edits while serving change only what is uncommitted; the committed history stays.
            data = any(p.startswith("data/") for p in changed)
            versions = replace(versions, uncommitted=changed, uncommitted_data=data)
        if versions is None:
            note = f"the history page, the pages' dates and the document history are left out: {why}"
            return view, [Problem("git", NO_POSITION, NO_POSITION, Severity.NOTE, note)]
        return replace(view, versions=versions), []


def _state_key(project: Path, view: View) -> tuple[object | None, frozenset[str], str | None]:
    """Return what the committed history depends on, the uncommitted files, and why there is none."""
    try:
        with Repository.open(project) as repo:
            head = repo.head().id
            changed = repo.changed_paths(list(SOURCE_ROOTS))
    except GitUnavailable as exc:
        return None, frozenset(), str(exc)
    chapters = tuple(sorted(c.source for c in view.playbook.chapters))
    settings = view.playbook.config.history
    return (head, view.audience, view.individuals, chapters, settings.revisions, settings.since), changed, None
