"""The print HTML of the handbook (or of one account plan) from the theme's print templates, then the PDF.

The print layout reuses the website's section partials and component macros: every generated page
becomes a chapter, every section an ``<h2>`` under it, and the prose chapters keep their sanitized
HTML. Ids of different pages collide in one document (``overview``, ``actions`` …), so every id and
same-page link of a page is prefixed with the page's own id after rendering; links to other pages
are turned into links inside the PDF. Resources are loaded only through
:class:`~kamdocs.render.fetcher.SafeFetcher` (see :func:`kamdocs.render.pdf.write_pdf`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kamdocs.errors import BuildError, KamdocsError
from kamdocs.model.outputs import pdf_file_name
from kamdocs.render.context import template_globals
from kamdocs.render.html import site_labels
from kamdocs.render.i18n import Catalogue
from kamdocs.render.locate import Locator, local_file_references
from kamdocs.render.memo import DataReads
from kamdocs.render.pdf import write_pdf
from kamdocs.render.print_figures import TEXT_WIDTH_PT, FigureIndex, number_fragment, page_blocks, reference
from kamdocs.render.print_notes import page_footnotes
from kamdocs.render.theme import Theme
from kamdocs.render.writer import RenderCaches, WriteJob, Written, WrittenFile
from kamdocs.site.catalogue import SiteData
from kamdocs.site.links import assets_folder
from kamdocs.site.model import Page, Site

PROGRESS_EVERY = 10
"""Report every tenth laid-out page: enough to show that a long handbook is moving."""

_LINK_MARK = "\ue000"  # marks links made by href(): they already point at document-wide ids
_SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_ID_ATTR = re.compile(r'\bid="([^"]*)"')
_LOCAL_HREF = re.compile(r'\bhref="#([^"\ue000][^"]*)"')
_ANY_LOCAL_HREF = re.compile(r'\bhref="#([^"]+)"')
_PAGE_HREF = re.compile(r'\bhref="([^"#:]+\.html)(?:#([^"]*))?"')
_CSS_UNSAFE = frozenset('"\\<>&')
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")
PDF_VARIANTS: dict[str, str | None] = {"pdf/ua": "pdf/ua-1", "pdf/a-3": "pdf/a-3a", "plain": None}
"""``pdf.variant`` of kamdocs.yaml → WeasyPrint's PDF variant (docs/formats.md)."""
END_ID = "kd-end"
"""The id of the empty element that ends the handbook (its page is the body's page count)."""
# Generated sections the handbook replaces with its own layout (the contents cards → the TOC).
_SKIPPED_PARTIALS = frozenset({"home_contents"})


def page_id(url: str) -> str:
    """Return the document-wide id of the site page at ``url`` (``accounts/acme.html`` → ``kd-accounts-acme``)."""
    stem = url[:-5] if url.endswith(".html") else url
    return "kd-" + re.sub(r"[^A-Za-z0-9_-]+", "-", stem)


def css_string(text: str) -> Markup:
    """Return ``text`` as a quoted CSS string that cannot end the string or the ``<style>`` element."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in _CSS_UNSAFE or ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)
    return Markup(f'"{escaped}"')  # noqa: S704 — every special character is a CSS escape


def css_content(template: str, end: str = "") -> Markup:
    """Return a label with ``{page}``/``{pages}`` as CSS ``content`` tokens (strings and counters).

    With ``end`` (the id of an element at the end of the document) ``{pages}`` is the page number
    there: the count of the body's pages when the front matter is numbered apart.
    """
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(css_string(template[position : match.start()]))
        if match.group(1) == "pages" and end:
            parts.append(f"target-counter({css_string('#' + end)}, page)")
        else:
            parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(template):
        parts.append(css_string(template[position:]))
    return Markup(" ".join(parts))  # noqa: S704 — strings escaped by css_string, counters fixed


def document_moment(as_of: dt.date) -> dt.datetime:
    """Return the PDF's date: ``SOURCE_DATE_EPOCH`` when set, else midnight of ``as_of`` (UTC)."""
    from kamdocs.clock import source_date_epoch  # the one reading of the variable (unusable → None)

    return source_date_epoch() or dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)


def document_date(as_of: dt.date) -> str:
    """Return the PDF creation date for the metadata (see :func:`document_moment`)."""
    return document_moment(as_of).strftime("%Y-%m-%dT%H:%M:%SZ")


def _prefix_ids(html: str, prefix: str) -> str:
    """Prefix ids and same-page links outside inline SVG (whose ids are private to each chart)."""

    def rewrite(chunk: str) -> str:
        chunk = _ID_ATTR.sub(lambda m: f'id="{prefix}--{m.group(1)}"', chunk)
        return _LOCAL_HREF.sub(lambda m: f'href="#{prefix}--{m.group(1)}"', chunk)

    out: list[str] = []
    position = 0
    for match in _SVG_BLOCK.finditer(html):
        out.append(rewrite(html[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(rewrite(html[position:]))
    return "".join(out)


@dataclass(frozen=True)
class PrintChapter:
    """One chapter of the print document: a site page rendered as a fragment."""

    id: str
    page: Page
    title: str
    number: str
    """The chapter number (``3``, an account plan ``7.2``), empty for the overview (kamdocs.site.numbering)."""
    running: str
    """Text of the running header on this chapter's pages."""
    body: Markup
    entries: tuple[tuple[str, str], ...]
    """(id, title) of the sections shown in the table of contents."""
    level: int = 1
    """1 for a chapter, 2 for an account plan (a sub-chapter of the key accounts)."""


class _PrintLinks:
    """Turn site URLs into links inside the one print document."""

    def __init__(self, site: Site) -> None:
        self.urls = {page.url for page in site.pages}

    def href(self, url: str) -> str:
        path, _, fragment = url.partition("#")
        if path not in self.urls:
            return url
        target = page_id(path) + (f"--{fragment}" if fragment else "")
        return f"#{_LINK_MARK}{target}"

    def rewrite_page_links(self, html: str) -> str:
        """Point prose links to other pages (``ziele.html#x``) at their chapter in the document."""

        def replace(match: re.Match[str]) -> str:
            path = match.group(1).lstrip("./")
            if path not in self.urls:
                return match.group(0)
            fragment = match.group(2)
            return f'href="#{_LINK_MARK}{page_id(path)}{"--" + fragment if fragment else ""}"'

        return _PAGE_HREF.sub(replace, html)


class PrintBuilder:
    """Render the print HTML of one site with one theme."""

    def __init__(self, site: Site, theme: Theme, caches: RenderCaches | None = None) -> None:
        self.site = site
        self.theme = theme
        self.labels: Catalogue = site_labels(site, theme)
        self.links = _PrintLinks(site)
        caches = caches or RenderCaches()
        # The brand colour is written into every chart: WeasyPrint does not apply page CSS inside SVG.
        primary = site.view.playbook.config.brand.primary_color
        self.env = theme.environment(
            template_globals(
                site.context, self.labels, primary=primary, placements=caches.placements, print_width=TEXT_WIDTH_PT
            ),
            caches.bytecode,
        )
        self.env.globals.update(
            {
                "print": True,
                "href": self.links.href,
                "root": "",
                "css_string": css_string,
                "css_content": css_content,
            }
        )
        self.data = DataReads(SiteData(site.view))

    # -- rendering --------------------------------------------------------------------------------

    def _render(self, template: str, where: str, **context: Any) -> str:
        return self.theme.render(self.env, template, f"writing the PDF ({where})", {"data": self.data, **context})

    def _fragment(self, page: Page, figures: FigureIndex) -> Markup:
        pid = page_id(page.url)
        blocks = page_blocks(page, self.labels)
        # A chart or table printed earlier in the document is referred to by its number instead.
        refs = {
            i: reference(found, self.labels, _LINK_MARK) for i, b in enumerate(blocks) if (found := figures.find(b.key))
        }
        html = self._render("print/page.html", page.url, page=page, skipped=_SKIPPED_PARTIALS, refs=refs)
        html = number_fragment(
            html, chapter=page.number or "", page_id=pid, blocks=blocks, index=figures, labels=self.labels
        )
        html = page_footnotes(html)
        html = self.links.rewrite_page_links(html)
        html = _prefix_ids(html, pid).replace(_LINK_MARK, "")
        return Markup(html)  # noqa: S704 — rendered by the autoescaping theme environment

    def chapters(self) -> list[PrintChapter]:
        """Return every page of the site as a chapter, in reading order."""
        accounts_title = next((p.title for p in self.site.pages if p.kind == "accounts"), "")
        result: list[PrintChapter] = []
        figures = FigureIndex()
        for page in self.site.pages:
            pid = page_id(page.url)
            number = page.number or ""  # kamdocs.site.numbering: the same numbers as the website
            if page.kind == "account":
                title, running = page.title, f"{accounts_title} · {page.title}"
            else:
                title = self.labels("print.overview") if page.kind == "home" else page.title
                running = title
            if page.kind == "chapter":
                entries = tuple((f"{pid}--{h.anchor}", h.title) for h in page.toc if h.level == 2)
            elif page.kind == "account":
                entries = ()
            else:
                entries = tuple(
                    (f"{pid}--{s.anchor}", s.title) for s in page.sections if s.partial not in _SKIPPED_PARTIALS
                )
            level = 2 if page.kind == "account" else 1
            result.append(
                PrintChapter(pid, page, title, number, running, self._fragment(page, figures), entries, level)
            )
        return result

    def handbook_html(self) -> str:
        """Return the print HTML of the whole handbook."""
        return self._render(
            "print/handbook.html",
            "handbook",
            chapters=_repair_links(self.chapters()),
            end_id=END_ID,
            **self._document_context(),
        )

    def account_html(self, account_id: str) -> str:
        """Return the print HTML of one account plan."""
        page = next((p for p in self.site.pages if p.kind == "account" and p.key == account_id), None)
        if page is None:
            valid = ", ".join(a.id for a in self.site.view.playbook.accounts) or "(none: add data/accounts/<id>.yaml)"
            raise KamdocsError(f"--account: no key account '{account_id}'; valid ids: {valid}")
        chapter = PrintChapter(page_id(page.url), page, page.title, "", page.title, Markup(""), ())
        return self._render("print/account.html", page.url, chapter=chapter, **self._document_context())

    def _document_context(self) -> dict[str, Any]:
        pb = self.site.view.playbook
        logo = self.logo_path()
        return {
            "created": document_date(pb.as_of),
            "paper": "A4" if pb.config.pdf.paper == "A4" else "letter",
            "logo_url": logo.as_uri() if logo is not None else None,
            # Linked from the document (not passed to WeasyPrint as "user" stylesheets, which lose
            # against author styles whatever their specificity), loaded through the same fetcher.
            "stylesheet_urls": [path.resolve().as_uri() for path in self.stylesheets()],
        }

    # -- resources --------------------------------------------------------------------------------

    def logo_path(self) -> Path | None:
        """Return the real path of the logo (checked by the site assembly), if any."""
        if not self.site.logo:
            return None
        for asset in self.site.assets:
            if asset.target == self.site.logo:
                return asset.source
        return None

    def stylesheets(self) -> tuple[Path, ...]:
        """Return the theme's screen CSS (component styles) and the print CSS, project theme first."""
        sheets: list[Path] = []
        screen = self.theme.static_files().get("css/kamdocs.css")
        if screen is not None:
            sheets.append(screen)
        for name in ("print/handbook.css", "print/custom.css"):
            found = self.theme.own_file(name)
            if found is not None:
                sheets.append(found)
        return tuple(sheets)

    def allowed_roots(self) -> tuple[Path, ...]:
        """Return the folders (and the logo file) the PDF may load from."""
        root = self.site.view.playbook.root
        assets, _refusal = assets_folder(root)  # SECURITY row 27: never a linked folder's target
        roots = [*([assets] if assets is not None else []), *self.theme.dirs, self.theme.builtin]
        logo = self.logo_path()
        if logo is not None:
            roots.append(logo.resolve())
        return tuple(dict.fromkeys(roots))

    def base_url(self) -> str:
        """Return the URL that chapter image paths (``assets/x.png``) are relative to."""
        return (self.site.view.playbook.root / "content").resolve().as_uri() + "/"


def _repair_links(chapters: list[PrintChapter]) -> list[PrintChapter]:
    """Point same-page links of embedded components (``#area-x``) at the page that has the target.

    A component placed in a chapter links to anchors of its generated page (the readiness chart
    links each area to its section); in one document those anchors carry the other page's prefix.
    """
    ids: list[str] = []
    for chapter in chapters:
        ids.append(chapter.id)
        ids.extend(_ID_ATTR.findall(_SVG_BLOCK.sub("", chapter.body)))
    known = set(ids)

    def retarget(match: re.Match[str]) -> str:
        target = match.group(1)
        if target in known or "--" not in target:
            return match.group(0)
        suffix = "--" + target.split("--", 1)[1]
        found = next((i for i in ids if i.endswith(suffix)), None)
        return f'href="#{found}"' if found else match.group(0)

    return [
        dataclasses.replace(c, body=Markup(_ANY_LOCAL_HREF.sub(retarget, c.body)))  # noqa: S704
        for c in chapters
    ]


def write_handbook(job: WriteJob) -> Written:
    """Write the handbook (or the plan of ``job.account`` as ``<id>.pdf``) into ``job.stage``."""
    site, theme, account = job.site, job.theme, job.account
    config = site.view.playbook.config
    refused = local_file_references(site.view.playbook.chapters)
    if refused:
        raise BuildError(refused)
    builder = PrintBuilder(site, theme, job.caches)
    job.emit("pdf", "composing the print layout", 0, 0)
    html = builder.handbook_html() if account is None else builder.account_html(account)
    name = pdf_file_name(config, site.view.audience, account)
    stylesheets = builder.stylesheets()
    locator = Locator(site.view.playbook.root, site.view.playbook.chapters, stylesheets, builder.logo_path())

    furthest = 0

    def report(message: str, page: int) -> None:
        # WeasyPrint lays pages out again when page numbers change; report each page once.
        nonlocal furthest
        if page == 0 or (page > furthest and page % PROGRESS_EVERY == 0):
            job.emit("pdf", message, 0, 0)
        furthest = max(furthest, page)

    # The body's pages are numbered from 1, the front matter's i, ii … (print/handbook.css).
    body = None if account is not None else next((page_id(p.url) for p in site.pages), None)
    written = write_pdf(
        html,
        job.stage / name,
        base_url=builder.base_url(),
        stylesheets=(),
        allowed_roots=builder.allowed_roots(),
        moment=document_moment(site.view.playbook.as_of),
        locate=locator,
        progress=report,
        jobs=job.jobs,
        store=job.part_store,
        body_anchor=body,
        variant=PDF_VARIANTS[config.pdf.variant],
    )
    return Written((WrittenFile(name, "pdf", written.pages),), written.warnings)
