"""``data/portfolio.yaml``: one set of portfolio criteria and weights for every key account."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kamdocs.model.common import Model, NonEmptyText, Slug, Text, Weight

DEFAULT_THRESHOLD = 5.5
"""A score at or above it counts as high in the portfolio matrix."""


class PortfolioCriterion(Model):
    """A criterion every account is scored on, 1–10."""

    id: Slug
    """Id the accounts' scores refer to."""
    criterion: NonEmptyText
    """What is rated, e.g. "Wachstum des Kunden"."""
    weight: Weight = 1
    """Weight in the weighted mean (> 0)."""
    description: Text | None = None
    """How to score it (what a 1, a 5 and a 10 mean)."""


class PortfolioCriteria(Model):
    """The portfolio criteria and threshold (data/portfolio.yaml)."""

    threshold: Annotated[float, Field(ge=1, le=10)] = DEFAULT_THRESHOLD
    """A weighted mean at or above it counts as high."""
    attractiveness: tuple[PortfolioCriterion, ...] = ()
    """Criteria of the account's attractiveness (Kundenattraktivität)."""
    position: tuple[PortfolioCriterion, ...] = ()
    """Criteria of our relative position at the account (relative Lieferantenposition)."""
