"""A small line chart of one KPI over time: measured values, the plan path and the target.

Time runs left to right on a true date scale from the baseline date (else the first date known)
to the later of the due date, the last value and as_of. What is drawn (docs/formulas.md#kpi-status):

- the **plan path**, dashed: the straight lines through (baseline_date, baseline), each ``plan``
  point and (due, target) — the line the expected value is read from; only with a baseline date
  and a due date;
- the **target**, a thin horizontal line with its value;
- the **measured values** (``history`` up to as_of), a solid line with dots; an ``actual`` that was
  written or rolled up (it has no date of its own) is a dot on as_of, in the colour of the status;
- **as_of**, a vertical line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup

from kamdocs.analysis.results import KpiResult
from kamdocs.render.charts import svg
from kamdocs.render.charts.svg import Translate
from kamdocs.render.charts.trend import _ticks
from kamdocs.render.formatting import Formatter, places

WIDTH = 340.0
HEIGHT = 176.0
PLOT_X0 = 76.0
PLOT_X1 = WIDTH - 58.0
PLOT_Y0 = 30.0
PLOT_Y1 = HEIGHT - 34.0
PLAN = "#5f6b76"
MONEY_UNITS = frozenset({"EUR", "USD", "GBP", "CHF", "PLN", "CZK", "SEK", "NOK", "DKK", "€", "$", "£"})
PERCENT_UNITS = frozenset({"%", "percent", "prozent", "pct"})


def value_text(fmt: Formatter, unit: str, digits: int) -> Callable[[float], str]:
    """Return how a value of ``unit`` is written on the axis: compact money, percent or number and unit."""
    unit = unit.strip()
    if unit.upper() in MONEY_UNITS:
        return fmt.money_compact
    if unit.lower() in PERCENT_UNITS:
        return lambda value: fmt.percent(value, digits)
    return lambda value: fmt.number(value, digits)


def kpi_line(
    kpi: KpiResult,
    *,
    as_of: dt.date,
    fmt: Formatter,
    t: Translate,
    chart_id: str,
    primary: str | None = None,
) -> Markup:
    """Return the line chart of ``kpi`` on ``as_of``."""
    plan_path: list[tuple[dt.date, float]] = []
    if kpi.baseline_date is not None and kpi.due is not None:
        plan_path = [(kpi.baseline_date, kpi.baseline), *kpi.plan, (kpi.due, kpi.target)]
    measured = list(kpi.history)
    undated = kpi.actual is not None and kpi.actual_date is None
    days = [d for d, _ in plan_path] + [d for d, _ in measured] + [as_of]
    if kpi.baseline_date is not None:
        days.append(kpi.baseline_date)
    if kpi.due is not None:
        days.append(kpi.due)
    start, end = min(days), max(days)
    if (end - start).days < 30:  # a single day or a few: give the line room
        end = start + dt.timedelta(days=30)
    values = [kpi.baseline, kpi.target, *(v for _, v in plan_path), *(v for _, v in measured)]
    if kpi.actual is not None:
        values.append(kpi.actual)
    lo, hi = min(values), max(values)
    ticks = _ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    digits = places([kpi.baseline, kpi.target, kpi.actual, *(v for _, v in measured)])
    show = value_text(fmt, kpi.unit, digits)

    def x(day: dt.date) -> float:
        return PLOT_X0 + (day - start).days / (end - start).days * (PLOT_X1 - PLOT_X0)

    def y(value: float) -> float:
        return PLOT_Y1 - (value - lo) / (hi - lo) * (PLOT_Y1 - PLOT_Y0)

    body: list[str] = []
    for tick in ticks:
        body.append(svg.line(PLOT_X0, y(tick), PLOT_X1, y(tick), cls="grid", stroke=svg.GRID, stroke_width=1.0))
        body.append(
            svg.text(PLOT_X0 - 6, y(tick) + 4, show(tick), cls="tick-label", anchor="end", size=11, fill=svg.MUTED)
        )
    body.append(svg.text(PLOT_X0, HEIGHT - 12, fmt.date(start, "short"), cls="tick-label", size=11, fill=svg.MUTED))
    body.append(
        svg.text(PLOT_X1, HEIGHT - 12, fmt.date(end, "short"), cls="tick-label", anchor="end", size=11, fill=svg.MUTED)
    )
    # as_of
    body.append(
        svg.line(x(as_of), PLOT_Y0 - 6, x(as_of), PLOT_Y1, cls="as-of", stroke=svg.MUTED, stroke_dasharray="2 2")
    )
    body.append(
        svg.text(
            x(as_of),
            PLOT_Y0 - 10,
            t("chart.kpi_line.as_of"),
            cls="as-of-label",
            anchor="middle",
            size=11,
            fill=svg.MUTED,
        )
    )
    # target
    body.append(
        svg.line(
            PLOT_X0,
            y(kpi.target),
            PLOT_X1,
            y(kpi.target),
            cls="target",
            stroke=svg.STATUS["achieved"],
            stroke_width=1.0,
        )
    )
    body.append(
        svg.text(
            PLOT_X1 + 4,
            y(kpi.target) + 4,
            t("chart.kpi_line.target"),
            cls="target-label",
            size=11,
            fill=svg.STATUS["achieved"],
        )
    )
    if plan_path:
        coords = [(x(d), y(v)) for d, v in plan_path]
        body.append(
            svg.tag(
                "polyline",
                {
                    "class": "plan-line",
                    "points": svg.points(coords),
                    "fill": "none",
                    "stroke": PLAN,
                    "stroke-width": "1.5",
                    "stroke-dasharray": "5 3",
                },
            )
        )
        for (day, value), (cx, cy) in list(zip(plan_path, coords, strict=True))[1:-1]:
            body.append(
                svg.tag(
                    "circle",
                    {"class": "plan-point", "cx": cx, "cy": cy, "r": "3", "fill": svg.WHITE, "stroke": PLAN},
                    svg.tooltip(f"{t('chart.kpi_line.plan')} {fmt.date(day, 'short')}: {show(value)}"),
                )
            )
    if len(measured) > 1:
        body.append(
            svg.tag(
                "polyline",
                {
                    "class": "history-line",
                    "points": svg.points((x(d), y(v)) for d, v in measured),
                    "fill": "none",
                    "stroke": svg.PRIMARY,
                    "stroke-width": "2",
                },
            )
        )
    for day, value in measured:
        # The value that is the KPI's actual is drawn in the colour of its status.
        used = not undated and day == kpi.actual_date
        body.append(
            svg.tag(
                "circle",
                {
                    "class": f"history-point actual-point--{kpi.status}" if used else "history-point",
                    "cx": x(day),
                    "cy": y(value),
                    "r": "4.5" if used else "3",
                    "fill": svg.STATUS[kpi.status] if used else svg.PRIMARY,
                    "stroke": svg.WHITE if used else None,
                },
                svg.tooltip(f"{fmt.date(day, 'short')}: {show(value)}"),
            )
        )
    if undated and kpi.actual is not None:
        body.append(
            svg.tag(
                "circle",
                {
                    "class": f"actual-point actual-point--{kpi.status}",
                    "cx": x(as_of),
                    "cy": y(kpi.actual),
                    "r": "4.5",
                    "fill": svg.STATUS[kpi.status],
                    "stroke": svg.WHITE,
                },
                svg.tooltip(f"{t('chart.kpi_line.actual')} {fmt.date(as_of, 'short')}: {show(kpi.actual)}"),
            )
        )
    parts = [t("chart.kpi_line.desc_target", value=show(kpi.target), date=fmt.date(kpi.due, "short"))]
    if kpi.actual is not None:
        parts.append(
            t("chart.kpi_line.desc_actual", value=show(kpi.actual), date=fmt.date(kpi.actual_date or as_of, "short"))
        )
    if kpi.expected is not None:
        parts.append(t("chart.kpi_line.desc_expected", value=show(kpi.expected), date=fmt.date(as_of, "short")))
    if measured:
        parts.append(
            t("chart.kpi_line.desc_history", values=", ".join(f"{fmt.date(d, 'short')} {show(v)}" for d, v in measured))
        )
    return svg.document(
        chart_id=chart_id,
        kind="kpi-line",
        width=WIDTH,
        height=HEIGHT,
        title=kpi.name,
        desc="; ".join(parts),
        body=body,
        primary=primary,
    )
