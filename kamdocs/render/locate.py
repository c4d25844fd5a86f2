"""Find where a URL that the PDF refused to load was written: a chapter's Markdown or a theme stylesheet.

WeasyPrint reports the absolute URL it tried (``file:///etc/passwd``); the user wrote
``![x](../../etc/passwd)`` in a chapter or ``@import url(…)`` in a stylesheet. Every reference
in those sources is resolved the way WeasyPrint resolves it and compared with the refused URL.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from pathlib import Path

from kamdocs.errors import Problem, Severity
from kamdocs.model import Chapter

# Markdown targets ``](x)``, reference definitions ``[id]: x``, HTML attributes and CSS url()/@import.
_REFERENCES = re.compile(
    r"""\]\(\s*<?(?P<md>[^)\s>]+)"""
    r"""|^\s*\[[^\]]+\]:\s*<?(?P<ref>\S+?)>?(?:\s|$)"""
    r"""|\b(?:src|href|srcset|data)\s*=\s*["'](?P<attr>[^"']+)["']"""
    r"""|url\(\s*["']?(?P<css>[^"')\s]+)["']?\s*\)"""
    r"""|@import\s+["'](?P<imp>[^"']+)["']""",
    re.IGNORECASE | re.MULTILINE,
)


MAX_SCANNED_BYTES = 2 * 1024 * 1024
"""Larger asset files are not searched for references (the fetcher refuses big files anyway)."""


def _normal(url: str) -> str:
    """Return ``url`` decoded with ``.`` and ``..`` segments resolved, for comparison."""
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path)
    if path:
        path = posixpath.normpath(path)
        path = "/" + path.lstrip("/") if parts.scheme == "file" else path
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def _targets(text: str) -> Iterable[tuple[int, str]]:
    """Yield (0-based line, reference) for every URL-like reference in ``text``."""
    for line, _, value in _located_targets(text):
        yield line, value


def _located_targets(text: str) -> Iterable[tuple[int, int, str]]:
    """Yield (0-based line, 1-based column, reference) for every URL-like reference in ``text``."""
    for match in _REFERENCES.finditer(text):
        name = next(key for key, value in match.groupdict().items() if value is not None)
        start = match.start(name)
        line_start = text.rfind("\n", 0, start) + 1
        yield text.count("\n", 0, start), start - line_start + 1, match.group(name)


def local_file_references(chapters: Sequence[Chapter]) -> list[Problem]:
    """Return an error for every ``file:`` URL in the chapters (SECURITY row 1).

    The sanitizer drops such URLs silently, so without this check a handbook would be built
    without the picture and without telling anyone that a chapter tried to read a local file.
    """
    problems = []
    for chapter in chapters:
        for line, col, target in _located_targets(chapter.body):
            if target.strip().lower().startswith("file:"):
                problems.append(
                    Problem(
                        chapter.source,
                        chapter.body_line + line,
                        col,
                        Severity.ERROR,
                        f"'{target}' reads a file outside the project; copy it into content/assets/ "
                        "and write the path relative to the chapter, e.g. assets/picture.png",
                    )
                )
    return problems


class Locator:
    """Map a refused URL to the (file, line) that referenced it."""

    def __init__(
        self, root: Path, chapters: Sequence[Chapter], stylesheets: Sequence[Path], logo: Path | None = None
    ) -> None:
        self.root = root.resolve()
        self.chapters = chapters
        self.stylesheets = stylesheets
        self.logo = logo

    def _display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @staticmethod
    def _same(url: str, wanted: str, base: str, target: str) -> bool:
        if target == url or (url.startswith("data:") and target.startswith(url)):
            return True  # refused data: URIs are reported shortened
        return _normal(urllib.parse.urljoin(base, target)) == wanted

    def __call__(self, url: str) -> tuple[str, int] | None:
        """Return where ``url`` was written, or None when no source mentions it."""
        wanted = _normal(url)
        if self.logo is not None and wanted == _normal(self.logo.as_uri()):
            return ("kamdocs.yaml", 1)
        for chapter in self.chapters:
            base = (self.root / chapter.source).parent.as_uri() + "/"
            for line, target in _targets(chapter.body):
                if self._same(url, wanted, base, target):
                    return (chapter.source, chapter.body_line + line)
        # Stylesheets, then SVG and CSS files among the assets (an SVG picture may load others).
        for source in [*self.stylesheets, *self._asset_sources()]:
            try:
                text = source.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for line, target in _targets(text):
                if self._same(url, wanted, source.resolve().as_uri(), target):
                    return (self._display(source), line + 1)
        return None

    def _asset_sources(self) -> list[Path]:
        assets = self.root / "content" / "assets"
        if not assets.is_dir():
            return []
        return sorted(
            path
            for path in assets.rglob("*")
            if path.suffix.lower() in (".svg", ".css")
            and path.is_file()
            and not path.is_symlink()
            and path.stat().st_size <= MAX_SCANNED_BYTES
        )
