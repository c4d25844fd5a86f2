"""KAM allocation (docs/formulas.md#kam-allocation-format-v2): per KAM the accounts, Σ revenue, Σ potential.

The KAM of an account is its ``kam`` value; a candidate id is replaced by that candidate's
name, so an account naming the person by id and one naming them by name count together.
Accounts without ``kam`` are not listed. KAMs are ordered by name (case-insensitive, then as
written); their accounts by id. A sum is None when none of the KAM's accounts gives the value.
"""

from __future__ import annotations

from collections.abc import Sequence

from kamdocs.analysis.exact import exact_sum
from kamdocs.analysis.results import KamAllocation
from kamdocs.model import Account, Candidates


def kam_name(kam: str, candidates: Candidates | None) -> str:
    """Return the name of the KAM ``kam``: a candidate id resolved to the candidate's name, else as written."""
    if candidates is not None:
        for candidate in candidates.candidates:
            if candidate.id == kam:
                return candidate.name
    return kam.strip()


def analyse_kams(accounts: Sequence[Account], candidates: Candidates | None) -> tuple[KamAllocation, ...]:
    """Group ``accounts`` by their KAM's name."""
    groups: dict[str, list[Account]] = {}
    # One look-up table instead of kam_name's scan per account (300 accounts × 120 candidates in L);
    # the first candidate of a duplicate id wins, as in kam_name.
    names = {c.id: c.name for c in reversed(candidates.candidates)} if candidates is not None else {}
    for account in sorted(accounts, key=lambda a: a.id):
        if account.kam is None or not account.kam.strip():
            continue
        groups.setdefault(names.get(account.kam, account.kam.strip()), []).append(account)
    result = []
    for name in sorted(groups, key=lambda n: (n.casefold(), n)):
        own = groups[name]
        revenues = [a.revenue for a in own if a.revenue is not None]
        potentials = [a.potential for a in own if a.potential is not None]
        result.append(
            KamAllocation(
                name=name,
                accounts=tuple(a.id for a in own),
                revenue=float(exact_sum(revenues)) if revenues else None,
                potential=float(exact_sum(potentials)) if potentials else None,
            )
        )
    return tuple(result)
