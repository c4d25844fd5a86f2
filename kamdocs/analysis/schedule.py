"""The task schedule (step 2, docs/formulas.md).

- start: ``start`` when given; otherwise the day after the latest ``due`` of the
  task's dependencies;
- due: ``due`` when given (it wins over ``duration_days`` if both are written);
  otherwise ``start + duration_days − 1`` (calendar days, the start day counts);
- overdue: ``status != done`` and ``due < as_of``;
- plan start / end: the earliest start and the latest due over all tasks;
- float, critical path and forecast: :mod:`kamdocs.analysis.forecast`;
- routines: :mod:`kamdocs.analysis.routines`;
- phase progress: ``done tasks / tasks × 100`` per phase; None for a phase
  without tasks; a phase's span is its tasks' earliest start to latest due.

The loader rejects cycles, unknown dependencies and underivable dates before
this runs; the derivation still refuses them with :class:`ScheduleError`
(instead of looping or recursing) and ignores an unknown dependency, because
that costs nothing. The derivation is iterative, so long dependency chains do
not hit Python's recursion limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction

from kamdocs.analysis.exact import as_float, exact_sum, ratio_percent
from kamdocs.analysis.forecast import critical_path, timings
from kamdocs.analysis.results import PhaseResult, Schedule, ScheduledTask
from kamdocs.analysis.routines import analyse_routines
from kamdocs.errors import KamdocsError
from kamdocs.model import Task, TaskPlan
from kamdocs.model.tasks import due_from, start_after

TASKS_FILE = "data/tasks.yaml"


class ScheduleError(KamdocsError):
    """The task dates cannot be derived (the loader normally reports this first)."""


def _own_dates(task: Task, dates: Mapping[str, tuple[dt.date, dt.date]]) -> tuple[dt.date, dt.date]:
    """Return (start, due) of ``task`` once the dates of its dependencies are known."""
    start = task.start
    if start is None:
        dues = [dates[dep][1] for dep in task.depends_on if dep in dates]
        if not dues:
            raise ScheduleError(
                f"{TASKS_FILE}: task '{task.id}' has no start and no known dependency; "
                "write 'start: YYYY-MM-DD' or 'depends_on: [<task id>]'"
            )
        start = start_after(dues)
    due = task.due
    if due is None:
        if task.duration_days is None:
            raise ScheduleError(
                f"{TASKS_FILE}: task '{task.id}' has no due date; write 'due: YYYY-MM-DD' or 'duration_days: <n>'"
            )
        due = due_from(start, task.duration_days)
    return start, due


def derive_dates(plan: TaskPlan) -> dict[str, tuple[dt.date, dt.date]]:
    """Return task id → (start, due), deriving missing dates from dependencies and durations."""
    by_id: dict[str, Task] = {}
    for task in plan.tasks:
        by_id.setdefault(task.id, task)
    dates: dict[str, tuple[dt.date, dt.date]] = {}
    in_progress: set[str] = set()  # expanded, waiting for its dependencies (grey in DFS terms)
    for root in plan.tasks:
        stack: list[tuple[Task, bool]] = [(root, False)]
        while stack:
            task, expanded = stack.pop()
            if task.id in dates:
                continue
            if expanded:
                dates[task.id] = _own_dates(task, dates)
                in_progress.discard(task.id)
                continue
            in_progress.add(task.id)
            stack.append((task, True))
            if task.start is not None:
                continue  # its own dates do not depend on anyone else's
            for dep_id in task.depends_on:
                if dep_id in dates or dep_id not in by_id:
                    continue
                if dep_id in in_progress:
                    raise ScheduleError(
                        f"{TASKS_FILE}: the dependencies of task '{task.id}' form a cycle through "
                        f"'{dep_id}'; remove one of the depends_on entries"
                    )
                stack.append((by_id[dep_id], False))
    return dates


def _phase(phase_id: str, title: str, tasks: list[ScheduledTask]) -> PhaseResult:
    done = sum(1 for t in tasks if t.status == "done")
    progress = ratio_percent(Fraction(done), Fraction(len(tasks)))
    return PhaseResult(
        id=phase_id,
        title=title,
        tasks=len(tasks),
        done=done,
        progress=as_float(progress),
        start=min((t.start for t in tasks), default=None),
        due=max((t.due for t in tasks), default=None),
    )


def analyse_schedule(plan: TaskPlan, as_of: dt.date) -> Schedule:
    """Derive dates, overdue flags, plan span, float, critical path, forecast, phase progress and routines."""
    dates = derive_dates(plan)
    timing = timings(plan.tasks, dates, as_of)
    path = critical_path(plan.tasks, dates, {tid: t.float for tid, t in timing.items()})
    tasks = tuple(
        ScheduledTask(
            id=task.id,
            title=task.title,
            phase=task.phase,
            owner=task.owner,
            start=dates[task.id][0],
            due=dates[task.id][1],
            status=task.status,
            milestone=task.milestone,
            overdue=task.status != "done" and dates[task.id][1] < as_of,
            critical=timing[task.id].float <= 0,
            depends_on=task.depends_on,
            effort_days=task.effort_days,
            description=task.description,
            float=timing[task.id].float,
            forecast_start=timing[task.id].forecast_start,
            forecast_due=timing[task.id].forecast_due,
            slip=timing[task.id].slip,
            late_start=timing[task.id].late_start,
        )
        for task in plan.tasks
    )
    phases = tuple(_phase(p.id, p.title, [t for t in tasks if t.phase == p.id]) for p in plan.phases)
    efforts = [t.effort_days for t in tasks if t.effort_days is not None]
    return Schedule(
        tasks=tasks,
        phases=phases,
        start=min((t.start for t in tasks), default=None),
        end=max((t.due for t in tasks), default=None),
        critical_path=path,
        overdue=tuple(t.id for t in tasks if t.overdue),
        forecast_end=max((t.forecast_due for t in tasks), default=None),
        routines=analyse_routines(plan.routines, as_of),
        effort_days=float(exact_sum(efforts)) if efforts else None,
    )
