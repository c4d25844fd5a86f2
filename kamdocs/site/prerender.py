"""Render the chapters' Markdown in a second process while the data files load.

`kamdocs check` validates the chapters by assembling the site, and Markdown is
the larger part of that (≈ 7 ms per 800-word chapter). It needs nothing but the
chapter files, so a forked worker renders them while the main process reads
and validates the YAML; the results fill :mod:`kamdocs.site.markdown`'s
content-hash cache. Anything that goes wrong in the worker only means the
main process renders those chapters itself: the outcome is the same.
"""

from __future__ import annotations

import multiprocessing
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from kamdocs.site.markdown import Rendered, cache_rendered, render_markdown

MIN_CHAPTERS = 12
"""Below this, forking costs more than it saves."""


def _render_all(root: str) -> list[tuple[str, str, Rendered]]:
    """Render every chapter body of ``root`` (runs in the worker)."""
    from kamdocs.load.frontmatter import split_front_matter
    from kamdocs.load.yamlio import YamlProblem, parse, read_text

    project = Path(root)
    try:
        config = parse(read_text(project / "kamdocs.yaml")).data
        lang = str(config.get("language", "de")) if isinstance(config, dict) else "de"
    except (OSError, YamlProblem):
        return []
    results: list[tuple[str, str, Rendered]] = []
    for path in sorted((project / "content").glob("*.md")):
        try:
            # The same text the loader reads, so that the cache keys match.
            text = unicodedata.normalize("NFC", read_text(path))
        except (OSError, YamlProblem):
            continue
        front, body, _line = split_front_matter(text)
        if front is not None:
            results.append((lang, body, render_markdown(body, lang)))
    return results


class Prerender:
    """A running worker, or nothing for small projects and platforms without fork."""

    def __init__(self, root: Path) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[list[tuple[str, str, Rendered]]] | None = None
        content = Path(root) / "content"
        if "fork" not in multiprocessing.get_all_start_methods() or not content.is_dir():
            return
        if sum(1 for _ in content.glob("*.md")) < MIN_CHAPTERS:
            return
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self._future = self._pool.submit(_render_all, str(root))

    def collect(self) -> None:
        """Put the worker's results into the Markdown cache (when it succeeded) and stop it."""
        try:
            if self._future is not None:
                for lang, body, rendered in self._future.result(timeout=120):
                    cache_rendered(body, lang, rendered)
        except Exception:  # the main process renders whatever is missing
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker without waiting for it."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
