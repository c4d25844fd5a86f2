"""The page memo of ``kamdocs serve``: a page is drawn again exactly when what it was handed changed.

A page template sees its :class:`~kamdocs.site.model.Page` (title, sections with their payloads,
prose), the navigation and its neighbours, what every page shares (the site context, the labels,
the theme's files) and the data sets it read through ``data.<name>``; nothing else is reachable
from the sandbox (docs/themes.md). The memo keeps each page's HTML with exactly those inputs and
reuses it only while all of them compare equal, so a page cannot go stale, whatever a theme reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamdocs.site.catalogue import DATA_SETS, SiteData


class DataReads:
    """The template global ``data``: the data set ``data.<name>``, each read recorded for the memo."""

    def __init__(self, data: SiteData) -> None:
        self._data = data
        self.reads: dict[str, object] = {}

    def __getattr__(self, name: str) -> object:
        if name.startswith("_") or name not in DATA_SETS:
            raise AttributeError(f"no data set {name!r}; data sets: {', '.join(sorted(DATA_SETS))}")
        value = self._data.get(name)
        self.reads[name] = value
        return value

    def __getitem__(self, name: str) -> object:
        try:
            return self.__getattr__(str(name))
        except AttributeError as error:
            raise KeyError(name) from error


@dataclass(frozen=True)
class Rendered:
    """A rendered page with what it was handed."""

    inputs: tuple[object, ...]
    reads: dict[str, object]
    html: str
    entries: tuple[dict[str, str], ...]
    """Its search index entries."""


class PageMemo:
    """Rendered pages by URL, reused while their inputs are equal (one per ``serve`` session)."""

    def __init__(self) -> None:
        self._pages: dict[str, Rendered] = {}
        self._shared: tuple[object, ...] | None = None
        self._seen: set[str] = set()
        self.hits = 0
        self.misses = 0

    def begin(self, shared: tuple[object, ...]) -> None:
        """Start a build; ``shared`` is what every page sees (site context, labels, theme files)."""
        if shared != self._shared:
            self._pages = {}
            self._shared = shared
        self._seen = set()
        self.hits = self.misses = 0

    def get(self, url: str, inputs: tuple[object, ...], data: SiteData) -> Rendered | None:
        """Return the page rendered from equal inputs and data sets, or None."""
        self._seen.add(url)
        found = self._pages.get(url)
        if (
            found is not None
            and found.inputs == inputs
            and all(data.get(name) == value for name, value in found.reads.items())
        ):
            self.hits += 1
            return found
        self.misses += 1
        return None

    def put(self, url: str, rendered: Rendered) -> None:
        """Keep ``rendered`` as the page at ``url``."""
        self._pages[url] = rendered

    def end(self) -> None:
        """Forget the pages the last build did not write, so memory stays bounded by one site."""
        self._pages = {url: page for url, page in self._pages.items() if url in self._seen}
