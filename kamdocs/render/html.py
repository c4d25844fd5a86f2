"""The HTML writer: every page of an assembled :class:`~kamdocs.site.Site`, its search index and files."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from kamdocs.errors import BuildError
from kamdocs.render.context import template_globals
from kamdocs.render.cssrefs import stylesheet_problem
from kamdocs.render.i18n import Catalogue
from kamdocs.render.memo import DataReads, PageMemo, Rendered
from kamdocs.render.phone import prepare_for_phones
from kamdocs.render.theme import Theme
from kamdocs.render.writer import WriteJob, Written, WrittenFile
from kamdocs.site.catalogue import SiteData
from kamdocs.site.model import Link, Page, Site
from kamdocs.site.search import index_script, page_entries

STATIC_DIR = "_static"
SEARCH_INDEX = f"{STATIC_DIR}/search-index.js"
_NAV_MARK = 'data-nav-url="{}"'


def site_labels(site: Site, theme: Theme) -> Catalogue:
    """Return the label catalogue of the site's language with the theme's overrides."""
    return Catalogue(site.lang, theme.message_dirs())


def theme_fingerprint(theme: Theme) -> str:
    """Return a digest of every template, print stylesheet and label file of ``theme`` (not its static files)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in theme.template_files():
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1")
    return digest.hexdigest()


def _render_nav(env: jinja2.Environment, theme: Theme, root: str) -> str:
    # Rendered once per folder depth, not per page (PERFORMANCE.md: the nav is O(N) per page);
    # the current page is marked afterwards by a string replacement.
    return theme.render(env, "partials/nav.html", "writing the navigation", {"root": root, "href": _href(root)})


def _href(root: str) -> Any:
    return lambda url: root + str(url)


def _mark_current(nav: str, page: Page) -> str:
    mark = _NAV_MARK.format(page.url)
    return nav.replace(mark, mark + ' aria-current="page"', 1)


def render_page(
    env: jinja2.Environment, theme: Theme, page: Page, nav: str, neighbours: tuple[Link | None, Link | None], data: Any
) -> str:
    """Render one page to HTML; ``data`` is the template's ``data`` (the data sets)."""
    root = page.root
    context = {
        "page": page,
        "root": root,
        "href": _href(root),
        "prev": neighbours[0],
        "next": neighbours[1],
        "nav": Markup(_mark_current(nav, page)),  # noqa: S704 - rendered by the autoescaping theme environment
        "data": data,
    }
    return prepare_for_phones(theme.render(env, f"pages/{page.kind}.html", f"writing {page.url}", context))


def _sitemap(site: Site) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_escape(page.url)}</loc></url>" for page in site.pages]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _render(
    env: jinja2.Environment,
    theme: Theme,
    page: Page,
    nav: str,
    neighbours: tuple[Link | None, Link | None],
    data: SiteData,
    memo: PageMemo | None,
) -> Rendered:
    inputs: tuple[object, ...] = (page, nav, neighbours)
    if memo is not None:
        found = memo.get(page.url, inputs, data)
        if found is not None:
            return found
    reads = DataReads(data)
    html = render_page(env, theme, page, nav, neighbours, reads)
    rendered = Rendered(inputs, reads.reads, html, tuple(page_entries(page.url, page.title, html)))
    if memo is not None:
        memo.put(page.url, rendered)
    return rendered


def write_site(job: WriteJob) -> Written:
    """Write every page, the search index, sitemap, static files and assets into ``job.stage``."""
    site, theme, dest = job.site, job.theme, job.stage
    labels = site_labels(site, theme)
    memo = job.caches.pages
    if memo is not None:
        memo.begin((site.context, labels.messages, theme.dirs, theme_fingerprint(theme)))
    env = theme.environment(
        template_globals(site.context, labels, placements=job.caches.placements), job.caches.bytecode
    )
    data = SiteData(site.view)
    navs: dict[str, str] = {}
    entries: list[dict[str, str]] = []
    files: list[WrittenFile] = []
    total = len(site.pages)
    for number, page in enumerate(site.pages, start=1):
        nav = navs.get(page.root)
        if nav is None:
            nav = navs[page.root] = _render_nav(env, theme, page.root)
        rendered = _render(env, theme, page, nav, site.neighbours(number - 1), data, memo)
        _write(dest / page.url, rendered.html)
        files.append(WrittenFile(page.url, "page"))
        entries.extend(rendered.entries)
        job.emit("page", page.url, number, total)
    if memo is not None:
        memo.end()
    _write(dest / SEARCH_INDEX, index_script(entries))
    _write(dest / "sitemap.xml", _sitemap(site))
    files += [WrittenFile(SEARCH_INDEX, "index"), WrittenFile("sitemap.xml", "index")]
    for relative, source in theme.static_files().items():
        if source.suffix.lower() == ".css":
            problem = stylesheet_problem(source.read_text(encoding="utf-8", errors="replace"), theme.shown(source))
            if problem is not None:
                raise BuildError([problem])
        target = dest / STATIC_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        files.append(WrittenFile(f"{STATIC_DIR}/{relative}", "static"))
    for asset in site.assets:
        target = dest / asset.target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, target)
        files.append(WrittenFile(asset.target, "asset"))
    return Written(tuple(files))
