"""What the preview has built so far, shared between the build thread and request threads."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from kamdocs.errors import Problem


@dataclass(frozen=True)
class Status:
    """A consistent snapshot of the build state."""

    generation: int
    """Number of successful builds; the content version being served."""
    attempt: int
    """Number of finished build attempts, good or bad; every attempt is one live-reload event."""
    ok: bool
    """False while the latest attempt failed (the previous good build is still served)."""
    problems: tuple[Problem, ...] = ()
    """Why the latest attempt failed."""
    has_site: bool = False
    """True once any build succeeded."""


@dataclass
class _Pages:
    changed_at: dict[str, int] = field(default_factory=dict)
    assets_generation: int = 0


class BuildState:
    """Generation counter, last problems and per-page change stamps, guarded by one condition."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._status = Status(generation=0, attempt=0, ok=True)
        self._pages = _Pages()
        self._stopping = False

    def snapshot(self) -> Status:
        """Return the current status."""
        with self._cond:
            return self._status

    @property
    def stopping(self) -> bool:
        """Tell whether the server is shutting down."""
        with self._cond:
            return self._stopping

    def succeed(self, changed_files: Iterable[str]) -> Status:
        """Record a good build whose output differs from the previous one in ``changed_files``."""
        with self._cond:
            generation = self._status.generation + 1
            for rel in changed_files:
                if rel.endswith(".html"):
                    self._pages.changed_at[rel] = generation
                elif _affects_every_page(rel):
                    self._pages.assets_generation = generation
            self._status = Status(generation, self._status.attempt + 1, ok=True, has_site=True)
            self._cond.notify_all()
            return self._status

    def fail(self, problems: Iterable[Problem]) -> Status:
        """Record a failed attempt; the served generation stays."""
        with self._cond:
            old = self._status
            self._status = Status(
                old.generation, old.attempt + 1, ok=False, problems=tuple(problems), has_site=old.has_site
            )
            self._cond.notify_all()
            return self._status

    def page_generation(self, rel: str, exists: bool) -> int:
        """Return the generation at which the page ``rel`` (or a stylesheet, script, image) last changed.

        A page that does not exist (a 404 shown in the tab) reports the newest
        generation, so the tab reloads after each good build and finds the page
        once it is written.
        """
        with self._cond:
            if not exists:
                return self._status.generation
            return max(self._pages.changed_at.get(rel, 0), self._pages.assets_generation)

    def wait(self, seen_attempt: int, timeout: float) -> Status | None:
        """Wait until an attempt newer than ``seen_attempt`` finished; None on timeout or shutdown."""
        with self._cond:
            self._cond.wait_for(lambda: self._stopping or self._status.attempt > seen_attempt, timeout)
            if self._stopping or self._status.attempt <= seen_attempt:
                return None
            return self._status

    def stop(self) -> None:
        """Wake every waiting event stream so that it ends."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()


# Files whose change re-renders every page in an open tab: the theme's CSS and
# scripts, images and fonts. Data files such as a search index (a script that
# changes with every text edit) or a sitemap do not: a tab with the previous
# index still searches fine, and reloading every tab on each keystroke-save of
# one chapter would defeat the per-page reload.
_PAGE_ASSET_SUFFIXES = (
    ".css",
    ".js",
    ".mjs",
    ".svg",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".ico",
)


def _affects_every_page(rel: str) -> bool:
    name = rel.lower().rsplit("/", 1)[-1]
    return name.endswith(_PAGE_ASSET_SUFFIXES) and "search" not in name
