"""The pixel size of an image from its header, so that pages reserve its box before it loads."""

from __future__ import annotations

import re
import struct
from pathlib import Path

_SVG_LENGTH = r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*"
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf"""\s{name}\s*=\s*["']([^"']*)["']""", tag)
    return found.group(1) if found else None


def _svg_size(head: bytes) -> tuple[float, float] | None:
    tag_match = _SVG_TAG.search(head)
    if tag_match is None:
        return None
    tag = tag_match.group(0).decode("utf-8", "replace")
    width, height = _attribute(tag, "width"), _attribute(tag, "height")
    if width and height:
        w, h = re.fullmatch(_SVG_LENGTH, width), re.fullmatch(_SVG_LENGTH, height)
        if w and h:
            return float(w.group(1)), float(h.group(1))
    box = _attribute(tag, "viewBox")
    if box:
        parts = box.replace(",", " ").split()
        if len(parts) == 4:
            try:
                return float(parts[2]), float(parts[3])
            except ValueError:
                return None
    return None


def _jpeg_size(data: bytes) -> tuple[float, float] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return float(width), float(height)
        at += 2 + length
    return None


def image_size(path: Path) -> tuple[float, float] | None:
    """Return the width and height of an SVG, PNG, GIF or JPEG file; None when unknown or unreadable."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64 * 1024)
    except OSError:
        return None
    size: tuple[float, float] | None = None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        w, h = struct.unpack(">II", head[16:24])
        size = (float(w), float(h))
    elif head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        w, h = struct.unpack("<HH", head[6:10])
        size = (float(w), float(h))
    elif head.startswith(b"\xff\xd8"):
        size = _jpeg_size(head)
    elif path.suffix.lower() == ".svg":
        size = _svg_size(head)
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    return size
