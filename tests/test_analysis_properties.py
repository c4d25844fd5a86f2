"""Invariants of the analyses, checked with hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kamdocs.analysis.competencies import analyse_competencies
from kamdocs.analysis.readiness import analyse_readiness
from kamdocs.analysis.schedule import analyse_schedule, derive_dates
from kamdocs.model import (
    Area,
    Candidate,
    Candidates,
    Competencies,
    Competency,
    Criterion,
    Readiness,
    Scale,
    Task,
    TaskPlan,
)

# No deadline: the suite runs on a shared, noisy machine and must never fail on timing.
SETTINGS = settings(deadline=None, max_examples=150)

weights = st.one_of(st.integers(1, 10).map(float), st.decimals("0.1", "10", places=2).map(float))


@st.composite
def readiness_data(draw: st.DrawFn) -> Readiness:
    low = draw(st.integers(0, 2))
    high = draw(st.integers(low + 1, low + 9))
    areas = []
    for a in range(draw(st.integers(0, 4))):
        criteria = tuple(
            Criterion(
                id=f"a{a}c{c}",
                statement="s",
                weight=draw(weights),
                score=draw(st.integers(low, high)),
                target=draw(st.none() | st.integers(low, high)),
            )
            for c in range(draw(st.integers(0, 5)))
        )
        areas.append(Area(id=f"a{a}", title="t", weight=draw(weights), criteria=criteria))
    return Readiness(scale=Scale(min=low, max=high), areas=tuple(areas))


def within(value: float | None) -> bool:
    return value is None or 0.0 <= value <= 100.0


@SETTINGS
@given(readiness_data())
def test_readiness_stays_within_0_and_100(readiness: Readiness) -> None:
    result = analyse_readiness(readiness)
    assert within(result.overall) and within(result.target_overall)
    for area in result.areas:
        assert within(area.index) and within(area.target_index)
        if area.index is not None and area.target_index is not None:
            assert area.target_index >= area.index or any(
                c.target is not None and c.target < c.score for c in area.criteria
            )
    priorities = [c.priority for c in result.actions]
    assert priorities == sorted(priorities, reverse=True)
    assert all(p > 0 for p in priorities)


@st.composite
def competency_data(draw: st.DrawFn) -> tuple[Competencies, Candidates]:
    high = draw(st.integers(2, 10))
    profile = tuple(
        Competency(
            id=f"k{i}",
            name="n",
            weight=draw(weights),
            required=draw(st.integers(1, high)),
            critical=draw(st.booleans()),
        )
        for i in range(draw(st.integers(1, 6)))
    )
    candidates = tuple(
        Candidate(
            id=f"c{j}",
            name="x",
            ratings={k.id: r for k in profile if (r := draw(st.none() | st.integers(1, high))) is not None},
        )
        for j in range(draw(st.integers(0, 6)))
    )
    return Competencies(scale=Scale(min=1, max=high), competencies=profile), Candidates(candidates=candidates)


@SETTINGS
@given(competency_data())
def test_fit_stays_within_0_and_100_and_ranking_is_ordered(data: tuple[Competencies, Candidates]) -> None:
    profile, people = data
    result = analyse_competencies(profile, people)
    assert all(0.0 <= c.fit <= 100.0 for c in result.candidates)
    assert [c.rank for c in result.candidates] == list(range(1, len(people.candidates) + 1))
    keys = [(-c.fit, len(c.gaps)) for c in result.candidates]
    assert keys == sorted(keys)
    for c in result.candidates:
        assert c.meets_profile == (c.fit == 100.0) == (not c.gaps)
        assert set(c.not_assessed) <= set(c.gaps)
    for team in result.team:
        # the analysis withholds nothing; only the internal filter does (small groups)
        assert team.with_gap is not None and team.meets is not None
        assert team.with_gap + team.meets == len(people.candidates)
        assert team.mean is None or 1 <= team.mean <= profile.scale.max


@st.composite
def task_plans(draw: st.DrawFn) -> TaskPlan:
    """A random DAG: each task may depend on earlier ones; roots have a start; ends are dates or durations."""
    origin = dt.date(2027, 1, 1)
    tasks: list[Task] = []
    for i in range(draw(st.integers(1, 12))):
        deps = tuple(sorted(draw(st.sets(st.sampled_from([t.id for t in tasks]), max_size=3)))) if tasks else ()
        start = None
        if not deps or draw(st.booleans()) and draw(st.booleans()):
            start = origin + dt.timedelta(days=draw(st.integers(0, 60)))
        duration = due = None
        if draw(st.booleans()) or start is None:
            duration = draw(st.integers(1, 30))
        else:
            due = start + dt.timedelta(days=draw(st.integers(0, 30)))
        status = draw(st.sampled_from(["open", "in_progress", "done", "blocked"]))
        tasks.append(
            Task(id=f"t{i}", title="x", start=start, due=due, duration_days=duration, depends_on=deps, status=status)
        )
    order = draw(st.permutations(tasks))  # file order must not matter
    return TaskPlan(tasks=tuple(order))


@SETTINGS
@given(task_plans())
def test_derived_start_is_after_every_dependency(plan: TaskPlan) -> None:
    dates = derive_dates(plan)
    for task in plan.tasks:
        start, due = dates[task.id]
        assert due >= start
        if task.start is None:
            assert all(start > dates[dep][1] for dep in task.depends_on)
            assert start - dt.timedelta(days=1) in {dates[dep][1] for dep in task.depends_on}
        if task.due is None:
            assert task.duration_days is not None
            assert (due - start).days + 1 == task.duration_days
    schedule = analyse_schedule(plan, dt.date(2027, 2, 1))
    assert schedule.end == max(d for _, d in dates.values())
    # v2 critical path: exactly the tasks with float ≤ 0, ordered by start, then due, then file order.
    by_id = {t.id: t for t in schedule.tasks}
    path = schedule.critical_path
    assert set(path) == {t.id for t in schedule.tasks if t.float <= 0}
    order = {t.id: i for i, t in enumerate(plan.tasks)}
    keys = [(by_id[tid].start, by_id[tid].due, order[tid]) for tid in path]
    assert keys == sorted(keys)
    dependants = {dep for task in plan.tasks for dep in task.depends_on}
    assert all(t.critical for t in schedule.tasks if t.due == schedule.end and t.id not in dependants)
    # The forecast never moves a task earlier and keeps every task after the forecast of its dependencies.
    for t in schedule.tasks:
        assert t.slip == (t.forecast_due - t.due).days >= 0
        if t.status in ("open", "blocked"):
            assert t.forecast_start >= max(t.start, dt.date(2027, 2, 1))
            assert all(t.forecast_start > by_id[dep].forecast_due for dep in t.depends_on)
    assert schedule.forecast_end == max(t.forecast_due for t in schedule.tasks)
