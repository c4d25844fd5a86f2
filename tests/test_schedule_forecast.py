"""Float, critical path, forecast and routines (docs/formulas.md): the worked examples by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kamdocs.analysis.forecast import CycleError, dependency_order
from kamdocs.analysis.routines import analyse_routines
from kamdocs.analysis.schedule import analyse_schedule
from kamdocs.errors import Severity
from kamdocs.load import load_project
from kamdocs.model import Phase, Routine, Task, TaskPlan
from tests.conftest import MakeProject

D = dt.date
AS_OF = D(2027, 1, 20)


def task(tid: str, **fields: Any) -> Task:
    return Task(id=tid, title=tid.title(), **fields)


def example(**select: Any) -> TaskPlan:
    """The worked example of docs/formulas.md (kickoff, analysis, select, plans)."""
    return TaskPlan(
        phases=(Phase(id="concept", title="Konzeption"), Phase(id="pilot", title="Pilot")),
        tasks=(
            task("kickoff", phase="concept", start=D(2027, 1, 4), duration_days=5, status="done"),
            task("analysis", phase="concept", depends_on=("kickoff",), duration_days=10, status="in_progress"),
            task("select", phase="concept", depends_on=("kickoff",), **({"start": D(2027, 1, 11)} | select),
                 due=D(2027, 1, 22)),
            task("plans", phase="pilot", depends_on=("analysis", "select"), duration_days=7),
        ),
    )  # fmt: skip


def test_schedule_worked_example() -> None:
    schedule = analyse_schedule(example(), AS_OF)
    dates = {t.id: (t.start, t.due, t.overdue) for t in schedule.tasks}
    assert dates == {
        "kickoff": (D(2027, 1, 4), D(2027, 1, 8), False),
        "analysis": (D(2027, 1, 9), D(2027, 1, 18), True),  # in progress and overdue: 18 < 20
        "select": (D(2027, 1, 11), D(2027, 1, 22), False),
        "plans": (D(2027, 1, 23), D(2027, 1, 29), False),
    }
    assert schedule.end == D(2027, 1, 29)
    assert [p.progress for p in schedule.phases] == [pytest.approx(100 / 3), 0.0]


def test_float_and_critical_path_worked_example() -> None:
    schedule = analyse_schedule(example(), AS_OF)
    assert {t.id: t.float for t in schedule.tasks} == {"kickoff": 2, "analysis": 4, "select": 0, "plans": 0}
    assert schedule.critical_path == ("select", "plans")
    assert [t.id for t in schedule.tasks if t.critical] == ["select", "plans"]


def test_negative_float_from_a_start_before_a_dependency_s_due() -> None:
    # select starts on 01-07, before kickoff ends on 01-08: d(select) = 16, LS(select) = 01-07,
    # LF(kickoff) = min(01-12, 01-06) = 01-06, float(kickoff) = 01-06 − 01-08 = −2.
    schedule = analyse_schedule(example(start=D(2027, 1, 7)), AS_OF)
    assert {t.id: t.float for t in schedule.tasks} == {"kickoff": -2, "analysis": 4, "select": 0, "plans": 0}
    assert schedule.critical_path == ("kickoff", "select", "plans")


def test_ties_in_the_critical_path_keep_the_file_order() -> None:
    plan = TaskPlan(
        tasks=(
            task("a", start=D(2027, 1, 4), due=D(2027, 1, 8)),
            task("c", depends_on=("a",), duration_days=5),
            task("b", depends_on=("a",), duration_days=5),
        )
    )
    schedule = analyse_schedule(plan, AS_OF)
    assert [t.float for t in schedule.tasks] == [0, 0, 0]
    assert schedule.critical_path == ("a", "c", "b")


def test_forecast_worked_example() -> None:
    schedule = analyse_schedule(example(), AS_OF)
    forecast = {t.id: (t.forecast_start, t.forecast_due, t.slip, t.late_start) for t in schedule.tasks}
    assert forecast == {
        "kickoff": (D(2027, 1, 4), D(2027, 1, 8), 0, False),  # done: kept
        "analysis": (D(2027, 1, 9), D(2027, 1, 20), 2, False),  # in progress: max(01-18, as_of)
        "select": (D(2027, 1, 20), D(2027, 1, 31), 9, True),  # open, should have started on 01-11
        "plans": (D(2027, 2, 1), D(2027, 2, 7), 9, False),  # the day after select's forecast due
    }
    assert (schedule.end, schedule.forecast_end) == (D(2027, 1, 29), D(2027, 2, 7))


def test_an_in_progress_task_that_is_not_late_keeps_its_dates() -> None:
    schedule = analyse_schedule(example(), D(2027, 1, 10))
    analysis = next(t for t in schedule.tasks if t.id == "analysis")
    assert (analysis.forecast_start, analysis.forecast_due, analysis.slip, analysis.overdue) == (
        D(2027, 1, 9), D(2027, 1, 18), 0, False,
    )  # fmt: skip


def test_a_blocked_task_moves_like_an_open_one_and_a_done_task_never_moves() -> None:
    plan = TaskPlan(
        tasks=(
            task("late", start=D(2027, 1, 1), due=D(2027, 1, 31), status="in_progress"),
            task("blocked", depends_on=("late",), duration_days=3, status="blocked"),
            task("finished", depends_on=("late",), duration_days=3, status="done"),
        )
    )
    schedule = analyse_schedule(plan, D(2027, 2, 10))
    late, blocked, finished = schedule.tasks
    assert (late.forecast_due, late.slip) == (D(2027, 2, 10), 10)
    assert (blocked.forecast_start, blocked.forecast_due, blocked.late_start) == (D(2027, 2, 11), D(2027, 2, 13), True)
    assert (finished.forecast_start, finished.forecast_due, finished.slip) == (D(2027, 2, 1), D(2027, 2, 3), 0)


def test_an_open_task_in_the_future_keeps_its_dates() -> None:
    schedule = analyse_schedule(TaskPlan(tasks=(task("later", start=D(2027, 3, 1), duration_days=2),)), AS_OF)
    later = schedule.tasks[0]
    assert (later.forecast_start, later.forecast_due, later.slip, later.late_start) == (
        D(2027, 3, 1), D(2027, 3, 2), 0, False,
    )  # fmt: skip


def test_total_effort_counts_the_tasks_that_give_one() -> None:
    plan = TaskPlan(
        tasks=(
            task("a", start=D(2027, 1, 1), duration_days=1, effort_days=0.1),
            task("b", start=D(2027, 1, 1), duration_days=1, effort_days=0.2),
            task("c", start=D(2027, 1, 1), duration_days=1),
        )
    )
    assert analyse_schedule(plan, AS_OF).effort_days == 0.3  # exact: not 0.30000000000000004
    assert analyse_schedule(TaskPlan(tasks=(plan.tasks[2],)), AS_OF).effort_days is None


def test_dependency_order_refuses_a_cycle() -> None:
    cycle = (task("a", depends_on=("b",), start=D(2027, 1, 1), duration_days=1),
             task("b", depends_on=("a",), start=D(2027, 1, 1), duration_days=1))  # fmt: skip
    with pytest.raises(CycleError, match="cycle"):
        dependency_order(cycle)


def test_routines_worked_example() -> None:
    qbr = Routine(id="qbr", title="QBR", every_days=91, last_done=D(2027, 1, 20))
    never = Routine(id="kickoff", title="First", every_days=91, start=D(2027, 1, 15))
    on_day, day_after = analyse_routines((qbr, never), D(2027, 4, 21)), analyse_routines((qbr,), D(2027, 4, 22))
    assert [(r.due_next, r.overdue) for r in on_day] == [(D(2027, 4, 21), False), (D(2027, 1, 15), True)]
    assert (day_after[0].due_next, day_after[0].overdue) == (D(2027, 4, 21), True)


def test_routines_are_not_part_of_the_schedule() -> None:
    plan = TaskPlan(
        tasks=(task("a", start=D(2027, 1, 4), due=D(2027, 1, 8)),),
        routines=(Routine(id="qbr", title="QBR", every_days=91, last_done=D(2026, 10, 20)),),
    )
    schedule = analyse_schedule(plan, AS_OF)
    assert [t.id for t in schedule.tasks] == ["a"]
    assert schedule.end == D(2027, 1, 8)
    assert [(r.id, r.due_next, r.overdue) for r in schedule.routines] == [("qbr", D(2027, 1, 19), True)]


def test_a_routine_without_a_date_to_count_from_is_an_error(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/tasks.yaml": """
            tasks: []
            routines:
              - {id: qbr, title: QBR, every_days: 91}
              - {id: qbr, title: Noch einmal, every_days: 30, start: 2027-01-01}
            """
        }
    )
    assert [p.format() for p in load_project(root).problems if p.severity > Severity.NOTE] == [
        "data/tasks.yaml:3:27: error: routine 'qbr' has no date to count from; write 'last_done: YYYY-MM-DD' "
        "(when it was last done) or 'start: YYYY-MM-DD' (when it is due the first time)",
        "data/tasks.yaml:4:10: error: duplicate routine id 'qbr': already used on line 3; every routine needs its "
        "own id",
    ]
