"""The payloads of an account page (format v2: the complete account plan), one per section.

Each is already filtered for the audience (docs/audiences.md): the customer version carries no
attitude, weakness, threat, quadrant, share of wallet or other account; the internal one no contact
name or attitude unless ``privacy.publish_contacts`` is set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kamdocs.analysis.results import AccountGoalResult, AccountPosition
from kamdocs.model import (
    Action,
    Contact,
    CustomerProfile,
    FinancialYear,
    PlanInfo,
    Review,
    ScoredCriterion,
    Supplier,
    TeamMember,
)
from kamdocs.site.payloads import Payload, SwotData


@dataclass(frozen=True)
class AccountHeader(Payload):
    """What an account page shows under its title (``page.data``)."""

    classification: str | None
    industry: str | None
    country: str | None
    kam: str | None
    """The KAM as written in the account file."""
    kam_name: str | None
    """The KAM's name: a candidate id resolved to the candidate's name."""
    sponsor: str | None = None
    plan: PlanInfo | None = None
    team: tuple[TeamMember, ...] = ()
    next_review: dt.date | None = None
    review_overdue: bool = False
    prepared_for: str | None = None
    """The customer version: the name of the customer it is prepared for."""


@dataclass(frozen=True)
class AccountSummaryData(Payload):
    """An account's key figures: revenue, potential, share of wallet, contribution margin, quadrant."""

    position: AccountPosition
    contribution_margin: float | None = None
    margin_year: int | None = None
    """The year of the financials row the contribution margin is of."""


@dataclass(frozen=True)
class AccountScoresData(Payload):
    """An account's attractiveness and position criteria with their weighted means."""

    attractiveness: tuple[ScoredCriterion, ...]
    attractiveness_mean: float | None
    position: tuple[ScoredCriterion, ...]
    position_mean: float | None


@dataclass(frozen=True)
class AccountCustomerData(Payload):
    """The customer in its own market: strategy, goals, challenges, market position, competitors."""

    customer: CustomerProfile


@dataclass(frozen=True)
class AccountPositionData(Payload):
    """Our position at the account: its suppliers with their share of its spend, and the account SWOT."""

    suppliers: tuple[Supplier, ...]
    swot: SwotData | None


@dataclass(frozen=True)
class AccountValueData(Payload):
    """The value proposition and the account mission."""

    value_proposition: str | None
    mission: str | None
    mission_agreed: bool


@dataclass(frozen=True)
class AccountFinancialsData(Payload):
    """The account's figures over the years (revenue, plan, potential, contribution margin)."""

    years: tuple[FinancialYear, ...]
    """In year order."""
    as_of: dt.date


@dataclass(frozen=True)
class AccountGoalsData(Payload):
    """An account's goals, evaluated like KPIs where they have a baseline."""

    goals: tuple[AccountGoalResult, ...]
    measurable: bool = False
    """Some goal has a status (the table shows baseline, actual, achievement and status)."""


@dataclass(frozen=True)
class ContactsData(Payload):
    """An account's buying centre, as the audience may see it."""

    contacts: tuple[Contact, ...]
    names: bool = True
    """Names and attitudes are shown (restricted, or ``privacy.publish_contacts``)."""
    relationship_map: bool = False
    """Draw the relationship map (restricted only)."""


@dataclass(frozen=True)
class AccountActionsData(Payload):
    """An account's actions; ``as_of`` tells which are late."""

    actions: tuple[Action, ...]
    as_of: dt.date


@dataclass(frozen=True)
class AccountReviewsData(Payload):
    """The reviews of the account plan, newest first, and the next one."""

    reviews: tuple[Review, ...]
    next_review: dt.date | None
    review_overdue: bool
    every_days: int | None


@dataclass(frozen=True)
class AccountRow:
    """One account in the overview table."""

    id: str
    name: str
    classification: str | None
    kam: str | None
    """The KAM's name."""
    quadrant: str | None
    share_of_wallet: float | None
    revenue: float | None
    goal_status: dict[str, int]
    """Goals per status; only goals with a status are counted."""
    next_review: dt.date | None
    review_overdue: bool


@dataclass(frozen=True)
class AccountOverviewData(Payload):
    """The accounts overview: one row per account, overdue reviews first, and the filter's choices."""

    rows: tuple[AccountRow, ...]
    kams: tuple[str, ...]
    """Every KAM named, sorted (the filter's choices)."""
    quadrants: tuple[str, ...]
    """Every quadrant that occurs, in the portfolio's order."""
