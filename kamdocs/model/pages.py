"""The page names the generated sections take: a prose chapter must not take one of them.

The site catalogue (kamdocs/site/catalogue.py) builds its page kinds from this table, and the
chapter check in loading refuses these names; one list for both (docs/architecture.md).
"""

from __future__ import annotations

GENERATED_PAGES: dict[str, str] = {
    "home": "index",
    "goals": "goals",
    "organisation": "organisation",
    "readiness": "readiness",
    "tasks": "tasks",
    "competencies": "competencies",
    "accounts": "accounts",
    "history": "history",
}
"""Generated page kind → its page name (``accounts`` is a folder: ``accounts/index.html``, ``accounts/<id>.html``)."""

RESERVED_PAGE_NAMES: tuple[str, ...] = (*GENERATED_PAGES.values(), "search", "sitemap")
"""Names no chapter may take: the generated pages, and the search and sitemap files beside them."""
