"""``data/organisation.yaml``: placement, org variants, RACI and the international split."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kamdocs.model.common import Model, NonEmptyText, Slug, Text

RaciLetter = Literal["R", "A", "C", "I"]


class Unit(Model):
    """A box of an org chart."""

    id: Slug
    """Id of the unit, unique within its variant."""
    name: NonEmptyText
    """Name shown in the chart."""
    parent: Slug | None = None
    """Id of the parent unit; null for the single root."""
    kam: bool = False
    """Highlight this unit as the place of Key-Account-Management."""


class Variant(Model):
    """One way to place KAM in the organisation, drawn as an org chart."""

    id: Slug
    """Id of the variant."""
    type: Literal["functional", "customer"]
    """functional (by function) or customer (object-oriented, by customer)."""
    title: NonEmptyText
    """Title of the variant."""
    description: Text | None = None
    """Short description."""
    pros: tuple[Text, ...] = ()
    """Advantages."""
    cons: tuple[Text, ...] = ()
    """Disadvantages."""
    units: tuple[Unit, ...] = ()
    """The org chart: a tree with exactly one root."""


class Role(Model):
    """A column of the RACI matrix."""

    id: Slug
    """Id used in raci mappings."""
    name: NonEmptyText
    """Name of the role or department."""


class Responsibility(Model):
    """A row of the RACI matrix."""

    activity: NonEmptyText
    """The activity."""
    raci: dict[str, RaciLetter] = Field(default_factory=dict)
    """Role id → R, A, C or I; exactly one A and at least one R."""


class InternationalTask(Model):
    """Who does a task across countries."""

    activity: NonEmptyText
    """The activity."""
    level: Literal["hq", "local", "shared"]
    """hq (sales headquarters), local (branch or partner) or shared."""
    note: Text | None = None
    """Remark."""


class Organisation(Model):
    """Organisational placement of KAM (data/organisation.yaml)."""

    placement: Literal["sales", "marketing", "customer_management"] | None = None
    """Where KAM sits: sales, marketing or customer_management."""
    rationale: Text | None = None
    """Why it sits there."""
    selected: Slug | None = None
    """Id of the chosen variant."""
    variants: tuple[Variant, ...] = ()
    """Org chart variants."""
    roles: tuple[Role, ...] = ()
    """Columns of the RACI matrix."""
    responsibilities: tuple[Responsibility, ...] = ()
    """RACI rows."""
    international: tuple[InternationalTask, ...] = ()
    """Split of tasks between headquarters and local units."""
