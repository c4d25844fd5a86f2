"""The customer version of one account plan (docs/audiences.md#the-customer-version-of-an-account-plan).

``kamdocs build --account ID --audience customer`` hands this view to the templates: a playbook
that holds the company's name and that one account only, so that no template, data set, chart,
bookmark or metadata field can reach another account's name, the portfolio, a candidate, a
chapter or the git history. Of the account it keeps what may be shared with the customer: plan
period and approval, KAM (by name), sponsor, team, the customer's strategy, goals, challenges
and market position, our strengths and opportunities, value proposition, mission, goals with
their status, actions and reviews. It drops contacts (names, roles, attitudes), the customer's
competitors, our competitors at the account (suppliers), SWOT weaknesses and threats, the scores,
revenue, potential and financials (share of wallet and margins).
"""

from __future__ import annotations

from dataclasses import replace

from kamdocs.analysis.account_plans import analyse_account_plan
from kamdocs.analysis.portfolio import analyse_portfolio
from kamdocs.analysis.results import Analysis
from kamdocs.errors import KamdocsError
from kamdocs.model import Account, Playbook


def customer_account(account: Account, kam_name: str | None) -> Account:
    """Return what the customer version shows of ``account`` (``kam`` replaced by the KAM's name)."""
    from kamdocs.analysis.audience import private_contacts

    account = private_contacts(account)  # review participants named as contacts become their functions
    customer = account.customer
    if customer is not None:
        customer = customer.model_copy(update={"competitors": ()})
    swot = account.swot
    if swot is not None:
        swot = swot.model_copy(update={"weaknesses": (), "threats": ()})
    return account.model_copy(
        update={
            "kam": kam_name,
            "revenue": None,
            "potential": None,
            "attractiveness": (),
            "position": (),
            "scores": None,
            "contacts": (),
            "suppliers": (),
            "financials": (),
            "customer": customer,
            "swot": swot,
        }
    )


def customer_playbook(playbook: Playbook, account_id: str) -> Playbook:
    """Return the playbook as the customer of ``account_id`` may see it; an unknown id is an error."""
    account = next((a for a in playbook.accounts if a.id == account_id), None)
    if account is None:
        valid = ", ".join(a.id for a in playbook.accounts) or "(none: add data/accounts/<id>.yaml)"
        raise KamdocsError(f"--account: no key account '{account_id}'; valid ids: {valid}")
    kam_name = account.kam
    if account.kam is not None and playbook.candidates is not None:
        kam_name = next((c.name for c in playbook.candidates.candidates if c.id == account.kam), account.kam)
    company = playbook.company
    mission = company.mission.model_copy(update={"agreed_with": ()})
    company = company.model_copy(update={"market": None, "data_sources": (), "mission": mission})
    return replace(
        playbook,
        company=company,
        goals=None,
        budget=None,
        organisation=None,
        readiness=None,
        tasks=None,
        competencies=None,
        candidates=None,
        portfolio=None,
        accounts=(customer_account(account, kam_name),),
        chapters=(),
    )


def customer_analysis(playbook: Playbook) -> Analysis:
    """Return the analyses of a customer playbook: its one account placed (no scores), its plan evaluated."""
    (account,) = playbook.accounts
    return Analysis(
        as_of=playbook.as_of,
        portfolio=analyse_portfolio(playbook.accounts),
        account_plans={account.id: analyse_account_plan(account, playbook.as_of)},
    )
