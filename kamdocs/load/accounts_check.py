"""Cross-checks of the account plans (format v2 fields of data/accounts/<id>.yaml, docs/formats.md).

Decisions the docs leave open:

* A goal with a ``baseline`` needs a numeric ``target`` (else no achievement can be computed): an
  error; a numeric target equal to the baseline is an error, as for programme KPIs.
* Two financials rows of one year, a plan that ends before it starts and a review whose ``next``
  is not after its date are errors (which row or date would hold?).
* Supplier shares adding up to more than 100 % are a warning: the shares are of one spend.
"""

from __future__ import annotations

from collections.abc import Sequence

from kamdocs.load.findings import Reporter, unique_ids
from kamdocs.model import Account


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_account_plans(out: Reporter, accounts: Sequence[tuple[str, Account]]) -> None:
    """Check the goals, plan period, financials, suppliers and reviews of every account plan."""
    for rel, account in accounts:
        _check_goals(out, rel, account)
        plan = account.plan
        if plan is not None and plan.start is not None and plan.end is not None and plan.end < plan.start:
            out.error(
                rel,
                ("plan", "end"),
                f"plan.end {plan.end.isoformat()} is before plan.start {plan.start.isoformat()}; "
                "the plan must end on or after the day it starts",
            )
        seen: dict[int, int] = {}
        for index, row in enumerate(account.financials):
            if row.year in seen:
                out.error(
                    rel,
                    ("financials", index, "year"),
                    f"financials: the year {row.year} is given twice (rows {seen[row.year] + 1} and {index + 1}); "
                    "write one row per year",
                )
            seen.setdefault(row.year, index)
        shares = [s.share for s in account.suppliers if s.share is not None]
        if sum(shares) > 100:
            out.warning(
                rel,
                ("suppliers",),
                f"suppliers: the shares add up to {_num(round(sum(shares), 1))} %, more than 100 % of the "
                "account's spend; check them",
            )
        for index, review in enumerate(account.reviews):
            if review.next is not None and review.next <= review.date:
                out.error(
                    rel,
                    ("reviews", index, "next"),
                    f"reviews: next {review.next.isoformat()} is not after the review's date "
                    f"{review.date.isoformat()}; write the date of the next review",
                )


def _check_goals(out: Reporter, rel: str, account: Account) -> None:
    unique_ids(out, rel, [(("goals", i), g.id) for i, g in enumerate(account.goals) if g.id is not None], "goal")
    for index, goal in enumerate(account.goals):
        name = repr(goal.id or goal.title)
        if goal.baseline is None:
            continue
        if not isinstance(goal.target, float | int):
            out.error(
                rel,
                ("goals", index, "target" if goal.target is not None else "baseline"),
                f"goal {name} has a baseline ({_num(goal.baseline)}), so its target must be a number in the "
                "same unit (e.g. 'target: 120'); or leave the baseline out to keep a target in words",
            )
        elif goal.target == goal.baseline:
            out.error(
                rel,
                ("goals", index, "target"),
                f"goal {name}: target equals the baseline ({_num(goal.baseline)}); set the value the goal "
                "should reach, otherwise its achievement cannot be computed",
            )
