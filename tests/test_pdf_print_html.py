"""The print HTML of the handbook (no WeasyPrint rendering): ids, links, metadata, CSS strings, locator."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.errors import KamdocsError
from kamdocs.load import load_playbook
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.model import Chapter, FrontMatter
from kamdocs.render.i18n import Catalogue
from kamdocs.render.locate import Locator, local_file_references
from kamdocs.render.print_html import PrintBuilder, css_content, css_string, document_date, page_id
from kamdocs.render.print_html import _prefix_ids as prefix_ids
from kamdocs.render.theme import Theme
from kamdocs.resources import example_dir
from kamdocs.site.assemble import assemble
from kamdocs.site.model import Site


@pytest.fixture(scope="module")
def site() -> tuple[Site, Theme]:
    root = example_dir("de")
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    view = make_view(playbook, analyse(playbook), "internal")
    return assemble(view, Catalogue(playbook.config.language, theme.message_dirs())), theme


@pytest.fixture(scope="module")
def handbook(site: tuple[Site, Theme]) -> str:
    return PrintBuilder(*site).handbook_html()


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.metas: dict[str, str] = {}
        self.in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "svg":
            self.in_svg += 1
        if self.in_svg:
            return  # chart ids are private to each inline SVG
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "meta" and values.get("name"):
            self.metas[str(values["name"])] = str(values.get("content"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg -= 1


def _parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    return parser


def test_every_id_is_unique_and_every_internal_link_lands(handbook: str) -> None:
    parsed = _parse(handbook)
    duplicates = sorted({i for i in parsed.ids if parsed.ids.count(i) > 1})
    assert duplicates == []
    internal = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert len(internal) > 60  # TOC entries, cross references, footnotes
    missing = sorted(set(internal) - set(parsed.ids))
    assert missing == []
    # Links to other pages of the website became links inside the document.
    assert not [h for h in parsed.hrefs if h.endswith(".html") or ".html#" in h]


def test_chapters_follow_the_site_and_the_contents_cards_are_replaced_by_the_toc(
    site: tuple[Site, Theme], handbook: str
) -> None:
    pages = site[0].pages
    chapter_ids = re.findall(r'<article class="chapter chapter-\w+" id="([^"]+)"', handbook)
    assert chapter_ids == [page_id(p.url) for p in pages]
    assert 'class="card-grid"' not in handbook
    assert handbook.count('<h1 class="chapter-title"') == sum(1 for p in pages if p.kind != "account")
    assert handbook.count('class="chapter-title account-title"') == sum(1 for p in pages if p.kind == "account")
    assert "Auf einen Blick" in handbook  # the home page is the overview chapter, not "Startseite"


def test_metadata_and_language(site: tuple[Site, Theme], handbook: str) -> None:
    metas = _parse(handbook).metas
    assert metas["author"] == "Rheinhold Fluidtechnik GmbH"
    assert metas["description"].startswith("Rheinhold Fluidtechnik GmbH")
    assert "Key-Account-Management" in metas["keywords"]
    assert metas["dcterms.created"] == metas["dcterms.modified"]
    assert handbook.startswith('<!DOCTYPE html>\n<html lang="de">')
    assert "<title>Key-Account-Management-Handbuch</title>" in handbook


def test_stylesheets_are_linked_from_the_theme_and_paper_comes_from_the_settings(
    site: tuple[Site, Theme], handbook: str
) -> None:
    builder = PrintBuilder(*site)
    sheets = builder.stylesheets()
    assert [s.name for s in sheets] == ["kamdocs.css", "handbook.css"]
    for sheet in sheets:
        assert f'<link rel="stylesheet" href="{sheet.resolve().as_uri()}">' in handbook
    assert "size: A4 portrait" in handbook
    # "von N" counts the body's pages: N is the page number of the element that ends the handbook.
    assert '"Seite " counter(page) " von " target-counter("#kd-end", page)' in handbook
    assert '<div id="kd-end"' in handbook
    roots = builder.allowed_roots()
    assert (site[0].view.playbook.root / "content" / "assets").resolve() in roots
    assert site[1].builtin in roots
    assert all(root.is_absolute() for root in roots)


def test_account_plan_and_unknown_account(site: tuple[Site, Theme]) -> None:
    builder = PrintBuilder(*site)
    html = builder.account_html("alpenmilch")
    assert "Alpenmilch Molkereigenossenschaft eGen" in html
    assert (
        html.index("section-account_scores")
        < html.index("section-portfolio-position")
        < html.index("section-account_goals")
    )
    with pytest.raises(KamdocsError) as info:
        builder.account_html("acme")
    message = str(info.value)
    assert "no key account 'acme'" in message
    assert "alpenmilch, chemwisla" in message


def test_brand_colour_reaches_the_charts(handbook: str) -> None:
    assert "#0b4f6c" in handbook  # brand.primary_color of the example, written into the SVG


def test_css_strings_cannot_escape() -> None:
    assert css_string("Seite") == '"Seite"'
    hostile = css_string('a"; } body { display: none } </style><script>')
    assert '"' not in hostile[1:-1] and "<" not in hostile and ">" not in hostile and "}" in hostile
    assert css_string("a\\b\nc") == '"a\\5c b\\a c"'
    assert css_content("Seite {page} von {pages}") == '"Seite " counter(page) " von " counter(pages)'
    assert css_content("{page}/{pages}") == 'counter(page) "/" counter(pages)'


def test_ids_are_prefixed_outside_svg_only() -> None:
    html = (
        '<h2 id="a">x</h2><a href="#a">x</a><a href="https://x.example/#a">y</a>'
        '<svg id="chart"><use href="#chart-dot"/></svg><p id="b"></p>'
    )
    assert prefix_ids(html, "kd-p") == (
        '<h2 id="kd-p--a">x</h2><a href="#kd-p--a">x</a><a href="https://x.example/#a">y</a>'
        '<svg id="chart"><use href="#chart-dot"/></svg><p id="kd-p--b"></p>'
    )
    assert page_id("accounts/acme.html") == "kd-accounts-acme"
    assert page_id("index.html") == "kd-index"


def test_document_date_from_source_date_epoch_or_as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert document_date(dt.date(2026, 11, 1)) == "2026-09-21T14:13:20Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert document_date(dt.date(2026, 11, 1)) == "2026-11-01T00:00:00Z"


def _chapter(body: str, source: str = "content/20-kapitel.md") -> Chapter:
    return Chapter(source, "kapitel", FrontMatter(title="Kapitel"), body, 5, ChapterRenderer().render(body, "de"))


def test_locator_maps_resolved_urls_back_to_chapter_lines(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    sheet = tmp_path / "themes" / "default" / "print" / "custom.css"
    sheet.parent.mkdir(parents=True)
    sheet.write_text("body { color: red }\n@import url(http://169.254.169.254/x.css);\n")
    chapters = [
        _chapter("Text\n\n![a](assets/ok.png)\n"),
        _chapter(
            'Eins\nZwei\n![b](../../../../etc/passwd)\n<img src="assets/%2e%2e/%2e%2e/secret.txt">\n',
            "content/30-zwei.md",
        ),
    ]
    locate = Locator(tmp_path, chapters, [sheet])
    climbed = Path(os.path.normpath(tmp_path / "content" / "../../../../etc/passwd"))
    assert locate(climbed.as_uri()) == ("content/30-zwei.md", 7)
    assert locate((tmp_path / "secret.txt").as_uri()) == ("content/30-zwei.md", 8)
    assert locate((tmp_path / "content" / "assets" / "ok.png").as_uri()) == ("content/20-kapitel.md", 7)
    assert locate("http://169.254.169.254/x.css") == ("themes/default/print/custom.css", 2)
    assert locate("file:///nowhere/else.png") is None


def test_file_urls_in_chapters_are_errors_with_line_and_column() -> None:
    problems = local_file_references(
        [
            _chapter('Text\n\nSiehe ![x](file:///etc/passwd) hier.\n<img src="FILE:///dev/urandom">\n'),
            _chapter("![ok](assets/ok.png) [link](https://example.org)\n", "content/30-ok.md"),
        ]
    )
    assert [p.format().split(": error:")[0] for p in problems] == [
        "content/20-kapitel.md:7:12",
        "content/20-kapitel.md:8:11",
    ]
    assert "copy it into content/assets/" in problems[0].message
