"""Account portfolio (docs/formulas.md): weighted means, quadrants, share of wallet, counts."""

from __future__ import annotations

from typing import Any

import pytest

from kamdocs.analysis.portfolio import analyse_portfolio, position_of
from kamdocs.model import Account, ScoredCriterion


def scored(*pairs: tuple[float, float]) -> tuple[ScoredCriterion, ...]:
    return tuple(ScoredCriterion(criterion=f"k{i}", weight=w, score=s) for i, (w, s) in enumerate(pairs))


Pairs = tuple[tuple[float, float], ...]


def account(aid: str, attractiveness: Pairs = (), position: Pairs = (), **fields: Any) -> Account:
    return Account(
        id=aid, name=aid.upper(), attractiveness=scored(*attractiveness), position=scored(*position), **fields
    )


def test_weighted_means_and_share_of_wallet_hand_computed() -> None:
    acme = position_of(account("acme", ((2, 8), (1, 5)), ((1, 4), (3, 6)), revenue=4_200_000, potential=12_000_000))
    assert acme.attractiveness == 7.0  # (16 + 5) / 3
    assert acme.position == 5.5  # (4 + 18) / 4
    assert acme.quadrant == "develop"  # 5.5 counts as high
    assert acme.share_of_wallet == 35.0


@pytest.mark.parametrize(
    ("attractiveness", "position", "quadrant"),
    [
        (((1, 5), (1, 6)), ((1, 5), (1, 6)), "develop"),  # both exactly 5.5
        (((1, 5.5),), ((1, 5.4),), "invest_selectively"),
        (((1, 5.4),), ((1, 5.5),), "maintain"),
        (((1, 5.49),), ((1, 1),), "harvest"),
        (((1, 10),), ((1, 10),), "develop"),
    ],
)
def test_quadrant_threshold_5_5(attractiveness: Any, position: Any, quadrant: str) -> None:
    assert position_of(account("x", attractiveness, position)).quadrant == quadrant


def test_threshold_is_exact_for_decimal_weights() -> None:
    # (0.1·5.1 + 0.1·5.3 + 0.1·6.1) / 0.3 is 5.5 exactly; in binary floats it is 5.499999999999999.
    pairs = ((0.1, 5.1), (0.1, 5.3), (0.1, 6.1))
    floats = sum(w * s for w, s in pairs) / sum(w for w, _ in pairs)
    assert floats < 5.5
    result = position_of(account("x", pairs, pairs))
    assert result.attractiveness == 5.5 and result.quadrant == "develop"


def test_missing_values_are_none() -> None:
    bare = position_of(account("bare", ((1, 8),), (), revenue=100))
    assert (bare.attractiveness, bare.position, bare.quadrant, bare.share_of_wallet) == (8.0, None, None, None)
    no_revenue = position_of(account("nr", potential=100))
    assert no_revenue.share_of_wallet is None


def test_portfolio_sorted_counts_and_totals() -> None:
    portfolio = analyse_portfolio(
        (
            account("zeta", ((1, 8),), ((1, 8),), classification="A", revenue=100, potential=400),
            account("alpha", ((1, 2),), ((1, 2),), classification="C", revenue=50),
            account("mid", ((1, 8),), ((1, 2),), classification="A", potential=1000),
            account("none"),
        )
    )
    assert [a.id for a in portfolio.accounts] == ["alpha", "mid", "none", "zeta"]
    assert portfolio.by_classification == {"A": 2, "B": 0, "C": 1}
    assert portfolio.by_quadrant == {"develop": 1, "invest_selectively": 1, "maintain": 0, "harvest": 1}
    assert (portfolio.total_revenue, portfolio.total_potential) == (150.0, 1400.0)
    assert portfolio.accounts[3].share_of_wallet == 25.0
