"""The client-side search index, taken from the rendered pages (so it holds exactly what readers see)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_SKIP = {"script", "style", "svg", "nav", "template"}
_MAX_TEXT = 3000


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


def page_entries(url: str, page_title: str, html: str) -> list[dict[str, str]]:
    """Return the search entries of one rendered page."""
    parser = _Extractor(page_title)
    # Only <main> is indexed; charts are left out before parsing (their data tables are indexed).
    start, end = html.find("<main"), html.rfind("</main>")
    if start >= 0 and end > start:
        html = html[start : end + len("</main>")]
    parser.feed(_SVG.sub("", html))
    parser.close()
    entries = []
    for entry in parser.entries:
        text = _SPACE.sub(" ", " ".join(entry.text)).strip()
        title = _SPACE.sub(" ", entry.title).strip()
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
