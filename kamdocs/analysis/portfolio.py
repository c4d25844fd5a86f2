"""The key-account portfolio (docs/formulas.md).

- attractiveness / position = the weighted mean ``Σ w·score / Σ w`` of the
  account's attractiveness / position scores (1–10): with data/portfolio.yaml the
  weights of its criteria and the account's ``scores`` by criterion id, else the
  account's own lists; None without scores;
- quadrant, with the threshold of data/portfolio.yaml, else 5.5 (a value at or
  above it is high; compared exactly):
  high attractiveness and high position ``develop``; high attractiveness and
  low position ``invest_selectively``; low attractiveness and high position
  ``maintain``; both low ``harvest``; None when either value is missing;
- share of wallet = ``revenue / potential × 100``; None when either is missing
  (or the potential is 0);
- counts per classification (A, B, C; unclassified accounts are not counted)
  and per quadrant (all four, in the order above; accounts without a quadrant
  are not counted); totals of the revenue and the potential that are given.

Accounts are listed sorted by id.
"""

from __future__ import annotations

from fractions import Fraction

from kamdocs.analysis.exact import as_float, exact, exact_sum, ratio_percent, weighted_mean
from kamdocs.analysis.results import AccountPosition, Portfolio, Quadrant
from kamdocs.model import Account, PortfolioCriteria, ScoredCriterion
from kamdocs.model.portfolio import DEFAULT_THRESHOLD

THRESHOLD = exact(DEFAULT_THRESHOLD)
QUADRANTS: tuple[Quadrant, ...] = ("develop", "invest_selectively", "maintain", "harvest")
CLASSIFICATIONS = ("A", "B", "C")


def quadrant(
    attractiveness: Fraction | None, position: Fraction | None, threshold: Fraction = THRESHOLD
) -> Quadrant | None:
    """Return the portfolio quadrant; a value at or above ``threshold`` counts as high."""
    if attractiveness is None or position is None:
        return None
    high_attractiveness = attractiveness >= threshold
    high_position = position >= threshold
    if high_attractiveness:
        return "develop" if high_position else "invest_selectively"
    return "maintain" if high_position else "harvest"


def share_of_wallet(account: Account) -> Fraction | None:
    """Return revenue / potential × 100, or None when either is missing."""
    if account.revenue is None or account.potential is None:
        return None
    return ratio_percent(exact(account.revenue), exact(account.potential))


def scored_criteria(
    account: Account, criteria: PortfolioCriteria | None
) -> tuple[tuple[ScoredCriterion, ...], tuple[ScoredCriterion, ...]]:
    """Return the account's scored attractiveness and position criteria, from portfolio.yaml where it exists."""
    if criteria is None:
        return account.attractiveness, account.position
    scores = account.scores
    if scores is None:
        return (), ()
    pairs = ((criteria.attractiveness, scores.attractiveness), (criteria.position, scores.position))
    attractiveness, position = (
        tuple(
            ScoredCriterion(criterion=c.criterion, weight=c.weight, score=given[c.id]) for c in items if c.id in given
        )
        for items, given in pairs
    )
    return attractiveness, position


def position_of(account: Account, criteria: PortfolioCriteria | None = None) -> AccountPosition:
    """Place one account in the portfolio matrix."""
    scored_attractiveness, scored_position = scored_criteria(account, criteria)
    attractiveness = weighted_mean((c.weight, c.score) for c in scored_attractiveness)
    position = weighted_mean((c.weight, c.score) for c in scored_position)
    threshold = exact(criteria.threshold) if criteria is not None else THRESHOLD
    return AccountPosition(
        id=account.id,
        name=account.name,
        classification=account.classification,
        revenue=account.revenue,
        potential=account.potential,
        attractiveness=as_float(attractiveness),
        position=as_float(position),
        quadrant=quadrant(attractiveness, position, threshold),
        share_of_wallet=as_float(share_of_wallet(account)),
    )


def analyse_portfolio(accounts: tuple[Account, ...], criteria: PortfolioCriteria | None = None) -> Portfolio:
    """Place every account and count classifications and quadrants."""
    positions = tuple(position_of(a, criteria) for a in sorted(accounts, key=lambda a: a.id))
    return Portfolio(
        accounts=positions,
        by_classification={k: sum(1 for p in positions if p.classification == k) for k in CLASSIFICATIONS},
        by_quadrant={q: sum(1 for p in positions if p.quadrant == q) for q in QUADRANTS},
        total_revenue=float(exact_sum(p.revenue for p in positions if p.revenue is not None)),
        total_potential=float(exact_sum(p.potential for p in positions if p.potential is not None)),
        threshold=criteria.threshold if criteria is not None else DEFAULT_THRESHOLD,
    )
