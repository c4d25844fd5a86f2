"""The fast extraction of the search index sends exactly the events html.parser would send."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamdocs.site import search
from kamdocs.site.search import page_entries

GOLDEN = Path(__file__).parent / "golden" / "html"


def _reference(url: str, title: str, html: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """Return the entries html.parser alone gives (the fast path switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(search, "_parse_fast", lambda title, html: None)
        return page_entries(url, title, html)


def _fast_path_taken(html: str) -> bool:
    return search._parse_fast("T", html) is not None


@pytest.mark.parametrize("path", sorted(GOLDEN.rglob("*.html")), ids=lambda p: p.name)
def test_golden_pages_take_the_fast_path_with_the_same_entries(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = path.read_text(encoding="utf-8")
    main = html[html.find("<main") : html.rfind("</main>") + len("</main>")]
    assert _fast_path_taken(search._SVG.sub("", main))
    entries = page_entries(path.name, "Titel", html)
    assert entries == _reference(path.name, "Titel", html, monkeypatch)
    assert entries and entries[0]["u"] == path.name


CASES = {
    "entities and inline tags": '<main><h2 id="a">A &amp; B <em>c</em></h2><p>x&nbsp;y&lt;z &#228;</p></main>',
    "self-closing and empty attributes": '<main><p>a<br/>b<img alt="" src=x.png />c<input disabled></p></main>',
    "data-title in a skipped element": '<main><nav><div id="n" data-title="Nav">n</div></nav><p>t</p></main>',
    "unquoted and single-quoted values": "<main><section id=s data-title='S &amp; T'><p>x</p></section></main>",
    "comment splits text": "<main><p>ab<!-- note -- >cd</p></main>",
    "uppercase tags": '<MAIN><H2 ID="Up">Hi</H2><P>t</P></MAIN>',
    "end tag with space": '<main><h3 id="h">H</h3 ><p>t</p ></main>',
    "no main": '<p>outside</p><h2 id="x">X</h2>tail',
    "heading in heading": '<main><h2 id="a">A<h2 id="b">B</h2>c</h2>d</main>',
    "greater-than in a value": '<main><section id="g" data-title="a>b"><p>t</p></section></main>',
}
FALLBACK = {
    "script": "<main><p>a</p><script>if (a<b) {}</script><p>b</p></main>",
    "style": "<main><style>p{}</style><p>b</p></main>",
    "stray less-than": "<main><p>a<3 b</p></main>",
    "declaration": "<main><!DOCTYPE x><p>a</p></main>",
    "odd attribute": '<main><p a=b=c id="x">a</p></main>',
    "end tag with attribute": '<main><p>a</p class="x"></main>',
    "cdata": "<main><![CDATA[x<y]]><p>a</p></main>",
    "unclosed comment": "<main><p>a</p><!-- b <p>c</p></main>",
    "stray less-than at the end": "<main><p>a</p></main>x <",
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_fast_path_matches_html_parser(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _fast_path_taken(html)
    assert page_entries("p.html", "P", html) == _reference("p.html", "P", html, monkeypatch)


@pytest.mark.parametrize("html", FALLBACK.values(), ids=FALLBACK.keys())
def test_unusual_markup_falls_back_to_html_parser(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _fast_path_taken(html)
    assert page_entries("p.html", "P", html) == _reference("p.html", "P", html, monkeypatch)


def test_entities_are_decoded_and_spaces_collapsed() -> None:
    entries = page_entries("p.html", "P", CASES["entities and inline tags"])
    assert entries == [{"u": "p.html#a", "t": "A & B c", "p": "P", "x": "x y<z ä"}]


FRAGMENTS = st.sampled_from(
    [
        "<main>",
        "</main>",
        "<p>",
        "</p>",
        '<h2 id="h">',
        "</h2>",
        "<h3 id='k'>",
        "</h3>",
        "<nav>",
        "</nav>",
        '<section id="s" data-title="Teil &amp; Ganzes">',
        "</section>",
        "<br/>",
        "<em>",
        "</em>",
        "<!-- c -->",
        "Text",
        " ",
        "\n",
        "&amp;",
        "&lt;",
        "&auml;",
        "&#x41;",
        "&",
        ">",
        "<",
        "<3",
        "<script>",
        "</script>",
        '<td class="num" id="z">',
        "</td>",
        "<template>",
        "</template>",
        "<a href=x/>",
        "</ p>",
        "<!x>",
        "=",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40))
def test_fast_path_matches_html_parser_on_random_markup(parts: list[str]) -> None:
    html = "".join(parts)
    with pytest.MonkeyPatch.context() as patch:
        expected = page_entries("r.html", "R", html)
        patch.setattr(search, "_parse_fast", lambda title, html: None)
        assert page_entries("r.html", "R", html) == expected
