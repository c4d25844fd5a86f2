"""The history page's trend chart: oldest left, gaps for revisions without the value."""

from __future__ import annotations

from kamdocs.render.charts.trend import trend_chart


def chart(values: list[float | None]) -> str:
    labels = [f"day {i}" for i in range(len(values))]
    return str(trend_chart(values, labels, title="Readiness", value_text=lambda v: f"{v:.1f} %", chart_id="t"))


def test_a_gap_splits_the_line_and_every_value_has_a_point() -> None:
    svg = chart([28.5, 30.8, None, 30.8, 31.0])
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 4
    assert "Readiness: 28.5 % → 31.0 %" in svg  # the accessible description
    assert "day 0" in svg and "day 4" in svg


def test_no_values_draw_no_line() -> None:
    svg = chart([None, None])
    assert "<polyline" not in svg and "<circle" not in svg


def test_same_input_same_bytes() -> None:
    assert chart([1.0, 2.0, 3.0]) == chart([1.0, 2.0, 3.0])
