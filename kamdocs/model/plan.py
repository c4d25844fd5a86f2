"""``data/goals.yaml`` and ``data/budget.yaml``: goals with KPIs, budgets and resources."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamdocs.model.common import IsoDate, Model, Money, NonEmptyText, Quantity, Slug, Text


class Kpi(Model):
    """A key figure that shows whether a goal is reached."""

    id: Slug
    """Id of the KPI, unique across all goals."""
    name: NonEmptyText
    """Name of the KPI."""
    unit: NonEmptyText
    """Unit: EUR, %, count, days, score …"""
    direction: Literal["increase", "decrease"]
    """Whether the KPI should go up (increase) or down (decrease)."""
    baseline: Quantity
    """Value at the start."""
    target: Quantity
    """Value to reach; must differ from the baseline."""
    actual: Quantity | None = None
    """Current value, if measured."""
    due: IsoDate | None = None
    """When the target should be reached."""


class Goal(Model):
    """A goal KAM pursues."""

    id: Slug
    """Id of the goal."""
    title: NonEmptyText
    """What shall be reached."""
    owner: Text | None = None
    """Who is accountable."""
    kpis: tuple[Kpi, ...] = ()
    """KPIs that measure the goal."""


class Goals(Model):
    """KAM goals and their KPIs (data/goals.yaml)."""

    goals: tuple[Goal, ...] = ()
    """The goals."""


class BudgetItem(Model):
    """Money allotted to KAM."""

    category: NonEmptyText
    """Category, e.g. Personal, Schulung, CRM."""
    description: Text | None = None
    """What the money is for."""
    year: Annotated[int, Field(ge=1900, le=2200)]
    """Budget year."""
    amount: Money
    """Amount in the project currency (≥ 0)."""


class Resource(Model):
    """People allotted to KAM."""

    role: NonEmptyText
    """Role, e.g. Key-Account-Manager."""
    year: Annotated[int, Field(ge=1900, le=2200)]
    """Year."""
    fte: Annotated[float, Field(gt=0, le=1_000_000)]
    """Full-time equivalents (> 0)."""


class Budget(Model):
    """Budgets and resources (data/budget.yaml)."""

    items: tuple[BudgetItem, ...] = ()
    """Budget items."""
    resources: tuple[Resource, ...] = ()
    """Staff resources."""
