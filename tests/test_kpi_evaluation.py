"""KPIs over time (docs/formulas.md#kpi-status): the worked examples, computed by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from kamdocs.analysis.kpis import analyse_kpis, evaluate_kpi, expected_value
from kamdocs.analysis.rollups import AccountFigures, rollup
from kamdocs.model import Goal, Goals, Kpi
from kamdocs.model.plan import DatedValue

D = dt.date
BASELINE_DATE = D(2027, 1, 1)
PLAN = (DatedValue(date=D(2027, 3, 2), value=46),)  # 60 days after the baseline date, 60 days before due
DUE = D(2027, 5, 1)


def revenue(as_of: dt.date, actual: float | None = 43) -> tuple[float | None, float | None, str]:
    """The plan-point example of docs/formulas.md: baseline 40, plan 46, target 48."""
    result = evaluate_kpi(
        baseline=40, target=48, as_of=as_of, actual=actual, due=DUE, baseline_date=BASELINE_DATE, plan=PLAN
    )
    return result.expected, result.expected_achievement, result.status


@pytest.mark.parametrize(
    ("as_of", "expected", "expected_achievement", "status"),
    [
        (D(2026, 12, 1), 40.0, 0.0, "on_track"),  # before the baseline date: flat at the baseline
        (D(2027, 2, 1), 43.1, 38.75, "on_track"),  # day 31 of 60, the plan point still ahead: 37.5 ≥ 28.75
        (D(2027, 3, 2), 46.0, 75.0, "at_risk"),  # on the plan point: its value
        (D(2027, 4, 1), 47.0, 87.5, "at_risk"),  # day 30 of 60 after the plan point, which lies behind
        (D(2027, 5, 1), 48.0, 100.0, "at_risk"),  # the due date itself is not past it
        (D(2027, 5, 2), 48.0, 100.0, "missed"),  # after due: flat at the target, and missed
    ],
)
def test_plan_point_worked_example(as_of: dt.date, expected: float, expected_achievement: float, status: str) -> None:
    value, achievement, found = revenue(as_of)
    assert value == pytest.approx(expected, abs=1e-12)
    assert achievement == pytest.approx(expected_achievement, abs=1e-12)
    assert found == status


@pytest.mark.parametrize("as_of", [D(2026, 12, 1), D(2027, 2, 1), D(2027, 3, 2), D(2027, 5, 1), D(2027, 5, 2)])
def test_a_reached_target_is_achieved_even_after_due(as_of: dt.date) -> None:
    assert revenue(as_of, actual=48)[2] == "achieved"


def test_exactly_ten_points_below_the_expected_achievement_is_on_track() -> None:
    # Day 38: expected 40 + 6 × 38/60 = 43.8, expected achievement 47.5; 37.5 ≥ 47.5 − 10.
    expected, expected_achievement, status = revenue(D(2027, 2, 8))
    assert expected == pytest.approx(43.8)
    assert expected_achievement == pytest.approx(47.5)
    assert status == "on_track"
    # Day 39: 43.9 → 48.75; 37.5 < 38.75.
    assert revenue(D(2027, 2, 9))[2] == "at_risk"


def test_expected_value_is_exact() -> None:
    points = [(BASELINE_DATE, Fraction(40)), (D(2027, 3, 2), Fraction(46)), (DUE, Fraction(48))]
    assert expected_value(points, D(2027, 2, 1)) == Fraction(431, 10)
    assert expected_value(points, D(2027, 4, 15)) == 46 + Fraction(2 * 44, 60)
    assert expected_value([], D(2027, 1, 1)) is None


def test_two_points_on_one_date_the_later_holds() -> None:
    points = [(D(2027, 1, 1), Fraction(0)), (D(2027, 1, 1), Fraction(5)), (D(2027, 1, 11), Fraction(10))]
    assert expected_value(points, D(2027, 1, 1)) == 5
    assert expected_value(points, D(2027, 1, 6)) == Fraction(15, 2)


HISTORY = (
    DatedValue(date=D(2027, 1, 29), value=42),
    DatedValue(date=D(2027, 3, 1), value=43),
    DatedValue(date=D(2027, 4, 15), value=45),
)


def test_history_worked_example_ignores_values_after_as_of() -> None:
    result = evaluate_kpi(
        baseline=40, target=48, as_of=D(2027, 4, 1), due=DUE, baseline_date=BASELINE_DATE, plan=PLAN, history=HISTORY
    )
    assert (result.actual, result.actual_date) == (43.0, D(2027, 3, 1))  # 2027-04-15 lies after as_of
    assert result.achievement == 37.5
    assert result.expected_achievement == 87.5
    assert (result.status, result.trend) == ("at_risk", "improving")


def test_history_worked_example_on_the_day_of_the_last_value() -> None:
    result = evaluate_kpi(
        baseline=40, target=48, as_of=D(2027, 4, 15), due=DUE, baseline_date=BASELINE_DATE, plan=PLAN, history=HISTORY
    )
    assert result.actual == 45.0
    assert result.achievement == 62.5
    assert result.expected_achievement == pytest.approx(float(Fraction(280, 3)))  # (46 + 2 × 44/60 − 40)/8 × 100
    assert (result.status, result.trend) == ("at_risk", "improving")  # 62.5 < 83⅓


def test_written_actual_wins_over_history_but_the_trend_still_comes_from_it() -> None:
    result = evaluate_kpi(baseline=40, target=48, as_of=D(2027, 4, 1), actual=44, history=HISTORY)
    assert (result.actual, result.actual_date, result.trend) == (44.0, None, "improving")


def test_no_history_up_to_as_of_is_no_data_and_no_trend() -> None:
    result = evaluate_kpi(baseline=40, target=48, as_of=D(2027, 1, 1), history=HISTORY)
    assert (result.actual, result.achievement, result.status, result.trend) == (None, None, "no_data", None)


@pytest.mark.parametrize(
    ("direction", "values", "trend"),
    [
        ("increase", (42, 43), "improving"),
        ("increase", (43, 42), "worsening"),
        ("increase", (43, 43), "flat"),
        ("decrease", (2.1, 1.9), "improving"),
        ("decrease", (1.9, 2.1), "worsening"),
        ("decrease", (0.3, 0.30), "flat"),
    ],
)
def test_trend_from_the_last_two_values_in_the_direction(
    direction: str, values: tuple[float, float], trend: str
) -> None:
    history = (DatedValue(date=D(2027, 1, 31), value=values[0]), DatedValue(date=D(2027, 2, 28), value=values[1]))
    result = evaluate_kpi(baseline=0, target=1, as_of=D(2027, 3, 1), direction=direction, history=history)  # type: ignore[arg-type]
    assert result.trend == trend


def test_one_history_value_gives_no_trend() -> None:
    history = (DatedValue(date=D(2027, 1, 31), value=3),)
    assert evaluate_kpi(baseline=0, target=10, as_of=D(2027, 3, 1), history=history).trend is None


def test_a_kpi_that_shall_fall() -> None:
    # Day 182 of 364: expected 2.4 + (1.5 − 2.4) × 182/364 = 1.95, expected achievement 50;
    # achievement (2.1 − 2.4)/(1.5 − 2.4) × 100 = 33⅓ < 40.
    result = evaluate_kpi(
        baseline=2.4,
        target=1.5,
        as_of=D(2027, 7, 2),
        direction="decrease",
        actual=2.1,
        due=D(2027, 12, 31),
        baseline_date=D(2027, 1, 1),
    )
    assert result.expected == pytest.approx(1.95)
    assert result.expected_achievement == 50.0
    assert result.achievement == pytest.approx(100 / 3)
    assert result.status == "at_risk"


def test_v1_rule_without_a_baseline_date() -> None:
    assert evaluate_kpi(baseline=40, target=48, as_of=D(2027, 1, 1), actual=43).status == "at_risk"  # 37.5
    assert evaluate_kpi(baseline=2.4, target=1.5, as_of=D(2027, 1, 1), actual=1.7).status == "on_track"  # 77.8
    assert evaluate_kpi(baseline=40, target=48, as_of=D(2027, 1, 1), actual=50).status == "achieved"  # 125
    assert evaluate_kpi(baseline=40, target=48, as_of=D(2027, 1, 1)).status == "no_data"


def test_a_baseline_date_without_due_uses_the_v1_rule() -> None:
    result = evaluate_kpi(baseline=0, target=10, as_of=D(2027, 6, 1), actual=7, baseline_date=D(2027, 1, 1))
    assert (result.expected, result.expected_achievement, result.status) == (None, None, "on_track")


def test_a_kpi_past_its_due_date_is_missed_without_a_baseline_date_too() -> None:
    late = evaluate_kpi(baseline=0, target=10, as_of=D(2027, 7, 1), actual=9, due=D(2027, 6, 30))
    assert late.status == "missed"
    assert evaluate_kpi(baseline=0, target=10, as_of=D(2027, 6, 30), actual=9, due=D(2027, 6, 30)).status == "on_track"
    # Without an actual the status stays no_data: nothing says whether the target was reached.
    assert evaluate_kpi(baseline=0, target=10, as_of=D(2027, 7, 1), due=D(2027, 6, 30)).status == "no_data"


ACCOUNTS = (
    AccountFigures(revenue=400_000, potential=1_000_000, mission_agreed=True),  # acme
    AccountFigures(revenue=200_000, potential=1_000_000, mission_agreed=False),  # beta
    AccountFigures(revenue=300_000, potential=500_000, mission_agreed=True),  # gamma
)


def test_source_roll_ups_worked_example() -> None:
    assert rollup("accounts.revenue", ACCOUNTS) == 900_000
    assert rollup("accounts.potential", ACCOUNTS) == 2_500_000
    assert rollup("accounts.share_of_wallet", ACCOUNTS) == 36
    assert rollup("accounts.agreed_missions", ACCOUNTS) == 2
    assert rollup("accounts.count", ACCOUNTS) == 3


def test_roll_ups_skip_missing_values() -> None:
    accounts = (*ACCOUNTS, AccountFigures(revenue=100_000, potential=None, mission_agreed=False))
    assert rollup("accounts.revenue", accounts) == 1_000_000
    assert rollup("accounts.share_of_wallet", accounts) == 36  # only accounts that give both
    assert rollup("accounts.count", accounts) == 4
    empty = (AccountFigures(revenue=None, potential=None, mission_agreed=False),)
    assert rollup("accounts.revenue", empty) is None
    assert rollup("accounts.share_of_wallet", empty) is None
    assert rollup("accounts.count", ()) == 0


def kpi(kid: str, **fields: object) -> Kpi:
    return Kpi.model_validate(
        {"id": kid, "name": kid, "unit": "EUR", "direction": "increase", "baseline": 0, "target": 10, **fields}
    )


def test_a_source_kpi_takes_its_actual_from_the_accounts() -> None:
    goals = Goals(goals=(Goal(id="g", title="G", kpis=(kpi("rev", baseline=800_000, target=1_000_000,
                                                              source="accounts.revenue"),)),))  # fmt: skip
    result = analyse_kpis(goals, D(2027, 1, 1), ACCOUNTS).kpis[0]
    assert (result.actual, result.achievement, result.source) == (900_000.0, 50.0, "accounts.revenue")
    assert analyse_kpis(goals, D(2027, 1, 1), ()).kpis[0].status == "no_data"


def test_the_top_level_baseline_date_applies_to_kpis_without_their_own() -> None:
    goals = Goals.model_validate(
        {
            "baseline_date": "2027-01-01",
            "goals": [
                {
                    "id": "g",
                    "title": "G",
                    "kpis": [
                        {"id": "a", "name": "A", "unit": "x", "direction": "increase", "baseline": 0, "target": 10,
                         "actual": 2, "due": "2027-01-11"},
                        {"id": "b", "name": "B", "unit": "x", "direction": "increase", "baseline": 0, "target": 10,
                         "actual": 2, "due": "2027-01-11", "baseline_date": "2027-01-06"},
                    ],
                }
            ],
        }
    )  # fmt: skip
    a, b = analyse_kpis(goals, D(2027, 1, 6), ()).kpis
    # a: day 5 of 10 → expected achievement 50; 20 < 40. b: on its own baseline date → 0; 20 ≥ −10.
    assert (a.baseline_date, a.expected_achievement, a.status) == (D(2027, 1, 1), 50.0, "at_risk")
    assert (b.baseline_date, b.expected_achievement, b.status) == (D(2027, 1, 6), 0.0, "on_track")


def test_summary_counts_missed() -> None:
    goals = Goals(goals=(Goal(id="g", title="G", kpis=(kpi("late", actual=5, due="2026-12-31"),)),))
    assert analyse_kpis(goals, D(2027, 1, 1)).by_status["missed"] == 1
