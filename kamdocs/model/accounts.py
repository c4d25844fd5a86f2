"""``data/accounts/<id>.yaml``: one key account and its account plan."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from kamdocs.model.common import MAX_MONEY, IsoDate, Model, Money, NonEmptyText, Quantity, Slug, Text, Weight


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
    """A goal agreed for the account; with a ``baseline`` it is computed like a programme KPI."""

    id: Slug | None = None
    """Id of the goal (format v2; needed to compare it across revisions)."""
    title: NonEmptyText
    """The goal."""
    kpi: Text | None = None
    """How it is measured."""
    unit: Text | None = None
    """Unit of baseline, target and actual: EUR, %, count … (format v2)."""
    direction: Literal["increase", "decrease"] = "increase"
    """Whether the value should go up (increase) or down (decrease) (format v2)."""
    baseline: Quantity | None = None
    """Value at the start (format v2); with it, the goal gets an achievement and a status."""
    target: Quantity | Text | None = None
    """Target value: a number (format v2, with a baseline) or a text such as '+15 %'."""
    actual: Quantity | None = None
    """Current value, if measured (format v2)."""
    due: IsoDate | None = None
    """Due date."""
    baseline_date: IsoDate | None = None
    """When the baseline was measured (format v2); default: the plan's start."""

    @model_validator(mode="before")
    @classmethod
    def _numeric_target(cls, data: Any) -> Any:
        """Read a number as a number when there is a baseline; without one, keep the target as written."""
        if isinstance(data, dict) and data.get("baseline") is not None:
            target = data.get("target")
            if isinstance(target, int | float) and not isinstance(target, bool):
                return {**data, "target": float(target)}
        return data

    @property
    def measurable(self) -> bool:
        """Return True when the goal has a baseline and a numeric target (it is computed like a KPI)."""
        return self.baseline is not None and isinstance(self.target, float | int)


ContactRole = Literal["economic_buyer", "decision_maker", "influencer", "user", "gatekeeper", "champion"]
"""A role in the buying centre."""

Rating = Annotated[int, Field(ge=1, le=5)]
"""A strength from 1 (low) to 5 (high)."""


class Contact(Model):
    """A person in the customer's buying centre (personal data of a third party)."""

    name: NonEmptyText
    """Name."""
    function: Text | None = None
    """Job title."""
    role: ContactRole | None = None
    """Role in the buying centre."""
    attitude: Literal["supporter", "neutral", "opponent"] | None = None
    """Attitude towards us."""
    influence: Rating | None = None
    """Influence on the buying decision, 1 (low) to 5 (high) (format v2)."""
    relationship: Rating | None = None
    """Strength of our relationship with the person, 1 (weak) to 5 (strong) (format v2)."""
    counterpart: Text | None = None
    """Who on our side looks after the person (format v2)."""
    last_contact: IsoDate | None = None
    """Date of the last contact (format v2)."""


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


class PlanInfo(Model):
    """The account plan's period, version, approval and review rhythm (format v2)."""

    start: IsoDate | None = None
    """First day the plan covers."""
    end: IsoDate | None = None
    """Last day the plan covers."""
    version: Text | None = None
    """Version of the plan, e.g. "2"."""
    approved_by: Text | None = None
    """Who approved the plan."""
    approved_on: IsoDate | None = None
    """When it was approved."""
    review_every_days: Annotated[int, Field(ge=1, le=3660)] | None = None
    """Days between two reviews; the next review is due this long after the latest one."""


class TeamMember(Model):
    """A member of the account team on our side (format v2)."""

    role: NonEmptyText
    """Role in the account team, e.g. "Innendienst"."""
    name: Text | None = None
    """Name."""


class CustomerCompetitor(Model):
    """A competitor of the customer in its own market (format v2)."""

    name: NonEmptyText
    """Name."""
    note: Text | None = None
    """What matters about it."""


class CustomerProfile(Model):
    """The customer in its own market (format v2)."""

    strategy: Text | None = None
    """The customer's strategy."""
    goals: tuple[NonEmptyText, ...] = ()
    """The customer's own goals."""
    challenges: tuple[NonEmptyText, ...] = ()
    """The challenges it faces."""
    market_position: Text | None = None
    """Its position in its market."""
    competitors: tuple[CustomerCompetitor, ...] = ()
    """Its competitors."""


class Supplier(Model):
    """A supplier of the account in our category: a competitor of ours there (format v2)."""

    name: NonEmptyText
    """Name (write your own company's name for your share, if you like)."""
    share: Annotated[float, Field(ge=0, le=100)] | None = None
    """Its share of the account's spend in our category, in percent."""
    note: Text | None = None
    """What matters about it."""


class AccountSwot(Model):
    """Our strengths, weaknesses, opportunities and threats at the account (format v2)."""

    strengths: tuple[NonEmptyText, ...] = ()
    weaknesses: tuple[NonEmptyText, ...] = ()
    opportunities: tuple[NonEmptyText, ...] = ()
    threats: tuple[NonEmptyText, ...] = ()


class FinancialYear(Model):
    """The account's figures of one year (format v2)."""

    year: Annotated[int, Field(ge=1900, le=2200)]
    """The year."""
    revenue: Money | None = None
    """Our revenue with the account (actual, or expected for a year not over)."""
    plan: Money | None = None
    """Planned revenue."""
    potential: Annotated[float, Field(gt=0, le=MAX_MONEY)] | None = None
    """The account's total spend in our category."""
    contribution_margin: Annotated[float, Field(ge=-MAX_MONEY, le=MAX_MONEY)] | None = None
    """Our contribution margin with the account."""


class Review(Model):
    """A review meeting of the account plan (format v2)."""

    date: IsoDate
    """When it took place."""
    participants: tuple[NonEmptyText, ...] = ()
    """Who took part."""
    summary: Text | None = None
    """What was found."""
    decisions: tuple[NonEmptyText, ...] = ()
    """What was decided."""
    next: IsoDate | None = None
    """Date of the next review."""


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
    plan: PlanInfo | None = None
    """Period, version, approval and review rhythm of the account plan (format v2)."""
    sponsor: Text | None = None
    """Executive sponsor on our side (format v2)."""
    team: tuple[TeamMember, ...] = ()
    """The account team on our side (format v2)."""
    customer: CustomerProfile | None = None
    """The customer in its own market (format v2)."""
    suppliers: tuple[Supplier, ...] = ()
    """The account's suppliers in our category with their share of its spend (format v2)."""
    swot: AccountSwot | None = None
    """Our strengths, weaknesses, opportunities and threats at the account (format v2)."""
    value_proposition: Text | None = None
    """What we offer the account that others do not (format v2)."""
    financials: tuple[FinancialYear, ...] = ()
    """Figures per year (format v2); the row of the as_of year fills in a missing revenue and potential."""
    reviews: tuple[Review, ...] = ()
    """Reviews of the plan (format v2)."""


def financial_year(account: Account, as_of: dt.date) -> FinancialYear | None:
    """Return the financials row of ``as_of``'s year, else of the latest earlier year; None without one."""
    rows = [row for row in account.financials if row.year <= as_of.year]
    return max(rows, key=lambda row: row.year) if rows else None


def with_financials(account: Account, as_of: dt.date) -> Account:
    """Return ``account`` with a missing ``revenue``/``potential`` taken from its financials.

    Each comes from the latest row up to ``as_of``'s year that gives it (the current year's row
    often has only the plan until the year is over).
    """
    if account.revenue is not None and account.potential is not None:
        return account
    rows = sorted((row for row in account.financials if row.year <= as_of.year), key=lambda row: row.year)
    update: dict[str, float] = {}
    revenue = next((row.revenue for row in reversed(rows) if row.revenue is not None), None)
    potential = next((row.potential for row in reversed(rows) if row.potential is not None), None)
    if account.revenue is None and revenue is not None:
        update["revenue"] = revenue
    if account.potential is None and potential is not None:
        update["potential"] = potential
    return account.model_copy(update=update) if update else account
