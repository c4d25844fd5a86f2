"""Everything the website and the PDF show from git, for one audience (:class:`~kamdocs.model.versions.Versions`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kamdocs.analysis.audience import View
from kamdocs.model.versions import DocumentVersion, HistoryEntry, RevisionInfo, Versions
from kamdocs.vcs.dates import SourceIndex
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
    history: History = collect_history(project, audience=view.audience, changes=True)
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
