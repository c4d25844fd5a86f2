"""Cross-checks of the task plan: phases, dependencies, cycles and dates (docs/formulas.md, docs/check-rules.md).

Decisions the docs leave open:

* A task may give both ``due`` and ``duration_days`` only when they agree
  (``due == start + duration_days − 1``); otherwise it is an error, because one
  of the two would silently be ignored.
* A task that depends on an unknown task or sits in a cycle gets no date
  errors of its own: the dependency error already explains it.
* "start on or before a dependency's due" is checked for an explicit ``start``
  only; a derived start is always the day after the latest dependency.
* A routine needs ``last_done`` or ``start``: without either it has no next due date.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence

from kamdocs.load.findings import Reporter, unique_ids
from kamdocs.load.yamlio import PathKey
from kamdocs.model import Task, TaskPlan
from kamdocs.model.tasks import ONE_DAY, due_from, start_after
from kamdocs.suggest import suggest


def check_tasks(out: Reporter, plan: TaskPlan, rel: str) -> None:
    """Check phases, dependencies, cycles and dates of the task plan."""
    tasks = plan.tasks
    unique_ids(out, rel, [(("phases", i), p.id) for i, p in enumerate(plan.phases)], "phase")
    unique_ids(out, rel, [(("tasks", i), t.id) for i, t in enumerate(tasks)], "task")
    phases = [p.id for p in plan.phases]
    index_of: dict[str, int] = {}
    for i, task in enumerate(tasks):
        index_of.setdefault(task.id, i)
    broken: set[str] = set()
    left_out_tasks = out.left_out(rel, "tasks")
    for i, task in enumerate(tasks):
        if task.phase is not None and task.phase not in phases and task.phase not in out.left_out(rel, "phases"):
            known_phases = [*phases, *out.left_out(rel, "phases")]
            hint = suggest(task.phase, known_phases) if known_phases else "; define it under 'phases:'"
            out.error(rel, ("tasks", i, "phase"), f"task {task.id!r}: there is no phase {task.phase!r}{hint}")
        for k, dep in enumerate(task.depends_on):
            if dep == task.id:
                out.error(rel, ("tasks", i, "depends_on", k), f"task {task.id!r} depends on itself; remove it")
                broken.add(task.id)
            elif dep in left_out_tasks:
                broken.add(task.id)  # the dependency has errors of its own
            elif dep not in index_of:
                out.error(
                    rel,
                    ("tasks", i, "depends_on", k),
                    f"task {task.id!r} depends on {dep!r}, which is not a task"
                    + suggest(dep, [*index_of, *left_out_tasks]),
                )
                broken.add(task.id)
    broken |= _report_cycles(tasks, index_of, rel, out)
    _check_dates(tasks, index_of, broken, rel, out)
    _check_routines(out, plan, rel)


def _check_routines(out: Reporter, plan: TaskPlan, rel: str) -> None:
    """Check routine ids and that each routine has a first due date (last_done or start)."""
    unique_ids(out, rel, [(("routines", i), r.id) for i, r in enumerate(plan.routines)], "routine")
    for i, routine in enumerate(plan.routines):
        if routine.last_done is None and routine.start is None:
            out.error(
                rel,
                ("routines", i, "every_days"),
                f"routine {routine.id!r} has no date to count from; write 'last_done: YYYY-MM-DD' (when it "
                "was last done) or 'start: YYYY-MM-DD' (when it is due the first time)",
                key=True,
            )


def _report_cycles(tasks: Sequence[Task], index_of: dict[str, int], rel: str, out: Reporter) -> set[str]:
    """Report each dependency cycle once, as ``a → b → a``; return the tasks on a cycle."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    on_cycle: set[str] = set()
    for root in (t.id for t in tasks):
        if root in state:
            continue
        # Iterative depth-first search: a long dependency chain must not hit the recursion limit.
        path: list[str] = [root]
        iters = [iter(tasks[index_of[root]].depends_on)]
        state[root] = 1
        while path:
            dep = next(iters[-1], None)
            if dep is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if dep not in index_of or dep == path[-1]:
                continue
            if state.get(dep) == 1:
                cycle = path[path.index(dep) :]
                on_cycle.update(cycle)
                first = cycle[0]
                k = list(tasks[index_of[first]].depends_on).index(cycle[1] if len(cycle) > 1 else first)
                shown = " → ".join([*cycle, first])
                out.error(
                    rel,
                    ("tasks", index_of[first], "depends_on", k),
                    f"the dependencies form a cycle: {shown} (each depends on the next); "
                    "remove one of these dependencies",
                )
            elif dep not in state:
                state[dep] = 1
                path.append(dep)
                iters.append(iter(tasks[index_of[dep]].depends_on))
    return on_cycle


def _order(tasks: Sequence[Task], index_of: dict[str, int], skip: set[str]) -> list[int]:
    """Return task indexes so that dependencies come first (tasks in ``skip`` and their dependants left out).

    Kahn's algorithm: linear in tasks and dependencies, whatever order the file lists them in.
    """
    waiting: dict[int, int] = {}
    dependants: dict[str, list[int]] = {}
    ready: deque[int] = deque()
    for i, task in enumerate(tasks):
        if task.id in skip or index_of[task.id] != i:
            continue
        deps = set(task.depends_on)
        waiting[i] = len(deps)
        for dep in deps:
            dependants.setdefault(dep, []).append(i)
        if not deps:
            ready.append(i)
    order: list[int] = []
    while ready:
        i = ready.popleft()
        order.append(i)
        for j in dependants.get(tasks[i].id, ()):
            waiting[j] -= 1
            if waiting[j] == 0:
                ready.append(j)
    return order


def _check_dates(tasks: Sequence[Task], index_of: dict[str, int], broken: set[str], rel: str, out: Reporter) -> None:
    """Derive every task's start and due; report what cannot be derived or contradicts itself."""
    due_of: dict[str, dt.date] = {}
    for i in _order(tasks, index_of, broken):
        try:
            _check_task_dates(tasks[i], i, due_of, rel, out)
        except OverflowError:
            out.error(
                rel,
                ("tasks", i, "id"),
                f"task {tasks[i].id!r}: its dates run past the year 9999; check start, due and duration_days",
            )


def _check_task_dates(task: Task, i: int, due_of: dict[str, dt.date], rel: str, out: Reporter) -> None:
    """Derive one task's dates from its dependencies' (in ``due_of``); record its due when valid."""
    base: PathKey = ("tasks", i)
    start = task.start
    deps_due = [(dep, due_of[dep]) for dep in task.depends_on if dep in due_of]
    derived = False
    if start is None and task.depends_on:
        if len(deps_due) < len(task.depends_on):
            return  # a dependency has no dates: its own error explains this task too
        start = start_after(due for _, due in deps_due)
        derived = True
    if start is None:
        out.error(
            rel, (*base, "id"), f"task {task.id!r} has no start: give 'start: YYYY-MM-DD' or 'depends_on: [task id]'"
        )
    due = task.due
    if due is None and task.duration_days is None:
        out.error(rel, (*base, "id"), f"task {task.id!r} has no end: give 'due: YYYY-MM-DD' or 'duration_days: N'")
        return
    if start is None:
        return
    if task.duration_days is not None:
        computed = due_from(start, task.duration_days)
        if due is not None and due != computed:
            out.error(
                rel,
                (*base, "duration_days"),
                f"task {task.id!r}: due {due} and duration_days {task.duration_days} disagree "
                f"(from the start {start}, {task.duration_days} days end on {computed}); "
                "give only one of them",
            )
        due = due or computed
    if due is None:  # pragma: no cover - excluded above: due or duration_days is given
        return
    if due < start:
        why = " (the day after its dependencies are due)" if derived else ""
        out.error(
            rel,
            (*base, "due"),
            f"task {task.id!r}: due {due} is before its start {start}{why}; a task ends on or after the day it starts",
        )
        return
    due_of[task.id] = due
    if task.start is not None:
        for dep, dep_due in deps_due:
            if task.start <= dep_due:
                out.warning(
                    rel,
                    (*base, "start"),
                    f"task {task.id!r} starts on {task.start}, on or before {dep_due}, when "
                    f"{dep!r} (which it depends on) is due; start on {dep_due + ONE_DAY} or later, "
                    "or leave out start",
                )
