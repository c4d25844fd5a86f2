"""KPI achievement and the v1 status rule (docs/formulas.md): KPIs without a baseline date."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdocs.analysis.kpis import analyse_kpis
from kamdocs.model import Goal, Goals, Kpi

AS_OF = dt.date(2027, 1, 1)


def kpi(kid: str, baseline: float, target: float, actual: float | None, direction: str = "increase") -> Kpi:
    return Kpi(
        id=kid, name=kid.title(), unit="EUR", direction=direction, baseline=baseline, target=target, actual=actual
    )


def results(*kpis: Kpi) -> dict[str, tuple[float | None, str]]:
    summary = analyse_kpis(Goals(goals=(Goal(id="g", title="Ziel", kpis=kpis),)), AS_OF)
    return {r.id: (r.achievement, r.status) for r in summary.kpis}


def test_increase_hand_computed() -> None:
    # (43 − 40) / (48 − 40) × 100 = 37.5
    assert results(kpi("rev", 40_000_000, 48_000_000, 43_000_000))["rev"] == (37.5, "at_risk")


def test_decrease_uses_the_same_formula() -> None:
    # complaints from 30 down to 20, now 23: (23 − 30) / (20 − 30) × 100 = 70 → on track (boundary)
    assert results(kpi("dso", 30, 20, 23, "decrease"))["dso"] == (70.0, "on_track")
    # got worse: (35 − 30) / (20 − 30) × 100 = −50
    assert results(kpi("dso", 30, 20, 35, "decrease"))["dso"] == (-50.0, "at_risk")


def test_thresholds_are_exact_for_decimals() -> None:
    # In binary floats (0.33 − 0.4) / (0.3 − 0.4) × 100 is 69.99999999999999: it must still be on track.
    assert (0.33 - 0.4) / (0.3 - 0.4) * 100 < 70
    assert results(kpi("rate", 0.4, 0.3, 0.33, "decrease"))["rate"] == (70.0, "on_track")
    assert (0.37 - 0.3) / (0.4 - 0.3) * 100 < 70
    assert results(kpi("share", 0.3, 0.4, 0.37))["share"] == (70.0, "on_track")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (10, (100.0, "achieved")),
        (12, (120.0, "achieved")),
        (9.99, (99.9, "on_track")),
        (7, (70.0, "on_track")),
        (6.99, (69.9, "at_risk")),
        (0, (0.0, "at_risk")),
        (-1, (-10.0, "at_risk")),
    ],
)
def test_status_boundaries(actual: float, expected: tuple[float, str]) -> None:
    achievement, status = results(kpi("k", 0, 10, actual))["k"]
    assert achievement == pytest.approx(expected[0])
    assert status == expected[1]


def test_kpi_without_actual_has_no_data() -> None:
    assert results(kpi("k", 1, 2, None))["k"] == (None, "no_data")


def test_file_order_goal_ids_and_status_counts() -> None:
    goals = Goals(
        goals=(
            Goal(id="growth", title="Wachstum", kpis=(kpi("b", 0, 10, 10), kpi("a", 0, 10, None))),
            Goal(id="loyalty", title="Bindung", kpis=(kpi("c", 0, 10, 1),)),
        )
    )
    summary = analyse_kpis(goals, AS_OF)
    assert [(r.id, r.goal) for r in summary.kpis] == [("b", "growth"), ("a", "growth"), ("c", "loyalty")]
    assert summary.by_status == {"achieved": 1, "on_track": 0, "at_risk": 1, "missed": 0, "no_data": 1}
    assert list(summary.by_status) == ["achieved", "on_track", "at_risk", "missed", "no_data"]


def test_an_achievement_beyond_any_float_is_null() -> None:
    # Inside the bounds of the model, but the ratio overflows a float: "cannot be computed" (docs/report-json.md: null).
    kpi = Kpi(id="k", name="K", unit="x", direction="increase", baseline=0, target=1e-300, actual=1e15)
    summary = analyse_kpis(Goals(goals=(Goal(id="g", title="G", kpis=(kpi,)),)), AS_OF)
    assert summary.kpis[0].achievement is None
    assert summary.kpis[0].status == "achieved"
