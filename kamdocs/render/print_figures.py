"""Numbered figures and tables of the PDF handbook, and references in place of repeats.

A chart or table is printed once: the first time it comes in reading order it gets a number
within its chapter (``Abbildung 6.2``, ``Tabelle 4.3``), a caption and the data file it is drawn
from; where a later chapter embeds the same component (``{{< raci >}}`` after the organisation
page's RACI section), the PDF prints a reference to it instead ("Siehe Tabelle 4.3 … auf Seite
19"). What counts as "the same" is the table below: a component and a section show the same
thing when they have the same key (``org_chart:by_customer`` is the org chart of that variant,
``kpi_table:programme`` the KPI table of that goal, ``kpi_table:*`` the KPIs of every goal).

The print template marks each section and component with an empty ``kd-block`` element;
:func:`number_fragment` walks the rendered page once, numbers every ``figure.chart`` and every
table outside one, writes the caption and removes the marks.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from kamdocs.render.chartkit import MIN_TEXT_PT
from kamdocs.site.model import Component, Page, Section
from kamdocs.site.payloads import GoalData, OrgChartData, VariantData

Labels = Callable[..., str]

# Which data file a section or component is drawn from (its "source" line), by its kind.
_SOURCES: dict[str, str] = {
    **dict.fromkeys(("swot", "market", "competitors", "trends", "data_sources"), "data/company.yaml"),
    **dict.fromkeys(("kpi_table", "kpi_chart", "goal", "goals_overview"), "data/goals.yaml"),
    **dict.fromkeys(("budget", "budget_table"), "data/budget.yaml"),
    **dict.fromkeys(("placement", "variant", "org_chart", "raci", "international"), "data/organisation.yaml"),
    **dict.fromkeys(
        ("readiness_overview", "readiness_area", "readiness_chart", "readiness_table", "action_list"),
        "data/readiness.yaml",
    ),
    **dict.fromkeys(("phases", "gantt", "task_table", "routines"), "data/tasks.yaml"),
    **dict.fromkeys(("competency_profile", "team_view", "team_heatmap"), "data/competencies.yaml"),
    **dict.fromkeys(("ranking", "candidate"), "data/candidates.yaml"),
    **dict.fromkeys(("portfolio", "portfolio_criteria", "account_table"), "data/portfolio.yaml, data/accounts/"),
}
# The caption of a component's table (a chart is captioned with its own SVG title).
_COMPONENT_CAPTIONS: dict[str, str] = {
    "kpi_table": "site.section.goals",
    "raci": "site.section.raci",
    "international": "site.section.international",
    "action_list": "site.section.actions",
    "task_table": "site.section.task_list",
    "routines": "site.section.routines",
    "competency_profile": "site.section.profile",
    "account_table": "site.section.account_list",
    "budget_table": "site.section.budget",
    "swot": "site.section.swot",
    "readiness_table": "site.section.readiness_overview",
}
_ALL = "*"


def component_key(component: Component) -> str:
    """Return what a chapter component shows (the key a section showing the same shares)."""
    name = component.name
    if name == "org_chart":
        data = component.data
        variant = data.variant if isinstance(data, OrgChartData) else None
        return f"org_chart:{variant.variant.id if variant is not None else ''}"
    if name in ("kpi_table", "readiness_table", "gantt", "task_table"):
        return f"{name}:{component.arg or _ALL}"
    return name


def section_key(section: Section, page: Page) -> str:
    """Return what a generated page's section shows (shared with the component that shows the same)."""
    kind = section.partial
    data = section.data
    if isinstance(data, VariantData):
        return f"org_chart:{data.variant.id}"
    if isinstance(data, GoalData):
        return f"kpi_table:{data.id}"
    if kind == "readiness_area":
        return f"readiness_table:{section.anchor.removeprefix('area-')}"
    if kind == "readiness_overview":
        return "readiness_chart"
    if kind == "gantt":
        return f"gantt:{_ALL}"
    if kind == "task_table":
        return f"task_table:{_ALL}"
    if kind == "team_view":
        return "team_heatmap"
    if kind == "budget":
        return "budget_table"
    if kind in ("swot", "raci", "international", "action_list", "routines", "competency_profile", "portfolio"):
        return kind
    if kind == "account_table":
        return kind
    return f"{page.url}#{section.anchor}"  # shown nowhere else


@dataclass(frozen=True)
class Numbered:
    """A numbered figure or table of the document."""

    kind: str
    """``figure`` or ``table``."""
    number: str
    target: str
    """Its document-wide id."""
    caption: str


@dataclass(frozen=True)
class Block:
    """A section or component of one page: its key, caption and data source."""

    key: str
    caption: str
    source: str


@dataclass
class FigureIndex:
    """Every figure and table printed so far, by the key of the block it belongs to."""

    printed: dict[str, list[Numbered]] = field(default_factory=dict)

    def find(self, key: str) -> list[Numbered]:
        """Return the items already printed for ``key`` (``x:*``: every ``x:<id>``; ``x:<id>``: ``x:*``)."""
        if key in self.printed:
            return self.printed[key]
        name, colon, _ = key.partition(":")
        if colon and f"{name}:{_ALL}" in self.printed:  # a part of what was printed whole
            return self.printed[f"{name}:{_ALL}"]
        if key.endswith(":" + _ALL):
            prefix = key[:-1]
            found = [k for k in self.printed if k.startswith(prefix)]
            return [item for k in found for item in self.printed[k]]
        return []


def reference(items: list[Numbered], labels: Labels, mark: str) -> Markup:
    """Return the sentence that points at ``items`` ("Siehe Tabelle 4.3 „RACI“ auf Seite 19.")."""
    parts: list[str] = []
    for item in items:
        name = labels(f"print.{item.kind}", number=item.number)
        if len(items) == 1:
            text = labels("print.item_on_page", item=name, caption=item.caption, page="\ue001")
        else:
            text = labels("print.item_page", item=name, page="\ue001")
        before, _, after = text.partition("\ue001")
        link = f'<a href="#{mark}{item.target}">{escape(before)}</a>'
        page = f'<a class="page-ref" href="#{mark}{item.target}"></a>' if _ else ""
        parts.append(f"{link}{page}{escape(after)}")
    joined = labels("print.and").join(parts) if len(parts) <= 2 else ", ".join(parts)
    sentence = labels("print.see", items="\ue002")
    before, _, after = sentence.partition("\ue002")
    return Markup(f'<p class="print-ref">{escape(before)}{joined}{escape(after)}</p>')  # noqa: S704 — parts escaped


_TOKEN = re.compile(
    r'<div class="kd-block" data-block="(?P<block>\d+)"></div>'
    r'|<figure class="chart"[^>]*>'
    r'|<div class="swot">'
    r"|<table\b[^>]*>"
    r"|<h[23]\b[^>]*>(?P<heading>.*?)</h[23]>"
    r"|<svg\b.*?</svg>",
    re.DOTALL,
)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
SHORT_TABLE_ROWS = 8
"""A table with fewer body rows than this never splits across pages."""
_TABLE_ID = re.compile(r'\bid="([^"]+)"')
_OWN_CAPTION = re.compile(r"\s*<caption\b[^>]*>(.*?)</caption>", re.DOTALL)


TEXT_WIDTH_PT = 476.0
"""The text width of an A4 portrait page in print/handbook.css (210 mm − 42 mm of margins)."""
LANDSCAPE_WIDTH_PT = 723.0
"""The text width of an A4 landscape page (297 mm − 42 mm)."""
_VIEWBOX = re.compile(r'<svg\b[^>]*\bviewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"')
_FONT_SIZE = re.compile(r'\bfont-size="([\d.]+)"')


def smallest_text_pt(svg_html: str, text_width_pt: float = TEXT_WIDTH_PT) -> float | None:
    """Return the size (pt) of the smallest text of the charts in ``svg_html`` at ``text_width_pt``.

    A chart is drawn at its natural size (1 user unit = 1 px = 0.75 pt), shrunk to the text width.
    """
    smallest: float | None = None
    for chart in re.finditer(r"<svg\b.*?</svg>", svg_html, re.DOTALL):
        width = _VIEWBOX.match(chart.group(0))
        sizes = [float(size) for size in _FONT_SIZE.findall(chart.group(0))]
        if width is None or not sizes:
            continue
        scale = min(0.75, text_width_pt / float(width.group(1)))
        size = min(sizes) * scale
        smallest = size if smallest is None else min(smallest, size)
    return smallest


def _needs_landscape(figure_html: str) -> bool:
    """Tell whether a figure's text would print under MIN_TEXT_PT on a portrait page but not on a landscape one."""
    portrait = smallest_text_pt(figure_html)
    landscape = smallest_text_pt(figure_html, LANDSCAPE_WIDTH_PT)
    return portrait is not None and landscape is not None and portrait < MIN_TEXT_PT - 0.05 <= landscape


def _text(html: str) -> str:
    return " ".join(htmlmod.unescape(_TAGS.sub(" ", html)).split())


def number_fragment(
    html: str,
    *,
    chapter: str,
    page_id: str,
    blocks: list[Block],
    index: FigureIndex,
    labels: Labels,
) -> str:
    """Number the figures and tables of one page's print HTML, caption them and register them."""
    out: list[str] = []
    position = 0
    counts = {"figure": 0, "table": 0}
    block: Block | None = None
    heading = ""
    in_figure_until = -1
    sub = ""  # the last <h3> inside the current block (a phase above its task table)

    def allocate(kind: str) -> tuple[str, str]:
        counts[kind] += 1
        number = f"{chapter}.{counts[kind]}" if chapter else str(counts[kind])
        local = f"{'fig' if kind == 'figure' else 'tab'}-{number.replace('.', '-')}"
        return number, local

    def register(kind: str, number: str, local: str, caption: str) -> None:
        key = block.key if block is not None else f"{page_id}#{local}"
        item = Numbered(kind, number, f"{page_id}--{local}", caption)
        index.printed.setdefault(key, []).append(item)

    def caption_html(kind: str, number: str, caption: str, source: str) -> str:
        name = escape(labels(f"print.{kind}", number=number))
        text = f'<span class="caption-number">{name}:</span> {escape(caption)}'
        if source:
            text += f' <span class="caption-source">{escape(labels("print.source", source=source))}</span>'
        return text

    for match in _TOKEN.finditer(html, position):
        if match.start() < position:
            continue
        token = match.group(0)
        out.append(html[position : match.start()])
        position = match.end()
        if match.group("block") is not None:
            block = blocks[int(match.group("block"))]
            sub = ""
            continue  # the mark itself is dropped
        if match.group("heading") is not None:
            heading = _text(match.group("heading"))
            sub = heading if token.startswith("<h3") else ""
            out.append(token)
            continue
        if token.startswith("<svg"):
            out.append(token)
            continue
        if token.startswith("<figure"):
            end = html.find("</figure>", position)
            inner = html[position:end]
            titled = _SVG_TITLE.search(inner)
            caption = _text(titled.group(1)) if titled else (block.caption if block else heading)
            number, local = allocate("figure")
            register("figure", number, local, caption)
            source = block.source if block else ""
            wide = _needs_landscape(inner)
            attrs = f'id="{local}"' + (' data-landscape="1"' if wide else "")
            if inner.count("<svg") > 1:  # a chart in parts (a long Gantt chart): pages may break between them
                attrs += ' data-parts="1"'
            out.append(token.replace("<figure", f"<figure {attrs}", 1))
            out.append(inner)
            out.append(
                f'<figcaption class="print-caption">{caption_html("figure", number, caption, source)}</figcaption>'
            )
            position = end
            in_figure_until = end
            continue
        if position <= in_figure_until:
            out.append(token)
            continue
        if token.startswith('<div class="swot"'):  # a figure drawn in HTML: captioned above
            caption = block.caption if block is not None and block.caption else heading
            number, local = allocate("figure")
            register("figure", number, local, caption)
            source = block.source if block else ""
            out.append(
                f'<p class="print-caption figure-caption" id="{local}">'
                f"{caption_html('figure', number, caption, source)}</p>"
            )
            out.append(token)
            continue
        # A table: its own caption (if any) becomes the numbered one, inside the table so that
        # it keeps to the table wherever the table goes (side by side in a flex row, too).
        inner = html[position : html.find("</table>", position)]
        own = _OWN_CAPTION.match(html, position)
        if own:
            caption = _text(own.group(1))
            position = own.end()
        elif block is not None and block.caption:
            caption = f"{block.caption}: {sub}" if sub and sub != block.caption else block.caption
        else:
            caption = heading
        number, local = allocate("table")
        given = _TABLE_ID.search(token)
        local = given.group(1) if given else local
        register("table", number, local, caption)
        source = block.source if block else ""
        attrs = "" if given else f' id="{local}"'
        body_rows = inner.count("<tr") - inner.count("<thead")
        if body_rows < SHORT_TABLE_ROWS:  # printed whole, never split across pages
            attrs += ' data-short="1"'
        out.append(token.replace("<table", f"<table{attrs}", 1))
        out.append(f'<caption class="print-caption">{caption_html("table", number, caption, source)}</caption>')
    out.append(html[position:])
    return "".join(out)


def page_blocks(page: Page, labels: Labels) -> list[Block]:
    """Return the blocks of ``page`` in the order its print template marks them."""
    blocks: list[Block] = []
    if page.kind == "chapter":
        for piece in page.pieces:
            if isinstance(piece, Component):
                label = _COMPONENT_CAPTIONS.get(piece.name)
                caption = labels(label) if label else ""
                blocks.append(Block(component_key(piece), caption, _SOURCES.get(piece.name, "")))
            else:
                blocks.append(Block(f"{page.url}#prose-{len(blocks)}", "", ""))
        return blocks
    for section in page.sections:
        source = _SOURCES.get(section.partial, "")
        if page.kind == "account" and page.key:
            source = f"data/accounts/{page.key}.yaml"
        blocks.append(Block(section_key(section, page), section.title, source))
    return blocks
