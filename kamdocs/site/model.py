"""The immutable Site: every page with its URL, title, sections and prose, plus nav and assets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from kamdocs.errors import Problem
from kamdocs.model import Heading

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


Piece = Prose | Component


@dataclass(frozen=True)
class Section:
    """A part of a generated page: an anchor, a heading and the theme partial that draws it."""

    anchor: str
    title: str
    partial: str
    """Template name below ``sections/`` (without ``.html``)."""
    arg: str | None = None
    """What the partial shows, e.g. a variant or candidate id."""


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
    nav: tuple[NavItem, ...]
    assets: tuple[Asset, ...]
    problems: tuple[Problem, ...]
    """Warnings found while assembling (broken links, missing images)."""
    logo: str | None = None
    """Output path of the logo, relative to the site root."""

    @property
    def lang(self) -> str:
        """Return the playbook language."""
        return self.view.playbook.config.language

    @property
    def title(self) -> str:
        """Return the playbook title."""
        return self.view.playbook.config.title

    def page(self, url: str) -> Page:
        """Return the page at ``url``."""
        for page in self.pages:
            if page.url == url:
                return page
        raise KeyError(url)

    def neighbours(self, page: Page) -> tuple[Page | None, Page | None]:
        """Return the previous and next page in reading order."""
        index = self.pages.index(page)
        before = self.pages[index - 1] if index > 0 else None
        after = self.pages[index + 1] if index + 1 < len(self.pages) else None
        return before, after
