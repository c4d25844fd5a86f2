"""KPI achievement and status (docs/formulas.md).

- achievement = ``(actual − baseline) / (target − baseline) × 100``; the same
  formula serves both directions (for ``decrease`` numerator and denominator are
  both negative while the KPI improves); None without ``actual`` (or, defensively,
  when ``target == baseline``, which the loader rejects);
- status: ``no_data`` without an achievement, ``achieved`` at ≥ 100,
  ``on_track`` at ≥ 70, ``at_risk`` below 70. The thresholds are compared with the
  exact value, so 70 % computed from decimals is never 69.99999.

KPIs are listed in file order (goal by goal); ``by_status`` counts every status,
in the order achieved, on_track, at_risk, no_data.
"""

from __future__ import annotations

from fractions import Fraction

from kamdocs.analysis.exact import as_float, exact, ratio_percent
from kamdocs.analysis.results import KpiResult, KpiStatus, KpiSummary
from kamdocs.model import Goals, Kpi

STATUS_ORDER: tuple[KpiStatus, ...] = ("achieved", "on_track", "at_risk", "no_data")
ACHIEVED = Fraction(100)
ON_TRACK = Fraction(70)


def achievement(kpi: Kpi) -> Fraction | None:
    """Return the exact achievement in percent, or None without an actual value."""
    if kpi.actual is None:
        return None
    return ratio_percent(exact(kpi.actual) - exact(kpi.baseline), exact(kpi.target) - exact(kpi.baseline))


def status(value: Fraction | None) -> KpiStatus:
    """Return the status for an exact achievement."""
    if value is None:
        return "no_data"
    if value >= ACHIEVED:
        return "achieved"
    if value >= ON_TRACK:
        return "on_track"
    return "at_risk"


def analyse_kpis(goals: Goals) -> KpiSummary:
    """Compute achievement and status of every KPI of every goal."""
    results: list[KpiResult] = []
    for goal in goals.goals:
        for kpi in goal.kpis:
            value = achievement(kpi)
            results.append(
                KpiResult(
                    id=kpi.id,
                    goal=goal.id,
                    name=kpi.name,
                    unit=kpi.unit,
                    direction=kpi.direction,
                    baseline=kpi.baseline,
                    target=kpi.target,
                    actual=kpi.actual,
                    due=kpi.due,
                    achievement=as_float(value),
                    status=status(value),
                )
            )
    by_status: dict[str, int] = {s: sum(1 for r in results if r.status == s) for s in STATUS_ORDER}
    return KpiSummary(kpis=tuple(results), by_status=by_status)
