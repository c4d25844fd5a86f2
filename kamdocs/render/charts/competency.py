"""The competency radar: the required profile against one candidate's ratings or the team mean.

The internal audience may only see aggregates (docs/audiences.md): called without a candidate, the radar
draws the team mean and names nobody.
"""

from __future__ import annotations

import math

from markupsafe import Markup

from kamdocs.analysis.results import CandidateFit, TeamCompetency
from kamdocs.render.charts import svg
from kamdocs.render.charts.svg import Translate
from kamdocs.render.formatting import Formatter

RADAR_WIDTH = 720.0
RADIUS = 170.0
LABEL_GAP = 14.0
RADAR_LABEL_WIDTH = 160.0


def _label(competency: TeamCompetency) -> str:
    # A no-break space keeps the asterisk with the last word when the label wraps.
    return competency.name + ("\u00a0*" if competency.critical else "")


def radar(
    team: tuple[TeamCompetency, ...],
    *,
    candidate: CandidateFit | None,
    scale_max: int,
    t: Translate,
    chart_id: str,
    fmt: Formatter | None = None,
    primary: str | None = None,
) -> Markup:
    """Return the radar of the required profile against a candidate's ratings or the team mean."""
    count = len(team)
    values: list[float | None]
    if candidate is not None:
        values = [None if (r := candidate.ratings.get(c.id)) is None else float(r) for c in team]
        series = t("chart.radar.candidate", name=candidate.name)
    else:
        values = [c.mean for c in team]
        series = t("chart.radar.team_mean")
    # A missing rating is drawn at the centre; the label says why.
    missing = " (" + t("chart.radar.not_assessed").replace(" ", "\u00a0") + ")"
    withheld = " (" + t("site.small_group").replace(" ", "\u00a0") + ")"
    labels = [
        _AxisLabel(i, count, _label(c) + ("" if v is not None else withheld if c.withheld else missing), c.critical)
        for i, (c, v) in enumerate(zip(team, values, strict=True))
    ]
    # Room above and below the circle for the longest labels there.
    cx = RADAR_WIDTH / 2
    cy = 16 - min((label.top for label in labels), default=-RADIUS)
    bottom = cy + max((label.bottom for label in labels), default=RADIUS)
    top_scale = max(scale_max, 1)

    def at(axis: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * axis / max(count, 1)
        r = RADIUS * min(max(value, 0.0), top_scale) / top_scale
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body: list[str] = []
    for ring in range(1, top_scale + 1):
        corners = [at(i, ring) for i in range(max(count, 3))] if count >= 3 else []
        if corners:
            body.append(
                svg.tag(
                    "polygon",
                    {
                        "class": "ring",
                        "points": svg.points(corners),
                        "fill": "none",
                        "stroke": svg.GRID,
                        "stroke-width": 1.0,
                    },
                )
            )
        else:
            body.append(
                svg.tag(
                    "circle",
                    {
                        "class": "ring",
                        "cx": cx,
                        "cy": cy,
                        "r": RADIUS * ring / top_scale,
                        "fill": "none",
                        "stroke": svg.GRID,
                        "stroke-width": 1.0,
                    },
                )
            )
        # Ring numbers sit on the ring between the first two spokes, away from the data points.
        (ax, ay), (bx, by) = at(0, ring), at(1, ring)
        lx, ly = ((ax + bx) / 2, (ay + by) / 2) if count >= 3 else (ax, ay)
        body.append(svg.text(lx, ly - 2, str(ring), cls="ring-label", anchor="middle", size=11, fill=svg.MUTED))
    for i in range(count):
        x, y = at(i, top_scale)
        body.append(svg.line(cx, cy, x, y, cls="spoke", stroke=svg.GRID, stroke_width=1.0))

    required = [at(i, c.required) for i, c in enumerate(team)]
    actual = [at(i, float(v or 0)) for i, v in enumerate(values)]
    body += [label.draw(cx, cy) for label in labels]
    if count:
        body.append(
            svg.tag(
                "polygon",
                {
                    "class": "series series--actual",
                    "points": svg.points(actual),
                    "fill": svg.PRIMARY,
                    "fill-opacity": 0.22,
                    "stroke": svg.PRIMARY,
                    "stroke-width": 2.0,
                },
            )
        )
        body.append(
            svg.tag(
                "polygon",
                {
                    "class": "series series--required",
                    "points": svg.points(required),
                    "fill": "none",
                    "stroke": svg.CRITICAL,
                    "stroke-width": 2.0,
                    "stroke-dasharray": "6 4",
                },
            )
        )
        for (x, y), value in zip(actual, values, strict=True):
            body.append(
                svg.tag(
                    "circle",
                    {
                        "class": "point" + (" point--missing" if value is None else ""),
                        "cx": x,
                        "cy": y,
                        "r": 3.5,
                        "fill": svg.WHITE if value is None else svg.PRIMARY,
                        "stroke": svg.PRIMARY,
                        "stroke-width": 1.5,
                    },
                )
            )
    else:
        body.append(svg.text(cx, cy, t("chart.radar.none"), cls="no-data-label", anchor="middle", fill=svg.MUTED))

    legend_y = bottom + 30
    body += _radar_legend(legend_y, series, t, any(c.critical for c in team))
    number = fmt or Formatter(str(getattr(t, "lang", "en")))
    pairs = "; ".join(
        t(
            "chart.radar.desc_row",
            name=c.name,
            required=c.required,
            value=number.decimal(None if v is None else float(v), 1),
        )
        for c, v in zip(team, values, strict=True)
    )
    desc = t("chart.radar.desc", series=series) + " " + pairs
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="radar",
        width=RADAR_WIDTH,
        height=legend_y + 16,
        title=t("chart.radar.title", series=series),
        desc=desc,
        body=body,
    )


class _AxisLabel:
    """The wrapped name at the outer end of one spoke, and how far it reaches above and below."""

    def __init__(self, i: int, count: int, text: str, critical: bool) -> None:
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        self.cos, self.sin = math.cos(angle), math.sin(angle)
        self.critical = critical
        self.lines = svg.wrap_to_width(text, RADAR_LABEL_WIDTH, 3, 11.5, bold=critical)
        block = len(self.lines) * 11.5 * svg.LINE_HEIGHT
        y = (RADIUS + LABEL_GAP) * self.sin
        # Push the block away from the circle: up above it, down below it, centred at the sides.
        self.mid = y - block / 2 + 4 if self.sin < -0.3 else y + block / 2 - 2 if self.sin > 0.3 else y
        self.top, self.bottom = self.mid - block / 2, self.mid + block / 2

    def draw(self, cx: float, cy: float) -> str:
        """Return the label's text lines for a radar centred at (cx, cy)."""
        anchor = "middle" if abs(self.cos) < 0.3 else "start" if self.cos > 0 else "end"
        x = cx + (RADIUS + LABEL_GAP) * self.cos
        return svg.text_lines(
            x,
            cy + self.mid,
            self.lines,
            size=11.5,
            anchor=anchor,
            bold=self.critical,
            cls="axis-label" + (" axis-label--critical" if self.critical else ""),
        )


def _radar_legend(y: float, series: str, t: Translate, critical: bool) -> list[str]:
    x = 24.0
    parts = [
        svg.rect(
            x,
            y - 9,
            14,
            10,
            cls="legend-swatch series--actual",
            fill=svg.PRIMARY,
            fill_opacity=0.4,
            stroke=svg.PRIMARY,
            stroke_width=1.5,
        )
    ]
    parts.append(svg.text(x + 20, y, series, cls="legend-label", size=11))
    x += 20 + svg.text_width(series, 11) + 22
    parts.append(
        svg.line(
            x,
            y - 4,
            x + 18,
            y - 4,
            cls="legend-swatch series--required",
            stroke=svg.CRITICAL,
            stroke_width=2.0,
            stroke_dasharray="6 4",
        )
    )
    parts.append(svg.text(x + 24, y, t("chart.radar.required"), cls="legend-label", size=11))
    if critical:
        note = t("chart.radar.critical_note")
        parts.append(svg.text(RADAR_WIDTH - 24, y, note, cls="legend-label", anchor="end", size=11, fill=svg.MUTED))
    return parts
