"""Watch ``kamdocs.yaml``, ``data/``, ``content/`` and ``themes/`` in a background thread (watchfiles)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from kamdocs.serve.incremental import watched_change

# Editor droppings on top of watchfiles' defaults (vim swap/backup, emacs locks):
# saving must trigger one build, not one per temporary file.
_EDITOR_TEMPS = (*DefaultFilter.ignore_entity_patterns, r"^4913$", r"^#.*#$", r"\.tmp$", r"\.kate-swp$")


class SourceFilter(DefaultFilter):
    """Accept only the playbook's sources under ``root``, without editor temporary files."""

    def __init__(self, root: Path) -> None:
        super().__init__(ignore_entity_patterns=_EDITOR_TEMPS)
        self.root = root

    def __call__(self, change: Change, path: str) -> bool:
        """Tell whether a change to ``path`` may matter for the build."""
        return super().__call__(change, path) and watched_change(self.root, Path(path)) is not None


class SourceWatcher:
    """Call ``on_change`` with the changed source paths (relative, POSIX) until stopped.

    Changes that arrive while ``on_change`` runs (during a build) are collected
    by watchfiles and delivered in the next call, so builds never overlap.
    """

    def __init__(
        self,
        root: Path,
        on_change: Callable[[list[str]], None],
        *,
        on_error: Callable[[str], None] | None = None,
        step_ms: int = 20,
    ) -> None:
        self.root = root
        self._on_change = on_change
        self._on_error = on_error or (lambda message: None)
        self._step_ms = step_ms
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kamdocs-watch", daemon=True)
        self.polling = False
        """True after the operating system's file events failed and the watcher fell back to polling."""

    def start(self, timeout: float = 10.0) -> None:
        """Start watching and return once the file system watches are in place."""
        self._thread.start()
        self._ready.wait(timeout)

    def stop(self) -> None:
        """Stop watching and wait for the thread (a running build finishes first)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._watch()
                return
            except Exception as exc:  # noqa: BLE001 - the preview must keep following the edits
                if self.polling:
                    self._on_error(f"watching the files stopped ({exc}); restart kamdocs serve")
                    self._ready.set()
                    return
                # inotify has a per-user limit (fs.inotify.max_user_watches); polling has none.
                self._on_error(f"file events are not available ({exc}); checking the files every 0.3 s instead")
                self.polling = True

    def _watch(self) -> None:
        changes_iter = watch(
            self.root,
            watch_filter=SourceFilter(self.root),
            stop_event=self._stop,
            step=self._step_ms,
            debounce=1600,
            # A short timeout yields an empty set soon after the watches exist: the
            # "ready" signal (watchfiles has no other), so no edit right after start is lost.
            rust_timeout=150,
            yield_on_timeout=True,
            raise_interrupt=False,
            force_polling=True if self.polling else None,
        )
        for changes in changes_iter:
            self._ready.set()
            if self._stop.is_set():
                break
            rels = sorted({rel for _, p in changes if (rel := watched_change(self.root, Path(p))) is not None})
            if rels:
                try:
                    self._on_change(rels)
                except Exception as exc:  # noqa: BLE001 - e.g. a file that cannot be read; keep watching
                    self._on_error(f"could not rebuild after the change to {rels[0]}: {exc}")
        self._ready.set()
