"""Account plans (format v2, docs/formulas.md#account-reviews): goals and the review rhythm.

- An account goal with a ``baseline`` and a numeric ``target`` is evaluated like a programme KPI
  (:func:`kamdocs.analysis.kpis.evaluate_kpi`); its baseline date is its own ``baseline_date``,
  else the plan's ``start``. A goal without a baseline has no status.
- Next review: the latest review's ``next``, else its date + ``plan.review_every_days``; without a
  review, ``plan.start`` when the plan has a review rhythm (a plan that should be reviewed and never
  was is overdue from its start). ``review_overdue`` when the next review lies before as_of.
"""

from __future__ import annotations

import datetime as dt

from kamdocs.analysis.kpis import STATUS_ORDER, evaluate_kpi
from kamdocs.analysis.results import AccountGoalResult, AccountPlanResult
from kamdocs.model import Account, AccountGoal


def evaluate_goal(goal: AccountGoal, as_of: dt.date, plan_start: dt.date | None = None) -> AccountGoalResult:
    """Evaluate one account goal on ``as_of``."""
    result = AccountGoalResult(
        id=goal.id,
        title=goal.title,
        kpi=goal.kpi,
        unit=goal.unit,
        direction=goal.direction,
        baseline=goal.baseline,
        target=goal.target,
        due=goal.due,
        actual=goal.actual,
    )
    if goal.baseline is None or not isinstance(goal.target, float | int) or goal.target == goal.baseline:
        return result
    value = evaluate_kpi(
        baseline=goal.baseline,
        target=goal.target,
        as_of=as_of,
        direction=goal.direction,
        actual=goal.actual,
        due=goal.due,
        baseline_date=goal.baseline_date or plan_start,
    )
    return AccountGoalResult(
        id=goal.id,
        title=goal.title,
        kpi=goal.kpi,
        unit=goal.unit,
        direction=goal.direction,
        baseline=goal.baseline,
        target=goal.target,
        due=goal.due,
        actual=value.actual,
        achievement=value.achievement,
        expected_achievement=value.expected_achievement,
        status=value.status,
        trend=value.trend,
    )


def next_review(account: Account) -> dt.date | None:
    """Return the date the account plan is next to be reviewed, or None without a rhythm or review."""
    every = account.plan.review_every_days if account.plan is not None else None
    if account.reviews:
        latest = max(account.reviews, key=lambda r: r.date)
        if latest.next is not None:
            return latest.next
        return latest.date + dt.timedelta(days=every) if every is not None else None
    if every is not None and account.plan is not None:
        return account.plan.start
    return None


def analyse_account_plan(account: Account, as_of: dt.date) -> AccountPlanResult:
    """Evaluate the goals and the review rhythm of one account plan."""
    start = account.plan.start if account.plan is not None else None
    goals = tuple(evaluate_goal(goal, as_of, start) for goal in account.goals)
    upcoming = next_review(account)
    return AccountPlanResult(
        id=account.id,
        goals=goals,
        goal_status={s: sum(1 for g in goals if g.status == s) for s in STATUS_ORDER},
        last_review=max((r.date for r in account.reviews), default=None),
        next_review=upcoming,
        review_overdue=upcoming is not None and upcoming < as_of,
    )


def analyse_account_plans(accounts: tuple[Account, ...], as_of: dt.date) -> dict[str, AccountPlanResult]:
    """Evaluate every account plan, by account id (in id order)."""
    return {a.id: analyse_account_plan(a, as_of) for a in sorted(accounts, key=lambda a: a.id)}
