"""The Gantt chart of the task plan: phases, task bars, milestones, the as-of line, critical tasks, the forecast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date
from markupsafe import Markup

from kamdocs.analysis.results import Schedule, ScheduledTask
from kamdocs.render.charts import svg
from kamdocs.render.charts.svg import Translate
from kamdocs.render.formatting import Formatter

WIDTH = 980.0
LABEL_X = 12.0
LABEL_WIDTH = 304.0
PLOT_X0 = 326.0
PLOT_X1 = 968.0
ROW = 24.0
BAR = 13.0
HEADER = 52.0
YEAR_LABEL = 36.0
"""Room a year label needs (four digits at 11 px and a gap)."""
AS_OF_REACH = 0.25
"""The time axis is stretched to show the as-of date when that adds at most this share of the plan span."""
FORECAST = "#9a5b00"
"""Colour of the forecast: the moved bar under a slipping task and the forecast-end line."""
SPLIT_BAR = 9.0
"""Height of the plan bar of a task drawn with its forecast bar under it."""
FORECAST_BAR = 5.0
SMALLEST = 10.5
"""The smallest text of the chart (the overdue and slip marks), user units."""


@dataclass(frozen=True)
class _Frame:
    """Where the labels and the time axis go; the PDF draws the chart narrower and wraps its labels."""

    width: float = WIDTH
    label_width: float = LABEL_WIDTH
    wrap: bool = False
    """Break task names over lines instead of shortening them with "…"."""

    @property
    def plot_x0(self) -> float:
        return LABEL_X + self.label_width + (PLOT_X0 - LABEL_X - LABEL_WIDTH)

    @property
    def plot_x1(self) -> float:
        return self.width - (WIDTH - PLOT_X1)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def plan_axis(schedule: Schedule, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Return the first day shown and the day after the last one, on month boundaries."""
    # From the tasks shown, so that a schedule cut down to one phase gets its own time axis.
    first = min((task.start for task in schedule.tasks), default=schedule.start or as_of)
    last = max((max(task.due, task.forecast_due) for task in schedule.tasks), default=schedule.end or as_of)
    span = max((last - first).days, 1)
    if as_of < first and (first - as_of).days <= span * AS_OF_REACH:
        first = as_of
    if as_of > last and (as_of - last).days <= span * AS_OF_REACH:
        last = as_of
    return _month_start(first), _next_month(last)


def _groups(
    schedule: Schedule, phase_titles: dict[str, str], t: Translate
) -> list[tuple[str | None, str, list[ScheduledTask]]]:
    """Return (phase id, title, tasks) in phase order; tasks of unknown or no phase come last."""
    known = [phase.id for phase in schedule.phases]
    titles = {phase.id: phase.title for phase in schedule.phases} | phase_titles
    groups: list[tuple[str | None, str, list[ScheduledTask]]] = [
        (pid, titles.get(pid, pid), [task for task in schedule.tasks if task.phase == pid]) for pid in known
    ]
    rest = [task for task in schedule.tasks if task.phase not in known]
    if rest:
        groups.append((None, t("chart.gantt.no_phase"), rest))
    return [group for group in groups if group[2]]


def _months(first: dt.date, end: dt.date) -> list[dt.date]:
    months = []
    day = first
    while day < end:
        months.append(day)
        day = _next_month(day)
    return months


def _month_header(
    months: list[dt.date],
    end: dt.date,
    to_x: Callable[[dt.date], float],
    bottom: float,
    fmt: Formatter,
    frame: _Frame,
) -> list[str]:
    """Return month ticks with short month names and, above them, the year at each January."""
    labels = [format_date(month, "LLL", locale=fmt.locale) for month in months]
    widest = max((svg.text_width(label, 11) for label in labels), default=0.0)
    month_width = (frame.plot_x1 - frame.plot_x0) / max(len(months), 1)
    needed = 1
    while widest + 6 > month_width * needed:
        needed += 1
    # Label quarters or half-years rather than arbitrary months when space is short.
    every = next((step for step in (1, 2, 3, 6, 12) if step >= needed), None)  # None: years only
    # A plan over decades: a year label every 2, 5, 10 … years, so that labels never overlap.
    years_every = next((step for step in (1, 2, 5, 10, 20, 50, 100) if month_width * 12 * step >= YEAR_LABEL), 100)
    parts = []
    last_year_x: float | None = None
    for i, month in enumerate(months):
        x = to_x(month)
        new_year = month.month == 1 or i == 0
        parts.append(
            svg.line(
                x,
                HEADER - (30 if new_year else 14),
                x,
                bottom,
                cls="grid month-tick",
                stroke="#b8c1ca" if month.month == 1 else svg.GRID,
                stroke_width=1.0,
            )
        )
        fits_month = x + 3 + svg.text_width(labels[i], 11) <= frame.width - 2
        if every is not None and (month.month - 1) % every == 0 and fits_month:
            parts.append(svg.text(x + 3, HEADER - 4, labels[i], cls="tick-label", size=11, fill=svg.MUTED))
        # The first month's year is left out when the next January's label would collide with it.
        january_follows = month.month != 1 and i + 13 - month.month < len(months)
        crowded = january_follows and (13 - month.month) * month_width < YEAR_LABEL
        fits = x + YEAR_LABEL <= frame.width and (last_year_x is None or x - last_year_x >= YEAR_LABEL)
        if new_year and not crowded and (i == 0 or month.year % years_every == 0) and fits:
            last_year_x = x
            parts.append(
                svg.text(x + 3, HEADER - 20, str(month.year), cls="year-label", size=11, bold=True, fill=svg.INK)
            )
    parts.append(
        svg.line(to_x(end), HEADER - 14, to_x(end), bottom, cls="grid month-tick", stroke=svg.GRID, stroke_width=1.0)
    )
    return parts


def _moved(task: ScheduledTask) -> bool:
    """Tell whether the forecast of ``task`` differs from its plan (done tasks never move)."""
    return task.status != "done" and (task.forecast_start != task.start or task.forecast_due != task.due)


def _label_lines(task: ScheduledTask, frame: _Frame) -> list[str]:
    if frame.wrap:
        return svg.wrap_to_width(task.title, frame.label_width - 16, 3, 11.5)
    return [svg.fit(task.title, frame.label_width - 16, 11.5)]


def _task(
    task: ScheduledTask,
    mid: float,
    to_x: Callable[[dt.date], float],
    fmt: Formatter,
    t: Translate,
    frame: _Frame,
) -> list[str]:
    state = ["task", f"task--{task.status}"]
    if task.overdue:
        state.append("task--overdue")
    if task.critical:
        state.append("task--critical")
    fill = svg.DONE if task.status == "done" else svg.OVERDUE if task.overdue else svg.PRIMARY
    outline: dict[str, svg.Attr] = {"stroke": svg.CRITICAL, "stroke-width": 2.0} if task.critical else {}
    colour = svg.MUTED if task.status == "done" else svg.INK
    lines = _label_lines(task, frame)
    parts = [svg.text_lines(LABEL_X + 14, mid, lines, cls="task-label", size=11.5, fill=colour)]
    moved = _moved(task)
    # A moved task: the plan bar above, the forecast bar under it, both within the row.
    bar_mid, bar = (mid - 3.5, SPLIT_BAR) if moved and not task.milestone else (mid, BAR)
    x0, x1 = to_x(task.start), to_x(task.due + dt.timedelta(days=1))
    if task.milestone:
        state.append("milestone")
        cx, r = to_x(task.due) + (x1 - to_x(task.due)) / 2, BAR / 2 + 2
        diamond = [(cx, mid - r), (cx + r, mid), (cx, mid + r), (cx - r, mid)]
        parts.append(
            svg.tag("polygon", {"class": " ".join(state), "points": svg.points(diamond), "fill": fill, **outline})
        )
        end = cx + r
    else:
        parts.append(
            svg.rect(x0, bar_mid - bar / 2, max(x1 - x0, 2.0), bar, cls=" ".join(state), fill=fill, rx=2.0, **outline)
        )
        end = max(x1, x0 + 2.0)
    if moved:
        end = max(end, _forecast_mark(task, mid, to_x, parts))
    if task.status == "done":
        parts.append(svg.text(end + 5, mid + 4, "✓", cls="done-mark", size=11, fill=svg.STATUS["achieved"]))
    notes = []
    if task.overdue:
        notes.append("! " + t("chart.gantt.overdue"))
    if task.slip > 0:
        notes.append(t("chart.gantt.slip", days=task.slip))
    if notes:
        marker = " · ".join(notes)
        width = svg.text_width(marker, 10.5, bold=True)
        start = x0 if not task.milestone else end - BAR - 4
        x, anchor = (end + 5, "start") if end + 5 + width <= frame.plot_x1 else (min(start, x0) - 5, "end")
        left = x if anchor == "start" else x - width
        parts.append(
            svg.rect(left - 2, mid - 7, width + 4, 14, cls="overdue-mark-bg", fill=svg.WHITE, fill_opacity=0.85)
        )
        parts.append(
            svg.text(
                x,
                mid + 4,
                marker,
                cls="overdue-mark" if task.overdue else "slip-mark",
                anchor=anchor,
                size=10.5,
                bold=True,
                fill=svg.OVERDUE if task.overdue else FORECAST,
            )
        )
    period = f"{fmt.date(task.start, 'short')} – {fmt.date(task.due, 'short')}"
    if moved:
        forecast = f"{fmt.date(task.forecast_start, 'short')} – {fmt.date(task.forecast_due, 'short')}"
        period += f"; {t('chart.gantt.forecast')}: {forecast}"
    parts.append(svg.tooltip(f"{task.title}: {period}"))
    return parts


def _forecast_mark(task: ScheduledTask, mid: float, to_x: Callable[[dt.date], float], parts: list[str]) -> float:
    """Draw where ``task`` will lie if things go on as they are; return the right end of the mark."""
    f0, f1 = to_x(task.forecast_start), to_x(task.forecast_due + dt.timedelta(days=1))
    if task.milestone:
        cx, r = f1 - (f1 - to_x(task.forecast_due)) / 2, BAR / 2
        diamond = [(cx, mid - r), (cx + r, mid), (cx, mid + r), (cx - r, mid)]
        parts.append(
            svg.tag(
                "polygon",
                {
                    "class": "forecast forecast--milestone",
                    "points": svg.points(diamond),
                    "fill": "none",
                    "stroke": FORECAST,
                    "stroke-width": 1.5,
                    "stroke-dasharray": "3 2",
                },
            )
        )
        return cx + r
    top = mid - 3.5 + SPLIT_BAR / 2 + 1.5
    parts.append(svg.rect(f0, top, max(f1 - f0, 2.0), FORECAST_BAR, cls="forecast", fill=FORECAST, rx=1.0))
    return max(f1, f0 + 2.0)


def gantt(
    schedule: Schedule,
    *,
    fmt: Formatter,
    t: Translate,
    chart_id: str,
    as_of: dt.date,
    phase_titles: dict[str, str],
    primary: str | None = None,
    width: float = WIDTH,
    label_width: float = LABEL_WIDTH,
    wrap: bool = False,
    axis: tuple[dt.date, dt.date] | None = None,
    legend: bool = True,
) -> Markup:
    """Return the Gantt chart: rows grouped by phase, milestones as diamonds, the as-of line.

    The PDF draws it ``width`` wide with a ``label_width`` column of task names, which ``wrap``
    breaks over lines (full names) instead of shortening them. A part of a longer plan
    (:func:`gantt_parts`) takes the whole plan's ``axis`` and may leave out the ``legend``.
    """
    frame = _Frame(width, label_width, wrap)
    first, end = axis or plan_axis(schedule, as_of)
    days = max((end - first).days, 1)
    x0_plot, x1_plot = frame.plot_x0, frame.plot_x1

    def to_x(day: dt.date) -> float:
        offset = min(max((day - first).days, 0), days)
        return x0_plot + offset / days * (x1_plot - x0_plot)

    phases = {phase.id: phase for phase in schedule.phases}
    rows: list[str] = []
    y = HEADER + 4
    for pid, title, tasks in _groups(schedule, phase_titles, t):
        mid = y + ROW / 2
        phase = phases.get(pid) if pid is not None else None
        head = [svg.rect(LABEL_X - 6, y + 1, width - LABEL_X, ROW - 2, cls="phase-band", fill="#f3f6f9")]
        progress = f" ({fmt.percent(phase.progress, 0)})" if phase and phase.progress is not None else ""
        head.append(
            svg.text(
                LABEL_X,
                mid + 4,
                svg.fit(title, label_width - 40, 12, bold=True) + progress,
                cls="phase-label",
                size=12,
                bold=True,
            )
        )
        start = phase.start if phase and phase.start else min(task.start for task in tasks)
        due = phase.due if phase and phase.due else max(task.due for task in tasks)
        x0, x1 = to_x(start), to_x(due + dt.timedelta(days=1))
        head.append(
            svg.tag(
                "path",
                {
                    "class": "phase-span",
                    "fill": svg.INK,
                    "d": (
                        f"M{svg.num(x0)} {svg.num(mid - 4)}H{svg.num(x1)}V{svg.num(mid + 4)}l-4 -3H{svg.num(x0 + 4)}"
                        f"l-4 3Z"
                    ),
                },
            )
        )
        rows.append(svg.group({"class": "phase", "data-key": pid or ""}, head))
        y += ROW
        for task in tasks:
            height = max(ROW, len(_label_lines(task, frame)) * 11.5 * svg.LINE_HEIGHT + 6)
            row = _task(task, y + height / 2, to_x, fmt, t, frame)
            rows.append(svg.group({"class": "row", "data-key": task.id}, row))
            y += height
    if not schedule.tasks:
        rows.append(svg.text(x0_plot, y + 20, t("chart.gantt.none"), cls="no-data-label", fill=svg.MUTED))
        y += ROW * 1.5
    bottom = y + 4

    body = _month_header(_months(first, end), end, to_x, bottom, fmt, frame)
    # The as-of line, behind the bars so that it never hides a label; outside the axis it is
    # drawn at the edge with an arrow in its label.
    inside = first <= as_of < end
    ax = to_x(as_of) if inside else (x0_plot if as_of < first else x1_plot)
    body.append(
        svg.line(
            ax, HEADER - 14, ax, bottom + 6, cls="as-of", stroke=svg.OVERDUE, stroke_width=1.5, stroke_dasharray="4 3"
        )
    )
    before = "◂ " if not inside and as_of < first else ""
    after = " ▸" if not inside and as_of >= end else ""
    as_of_label = f"{before}{t('chart.gantt.as_of')}: {fmt.date(as_of, 'short')}{after}"
    as_of_width = svg.text_width(as_of_label, 11, bold=True)
    lx = min(max(ax, x0_plot + as_of_width / 2), x1_plot - as_of_width / 2)
    body.append(
        svg.text(lx, bottom + 20, as_of_label, cls="as-of-label", anchor="middle", size=11, bold=True, fill=svg.OVERDUE)
    )
    body += rows
    legend_y = bottom + 44
    late_end = schedule.forecast_end is not None and schedule.end is not None and schedule.forecast_end > schedule.end
    if late_end and schedule.forecast_end is not None:
        body += _forecast_end(schedule.forecast_end, to_x, bottom, fmt, t, frame)
        legend_y += 18
    if legend:
        keys, legend_y = _legend(legend_y, t, frame, forecast=any(_moved(task) for task in schedule.tasks))
        body += keys
    else:
        legend_y -= 22

    critical = [task.title for task in schedule.tasks if task.critical]
    overdue = [task.title for task in schedule.tasks if task.overdue]
    desc = t(
        "chart.gantt.desc",
        count=len(schedule.tasks),
        start=fmt.date(schedule.start),
        end=fmt.date(schedule.end),
        as_of=fmt.date(as_of),
    )
    if overdue:
        desc += " " + t("chart.gantt.desc_overdue", tasks=", ".join(overdue))
    if critical:
        desc += " " + t("chart.gantt.desc_critical", tasks=" → ".join(critical))
    if late_end and schedule.forecast_end is not None:
        desc += " " + t("chart.gantt.desc_forecast", end=fmt.date(schedule.forecast_end))
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="gantt",
        width=width,
        height=legend_y + 14,
        title=t("chart.gantt.title"),
        desc=desc,
        body=body,
    )


def _forecast_end(
    end: dt.date,
    to_x: Callable[[dt.date], float],
    bottom: float,
    fmt: Formatter,
    t: Translate,
    frame: _Frame,
) -> list[str]:
    """Return the forecast-end line (at the end of that day) and its label under the as-of label."""
    x = to_x(end + dt.timedelta(days=1))
    label = f"{t('chart.gantt.forecast_end')}: {fmt.date(end, 'short')}"
    width = svg.text_width(label, 11, bold=True)
    lx = min(max(x, frame.plot_x0 + width / 2), frame.plot_x1 - width / 2)
    return [
        svg.line(
            x,
            HEADER - 14,
            x,
            bottom + 24,
            cls="forecast-end",
            stroke=FORECAST,
            stroke_width=1.5,
            stroke_dasharray="2 2",
        ),
        svg.text(lx, bottom + 38, label, cls="forecast-end-label", anchor="middle", size=11, bold=True, fill=FORECAST),
    ]


def _legend(y: float, t: Translate, frame: _Frame, *, forecast: bool = False) -> tuple[list[str], float]:
    """Return the legend, in as many lines as the width needs, and the baseline of its last line."""
    x = LABEL_X
    parts: list[str] = []
    items = [
        ("task", svg.PRIMARY, None, t("chart.gantt.legend.task")),
        ("task task--done", svg.DONE, None, t("chart.gantt.legend.done")),
        ("task task--overdue", svg.OVERDUE, None, t("chart.gantt.legend.overdue")),
        ("task task--critical", svg.PRIMARY, svg.CRITICAL, t("chart.gantt.legend.critical")),
        ("milestone", svg.PRIMARY, None, t("chart.gantt.legend.milestone")),
    ]
    if forecast:
        items.append(("forecast", FORECAST, None, t("chart.gantt.legend.forecast")))
    for cls, fill, stroke, label in items:
        if x + 21 + svg.text_width(label, 11) > frame.width - 12:
            x, y = LABEL_X, y + 18
        if cls == "milestone":
            diamond = [(x + 7, y - 10), (x + 13, y - 4), (x + 7, y + 2), (x + 1, y - 4)]
            parts.append(
                svg.tag("polygon", {"class": f"legend-swatch {cls}", "points": svg.points(diamond), "fill": fill})
            )
        else:
            extra: dict[str, svg.Attr] = {"stroke": stroke, "stroke-width": 2.0} if stroke else {}
            parts.append(svg.rect(x, y - 9, 16, 10, cls=f"legend-swatch {cls}", fill=fill, rx=2.0, **extra))
        parts.append(svg.text(x + 21, y, label, cls="legend-label", size=11))
        x += 21 + svg.text_width(label, 11) + 18
    if x + 6 + svg.text_width(t("chart.gantt.as_of"), 11) > frame.width - 12:
        x, y = LABEL_X, y + 18
    parts.append(
        svg.line(
            x, y - 11, x, y + 3, cls="legend-swatch as-of", stroke=svg.OVERDUE, stroke_width=1.5, stroke_dasharray="4 3"
        )
    )
    parts.append(svg.text(x + 6, y, t("chart.gantt.as_of"), cls="legend-label", size=11))
    return parts, y
