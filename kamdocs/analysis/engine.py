"""Run every analysis whose data is present."""

from __future__ import annotations

from kamdocs.analysis.account_plans import analyse_account_plans
from kamdocs.analysis.budget import analyse_budget
from kamdocs.analysis.competencies import analyse_competencies
from kamdocs.analysis.kams import analyse_kams
from kamdocs.analysis.kpis import analyse_kpis
from kamdocs.analysis.portfolio import analyse_portfolio
from kamdocs.analysis.readiness import analyse_readiness
from kamdocs.analysis.results import Analysis
from kamdocs.analysis.rollups import account_figures
from kamdocs.analysis.schedule import analyse_schedule
from kamdocs.model import Playbook


def analyse(playbook: Playbook) -> Analysis:
    """Compute all analyses of ``playbook``; sections without data stay None.

    Competencies need data/competencies.yaml (the profile); candidates alone
    cannot be rated against anything. The portfolio needs at least one account.
    """
    p = playbook
    return Analysis(
        as_of=p.as_of,
        readiness=analyse_readiness(p.readiness) if p.readiness is not None else None,
        kpis=(
            analyse_kpis(p.goals, p.as_of, [account_figures(a) for a in p.accounts]) if p.goals is not None else None
        ),
        schedule=analyse_schedule(p.tasks, p.as_of) if p.tasks is not None else None,
        competencies=(analyse_competencies(p.competencies, p.candidates) if p.competencies is not None else None),
        portfolio=analyse_portfolio(p.accounts, p.portfolio) if p.accounts else None,
        budget=analyse_budget(p.budget) if p.budget is not None else None,
        account_plans=analyse_account_plans(p.accounts, p.as_of),
        kams=analyse_kams(p.accounts, p.candidates) if p.accounts else None,
    )
