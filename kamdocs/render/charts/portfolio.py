"""The account portfolio matrix: attractiveness × relative position, bubble area by revenue."""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

from markupsafe import Markup

from kamdocs.analysis.results import AccountPosition, Portfolio
from kamdocs.render.charts import svg
from kamdocs.render.charts.svg import Translate
from kamdocs.render.formatting import Formatter

WIDTH = 680.0
PLOT_X0 = 78.0
PLOT_Y0 = 20.0
PLOT = 480.0
PLOT_X1 = PLOT_X0 + PLOT
PLOT_Y1 = PLOT_Y0 + PLOT
THRESHOLD = 5.5
MAX_RADIUS = 34.0
MIN_RADIUS = 3.5
LABEL_SIZE = 11.0
LABEL_WIDTH = 170.0
"""A name wider than this is wrapped into a second line."""
QUADRANTS = {
    # id: (fill, label corner: x side, y side)
    "invest_selectively": ("#fff8e1", "left", "top"),
    "develop": ("#e8f5e9", "right", "top"),
    "harvest": ("#f5f5f5", "left", "bottom"),
    "maintain": ("#e3f2fd", "right", "bottom"),
}

Box = tuple[float, float, float, float]


def _x(value: float) -> float:
    return PLOT_X0 + (min(max(value, 1.0), 10.0) - 1) / 9 * PLOT


def _y(value: float) -> float:
    return PLOT_Y1 - (min(max(value, 1.0), 10.0) - 1) / 9 * PLOT


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _overlap_sum(box: Box, others: list[Box]) -> float:
    """Return the sum of ``_overlap(box, other)`` over ``others``, in their order (inlined: the hot loop)."""
    x0, y0, x1, y1 = box
    # Zero overlaps are left out of the sum: adding 0.0 never changes a float sum.
    return sum(
        [
            w * h
            for a0, a1, a2, a3 in others
            if (w := (a2 if a2 < x1 else x1) - (a0 if a0 > x0 else x0)) > 0
            and (h := (a3 if a3 < y1 else y1) - (a1 if a1 > y0 else y0)) > 0
        ]
    )


def _circle_box(x: float, y: float, r: float) -> Box:
    return (x - r, y - r, x + r, y + r)


_GAPS = (4.0, 14.0, 28.0, 46.0, 70.0, 100.0)
_DIRECTIONS = tuple(
    (math.cos(math.radians(a)), math.sin(math.radians(a)))
    for a in (0, 180, -90, 90, -30, -150, 30, 150, -60, -120, 60, 120)
)
"""Right, left, above, below first: the conventional spots win when they are free."""


@dataclass(frozen=True)
class _Label:
    lines: list[str]
    x: float
    """Centre of the label's box."""
    y: float
    width: float
    height: float
    leader: bool


def _label_lines(name: str) -> list[str]:
    return svg.wrap_to_width(name, LABEL_WIDTH, 2, LABEL_SIZE)


_CELL = 40.0
"""Side of a cell of the spatial index, in SVG units (about a bubble or a label's height)."""


class _Grid:
    """A uniform grid of boxes: which boxes can overlap a given box, in the order they were added.

    Two boxes that overlap by a positive area share at least one cell, so boxes outside the cells of a
    query box contribute exactly 0.0 to an overlap sum and can be left out without changing it.
    """

    def __init__(self) -> None:
        self.boxes: list[Box] = []
        self.cells: dict[tuple[int, int], list[int]] = {}

    @staticmethod
    def _span(box: Box) -> tuple[range, range]:
        return (
            range(math.floor(box[0] / _CELL), math.floor(box[2] / _CELL) + 1),
            range(math.floor(box[1] / _CELL), math.floor(box[3] / _CELL) + 1),
        )

    def add(self, box: Box) -> None:
        """Add ``box`` as the next one."""
        index = len(self.boxes)
        self.boxes.append(box)
        columns, rows = self._span(box)
        for column in columns:
            for row in rows:
                self.cells.setdefault((column, row), []).append(index)

    def near(self, box: Box) -> list[int]:
        """Return the indices of the boxes sharing a cell with ``box``, ascending (the order of addition)."""
        columns, rows = self._span(box)
        found: set[int] = set()
        for column in columns:
            for row in rows:
                found.update(self.cells.get((column, row), ()))
        return sorted(found)


_PlacementKey = tuple[tuple[tuple[str, str, float, float, float], ...], tuple[Box, ...]]


class LabelPlacements:
    """Label placements already computed, by their input: a build session keeps one.

    A portfolio chart is drawn more than once per build (accounts page, chapters, print) and again
    on every ``serve`` rebuild; placing its labels is the chart's largest cost.
    """

    SIZE = 8

    def __init__(self) -> None:
        self._store: OrderedDict[_PlacementKey, tuple[tuple[str, _Label], ...]] = OrderedDict()

    def place(self, key: _PlacementKey) -> tuple[tuple[str, _Label], ...]:
        """Return the placement of ``key``, computing it the first time."""
        found = self._store.get(key)
        if found is None:
            found = self._store[key] = _placement(*key)
            if len(self._store) > self.SIZE:
                self._store.popitem(last=False)
        else:
            self._store.move_to_end(key)
        return found


def _place_labels(
    bubbles: list[tuple[AccountPosition, float, float, float]],
    reserved: list[Box],
    placements: LabelPlacements | None = None,
) -> dict[str, _Label]:
    """Choose for each label the spot around its bubble that overlaps least."""
    key: _PlacementKey = (tuple((account.id, account.name, x, y, r) for account, x, y, r in bubbles), tuple(reserved))
    return dict(placements.place(key) if placements is not None else _placement(*key))


def _placement(
    bubbles: tuple[tuple[str, str, float, float, float], ...], reserved: tuple[Box, ...]
) -> tuple[tuple[str, _Label], ...]:
    """Place the labels of ``bubbles`` (id, name, x, y, radius); see :func:`_place_labels`.

    Every candidate spot gets the same cost, summed in the same order, as when it is scored against
    every box: only the boxes the grid returns can overlap it, the others add exactly 0.0.
    """
    placed = _Grid()
    for box in reserved:
        placed.add(box)
    circles = {key: _circle_box(x, y, r) for key, _, x, y, r in bubbles}
    circle_grid = _Grid()
    circle_keys = list(circles)
    for circle in circles.values():
        circle_grid.add(circle)
    result: list[tuple[str, _Label]] = []
    for key, name, x, y, r in sorted(bubbles, key=lambda b: (-b[4], b[0])):
        lines = _label_lines(name)
        width = max(svg.text_width(line, LABEL_SIZE) for line in lines) + 4
        height = len(lines) * LABEL_SIZE * svg.LINE_HEIGHT + 2
        best: tuple[float, float, float, bool] | None = None
        for ring, gap in enumerate(_GAPS):
            for order, (cos, sin) in enumerate(_DIRECTIONS):
                base = ring * 25.0 + order * 0.5
                # Overlaps only add to the base, and the bases grow in this order: nothing later can win.
                if best is not None and best[0] <= base:
                    break
                # Put the box's near edge, not its centre, at the distance r + gap from the bubble.
                cx = x + cos * (r + gap) + (math.copysign(width / 2, cos) if abs(cos) > 0.3 else 0.0)
                cy = y + sin * (r + gap) + (math.copysign(height / 2, sin) if abs(sin) > 0.3 else 0.0)
                box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
                outside = box[0] < PLOT_X0 + 2 or box[2] > PLOT_X1 - 2 or box[1] < PLOT_Y0 + 2 or box[3] > PLOT_Y1 - 2
                penalty = 1_000_000.0 if outside else 0.0
                bubbles_hit = _overlap_sum(
                    box, [circle_grid.boxes[i] for i in circle_grid.near(box) if circle_keys[i] != key]
                )
                # The cost without the labels' overlap is a floor of the cost (float sums of non-negative
                # terms only grow): a spot whose floor does not beat the best need not be scored further.
                if best is not None and (bubbles_hit + penalty) + base >= best[0]:
                    continue
                cost = _overlap_sum(box, [placed.boxes[i] for i in placed.near(box)]) * 50
                cost += bubbles_hit
                cost += penalty
                cost += base
                if best is None or cost < best[0]:
                    best = (cost, cx, cy, gap >= 14)
            else:
                continue
            break
        assert best is not None
        _, cx, cy, leader = best
        placed.add((cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))
        result.append((key, _Label(lines, cx, cy, width, height, leader)))
    return tuple(result)


def _frame(t: Translate, threshold: float = THRESHOLD) -> list[str]:
    parts = []
    mid_x, mid_y = _x(threshold), _y(threshold)
    areas = {
        "invest_selectively": (PLOT_X0, PLOT_Y0, mid_x, mid_y),
        "develop": (mid_x, PLOT_Y0, PLOT_X1, mid_y),
        "harvest": (PLOT_X0, mid_y, mid_x, PLOT_Y1),
        "maintain": (mid_x, mid_y, PLOT_X1, PLOT_Y1),
    }
    for quadrant, (x0, y0, x1, y1) in areas.items():
        fill, side, edge = QUADRANTS[quadrant]
        parts.append(svg.rect(x0, y0, x1 - x0, y1 - y0, cls=f"quadrant quadrant--{quadrant}", fill=fill))
        lx, anchor = (x0 + 8, "start") if side == "left" else (x1 - 8, "end")
        ly = y0 + 18 if edge == "top" else y1 - 10
        parts.append(
            svg.text(
                lx,
                ly,
                t(f"chart.portfolio.quadrant.{quadrant}"),
                cls=f"quadrant-label quadrant-label--{quadrant}",
                anchor=anchor,
                size=12.5,
                bold=True,
                fill=svg.MUTED,
                data_quadrant=quadrant,
            )
        )
    for value in range(1, 11):
        x, y = _x(value), _y(value)
        parts.append(
            svg.text(x, PLOT_Y1 + 16, str(value), cls="tick-label", anchor="middle", size=10.5, fill=svg.MUTED)
        )
        parts.append(
            svg.text(PLOT_X0 - 8, y + 4, str(value), cls="tick-label", anchor="end", size=10.5, fill=svg.MUTED)
        )
    parts.append(
        svg.rect(PLOT_X0, PLOT_Y0, PLOT, PLOT, cls="plot-frame", fill="none", stroke=svg.GRID, stroke_width=1.0)
    )
    parts.append(
        svg.line(
            mid_x, PLOT_Y0, mid_x, PLOT_Y1, cls="threshold", stroke=svg.MUTED, stroke_width=1.0, stroke_dasharray="5 3"
        )
    )
    parts.append(
        svg.line(
            PLOT_X0, mid_y, PLOT_X1, mid_y, cls="threshold", stroke=svg.MUTED, stroke_width=1.0, stroke_dasharray="5 3"
        )
    )
    parts.append(
        svg.text(
            (PLOT_X0 + PLOT_X1) / 2,
            PLOT_Y1 + 38,
            t("chart.portfolio.x_axis"),
            cls="axis-title",
            anchor="middle",
            size=12,
            bold=True,
            fill=svg.INK,
        )
    )
    ty = (PLOT_Y0 + PLOT_Y1) / 2
    parts.append(
        svg.text(
            24,
            ty,
            t("chart.portfolio.y_axis"),
            cls="axis-title",
            anchor="middle",
            size=12,
            bold=True,
            fill=svg.INK,
            transform=f"rotate(-90 24 {svg.num(ty)})",
        )
    )
    return parts


def _quadrant_label_boxes(t: Translate) -> list[Box]:
    """Return the areas of the quadrant labels, which account labels should keep clear of."""
    boxes = []
    for quadrant, (_, side, edge) in QUADRANTS.items():
        width = svg.text_width(t(f"chart.portfolio.quadrant.{quadrant}"), 12.5, bold=True)
        x0 = PLOT_X0 + 8 if side == "left" else PLOT_X1 - 8 - width
        ly = PLOT_Y0 + 18 if edge == "top" else PLOT_Y1 - 10
        boxes.append((x0, ly - 13, x0 + width, ly + 3))
    return boxes


def portfolio_matrix(
    portfolio: Portfolio,
    *,
    fmt: Formatter,
    t: Translate,
    chart_id: str,
    primary: str | None = None,
    placements: LabelPlacements | None = None,
) -> Markup:
    """Return the portfolio matrix with the four quadrants and one bubble per rated account."""
    shown = [a for a in portfolio.accounts if a.attractiveness is not None and a.position is not None]
    omitted = [a for a in portfolio.accounts if a not in shown]
    largest = max((a.revenue or 0.0 for a in shown), default=0.0)

    def radius(revenue: float | None) -> float:
        if not revenue or largest <= 0:
            return MIN_RADIUS
        # Area, not radius, is proportional to revenue; the floor only keeps tiny accounts visible.
        return max(MIN_RADIUS, MAX_RADIUS * math.sqrt(revenue / largest))

    bubbles = [(a, _x(a.position or 0), _y(a.attractiveness or 0), radius(a.revenue)) for a in shown]
    labels = _place_labels(bubbles, _quadrant_label_boxes(t), placements)
    body = _frame(t, portfolio.threshold)
    marks: list[str] = []
    leaders: list[str] = []
    texts: list[str] = []
    for account, x, y, r in sorted(bubbles, key=lambda b: (-b[3], b[0].id)):
        cls = "bubble" + (f" bubble--{account.classification}" if account.classification else "")
        if account.revenue:
            marks.append(
                svg.tag(
                    "circle",
                    {
                        "class": cls,
                        "cx": x,
                        "cy": y,
                        "r": r,
                        "fill": svg.PRIMARY,
                        "fill-opacity": 0.55,
                        "stroke": svg.PRIMARY,
                        "stroke-width": 1.5,
                        "data-key": account.id,
                    },
                    svg.tooltip(_bubble_tip(account, fmt, t)),
                )
            )
        else:
            marks.append(
                svg.tag(
                    "circle",
                    {
                        "class": cls + " bubble--no-revenue",
                        "cx": x,
                        "cy": y,
                        "r": r,
                        "fill": svg.WHITE,
                        "stroke": svg.PRIMARY,
                        "stroke-width": 1.5,
                        "data-key": account.id,
                    },
                    svg.tooltip(_bubble_tip(account, fmt, t)),
                )
            )
        label = labels[account.id]
        if label.leader:
            # From the bubble's edge to the nearest point of the label's box.
            bx = min(max(x, label.x - label.width / 2), label.x + label.width / 2)
            by = min(max(y, label.y - label.height / 2), label.y + label.height / 2)
            angle = math.atan2(by - y, bx - x)
            leaders.append(
                svg.line(
                    x + r * math.cos(angle),
                    y + r * math.sin(angle),
                    bx,
                    by,
                    cls="leader",
                    stroke=svg.INK,
                    stroke_width=0.8,
                )
            )
        texts.append(
            svg.group(
                {"class": "bubble-label", "data-key": account.id},
                [
                    svg.text_lines(
                        label.x, label.y, label.lines, cls="bubble-label-line", size=LABEL_SIZE, anchor="middle"
                    )
                ],
            )
        )
    body += marks + leaders + texts

    legend_y = PLOT_Y1 + 62
    body += _size_legend(legend_y, largest, fmt, t)
    if omitted:
        note = t("chart.portfolio.omitted", count=len(omitted))
        body.append(svg.text(PLOT_X0, legend_y + 2 * MAX_RADIUS + 24, note, cls="note", size=11, fill=svg.MUTED))
    height = legend_y + 2 * MAX_RADIUS + (34 if omitted else 14)

    desc = (
        t("chart.portfolio.desc", count=len(shown))
        + " "
        + "; ".join(
            t(
                "chart.portfolio.desc_row",
                name=a.name,
                attractiveness=fmt.decimal(a.attractiveness, 1),
                position=fmt.decimal(a.position, 1),
                revenue=fmt.money(a.revenue),
                quadrant=t(f"chart.portfolio.quadrant.{a.quadrant}") if a.quadrant else "–",
            )
            for a in shown
        )
    )
    if omitted:
        desc += " " + t("chart.portfolio.desc_omitted", names=", ".join(a.name for a in omitted))
    return svg.document(
        chart_id=chart_id,
        primary=primary,
        kind="portfolio",
        width=WIDTH,
        height=height,
        title=t("chart.portfolio.title"),
        desc=desc,
        body=body,
    )


def _bubble_tip(account: AccountPosition, fmt: Formatter, t: Translate) -> str:
    return t(
        "chart.portfolio.desc_row",
        name=account.name,
        attractiveness=fmt.decimal(account.attractiveness, 1),
        position=fmt.decimal(account.position, 1),
        revenue=fmt.money(account.revenue),
        quadrant=t(f"chart.portfolio.quadrant.{account.quadrant}") if account.quadrant else "–",
    )


def _size_legend(y: float, largest: float, fmt: Formatter, t: Translate) -> list[str]:
    parts = [svg.text(PLOT_X0, y + 4, t("chart.portfolio.size_legend"), cls="legend-label", size=11, bold=True)]
    if largest <= 0:
        return parts
    x = PLOT_X0 + svg.text_width(t("chart.portfolio.size_legend"), 11, bold=True) + 20
    for share in (1.0, 0.25):
        r = MAX_RADIUS * math.sqrt(share)
        cx, cy = x + r, y + MAX_RADIUS
        parts.append(
            svg.tag(
                "circle",
                {
                    "class": "legend-swatch bubble",
                    "cx": cx,
                    "cy": cy + (MAX_RADIUS - r),
                    "r": r,
                    "fill": svg.PRIMARY,
                    "fill-opacity": 0.25,
                    "stroke": svg.PRIMARY,
                    "stroke-width": 1.0,
                },
            )
        )
        label = fmt.money_compact(largest * share)
        parts.append(svg.text(cx + r + 8, cy + MAX_RADIUS - r + 4, label, cls="legend-label", size=11))
        x = cx + r + 8 + svg.text_width(label, 11) + 24
    return parts
