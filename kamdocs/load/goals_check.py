"""Cross-checks of data/goals.yaml: KPI ids, targets, and the dates of KPIs over time (docs/check-rules.md).

Decisions the docs leave open (docs/formats.md#datagoalsyaml says what is written):

* ``plan`` and ``history`` dates must rise strictly: two values on one date are an error
  (which one would hold?).
* A ``baseline_date`` on or after the KPI's ``due`` is an error: the plan line needs room.
* ``plan`` points without a baseline date or without a due date change nothing (the v1 rule
  holds): a warning, so that they are not mistaken for being used.
* A KPI with a due date but no baseline date is judged by the v1 70 % rule: one note per file
  names the v2 form (``baseline_date``).
"""

from __future__ import annotations

from collections.abc import Sequence

from kamdocs.errors import Severity
from kamdocs.load.findings import Reporter, unique_ids
from kamdocs.load.yamlio import PathKey
from kamdocs.model import Goals, Kpi
from kamdocs.model.plan import DatedValue

GOALS = "data/goals.yaml"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_goals(out: Reporter, goals: Goals) -> None:
    """Check goal and KPI ids, targets, and the baseline dates, plan points, history and sources."""
    unique_ids(out, GOALS, [(("goals", i), g.id) for i, g in enumerate(goals.goals)], "goal")
    kpis: list[tuple[PathKey, Kpi]] = [
        (("goals", i, "kpis", k), kpi) for i, g in enumerate(goals.goals) for k, kpi in enumerate(g.kpis)
    ]
    unique_ids(out, GOALS, [(path, kpi.id) for path, kpi in kpis], "KPI")
    undated: list[tuple[PathKey, Kpi]] = []
    for path, kpi in kpis:
        _check_target(out, path, kpi)
        _check_source(out, path, kpi)
        _check_dates(out, path, kpi, goals)
        if kpi.due is not None and (kpi.baseline_date or goals.baseline_date) is None:
            undated.append((path, kpi))
    if undated:
        path, kpi = undated[0]
        more = f" (and {len(undated) - 1} more KPIs)" if len(undated) > 1 else ""
        out.add(
            GOALS,
            (*path, "id"),
            Severity.NOTE,
            f"KPI {kpi.id!r}{more} has no baseline date, so its status follows the v1 rule (on track from 70 %); "
            "write 'baseline_date: YYYY-MM-DD' at the top of goals.yaml (format v2) to compare each KPI "
            "with where its plan should be on the as-of date",
        )


def _check_target(out: Reporter, path: PathKey, kpi: Kpi) -> None:
    if kpi.target == kpi.baseline:
        out.error(
            GOALS,
            (*path, "target"),
            f"KPI {kpi.id!r}: target equals the baseline ({_num(kpi.baseline)}); set the value the KPI "
            "should reach, otherwise its achievement cannot be computed",
        )
    elif (kpi.direction == "increase") != (kpi.target > kpi.baseline):
        relation = "below" if kpi.direction == "increase" else "above"
        out.warning(
            GOALS,
            (*path, "direction"),
            f"KPI {kpi.id!r}: direction is {kpi.direction!r} but the target ({_num(kpi.target)}) is "
            f"{relation} the baseline ({_num(kpi.baseline)}); check direction, baseline and target",
        )


def _check_source(out: Reporter, path: PathKey, kpi: Kpi) -> None:
    if kpi.source is None:
        return
    for key, given in (("actual", kpi.actual is not None), ("history", bool(kpi.history))):
        if given:
            out.error(
                GOALS,
                (*path, key),
                f"KPI {kpi.id!r} takes its actual from the account files (source: {kpi.source}), so it "
                f"cannot also have '{key}'; remove '{key}', or remove 'source' to enter the values by hand",
                key=True,
            )


def _in_order(out: Reporter, path: PathKey, kpi: Kpi, key: str, values: Sequence[DatedValue]) -> None:
    for index in range(1, len(values)):
        before, now = values[index - 1].date, values[index].date
        if now <= before:
            what = "two values on the same date" if now == before else "a date before the one above it"
            out.error(
                GOALS,
                (*path, key, index, "date"),
                f"KPI {kpi.id!r}: {key} has {what} ({now.isoformat()}); list the {key} values in date "
                "order, one per date",
            )


def _check_dates(out: Reporter, path: PathKey, kpi: Kpi, goals: Goals) -> None:
    _in_order(out, path, kpi, "plan", kpi.plan)
    _in_order(out, path, kpi, "history", kpi.history)
    start = kpi.baseline_date or goals.baseline_date
    start_path: PathKey = (*path, "baseline_date") if kpi.baseline_date is not None else ("baseline_date",)
    if start is not None and kpi.due is not None and start >= kpi.due:
        out.error(
            GOALS,
            start_path,
            f"KPI {kpi.id!r}: the baseline date {start.isoformat()} is not before its due date "
            f"{kpi.due.isoformat()}; the baseline is measured before the target is due",
        )
        return
    if not kpi.plan:
        return
    if start is None or kpi.due is None:
        missing = "baseline date" if start is None else "due date"
        out.warning(
            GOALS,
            (*path, "plan"),
            f"KPI {kpi.id!r}: plan points count only for a KPI with a baseline date and a due date, and this "
            f"one has no {missing}; add "
            + ("'baseline_date: YYYY-MM-DD' (here or at the top of goals.yaml)" if start is None else "'due'"),
            key=True,
        )
        return
    for index, point in enumerate(kpi.plan):
        if not start <= point.date <= kpi.due:
            out.error(
                GOALS,
                (*path, "plan", index, "date"),
                f"KPI {kpi.id!r}: the plan date {point.date.isoformat()} lies outside the KPI's period "
                f"{start.isoformat()} (baseline date) to {kpi.due.isoformat()} (due); move the point "
                "into that period",
            )
