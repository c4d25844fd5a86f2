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

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
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
    # Two numbers with no text between them could not be told apart in the drawn text.
    if any(a[0] != "lit" and b[0] != "lit" for a, b in zip(pieces, pieces[1:], strict=False)):
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


@contextmanager
def digits_in_fonts() -> Iterator[None]:
    """While a part is written, keep every digit in the subset of each font that draws a digit.

    A stamped number may need a digit the part never drew (its provisional numbers are 1, 8, 88 …);
    a subset without that glyph could not show it, and the part would be laid out again. The
    glyphs are added to WeasyPrint's list of used glyphs just before it subsets the fonts; nothing
    is drawn with them. Should WeasyPrint change how it does that, parts are written as before (and
    laid out again when a digit is missing).
    """
    import weasyprint.pdf

    original = getattr(weasyprint.pdf, "build_fonts_dictionary", None)
    if original is None:
        yield
        return

    def build(pdf: Any, fonts: Any, *args: Any, **kwargs: Any) -> Any:
        for font in fonts.values():
            try:
                _add_digits(font)
            except Exception:  # noqa: BLE001 — the part is laid out again if a digit is needed
                logging.getLogger(__name__).debug("digits not added to %s", getattr(font, "family", font))
        return original(pdf, fonts, *args, **kwargs)

    weasyprint.pdf.build_fonts_dictionary = build
    try:
        yield
    finally:
        weasyprint.pdf.build_fonts_dictionary = original


def _add_digits(font: Any) -> None:
    """Add the glyphs and widths of 0–9 to a WeasyPrint font that has drawn a digit."""
    if font.bitmap or font.used_in_forms or not any(t.isdigit() for t in font.to_unicode.values()):
        return
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    tt = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
    cmap, metrics, upem = tt.getBestCmap(), tt["hmtx"], tt["head"].unitsPerEm
    for char in "0123456789":
        name = cmap.get(ord(char))
        if name is None:
            continue
        glyph = tt.getGlyphID(name)
        if glyph not in font.to_unicode:
            font.to_unicode[glyph] = char
            font.widths[glyph] = round(metrics[name][0] * 1000 / upem)
