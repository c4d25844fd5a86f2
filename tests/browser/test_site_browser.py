"""The built website in a real browser (Debian chromium via playwright): navigation, search, phone menu,
no console errors, and an axe-core accessibility check without critical violations.

axe-core (MPL-2.0) is vendored in tests/browser/vendor/axe.min.js (from `npm pack axe-core`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import AXE, build_example, site_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("browser"), "de")


class Tab:
    """A page plus everything the browser complained about."""

    def __init__(self, browser: Any, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, url: str) -> Any:
        self.page.goto(url)
        return self.page


@pytest.fixture
def desktop(chromium: Any) -> Iterator[Tab]:
    tab = Tab(chromium, 1280)
    yield tab
    tab.context.close()


@pytest.fixture
def phone(chromium: Any) -> Iterator[Tab]:
    tab = Tab(chromium, 390)
    yield tab
    tab.context.close()


def test_every_section_is_reachable_through_the_sidebar(site: Path, desktop: Tab) -> None:
    page = desktop.open((site / "index.html").as_uri())
    assert page.locator("h1").inner_text().strip() == page.title()
    targets = page.eval_on_selector_all(".sidebar a.nav-link", "els => els.map(e => e.getAttribute('data-nav-url'))")
    assert len(targets) == len(list(site.rglob("*.html")))
    for target in targets:
        page.goto((site / "index.html").as_uri())
        if target.startswith("accounts/") and target != "accounts/index.html":
            page.click(".sidebar a[data-nav-url='accounts/index.html']")
        page.click(f".sidebar a[data-nav-url='{target}']")
        assert page.url == (site / target).as_uri()
        current = page.locator(".sidebar [aria-current='page']")
        assert current.count() == 1 and current.get_attribute("data-nav-url") == target
        assert page.locator("main h1").count() == 1
    assert desktop.errors == []
    assert all(url.startswith("file://") for url in desktop.requests), desktop.requests


def test_search_finds_an_account_and_follows_the_hit(site: Path, desktop: Tab) -> None:
    page = desktop.open((site / "goals.html").as_uri())
    page.keyboard.press("/")  # the shortcut focuses the search box
    page.keyboard.type("Alpenmilch")
    hits = page.locator("#kd-search-results .search-hit a")
    hits.first.wait_for()
    assert "Alpenmilch" in hits.first.inner_text()
    with page.expect_navigation():
        hits.first.click()
    assert page.url.startswith((site / "accounts" / "alpenmilch.html").as_uri())
    assert "Alpenmilch" in page.locator("main h1").inner_text()
    page.fill("#kd-search", "xyzzy-nichts")
    assert page.locator("#kd-search-results .search-empty").inner_text() == "Keine Treffer"
    assert desktop.errors == []


def test_search_from_a_subfolder_links_back_to_the_root(site: Path, desktop: Tab) -> None:
    page = desktop.open((site / "accounts" / "alpenmilch.html").as_uri())
    page.fill("#kd-search", "SWOT")
    page.locator("#kd-search-results .search-hit a").first.wait_for()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == (site / "goals.html").as_uri() + "#swot"


def test_phone_menu_opens_and_navigates(site: Path, phone: Tab) -> None:
    page = phone.open((site / "index.html").as_uri())
    sidebar = page.locator("#kd-sidebar")
    toggle = page.locator(".menu-toggle")
    assert toggle.is_visible()
    assert not sidebar.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.locator("#kd-sidebar a[data-nav-url='tasks.html']").wait_for(state="visible")
    with page.expect_navigation():
        page.click("#kd-sidebar a[data-nav-url='tasks.html']")
    assert page.url == (site / "tasks.html").as_uri()
    assert not page.locator("#kd-sidebar").is_visible()
    assert phone.errors == []


PAGES = [
    "index.html",
    "goals.html",
    "organisation.html",
    "readiness.html",
    "tasks.html",
    "competencies.html",
    "accounts/index.html",
    "accounts/alpenmilch.html",
    "einleitung.html",
    "aufgabenabgrenzung.html",
]


@pytest.mark.parametrize("rel", PAGES)
def test_no_critical_accessibility_violations(site: Path, desktop: Tab, rel: str) -> None:
    page = desktop.open((site / rel).as_uri())
    assert desktop.errors == []  # checked before axe, which itself tries to fetch stylesheets over file://
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], len(v["nodes"])) for v in result["violations"] if v["impact"] in ("critical", "serious")
    ]
    assert [v for v in serious if v[1] == "critical"] == [], serious
    assert serious == [], serious


@pytest.mark.parametrize("rel", PAGES)
def test_nothing_is_wider_than_a_phone(site: Path, phone: Tab, rel: str) -> None:
    page = phone.open((site / rel).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("main h1").is_visible()
    assert phone.errors == []


def test_search_works_from_a_web_server(site: Path, desktop: Tab) -> None:
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        page = desktop.open(base + "accounts/index.html")
        page.fill("#kd-search", "Vantis")
        hit = page.locator("#kd-search-results .search-hit a").first
        hit.wait_for()
        with page.expect_navigation():
            hit.click()
        assert page.url == base + "accounts/vantis-chemie.html"
        assert desktop.errors == []
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("browser-en"), "en")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_tables_fit_the_desktop_width_and_no_cell_overflows(
    request: pytest.FixtureRequest, desktop: Tab, lang: str
) -> None:
    # A board member on a 1280 px screen sees every column without scrolling, and no date or
    # number runs into its neighbour (the task table's dates once did: "22 Aug 202611 Sept 2026").
    site: Path = request.getfixturevalue("site" if lang == "de" else "english_site")
    problems: list[str] = []
    for rel in site_pages(site):
        page = desktop.open((site / rel).as_uri())
        problems += [
            f"{rel}: {item}"
            for item in page.evaluate("""() => {
            document.querySelectorAll('details').forEach(d => { d.open = true; });  // "Data as a table" too
            const found = [];
            const text = el => el.textContent.trim().slice(0, 40);
            for (const wrap of document.querySelectorAll('.table-wrap')) {
                if (wrap.scrollWidth > wrap.clientWidth + 1) found.push('table scrolls: ' + text(wrap));
            }
            for (const cell of document.querySelectorAll('.data-table td, .data-table th')) {
                if (cell.scrollWidth > cell.clientWidth + 1) found.push('cell overflows: ' + text(cell));
            }
            return found;
        }""")
        ]
    assert problems == [], "\n".join(problems)
    assert desktop.errors == []


def test_key_figures_in_one_row_share_one_size(site: Path, desktop: Tab) -> None:
    sizes = []
    for rel in ["index.html", "goals.html", "accounts/kraemer-papier.html", "accounts/vantis-chemie.html"]:
        page = desktop.open((site / rel).as_uri())
        sizes += page.evaluate("""() => [...document.querySelectorAll('.stats')].map(row =>
            new Set([...row.querySelectorAll('.stat-value:not(.stat-badge)')]
                .map(v => getComputedStyle(v).fontSize)).size)""")
    assert sizes and set(sizes) == {1}


def test_a_note_admonition_reads_like_body_text(site: Path, desktop: Tab) -> None:
    # "!!! note" carries the class "note", which the theme also uses for muted side remarks.
    page = desktop.open((site / "einleitung.html").as_uri())
    colours = page.evaluate("""() => {
        const box = document.querySelector('.prose .admonition.note p:not(.admonition-title)');
        const body = document.querySelector('.prose > p');
        return [getComputedStyle(box).color, getComputedStyle(body).color,
                getComputedStyle(box).fontSize, getComputedStyle(body).fontSize];
    }""")
    assert colours[0] == colours[1] and colours[2] == colours[3]
