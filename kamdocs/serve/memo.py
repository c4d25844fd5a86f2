"""Page memo for incremental rebuilds: a page is re-rendered only when an input it depends on changed.

``write_site`` asks ``memo(key, compute)`` for every page, with the page object
(its title, sections, sanitized prose), the rendered navigation and the
neighbours' titles in the key. This memo adds to that key the content hashes of
the data files the page kind reads, plus everything every page reads (settings,
company name in header and footer, theme, labels, audience, date). Pages whose
extended key is unchanged are reused. So a chapter edit re-renders that chapter
(and the home page, which lists every page); a change to ``data/tasks.yaml``
re-renders the task plan, the home page and the chapters that embed a task component.
Keys use file *contents*, so a missed or duplicated watcher event cannot leave
a stale page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from kamdocs.render.i18n import MESSAGE_DIR
from kamdocs.resources import builtin_theme_dir
from kamdocs.site.model import Component, Page

_ALL_DATA = "*"
# Data files (below data/) read by each generated page kind, besides company.yaml
# which the header and footer of every page show (themes/default/base.html).
_DATA_BY_KIND: dict[str, tuple[str, ...]] = {
    "goals": ("goals.yaml", "budget.yaml"),
    "organisation": ("organisation.yaml",),
    "readiness": ("readiness.yaml",),
    "tasks": ("tasks.yaml",),
    "competencies": ("competencies.yaml", "candidates.yaml"),
    "accounts": ("accounts/", "candidates.yaml", "goals.yaml"),
    "account": ("accounts/", "candidates.yaml", "goals.yaml"),
}
# Data files read by each component a chapter can embed (themes/default/components/embed.html).
_DATA_BY_COMPONENT: dict[str, tuple[str, ...]] = {
    "kpi_table": ("goals.yaml",),
    "kpi_chart": ("goals.yaml",),
    "readiness_chart": ("readiness.yaml",),
    "readiness_table": ("readiness.yaml",),
    "action_list": ("readiness.yaml",),
    "gantt": ("tasks.yaml",),
    "task_table": ("tasks.yaml",),
    "org_chart": ("organisation.yaml",),
    "raci": ("organisation.yaml",),
    "international": ("organisation.yaml",),
    "competency_profile": ("competencies.yaml",),
    "team_heatmap": ("competencies.yaml", "candidates.yaml"),
    "portfolio": ("accounts/",),
    "account_table": ("accounts/",),
    "budget_table": ("budget.yaml",),
    "swot": (),
}
# Never reused: the home page shows key figures of every section and lists every page.
_ALWAYS_RENDER = frozenset({"home"})


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for current, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        found.extend(Path(current) / name for name in sorted(filenames))
    return found


def _stat_signature(folders: Iterable[Path]) -> str:
    """Return a cheap signature (names, sizes, mtimes) of the theme and label files."""
    parts = []
    for folder in folders:
        for path in _files(folder):
            try:
                info = path.stat()
            except OSError:
                continue
            parts.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return _digest("\n".join(parts).encode())


class PageMemo:
    """The memo passed to ``build_project(memo=…)``; call :meth:`begin` before each build."""

    def __init__(self) -> None:
        self._store: dict[Hashable, Any] = {}
        self._used: set[Hashable] = set()
        self._data: dict[str, str] = {}
        self._common = ""
        self.data_key = ""
        """Fingerprint of kamdocs.yaml and every data file, for :class:`~kamdocs.serve.loader.ChapterReloader`."""
        self.hits = 0
        self.misses = 0

    def begin(self, root: Path, audience: str) -> None:
        """Fingerprint the project's sources as they are now."""
        data_dir = root / "data"
        self._data = {}
        for path in _files(data_dir):
            try:
                self._data[path.relative_to(data_dir).as_posix()] = _digest(path.read_bytes())
            except OSError:
                continue
        try:
            config = _digest((root / "kamdocs.yaml").read_bytes())
        except OSError:
            config = ""
        theme = _stat_signature([root / "themes", builtin_theme_dir(), MESSAGE_DIR])
        today = dt.date.today().isoformat()  # as_of defaults to today; SOURCE_DATE_EPOCH may set it
        self._common = "|".join(
            [
                config,
                self._data.get("company.yaml", ""),
                theme,
                audience,
                today,
                os.environ.get("SOURCE_DATE_EPOCH", ""),
            ]
        )
        self.data_key = "|".join(
            [
                config,
                today,
                os.environ.get("SOURCE_DATE_EPOCH", ""),
                *(f"{rel}:{digest}" for rel, digest in sorted(self._data.items())),
            ]
        )
        self._used = set()
        self.hits = self.misses = 0

    def end(self) -> None:
        """Forget what the last build did not use, so memory stays bounded by one site."""
        self._store = {key: value for key, value in self._store.items() if key in self._used}

    def __call__(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """Return the cached value of ``key`` extended by the page's inputs, or compute it."""
        full = self._extend(key)
        if full is None:
            return compute()
        if full in self._store:
            self.hits += 1
            self._used.add(full)
            return self._store[full]
        self.misses += 1
        value = compute()
        self._store[full] = value
        self._used.add(full)
        return value

    def _extend(self, key: tuple[Any, ...]) -> Hashable | None:
        if key and key[0] == "entries":
            return key  # a pure function of URL, title and HTML
        if len(key) < 2 or key[0] != "page" or not isinstance(key[1], Page):
            return None
        page: Page = key[1]
        if page.kind in _ALWAYS_RENDER:
            return None
        return (key, self._common, self._page_data(page))

    def _page_data(self, page: Page) -> tuple[tuple[str, str], ...]:
        wanted: tuple[str, ...]
        if page.kind == "chapter":
            # Prose depends on no data file; each embedded component on its own (unknown ones: on all).
            wanted = tuple(
                dep
                for piece in page.pieces
                if isinstance(piece, Component)
                for dep in _DATA_BY_COMPONENT.get(piece.name, (_ALL_DATA,))
            )
        elif page.kind == "account" and page.key:
            # An account page shows only its own account and portfolio position (themes/default/
            # sections/account_*.html look them up by id), so another account's edit leaves it alone;
            # a renamed or added account changes the nav, which is part of the key.
            wanted = (f"accounts/{page.key}.yaml", f"accounts/{page.key}.yml", "candidates.yaml", "goals.yaml")
        else:
            wanted = _DATA_BY_KIND.get(page.kind, (_ALL_DATA,))
        if _ALL_DATA in wanted:
            return tuple(sorted(self._data.items()))
        return tuple(
            sorted(
                (rel, digest)
                for rel, digest in self._data.items()
                if rel in wanted or any(rel.startswith(w) for w in wanted if w.endswith("/"))
            )
        )
