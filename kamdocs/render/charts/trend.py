"""A small line chart of one key figure over the revisions of the history page.

Revisions are spaced evenly (not by time: commits cluster), oldest left, so the line reads as
"what each change did". A revision without the value (its data did not check, or the section was
missing) is a gap in the line. Values are plain numbers; dates are passed as ordinal days with a
formatter that turns them back into dates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from markupsafe import Markup

from kamdocs.render.charts import svg

WIDTH = 380.0
HEIGHT = 170.0
PLOT_X0 = 64.0
PLOT_X1 = WIDTH - 16.0
PLOT_Y0 = 34.0
PLOT_Y1 = HEIGHT - 30.0


def _ticks(lo: float, hi: float, count: int = 3) -> list[float]:
    """Return evenly spaced round tick values covering lo..hi."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    return [start + i * step for i in range(count + 2) if start + i * step <= hi + step * 0.001]


def trend_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    title: str,
    value_text: Callable[[float], str],
    chart_id: str,
    from_zero: bool = False,
    flat_pad: float | None = None,
    primary: str | None = None,
) -> Markup:
    """Return a line chart of ``values`` (oldest first) with ``labels`` (e.g. dates) under the ends."""
    present = [v for v in values if v is not None]
    body: list[str] = [svg.text(8, 18, title, cls="chart-title", bold=True, fill=svg.INK)]
    if not present:
        body.append(svg.text(PLOT_X0, (PLOT_Y0 + PLOT_Y1) / 2, "–", cls="no-data-label", fill=svg.MUTED))
        desc = title
    else:
        lo, hi = min(present), max(present)
        if from_zero:
            lo = min(lo, 0.0)
        if hi == lo:  # a flat line sits in the middle, with a margin in the value's own unit
            pad = flat_pad if flat_pad is not None else max(1.0, abs(lo) * 0.05)
            lo, hi = lo - pad, hi + pad
        ticks = _ticks(lo, hi)
        lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

        def to_y(value: float) -> float:
            return PLOT_Y1 - (value - lo) / (hi - lo) * (PLOT_Y1 - PLOT_Y0)

        def to_x(index: int) -> float:
            if len(values) == 1:
                return (PLOT_X0 + PLOT_X1) / 2
            return PLOT_X0 + index * (PLOT_X1 - PLOT_X0) / (len(values) - 1)

        for tick in ticks:
            y = to_y(tick)
            body.append(svg.line(PLOT_X0, y, PLOT_X1, y, cls="grid", stroke=svg.GRID, stroke_width=1.0))
            body.append(
                svg.text(PLOT_X0 - 6, y + 4, value_text(tick), cls="tick-label", anchor="end", size=10, fill=svg.MUTED)
            )
        segment: list[tuple[float, float]] = []
        segments: list[list[tuple[float, float]]] = []
        for index, value in enumerate(values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append((to_x(index), to_y(value)))
        if segment:
            segments.append(segment)
        for part in segments:
            if len(part) > 1:
                body.append(
                    svg.tag(
                        "polyline",
                        {
                            "class": "trend-line",
                            "points": svg.points(part),
                            "fill": "none",
                            "stroke": svg.PRIMARY,
                            "stroke-width": "2",
                        },
                    )
                )
        for index, value in enumerate(values):
            if value is not None:
                body.append(
                    svg.tag(
                        "circle",
                        {
                            "class": "trend-point",
                            "cx": svg.num(to_x(index)),
                            "cy": svg.num(to_y(value)),
                            "r": "3",
                            "fill": svg.PRIMARY,
                        },
                        svg.tooltip(f"{labels[index]}: {value_text(value)}"),
                    )
                )
        last = next(v for v in reversed(values) if v is not None)
        body.append(svg.text(PLOT_X1, 18, value_text(last), cls="value-label", anchor="end", bold=True, fill=svg.INK))
        if labels:
            body.append(svg.text(PLOT_X0, HEIGHT - 10, labels[0], cls="tick-label", size=10, fill=svg.MUTED))
            body.append(
                svg.text(PLOT_X1, HEIGHT - 10, labels[-1], cls="tick-label", anchor="end", size=10, fill=svg.MUTED)
            )
        first = next(v for v in values if v is not None)
        desc = f"{title}: {value_text(first)} → {value_text(last)}"
    return svg.document(
        chart_id=chart_id,
        kind="trend",
        width=WIDTH,
        height=HEIGHT,
        title=title,
        desc=desc,
        body=body,
        primary=primary,
    )
