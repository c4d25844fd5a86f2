"""``data/goals.yaml`` and ``data/budget.yaml``: goals with KPIs, budgets and resources."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamdocs.model.common import IsoDate, Model, Money, NonEmptyText, Quantity, Slug, Text

KpiSource = Literal[
    "accounts.revenue", "accounts.potential", "accounts.share_of_wallet", "accounts.agreed_missions", "accounts.count"
]
"""Where a KPI's actual is rolled up from the account files (docs/formulas.md#kpi-source-roll-ups)."""


class DatedValue(Model):
    """A KPI value on a date: an intermediate target (``plan``) or a measurement (``history``)."""

    date: IsoDate
    """The date."""
    value: Quantity
    """The value on that date."""


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
    baseline_date: IsoDate | None = None
    """When the baseline was measured; default: the top-level baseline_date of goals.yaml."""
    plan: tuple[DatedValue, ...] = ()
    """Intermediate targets between the baseline date and the due date, in date order."""
    history: tuple[DatedValue, ...] = ()
    """Measured values in date order; the latest up to as_of is the actual when none is given."""
    source: KpiSource | None = None
    """Roll the actual up from the account files instead of writing it (not with actual or history)."""


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
    baseline_date: IsoDate | None = None
    """When the baselines were measured, for every KPI without its own baseline_date."""


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
