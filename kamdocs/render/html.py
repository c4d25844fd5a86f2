"""Write an assembled :class:`~kamdocs.site.Site` as static HTML into a (staging) folder."""

from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from kamdocs.errors import BuildError, Problem, Severity
from kamdocs.render.context import template_globals
from kamdocs.render.i18n import Catalogue
from kamdocs.render.theme import Theme, brand_palette
from kamdocs.site.model import Page, Site
from kamdocs.site.search import index_script, page_entries

Progress = Callable[[int, int, str], None]
Memo = Callable[[tuple[Any, ...], Callable[[], Any]], Any]
"""``memo(key, compute)``: return the value cached under ``key`` or ``compute()`` it.

``kamdocs serve`` passes one to re-render only the pages whose inputs changed;
keys are ``("page", page, nav, previous, next)`` and ``("entries", url, title, html)``.
"""
STATIC_DIR = "_static"
SEARCH_INDEX = f"{STATIC_DIR}/search-index.js"
_NAV_MARK = 'data-nav-url="{}"'


def site_labels(site: Site, theme: Theme) -> Catalogue:
    """Return the label catalogue of the site's language with the theme's overrides."""
    return Catalogue(site.lang, theme.message_dirs())


def environment(site: Site, theme: Theme, labels: Catalogue) -> jinja2.Environment:
    """Return the theme's Jinja environment with the globals of this site."""
    config = site.view.playbook.config
    env = theme.environment(template_globals(site.lang, config.currency, labels))
    env.globals.update(
        {
            "site": site,
            "view": site.view,
            "pb": site.view.playbook,
            "an": site.view.analysis,
            # Lookups by id: account pages read their account and portfolio position by id, and a
            # `selectattr` scan per page made the pages of 300 accounts O(N²) (~20 % of that build).
            "account_by_id": {account.id: account for account in site.view.playbook.accounts},
            "position_by_id": (
                {position.id: position for position in site.view.analysis.portfolio.accounts}
                if site.view.analysis.portfolio is not None
                else {}
            ),
            "brand": brand_palette(config.brand.primary_color),
        }
    )
    return env


def _render_nav(env: jinja2.Environment, site: Site, root: str) -> str:
    # Rendered once per folder depth, not per page (PERFORMANCE.md: the nav is O(N) per page);
    # the current page is marked afterwards by a string replacement.
    return env.get_template("partials/nav.html").render(root=root, href=lambda url: root + url)


def _mark_current(nav: str, page: Page) -> str:
    mark = _NAV_MARK.format(page.url)
    return nav.replace(mark, mark + ' aria-current="page"', 1)


def render_page(env: jinja2.Environment, site: Site, page: Page, nav: str) -> str:
    """Render one page to HTML."""
    before, after = site.neighbours(page)
    root = page.root
    template = env.get_template(f"pages/{page.kind}.html")
    return template.render(
        page=page,
        root=root,
        href=lambda url: root + url,
        prev=before,
        next=after,
        nav=Markup(_mark_current(nav, page)),
    )


def _sitemap(site: Site) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_escape(page.url)}</loc></url>" for page in site.pages]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _theme_path(name: str, theme: Theme) -> str | None:
    """Return ``themes/<name>/…`` or ``(built-in theme)/…`` for a template file of ``theme``."""
    for folder in theme.dirs:
        if Path(name).is_relative_to(folder):
            label = "themes/" + theme.name if folder != theme.builtin else "(built-in theme)"
            return f"{label}/{Path(name).relative_to(folder).as_posix()}"
    return None


def _template_frame(error: Exception, theme: Theme) -> tuple[str, int] | None:
    """Return the innermost theme template and line in ``error``'s traceback (Jinja maps frames to them)."""
    found = None
    for frame, line in traceback.walk_tb(error.__traceback__):
        where = _theme_path(frame.f_code.co_filename, theme)
        if where is not None:
            found = (where, line)
    return found


def _template_problem(page: Page, error: Exception, theme: Theme) -> BuildError:
    where_line = _template_frame(error, theme)
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        where_line = (_theme_path(error.filename, theme) or error.filename, error.lineno)
    where, line = where_line or (f"pages/{page.kind}.html", 1)
    message = getattr(error, "message", None) or str(error)
    return BuildError(
        [Problem(str(where), int(line), 1, Severity.ERROR, f"template error while writing {page.url}: {message}")]
    )


def _no_memo(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    return compute()


def write_site(site: Site, theme: Theme, dest: Path, progress: Progress | None = None, memo: Memo | None = None) -> int:
    """Write every page, the search index, sitemap, static files and assets into ``dest``."""
    memo = memo or _no_memo
    labels = site_labels(site, theme)
    env = environment(site, theme, labels)
    navs: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    total = len(site.pages)
    for number, page in enumerate(site.pages, start=1):
        try:
            nav = navs.get(page.root)
            if nav is None:
                nav = navs[page.root] = _render_nav(env, site, page.root)
            before, after = site.neighbours(page)
            key = ("page", page, nav, before and (before.url, before.title), after and (after.url, after.title))
            html = memo(key, lambda: render_page(env, site, page, nav))  # noqa: B023 - called at once
        except (jinja2.TemplateError, KeyError, ValueError, TypeError, AttributeError) as error:
            raise _template_problem(page, error, theme) from None
        _write(dest / page.url, html)
        entries.extend(memo(("entries", page.url, page.title, html), lambda: page_entries(page.url, page.title, html)))  # noqa: B023 - called at once
        if progress:
            progress(number, total, page.url)
    _write(dest / SEARCH_INDEX, index_script(entries))
    _write(dest / "sitemap.xml", _sitemap(site))
    for relative, source in theme.static_files().items():
        target = dest / STATIC_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for asset in site.assets:
        target = dest / asset.target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, target)
    return total
