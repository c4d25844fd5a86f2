"""Label placement of the portfolio chart: the spatial index gives the placement of the exhaustive search."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from kamdocs.analysis.results import AccountPosition
from kamdocs.render.charts import portfolio, svg
from kamdocs.render.charts.portfolio import Box, _Label, _place_labels

Bubble = tuple[AccountPosition, float, float, float]


def _exhaustive(bubbles: list[Bubble], reserved: list[Box]) -> dict[str, _Label]:
    """Score every spot against every box: the placement before the spatial index, kept as the reference."""
    placed: list[Box] = list(reserved)
    circles = {account.id: portfolio._circle_box(x, y, r) for account, x, y, r in bubbles}
    result: dict[str, _Label] = {}
    for account, x, y, r in sorted(bubbles, key=lambda b: (-b[3], b[0].id)):
        lines = portfolio._label_lines(account.name)
        width = max(svg.text_width(line, portfolio.LABEL_SIZE) for line in lines) + 4
        height = len(lines) * portfolio.LABEL_SIZE * svg.LINE_HEIGHT + 2
        best: tuple[float, float, float, bool] | None = None
        for ring, gap in enumerate(portfolio._GAPS):
            for order, (cos, sin) in enumerate(portfolio._DIRECTIONS):
                cx = x + cos * (r + gap) + (math.copysign(width / 2, cos) if abs(cos) > 0.3 else 0.0)
                cy = y + sin * (r + gap) + (math.copysign(height / 2, sin) if abs(sin) > 0.3 else 0.0)
                box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
                outside = (
                    box[0] < portfolio.PLOT_X0 + 2
                    or box[2] > portfolio.PLOT_X1 - 2
                    or box[1] < portfolio.PLOT_Y0 + 2
                    or box[3] > portfolio.PLOT_Y1 - 2
                )
                cost = sum(portfolio._overlap(box, other) for other in placed) * 50
                cost += sum(portfolio._overlap(box, c) for key, c in circles.items() if key != account.id)
                cost += 1_000_000.0 if outside else 0.0
                cost += ring * 25.0 + order * 0.5
                if best is None or cost < best[0]:
                    best = (cost, cx, cy, gap >= 14)
        assert best is not None
        _, cx, cy, leader = best
        placed.append((cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))
        result[account.id] = _Label(lines, cx, cy, width, height, leader)
    return result


def _account(index: int, name: str) -> AccountPosition:
    return AccountPosition(
        id=f"acc-{index:03d}",
        name=name,
        classification=None,
        revenue=None,
        potential=None,
        attractiveness=None,
        position=None,
        quadrant=None,
        share_of_wallet=None,
    )


NAMES = st.sampled_from(["Acme", "Müller Maschinenbau GmbH", "X", "Nordwind Logistik und Lagerhaltung AG", "Kö"])
# Coarse scores and few radii: bubbles on the same spot, touching edges and equal costs happen often.
SCORES = st.one_of(st.integers(1, 10).map(float), st.sampled_from([5.5, 0.0, 11.0]), st.floats(1, 10, allow_nan=False))
RADII = st.one_of(
    st.sampled_from([portfolio.MIN_RADIUS, 10.0, portfolio.MAX_RADIUS]),
    st.floats(portfolio.MIN_RADIUS, portfolio.MAX_RADIUS),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(NAMES, SCORES, SCORES, RADII), min_size=1, max_size=30))
def test_indexed_placement_equals_exhaustive_search(rows: list[tuple[str, float, float, float]]) -> None:
    bubbles = [
        (_account(i, name), portfolio._x(pos), portfolio._y(att), r) for i, (name, pos, att, r) in enumerate(rows)
    ]
    reserved = [(86.0, 25.0, 200.0, 41.0), (440.0, 487.0, 550.0, 503.0)]
    assert _place_labels(bubbles, reserved) == _exhaustive(bubbles, reserved)


def test_dense_chart_equals_exhaustive_search() -> None:
    # 80 bubbles on a 10 × 10 raster of scores: every spot overlaps something, so no early stop helps.
    bubbles = [
        (
            _account(i, f"Konto {i} Handel"),
            portfolio._x(1 + i % 10),
            portfolio._y(1 + (i * 7) % 10),
            portfolio.MIN_RADIUS + (i * 13) % 30,
        )
        for i in range(80)
    ]
    assert _place_labels(bubbles, []) == _exhaustive(bubbles, [])


def test_placement_is_computed_once_for_the_same_bubbles() -> None:
    bubbles = [(_account(1, "Acme"), 200.0, 200.0, 10.0), (_account(2, "Beta"), 210.0, 200.0, 12.0)]
    placements = portfolio.LabelPlacements()
    calls: list[object] = []
    real = portfolio._placement

    def counting(*key: object) -> object:
        calls.append(key)
        return real(*key)  # type: ignore[arg-type]

    portfolio._placement = counting  # type: ignore[assignment]
    try:
        first = _place_labels(bubbles, [], placements)
        second = _place_labels(list(bubbles), [], placements)
        renamed = [(_account(1, "Acme Neu"), 200.0, 200.0, 10.0), bubbles[1]]
        assert _place_labels(renamed, [], placements)["acc-001"].lines == ["Acme Neu"]
    finally:
        portfolio._placement = real
    assert first == second
    assert len(calls) == 2  # the second drawing of the same bubbles reused the placement
