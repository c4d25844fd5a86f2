"""Take the payloads of one account page from the audience view (docs/audiences.md decides what is there).

The view is already filtered (:mod:`kamdocs.analysis.audience`): the customer version has no
contacts, suppliers, scores or financials, and no SWOT weaknesses or threats; the internal one has
contacts without names or attitudes unless ``privacy.publish_contacts`` is set. Here it is only
decided which section shows what is left.
"""

from __future__ import annotations

import datetime as dt

from kamdocs.analysis.audience import View
from kamdocs.analysis.portfolio import QUADRANTS, scored_criteria
from kamdocs.analysis.results import AccountPlanResult, AccountPosition
from kamdocs.model import Account
from kamdocs.site.account_payloads import (
    AccountActionsData,
    AccountCustomerData,
    AccountFinancialsData,
    AccountGoalsData,
    AccountHeader,
    AccountOverviewData,
    AccountPositionData,
    AccountReviewsData,
    AccountRow,
    AccountScoresData,
    AccountSummaryData,
    AccountValueData,
    ContactsData,
)
from kamdocs.site.payloads import SwotData


def plan_result(view: View, account: Account) -> AccountPlanResult | None:
    """Return the computed account plan (goals, reviews) of ``account``."""
    return view.analysis.account_plans.get(account.id)


def kam_name(view: View, account: Account) -> str | None:
    """Return the name of the account's KAM (a candidate id resolved where the view still has candidates)."""
    people = view.playbook.candidates
    if account.kam and people is not None:
        return next((c.name for c in people.candidates if c.id == account.kam), account.kam)
    return account.kam


def overview(view: View) -> AccountOverviewData | None:
    """Return the overview table: overdue reviews first, then by next review, then by name."""
    portfolio = view.analysis.portfolio
    if portfolio is None:
        return None
    positions = {p.id: p for p in portfolio.accounts}
    rows = []
    for account in view.playbook.accounts:
        position = positions[account.id]
        plan = plan_result(view, account)
        rows.append(
            AccountRow(
                id=account.id,
                name=account.name,
                classification=account.classification,
                kam=kam_name(view, account),
                quadrant=position.quadrant,
                share_of_wallet=position.share_of_wallet,
                revenue=position.revenue,
                goal_status={k: v for k, v in plan.goal_status.items() if v} if plan is not None else {},
                next_review=plan.next_review if plan is not None else None,
                review_overdue=plan.review_overdue if plan is not None else False,
            )
        )
    far = dt.date.max
    rows.sort(key=lambda r: (not r.review_overdue, r.next_review or far, r.name.casefold(), r.id))
    kams = tuple(sorted({r.kam for r in rows if r.kam}, key=str.casefold))
    quadrants = tuple(q for q in QUADRANTS if any(r.quadrant == q for r in rows))
    return AccountOverviewData(tuple(rows), kams, quadrants)


def header(view: View, account: Account) -> AccountHeader:
    """Return what an account page shows under its title."""
    result = plan_result(view, account)
    return AccountHeader(
        account.classification,
        account.industry,
        account.country,
        account.kam,
        kam_name(view, account),
        sponsor=account.sponsor,
        plan=account.plan,
        team=account.team,
        next_review=result.next_review if result is not None else None,
        review_overdue=result.review_overdue if result is not None else False,
        prepared_for=account.name if view.audience == "customer" else None,
    )


def summary(view: View, account: Account, position: AccountPosition) -> AccountSummaryData | None:
    """Return an account's key figures; None for the customer version (no portfolio figures there)."""
    if view.audience == "customer":
        return None
    # The latest year up to as_of that has a margin (the current year's row may hold only the plan).
    rows = [r for r in account.financials if r.year <= view.playbook.as_of.year and r.contribution_margin is not None]
    row = max(rows, key=lambda r: r.year) if rows else None
    return AccountSummaryData(
        position,
        contribution_margin=row.contribution_margin if row is not None else None,
        margin_year=row.year if row is not None else None,
    )


def scores(view: View, account: Account, position: AccountPosition) -> AccountScoresData | None:
    """Return an account's scored criteria (by the criteria of data/portfolio.yaml where it exists)."""
    if view.audience == "customer":
        return None
    attractiveness, scored_position = scored_criteria(account, view.playbook.portfolio)
    if not attractiveness and not scored_position:
        return None
    return AccountScoresData(attractiveness, position.attractiveness, scored_position, position.position)


def customer(account: Account) -> AccountCustomerData | None:
    """Return the customer in its own market, if the plan describes it."""
    found = account.customer
    if found is None or not (
        found.strategy or found.goals or found.challenges or found.market_position or found.competitors
    ):
        return None
    return AccountCustomerData(found)


def our_position(account: Account) -> AccountPositionData | None:
    """Return the account's suppliers and our SWOT there, if the plan has either."""
    swot = account.swot
    swot_data = (
        SwotData(swot.strengths, swot.weaknesses, swot.opportunities, swot.threats)
        if swot is not None and (swot.strengths or swot.weaknesses or swot.opportunities or swot.threats)
        else None
    )
    if not account.suppliers and swot_data is None:
        return None
    return AccountPositionData(account.suppliers, swot_data)


def value(account: Account) -> AccountValueData | None:
    """Return the value proposition and the account mission, if either is written."""
    if not account.value_proposition and not account.mission:
        return None
    return AccountValueData(account.value_proposition, account.mission, account.mission_agreed)


def financials(view: View, account: Account) -> AccountFinancialsData | None:
    """Return the account's figures over the years, if it has any."""
    if not account.financials:
        return None
    return AccountFinancialsData(tuple(sorted(account.financials, key=lambda r: r.year)), view.playbook.as_of)


def goals(view: View, account: Account) -> AccountGoalsData | None:
    """Return an account's goals with their evaluation."""
    result = plan_result(view, account)
    if result is None or not result.goals:
        return None
    return AccountGoalsData(result.goals, any(g.status is not None for g in result.goals))


def contacts(view: View, account: Account) -> ContactsData | None:
    """Return an account's buying centre as the audience may see it."""
    if not account.contacts:
        return None
    names = view.audience == "restricted" or view.playbook.config.privacy.publish_contacts
    return ContactsData(account.contacts, names=names, relationship_map=view.audience == "restricted")


def actions(view: View, account: Account) -> AccountActionsData | None:
    """Return an account's actions."""
    if not account.actions:
        return None
    return AccountActionsData(account.actions, view.playbook.as_of)


def reviews(view: View, account: Account) -> AccountReviewsData | None:
    """Return the reviews of the plan (newest first) and the next one, if there are reviews or a rhythm."""
    result = plan_result(view, account)
    every = account.plan.review_every_days if account.plan is not None else None
    if not account.reviews and (result is None or result.next_review is None):
        return None
    return AccountReviewsData(
        tuple(sorted(account.reviews, key=lambda r: r.date, reverse=True)),
        result.next_review if result is not None else None,
        result.review_overdue if result is not None else False,
        every,
    )
