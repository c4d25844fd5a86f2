"""Number the parts of a PDF: from their page counts, and provisionally from their sizes.

A part's numbers are counter values (:class:`~kamdocs.render.parts.Numbering`): the number of its
first page, the total, and the number of every anchor it prints the page of. The final numbers
follow from the page counts of all parts (:func:`numbering_for`); the provisional numbers a part is
first laid out with follow from the sizes of the parts only (:func:`provisional`), so that the same
input always gives the same PDF (:mod:`kamdocs.render.parallel`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kamdocs.render.parts import CHARS_PER_PAGE, Numbering, Part, PartOutcome, placeholder
from kamdocs.render.stamp import key_values

_ID = re.compile(r'\bid="([^"]+)"')


def page_numbers(parts: list[Part], counted: dict[int, PartOutcome], body_anchor: str | None) -> tuple[int, int]:
    """Return (pages of the document, index of the body's first page) from the counts.

    The body's first page is the page of ``body_anchor`` (0 when there is none): the pages before
    it count 1, 2 … (printed i, ii …), the body again from 1, as the theme's page group does.
    """
    total = sum(counted[part.index].pages for part in parts)
    if body_anchor is None:
        return total, 0
    first = 0
    for part in parts:
        outcome = counted[part.index]
        if body_anchor in outcome.anchors:
            return total, first + outcome.anchors[body_anchor]
        first += outcome.pages
    return total, 0


def numbering_for(
    parts: list[Part], counted: dict[int, PartOutcome], body_anchor: str | None = None
) -> dict[int, Numbering]:
    """Return each part's numbering from the counts (every part counted)."""
    total, body = page_numbers(parts, counted, body_anchor)

    def number(position: int) -> int:
        """Return the page number printed on the page at ``position`` (0-based)."""
        return position - body + 1 if body and position >= body else position + 1

    firsts: list[int] = []
    position = 0
    for part in parts:
        firsts.append(position)
        position += counted[part.index].pages
    where = {name: number(firsts[i] + index) for i, part in enumerate(parts) for name, index in _anchors(counted, part)}
    result: dict[int, Numbering] = {}
    for i, part in enumerate(parts):
        toc = tuple((name, where[name]) for name in part.targets if name in where)
        result[part.index] = Numbering(number(firsts[i]), total, toc)
    return result


def _anchors(counted: dict[int, PartOutcome], part: Part) -> Iterable[tuple[str, int]]:
    return counted[part.index].anchors.items()


def _estimate(parts: list[Part], body_anchor: str | None) -> dict[int, PartOutcome]:
    """Return a guess of every part's pages and the page of each of its anchors, from its size.

    Its pages follow from its size, the page of each of its anchors from where in the part it is
    (the body's first anchor on the part's first page, where the body's numbering starts). A
    provisional "see page N" then most often has the digits of the final one (and can be stamped).
    """
    guesses: dict[int, PartOutcome] = {}
    for part in parts:
        size = len(part.html)
        pages = max(1, size // CHARS_PER_PAGE)
        anchors: dict[str, int] = {}
        for match in _ID.finditer(part.html):
            anchors.setdefault(match.group(1), min(pages - 1, match.start() * pages // size))
        if body_anchor in anchors:
            anchors[body_anchor] = 0
        guesses[part.index] = PartOutcome(part.index, Numbering(0, 0), pages, anchors)
    return guesses


def provisional(
    parts: list[Part], body_anchor: str | None, chars: int, known: dict[int, PartOutcome] | None = None
) -> dict[int, Numbering]:
    """Return the numbers the parts are first laid out with: from the ``known`` parts and sizes.

    Every part's first page is 1 and the total a placeholder: the margins' numbers are stamped
    whatever they are. A link's target gets a number of the digits of its page as far as the
    ``known`` parts (laid out) tell it, else as guessed from the sizes (a "see page N" in a line must
    keep its width to be stamped), written as 8, 88, 888 …: the numbers change only when the
    digits change, so ``serve`` finds a part laid out before. They depend on nothing but the HTML
    and the ``known`` parts — not on which part finished first, nor on an earlier build — so the
    same input gives the same PDF, byte for byte.
    """
    guessed = numbering_for(parts, {**_estimate(parts, body_anchor), **(known or {})}, body_anchor)
    unknown = placeholder(chars)
    # The total and each anchor whose page a stylesheet prints ("of Y") are written into the CSS
    # as text: each gets a number of its own digit, or a worker could not tell them apart.
    fixed = dict.fromkeys(name for part in parts for name in part.fixed)
    own = {name: "965432"[i % 6] for i, name in enumerate(fixed)}
    total = int("7" * len(str(unknown)))

    return {
        i: Numbering(1, total, tuple((name, _digits(page, own.get(name, "8"))) for name, page in n.toc), unknown)
        for i, n in guessed.items()
    }


def relaid_numbering(
    parts: list[Part], first: dict[int, PartOutcome], index: int, body_anchor: str | None
) -> Numbering | None:
    """Return the numbers to lay part ``index`` out again with, or None if its first layout will do.

    Called once every part up to ``index`` has been laid out once (their ``first`` outcomes): the
    pages of their anchors are then known. A "see page N" in a line of text can only be stamped if
    its number keeps its digits; when the provisional number of such a target (in this part or an
    earlier one) had other digits, the part is laid out again at once — with numbers of the right
    digits for those targets — rather than after every part is done. It depends only on the first
    layouts of the parts up to ``index``, never on which of them finished first.
    """
    outcome = first[index]
    if outcome.stamps is None:
        return None
    drawn = outcome.numbering
    owners = {name: part.index for part in parts if part.index <= index for name in part.ids}
    known = {**_estimate(parts, body_anchor), **{i: first[i] for i in range(index + 1)}}
    exact = dict(numbering_for(parts, known, body_anchor)[index].toc)
    before = key_values(drawn)
    wrong = {
        piece[1]
        for site in outcome.stamps.sites
        if not site.movable
        for piece in site.pieces
        if piece[0] == "ref"
        and piece[1] in owners
        and piece[1] in exact
        and len(before.get(piece, str(drawn.placeholder))) != len(str(exact[piece[1]]))
    }
    if not wrong:
        return None
    toc = tuple((name, _digits(exact[name]) if name in wrong else page) for name, page in drawn.toc)
    return Numbering(drawn.first_page, drawn.total, toc, drawn.placeholder)


def _digits(page: int, digit: str = "8") -> int:
    return int(digit * len(str(max(1, page))))
