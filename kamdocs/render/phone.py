"""What phones need, written into a page when it is written: table cards and chart widths.

Everything here is decided before the page is shown, so no script changes the layout after the
first paint (a script that does is what Lighthouse counts as layout shift, CLS).

On narrow screens a row of a table with three or more columns reads as a card whose cells carry
their column's name (``data-label``, shown by the theme's CSS). Tables written in Markdown are
put into the same scrolling frame as the generated ones. A chart's frame carries its drawing width
(``--chart-width``): on a phone the chart keeps it and scrolls sideways instead of shrinking.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.DOTALL)
_CLASS = re.compile(r'\bclass="([^"]*)"')
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
_BODY = re.compile(r"(<(tbody|tfoot)\b[^>]*>)(.*?)(</\2>)", re.DOTALL)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.DOTALL)
_CELL_OPEN = re.compile(r"<(td|th)\b([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
_PROSE_TABLE = re.compile(r"(?<!<div class=\"table-wrap\" tabindex=\"0\">)<table>(.*?)</table>", re.DOTALL)
MIN_COLUMNS = 3
"""Tables with fewer columns stay tables on phones (two columns fit)."""


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).replace("\u00ad", "").split())


def _label_row(row: str, heads: list[str]) -> str:
    index = -1

    def label(match: re.Match[str]) -> str:
        nonlocal index
        index += 1
        attrs = match.group(2)
        # Row heads are the card's title and need no label (the theme shows ``data-label`` on td only).
        if match.group(1) == "th" or index >= len(heads) or not heads[index] or "data-label=" in attrs:
            return match.group(0)
        return f'<{match.group(1)}{attrs} data-label="{html.escape(heads[index], quote=True)}">'

    return _CELL_OPEN.sub(label, row)


def _card_table(match: re.Match[str]) -> str:
    attrs, inner = match.group(1), match.group(2)
    classes = _CLASS.search(attrs)
    if classes is None or "data-table" not in classes.group(1).split() or "stackable" in classes.group(1).split():
        return match.group(0)
    head = _THEAD.search(inner)
    heads = [_text(cell) for cell in _HEAD_CELL.findall(head.group(1))] if head else []
    if len(heads) < MIN_COLUMNS:
        return match.group(0)
    attrs = attrs.replace(classes.group(0), f'class="{classes.group(1)} stackable"', 1)

    def body(part: re.Match[str]) -> str:
        rows = _ROW.sub(lambda r: r.group(1) + _label_row(r.group(2), heads) + r.group(3), part.group(3))
        return part.group(1) + rows + part.group(4)

    return f"<table{attrs}>{_BODY.sub(body, inner)}</table>"


def _wrap_prose_table(match: re.Match[str]) -> str:
    return f'<div class="table-wrap" tabindex="0"><table class="data-table">{match.group(1)}</table></div>'


_CHART_FRAME = re.compile(
    r'<div class="chart-svg"( tabindex="0")?>(\s*<svg\b[^>]*?\sviewBox="[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+))'
)


def _chart_width(match: re.Match[str]) -> str:
    width = round(float(match.group(3)))
    return f'<div class="chart-svg"{match.group(1) or ""} style="--chart-width: {width}px">{match.group(2)}'


def prepare_for_phones(page: str) -> str:
    """Return ``page`` with Markdown tables framed, wide data tables labelled for cards, chart widths set."""
    if "<table" in page:
        page = _TABLE.sub(_card_table, _PROSE_TABLE.sub(_wrap_prose_table, page))
    if 'class="chart-svg"' in page:
        page = _CHART_FRAME.sub(_chart_width, page)
    return page
