"""Write a part's final page numbers into its written PDF ("stamping"), instead of laying it out again.

A part's page numbers are only known when every part before it has been laid out, and the page
total only when every part has. Laying a part out twice (count, then write) costs almost twice the
CPU. So a part is laid out and written once, with provisional numbers, and the numbers are
corrected afterwards in its PDF:

* while laying it out, the worker records every text run whose text depends on the numbering — a
  *site* (:mod:`kamdocs.render.stampsites`): the "Seite X von Y" of the page margins and the
  "see page N" references — with where it is drawn and how its text is made (literal text, the page
  counter, the total, the page of an anchor);
* when the final numbering is known, each site's text is made again with it, and the site's glyph
  run in the page's content stream is replaced: the digits' glyphs come from the font's own
  ``ToUnicode`` map, the widths from its ``/W`` array. A margin text that gets wider or narrower is
  moved as its ``text-align`` moves it (right: by the difference; centre: by half), so the result is
  the text the one-process layout draws, where it draws it;
* so is a number in an inline block of its own width (the contents' column of page numbers);
* text in a line of the body may only change where its width stays the same (the same number of
  digits of one width): a wider reference would move the rest of its line.

Whatever cannot be stamped — a margin text that wraps, a number wider than its box, a number
whose glyph is not in the font, a site not found in the stream — makes the part *rigid* for that
input, and the part is laid out again with its final numbers (:mod:`kamdocs.render.parallel`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Key = tuple[str, ...]
"""What a text depends on: ("first",) the page counter, ("total",), ("fixed", id) or ("ref", id)."""
Piece = tuple[str, ...]
"""A piece of a site's text: ("lit", text) or a key."""

_EPS = 0.01


@dataclass(frozen=True)
class Site:
    """One text run whose text depends on the numbering."""

    page: int
    x: float
    y: float
    """Origin of the run (CSS px, as WeasyPrint writes its text matrix)."""
    text: str
    """The text as drawn."""
    pieces: tuple[Piece, ...]
    align: float
    """Where the run sits in its box when its width changes: 0 left, 0.5 centre, 1 right."""
    room: float
    """Widest the run may become (CSS px)."""
    width: float
    movable: bool = True
    """In a box of its own width (a page margin box, an inline block): the run may grow within it
    as its ``text-align`` places it. Text in a line of the body must keep its width."""


@dataclass(frozen=True)
class Stamps:
    """The sites of a written part, and the inputs it cannot be stamped for (rigid)."""

    sites: tuple[Site, ...]
    rigid: frozenset[Key]


def key_values(numbering: Any) -> dict[Key, str]:
    """Return the text of every key under ``numbering`` (a :class:`~kamdocs.render.parts.Numbering`)."""
    values: dict[Key, str] = {("first",): str(numbering.first_page), ("total",): str(numbering.total)}
    for name, page in numbering.toc:
        values[("ref", name)] = values[("fixed", name)] = str(page)
    return values


def _value(values: dict[Key, str], key: Key, placeholder: int) -> str:
    if key in values:
        return values[key]
    if key[0] in ("ref", "fixed"):
        return str(placeholder) if placeholder else ""
    return ""


def stampable(stamps: Stamps | None, drawn: Any, final: Any) -> bool:
    """Return whether a part drawn with numbering ``drawn`` can be stamped to ``final``."""
    if stamps is None:
        return False
    old, new = key_values(drawn), key_values(final)
    for key in stamps.rigid:
        if _value(old, key, drawn.placeholder) != _value(new, key, final.placeholder):
            return False
    for site in stamps.sites:
        for piece in site.pieces:
            if piece[0] == "fixed" and not _value(new, piece, final.placeholder):
                return False  # an anchor the document does not have: WeasyPrint's own text
    return True


def drawn_page(site: Site) -> int | None:
    """Return the page counter in the site's drawn text (None: it has none, or its text does not follow its pieces)."""
    match = _match(site)
    if match is None or ("first",) not in site.pieces:
        return None
    numbers = [p for p in site.pieces if p[0] != "lit"]
    value = match.group(numbers.index(("first",)) + 1)
    return int(value) if value else None


def _match(site: Site) -> re.Match[str] | None:
    pattern = "".join(re.escape(p[1]) if p[0] == "lit" else r"(\d*)" for p in site.pieces)
    return re.fullmatch(pattern, site.text)


def site_text(site: Site, drawn: Any, final: Any) -> str | None:
    """Return the site's text under ``final``; None if its drawn text does not follow its pieces."""
    match = _match(site)
    if match is None:
        return None
    new = key_values(final)
    shift = final.first_page - drawn.first_page
    out: list[str] = []
    group = 0
    for piece in site.pieces:
        if piece[0] == "lit":
            out.append(piece[1])
            continue
        group += 1
        if piece == ("first",):
            drawn_page = match.group(group)
            if not drawn_page:
                return None
            out.append(str(int(drawn_page) + shift))
        else:
            out.append(_value(new, piece, final.placeholder))
    return "".join(out)


class StampFailed(Exception):
    """A site could not be rewritten in the part's PDF: the part is laid out again."""


def _cmap(font: Any) -> dict[int, str]:
    """Return glyph → text of a Type0 font from its ``ToUnicode`` map."""
    data = font.ToUnicode.read_bytes().decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for low, high, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(text, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = chr(start + offset)
    return found


def _widths(font: Any) -> dict[int, float]:
    """Return glyph → advance (thousandths of the font size) from the descendant font's ``/W``."""
    import pikepdf

    descendant = font.DescendantFonts[0]
    default = float(descendant.get("/DW", 1000))
    items = list(descendant.get("/W", []))
    widths: dict[int, float] = {}
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for code in range(first, int(items[i + 1]) + 1):
                widths[code] = float(items[i + 2])
            i += 3
    widths.setdefault(-1, default)
    return widths


_RUN = re.compile(rb"/(\S+) ([\d.]+) Tf\n\[([^\]]*)\] TJ\nET")
_TOKEN = re.compile(rb"<([0-9a-f]*)>|(-?[\d.]+)")


def _number(value: float) -> bytes:
    """Return ``value`` as WeasyPrint's PDF writer (pydyf) writes it."""
    from pydyf import _to_bytes  # type: ignore[import-untyped]

    return bytes(_to_bytes(value))


class _Font:
    """A font of the part: glyphs of every digit and their widths."""

    def __init__(self, font: Any) -> None:
        self.text = _cmap(font)
        self.widths = _widths(font)
        by_text: dict[str, list[int]] = {}
        for glyph, text in self.text.items():
            by_text.setdefault(text, []).append(glyph)
        self.glyph = {text: glyphs[0] for text, glyphs in by_text.items() if len(glyphs) == 1}

    def width(self, glyph: int) -> float:
        return self.widths.get(glyph, self.widths[-1])


def _rewrite(stream: bytes, site: Site, new_text: str, fonts: dict[str, _Font]) -> bytes:
    """Return ``stream`` with the run of ``site`` drawing ``new_text``."""
    head = b"1 0 0 -1 " + _number(site.x) + b" " + _number(site.y) + b" Tm\n"
    start = stream.find(head)
    if start < 0 or stream.find(head, start + 1) >= 0:
        raise StampFailed(f"page {site.page + 1}: the run of {site.text!r} is not found once")
    run = _RUN.match(stream, start + len(head))
    if run is None:
        raise StampFailed(f"page {site.page + 1}: the run of {site.text!r} is not one font's glyphs")
    name, size = run.group(1).decode("latin-1"), float(run.group(2))
    font = fonts.get(name)
    if font is None:
        raise StampFailed(f"page {site.page + 1}: font {name} is not a Type0 font of the page")
    glyphs: list[int] = []
    after: list[float] = []  # the adjustment after each glyph (thousandths of the size)
    for match in _TOKEN.finditer(run.group(3)):
        if match.group(1) is not None:
            hexes = match.group(1)
            glyphs.extend(int(hexes[i : i + 4], 16) for i in range(0, len(hexes), 4))
            after.extend(0.0 for _ in range(0, len(hexes), 4))
        elif after:
            after[-1] += float(match.group(2))
        else:
            raise StampFailed(f"page {site.page + 1}: the run of {site.text!r} starts with a shift")
    drawn = "".join(font.text.get(g, "\ufffd") for g in glyphs)
    if drawn != site.text or any(len(font.text[g]) != 1 for g in glyphs):
        raise StampFailed(f"page {site.page + 1}: the glyphs of {site.text!r} read {drawn!r}")
    # The texts differ only in digit runs; replace each digit run in order.
    old_runs = [(m.start(), m.end()) for m in re.finditer(r"\d+", site.text)]
    new_runs = [m.group(0) for m in re.finditer(r"\d+", new_text)]
    if len(old_runs) != len(new_runs) or re.sub(r"\d+", "#", site.text) != re.sub(r"\d+", "#", new_text):
        raise StampFailed(f"page {site.page + 1}: {site.text!r} and {new_text!r} differ in more than numbers")
    new_glyphs: list[int] = []
    new_after: list[float] = []
    position = 0
    delta = 0.0
    for (begin, end), digits in zip(old_runs, new_runs, strict=True):
        new_glyphs.extend(glyphs[position:begin])
        new_after.extend(after[position:begin])
        if any(abs(a) >= 1 for a in after[begin : end - 1]):
            raise StampFailed(f"page {site.page + 1}: the digits of {site.text!r} are kerned")
        missing = [d for d in digits if d not in font.glyph]
        if missing:
            raise StampFailed(f"page {site.page + 1}: the font has no glyph for {''.join(missing)!r}")
        replaced = [font.glyph[d] for d in digits]
        delta += sum(font.width(g) for g in replaced) - sum(font.width(g) for g in glyphs[begin:end])
        new_glyphs.extend(replaced)
        new_after.extend([0.0] * (len(replaced) - 1) + [after[end - 1]])
        position = end
    new_glyphs.extend(glyphs[position:])
    new_after.extend(after[position:])
    grow = delta * size / 1000
    if abs(grow) > _EPS and (not site.movable or site.width + grow > site.room + _EPS):
        raise StampFailed(f"page {site.page + 1}: {new_text!r} does not fit where {site.text!r} was")
    x = site.x - site.align * grow
    parts = [f"<{g:04x}>".encode() + (_number(a) if a else b"") for g, a in zip(new_glyphs, new_after, strict=True)]
    text_run = b"/" + run.group(1) + b" " + run.group(2) + b" Tf\n[" + b"".join(parts) + b"] TJ\nET"
    matrix = b"1 0 0 -1 " + _number(x) + b" " + _number(site.y) + b" Tm\n"
    return stream[:start] + matrix + text_run + stream[run.end() :]


def stamp_pdf(source: Path, target: Path, stamps: Stamps, drawn: Any, final: Any) -> None:
    """Write ``source`` (drawn with numbering ``drawn``) to ``target`` with the numbers of ``final``."""
    import pikepdf

    by_page: dict[int, list[tuple[Site, str]]] = {}
    for site in stamps.sites:
        text = site_text(site, drawn, final)
        if text is None:
            raise StampFailed(f"page {site.page + 1}: {site.text!r} does not follow its pieces")
        if text != site.text:
            by_page.setdefault(site.page, []).append((site, text))
    read: dict[tuple[int, int], _Font] = {}
    with pikepdf.open(source) as pdf:
        for number, changes in sorted(by_page.items()):
            page = pdf.pages[number]
            contents = page.obj.get("/Contents")
            if not isinstance(contents, pikepdf.Stream):
                raise StampFailed(f"page {number + 1}: its content is not one stream")
            fonts: dict[str, _Font] = {}
            for name, font in page.Resources.get("/Font", {}).items():
                if font.get("/Subtype") == "/Type0" and "/ToUnicode" in font:
                    if font.objgen not in read:
                        read[font.objgen] = _Font(font)
                    fonts[name[1:]] = read[font.objgen]
            data = contents.read_bytes()
            for site, text in changes:
                data = _rewrite(data, site, text, fonts)
            contents.write(data)
        pdf.save(target)


def changes(stamps: Stamps, drawn: Any, final: Any) -> bool:
    """Return whether any site's text differs under ``final`` (else the drawn PDF is already final)."""
    return any(site_text(site, drawn, final) != site.text for site in stamps.sites)


@dataclass(frozen=True)
class StampTask:
    """Stamp one written part (in a worker process)."""

    index: int
    source: Path
    target: Path
    stamps: Stamps
    drawn: Any
    final: Any


def stamp_part(task: StampTask) -> str | None:
    """Stamp the part of ``task``; return why it could not be, or None."""
    try:
        stamp_pdf(task.source, task.target, task.stamps, task.drawn, task.final)
    except StampFailed as error:
        return str(error)
    return None


def stamps_to_json(stamps: Stamps) -> dict[str, Any]:
    """Return ``stamps`` as JSON data (``serve``'s store of parts keeps them with the part)."""
    return {
        "sites": [
            [s.page, s.x, s.y, s.text, [list(p) for p in s.pieces], s.align, s.room, s.width, s.movable]
            for s in stamps.sites
        ],
        "rigid": sorted(list(key) for key in stamps.rigid),
    }


def stamps_from_json(data: dict[str, Any]) -> Stamps:
    """Return the stamps stored by :func:`stamps_to_json`."""
    sites = tuple(
        Site(page, x, y, text, tuple(tuple(p) for p in pieces), align, room, width, movable)
        for page, x, y, text, pieces, align, room, width, movable in data["sites"]
    )
    return Stamps(sites, frozenset(tuple(key) for key in data["rigid"]))
