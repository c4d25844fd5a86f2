"""The immutable Site: every page with its URL, title, sections and prose, plus nav and assets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from kamdocs.errors import Problem
from kamdocs.model import Heading
from kamdocs.model.versions import LastChange
from kamdocs.site.payloads import Payload

if TYPE_CHECKING:  # the view is only a type here; importing it would load the whole analysis
    from kamdocs.analysis.audience import View


@dataclass(frozen=True)
class Prose:
    """A piece of sanitized chapter HTML."""

    html: Markup


@dataclass(frozen=True)
class Component:
    """A generated component placed in a chapter with ``{{< name arg >}}``."""

    name: str
    arg: str | None
    source: str
    line: int
    data: Payload
    """What its template (``embeds/<name>.html``) draws."""

    @property
    def template(self) -> str:
        """Return the theme template that draws it."""
        return f"embeds/{self.name}.html"

    @property
    def id(self) -> str:
        """Return an id unique in its page (charts derive their element ids from it)."""
        return f"c-{self.name}-{self.line}"


Piece = Prose | Component


@dataclass(frozen=True)
class Section:
    """A part of a generated page: an anchor, a heading and the theme partial that draws it."""

    anchor: str
    title: str
    partial: str
    """Template name below ``sections/`` (without ``.html``), a section kind of the catalogue."""
    data: Payload
    """What the partial draws (kamdocs/site/payloads.py)."""


@dataclass(frozen=True)
class Page:
    """One output page."""

    kind: str
    """Template below ``pages/``: home, goals, organisation, readiness, tasks, competencies,
    accounts, account or chapter."""
    url: str
    """Path relative to the site root, e.g. ``accounts/acme.html``."""
    title: str
    weight: float
    sections: tuple[Section, ...] = ()
    pieces: tuple[Piece, ...] = ()
    """Prose and components of a chapter."""
    toc: tuple[Heading, ...] = ()
    key: str | None = None
    """The account id of an account page, the chapter source of a chapter."""
    description: str | None = None
    data: Payload | None = None
    """What the page shows besides its sections (an account page: :class:`~kamdocs.site.payloads.AccountHeader`)."""
    number: str | None = None
    """Its chapter number (``"3"``, an account plan ``"7.2"``; none for the home page), the same on
    the website and in the PDF (:mod:`kamdocs.site.numbering`)."""
    last_change: LastChange | None = None
    """When the page's sources last changed in git ("Stand"); None outside git (docs/git.md)."""

    @property
    def root(self) -> str:
        """Return the relative path from this page back to the site root (``""`` or ``"../"``)."""
        return "../" * self.url.count("/")


@dataclass(frozen=True)
class NavItem:
    """An entry of the sidebar."""

    url: str
    title: str
    children: tuple[NavItem, ...] = ()
    number: str | None = None
    """The chapter number of its page (:mod:`kamdocs.site.numbering`)."""


@dataclass(frozen=True)
class Link:
    """The URL and title of another page (previous and next in reading order)."""

    url: str
    title: str


@dataclass(frozen=True)
class SiteContext:
    """What every template sees as ``site``: the same for every page of one build (docs/themes.md)."""

    title: str
    subtitle: str | None
    lang: str
    currency: str
    company: str
    """The company's name."""
    industry: str | None
    as_of: dt.date
    audience: str
    """``internal`` or ``restricted``."""
    logo: str | None
    """Output path of the logo, relative to the site root."""
    brand: dict[str, str]
    """CSS custom properties of the brand colour (``--brand`` …)."""
    nav: tuple[NavItem, ...]
    logo_size: tuple[int, int] | None = None
    """The logo's width and height in pixels (from its file; None when unknown), so that a page
    reserves its box before it loads."""
    pdf: str | None = None
    """The file name of the audience's PDF handbook to link (relative to the site root): set by the
    build when it writes that PDF or when an earlier build of the same audience left it in the
    output folder; None otherwise (docs/themes.md)."""


@dataclass(frozen=True)
class Asset:
    """A file copied from the project into the output (chapter images, the logo)."""

    source: Path
    target: str
    """Path relative to the site root."""


@dataclass(frozen=True)
class Site:
    """Everything the HTML and PDF writers need; built once, never changed."""

    view: View
    pages: tuple[Page, ...]
    """In reading order; account pages follow the accounts overview."""
    assets: tuple[Asset, ...]
    problems: tuple[Problem, ...]
    """Warnings found while assembling (broken links, missing images)."""
    context: SiteContext
    """What every template sees as ``site``."""

    @property
    def nav(self) -> tuple[NavItem, ...]:
        """Return the sidebar entries."""
        return self.context.nav

    @property
    def logo(self) -> str | None:
        """Return the output path of the logo, relative to the site root."""
        return self.context.logo

    @property
    def lang(self) -> str:
        """Return the playbook language."""
        return self.context.lang

    @property
    def title(self) -> str:
        """Return the playbook title."""
        return self.context.title

    def page(self, url: str) -> Page:
        """Return the page at ``url``."""
        for page in self.pages:
            if page.url == url:
                return page
        raise KeyError(url)

    def neighbours(self, index: int) -> tuple[Link | None, Link | None]:
        """Return the previous and next page of the page at ``index`` in reading order."""
        before = self.pages[index - 1] if index > 0 else None
        after = self.pages[index + 1] if index + 1 < len(self.pages) else None
        return (
            Link(before.url, before.title) if before is not None else None,
            Link(after.url, after.title) if after is not None else None,
        )
