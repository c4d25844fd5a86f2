"""Refuse files that would run as active content on the intranet's origin (SECURITY row 30).

A chapter may link any file in ``content/assets/``, and the site publishes it next to its pages:
an ``.htm`` file or an SVG with a script, opened directly, runs with the intranet's origin (and, in
``kamdocs serve``, with the live-reload script). HTML-like files are refused; an SVG is published
only when it is a plain picture: no scripts, event handlers, foreign objects, links to other files
or outside addresses, and no document type (entities).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

ACTIVE_SUFFIXES = frozenset(
    {
        ".asp",
        ".aspx",
        ".cgi",
        ".hta",
        ".htm",
        ".html",
        ".js",
        ".jsp",
        ".mht",
        ".mhtml",
        ".mjs",
        ".php",
        ".shtml",
        ".svgz",
        ".swf",
        ".wasm",
        ".xht",
        ".xhtml",
        ".xml",
        ".xsl",
        ".xslt",
    }
)
"""File endings a browser may run as a page or script."""
MAX_SVG_BYTES = 5_000_000
_ACTIVE_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
)
_SAFE_DATA = re.compile(r"^data:image/(png|jpe?g|gif|webp);", re.IGNORECASE)
_URL = re.compile(r"url\(\s*['\"]?\s*(?P<target>[^'\")\s]*)", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _safe_reference(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(_SAFE_DATA.match(value))


def _css_problem(css: str) -> str | None:
    if "@import" in css.lower():
        return "a stylesheet that imports another (@import)"
    for match in _URL.finditer(css):
        if not _safe_reference(match.group("target")):
            return f"a reference to {match.group('target')!r} in its style"
    return None


def svg_problem(data: bytes) -> str | None:
    """Return what makes this SVG active or outward-looking, or None for a plain picture."""
    if len(data) > MAX_SVG_BYTES:
        return f"it is larger than {MAX_SVG_BYTES // 1_000_000} MB"
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return "a document type declaration (<!DOCTYPE or <!ENTITY)"
    if b"<?xml-stylesheet" in lowered:
        return "a linked stylesheet (<?xml-stylesheet)"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"it is not well-formed XML ({exc})"
    for element in root.iter():
        tag = _local(str(element.tag))
        if tag in _ACTIVE_ELEMENTS:
            return f"a <{tag}> element"
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                return f"an event handler ({attribute}=…)"
            if attribute in ("href", "src") and not _safe_reference(value):
                return f"a reference to {value.strip()!r} (only '#…' and embedded images are published)"
            if attribute == "attributename" and value.strip().lower() in ("href", "xlink:href"):
                return "an animation that changes a link target"
            if "javascript:" in value.lower().replace(" ", ""):
                return "a javascript: address"
            if attribute == "style":
                problem = _css_problem(value)
                if problem:
                    return problem
        if tag == "style" and element.text:
            problem = _css_problem(element.text)
            if problem:
                return problem
    return None


def active_content(path: Path) -> str | None:
    """Return why the file at ``path`` may not be published on the site, or None."""
    suffix = path.suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return (
            f"{suffix} files run as web pages on the intranet's address; "
            "publish the content as a chapter or a PDF, or pack the file into a .zip to be downloaded"
        )
    if suffix == ".svg":
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_SVG_BYTES + 1)
        except OSError as exc:
            return f"cannot read the file: {exc.strerror}"
        problem = svg_problem(data)
        if problem and problem.startswith("it is "):  # the file itself, not something in it
            return f"the SVG {problem.removeprefix('it ')}: export the drawing again as a plain SVG or a PNG"
        if problem:
            return (
                f"the SVG contains {problem}; a picture needs none of this: "
                "remove it, or export the drawing again as a plain SVG or a PNG"
            )
    return None
