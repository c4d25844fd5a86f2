"""Markdown → sanitized HTML, with component placeholders; rendered chapters are cached by content hash."""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass

import markdown
import nh3
from markupsafe import Markup

from kamdocs.site.model import Heading

# A paragraph made only of ``{{< name >}}`` or ``{{< name argument >}}`` (docs/architecture.md).
COMPONENT_LINE = re.compile(r"^\s*\{\{<\s*(?P<name>[A-Za-z0-9_-]+)(?:\s+(?P<arg>[^\s>]+))?\s*>\}\}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TOKEN = "KAMDOCSCOMPONENT{}X"
_TOKEN_PARAGRAPH = re.compile(r"<p>KAMDOCSCOMPONENT(\d+)X</p>")

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


@dataclass(frozen=True)
class Placeholder:
    """A component found in the Markdown source."""

    name: str
    arg: str | None
    line: int
    """1-based line in the chapter body."""


@dataclass(frozen=True)
class Rendered:
    """A chapter body as sanitized HTML with its headings and component placeholders."""

    html: str
    """Sanitized HTML; components appear as ``<p>KAMDOCSCOMPONENT<n>X</p>`` paragraphs."""
    headings: tuple[Heading, ...]
    placeholders: tuple[Placeholder, ...]


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


# One converter per language, reused with reset(): building a Markdown instance costs more than a page.
_CONVERTERS: dict[str, markdown.Markdown] = {}
_CACHE: OrderedDict[tuple[str, str], Rendered] = OrderedDict()
_CACHE_SIZE = 4096  # chapters kept across rebuilds of a long `serve` session


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
            lines[index] = "\n" + _TOKEN.format(len(found)) + "\n"
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


def _cache_key(body: str, lang: str) -> tuple[str, str]:
    return lang, hashlib.sha256(body.encode("utf-8")).hexdigest()


def cache_rendered(body: str, lang: str, rendered: Rendered) -> None:
    """Remember ``rendered`` as the rendering of ``body`` (from a worker process, see prerender)."""
    _CACHE[_cache_key(body, lang)] = rendered
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def render_markdown(body: str, lang: str = "de") -> Rendered:
    """Render a chapter body; identical bodies are rendered once per process."""
    key = _cache_key(body, lang)
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    text, placeholders = extract_placeholders(body)
    converter = _CONVERTERS.get(lang)
    if converter is None:
        converter = _CONVERTERS[lang] = _new_converter(lang)
    converter.reset()
    raw = converter.convert(text)
    tokens = getattr(converter, "toc_tokens", [])
    # Heading names come from the toc extension HTML-escaped; keep them as plain text for the templates.
    headings = tuple(Heading(h.anchor, Markup(h.title).unescape(), h.level) for h in _headings(tokens))
    rendered = Rendered(sanitize(raw), headings, placeholders)
    _CACHE[key] = rendered
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return rendered


def split_pieces(html: str) -> list[str | int]:
    """Split sanitized HTML into HTML strings and component indices."""
    parts: list[str | int] = []
    position = 0
    for match in _TOKEN_PARAGRAPH.finditer(html):
        if match.start() > position:
            parts.append(html[position : match.start()])
        parts.append(int(match.group(1)))
        position = match.end()
    if position < len(html):
        parts.append(html[position:])
    return parts
