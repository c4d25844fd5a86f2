"""Chapter numbers: the one place that numbers the pages, for the website and the PDF alike.

The home page (the handbook's "at a glance") has no number; every other page in reading order
is a chapter numbered from 1; an account plan is a sub-chapter of the key-accounts overview
(``7.1``, ``7.2`` …). Figures and tables of the PDF are numbered within their chapter
(``Abbildung 6.2``), so the website and the handbook name the same chapter the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from kamdocs.site.model import NavItem, Page

UNNUMBERED = frozenset({"home"})
"""Page kinds without a chapter number."""


def chapter_numbers(pages: Sequence[Page]) -> list[str | None]:
    """Return the chapter number of each page in reading order (None for the home page)."""
    numbers: list[str | None] = []
    chapter = 0
    parent: str | None = None
    sub = 0
    for page in pages:
        if page.kind in UNNUMBERED:
            numbers.append(None)
        elif page.kind == "account" and parent is not None:
            sub += 1
            numbers.append(f"{parent}.{sub}")
        else:
            chapter += 1
            numbers.append(str(chapter))
            parent, sub = (str(chapter), 0) if page.kind == "accounts" else (None, 0)
    return numbers


def numbered(pages: Sequence[Page]) -> list[Page]:
    """Return ``pages`` with their chapter numbers filled in."""
    return [dataclasses.replace(p, number=n) for p, n in zip(pages, chapter_numbers(pages), strict=True)]


def numbered_nav(items: Sequence[NavItem], pages: Sequence[Page]) -> tuple[NavItem, ...]:
    """Return the sidebar entries with the chapter numbers of their pages."""
    by_url = {page.url: page.number for page in pages}

    def fill(item: NavItem) -> NavItem:
        children = tuple(fill(child) for child in item.children)
        return dataclasses.replace(item, number=by_url.get(item.url), children=children)

    return tuple(fill(item) for item in items)
