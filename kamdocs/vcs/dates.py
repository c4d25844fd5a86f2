"""When the sources of a page last changed in git ("Stand"), and the handbook's document history.

One pass over ``git log`` of the project's sources gives, for every file, the newest commit that
changed it; a page's date is the newest over its sources, and "uncommitted changes" when one of them
differs from HEAD. The document history lists the revisions that changed the handbook's sources,
numbered from the first (version 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kamdocs.vcs.git import Commit, GitUnavailable, Repository

SOURCE_ROOTS = ("kamdocs.yaml", "data", "content", "themes")
DOCUMENT_HISTORY_LENGTH = 15


@dataclass(frozen=True)
class Stand:
    """The last change of a page's sources."""

    commit: Commit | None
    """The newest commit that changed one of them; None when none is committed yet."""
    uncommitted: bool
    """One of them has changes that are not committed."""


@dataclass(frozen=True)
class DocumentVersion:
    """One row of the document history."""

    version: int
    """1 for the first revision that changed the sources, counting up."""
    commit: Commit
    withheld: bool
    """The subject is not shown: the revision also changed sources the audience may not see."""


def _matches(path: str, sources: Sequence[str]) -> bool:
    return any(path == s or path.startswith(s.rstrip("/") + "/") for s in sources)


class SourceIndex:
    """The commits that changed the project's sources, newest first, with their changed paths."""

    def __init__(self, log: Sequence[tuple[Commit, tuple[str, ...]]], uncommitted: frozenset[str]) -> None:
        self.log = log
        self.uncommitted = uncommitted
        self._newest: dict[str, int] = {}
        for index, (_commit, paths) in enumerate(log):
            for path in paths:
                self._newest.setdefault(path, index)

    @classmethod
    def read(cls, repo: Repository, roots: Sequence[str] = SOURCE_ROOTS) -> SourceIndex:
        """Read the whole history of ``roots``; GitUnavailable in a shallow or partial clone."""
        if repo.shallow:
            raise GitUnavailable("a shallow clone has only part of the history ('git fetch --unshallow')")
        repo.head()
        return cls(list(repo.log(list(roots))), repo.changed_paths(list(roots)))

    def stand(self, sources: Sequence[str]) -> Stand:
        """Return the last change of ``sources`` (files, or folders as ``data/accounts``)."""
        exact = [self._newest[s] for s in sources if s in self._newest]
        folders = [s for s in sources if s not in self._newest]
        newest = min(exact, default=None)
        if folders:
            for index, (_commit, paths) in enumerate(self.log[: newest if newest is not None else None]):
                if any(_matches(p, folders) for p in paths):
                    newest = index
                    break
        uncommitted = any(_matches(p, sources) for p in self.uncommitted)
        return Stand(self.log[newest][0] if newest is not None else None, uncommitted)

    def document_history(
        self,
        sources: Sequence[str],
        *,
        confidential: Callable[[Iterable[str]], bool] = lambda paths: False,
        exclude: Iterable[str] = (),
        limit: int = DOCUMENT_HISTORY_LENGTH,
    ) -> tuple[DocumentVersion, ...]:
        """Return the last ``limit`` revisions that changed ``sources``, newest first, numbered from the first.

        A path in ``exclude`` does not count as a source even inside a source folder.
        """
        left_out = set(exclude)
        changing = [
            (commit, paths)
            for commit, paths in self.log
            if any(p not in left_out and _matches(p, sources) for p in paths)
        ]
        total = len(changing)
        return tuple(
            DocumentVersion(total - index, commit, confidential(paths))
            for index, (commit, paths) in enumerate(changing[:limit])
        )
