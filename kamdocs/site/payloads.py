"""The data each section and component template is handed: one frozen dataclass per kind.

A payload holds exactly what its template draws, already filtered for the audience, so that a
template cannot reach anything else (docs/themes.md) and ``kamdocs serve`` can tell by comparing
payloads whether a page must be drawn again. Model and analysis objects inside are frozen values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kamdocs.analysis.results import (
    AreaResult,
    BudgetResult,
    CandidateFit,
    CompetencyResult,
    CriterionResult,
    KamAllocation,
    KpiResult,
    KpiSummary,
    PhaseResult,
    Portfolio,
    ReadinessResult,
    RoutineResult,
    Schedule,
    ScheduledTask,
    TeamCompetency,
)
from kamdocs.model import (
    Budget,
    Candidate,
    Competency,
    Competitor,
    DataSource,
    InternationalTask,
    PortfolioCriterion,
    Responsibility,
    Role,
    Trend,
    Variant,
)
from kamdocs.model.versions import HistoryEntry


@dataclass(frozen=True)
class Payload:
    """The data handed to one section or component template (``section.data``, ``component.data``)."""


# -- home ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreedAccount:
    """An account the mission was agreed with; ``name`` is None when no such account exists."""

    id: str
    name: str | None


@dataclass(frozen=True)
class MissionData(Payload):
    """The KAM mission: statement, values and the accounts it was agreed with."""

    statement: str
    values: tuple[str, ...]
    agreed_with: tuple[AgreedAccount, ...]


@dataclass(frozen=True)
class ReadinessFigure:
    """Overall readiness and its target."""

    overall: float | None
    target: float | None


@dataclass(frozen=True)
class KpiFigure:
    """KPIs at risk out of all KPIs, and how many have each status."""

    at_risk: int
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    """Status → count, in the order achieved, on_track, at_risk, missed, no_data."""

    @property
    def off_track(self) -> int:
        """KPIs at risk or missed: the ones that need attention."""
        return self.by_status.get("at_risk", 0) + self.by_status.get("missed", 0)


@dataclass(frozen=True)
class ScheduleFigure:
    """Overdue tasks out of all tasks, the plan's span and forecast end, and the routines."""

    overdue: int
    tasks: int
    start: dt.date | None
    end: dt.date | None
    forecast_end: dt.date | None = None
    routines: int = 0
    routines_overdue: int = 0


@dataclass(frozen=True)
class PortfolioFigure:
    """Number of key accounts and their revenue."""

    accounts: int
    total_revenue: float


@dataclass(frozen=True)
class KeyFiguresData(Payload):
    """The key figures of the home page; a figure is None when its data file is missing."""

    readiness: ReadinessFigure | None
    kpis: KpiFigure | None
    schedule: ScheduleFigure | None
    portfolio: PortfolioFigure | None


@dataclass(frozen=True)
class ContentsEntry:
    """A card of the home page's contents: one page of the site."""

    url: str
    title: str
    description: str | None
    kind: str
    number: str | None = None
    """Its chapter number (kamdocs.site.numbering)."""


@dataclass(frozen=True)
class ContentsData(Payload):
    """Every page except the home page and the account pages, in reading order."""

    entries: tuple[ContentsEntry, ...]


# -- goals & framework -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketData(Payload):
    """Market summary, market share and the company's key figures."""

    summary: str | None
    market_share: float | None
    revenue: float | None
    employees: int | None
    countries: tuple[str, ...]


@dataclass(frozen=True)
class SwotData(Payload):
    """The four SWOT lists."""

    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    opportunities: tuple[str, ...]
    threats: tuple[str, ...]


@dataclass(frozen=True)
class CompetitorsData(Payload):
    """The competitors."""

    items: tuple[Competitor, ...]


@dataclass(frozen=True)
class TrendsData(Payload):
    """The market trends."""

    items: tuple[Trend, ...]


@dataclass(frozen=True)
class DataSourcesData(Payload):
    """Where the KAM information comes from."""

    items: tuple[DataSource, ...]


@dataclass(frozen=True)
class KpisData(Payload):
    """Every KPI with its achievement and status (for the KPI chart)."""

    summary: KpiSummary


@dataclass(frozen=True)
class KpiTableData(Payload):
    """Some KPIs as a table; ``goal_titles`` names each KPI's goal when the table mixes goals."""

    kpis: tuple[KpiResult, ...]
    goal_titles: dict[str, str] | None


@dataclass(frozen=True)
class GoalData(Payload):
    """One goal with its KPIs."""

    id: str
    owner: str | None
    kpis: tuple[KpiResult, ...]


@dataclass(frozen=True)
class BudgetData(Payload):
    """The budget items and resources with their totals."""

    budget: Budget
    totals: BudgetResult | None


# -- organisation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementData(Payload):
    """Where KAM sits in the organisation, and why."""

    placement: str | None
    rationale: str | None


@dataclass(frozen=True)
class VariantData(Payload):
    """One organisation variant with its org chart."""

    variant: Variant
    selected: bool
    """Whether this is the variant the playbook selected."""
    unit_names: dict[str, str]
    """Unit id → name, for the "reports to" column."""


@dataclass(frozen=True)
class OrgChartData(Payload):
    """The variant an ``org_chart`` component draws (None: the organisation has no variant)."""

    variant: VariantData | None


@dataclass(frozen=True)
class RaciData(Payload):
    """The RACI matrix: roles as columns, activities as rows."""

    roles: tuple[Role, ...]
    responsibilities: tuple[Responsibility, ...]


@dataclass(frozen=True)
class InternationalData(Payload):
    """The split of activities between headquarters and the countries."""

    items: tuple[InternationalTask, ...]


# -- readiness -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessData(Payload):
    """The readiness index per area, its target and the actions."""

    result: ReadinessResult


@dataclass(frozen=True)
class ReadinessAreasData(Payload):
    """The criteria of some areas; ``titled`` puts each area's title above its table."""

    areas: tuple[AreaResult, ...]
    scale_max: int
    titled: bool
    scale_labels: dict[int, str] = field(default_factory=dict)
    """Level → label of the readiness scale ("1 = ad hoc"), shown next to each score."""


@dataclass(frozen=True)
class ActionListData(Payload):
    """The readiness actions in priority order."""

    actions: tuple[CriterionResult, ...]
    area_titles: dict[str, str]


# -- task plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhasesData(Payload):
    """The plan's span, its overdue tasks and its phases."""

    start: dt.date | None
    end: dt.date | None
    overdue: int
    phases: tuple[PhaseResult, ...]
    forecast_end: dt.date | None = None
    critical: int = 0
    """Tasks with float ≤ 0."""
    effort_days: float | None = None
    """Σ effort_days of all tasks; None when none gives one."""


@dataclass(frozen=True)
class RoutinesData(Payload):
    """The recurring operation tasks and the as-of date they are judged on."""

    routines: tuple[RoutineResult, ...]
    as_of: dt.date


@dataclass(frozen=True)
class TaskTableData(Payload):
    """Some tasks as a table; ``show_phase`` adds the phase column."""

    tasks: tuple[ScheduledTask, ...]
    phase_titles: dict[str, str]
    show_phase: bool
    task_titles: dict[str, str] = field(default_factory=dict)
    """Task id → title of every task of the plan, for the "after …" note of dependencies."""
    effort_days: float | None = None
    """Σ effort_days of these tasks; None when none gives one."""


@dataclass(frozen=True)
class PhaseTasks:
    """The tasks of one phase."""

    id: str
    title: str
    table: TaskTableData


@dataclass(frozen=True)
class TaskPlanData(Payload):
    """Every task: by phase when the plan has phases, else in one table with a phase column."""

    phases: tuple[PhaseTasks, ...]
    loose: TaskTableData | None
    """The tasks without a phase, when the plan has phases."""
    all: TaskTableData


@dataclass(frozen=True)
class GanttData(Payload):
    """The Gantt chart of some tasks with their table."""

    schedule: Schedule
    """The tasks and phases drawn (one phase when the component names one)."""
    as_of: dt.date
    table: TaskTableData


# -- competencies ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyProfileData(Payload):
    """The required competency profile on its scale."""

    competencies: tuple[Competency, ...]
    scale_min: int
    scale_max: int
    scale_labels: dict[int, str] = field(default_factory=dict)
    """Level → label of the rating scale, shown next to each required level."""


@dataclass(frozen=True)
class TeamData(Payload):
    """The team's competencies; individual candidates only when ``individuals``."""

    result: CompetencyResult
    individuals: bool


@dataclass(frozen=True)
class RankingData(Payload):
    """The candidates ranked by fit (restricted audience, or the opt-in)."""

    candidates: tuple[CandidateFit, ...]


@dataclass(frozen=True)
class CandidateData(Payload):
    """One candidate's fit against the profile, with the assessment details."""

    fit: CandidateFit
    team: tuple[TeamCompetency, ...]
    scale_max: int
    person: Candidate | None
    competency_names: dict[str, str]


# -- key accounts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioData(Payload):
    """The portfolio of key accounts."""

    portfolio: Portfolio


@dataclass(frozen=True)
class PortfolioCriteriaData(Payload):
    """The criteria every account is scored on (data/portfolio.yaml) and the threshold of "high"."""

    threshold: float
    attractiveness: tuple[PortfolioCriterion, ...]
    position: tuple[PortfolioCriterion, ...]


@dataclass(frozen=True)
class KamAllocationData(Payload):
    """Per key account manager the accounts with revenue and potential (format v2)."""

    kams: tuple[KamAllocation, ...]
    names: dict[str, str]
    """Account id → account name, for the links."""


# -- history (git) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryData(Payload):
    """The history page: the key figures of each revision that changed data/, newest first."""

    entries: tuple[HistoryEntry, ...]
    uncommitted: bool
    """data/ has uncommitted changes (not in the table)."""
    forecast: bool
    """Some revision has a forecast end (format v2): the table shows that column."""
