"""``data/tasks.yaml`` (step 2): tasks of introducing and running KAM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field

from kamdocs.model.common import IsoDate, Model, NonEmptyText, Slug, Text

TaskStatus = Literal["open", "in_progress", "done", "blocked"]


class Phase(Model):
    """A phase of the introduction."""

    id: Slug
    """Id of the phase."""
    title: NonEmptyText
    """Title of the phase."""


class Task(Model):
    """A task; its start and due date are given or derived from dependencies and duration."""

    id: Slug
    """Id of the task."""
    title: NonEmptyText
    """What is to be done."""
    phase: Slug | None = None
    """Id of the phase."""
    owner: Text | None = None
    """Who does it."""
    start: IsoDate | None = None
    """First day; optional when depends_on is given (then the day after the latest dependency)."""
    due: IsoDate | None = None
    """Last day; or give duration_days."""
    duration_days: Annotated[int, Field(ge=1, le=36500)] | None = None
    """Length in calendar days, counting the start day."""
    depends_on: tuple[Slug, ...] = ()
    """Ids of tasks that must be finished first."""
    status: TaskStatus = "open"
    """open, in_progress, done or blocked."""
    milestone: bool = False
    """A milestone (shown as a diamond)."""
    effort_days: Annotated[float, Field(ge=0, le=1_000_000)] | None = None
    """Effort in person-days."""
    description: Text | None = None
    """Details."""


class Routine(Model):
    """A recurring task of the operation (Betrieb), such as the quarterly review; not part of the schedule."""

    id: Slug
    """Id of the routine."""
    title: NonEmptyText
    """What is done each time."""
    owner: Text | None = None
    """Who does it."""
    every_days: Annotated[int, Field(ge=1, le=3660)]
    """Interval in calendar days."""
    last_done: IsoDate | None = None
    """When it was last done; the next time is due every_days later."""
    start: IsoDate | None = None
    """First due date, used while it was never done."""
    description: Text | None = None
    """Details."""


class TaskPlan(Model):
    """The task plan (data/tasks.yaml)."""

    phases: tuple[Phase, ...] = ()
    """Phases in order."""
    tasks: tuple[Task, ...] = ()
    """Tasks."""
    routines: tuple[Routine, ...] = ()
    """Recurring operation tasks."""


# The date rules of a task (docs/formulas.md), in one place for the loader's checks and the schedule.
ONE_DAY = dt.timedelta(days=1)


def start_after(dues: Iterable[dt.date]) -> dt.date:
    """Return the derived start: the day after the latest due of the dependencies."""
    return max(dues) + ONE_DAY


def due_from(start: dt.date, duration_days: int) -> dt.date:
    """Return the derived due: ``start + duration_days − 1`` (calendar days, the start day counts)."""
    return start + dt.timedelta(days=duration_days - 1)
