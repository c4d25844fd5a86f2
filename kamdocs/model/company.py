"""``data/company.yaml``: the company, its market position and the KAM mission."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kamdocs.model.common import Model, Money, NonEmptyText, Slug, Text

Percent = Annotated[float, Field(ge=0, le=100)]


class Mission(Model):
    """The KAM mission: how the company wants to work with its key accounts."""

    statement: NonEmptyText
    """The mission statement."""
    values: tuple[Text, ...] = ()
    """Guiding values of the cooperation."""
    agreed_with: tuple[Slug, ...] = ()
    """Ids of key accounts (data/accounts/<id>.yaml) that co-signed the mission."""


class Competitor(Model):
    """A competitor in the market."""

    name: NonEmptyText
    """Name of the competitor."""
    market_share: Percent | None = None
    """Market share in percent (0–100)."""
    strengths: tuple[Text, ...] = ()
    """What the competitor does well."""
    weaknesses: tuple[Text, ...] = ()
    """Where the competitor is weak."""


class Swot(Model):
    """SWOT analysis of the company's market position."""

    strengths: tuple[Text, ...] = ()
    """Internal strengths."""
    weaknesses: tuple[Text, ...] = ()
    """Internal weaknesses."""
    opportunities: tuple[Text, ...] = ()
    """External opportunities."""
    threats: tuple[Text, ...] = ()
    """External threats."""


class Trend(Model):
    """A trend, technology or market driver."""

    title: NonEmptyText
    """What the trend is."""
    kind: Literal["technology", "market", "regulation", "customer"] | None = None
    """Kind of trend: technology, market, regulation or customer."""
    impact: Annotated[int, Field(ge=1, le=5)] | None = None
    """Expected impact, 1 (low) to 5 (high)."""


class Market(Model):
    """The company's position in its competitive environment."""

    summary: Text | None = None
    """Summary of the market position."""
    market_share: Percent | None = None
    """Own market share in percent (0–100)."""
    competitors: tuple[Competitor, ...] = ()
    """Main competitors."""
    swot: Swot | None = None
    """SWOT analysis."""
    trends: tuple[Trend, ...] = ()
    """Trends, technologies and market drivers."""


class DataSource(Model):
    """A piece of data or information KAM needs, and where it comes from."""

    item: NonEmptyText
    """What is needed, e.g. 'Deckungsbeitrag je Kunde'."""
    source: Text | None = None
    """System or document it comes from."""
    owner: Text | None = None
    """Who provides it."""
    available: bool = False
    """Whether it is available today."""


class Company(Model):
    """The company introducing KAM (data/company.yaml)."""

    name: NonEmptyText
    """Company name."""
    industry: Text | None = None
    """Industry."""
    employees: Annotated[int, Field(ge=0, le=100_000_000)] | None = None
    """Number of employees."""
    revenue: Money | None = None
    """Annual revenue in the project currency."""
    countries: tuple[Text, ...] = ()
    """Countries the company sells in (ISO codes such as DE, AT, NO)."""
    mission: Mission
    """The KAM mission (required)."""
    market: Market | None = None
    """Market position."""
    data_sources: tuple[DataSource, ...] = ()
    """Data and information KAM needs."""
