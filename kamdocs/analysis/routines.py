"""Routines: recurring operation tasks (docs/formulas.md#routines).

``due_next = last_done + every_days``, for a routine never done its ``start``; ``overdue`` when
``due_next < as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kamdocs.analysis.results import RoutineResult
from kamdocs.model import Routine


def next_due(routine: Routine) -> dt.date | None:
    """Return when ``routine`` is due next; None when it gives neither last_done nor start."""
    if routine.last_done is not None:
        return routine.last_done + dt.timedelta(days=routine.every_days)
    return routine.start


def analyse_routines(routines: Sequence[Routine], as_of: dt.date) -> tuple[RoutineResult, ...]:
    """Return every routine with its next due date and whether it is overdue, in file order."""
    results = []
    for routine in routines:
        due = next_due(routine)
        results.append(
            RoutineResult(
                id=routine.id,
                title=routine.title,
                owner=routine.owner,
                every_days=routine.every_days,
                last_done=routine.last_done,
                due_next=due,
                overdue=due is not None and due < as_of,
                description=routine.description,
            )
        )
    return tuple(results)
