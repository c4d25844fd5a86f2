"""Task schedule (docs/formulas.md): derived dates, overdue, plan end, critical path, phase progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kamdocs.analysis.forecast import critical_path, timings
from kamdocs.analysis.schedule import ScheduleError, analyse_schedule, derive_dates
from kamdocs.errors import KamdocsError
from kamdocs.model import Phase, Task, TaskPlan

D = dt.date


def task(tid: str, **fields: Any) -> Task:
    return Task(id=tid, title=f"Task {tid}", **fields)


def test_duration_only_chain_hand_computed() -> None:
    plan = TaskPlan(
        tasks=(
            task("kickoff", start=D(2027, 1, 4), duration_days=5),  # 4.–8. Jan
            task("analysis", depends_on=("kickoff",), duration_days=10),  # 9.–18. Jan
            task("plan", depends_on=("analysis",), duration_days=3),  # 19.–21. Jan: only durations all the way
            task("fixed", start=D(2027, 1, 5), due=D(2027, 1, 6)),
        )
    )
    dates = derive_dates(plan)
    assert dates == {
        "kickoff": (D(2027, 1, 4), D(2027, 1, 8)),
        "analysis": (D(2027, 1, 9), D(2027, 1, 18)),
        "plan": (D(2027, 1, 19), D(2027, 1, 21)),
        "fixed": (D(2027, 1, 5), D(2027, 1, 6)),
    }


def test_start_is_the_day_after_the_latest_dependency_and_crosses_years() -> None:
    plan = TaskPlan(
        tasks=(
            task("a", start=D(2026, 12, 1), due=D(2026, 12, 31)),
            task("b", start=D(2026, 12, 1), due=D(2026, 12, 10)),
            task("c", depends_on=("b", "a"), duration_days=1),
        )
    )
    assert derive_dates(plan)["c"] == (D(2027, 1, 1), D(2027, 1, 1))


def test_dependency_declared_later_in_the_file() -> None:
    plan = TaskPlan(
        tasks=(
            task("late", depends_on=("early",), duration_days=2),
            task("early", start=D(2027, 3, 1), duration_days=1),
        )
    )
    assert derive_dates(plan)["late"] == (D(2027, 3, 2), D(2027, 3, 3))


def test_given_dates_win() -> None:
    plan = TaskPlan(
        tasks=(
            task("a", start=D(2027, 1, 1), due=D(2027, 1, 31)),
            # an explicit start is kept even with dependencies (the loader warns when it overlaps)
            task("b", start=D(2027, 1, 15), depends_on=("a",), duration_days=2),
            # due and duration_days both written: due wins
            task("c", start=D(2027, 2, 1), due=D(2027, 2, 3), duration_days=10),
        )
    )
    dates = derive_dates(plan)
    assert dates["b"] == (D(2027, 1, 15), D(2027, 1, 16))
    assert dates["c"] == (D(2027, 2, 1), D(2027, 2, 3))


def test_overdue_plan_span_and_phase_progress() -> None:
    plan = TaskPlan(
        phases=(
            Phase(id="concept", title="Konzept"),
            Phase(id="pilot", title="Pilot"),
            Phase(id="later", title="Später"),
        ),
        tasks=(
            task("a", phase="concept", start=D(2027, 1, 1), due=D(2027, 1, 9), status="done"),
            task("b", phase="concept", start=D(2027, 1, 2), due=D(2027, 1, 9), status="in_progress"),
            task("c", phase="concept", start=D(2027, 1, 3), due=D(2027, 1, 10), status="blocked"),
            task("d", phase="pilot", start=D(2027, 2, 1), due=D(2027, 3, 1)),
            task("e", start=D(2026, 12, 1), due=D(2026, 12, 2)),  # no phase
        ),
    )
    schedule = analyse_schedule(plan, as_of=D(2027, 1, 10))
    overdue = {t.id: t.overdue for t in schedule.tasks}
    # done is never overdue; due == as_of is not overdue yet
    assert overdue == {"a": False, "b": True, "c": False, "d": False, "e": True}
    assert schedule.overdue == ("b", "e")
    assert (schedule.start, schedule.end) == (D(2026, 12, 1), D(2027, 3, 1))
    concept, pilot, later = schedule.phases
    assert (concept.tasks, concept.done) == (3, 1) and concept.progress == pytest.approx(100 / 3)
    assert (concept.start, concept.due) == (D(2027, 1, 1), D(2027, 1, 10))
    assert (pilot.progress, later.progress, later.tasks, later.start) == (0.0, None, 0, None)


def test_critical_path_hand_computed() -> None:
    plan = TaskPlan(
        tasks=(
            task("kickoff", start=D(2027, 1, 4), due=D(2027, 1, 8)),
            task("side", start=D(2027, 1, 4), due=D(2027, 1, 5)),
            task("analysis", depends_on=("side", "kickoff"), duration_days=10),  # kickoff is later
            task("report", depends_on=("analysis",), duration_days=2),
            task("extra", start=D(2027, 1, 9), due=D(2027, 1, 12)),
        )
    )
    schedule = analyse_schedule(plan, as_of=D(2027, 1, 1))
    assert schedule.critical_path == ("kickoff", "analysis", "report")
    assert [t.id for t in schedule.tasks if t.critical] == ["kickoff", "analysis", "report"]


def floats(plan: TaskPlan) -> dict[str, int]:
    return {tid: t.float for tid, t in timings(plan.tasks, derive_dates(plan), D(2027, 1, 1)).items()}


def test_critical_path_ties_by_start_then_due_then_file_order() -> None:
    plan = TaskPlan(
        tasks=(
            task("x", start=D(2027, 1, 1), due=D(2027, 1, 10)),
            task("y", start=D(2027, 1, 2), due=D(2027, 1, 10)),
            task("end", depends_on=("y", "x"), duration_days=5),
            task("end2", depends_on=("x",), duration_days=5),
        )
    )
    # Every task has float 0: x and y both finish on the 10th, end and end2 on the 15th.
    assert floats(plan) == {"x": 0, "y": 0, "end": 0, "end2": 0}
    assert critical_path(plan.tasks, derive_dates(plan), floats(plan)) == ("x", "y", "end", "end2")


def test_critical_path_of_a_single_task_and_of_an_empty_plan() -> None:
    plan = TaskPlan(tasks=(task("only", start=D(2027, 1, 1), duration_days=1),))
    assert analyse_schedule(plan, D(2027, 1, 1)).critical_path == ("only",)
    empty = analyse_schedule(TaskPlan(), D(2027, 1, 1))
    assert (empty.critical_path, empty.end, empty.start, empty.tasks) == ((), None, None, ())


def test_long_chain_does_not_hit_the_recursion_limit() -> None:
    tasks = [task("t0", start=D(2027, 1, 1), duration_days=1)]
    tasks += [task(f"t{i}", depends_on=(f"t{i - 1}",), duration_days=1) for i in range(1, 3000)]
    schedule = analyse_schedule(TaskPlan(tasks=tuple(reversed(tasks))), D(2027, 1, 1))
    assert schedule.end == D(2027, 1, 1) + dt.timedelta(days=2999)
    assert len(schedule.critical_path) == 3000 and schedule.critical_path[0] == "t0"


def test_defensive_errors_are_kamdocs_errors() -> None:
    cycle = TaskPlan(
        tasks=(task("a", depends_on=("b",), duration_days=1), task("b", depends_on=("a",), duration_days=1))
    )
    with pytest.raises(ScheduleError, match="cycle"):
        derive_dates(cycle)
    no_start = TaskPlan(tasks=(task("a", duration_days=1),))
    with pytest.raises(KamdocsError, match="task 'a' has no start"):
        derive_dates(no_start)
    no_due = TaskPlan(tasks=(task("a", start=D(2027, 1, 1)),))
    with pytest.raises(KamdocsError, match="'due: YYYY-MM-DD' or 'duration_days: <n>'"):
        derive_dates(no_due)


def test_unknown_dependency_is_ignored_when_another_is_known() -> None:
    plan = TaskPlan(
        tasks=(task("a", start=D(2027, 1, 1), due=D(2027, 1, 1)), task("b", depends_on=("ghost", "a"), duration_days=1))
    )
    assert derive_dates(plan)["b"] == (D(2027, 1, 2), D(2027, 1, 2))
    assert critical_path(plan.tasks, derive_dates(plan), floats(plan)) == ("a", "b")
