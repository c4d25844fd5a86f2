"""Splitting the print HTML into parts and numbering them (no rendering: see test_pdf_parallel.py)."""

from __future__ import annotations

from types import SimpleNamespace

from kamdocs.render.parallel import part_budget
from kamdocs.render.partnumbers import numbering_for
from kamdocs.render.parts import PART_LINK, Bookmark, Numbering, PartOutcome, numbered_html, split_parts
from kamdocs.render.stitch import outline_tree

HEAD = (
    '<!DOCTYPE html><html><head><style>@page { @bottom-right { content: "Seite " counter(page) " von "'
    " counter(pages); } } .toc a::after { content: target-counter(attr(href url), page); }</style></head>"
    '<body class="handbook">'
)
FRONT = '<section class="cover">Cover</section><nav class="toc"><a href="#kd-a">A</a><a href="#kd-b--x">B x</a></nav>'
A = (
    '<article class="chapter chapter-goals" id="kd-a"><h1>A</h1><a href="#kd-b--x">see B</a>'
    '<p id="kd-a--y">y</p></article>'
)
B = '<article class="chapter chapter-chapter" id="kd-b"><h2 id="kd-b--x">x</h2><a href="#kd-a--y">back</a></article>'
C = '<article class="chapter chapter-account" id="kd-c"><svg><use href="#grad"/><g id="grad"/></svg></article>'
DOC = HEAD + FRONT + "\n" + A + "\n" + B + "\n" + C + "</body></html>"


def test_each_chapter_is_a_part_after_the_front_matter_with_the_same_head() -> None:
    parts = split_parts(DOC, budget=1)
    assert parts is not None
    assert [p.label for p in parts] == ["front", "kd-a", "kd-b", "kd-c"]
    assert [p.front for p in parts] == [True, False, False, False]
    for part in parts:
        assert part.html.startswith(HEAD) and part.html.endswith("</body></html>")
    assert "Cover" in parts[0].html and 'id="kd-a"' not in parts[0].html
    assert "Cover" not in parts[1].html and 'id="kd-b"' not in parts[1].html


def test_chapters_are_grouped_up_to_the_budget_in_reading_order() -> None:
    parts = split_parts(DOC, budget=len(A) + len(B) + 2)
    assert parts is not None
    assert [p.label for p in parts] == ["front", "kd-a", "kd-c"]
    assert 'id="kd-b"' in parts[1].html and 'href="#kd-b--x"' in parts[1].html  # same part: a plain link


def test_links_to_other_parts_are_marked_and_links_inside_a_part_kept() -> None:
    parts = split_parts(DOC, budget=1)
    assert parts is not None
    front, a, b, c = parts
    assert f'href="{PART_LINK}kd-a"' in front.html and f'href="{PART_LINK}kd-b--x"' in front.html
    assert f'href="{PART_LINK}kd-b--x"' in a.html
    assert f'href="{PART_LINK}kd-a--y"' in b.html
    assert 'href="#grad"' in c.html  # a chart's own ids stay private to it
    assert front.targets == ("kd-a", "kd-b--x")
    assert a.targets == ("kd-b--x",)
    assert c.targets == ("grad",)


def test_a_document_without_chapters_is_not_split() -> None:
    assert split_parts(HEAD + FRONT + "</body></html>", budget=1) is None
    assert split_parts("<html><p>no body</p></html>", budget=1) is None


def test_numbering_fills_in_the_total_and_the_contents_page_numbers() -> None:
    parts = split_parts(DOC, budget=1)
    assert parts is not None
    outcomes = {
        0: PartOutcome(0, Numbering(1, 0), pages=3, anchors={}),
        1: PartOutcome(1, Numbering(1, 0), pages=5, anchors={"kd-a": 0, "kd-a--y": 4}),
        2: PartOutcome(2, Numbering(1, 0), pages=2, anchors={"kd-b": 0, "kd-b--x": 1}),
        3: PartOutcome(3, Numbering(1, 0), pages=1, anchors={"kd-c": 0}),
    }
    numbering = numbering_for(parts, outcomes)
    assert [numbering[i].first_page for i in range(4)] == [1, 4, 9, 11]
    assert {n.total for n in numbering.values()} == {11}
    assert numbering[0].toc == (("kd-a", 4), ("kd-b--x", 10))
    assert numbering[2].toc == (("kd-a--y", 8),)
    front = numbered_html(parts[0], numbering[0])
    assert f'href="{PART_LINK}kd-a" data-kd-page="4"' in front
    assert f'href="{PART_LINK}kd-b--x" data-kd-page="10"' in front
    assert "counter(pages)" not in front and '" von " "11"' in front
    assert "content: attr(data-kd-page)" in front
    body = numbered_html(parts[2], numbering[2])
    assert '" von " "11"' in body and f'href="{PART_LINK}kd-a--y" data-kd-page="8"' in body
    assert "target-counter" not in body
    counting = numbered_html(parts[2], Numbering(1, 0, placeholder=88))
    assert f'href="{PART_LINK}kd-a--y" data-kd-page="88"' in counting


def test_part_size_is_about_four_per_worker_within_bounds() -> None:
    assert part_budget(50_000, 2) == 100_000
    assert part_budget(2_000_000, 2) == 250_001
    assert part_budget(20_000_000, 2) == 400_000


def test_outline_nests_across_parts_as_weasyprint_nests_one_document() -> None:
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    marks = [
        Bookmark(0, 1, "Goals", 1, 2, "open"),
        Bookmark(0, 2, "Market", 1, 3, "open"),
        Bookmark(1, 1, "Accounts", 1, 4, "open"),
        Bookmark(2, 2, "Acme", 1, 5, "closed"),  # first bookmark of the next part: still under "Accounts"
        Bookmark(2, 4, "Scores", 1, 6, "open"),  # a skipped level
        Bookmark(3, 3, "Contacts", 1, 7, "open"),
        Bookmark(3, 1, "History", 1, 8, "open"),
    ]
    root: list[object] = []
    skipped: list[int] = []
    last: list[list[object]] = [root]
    previous = 0
    for number in range(4):
        page = SimpleNamespace(bookmarks=[(m.level, m.label, (m.x, m.y), m.state) for m in marks if m.page == number])
        previous = make_page_bookmark_tree(page, skipped, last, previous, number, Matrix())
    assert outline_tree(marks, 4) == root
    titles = [(t, [c[0] for c in children]) for t, _, children, _ in outline_tree(marks, 4)]
    assert titles == [("Goals", ["Market"]), ("Accounts", ["Acme"]), ("History", [])]


def test_front_matter_numbered_apart_body_from_one_and_von_y_from_the_end_anchor() -> None:
    # The default theme: "Seite X von Y" with Y = the page number of #kd-end (the body's last page),
    # the front matter i, ii … and the body from 1 at the first chapter (the body anchor).
    end = DOC.replace("counter(pages)", 'target-counter("#kd-end", page)').replace(
        "</body>", '<div id="kd-end"></div></body>'
    )
    parts = split_parts(end, budget=1)
    assert parts is not None and all("kd-end" in p.targets for p in parts)
    outcomes = {
        0: PartOutcome(0, Numbering(1, 0), pages=3, anchors={}),
        1: PartOutcome(1, Numbering(1, 0), pages=5, anchors={"kd-a": 0, "kd-a--y": 4}),
        2: PartOutcome(2, Numbering(1, 0), pages=2, anchors={"kd-b": 0, "kd-b--x": 1}),
        3: PartOutcome(3, Numbering(1, 0), pages=1, anchors={"kd-c": 0, "kd-end": 0}),
    }
    numbering = numbering_for(parts, outcomes, body_anchor="kd-a")
    assert [numbering[i].first_page for i in range(4)] == [1, 1, 6, 8]
    assert {n.total for n in numbering.values()} == {11}
    assert dict(numbering[0].toc) == {"kd-a": 1, "kd-b--x": 7, "kd-end": 8}
    body = numbered_html(parts[2], numbering[2])
    assert '" von " "8"' in body and "target-counter" not in body
    counting = numbered_html(parts[2], Numbering(1, 0, placeholder=88))
    assert '" von " "88"' in counting
    # Without a body anchor the pages count on from the cover.
    assert [n.first_page for n in numbering_for(parts, outcomes).values()] == [1, 4, 9, 11]


def test_parts_after_the_first_repeat_the_classes_of_earlier_chapters_hidden() -> None:
    # So that article.chapter:first-of-type and .chapter-account ~ .chapter-account match as in one document.
    parts = split_parts(DOC, budget=1)
    assert parts is not None
    hidden = '<article class="{}" style="display:none"></article>'
    assert hidden.format("chapter chapter-goals") not in parts[1].html
    goals = hidden.format("chapter chapter-goals")
    assert parts[2].html.startswith(HEAD + goals + '<article class="chapter chapter-chapter"')
    lead = hidden.format("chapter chapter-goals") + hidden.format("chapter chapter-chapter")
    assert parts[3].html.startswith(HEAD + lead + '<article class="chapter chapter-account"')
