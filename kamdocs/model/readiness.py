"""``data/readiness.yaml`` (step 1): assessment of the organisational prerequisites."""

from __future__ import annotations

from pydantic import Field

from kamdocs.model.common import Model, NonEmptyText, Scale, Slug, Text, Weight


class Criterion(Model):
    """A statement about the organisation, scored on the scale."""

    id: Slug
    """Id of the criterion, unique in the file."""
    statement: NonEmptyText
    """The statement that is assessed."""
    weight: Weight = 1
    """Weight within the area (> 0)."""
    score: int
    """Today's score, inside the scale."""
    target: int | None = None
    """Score to reach, inside the scale."""
    comment: Text | None = None
    """Assessor's remark."""
    action: Text | None = None
    """What to do to reach the target."""


class Area(Model):
    """A group of criteria, e.g. processes or data/IT."""

    id: Slug
    """Id of the area."""
    title: NonEmptyText
    """Title of the area."""
    weight: Weight = 1
    """Weight in the overall index (> 0)."""
    criteria: tuple[Criterion, ...] = ()
    """The criteria."""


class Readiness(Model):
    """Readiness assessment (data/readiness.yaml)."""

    scale: Scale = Field(default_factory=Scale)
    """Scoring scale, 1–5 by default."""
    areas: tuple[Area, ...] = ()
    """Assessment areas."""
