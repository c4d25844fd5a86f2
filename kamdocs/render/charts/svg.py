"""Shared SVG building blocks of the charts: escaped elements, text metrics, wrapping, the palette.

Every chart is one inline ``<svg>`` that must look the same in a browser and in WeasyPrint 70,
so only plain shapes, paths, ``<text>`` (one element per line, no ``tspan`` or
``dominant-baseline``), transforms, dash arrays and opacity are used. Colours are given as
presentation attributes, which any CSS rule on the element's class overrides, so a theme can
restyle a chart without this module knowing about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from markupsafe import Markup, escape

Translate = Callable[..., str]
"""The label lookup every chart takes as ``t``: ``t("chart.kpi.none")``, ``t(key, value=…)``."""

# --- palette (defaults; the theme's CSS may override by class) ----------------------------------

PRIMARY = "#1f4e79"
PRIMARY_LIGHT = "#dce6f0"
INK = "#1f2933"
MUTED = "#5f6b76"
GRID = "#d5dbe1"
TRACK = "#eef1f4"
WHITE = "#ffffff"
STATUS = {
    "achieved": "#2e7d32",
    "on_track": "#1565c0",
    "at_risk": "#c62828",
    "missed": "#7f1d1d",
    "no_data": "#9e9e9e",
}
OVERDUE = "#c62828"
CRITICAL = "#ef6c00"
DONE = "#8fb996"
GAP_SHADES = ("#fde0dc", "#f4a79d", "#d9483b")
"""Fill for a gap of 1, 2 and ≥3 scale points (light to dark red)."""
MEET_SHADES = ("#c8e6c9", "#81c784", "#43a047")
"""Fill for meeting the requirement exactly, by one point more, by two or more."""

FONT_SIZE = 12.0
FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif"
LINE_HEIGHT = 1.3

# --- text metrics ---------------------------------------------------------------------------------

# Advance widths in 1/100 em of DejaVu Sans, the widest common sans-serif font: text measured
# with these fits in Arial, Helvetica or Liberation Sans too, so labels never overlap.
_WIDTH_GROUPS = {
    27: "'",
    28: "ijl",
    29: "IJ",
    32: " ,.’·\u00a0",
    34: "/:;\\|",
    35: "f",
    36: "-",
    39: "()[]t",
    40: "!",
    41: "r",
    46: '"',
    50: "*_`–",
    52: "sz“”„",
    53: "?",
    55: "cç",
    56: "L",
    58: "Fk",
    59: "vxy•",
    60: "P",
    61: "TYaoäöàá«»",
    62: "eéè",
    63: "ESbdghnpquüßñ",
    64: "$0123456789{}€",
    66: "K",
    68: "AVÄ",
    69: "BRXZ",
    70: "C",
    73: "UÜ",
    75: "HN",
    77: "DG",
    78: "&",
    79: "OQÖ",
    82: "w",
    84: "#+<=>^~×−±✓",
    86: "M",
    95: "%",
    97: "m",
    99: "W",
    100: "@—…",
}
_WIDTHS = {char: width / 100 for width, chars in _WIDTH_GROUPS.items() for char in chars}
_DEFAULT_WIDTH = 0.66
_BOLD_FACTOR = 1.1


def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """Return the estimated rendered width of ``text`` in user units."""
    em = sum(_WIDTHS.get(char, _DEFAULT_WIDTH) for char in text)
    return em * size * (_BOLD_FACTOR if bold else 1.0)


def fit(text: str, max_width: float, size: float = FONT_SIZE, *, bold: bool = False) -> str:
    """Return ``text`` shortened with an ellipsis so that it is at most ``max_width`` wide."""
    if text_width(text, size, bold=bold) <= max_width:
        return text
    cut = text
    while cut and text_width(cut + "…", size, bold=bold) > max_width:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Split into (piece, space before) where a line may break: at spaces and after hyphens."""
    tokens: list[tuple[str, bool]] = []
    # Only ordinary white space separates words: a no-break space keeps "name *" together.
    for word in re.split(r"[ \t\r\n]+", text.strip()):
        if not word:
            continue
        for i, piece in enumerate(re.split(r"(?<=[-/])(?=.)", word)):
            tokens.append((piece, i == 0))
    return tokens


def longest_piece(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """Return the width of the widest piece that :func:`wrap_to_width` cannot break."""
    return max((text_width(piece, size, bold=bold) for piece, _ in _tokens(text)), default=0.0)


def wrap_to_width(
    text: str, max_width: float, max_lines: int, size: float = FONT_SIZE, *, bold: bool = False
) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines that each fit ``max_width``.

    Lines break at spaces and after hyphens (``Key-Account-`` / ``Management``); what does not
    fit into the last line is cut with an ellipsis.
    """
    lines: list[str] = []
    current = ""
    for piece, spaced in _tokens(text):
        candidate = f"{current} {piece}" if spaced and current else current + piece
        if text_width(candidate, size, bold=bold) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = piece
    lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [fit(line, max_width, size, bold=bold) for line in lines]


# --- elements -------------------------------------------------------------------------------------

Attr = str | int | float | None


def num(value: float) -> str:
    """Return a coordinate with at most two decimals, the same on every machine."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(attrs: Mapping[str, Attr]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{escape(shown)}"')
    return "".join(parts)


def tag(name: str, attrs: Mapping[str, Attr], content: str | None = None) -> str:
    """Return one element; ``content`` must already be markup (use :func:`text` for words)."""
    if content is None:
        return f"<{name}{_attrs(attrs)}/>"
    return f"<{name}{_attrs(attrs)}>{content}</{name}>"


def group(attrs: Mapping[str, Attr], children: Iterable[str]) -> str:
    """Return a ``<g>`` around ``children``."""
    return tag("g", attrs, "".join(children))


def rect(x: float, y: float, w: float, h: float, *, cls: str, fill: str, **extra: Attr) -> str:
    """Return a rectangle (negative sizes are clamped to zero)."""
    return tag(
        "rect",
        {
            "class": cls,
            "x": float(x),
            "y": float(y),
            "width": float(max(w, 0.0)),
            "height": float(max(h, 0.0)),
            "fill": fill,
            **extra,
        },
    )


def line(x1: float, y1: float, x2: float, y2: float, *, cls: str, stroke: str, **extra: Attr) -> str:
    """Return a line."""
    return tag(
        "line",
        {"class": cls, "x1": float(x1), "y1": float(y1), "x2": float(x2), "y2": float(y2), "stroke": stroke, **extra},
    )


def text(
    x: float,
    y: float,
    content: str,
    *,
    cls: str,
    anchor: str | None = None,
    size: float | None = None,
    bold: bool = False,
    fill: str = INK,
    **extra: Attr,
) -> str:
    """Return one escaped line of text whose baseline is at ``y``."""
    return tag(
        "text",
        {
            "class": cls,
            "x": float(x),
            "y": float(y),
            "text-anchor": anchor,
            "font-size": None if size is None else float(size),
            "font-weight": "bold" if bold else None,
            "fill": fill,
            **extra,
        },
        str(escape(content)),
    )


def text_lines(
    x: float,
    y_middle: float,
    lines: list[str],
    *,
    cls: str,
    size: float = FONT_SIZE,
    anchor: str | None = None,
    bold: bool = False,
    fill: str = INK,
) -> str:
    """Return lines of text vertically centred on ``y_middle``."""
    step = size * LINE_HEIGHT
    first = y_middle - step * (len(lines) - 1) / 2 + size * 0.35
    return "".join(
        text(x, first + i * step, part, cls=cls, anchor=anchor, size=size, bold=bold, fill=fill)
        for i, part in enumerate(lines)
    )


def tooltip(content: str) -> str:
    """Return a ``<title>`` child: the full text of a shortened label, shown on hover."""
    return f"<title>{escape(content)}</title>"


def points(coords: Iterable[tuple[float, float]]) -> str:
    """Return a ``points`` attribute value."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in coords)


def hatch(x: float, y: float, w: float, h: float, *, cls: str, stroke: str, step: float = 6.0) -> str:
    """Return diagonal hatching lines clipped to a rectangle (no ``<pattern>``, for WeasyPrint)."""
    segments = []
    offset = step
    while offset < w + h:
        # The line x + y' = offset (going up-right) cut to the rectangle.
        x1, y1 = x + max(0.0, offset - h), y + min(h, offset)
        x2, y2 = x + min(w, offset), y + max(0.0, offset - w)
        segments.append(f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}")
        offset += step
    if not segments:
        return ""
    return tag("path", {"class": cls, "d": "".join(segments), "stroke": stroke, "stroke-width": 1.0, "fill": "none"})


# --- the document ---------------------------------------------------------------------------------

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def safe_id(chart_id: str) -> str:
    """Return ``chart_id`` reduced to characters that are safe in an id and a CSS selector."""
    cleaned = _ID_UNSAFE.sub("-", chart_id).strip("-")
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "chart-" + cleaned
    return cleaned


def document(
    *,
    chart_id: str,
    kind: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    body: Iterable[str],
    fixed: bool = False,
    primary: str | None = None,
) -> Markup:
    """Return the finished ``<svg>`` with its accessible title and description.

    A chart scales down to the width of its container (``width="100%"``) but is never blown up
    beyond its natural size (an inline ``max-width``, which a theme can override per
    ``kd-chart--<kind>`` class with ``!important``); a ``fixed`` one, such as the inline progress
    bar, keeps its natural size in CSS pixels.
    ``primary`` (``#rrggbb``, e.g. the project's ``brand.primary_color``) replaces the default
    primary colour: WeasyPrint does not apply the page's CSS inside an inline SVG, so the brand
    colour has to be written into the chart itself.
    """
    content = "".join(body)
    if primary is not None:
        if not _COLOUR.match(primary):
            raise ValueError(f"primary colour must be written as #rrggbb, not {primary!r}")
        content = content.replace(f'"{PRIMARY}"', f'"{primary.lower()}"')
    base = safe_id(chart_id)
    head = tag(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": f"kd-chart kd-chart--{kind}",
            "id": base,
            "role": "img",
            "aria-labelledby": f"{base}-title {base}-desc",
            "viewBox": f"0 0 {num(width)} {num(height)}",
            "width": num(width) if fixed else "100%",
            "height": num(height) if fixed else None,
            "preserveAspectRatio": "xMidYMid meet",
            "style": None if fixed else f"max-width:{num(width)}px;margin-left:auto;margin-right:auto",
            # The body font of the PDF (Liberation Sans, metric-compatible with Arial), so that
            # charts and text share one family; WeasyPrint does not apply page CSS inside SVG.
            "font-family": FONT_FAMILY,
            "font-size": num(FONT_SIZE),
        },
        "\x00",
    )
    open_tag, close_tag = head.split("\x00")
    inner = f'<title id="{base}-title">{escape(title)}</title><desc id="{base}-desc">{escape(desc)}</desc>' + content
    # Every text and attribute value above went through markupsafe.escape.
    return Markup(open_tag + inner + close_tag)  # noqa: S704
