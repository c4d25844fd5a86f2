"""Take from the audience view exactly the data each section or component template is handed.

Every function here returns a :mod:`~kamdocs.site.payloads` dataclass (or None when the view has
nothing to show); :mod:`kamdocs.site.catalogue` says which function feeds which template.
"""

from __future__ import annotations

import dataclasses

from kamdocs.analysis.audience import View
from kamdocs.analysis.exact import exact_sum
from kamdocs.analysis.results import AreaResult, CandidateFit, Schedule, ScheduledTask
from kamdocs.model import Goal, Variant
from kamdocs.site.payloads import (
    ActionListData,
    AgreedAccount,
    BudgetData,
    CandidateData,
    CompetencyProfileData,
    CompetitorsData,
    DataSourcesData,
    GanttData,
    GoalData,
    HistoryData,
    InternationalData,
    KamAllocationData,
    KeyFiguresData,
    KpiFigure,
    KpisData,
    KpiTableData,
    MarketData,
    MissionData,
    OrgChartData,
    PhasesData,
    PhaseTasks,
    PlacementData,
    PortfolioCriteriaData,
    PortfolioData,
    PortfolioFigure,
    RaciData,
    RankingData,
    ReadinessAreasData,
    ReadinessData,
    ReadinessFigure,
    RoutinesData,
    ScheduleFigure,
    SwotData,
    TaskPlanData,
    TaskTableData,
    TeamData,
    TrendsData,
    VariantData,
)

# -- company, goals, budget ------------------------------------------------------------------------


def mission(view: View) -> MissionData:
    """Return the KAM mission with the names of the accounts it was agreed with."""
    company = view.playbook.company
    names = {account.id: account.name for account in view.playbook.accounts}
    agreed = tuple(AgreedAccount(account_id, names.get(account_id)) for account_id in company.mission.agreed_with)
    return MissionData(company.mission.statement, company.mission.values, agreed)


def key_figures(view: View) -> KeyFiguresData | None:
    """Return the home page's key figures, or None when no analysis has a figure to show."""
    analysis = view.analysis
    readiness = analysis.readiness
    kpis = analysis.kpis
    schedule = analysis.schedule
    portfolio = analysis.portfolio
    if readiness is None and kpis is None and schedule is None and portfolio is None:
        return None
    return KeyFiguresData(
        ReadinessFigure(readiness.overall, readiness.target_overall) if readiness is not None else None,
        (
            KpiFigure(kpis.by_status.get("at_risk", 0), len(kpis.kpis), dict(kpis.by_status))
            if kpis is not None
            else None
        ),
        (
            ScheduleFigure(
                len(schedule.overdue),
                len(schedule.tasks),
                schedule.start,
                schedule.end,
                schedule.forecast_end,
                len(schedule.routines),
                sum(1 for r in schedule.routines if r.overdue),
            )
            if schedule is not None
            else None
        ),
        PortfolioFigure(len(portfolio.accounts), portfolio.total_revenue) if portfolio is not None else None,
    )


def market(view: View) -> MarketData | None:
    """Return the market summary and the company's figures, if the market has either."""
    company = view.playbook.company
    found = company.market
    if found is None or (not found.summary and found.market_share is None):
        return None
    return MarketData(found.summary, found.market_share, company.revenue, company.employees, company.countries)


def swot(view: View) -> SwotData | None:
    """Return the SWOT analysis, if there is one."""
    market_ = view.playbook.company.market
    if market_ is None or market_.swot is None:
        return None
    found = market_.swot
    return SwotData(found.strengths, found.weaknesses, found.opportunities, found.threats)


def competitors(view: View) -> CompetitorsData | None:
    """Return the competitors, if any."""
    market_ = view.playbook.company.market
    return CompetitorsData(market_.competitors) if market_ is not None and market_.competitors else None


def trends(view: View) -> TrendsData | None:
    """Return the market trends, if any."""
    market_ = view.playbook.company.market
    return TrendsData(market_.trends) if market_ is not None and market_.trends else None


def data_sources(view: View) -> DataSourcesData | None:
    """Return the data sources, if any."""
    sources = view.playbook.company.data_sources
    return DataSourcesData(sources) if sources else None


def kpis(view: View) -> KpisData | None:
    """Return every KPI, for the KPI chart."""
    summary = view.analysis.kpis
    return KpisData(summary) if summary is not None else None


def kpi_table(view: View, goal_id: str | None) -> KpiTableData | None:
    """Return the KPIs of one goal, or every KPI with its goal's title."""
    summary = view.analysis.kpis
    goals = view.playbook.goals
    if summary is None or goals is None:
        return None
    if goal_id is not None:
        return KpiTableData(tuple(kpi for kpi in summary.kpis if kpi.goal == goal_id), None)
    return KpiTableData(summary.kpis, {goal.id: goal.title for goal in goals.goals})


def goal(view: View, found: Goal) -> GoalData:
    """Return one goal with its KPIs."""
    summary = view.analysis.kpis
    own = tuple(kpi for kpi in summary.kpis if kpi.goal == found.id) if summary is not None else ()
    return GoalData(found.id, found.owner, own)


def budget(view: View) -> BudgetData | None:
    """Return the budget with its totals."""
    found = view.playbook.budget
    return BudgetData(found, view.analysis.budget) if found is not None else None


# -- organisation ----------------------------------------------------------------------------------


def placement(view: View) -> PlacementData | None:
    """Return where KAM sits, if the organisation says."""
    org = view.playbook.organisation
    if org is None or not (org.placement or org.rationale):
        return None
    return PlacementData(org.placement, org.rationale)


def variant(view: View, found: Variant) -> VariantData:
    """Return one organisation variant."""
    org = view.playbook.organisation
    selected = org is not None and found.id == org.selected
    return VariantData(found, selected, {unit.id: unit.name for unit in found.units})


def org_chart(view: View, variant_id: str | None) -> OrgChartData | None:
    """Return the variant ``variant_id``, else the selected one, else the first."""
    org = view.playbook.organisation
    if org is None:
        return None
    wanted = variant_id or org.selected or (org.variants[0].id if org.variants else None)
    found = next((v for v in org.variants if v.id == wanted), None)
    return OrgChartData(variant(view, found) if found is not None else None)


def raci(view: View) -> RaciData | None:
    """Return the RACI matrix."""
    org = view.playbook.organisation
    return RaciData(org.roles, org.responsibilities) if org is not None else None


def international(view: View) -> InternationalData | None:
    """Return the international split of activities."""
    org = view.playbook.organisation
    return InternationalData(org.international) if org is not None else None


# -- readiness -------------------------------------------------------------------------------------


def readiness(view: View) -> ReadinessData | None:
    """Return the readiness result."""
    result = view.analysis.readiness
    return ReadinessData(result) if result is not None else None


def readiness_area(view: View, area: AreaResult) -> ReadinessAreasData:
    """Return the criteria of one area (shown under the area's own heading)."""
    result = view.analysis.readiness
    scale_max = result.scale_max if result is not None else 0
    return ReadinessAreasData((area,), scale_max, False, result.scale_labels if result is not None else {})


def readiness_table(view: View, area_id: str | None) -> ReadinessAreasData | None:
    """Return the criteria of one area, or of every area with its title."""
    result = view.analysis.readiness
    if result is None:
        return None
    areas = tuple(area for area in result.areas if area_id is None or area.id == area_id)
    return ReadinessAreasData(areas, result.scale_max, area_id is None, result.scale_labels)


def action_list(view: View) -> ActionListData | None:
    """Return the readiness actions."""
    result = view.analysis.readiness
    if result is None:
        return None
    return ActionListData(result.actions, {area.id: area.title for area in result.areas})


# -- task plan -------------------------------------------------------------------------------------


def _phase_titles(schedule: Schedule) -> dict[str, str]:
    return {phase.id: phase.title for phase in schedule.phases}


def _effort(tasks: tuple[ScheduledTask, ...]) -> float | None:
    given = [task.effort_days for task in tasks if task.effort_days is not None]
    return float(exact_sum(given)) if given else None


def _table(schedule: Schedule, tasks: tuple[ScheduledTask, ...], show_phase: bool) -> TaskTableData:
    titles = {task.id: task.title for task in schedule.tasks}
    return TaskTableData(tasks, _phase_titles(schedule), show_phase, titles, _effort(tasks))


def phases(view: View) -> PhasesData | None:
    """Return the plan's span and phases."""
    schedule = view.analysis.schedule
    if schedule is None:
        return None
    return PhasesData(
        schedule.start,
        schedule.end,
        len(schedule.overdue),
        schedule.phases,
        schedule.forecast_end,
        len(schedule.critical_path),
        schedule.effort_days,
    )


def routines(view: View) -> RoutinesData | None:
    """Return the routines, if the plan has any."""
    schedule = view.analysis.schedule
    if schedule is None or not schedule.routines:
        return None
    return RoutinesData(schedule.routines, view.playbook.as_of)


def task_plan(view: View) -> TaskPlanData | None:
    """Return every task, grouped by phase."""
    schedule = view.analysis.schedule
    if schedule is None:
        return None
    phases = tuple(
        PhaseTasks(
            phase.id, phase.title, _table(schedule, tuple(t for t in schedule.tasks if t.phase == phase.id), False)
        )
        for phase in schedule.phases
    )
    loose = tuple(task for task in schedule.tasks if task.phase is None)
    return TaskPlanData(
        phases, _table(schedule, loose, False) if loose else None, _table(schedule, schedule.tasks, True)
    )


def task_table(view: View, phase_id: str | None) -> TaskTableData | None:
    """Return the tasks of one phase, or every task with a phase column."""
    schedule = view.analysis.schedule
    if schedule is None:
        return None
    tasks = tuple(task for task in schedule.tasks if phase_id is None or task.phase == phase_id)
    return _table(schedule, tasks, phase_id is None)


def gantt(view: View, phase_id: str | None) -> GanttData | None:
    """Return the Gantt chart of one phase or of the whole plan, with its task table."""
    schedule = view.analysis.schedule
    table = task_table(view, phase_id)
    if schedule is None or table is None:
        return None
    drawn = schedule
    if phase_id is not None:
        drawn = dataclasses.replace(
            schedule, tasks=table.tasks, phases=tuple(p for p in schedule.phases if p.id == phase_id)
        )
    return GanttData(drawn, view.playbook.as_of, table)


# -- competencies ----------------------------------------------------------------------------------


def competency_profile(view: View) -> CompetencyProfileData | None:
    """Return the required profile."""
    model = view.playbook.competencies
    if model is None:
        return None
    return CompetencyProfileData(model.competencies, model.scale.min, model.scale.max, dict(model.scale.labels))


def team(view: View) -> TeamData | None:
    """Return the team view (aggregates; individuals only when the audience may see them)."""
    result = view.analysis.competencies
    return TeamData(result, view.individuals) if result is not None else None


def ranking(view: View) -> RankingData | None:
    """Return the ranked candidates."""
    result = view.analysis.competencies
    return RankingData(result.candidates) if result is not None else None


def candidate(view: View, fit: CandidateFit) -> CandidateData | None:
    """Return one candidate's fit with the assessment details."""
    result = view.analysis.competencies
    if result is None:
        return None
    people = view.playbook.candidates
    person = next((c for c in people.candidates if c.id == fit.id), None) if people is not None else None
    names = {competency.id: competency.name for competency in result.team}
    return CandidateData(fit, result.team, result.scale_max, person, names)


# -- key accounts ----------------------------------------------------------------------------------


def portfolio(view: View) -> PortfolioData | None:
    """Return the portfolio."""
    found = view.analysis.portfolio
    return PortfolioData(found) if found is not None else None


def portfolio_criteria(view: View) -> PortfolioCriteriaData | None:
    """Return the criteria of data/portfolio.yaml, if the playbook has it."""
    criteria = view.playbook.portfolio
    if criteria is None or not (criteria.attractiveness or criteria.position):
        return None
    return PortfolioCriteriaData(criteria.threshold, criteria.attractiveness, criteria.position)


def kam_allocation(view: View) -> KamAllocationData | None:
    """Return the KAM allocation table, if any account names its KAM."""
    kams = view.analysis.kams
    if not kams:
        return None
    return KamAllocationData(kams, {a.id: a.name for a in view.playbook.accounts})


# -- history (git) ---------------------------------------------------------------------------------


def history(view: View) -> HistoryData | None:
    """Return the history page's data, or None outside git or without a revision that changed data/."""
    versions = view.versions
    if versions is None or not versions.history:
        return None
    forecast = any(e.figures is not None and e.figures.forecast_end is not None for e in versions.history)
    return HistoryData(versions.history, versions.uncommitted_data, forecast)
