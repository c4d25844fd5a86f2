"""``data/accounts/<id>.yaml``: one key account and its account plan."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamdocs.model.common import MAX_MONEY, IsoDate, Model, Money, NonEmptyText, Slug, Text, Weight


class ScoredCriterion(Model):
    """A weighted criterion scored 1–10."""

    criterion: NonEmptyText
    """What is rated."""
    weight: Weight = 1
    """Weight (> 0)."""
    score: Annotated[float, Field(ge=1, le=10)]
    """Score from 1 (low) to 10 (high)."""


Score = Annotated[float, Field(ge=1, le=10)]
"""A portfolio score from 1 (low) to 10 (high)."""


class AccountScores(Model):
    """Scores by the criterion ids of data/portfolio.yaml."""

    # additionalProperties: the schema then underlines a key that is no id (an editor would not otherwise).
    attractiveness: dict[Slug, Score] = Field(default_factory=dict, json_schema_extra={"additionalProperties": False})
    """Attractiveness criterion id → score 1–10."""
    position: dict[Slug, Score] = Field(default_factory=dict, json_schema_extra={"additionalProperties": False})
    """Position criterion id → score 1–10."""


class AccountGoal(Model):
    """A goal agreed for the account."""

    title: NonEmptyText
    """The goal."""
    kpi: Text | None = None
    """How it is measured."""
    target: Text | None = None
    """Target value (text, e.g. '+15 %')."""
    due: IsoDate | None = None
    """Due date."""


class Contact(Model):
    """A person in the customer's buying centre."""

    name: NonEmptyText
    """Name."""
    function: Text | None = None
    """Job title."""
    role: Literal["economic_buyer", "decision_maker", "influencer", "user", "gatekeeper", "champion"] | None = None
    """Role in the buying centre."""
    attitude: Literal["supporter", "neutral", "opponent"] | None = None
    """Attitude towards us."""


class Action(Model):
    """An action of the account plan."""

    title: NonEmptyText
    """What is to be done."""
    owner: Text | None = None
    """Who does it."""
    due: IsoDate | None = None
    """Due date."""
    status: Literal["open", "in_progress", "done", "blocked"] = "open"
    """open, in_progress, done or blocked."""


class Account(Model):
    """A key account (data/accounts/<id>.yaml)."""

    id: Slug
    """Id; must equal the file name without .yaml."""
    name: NonEmptyText
    """Customer name."""
    industry: Text | None = None
    """Customer's industry."""
    country: Text | None = None
    """Country (ISO code such as DE or NO)."""
    kam: Text | None = None
    """Responsible key account manager: a candidate id or a name."""
    classification: Literal["A", "B", "C"] | None = None
    """ABC classification."""
    revenue: Money | None = None
    """Our revenue with the account per year."""
    potential: Annotated[float, Field(gt=0, le=MAX_MONEY)] | None = None
    """The account's total spend in our category per year."""
    mission: Text | None = None
    """Account mission, ideally agreed with the customer."""
    mission_agreed: bool = False
    """Whether the customer agreed the mission."""
    attractiveness: tuple[ScoredCriterion, ...] = ()
    """Attractiveness criteria (1–10)."""
    position: tuple[ScoredCriterion, ...] = ()
    """Our relative position (1–10)."""
    scores: AccountScores | None = None
    """Scores by the criterion ids of data/portfolio.yaml (instead of the two lists above)."""
    goals: tuple[AccountGoal, ...] = ()
    """Goals for the account."""
    contacts: tuple[Contact, ...] = ()
    """Buying-centre contacts."""
    actions: tuple[Action, ...] = ()
    """Actions."""
