"""Chapter numbers: one numbering for the website and the PDF (kamdocs.site.numbering)."""

from __future__ import annotations

from kamdocs.site.model import Page
from kamdocs.site.numbering import chapter_numbers
from tests.conftest import MakeProject
from tests.test_site_assemble import ACCOUNT, GOALS, site_of


def _page(kind: str, url: str) -> Page:
    return Page(kind, url, url, 0)


def test_home_is_unnumbered_and_account_plans_are_sub_chapters() -> None:
    pages = [
        _page("home", "index.html"),
        _page("chapter", "intro.html"),
        _page("goals", "goals.html"),
        _page("accounts", "accounts/index.html"),
        _page("account", "accounts/a.html"),
        _page("account", "accounts/b.html"),
        _page("chapter", "governance.html"),
    ]
    assert chapter_numbers(pages) == [None, "1", "2", "3", "3.1", "3.2", "4"]


def test_site_pages_nav_and_contents_carry_the_same_numbers(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/goals.yaml": GOALS,
            "data/accounts/acme.yaml": ACCOUNT,
            "content/10-intro.md": "---\ntitle: Einleitung\nweight: 10\n---\nText\n",
        }
    )
    site = site_of(root)
    numbers = {page.url: page.number for page in site.pages}
    assert numbers == {
        "index.html": None,
        "intro.html": "1",
        "goals.html": "2",
        "accounts/index.html": "3",
        "accounts/acme.html": "3.1",
    }
    nav = {item.url: item for item in site.nav}
    assert nav["goals.html"].number == "2"
    assert [(c.url, c.number) for c in nav["accounts/index.html"].children] == [("accounts/acme.html", "3.1")]
    home = site.page("index.html")
    cards = next(s for s in home.sections if s.partial == "home_contents").data
    assert {(e.url, e.number) for e in cards.entries} >= {("intro.html", "1"), ("accounts/index.html", "3")}  # type: ignore[attr-defined]
