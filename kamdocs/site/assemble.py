"""Assemble the immutable :class:`Site` from an audience view: pages in reading order, nav, assets."""

from __future__ import annotations

import dataclasses
import re
import stat
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from kamdocs.analysis import audience
from kamdocs.analysis.audience import View
from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.model import Chapter
from kamdocs.model.content import split_pieces
from kamdocs.site.active import active_content
from kamdocs.site.brand import brand_palette
from kamdocs.site.catalogue import page_sources
from kamdocs.site.components import check_component
from kamdocs.site.imagesize import image_size
from kamdocs.site.links import LinkContext, resolve_links
from kamdocs.site.model import Asset, Component, NavItem, Page, Piece, Prose, Site, SiteContext
from kamdocs.site.numbering import numbered, numbered_nav
from kamdocs.site.payloads import ContentsData, ContentsEntry
from kamdocs.site.sections import generated_pages

Labels = Callable[[str], str]
LOGO_TYPES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"})


def visible_chapters(view: View) -> list[Chapter]:
    """Return the chapters this audience reads (the audience rule decides: drafts, restricted chapters)."""
    return list(audience.visible_chapters(view.playbook.chapters, view.audience))


def _chapter_page(chapter: Chapter, view: View, context: LinkContext, problems: list[Problem]) -> Page:
    rendered = chapter.rendered
    html, link_problems = resolve_links(rendered.html, chapter, context)
    problems.extend(link_problems)
    pieces: list[Piece] = []
    for part in split_pieces(html):
        if isinstance(part, str):
            pieces.append(Prose(Markup(part)))
            continue
        component, problem = check_component(rendered.placeholders[part], chapter.source, chapter.body_line, view)
        if problem is not None:
            problems.append(problem)
        if component is not None:
            pieces.append(component)
    return Page(
        "chapter",
        f"{chapter.slug}.html",
        chapter.front.title,
        chapter.front.weight,
        (),
        tuple(pieces),
        rendered.headings,
        chapter.source,
        chapter.front.description,
    )


def _logo_place(root: Path) -> tuple[int, int]:
    """Return the line and column of the ``logo:`` value in kamdocs.yaml, so that its problems point there."""
    try:
        text = (root / "kamdocs.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return 1, 1
    for number, line in enumerate(text.splitlines(), start=1):
        found = re.match(r"^\s+logo\s*:\s*", line)
        if found:
            return number, found.end() + 1
    return 1, 1


def _logo(view: View, problems: list[Problem]) -> Asset | None:
    logo = view.playbook.config.brand.logo
    if not logo:
        return None
    root = view.playbook.root.resolve()
    line, col = _logo_place(root)
    candidate = root / logo
    if not candidate.exists():
        problems.append(
            Problem(
                "kamdocs.yaml",
                line,
                col,
                Severity.WARNING,
                f"brand.logo: '{logo}' does not exist; the site is built without a logo",
            )
        )
        return None
    real = candidate.resolve()
    if not real.is_relative_to(root) or not stat.S_ISREG(real.stat().st_mode):
        problems.append(
            Problem(
                "kamdocs.yaml", line, col, Severity.ERROR, f"brand.logo: '{logo}' must be a file inside the project"
            )
        )
        return None
    # Only pictures are published: a logo setting must not copy data files (candidates!) onto the intranet.
    if real.suffix.lower() not in LOGO_TYPES or real.is_relative_to(root / "data"):
        problems.append(
            Problem(
                "kamdocs.yaml",
                line,
                col,
                Severity.ERROR,
                f"brand.logo: '{logo}' must be an image ({', '.join(sorted(LOGO_TYPES))}), "
                "e.g. content/assets/logo.svg",
            )
        )
        return None
    active = active_content(real)
    if active is not None:  # SECURITY row 30: the logo is on every page
        message = f"brand.logo: '{logo}' is not published: {active}"
        problems.append(Problem("kamdocs.yaml", line, col, Severity.ERROR, message))
        return None
    return Asset(real, "_static/brand-logo" + real.suffix.lower())


def _order(generated: list[Page], chapters: list[Page]) -> list[Page]:
    # Ties: generated section first, then the chapter's file name (docs/architecture.md).
    keyed = [((p.weight, 0, i, ""), p) for i, p in enumerate(generated)]
    keyed += [((p.weight, 1, 0, p.key or ""), p) for p in chapters]
    return [page for _, page in sorted(keyed, key=lambda item: item[0])]


def _nav(pages: list[Page]) -> tuple[NavItem, ...]:
    accounts = tuple(NavItem(p.url, p.title) for p in pages if p.kind == "account")
    items = []
    for page in pages:
        if page.kind == "account":
            continue
        items.append(NavItem(page.url, page.title, accounts if page.kind == "accounts" else ()))
    return tuple(items)


def _with_contents(pages: list[Page]) -> list[Page]:
    """Fill the home page's contents cards in: every page but the home and account pages."""
    entries = tuple(
        ContentsEntry(p.url, p.title, p.description, p.kind, p.number)
        for p in pages
        if p.kind not in ("home", "account")
    )
    result = []
    for page in pages:
        if page.kind == "home":
            sections = tuple(
                dataclasses.replace(s, data=ContentsData(entries)) if s.partial == "home_contents" else s
                for s in page.sections
            )
            page = dataclasses.replace(page, sections=sections)
        result.append(page)
    return result


def _context(view: View, nav: tuple[NavItem, ...], logo: Asset | None) -> SiteContext:
    config = view.playbook.config
    company = view.playbook.company
    return SiteContext(
        title=config.title,
        subtitle=config.subtitle,
        lang=config.language,
        currency=config.currency,
        company=company.name,
        industry=company.industry,
        as_of=view.playbook.as_of,
        audience=view.audience,
        logo=logo.target if logo is not None else None,
        brand=brand_palette(config.brand.primary_color),
        nav=nav,
        logo_size=_pixels(image_size(logo.source)) if logo is not None else None,
    )


def _pixels(size: tuple[float, float] | None) -> tuple[int, int] | None:
    return (max(1, round(size[0])), max(1, round(size[1]))) if size is not None else None


def _with_last_change(view: View, pages: list[Page]) -> list[Page]:
    """Give every page the date its sources last changed in git (when the project is in git)."""
    versions = view.versions
    if versions is None:
        return pages
    dated = []
    for page in pages:
        components = tuple(piece.name for piece in page.pieces if isinstance(piece, Component))
        sources = page_sources(page.kind, page.key, components)
        dated.append(dataclasses.replace(page, last_change=versions.last_change(sources)))
    return dated


def assemble(view: View, labels: Labels, *, strict: bool = False) -> Site:
    """Build the Site for ``view``; raise KamdocsError on errors (and on warnings when ``strict``).

    Chapter names taken by generated pages are refused when the chapters load
    (kamdocs.model.pages.RESERVED_PAGE_NAMES).
    """
    problems: list[Problem] = []
    chapters = visible_chapters(view)
    generated = generated_pages(view, labels, len(chapters))
    chapter_urls = {Path(c.source).name: f"{c.slug}.html" for c in chapters}
    page_urls = frozenset([p.url for p in generated] + list(chapter_urls.values()))
    context = LinkContext(view.playbook.root, chapter_urls, page_urls)
    chapter_pages = [_chapter_page(chapter, view, context, problems) for chapter in chapters]
    logo = _logo(view, problems)
    failing = Severity.WARNING if strict else Severity.ERROR
    if any(p.severity >= failing for p in problems):
        raise KamdocsError(problems)
    pages = _with_last_change(view, _with_contents(numbered(_order(generated, chapter_pages))))
    assets = sorted(context.assets.values(), key=lambda a: a.target)
    if logo is not None:
        assets.append(logo)
    return Site(
        view, tuple(pages), tuple(assets), tuple(problems), _context(view, numbered_nav(_nav(pages), pages), logo)
    )


__all__ = ["Component", "assemble", "visible_chapters"]
