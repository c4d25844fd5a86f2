"""KPI ``source`` roll-ups: a programme KPI's actual summed up from the account files.

``accounts.revenue`` / ``accounts.potential``: the sum over the accounts that give the value (None
when none does); ``accounts.share_of_wallet``: Σ revenue / Σ potential × 100 over the accounts that
give both (None when none does); ``accounts.agreed_missions``: how many have ``mission_agreed``;
``accounts.count``: how many there are (docs/formulas.md#kpi-source-roll-ups).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from kamdocs.analysis.exact import exact_sum, ratio_percent
from kamdocs.model import Account


@dataclass(frozen=True)
class AccountFigures:
    """What a KPI roll-up reads of one account."""

    revenue: float | None
    potential: float | None
    mission_agreed: bool


def account_figures(account: Account) -> AccountFigures:
    """Return the figures of ``account`` that KPI roll-ups sum up."""
    return AccountFigures(account.revenue, account.potential, account.mission_agreed)


def rollup(source: str, accounts: Sequence[AccountFigures]) -> Fraction | None:
    """Return the exact value of the roll-up ``source`` over ``accounts``; None when no account gives it."""
    if source == "accounts.count":
        return Fraction(len(accounts))
    if source == "accounts.agreed_missions":
        return Fraction(sum(1 for a in accounts if a.mission_agreed))
    if source == "accounts.share_of_wallet":
        both = [a for a in accounts if a.revenue is not None and a.potential is not None]
        if not both:
            return None
        return ratio_percent(
            exact_sum(a.revenue for a in both if a.revenue is not None),
            exact_sum(a.potential for a in both if a.potential is not None),
        )
    values = [a.revenue if source == "accounts.revenue" else a.potential for a in accounts]
    given = [v for v in values if v is not None]
    return exact_sum(given) if given else None
