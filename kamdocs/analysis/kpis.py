"""KPI achievement, expected value, status and trend (docs/formulas.md#kpi-achievement).

:func:`evaluate_kpi` is the one evaluation of a target over time: programme KPIs
(data/goals.yaml) and account goals with a baseline call it alike. All of it is
computed exactly from the decimals as written and converted to float once:

- actual: ``actual``, else the latest ``history`` value dated on or before as_of
  (later ones are ignored), else the ``source`` roll-up;
- achievement = ``(actual − baseline) / (target − baseline) × 100`` (both directions);
- expected value on as_of: on the straight lines through (baseline_date, baseline),
  each plan point and (due, target); flat before the first point and after the last;
  on a date with two points the later one holds;
- status, first rule that applies: ``no_data`` without an achievement; ``achieved``
  at ≥ 100; ``missed`` when as_of > due; with a baseline date and a due date
  ``on_track`` when achievement ≥ expected achievement − 10, else ``at_risk``;
  otherwise (the v1 rule) ``on_track`` at ≥ 70, else ``at_risk``;
- trend from the last two history values up to as_of, in the KPI's direction.

``analyse_kpis`` lists the KPIs in file order (goal by goal); ``by_status`` counts
every status in the order of :data:`STATUS_ORDER`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from kamdocs.analysis.exact import as_float, exact, ratio_percent
from kamdocs.analysis.results import KpiEvaluation, KpiResult, KpiStatus, KpiSummary, KpiTrend
from kamdocs.analysis.rollups import AccountFigures, rollup
from kamdocs.model import Goals
from kamdocs.model.plan import DatedValue

STATUS_ORDER: tuple[KpiStatus, ...] = ("achieved", "on_track", "at_risk", "missed", "no_data")
ACHIEVED = Fraction(100)
ON_TRACK = Fraction(70)
"""The v1 rule, for a KPI without a baseline date or without a due date."""
TOLERANCE = Fraction(10)
"""Percentage points an achievement may lie below the expected achievement and still be on track."""


def _measured(history: Sequence[DatedValue], as_of: dt.date) -> list[DatedValue]:
    """Return the history values dated on or before ``as_of``, in date order."""
    return sorted((h for h in history if h.date <= as_of), key=lambda h: h.date)


def expected_value(points: Sequence[tuple[dt.date, Fraction]], as_of: dt.date) -> Fraction | None:
    """Return the value on the straight lines through ``points`` (date order) on ``as_of``.

    Flat before the first point and after the last; on a date that two points share, the later one
    holds. None without points.
    """
    if not points:
        return None
    last = -1
    for index, (day, _value) in enumerate(points):
        if day <= as_of:
            last = index
    if last < 0:
        return points[0][1]
    if last == len(points) - 1:
        return points[last][1]
    (d0, v0), (d1, v1) = points[last], points[last + 1]
    span = (d1 - d0).days
    if span <= 0:  # out of order (the loader refuses it): hold the value
        return v0
    return v0 + (v1 - v0) * Fraction((as_of - d0).days, span)


def _trend(values: Sequence[DatedValue], direction: str) -> KpiTrend | None:
    if len(values) < 2:
        return None
    before, now = exact(values[-2].value), exact(values[-1].value)
    if now == before:
        return "flat"
    better = now > before if direction == "increase" else now < before
    return "improving" if better else "worsening"


def _status(
    achievement: Fraction | None, expected_achievement: Fraction | None, due: dt.date | None, as_of: dt.date
) -> KpiStatus:
    if achievement is None:
        return "no_data"
    if achievement >= ACHIEVED:
        return "achieved"
    if due is not None and as_of > due:
        return "missed"
    if expected_achievement is not None:
        return "on_track" if achievement >= expected_achievement - TOLERANCE else "at_risk"
    return "on_track" if achievement >= ON_TRACK else "at_risk"


def evaluate_kpi(
    *,
    baseline: float,
    target: float,
    as_of: dt.date,
    direction: Literal["increase", "decrease"] = "increase",
    actual: float | None = None,
    due: dt.date | None = None,
    baseline_date: dt.date | None = None,
    plan: Sequence[DatedValue] = (),
    history: Sequence[DatedValue] = (),
    rollup: float | Fraction | None = None,
) -> KpiEvaluation:
    """Evaluate one KPI or account goal on ``as_of`` (docs/formulas.md#kpi-status).

    ``baseline_date`` is the effective one (the KPI's own, else the file's default); ``rollup``
    is the ``source`` value, used only when there is neither ``actual`` nor a history value up
    to ``as_of``. ``direction`` decides only the trend. Pure: no I/O, the same inputs give the
    same result.
    """
    base, goal = exact(baseline), exact(target)
    measured = _measured(history, as_of)
    used: Fraction | None
    used_date: dt.date | None = None
    if actual is not None:
        used = exact(actual)
    elif measured:
        used, used_date = exact(measured[-1].value), measured[-1].date
    else:
        used = exact(rollup) if rollup is not None else None
    achievement = ratio_percent(used - base, goal - base) if used is not None else None
    expected: Fraction | None = None
    expected_achievement: Fraction | None = None
    if baseline_date is not None and due is not None:
        points = [(baseline_date, base), *((p.date, exact(p.value)) for p in plan), (due, goal)]
        expected = expected_value(points, as_of)
        expected_achievement = ratio_percent(expected - base, goal - base) if expected is not None else None
    return KpiEvaluation(
        actual=as_float(used),
        actual_date=used_date,
        achievement=as_float(achievement),
        expected=as_float(expected),
        expected_achievement=as_float(expected_achievement),
        status=_status(achievement, expected_achievement, due, as_of),
        trend=_trend(measured, direction),
    )


def analyse_kpis(goals: Goals, as_of: dt.date, accounts: Sequence[AccountFigures] = ()) -> KpiSummary:
    """Evaluate every KPI of every goal on ``as_of``; ``accounts`` feed the ``source`` roll-ups."""
    results: list[KpiResult] = []
    for goal in goals.goals:
        for kpi in goal.kpis:
            baseline_date = kpi.baseline_date or goals.baseline_date
            value = evaluate_kpi(
                baseline=kpi.baseline,
                target=kpi.target,
                as_of=as_of,
                direction=kpi.direction,
                actual=kpi.actual,
                due=kpi.due,
                baseline_date=baseline_date,
                plan=kpi.plan,
                history=kpi.history,
                rollup=rollup(kpi.source, accounts) if kpi.source is not None else None,
            )
            results.append(
                KpiResult(
                    id=kpi.id,
                    goal=goal.id,
                    name=kpi.name,
                    unit=kpi.unit,
                    direction=kpi.direction,
                    baseline=kpi.baseline,
                    target=kpi.target,
                    actual=value.actual,
                    due=kpi.due,
                    achievement=value.achievement,
                    status=value.status,
                    baseline_date=baseline_date,
                    source=kpi.source,
                    actual_date=value.actual_date,
                    expected=value.expected,
                    expected_achievement=value.expected_achievement,
                    trend=value.trend,
                    plan=tuple((p.date, p.value) for p in kpi.plan),
                    history=tuple((h.date, h.value) for h in _measured(kpi.history, as_of)),
                )
            )
    by_status: dict[str, int] = {s: sum(1 for r in results if r.status == s) for s in STATUS_ORDER}
    return KpiSummary(kpis=tuple(results), by_status=by_status)
