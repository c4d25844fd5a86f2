"""The team heatmap: competencies × candidates, or only aggregates per competency.

The internal audience may only see aggregates (docs/audiences.md): without ``individuals`` this module never
reads ``result.candidates``, so no name, rating or fit can leak into the chart.
"""

from __future__ import annotations

import math

from markupsafe import Markup

from kamdocs.analysis.results import CompetencyResult
from kamdocs.render.charts import svg
from kamdocs.render.charts.svg import Translate
from kamdocs.render.formatting import Formatter

NAME_X = 12.0
NAME_WIDTH = 230.0
REQUIRED_WIDTH = 64.0
COLUMN_GAP = 10.0
ROW = 32.0
HEADER_SIZE = 10.5
DARK = ("gap-3",)


def _shade(delta: float) -> tuple[str, str]:
    """Return (class suffix, fill) for rating − required (negative = gap)."""
    if delta < 0:
        gap = min(math.ceil(-delta - 1e-9), len(svg.GAP_SHADES))
        return f"gap-{gap}", svg.GAP_SHADES[gap - 1]
    level = min(int(delta + 1e-9), len(svg.MEET_SHADES) - 1)
    return f"meets-{level}", svg.MEET_SHADES[level]


def _cell(x: float, y: float, width: float, height: float, label: str, cls: str, fill: str) -> list[str]:
    outline: dict[str, svg.Attr] = {"stroke": svg.GRID, "stroke-width": 1.0} if cls == "not-assessed" else {}
    return [
        svg.rect(x + 1, y + 1, width - 2, height - 2, cls=f"cell cell--{cls}", fill=fill, rx=2.0, **outline),
        svg.text(
            x + width / 2,
            y + height / 2 + 4,
            label,
            cls="cell-label",
            anchor="middle",
            size=11.5,
            fill=svg.WHITE if cls in DARK else svg.INK,
            bold=cls == "required",
        ),
    ]


def _columns(
    result: CompetencyResult, fmt: Formatter, t: Translate, individuals: bool
) -> tuple[list[list[str]], float, list[list[tuple[str, str, str]]]]:
    """Return per data column its header lines, the column width and its cells (label, class, fill)."""
    team = result.team
    headers: list[list[str]] = []
    cells: list[list[tuple[str, str, str]]] = []
    if individuals:
        for person in result.candidates:
            headers.append(
                [*svg.wrap_to_width(person.name, 110, 2, HEADER_SIZE, bold=True), fmt.percent(person.fit, 0)]
            )
            column = []
            for competency in team:
                rating = person.ratings.get(competency.id)
                if rating is None:
                    column.append(("–", "not-assessed", svg.WHITE))
                else:
                    column.append((str(rating), *_shade(rating - competency.required)))
            cells.append(column)
    else:
        headers.append([t("chart.heatmap.mean")])
        cells.append(
            [
                ("–", "not-assessed", svg.WHITE)
                if c.mean is None
                else (fmt.decimal(c.mean, 1), *_shade(c.mean - c.required))
                for c in team
            ]
        )
        headers.append([t("chart.heatmap.with_gap")])
        total = result.candidate_count
        gap_column = []
        for c in team:
            if c.with_gap is None:  # a small group (docs/audiences.md): nothing to show
                gap_column.append(("–", "not-assessed", svg.WHITE))
                continue
            share = c.with_gap / total if total else 0.0
            cls, fill = ("meets-1", svg.MEET_SHADES[1]) if c.with_gap == 0 else _shade(-1 - 3 * share)
            gap_column.append((t("chart.heatmap.of", count=c.with_gap, total=total), cls, fill))
        cells.append(gap_column)
    widest = max((svg.text_width(line, HEADER_SIZE, bold=True) for lines in headers for line in lines), default=0.0)
    widest_cell = max((svg.text_width(label, 11.5) for column in cells for label, _, _ in column), default=0.0)
    return headers, max(72.0, widest + 14, widest_cell + 16), cells


def team_heatmap(
    result: CompetencyResult,
    *,
    t: Translate,
    fmt: Formatter,
    chart_id: str,
    individuals: bool,
    primary: str | None = None,
) -> Markup:
    """Return the competency heatmap; ``individuals=False`` shows only aggregates (no person at all)."""
    team = result.team
    show_people = individuals and bool(result.candidates)
    headers, width, cells = _columns(result, fmt, t, show_people)
    header_height = max(len(lines) for lines in [[t("chart.heatmap.required")], *headers]) * HEADER_SIZE * 1.3 + 16
    x_required = NAME_X + NAME_WIDTH
    x_data = x_required + REQUIRED_WIDTH + COLUMN_GAP
    total_width = x_data + width * len(headers) + 12
    body: list[str] = [
        svg.text_lines(
            x_required + REQUIRED_WIDTH / 2,
            header_height / 2,
            [t("chart.heatmap.required")],
            cls="column-label",
            size=HEADER_SIZE,
            anchor="middle",
            bold=True,
        )
    ]
    for i, lines in enumerate(headers):
        label_lines = svg.text_lines(
            x_data + i * width + width / 2,
            header_height / 2,
            lines[:-1] if show_people else lines,
            cls="column-label",
            size=HEADER_SIZE,
            anchor="middle",
            bold=True,
        )
        body.append(label_lines)
        if show_people:  # the fit, in the muted style under the name
            y_fit = header_height / 2 + (len(lines) - 1) * HEADER_SIZE * 1.3 / 2 + 4
            body.append(
                svg.text(
                    x_data + i * width + width / 2,
                    y_fit + 6,
                    lines[-1],
                    cls="column-fit",
                    anchor="middle",
                    size=HEADER_SIZE,
                    fill=svg.MUTED,
                )
            )
    y = header_height
    for row, competency in enumerate(team):
        label = competency.name + ("\u00a0*" if competency.critical else "")
        lines = svg.wrap_to_width(label, NAME_WIDTH - 12, 2, 11.5, bold=competency.critical)
        height = max(ROW, len(lines) * 11.5 * svg.LINE_HEIGHT + 10)
        parts = [svg.text_lines(NAME_X, y + height / 2, lines, cls="row-label", size=11.5, bold=competency.critical)]
        parts += _cell(x_required, y, REQUIRED_WIDTH, height, str(competency.required), "required", svg.TRACK)
        for i, column in enumerate(cells):
            label_text, cls, fill = column[row]
            parts += _cell(x_data + i * width, y, width, height, label_text, cls, fill)
        body.append(svg.group({"class": "row", "data-key": competency.id}, parts))
        y += height
    if not team:
        body.append(svg.text(NAME_X, y + 20, t("chart.radar.none"), cls="no-data-label", fill=svg.MUTED))
        y += ROW

    legend_y = y + 26
    legend, legend_end = _legend(legend_y, t, any(c.critical for c in team))
    body += legend
    if show_people:
        desc = t("chart.heatmap.desc_individuals", count=len(result.candidates), competencies=len(team))
    else:
        desc = (
            t("chart.heatmap.desc_team", count=result.candidate_count)
            + " "
            + "; ".join(
                t(
                    "chart.heatmap.desc_row",
                    name=c.name,
                    required=c.required,
                    mean=fmt.decimal(c.mean, 1),
                    gap=c.with_gap,
                )
                for c in team
                if not c.withheld
            )
        )
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="heatmap",
        width=max(total_width, legend_end + 12),
        height=legend_y + 14,
        title=t("chart.heatmap.title"),
        desc=desc,
        body=body,
    )


def _legend(y: float, t: Translate, critical: bool) -> tuple[list[str], float]:
    items = [
        (svg.MEET_SHADES[2], t("chart.heatmap.legend.above")),
        (svg.MEET_SHADES[0], t("chart.heatmap.legend.meets")),
        (svg.GAP_SHADES[0], t("chart.heatmap.legend.gap1")),
        (svg.GAP_SHADES[1], t("chart.heatmap.legend.gap2")),
        (svg.GAP_SHADES[2], t("chart.heatmap.legend.gap3")),
    ]
    x = NAME_X
    parts = []
    for fill, label in items:
        parts.append(svg.rect(x, y - 10, 14, 12, cls="legend-swatch", fill=fill, rx=2.0))
        parts.append(svg.text(x + 19, y, label, cls="legend-label", size=11))
        x += 19 + svg.text_width(label, 11) + 18
    if critical:
        note = t("chart.radar.critical_note")
        parts.append(svg.text(x + 6, y, note, cls="legend-label", size=11, fill=svg.MUTED))
        x += 6 + svg.text_width(note, 11)
    return parts, x
