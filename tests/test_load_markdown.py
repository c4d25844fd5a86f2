"""Chapter Markdown → sanitized HTML: extensions, sanitizing, component placeholders, the renderer's cache."""

from __future__ import annotations

from kamdocs.load.markdown import ChapterRenderer, extract_placeholders, sanitize
from kamdocs.model import RenderedBody
from kamdocs.model.content import split_pieces


def render_markdown(body: str, lang: str) -> RenderedBody:
    return ChapterRenderer().render(body, lang)


def test_tables_footnotes_admonitions_and_heading_anchors() -> None:
    body = (
        "## Ziele und Wege\n\nText mit Fußnote[^1].\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        '!!! warning "Achtung"\n    Vorsicht.\n\n### Unterpunkt\n\n[^1]: Quelle.\n'
    )
    rendered = render_markdown(body, "de")
    html = rendered.html
    assert '<h2 id="ziele-und-wege">Ziele und Wege</h2>' in html
    assert "<table>" in html and '<td style="text-align:right">2</td>' in html
    assert '<div class="admonition warning">' in html and '<p class="admonition-title">Achtung</p>' in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in html
    assert '<li id="fn:1">' in html and 'title="Zurück zur Fußnote 1 im Text"' in html
    assert [(h.anchor, h.title, h.level) for h in rendered.headings] == [
        ("ziele-und-wege", "Ziele und Wege", 2),
        ("unterpunkt", "Unterpunkt", 3),
    ]


def test_english_footnote_title() -> None:
    assert "Back to footnote 1 in the text" in render_markdown("x[^1]\n\n[^1]: y\n", "en").html


def test_sanitize_drops_dangerous_markup_and_keeps_text() -> None:
    html = sanitize(
        '<p onclick="x()">Hallo <script>alert(1)</script><img src="a.png" onerror="x()">'
        '<iframe src="https://e.example"></iframe><a href="javascript:alert(1)">j</a>'
        '<a href="data:text/html,x">d</a><a href="https://example.org">ok</a><!-- geheim --></p>'
        '<style>body{}</style><link rel="attachment" href="x"><object data="x"></object>'
    )
    assert html == (
        '<p>Hallo <img src="a.png"><a rel="noopener noreferrer">j</a><a rel="noopener noreferrer">d</a>'
        '<a href="https://example.org" rel="noopener noreferrer">ok</a></p>'
    )


def test_style_attribute_keeps_only_text_align() -> None:
    html = sanitize('<table><tr><td style="text-align: right; background: url(http://x)">1</td></tr></table>')
    assert html == '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>'


def test_component_placeholders_outside_code_only() -> None:
    body = "Intro\n{{< kpi_table growth >}}\n\n```\n{{< gantt >}}\n```\n\n  {{<raci>}}  \n"
    text, found = extract_placeholders(body)
    assert [(p.name, p.arg, p.line) for p in found] == [("kpi_table", "growth", 2), ("raci", None, 8)]
    assert "{{< gantt >}}" in text


def test_split_pieces_returns_html_and_component_indices() -> None:
    rendered = render_markdown("Vorher\n\n{{< swot >}}\n\nNachher\n", "de")
    parts = split_pieces(rendered.html)
    assert parts[1] == 0
    assert "Vorher" in str(parts[0]) and "Nachher" in str(parts[2])


def test_inline_placeholder_text_is_not_a_component() -> None:
    rendered = render_markdown("Schreiben Sie {{< swot >}} in eine eigene Zeile.\n", "de")
    assert rendered.placeholders == ()
    assert "{{&lt; swot &gt;}}" in rendered.html


def test_identical_bodies_are_rendered_once_per_renderer() -> None:
    renderer = ChapterRenderer()
    first = renderer.render("# Cache\n\nGleicher Text.\n", "de")
    assert renderer.render("# Cache\n\nGleicher Text.\n", "de") is first
    assert renderer.render("# Cache\n\nGleicher Text.\n", "en") is not first
    assert len(renderer) == 2
    assert ChapterRenderer().render("# Cache\n\nGleicher Text.\n", "de") is not first  # no state shared


def test_the_cache_keeps_the_most_recently_used_bodies() -> None:
    renderer = ChapterRenderer(capacity=2)
    renderer.render("a", "de")
    renderer.render("b", "de")
    renderer.render("a", "de")  # used again: "b" is now the oldest
    renderer.render("c", "de")
    assert [renderer.knows(body, "de") for body in "abc"] == [True, False, True]


def test_a_remembered_rendering_is_returned_as_is() -> None:
    renderer = ChapterRenderer()
    made_elsewhere = RenderedBody("<p>aus dem Worker</p>", (), ())
    renderer.remember("Text", "de", made_elsewhere)
    assert renderer.render("Text", "de") is made_elsewhere
    assert not renderer.knows("Text", "en")
