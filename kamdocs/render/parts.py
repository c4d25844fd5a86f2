"""The print HTML in parts: split at chapters, number the pages of each part, lay one part out.

The handbook is a front matter (cover, contents, document history) followed by chapters that each
begin on a new page; every chapter is an ``<article class="chapter …">`` at the top level of
``<body>``. A part is a complete document: the same ``<head>`` and a run of whole chapters (or the
front matter). What a part cannot know on its own is supplied as :class:`Numbering`:

* the number of its first page — a generated ``@page :first { counter-reset: page N }``;
* the page total — ``counter(pages)`` in the document's and the theme's CSS becomes the number;
* the page of every anchor it links to (the contents, "see page N" references) —
  ``target-counter(attr(href url), page)`` becomes ``attr(data-kd-page)``, and each link carries
  that attribute;
* the page of a fixed anchor (``target-counter("#kd-end", page)``: "page X of Y" where Y is the
  body's last page) becomes that number.

Page numbers are counter values, not positions: with a front matter numbered apart (i, ii …) the
body counts from 1. A chapter's CSS may depend on the chapters before it (``:first-of-type`` starts
the body's page group, ``.chapter-account ~ .chapter-account`` prints a note once): every part after
the first holds, before its chapters, one empty hidden ``<article>`` for each class list of the
chapters before it, so such selectors match as in the whole document (``display: none`` makes no
box, no page, no tag). Selectors that count siblings (``:nth-of-type``, ``+``) are not reproduced;
the default theme has none between chapters.

Links to an anchor of another part become ``kamdocs-part:<id>`` URIs, which the stitcher
(:mod:`kamdocs.render.stitch`) turns back into links to the named destination. How the parts are
scheduled on worker processes is in :mod:`kamdocs.render.parallel`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamdocs.render.stamp import Stamps

PART_LINK = "kamdocs-part:"
"""URI scheme of a link whose target is in another part (resolved when the parts are stitched)."""

_BODY_OPEN = re.compile(r"<body\b[^>]*>")
_CHAPTER = re.compile(r'<article\b[^>]*\bclass="chapter[\s"]')
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="#([^"]+)"')
_LINK_TARGET = re.compile(r'\bhref="(?:#|' + PART_LINK + r')([^"]+)"')
_PAGES = re.compile(r"counter\(\s*pages\s*\)")
_TARGET_PAGE = re.compile(r"target-counter\(\s*attr\(\s*href(?:\s+url)?\s*\)\s*,\s*page\s*\)")
_FIXED_TARGET = re.compile(r"""target-counter\(\s*(["'])#([^"']+)\1\s*,\s*page\s*\)""")
_CLASS = re.compile(r'\bclass="([^"]*)"')
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE)

CHARS_PER_PAGE = 5_000
"""About how many characters of print HTML make a page (the example: 5,700): sizes the placeholder."""


def placeholder(chars: int) -> int:
    """Return a page number as wide as most of a document of ``chars`` characters (for a target not guessed)."""
    return int("8" * len(str(max(1, chars // CHARS_PER_PAGE))))


@dataclass(frozen=True)
class Numbering:
    """What a part shows that depends on the other parts."""

    first_page: int
    """Number of the part's first page in the whole document."""
    total: int
    """Pages of the whole document (``counter(pages)``)."""
    toc: tuple[tuple[str, int], ...] = ()
    """(anchor, page number) of every anchor the part links to or its CSS names, as far as known."""
    placeholder: int = 0
    """The page number printed for a link whose target's page is not known yet (provisional numbers)."""


@dataclass(frozen=True)
class Part:
    """One part of the document: a complete HTML document of whole chapters, or the front matter."""

    index: int
    html: str
    front: bool
    """The front matter (cover, contents …) before the first chapter."""
    targets: tuple[str, ...]
    """The anchors it links to: their page numbers may be printed (contents, "see page N")."""
    label: str
    """Id of the part's first chapter (``front`` for the front matter), for progress and errors."""
    ids: tuple[str, ...] = ()
    """Every id in the part (charts' own ids too)."""
    fixed: tuple[str, ...] = ()
    """The anchors whose page the stylesheets print (``target-counter("#id", page)``)."""


@dataclass(frozen=True)
class PartTask:
    """Lay out one part (and write it when ``target`` is set), in a worker process."""

    part: Part
    numbering: Numbering
    base_url: str
    roots: tuple[Path, ...]
    moment: dt.datetime
    target: Path | None
    """Where to write the part's PDF; None only counts its pages."""
    variant: str | None = None
    """WeasyPrint's PDF variant (``pdf/ua-1`` …; None: plain)."""


@dataclass(frozen=True)
class Bookmark:
    """An outline entry of a part, with its target in PDF coordinates (as WeasyPrint writes it)."""

    page: int
    level: int
    label: str
    x: float
    y: float
    state: str


@dataclass(frozen=True)
class PartOutcome:
    """What laying out (and writing) one part gave."""

    index: int
    numbering: Numbering
    pages: int = 0
    anchors: dict[str, int] = field(default_factory=dict)
    """Page index (within the part) of every anchor."""
    bookmarks: tuple[Bookmark, ...] = ()
    path: Path | None = None
    broken_images: tuple[tuple[str, str], ...] = ()
    refused: tuple[tuple[str, str], ...] = ()
    """(URL, reason) of resources the fetcher refused: the build fails."""
    seconds: float = 0.0
    stamps: Stamps | None = None
    """Where the written PDF's numbers are, to correct them (:mod:`kamdocs.render.stamp`)."""
    drawn: Numbering | None = None
    """The numbering the PDF at ``path`` was drawn with, when it was stamped since (else ``numbering``)."""
    source: Path | None = None
    """The PDF as drawn, when ``path`` is a stamped copy."""


def split_parts(html: str, budget: int) -> list[Part] | None:
    """Split the print HTML into parts of whole chapters of about ``budget`` characters.

    None (build in one process) if it has fewer than two chapters.
    """
    body = _BODY_OPEN.search(html)
    close = html.rfind("</body>")
    if body is None or close < body.end():
        return None
    starts = [m.start() for m in _CHAPTER.finditer(html, body.end(), close)]
    if len(starts) < 2:
        return None
    head, tail = html[: body.end()], html[close:]
    fixed = tuple(dict.fromkeys(m.group(2) for m in _FIXED_TARGET.finditer(html)))
    segments: list[str] = []
    leads: list[str] = []
    front = html[body.end() : starts[0]]
    if front.strip():
        segments.append(front)
        leads.append("")
    first_chapter = len(segments)
    group: list[str] = []
    size = 0
    seen: dict[str, None] = {}
    lead = ""
    for start, end in zip(starts, [*starts[1:], close], strict=True):
        chapter = html[start:end]
        if group and size + len(chapter) > budget:
            segments.append("".join(group))
            leads.append(lead)
            group, size = [], 0
        if not group:
            lead = "".join(f'<article class="{c}" style="display:none"></article>' for c in seen)
        group.append(chapter)
        size += len(chapter)
        opening = _CLASS.search(html, start, html.index(">", start))
        if opening is not None:
            seen.setdefault(opening.group(1))
    segments.append("".join(group))
    leads.append(lead)
    ids = [set(_ID.findall(segment)) for segment in segments]
    owner = {name: i for i in reversed(range(len(segments))) for name in ids[i]}
    parts: list[Part] = []
    for i, segment in enumerate(segments):

        def relink(match: re.Match[str], own: set[str] = ids[i]) -> str:
            name = match.group(1)
            if name in own or name not in owner:
                return match.group(0)
            return f'href="{PART_LINK}{name}"'

        text = _HREF.sub(relink, segment)
        is_front = i < first_chapter
        targets = tuple(dict.fromkeys([*_LINK_TARGET.findall(text), *fixed]))
        first_id = _ID.search(segment)
        label = "front" if is_front else (first_id.group(1) if first_id else f"part {i + 1}")
        document = head + leads[i] + text + tail
        parts.append(Part(i, document, is_front, targets, label, tuple(sorted(ids[i])), fixed))
    return parts


def numbered_html(part: Part, numbering: Numbering) -> str:
    """Return the part's HTML with the page total and (front matter) the contents' page numbers filled in."""
    html = part.html
    body = _BODY_OPEN.search(html)
    end = body.end() if body else 0
    head = _STYLE.sub(lambda m: m.group(1) + numbered_css(m.group(2), numbering) + m.group(3), html[:end])
    pages = dict(numbering.toc)

    def mark(match: re.Match[str]) -> str:
        page = pages.get(match.group(1), numbering.placeholder)
        return f'{match.group(0)} data-kd-page="{page}"' if page else match.group(0)

    return head + _LINK_TARGET.sub(mark, html[end:])


def numbered_css(css: str, numbering: Numbering) -> str:
    """Return ``css`` with ``counter(pages)`` and the page numbers of link and fixed targets resolved."""
    pages = dict(numbering.toc)

    def fixed(match: re.Match[str]) -> str:
        page = pages.get(match.group(2), numbering.placeholder)
        return f'"{page}"' if page else match.group(0)

    css = _FIXED_TARGET.sub(fixed, css)
    return _TARGET_PAGE.sub("attr(data-kd-page)", _PAGES.sub(f'"{numbering.total}"', css))


def render_part(task: PartTask) -> PartOutcome:
    """Lay out one part with WeasyPrint and, when asked, write its PDF (runs in a worker process)."""
    import weasyprint

    from kamdocs.render.fetcher import RefusedResource, SafeFetcher
    from kamdocs.render.hyphenation import kamdocs_hyphenation
    from kamdocs.render.pdf import WarningCollector, font_timestamps, strip_attachments

    started = time.perf_counter()
    part, numbering = task.part, task.numbering

    class Fetcher(SafeFetcher):
        """The safe fetcher, with the part's numbering applied to every stylesheet."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            response = super().fetch(url, headers)
            if response.content_type != "text/css":
                return response
            css = numbered_css(response.read().decode("utf-8"), numbering)
            return weasyprint.urls.URLFetcherResponse(response.url, css.encode("utf-8"), {"Content-Type": "text/css"})

    fetcher = Fetcher(task.roots)
    collector = WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    extra = []
    if numbering.first_page != 1:
        extra.append(weasyprint.CSS(string=f"@page :first {{ counter-reset: page {numbering.first_page} }}"))
    try:
        html = weasyprint.HTML(string=numbered_html(part, numbering), base_url=task.base_url, url_fetcher=fetcher)
        with kamdocs_hyphenation():
            document = html.render(stylesheets=extra)
        strip_attachments(document)
        if task.target is not None and not fetcher.refused:
            from kamdocs.render.stampsites import digits_in_fonts

            with task.target.open("wb") as handle, font_timestamps(task.moment), digits_in_fonts():
                document.write_pdf(handle, pdf_variant=task.variant)
    except RefusedResource as error:
        return PartOutcome(part.index, numbering, refused=((error.url, error.reason),))
    finally:
        logger.removeHandler(collector)
    if fetcher.refused:
        return PartOutcome(part.index, numbering, refused=tuple((e.url, e.reason) for e in fetcher.refused))
    stamps = None
    if task.target is not None:
        from kamdocs.render.stampsites import collect

        stamps = collect(document, numbering, part.fixed)
    anchors: dict[str, int] = {}
    marks: list[Bookmark] = []
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        # As WeasyPrint's PDF writer: CSS px to points, origin at the bottom left.
        for level, label, (x, y), state in page.bookmarks:
            marks.append(Bookmark(number, level, label, x * 0.75, (page.height - y) * 0.75, state))
    return PartOutcome(
        part.index,
        numbering,
        len(document.pages),
        anchors,
        tuple(marks),
        task.target,
        tuple(collector.broken_images),
        seconds=time.perf_counter() - started,
        stamps=stamps,
    )
