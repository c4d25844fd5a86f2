"""Chapter Markdown → sanitized HTML with component placeholders, as part of loading a chapter.

:class:`ChapterRenderer` holds the Markdown converters and a cache of rendered bodies by content
hash; whoever runs builds owns one (``kamdocs serve`` keeps it across rebuilds).
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict

import markdown
import nh3
from markupsafe import Markup

from kamdocs.model.content import COMPONENT_TOKEN, Heading, Placeholder, RenderedBody

# A paragraph made only of ``{{< name >}}`` or ``{{< name argument >}}`` (docs/architecture.md).
COMPONENT_LINE = re.compile(r"^\s*\{\{<\s*(?P<name>[A-Za-z0-9_-]+)(?:\s+(?P<arg>[^\s>]+))?\s*>\}\}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start"},
}
# The tables extension writes alignment as style="text-align: …"; nothing else may style.
_STYLE_PROPERTIES = {"text-align"}


_BACKLINK = {"de": "Zurück zur Fußnote %d im Text", "en": "Back to footnote %d in the text"}


def _new_converter(lang: str) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "footnotes", "admonition", "toc", "attr_list", "sane_lists", "fenced_code"],
        extension_configs={
            "toc": {"permalink": False, "toc_depth": "2-3"},
            "footnotes": {"BACKLINK_TITLE": _BACKLINK.get(lang, _BACKLINK["en"])},
        },
        output_format="html",
    )


def extract_placeholders(body: str) -> tuple[str, tuple[Placeholder, ...]]:
    """Replace component lines outside code fences with token paragraphs; return text and components."""
    lines = body.split("\n")
    found: list[Placeholder] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = None if fence == marker else (fence or marker)
            continue
        if fence is not None:
            continue
        match = COMPONENT_LINE.match(line)
        if match:
            lines[index] = "\n" + COMPONENT_TOKEN.format(len(found)) + "\n"
            found.append(Placeholder(match.group("name"), match.group("arg"), index + 1))
    return "\n".join(lines), tuple(found)


def sanitize(html: str) -> str:
    """Keep the tags of prose; drop scripts, event handlers, iframes, comments and unsafe URLs."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        # file: survives sanitizing only so that the link check can report it as an error (SECURITY row 1).
        url_schemes={"http", "https", "mailto", "tel", "file"},
        strip_comments=True,
        link_rel="noopener noreferrer",
        filter_style_properties=_STYLE_PROPERTIES,
    )


def _headings(tokens: list[dict[str, object]]) -> list[Heading]:
    result: list[Heading] = []
    for token in tokens:
        level = int(str(token["level"]))
        if level in (2, 3):
            result.append(Heading(str(token["id"]), str(token["name"]), level))
        children = token.get("children")
        if isinstance(children, list):
            result.extend(_headings(children))
    return result


class ChapterRenderer:
    """Render chapter bodies; an identical body in the same language is rendered once.

    One Markdown converter per language is reused (building one costs more than converting a
    page), and up to ``capacity`` rendered bodies are kept by the SHA-256 of their text. Not for
    two threads at once: a converter keeps state while it converts.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._converters: dict[str, markdown.Markdown] = {}
        self._cache: OrderedDict[tuple[str, str], RenderedBody] = OrderedDict()

    def __len__(self) -> int:
        """Return the number of rendered bodies kept."""
        return len(self._cache)

    def knows(self, body: str, lang: str) -> bool:
        """Return whether the rendering of ``body`` in ``lang`` is kept."""
        return _key(body, lang) in self._cache

    def remember(self, body: str, lang: str, rendered: RenderedBody) -> None:
        """Keep ``rendered`` as the rendering of ``body`` (e.g. one a worker process made)."""
        self._keep(_key(body, lang), rendered)

    def render(self, body: str, lang: str) -> RenderedBody:
        """Return ``body`` as sanitized HTML with its headings and component placeholders."""
        key = _key(body, lang)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        text, placeholders = extract_placeholders(body)
        converter = self._converters.get(lang)
        if converter is None:
            converter = self._converters[lang] = _new_converter(lang)
        converter.reset()
        raw = converter.convert(text)
        tokens = getattr(converter, "toc_tokens", [])
        # Heading names come from the toc extension HTML-escaped; keep them as plain text for the templates.
        headings = tuple(Heading(h.anchor, Markup(h.title).unescape(), h.level) for h in _headings(tokens))
        rendered = RenderedBody(sanitize(raw), headings, placeholders)
        self._keep(key, rendered)
        return rendered

    def _keep(self, key: tuple[str, str], rendered: RenderedBody) -> None:
        self._cache[key] = rendered
        self._cache.move_to_end(key)
        if len(self._cache) > self.capacity:
            self._cache.popitem(last=False)


def _key(body: str, lang: str) -> tuple[str, str]:
    return lang, hashlib.sha256(body.encode("utf-8")).hexdigest()
