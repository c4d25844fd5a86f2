"""Render the chapters' Markdown in a second process while the data files load.

Markdown is the larger part of loading a big project's chapters (≈ 7 ms per
800-word chapter). It needs nothing but the chapter files and the language, so
a forked worker renders them while the main process reads and validates the
YAML; its results go into the :class:`~kamdocs.load.markdown.ChapterRenderer`
the loader then renders with. Anything that goes wrong in the worker only means
the main process renders those chapters itself: the outcome is the same.
"""

from __future__ import annotations

import multiprocessing
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from kamdocs.load.frontmatter import split_front_matter
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.load.mdlimits import check_complexity
from kamdocs.load.yamlio import YamlProblem, read_source
from kamdocs.model import RenderedBody

MIN_CHAPTERS = 12
"""Below this, forking costs more than it saves."""


def _render_all(root: str, lang: str) -> list[tuple[str, RenderedBody]]:
    """Render every chapter body of ``root`` (runs in the worker)."""
    project = Path(root)
    renderer = ChapterRenderer()
    results: list[tuple[str, RenderedBody]] = []
    for path in sorted((project / "content").glob("*.md")):
        try:
            # The same text the loader reads, so that the cache keys match.
            text = unicodedata.normalize("NFC", read_source(path, project))
        except (OSError, YamlProblem):
            continue
        front, body, _line = split_front_matter(text)
        if front is not None and check_complexity(body) is None:
            results.append((body, renderer.render(body, lang)))
    return results


class Prerender:
    """A running worker, or nothing for small projects and platforms without fork.

    Fork only from a single-threaded process (the command line): a forked child of a
    threaded one (``kamdocs serve``) can inherit a lock that another thread held.
    """

    def __init__(self, root: Path, lang: str) -> None:
        self.lang = lang
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[list[tuple[str, RenderedBody]]] | None = None
        content = Path(root) / "content"
        if "fork" not in multiprocessing.get_all_start_methods() or not content.is_dir():
            return
        if sum(1 for _ in content.glob("*.md")) < MIN_CHAPTERS:
            return
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self._future = self._pool.submit(_render_all, str(root), lang)

    @property
    def running(self) -> bool:
        """Return whether a worker was started (and not yet stopped)."""
        return self._pool is not None

    def collect(self, renderer: ChapterRenderer) -> None:
        """Give the worker's results to ``renderer`` (when it succeeded) and stop the worker."""
        try:
            if self._future is not None:
                for body, rendered in self._future.result(timeout=120):
                    renderer.remember(body, self.lang, rendered)
        except Exception:  # the main process renders whatever is missing
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker without waiting for results."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
