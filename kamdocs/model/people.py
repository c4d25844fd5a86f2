"""``data/competencies.yaml`` (step 3a) and ``data/candidates.yaml`` (step 3b, personal data)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kamdocs.model.common import IsoDate, Model, NonEmptyText, Scale, Slug, Text, Weight


class Competency(Model):
    """A competency key account managers need."""

    id: Slug
    """Id of the competency."""
    name: NonEmptyText
    """Name of the competency."""
    group: Text | None = None
    """Group, e.g. Fachkompetenz."""
    description: Text | None = None
    """What it means."""
    weight: Weight = 1
    """Weight in the fit (> 0)."""
    required: int
    """Required level, inside the scale."""
    critical: bool = False
    """A gap here makes a candidate 'not yet suitable'."""


class Competencies(Model):
    """The required competency profile (data/competencies.yaml)."""

    scale: Scale = Field(default_factory=Scale)
    """Rating scale, 1–5 by default."""
    competencies: tuple[Competency, ...] = ()
    """The competencies."""


class Development(Model):
    """A measure to close a competency gap."""

    competency: Slug
    """Id of the competency it develops."""
    measure: NonEmptyText
    """Training, coaching, mentoring, job rotation, project work …"""
    due: IsoDate | None = None
    """Due date."""
    status: Literal["open", "in_progress", "done"] = "open"
    """open, in_progress or done."""


class Candidate(Model):
    """An employee rated against the profile (personal data)."""

    id: Slug
    """Id of the candidate, e.g. c01."""
    name: NonEmptyText
    """Name (personal data: never shown to the internal audience)."""
    role: Text | None = None
    """Current role."""
    assessed_on: IsoDate | None = None
    """Date of the assessment."""
    assessed_by: Text | None = None
    """Who assessed."""
    ratings: dict[str, int] = Field(default_factory=dict)
    """Competency id → rating on the scale."""
    strengths: tuple[Text, ...] = ()
    """Strengths to build on."""
    development: tuple[Development, ...] = ()
    """Development measures."""


class Candidates(Model):
    """Candidates for KAM (data/candidates.yaml)."""

    candidates: tuple[Candidate, ...] = ()
    """The candidates."""
