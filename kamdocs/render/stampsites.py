"""Find the text of a laid-out part that depends on its numbering (runs in the worker).

Numbers reach a part's text only through generated content (:mod:`kamdocs.render.parts` puts them
there): the page counter and the numbers written into the stylesheets (the total, the page of a
fixed anchor) in the page margins, and ``attr(data-kd-page)`` — the page of a link's target — in
``::before``/``::after`` boxes. Every box whose ``content`` uses one of them is a site
(:class:`~kamdocs.render.stamp.Site`) when its text is one run made only of literal text and those
numbers; otherwise what it uses is *rigid* (the part is laid out again when it changes). The
contents' dot leaders are in boxes of their own, before the page number's inline block
(``print/handbook.css``), so a contents line is a site too.
"""

from __future__ import annotations

from typing import Any

from kamdocs.render.parts import PART_LINK, Numbering
from kamdocs.render.stamp import Key, Piece, Site, Stamps, drawn_page

_PSEUDO = ("::before", "::after", "::marker")
_ALIGN = {"left": 0.0, "start": 0.0, "justify": 0.0, "center": 0.5, "right": 1.0, "end": 1.0}


def _target(element: Any) -> str:
    href = (element.get("href") or "") if element is not None else ""
    return href[len(PART_LINK) :] if href.startswith(PART_LINK) else href.lstrip("#")


def _template(content: Any, element: Any, injected: dict[str, list[Key]]) -> tuple[tuple[Piece, ...], set[Key], bool]:
    """Return (pieces, keys it depends on, whether the pieces say exactly how its text is made)."""
    pieces: list[Piece] = []
    keys: set[Key] = set()
    exact = True
    for kind, value in content:
        if kind == "string":
            found = injected.get(value, [])
            keys.update(found)
            if len(found) > 1:
                exact = False
            pieces.append(found[0] if found else ("lit", value))
        elif kind == "counter()" and value[0] == "page":
            keys.add(("first",))
            exact = exact and value[1] == "decimal"
            pieces.append(("first",))
        elif kind == "attr()" and value[0] == "data-kd-page":
            key = ("ref", _target(element))
            keys.add(key)
            pieces.append(key)
        elif kind in ("target-counter()", "target-counters()") or (kind == "counter()" and value[0] == "pages"):
            keys.add(("first",))  # WeasyPrint's own page numbers of the part
            exact = False
        else:  # leaders, named strings, other counters …: text of unknown length
            exact = False
    return tuple(pieces), keys, exact


def _runs(box: Any) -> list[Any]:
    """Return the drawn text runs (text boxes) inside ``box``."""
    from weasyprint.formatting_structure import boxes

    found: list[Any] = []
    stack = [box]
    while stack:
        node = stack.pop()
        if isinstance(node, boxes.TextBox):
            if node.style["visibility"] == "visible" and node.text.strip():
                found.append(node)
        else:
            stack.extend(reversed(getattr(node, "children", ())))
    return found


def _align(box: Any) -> float:
    value = _ALIGN.get(box.style["text_align_all"], 0.0)
    return 1.0 - value if box.style["direction"] == "rtl" else value


def collect(document: Any, numbering: Numbering, fixed: tuple[str, ...]) -> Stamps:
    """Return the sites of a laid-out WeasyPrint ``document`` drawn with ``numbering``."""
    from weasyprint.formatting_structure import boxes

    pages = dict(numbering.toc)
    injected: dict[str, list[Key]] = {str(numbering.total): [("total",)]}
    for name in fixed:
        page = pages.get(name, numbering.placeholder)
        if page:
            injected.setdefault(str(page), []).append(("fixed", name))
    sites: list[Site] = []
    rigid: set[Key] = set()

    def visit(owner: Any, number: int, margin: bool) -> None:
        content = owner.style["content"]
        if not isinstance(content, tuple):
            return
        pieces, keys, exact = _template(content, owner.element, injected)
        if not keys:
            return
        runs = _runs(owner)
        if not exact or len(runs) != 1:
            rigid.update(keys)
            return
        run = runs[0]
        # A margin box or an inline block (the contents' page column) has a width of its own:
        # its text may grow or shrink inside it. Text in a line must keep its width.
        movable = margin or isinstance(owner, boxes.InlineBlockBox)
        room = owner.width if movable else run.width
        align = _align(owner) if movable else 0.0
        y = run.position_y + run.baseline
        site = Site(number, run.position_x, y, run.text, pieces, align, room, run.width, movable)
        if ("first",) in keys and drawn_page(site) != numbering.first_page + number:
            rigid.update(keys)  # the page counter is reset inside the part: only a layout knows it
            return
        sites.append(site)

    for number, page in enumerate(document.pages):
        stack = list(page._page_box.children)
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.MarginBox):
                visit(box, number, margin=True)
            elif (box.element_tag or "").endswith(_PSEUDO):
                visit(box, number, margin=False)
            else:
                stack.extend(getattr(box, "children", ()))
    return Stamps(tuple(sites), frozenset(rigid))
