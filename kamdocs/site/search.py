"""The client-side search index, taken from the rendered pages (so it holds exactly what readers see)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_SKIP = {"script", "style", "svg", "nav", "template"}
_STATEFUL_END = frozenset({"main", "h2", "h3", *_SKIP})
"""The end tags that change :class:`_Extractor`'s state (a heading is always an h2 or h3)."""
_MAX_TEXT = 3000
_SOFT_HYPHEN = "\u00ad"
_TOKEN = re.compile(
    r"([^<]*)(<(?:"
    r"(/)?([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"<]*\"|'[^'<]*'|[^ \t\n\r\f\"'=<>`]+))?)*)"
    r"[ \t\n\r\f]*(/)?>"
    r"|!--.*?--\s*>))",
    re.DOTALL,
)
"""Text, then the markup kamdocs writes: tags with plain attributes, or a comment."""
_ATTRIBUTE = re.compile(
    r"[ \t\n\r\f]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(\"[^\"]*\"|'[^']*'|[^ \t\n\r\f\"'=<>`]+))?"
)
_RAW_TEXT = re.compile(
    r"<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b", re.IGNORECASE
)
"""Elements whose content HTMLParser reads as raw text (two in Python 3.11, more in later versions)."""


@dataclass
class _Entry:
    anchor: str
    title: str
    text: list[str] = field(default_factory=list)


class _Extractor(HTMLParser):
    """Collect the text of ``<main>`` split at elements carrying an id and a heading."""

    def __init__(self, page_title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.entries = [_Entry("", page_title)]
        self.in_main = 0
        self.skip = 0
        self.heading: _Entry | None = None
        self.heading_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self.in_main += 1
            return
        if not self.in_main:
            return
        if tag in _SKIP:
            self.skip += 1
            return
        anchor = values.get("id")
        if anchor and values.get("data-title"):
            self.entries.append(_Entry(anchor, values["data-title"] or ""))
        elif anchor and tag in ("h2", "h3") and not self.skip:
            self.heading = _Entry(anchor, "")
            self.heading_tag = tag
            self.entries.append(self.heading)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main -= 1
        elif self.in_main and (tag in _SKIP) and self.skip:
            self.skip -= 1
        elif self.heading is not None and tag == self.heading_tag:
            self.heading = None

    def handle_data(self, data: str) -> None:
        if not self.in_main or self.skip:
            return
        if self.heading is not None:
            self.heading.title += data
        else:
            self.entries[-1].text.append(data)


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """Return the attributes of a start tag (matched by ``_TOKEN``) as :class:`HTMLParser` reports them."""
    attrs: list[tuple[str, str | None]] = []
    for found in _ATTRIBUTE.finditer(text):
        value: str | None = found.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = value[1:-1]
        # As HTMLParser: no value is None, an empty one stays "", the others are unescaped.
        attrs.append((found.group(1).lower(), unescape(value) if value else value))
    return attrs


def _parse_fast(page_title: str, html: str) -> _Extractor | None:
    """Send an extractor the events :class:`HTMLParser` would send, for the markup kamdocs writes.

    Returns None when ``html`` holds anything else (raw text elements, declarations, a stray ``<``, an
    odd attribute); the caller then lets :class:`HTMLParser` itself read the page.
    """
    if _RAW_TEXT.search(html):
        return None
    parser = _Extractor(page_title)
    start_tag, end_tag, data = parser.handle_starttag, parser.handle_endtag, parser.handle_data
    markup_lt = consumed = 0
    for text, markup, end, tag, attributes, close in _TOKEN.findall(html):
        consumed += len(text) + len(markup)
        if text:
            data(unescape(text))
        if not tag:  # a comment
            markup_lt += markup.count("<")
            continue
        markup_lt += 1
        tag = tag.lower()
        if end:
            if attributes or close:
                return None
            if tag in _STATEFUL_END:
                end_tag(tag)
        else:
            # Only <main>, the skipped elements and tags with an id change the extractor's state, and
            # only the id and data-title attributes are read: the other tags are not sent at all.
            if "id" in attributes.lower():
                start_tag(tag, _attributes(attributes))
            elif tag == "main" or tag in _SKIP:
                start_tag(tag, [])
            if close and tag in _STATEFUL_END:
                end_tag(tag)
    # findall skips what it cannot read, which always holds a "<": every "<" must be in a token.
    if markup_lt != html.count("<"):
        return None
    if consumed < len(html):
        data(unescape(html[consumed:]))
    return parser


def page_entries(url: str, page_title: str, html: str) -> list[dict[str, str]]:
    """Return the search entries of one rendered page."""
    parser = _Extractor(page_title)
    # Only <main> is indexed; charts are left out before parsing (their data tables are indexed).
    start, end = html.find("<main"), html.rfind("</main>")
    if start >= 0 and end > start:
        html = html[start : end + len("</main>")]
    html = _SVG.sub("", html)
    # html.parser is exact but slow (a tenth of a large build); the fast path sends the same events.
    fast = _parse_fast(page_title, html)
    if fast is None:
        parser.feed(html)
        parser.close()
    else:
        parser = fast
    entries = []
    for entry in parser.entries:
        # Soft hyphens (long words in table cells) are invisible; a search types the plain word.
        text = _SPACE.sub(" ", " ".join(entry.text)).replace(_SOFT_HYPHEN, "").strip()
        title = _SPACE.sub(" ", entry.title).replace(_SOFT_HYPHEN, "").strip()
        if not text and entry.anchor == "":
            continue
        target = url + ("#" + entry.anchor if entry.anchor else "")
        entries.append({"u": target, "t": title, "p": page_title, "x": text[:_MAX_TEXT]})
    return entries


def index_script(entries: list[dict[str, str]]) -> str:
    """Return the index as a script that sets ``window.KAMDOCS_SEARCH`` (loads from file:// too)."""
    payload = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No markup characters at all in the file: user text can never become markup, wherever it is loaded.
    payload = payload.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f"window.KAMDOCS_SEARCH={payload};\n"
