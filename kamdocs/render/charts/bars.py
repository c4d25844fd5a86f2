"""Horizontal bar charts: readiness per area, KPI achievement, and the small phase progress bar."""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup

from kamdocs.analysis.results import KpiResult, KpiSummary, ReadinessResult
from kamdocs.render.charts import svg
from kamdocs.render.charts.svg import Translate
from kamdocs.render.formatting import Formatter

WIDTH = 820.0
LABEL_X = 12.0
LABEL_WIDTH = 224.0
PLOT_X0 = 252.0
PLOT_X1 = 692.0
VALUE_X = 706.0
BAR_HEIGHT = 14.0
SMALLEST = 10.5
"""The smallest text of these charts (status and target labels), user units."""


def _row_height(lines: int) -> float:
    return max(38.0, lines * svg.FONT_SIZE * svg.LINE_HEIGHT + 16.0)


def _scale(lo: float, hi: float, x1: float = PLOT_X1) -> Callable[[float], float]:
    def to_x(value: float) -> float:
        clamped = min(max(value, lo), hi)
        return PLOT_X0 + (clamped - lo) / (hi - lo) * (x1 - PLOT_X0)

    return to_x


def _grid(
    ticks: list[float], to_x: Callable[[float], float], top: float, bottom: float, label: Callable[[float], str]
) -> list[str]:
    parts = []
    for value in ticks:
        x = to_x(value)
        parts.append(svg.line(x, top, x, bottom, cls="grid", stroke=svg.GRID, stroke_width=1.0))
        parts.append(svg.text(x, bottom + 15, label(value), cls="tick-label", anchor="middle", size=11, fill=svg.MUTED))
    return parts


def _legend(x: float, y: float, items: list[tuple[str, str, str]]) -> tuple[list[str], float]:
    """Return legend swatches laid out left to right and the x where they end."""
    parts = []
    for cls, colour, label in items:
        if "marker" in cls.split():
            parts.append(svg.line(x + 5, y - 9, x + 5, y + 3, cls=cls, stroke=colour, stroke_width=2.5))
        else:
            parts.append(svg.rect(x, y - 9, 12, 12, cls=cls, fill=colour, rx=2.0))
        parts.append(svg.text(x + 17, y + 1, label, cls="legend-label", size=11, fill=svg.INK))
        x += 17 + svg.text_width(label, 11) + 18
    return parts, x


# --- readiness ------------------------------------------------------------------------------------


def readiness_bars(
    result: ReadinessResult,
    *,
    fmt: Formatter,
    t: Translate,
    chart_id: str,
    primary: str | None = None,
    width: float = WIDTH,
) -> Markup:
    """Return horizontal bars of the readiness index per area with target markers and the overall value.

    ``width`` narrows the plot (the labels keep their column): the PDF draws it narrower so that
    its text stays legible at the width of the page.
    """
    plot_x1, value_x = PLOT_X1 + width - WIDTH, VALUE_X + width - WIDTH
    to_x = _scale(0.0, 100.0, plot_x1)
    rows: list[tuple[str, str, float | None, float | None, bool]] = [
        (area.id, area.title, area.index, area.target_index, False) for area in result.areas
    ]
    rows.append(("overall", t("chart.readiness.overall"), result.overall, result.target_overall, True))

    legend, _ = _legend(
        LABEL_X,
        20,
        [
            ("legend-swatch bar bar--area", svg.PRIMARY, t("chart.readiness.current")),
            ("legend-swatch marker target", svg.INK, t("chart.readiness.target")),
        ],
    )
    body: list[str] = list(legend)
    y = 40.0
    bars: list[str] = []
    for key, label, index, target, overall in rows:
        lines = svg.wrap_to_width(label, LABEL_WIDTH, 2, bold=overall)
        height = _row_height(len(lines))
        if overall:
            bars.append(svg.line(LABEL_X, y + 4, width - 12, y + 4, cls="separator", stroke=svg.INK, stroke_width=1.0))
            y += 8
        mid = y + height / 2
        row = [svg.text_lines(LABEL_X, mid, lines, cls="row-label", bold=overall)]
        row.append(svg.rect(PLOT_X0, mid - BAR_HEIGHT / 2, plot_x1 - PLOT_X0, BAR_HEIGHT, cls="track", fill=svg.TRACK))
        if index is None:
            row.append(
                svg.text(
                    PLOT_X0 + 8,
                    mid + 4,
                    t("chart.readiness.no_criteria"),
                    cls="no-data-label",
                    size=11,
                    fill=svg.MUTED,
                    font_style="italic",
                )
            )
        else:
            # The overall bar is taller rather than another colour, so that a brand colour fits both.
            kind, thick = ("overall", BAR_HEIGHT + 6) if overall else ("area", BAR_HEIGHT)
            row.append(
                svg.rect(
                    PLOT_X0, mid - thick / 2, to_x(index) - PLOT_X0, thick, cls=f"bar bar--{kind}", fill=svg.PRIMARY
                )
            )
        if target is not None:
            tx = to_x(target)
            row.append(
                svg.line(
                    tx,
                    mid - BAR_HEIGHT / 2 - 5,
                    tx,
                    mid + BAR_HEIGHT / 2 + 5,
                    cls="marker target",
                    stroke=svg.INK,
                    stroke_width=2.5,
                )
            )
        row.append(svg.text(value_x, mid - 2, fmt.percent(index, 1), cls="value-label", bold=True))
        if target is not None:
            row.append(
                svg.text(
                    value_x,
                    mid + 12,
                    t("chart.readiness.target_value", value=fmt.percent(target, 1)),
                    cls="target-label",
                    size=10.5,
                    fill=svg.MUTED,
                )
            )
        bars.append(svg.group({"class": f"row row--{'overall' if overall else 'area'}", "data-key": key}, row))
        y += height
    bottom = y + 4
    body += _grid([0, 20, 40, 60, 80, 100], to_x, 34.0, bottom, lambda v: fmt.percent(v, 0))
    body += bars
    body.append(
        svg.text(
            (PLOT_X0 + plot_x1) / 2,
            bottom + 32,
            t("chart.readiness.axis"),
            cls="axis-title",
            anchor="middle",
            size=11,
            fill=svg.MUTED,
        )
    )
    desc_parts = [
        t("chart.readiness.desc_row", label=label, value=fmt.percent(index, 1), target=fmt.percent(target, 1))
        for _, label, index, target, _ in rows
    ]
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="readiness",
        width=width,
        height=bottom + 44,
        title=t("chart.readiness.title"),
        desc=" ".join(desc_parts),
        body=body,
    )


# --- KPIs -----------------------------------------------------------------------------------------


def _kpi_axis(kpis: tuple[KpiResult, ...]) -> tuple[float, float]:
    values = [k.achievement for k in kpis if k.achievement is not None]
    lo = 0.0 if not values or min(values) >= 0 else max(-50.0, math.floor(min(values) / 25) * 25)
    hi = 100.0 if not values or max(values) <= 100 else min(200.0, math.ceil(max(values) / 25) * 25)
    return lo, hi


def _kpi_row(
    kpi: KpiResult,
    mid: float,
    to_x: Callable[[float], float],
    lo: float,
    hi: float,
    fmt: Formatter,
    t: Translate,
    value_x: float = VALUE_X,
) -> list[str]:
    status_label = t(f"chart.kpi.status.{kpi.status}")
    colour = svg.STATUS.get(kpi.status, svg.PRIMARY)
    top = mid - BAR_HEIGHT / 2
    parts: list[str] = []
    if kpi.achievement is None:
        x0, x1 = to_x(0.0), to_x(100.0)
        parts.append(
            svg.rect(
                x0,
                top,
                x1 - x0,
                BAR_HEIGHT,
                cls="bar bar--no_data",
                fill=svg.TRACK,
                stroke=svg.STATUS["no_data"],
                stroke_width=1.0,
                stroke_dasharray="3 2",
            )
        )
        parts.append(svg.hatch(x0, top, x1 - x0, BAR_HEIGHT, cls="hatch", stroke="#c4c4c4"))
        label = t("chart.kpi.no_data")
        width = svg.text_width(label, 11) + 10
        parts.append(svg.rect((x0 + x1 - width) / 2, top + 1, width, BAR_HEIGHT - 2, cls="no-data-box", fill=svg.WHITE))
        parts.append(
            svg.text((x0 + x1) / 2, mid + 4, label, cls="no-data-label", anchor="middle", size=11, fill=svg.MUTED)
        )
    else:
        value = kpi.achievement
        x_zero, x_value = to_x(0.0), to_x(value)
        left, right = min(x_zero, x_value), max(x_zero, x_value)
        parts.append(svg.rect(left, top, right - left, BAR_HEIGHT, cls=f"bar bar--{kpi.status}", fill=colour))
        if value > hi or value < lo:
            # The bar is cut at the axis end: a white double slash says "continues".
            edge = right - 8 if value > hi else left + 4
            parts.append(
                svg.tag(
                    "path",
                    {
                        "class": "overflow-mark",
                        "d": (
                            f"M{svg.num(edge)} {svg.num(top + BAR_HEIGHT)}l4 {svg.num(-BAR_HEIGHT)}"
                            f"M{svg.num(edge + 4)} {svg.num(top + BAR_HEIGHT)}l4 {svg.num(-BAR_HEIGHT)}"
                        ),
                        "stroke": svg.WHITE,
                        "stroke-width": 1.5,
                        "fill": "none",
                    },
                )
            )
    parts.append(
        svg.text(
            value_x,
            mid - 2,
            fmt.percent(kpi.achievement, 1),
            cls=f"value-label status--{kpi.status}",
            bold=True,
            fill=colour if kpi.status != "no_data" else svg.MUTED,
        )
    )
    parts.append(svg.text(value_x, mid + 12, status_label, cls="status-label", size=10.5, fill=svg.MUTED))
    parts.append(svg.tooltip(f"{kpi.name}: {fmt.percent(kpi.achievement, 1)} ({status_label})"))
    return parts


def kpi_bars(
    summary: KpiSummary,
    *,
    fmt: Formatter,
    t: Translate,
    chart_id: str,
    primary: str | None = None,
    width: float = WIDTH,
) -> Markup:
    """Return KPI achievement bars coloured by status, with the 100 % target and the 70 % threshold."""
    lo, hi = _kpi_axis(summary.kpis)
    plot_x1, value_x = PLOT_X1 + width - WIDTH, VALUE_X + width - WIDTH
    to_x = _scale(lo, hi, plot_x1)
    statuses = ("achieved", "on_track", "at_risk", "missed", "no_data")
    legend, _ = _legend(
        LABEL_X,
        20,
        [
            (
                f"legend-swatch bar bar--{status}",
                svg.STATUS[status],
                f"{t(f'chart.kpi.status.{status}')} ({summary.by_status.get(status, 0)})",
            )
            for status in statuses
        ],
    )
    body: list[str] = list(legend)
    top = 56.0
    y = top
    rows: list[str] = []
    for kpi in summary.kpis:
        lines = svg.wrap_to_width(kpi.name, LABEL_WIDTH, 2)
        height = _row_height(len(lines))
        mid = y + height / 2
        row = [svg.text_lines(LABEL_X, mid, lines, cls="row-label")]
        row += _kpi_row(kpi, mid, to_x, lo, hi, fmt, t, value_x)
        rows.append(svg.group({"class": f"row kpi kpi--{kpi.status}", "data-key": kpi.id}, row))
        y += height
    if not summary.kpis:
        rows.append(svg.text(PLOT_X0, y + 20, t("chart.kpi.none"), cls="no-data-label", fill=svg.MUTED))
        y += 36
    bottom = y + 4
    step = 25.0 if hi - lo <= 150 else 50.0
    ticks = [lo + i * step for i in range(int((hi - lo) / step) + 1)]
    body += _grid(ticks, to_x, top - 6, bottom, lambda v: fmt.percent(v, 0))
    if lo < 0:
        body.append(svg.line(to_x(0), top - 6, to_x(0), bottom, cls="zero-line", stroke=svg.MUTED, stroke_width=1.0))
    x70, x100 = to_x(70.0), to_x(100.0)
    body.append(
        svg.line(
            x70,
            top - 10,
            x70,
            bottom,
            cls="threshold",
            stroke=svg.STATUS["at_risk"],
            stroke_width=1.5,
            stroke_dasharray="5 3",
        )
    )
    body.append(
        svg.text(
            x70 - 4,
            top - 14,
            t("chart.kpi.threshold", value=fmt.percent(70, 0)),
            cls="threshold-label",
            anchor="end",
            size=10.5,
            fill=svg.STATUS["at_risk"],
        )
    )
    body.append(svg.line(x100, top - 10, x100, bottom, cls="target-line", stroke=svg.INK, stroke_width=2.0))
    body.append(
        svg.text(
            x100 + 4,
            top - 14,
            t("chart.kpi.target", value=fmt.percent(100, 0)),
            cls="target-label",
            size=10.5,
            fill=svg.INK,
        )
    )
    body += rows
    body.append(
        svg.text(
            (PLOT_X0 + plot_x1) / 2,
            bottom + 32,
            t("chart.kpi.axis"),
            cls="axis-title",
            anchor="middle",
            size=11,
            fill=svg.MUTED,
        )
    )
    desc = " ".join(
        t(
            "chart.kpi.desc_row",
            name=k.name,
            value=fmt.percent(k.achievement, 1),
            status=t(f"chart.kpi.status.{k.status}"),
        )
        for k in summary.kpis
    ) or t("chart.kpi.none")
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="kpi",
        width=width,
        height=bottom + 44,
        title=t("chart.kpi.title"),
        desc=desc,
        body=body,
    )


# --- progress -------------------------------------------------------------------------------------


def progress_bar(
    value: float | None,
    *,
    fmt: Formatter,
    t: Translate,
    chart_id: str,
    width: float = 120.0,
    primary: str | None = None,
) -> Markup:
    """Return a small inline bar for a phase's progress (0–100); an empty track when unknown."""
    height = 16.0
    label = fmt.percent(value, 0) if value is not None else t("chart.progress.none")
    total = width + 8 + svg.text_width(label, 11) + 2
    body = [svg.rect(0, 3, width, 10, cls="track", fill=svg.TRACK, rx=5.0)]
    if value is not None and value > 0:
        share = min(max(value, 0.0), 100.0) / 100
        complete = "progress-bar--complete" if share >= 1 else ""
        body.append(
            svg.rect(
                0,
                3,
                width * share,
                10,
                cls=f"bar progress-bar {complete}".strip(),
                fill=svg.STATUS["achieved"] if share >= 1 else svg.PRIMARY,
                rx=5.0,
            )
        )
    body.append(svg.text(width + 8, 12, label, cls="value-label", size=11, fill=svg.INK))
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="progress",
        width=total,
        height=height,
        fixed=True,
        title=t("chart.progress.title"),
        desc=t("chart.progress.desc", value=label),
        body=body,
    )
