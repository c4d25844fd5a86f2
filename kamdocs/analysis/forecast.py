"""Float, critical path and forecast of the task plan (docs/formulas.md#float-and-critical-path).

All in calendar days on the planned dates, with ``d = due − start + 1``:

- late finish ``LF`` = the plan end E for a task nobody depends on, else the minimum of
  ``LS(s) − 1`` over its dependants ``s``, where ``LS(s) = LF(s) − d(s) + 1``;
  total float = ``LF − due`` (negative where a start was set before a dependency's due);
  critical = float ≤ 0, listed by start, then due, then file order;
- forecast, in dependency order: ``done`` keeps its dates; ``in_progress`` keeps its start and
  ends ``max(due, as_of)``; ``open``/``blocked`` starts ``max(start, as_of, day after the latest
  forecast due of its dependencies)`` and keeps its duration; slip = forecast due − due;
  ``late_start`` = open or blocked and start < as_of.

Dependencies on unknown tasks are ignored (the loader reports them). A cycle (which the loader
also reports) raises :class:`ScheduleError` rather than giving wrong figures.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kamdocs.errors import KamdocsError
from kamdocs.model import Task
from kamdocs.model.tasks import ONE_DAY


class CycleError(KamdocsError):
    """The dependencies form a cycle (the loader normally reports this first)."""


@dataclass(frozen=True)
class TaskTiming:
    """Float and forecast of one task."""

    float: int
    forecast_start: dt.date
    forecast_due: dt.date
    slip: int
    late_start: bool


def dependency_order(tasks: Sequence[Task]) -> list[int]:
    """Return the task indices so that every task comes after the tasks it depends on (file order where free)."""
    index_of: dict[str, int] = {}
    for index, task in enumerate(tasks):
        index_of.setdefault(task.id, index)
    waiting = [0] * len(tasks)
    dependants: list[list[int]] = [[] for _ in tasks]
    for index, task in enumerate(tasks):
        for dep in dict.fromkeys(task.depends_on):  # a dependency written twice counts once
            found = index_of.get(dep)
            if found is not None and found != index:
                waiting[index] += 1
                dependants[found].append(index)
    ready = deque(i for i in range(len(tasks)) if waiting[i] == 0)
    order: list[int] = []
    while ready:
        index = ready.popleft()
        order.append(index)
        for after in dependants[index]:
            waiting[after] -= 1
            if waiting[after] == 0:
                ready.append(after)
    if len(order) != len(tasks):
        raise CycleError("data/tasks.yaml: the task dependencies form a cycle; remove one of the depends_on entries")
    return order


def _dependencies(tasks: Sequence[Task], index_of: Mapping[str, int], index: int) -> list[int]:
    return [found for dep in tasks[index].depends_on if (found := index_of.get(dep)) is not None and found != index]


def timings(
    tasks: Sequence[Task], dates: Mapping[str, tuple[dt.date, dt.date]], as_of: dt.date
) -> dict[str, TaskTiming]:
    """Return task id → float and forecast, from the planned ``dates`` (id → (start, due))."""
    if not tasks:
        return {}
    index_of: dict[str, int] = {}
    for index, task in enumerate(tasks):
        index_of.setdefault(task.id, index)
    order = [i for i in dependency_order(tasks) if index_of[tasks[i].id] == i]  # duplicates: the first counts
    start = [dates[tasks[i].id][0] for i in range(len(tasks))]
    due = [dates[tasks[i].id][1] for i in range(len(tasks))]
    end = max(due[i] for i in order)

    # Backward pass: a task's late finish from the late starts of the tasks that depend on it.
    late_finish: dict[int, dt.date] = {}
    late_start: dict[int, dt.date] = {}
    for index in reversed(order):
        finish = late_finish.get(index, end)
        late_finish[index] = finish
        late_start[index] = finish - (due[index] - start[index])
        for dep in _dependencies(tasks, index_of, index):
            limit = late_start[index] - ONE_DAY
            if dep not in late_finish or limit < late_finish[dep]:
                late_finish[dep] = limit

    # Forward pass from as_of: where each task will start and end if things go on as they are.
    forecast: dict[int, tuple[dt.date, dt.date]] = {}
    for index in order:
        task = tasks[index]
        if task.status == "done":
            forecast[index] = (start[index], due[index])
        elif task.status == "in_progress":
            forecast[index] = (start[index], max(due[index], as_of))
        else:
            earliest = max(start[index], as_of)
            for dep in _dependencies(tasks, index_of, index):
                earliest = max(earliest, forecast[dep][1] + ONE_DAY)
            forecast[index] = (earliest, earliest + (due[index] - start[index]))
    return {
        tasks[i].id: TaskTiming(
            float=(late_finish[i] - due[i]).days,
            forecast_start=forecast[i][0],
            forecast_due=forecast[i][1],
            slip=(forecast[i][1] - due[i]).days,
            late_start=tasks[i].status in ("open", "blocked") and start[i] < as_of,
        )
        for i in order
    }


def critical_path(
    tasks: Sequence[Task], dates: Mapping[str, tuple[dt.date, dt.date]], floats: Mapping[str, int]
) -> tuple[str, ...]:
    """Return the ids of the tasks with float ≤ 0, by start, then due, then file order."""
    seen: set[str] = set()
    critical: list[tuple[dt.date, dt.date, int, str]] = []
    for index, task in enumerate(tasks):
        if task.id in seen or task.id not in floats:
            continue
        seen.add(task.id)
        if floats[task.id] <= 0:
            critical.append((dates[task.id][0], dates[task.id][1], index, task.id))
    return tuple(entry[3] for entry in sorted(critical))
