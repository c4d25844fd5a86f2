"""Loading for rebuilds: when no setting or data file changed, re-read only the chapters.

Parsing and validating every YAML file is the largest part of a rebuild after
a prose edit, and its result cannot differ while the files are byte-identical.
The chapters are read and checked by the same functions ``load_project`` uses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from kamdocs.errors import KamdocsError, Problem, Severity, sort_problems
from kamdocs.load import load_playbook
from kamdocs.load.crosscheck import CheckedParts, cross_check_parts
from kamdocs.load.frontmatter import read_chapters
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.model import Playbook

CHAPTER_PREFIX = "content/"


class ChapterReloader:
    """A ``build_project(loader=…)`` that reuses the data of the last load while its sources are unchanged."""

    def __init__(self, data_key: Callable[[], str]) -> None:
        self._data_key = data_key
        """Returns a fingerprint of kamdocs.yaml and data/ as they are now."""
        self._last: tuple[str, Playbook, list[Problem]] | None = None
        self.fast_loads = 0
        self.renderer = ChapterRenderer()
        """Rendered chapters kept across rebuilds: only an edited chapter is rendered again."""

    def __call__(self, root: Path) -> tuple[Playbook, list[Problem]]:
        """Return the playbook and the load problems, as ``load_playbook`` does."""
        key = self._data_key()
        if self._last is not None and self._last[0] == key and self._last[1].root == root:
            return self._reload_chapters(root, self._last[1], self._last[2])
        self._last = None
        playbook, problems = load_playbook(root, renderer=self.renderer)
        self._last = (key, playbook, problems)
        return playbook, problems

    def _reload_chapters(
        self, root: Path, playbook: Playbook, previous: list[Problem]
    ) -> tuple[Playbook, list[Problem]]:
        found: list[Problem] = []
        chapters = read_chapters(root, found, self.renderer, playbook.config.language)
        found.extend(cross_check_parts(CheckedParts(chapters=tuple(chapters)), {}))
        problems = sort_problems([p for p in previous if not p.path.startswith(CHAPTER_PREFIX)] + found)
        if any(p.severity is Severity.ERROR for p in problems):
            raise KamdocsError(problems)
        self.fast_loads += 1
        return dataclasses.replace(playbook, chapters=tuple(chapters)), problems
