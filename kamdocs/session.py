"""The build session: the one owner of everything a build keeps for the next one.

``kamdocs build`` makes a session for its single build; ``kamdocs serve`` keeps one for its whole
run, so that a rebuild reuses what cannot have changed. Nothing of this lives in module globals:

* the playbook of the last load, reused (with only the chapters read again) while ``kamdocs.yaml``,
  every data file, the date and ``SOURCE_DATE_EPOCH`` are byte-for-byte the same (serve); and the
  parsed data files by content (:class:`~kamdocs.load.cache.ParseCache`), so that after an edit
  only the edited file is parsed again (the checks across files always run);
* the rendering caches (:class:`~kamdocs.render.writer.RenderCaches`): compiled templates,
  portfolio label placements and, in ``serve``, the page memo that re-renders a page exactly when
  what it was handed changed (:mod:`kamdocs.render.memo`);
* the Markdown converters and rendered chapters (:class:`~kamdocs.load.markdown.ChapterRenderer`):
  only an edited chapter is rendered again.

:meth:`BuildSession.invalidate` forgets all of it (``serve`` calls it after a failed build).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path

from kamdocs.errors import KamdocsError, Problem, Severity, sort_problems
from kamdocs.load.cache import ParseCache
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.model import Playbook
from kamdocs.render.memo import PageMemo
from kamdocs.render.writer import RenderCaches
from kamdocs.vcs.versions import VersionsMemo

CHAPTER_PREFIX = "content/"
PARSED_FILES_KEPT = 4096
"""Parsed file versions a serve session keeps before it starts afresh (memory stays bounded)."""


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def data_fingerprint(root: Path) -> str:
    """Return a digest of what the loaded data depends on besides the chapters.

    That is ``kamdocs.yaml``, every file below ``data/``, today's date (``as_of`` defaults to it)
    and ``SOURCE_DATE_EPOCH``. Contents, not times: a missed or repeated watcher event cannot
    leave stale data.
    """
    parts = [dt.date.today().isoformat(), os.environ.get("SOURCE_DATE_EPOCH", "")]
    for path in [root / "kamdocs.yaml", *_files(root / "data")]:
        try:
            parts.append(f"{path.relative_to(root).as_posix()}:{_digest(path.read_bytes())}")
        except OSError:
            parts.append(f"{path}:missing")
    return _digest("\n".join(parts).encode())


def _files(folder: Path) -> list[Path]:
    found: list[Path] = []
    if folder.is_dir():
        for current, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            found.extend(Path(current) / name for name in sorted(filenames))
    return found


class BuildSession:
    """Caches shared by the builds of one ``kamdocs build`` or ``kamdocs serve``."""

    def __init__(self, *, incremental: bool = False) -> None:
        self.incremental = incremental
        """Reuse the data of the last load and the pages whose inputs are unchanged (``serve``)."""
        self.render = RenderCaches(pages=PageMemo() if incremental else None)
        self.chapters = ChapterRenderer()
        self.versions = VersionsMemo()
        """The git history of the last build (docs/git.md), kept while HEAD and the edits are the same."""
        self.parsed = ParseCache()
        self._loaded: tuple[str, Path, Playbook, list[Problem]] | None = None
        self.fast_loads = 0
        """Loads that read only the chapters (the data was unchanged)."""

    def invalidate(self) -> None:
        """Forget everything: the next build reads, renders and writes it all again."""
        self.render = RenderCaches(pages=PageMemo() if self.incremental else None)
        self.chapters = ChapterRenderer()
        self.versions = VersionsMemo()
        self.parsed = ParseCache()
        self._loaded = None

    def load(self, root: Path) -> tuple[Playbook, list[Problem]]:
        """Return the playbook and its load problems, as :func:`kamdocs.load.load_playbook` does."""
        from kamdocs.load import load_playbook, load_project

        if not self.incremental:
            return load_playbook(root, renderer=self.chapters)
        key = data_fingerprint(root)
        if self._loaded is not None and self._loaded[:2] == (key, root):
            return self._reload_chapters(root, self._loaded[2], self._loaded[3])
        self._loaded = None
        if self.parsed.misses > PARSED_FILES_KEPT:
            self.parsed = ParseCache()
        result = load_project(root, renderer=self.chapters, cache=self.parsed)
        if result.playbook is None:
            raise KamdocsError(result.problems)
        self._loaded = (key, root, result.playbook, result.problems)
        return result.playbook, result.problems

    def _reload_chapters(
        self, root: Path, playbook: Playbook, previous: list[Problem]
    ) -> tuple[Playbook, list[Problem]]:
        """Read the chapters again; the data files are byte-identical to the last load."""
        from kamdocs.load.crosscheck import CheckedParts, cross_check_parts
        from kamdocs.load.frontmatter import read_chapters

        found: list[Problem] = []
        chapters = read_chapters(root, found, self.chapters, playbook.config.language)
        found.extend(cross_check_parts(CheckedParts(chapters=tuple(chapters)), {}))
        problems = sort_problems([p for p in previous if not p.path.startswith(CHAPTER_PREFIX)] + found)
        if any(p.severity is Severity.ERROR for p in problems):
            raise KamdocsError(problems)
        self.fast_loads += 1
        return dataclasses.replace(playbook, chapters=tuple(chapters)), problems
