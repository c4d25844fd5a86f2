"""Typed results of the analyses (docs/formulas.md): what templates, reports and Excel read.

The functions that compute them live in one module per analysis; this module
only defines the shapes, so that renderers can depend on it without pulling
in any computation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

KpiStatus = Literal["no_data", "achieved", "on_track", "at_risk", "missed"]
KpiTrend = Literal["improving", "worsening", "flat"]
Quadrant = Literal["develop", "invest_selectively", "maintain", "harvest"]


# --- readiness (step 1) -------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    """One criterion with its weighted distance to the target."""

    id: str
    area: str
    statement: str
    weight: float
    score: int
    target: int | None
    priority: float
    """w·(target−score) when target > score, else 0."""
    comment: str | None = None
    action: str | None = None


@dataclass(frozen=True)
class AreaResult:
    """Readiness of one area."""

    id: str
    title: str
    weight: float
    index: float | None
    """Σ w·(score−min) / Σ w·(max−min) × 100; None when the area has no criteria."""
    target_index: float | None
    """The same formula with each criterion's target (its score where no target is set)."""
    criteria: tuple[CriterionResult, ...]


@dataclass(frozen=True)
class ReadinessResult:
    """Readiness per area, overall, and the ordered action list."""

    overall: float | None
    """Area indices averaged with the area weights (areas without criteria left out)."""
    target_overall: float | None
    areas: tuple[AreaResult, ...]
    actions: tuple[CriterionResult, ...]
    """Criteria with target > score, by priority descending, then id."""
    scale_min: int
    scale_max: int
    scale_labels: dict[int, str] = field(default_factory=dict)
    """The scale's labels (level → text), shown next to scores."""


# --- KPIs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiEvaluation:
    """What :func:`kamdocs.analysis.kpis.evaluate_kpi` computes for a KPI or an account goal on as_of."""

    actual: float | None
    """The actual used: ``actual``, else the latest history value up to as_of, else the roll-up."""
    actual_date: dt.date | None
    """The date of the history value used as the actual; None when it was written or rolled up."""
    achievement: float | None
    """(actual − baseline) / (target − baseline) × 100; None without an actual."""
    expected: float | None
    """The value the plan expects on as_of; None without a baseline date or due date."""
    expected_achievement: float | None
    """(expected − baseline) / (target − baseline) × 100; None without a baseline date or due date."""
    status: KpiStatus
    trend: KpiTrend | None
    """From the last two history values up to as_of, in the KPI's direction; None with fewer."""


@dataclass(frozen=True)
class KpiResult:
    """Achievement of one KPI."""

    id: str
    goal: str
    name: str
    unit: str
    direction: str
    baseline: float
    target: float
    actual: float | None
    due: dt.date | None
    achievement: float | None
    """(actual − baseline) / (target − baseline) × 100; None without actual."""
    status: KpiStatus
    baseline_date: dt.date | None = None
    """The KPI's own baseline date, else the top-level one."""
    source: str | None = None
    """The account roll-up the actual comes from (accounts.revenue …), if any."""
    actual_date: dt.date | None = None
    """The date of the history value used as the actual."""
    expected: float | None = None
    expected_achievement: float | None = None
    trend: KpiTrend | None = None
    plan: tuple[tuple[dt.date, float], ...] = ()
    """The intermediate targets (date, value)."""
    history: tuple[tuple[dt.date, float], ...] = ()
    """The measured values (date, value) up to as_of; later ones are ignored."""


@dataclass(frozen=True)
class KpiSummary:
    """All KPIs in file order and counts per status."""

    kpis: tuple[KpiResult, ...]
    by_status: dict[str, int]


# --- schedule (step 2) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduledTask:
    """A task with derived dates."""

    id: str
    title: str
    phase: str | None
    owner: str | None
    start: dt.date
    due: dt.date
    status: str
    milestone: bool
    overdue: bool
    critical: bool
    depends_on: tuple[str, ...]
    effort_days: float | None = None
    description: str | None = None
    float: int = field(kw_only=True)
    """Total float in days: how long it can slip without moving the plan end (≤ 0: critical)."""
    forecast_start: dt.date = field(kw_only=True)
    forecast_due: dt.date = field(kw_only=True)
    slip: int = field(kw_only=True)
    """Forecast due − due, in days."""
    late_start: bool = field(kw_only=True)
    """Open or blocked although its start lies before as_of."""


@dataclass(frozen=True)
class RoutineResult:
    """A recurring operation task with its next due date."""

    id: str
    title: str
    owner: str | None
    every_days: int
    last_done: dt.date | None
    due_next: dt.date | None
    """last_done + every_days, else start; None when neither is given (the loader refuses that)."""
    overdue: bool
    """due_next < as_of."""
    description: str | None = None


@dataclass(frozen=True)
class PhaseResult:
    """Progress and time span of one phase."""

    id: str
    title: str
    tasks: int
    done: int
    progress: float | None
    """done / tasks × 100; None for a phase without tasks."""
    start: dt.date | None
    due: dt.date | None


@dataclass(frozen=True)
class Schedule:
    """The derived task schedule."""

    tasks: tuple[ScheduledTask, ...]
    """In file order."""
    phases: tuple[PhaseResult, ...]
    start: dt.date | None
    end: dt.date | None
    """Plan end: the latest due."""
    critical_path: tuple[str, ...]
    """Tasks with float ≤ 0, by start, then due, then file order."""
    overdue: tuple[str, ...]
    forecast_end: dt.date | None = None
    """The latest forecast due."""
    routines: tuple[RoutineResult, ...] = ()
    """In file order."""
    effort_days: float | None = None
    """Σ effort_days of the tasks that give one; None when none does."""


# --- competencies (step 3) ----------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateFit:
    """How one candidate fits the required profile (personal data)."""

    id: str
    name: str
    role: str | None
    fit: float
    """Σ w·min(rating, required) / Σ w·required × 100; a missing rating counts as 0."""
    ratings: dict[str, int | None]
    """Competency id → rating (None = not assessed), in profile order."""
    gaps: dict[str, int]
    """Competency id → required − rating, only where positive."""
    not_assessed: tuple[str, ...]
    strengths: tuple[str, ...]
    """Competencies rated above the required level."""
    meets_profile: bool
    suitable: bool
    """False when a critical competency has a gap ("not yet suitable")."""
    rank: int


@dataclass(frozen=True)
class TeamCompetency:
    """Aggregate view of one competency over all candidates (no personal data)."""

    id: str
    name: str
    group: str | None
    weight: float
    required: int
    critical: bool
    with_gap: int | None
    """Candidates whose rating (0 when not assessed) is below the required level; None when withheld."""
    mean: float | None
    """Mean of the given ratings; None when nobody was rated or when withheld."""
    rated: int
    meets: int | None
    """Candidates at or above the required level; None when withheld."""
    withheld: bool = False
    """True when fewer than privacy.min_group_size were rated, so the internal audience sees no aggregate."""


@dataclass(frozen=True)
class CompetencyResult:
    """Team view and, for the restricted audience, the ranked candidates."""

    team: tuple[TeamCompetency, ...]
    candidates: tuple[CandidateFit, ...]
    """Ranked: fit descending, then fewer gaps, then id. Empty after the internal filter."""
    candidate_count: int
    meeting_profile: int | None
    """Candidates without any gap; None when withheld (small group)."""
    suitable: int | None
    """Candidates without a gap on a critical competency; None when withheld (small group)."""
    scale_min: int
    scale_max: int
    candidates_file: bool = False
    """True when data/candidates.yaml exists (no personal data, so the internal filter keeps it)."""
    assessed: int = 0
    """Candidates rated on at least one competency of the profile."""
    min_group_size: int | None = None
    """Set by the internal filter: the smallest group an aggregate of ratings may describe."""
    scale_labels: dict[int, str] = field(default_factory=dict)
    """The scale's labels (level → text), for a legend next to ratings."""


# --- portfolio ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountPosition:
    """An account's place in the portfolio matrix."""

    id: str
    name: str
    classification: str | None
    revenue: float | None
    potential: float | None
    attractiveness: float | None
    position: float | None
    quadrant: Quadrant | None
    share_of_wallet: float | None


@dataclass(frozen=True)
class Portfolio:
    """All accounts with their positions and counts."""

    accounts: tuple[AccountPosition, ...]
    """Sorted by id."""
    by_classification: dict[str, int]
    by_quadrant: dict[str, int]
    total_revenue: float
    total_potential: float
    threshold: float = 5.5
    """A weighted mean at or above it is high (data/portfolio.yaml, else 5.5)."""


# --- account plans (format v2) --------------------------------------------------------------------


@dataclass(frozen=True)
class AccountGoalResult:
    """An account goal; with a baseline and a numeric target it is evaluated like a KPI."""

    id: str | None
    title: str
    kpi: str | None
    unit: str | None
    direction: str
    baseline: float | None
    target: float | str | None
    """A number (measurable goal) or the target in words (v1)."""
    due: dt.date | None
    actual: float | None = None
    achievement: float | None = None
    expected_achievement: float | None = None
    status: KpiStatus | None = None
    """None for a goal without a baseline (shown without a status)."""
    trend: KpiTrend | None = None


@dataclass(frozen=True)
class AccountPlanResult:
    """What is computed of one account plan: goal evaluations and the review rhythm."""

    id: str
    goals: tuple[AccountGoalResult, ...]
    goal_status: dict[str, int]
    """Goals per status (achieved, on_track, at_risk, missed, no_data); goals without a status not counted."""
    last_review: dt.date | None
    next_review: dt.date | None
    review_overdue: bool


@dataclass(frozen=True)
class KamAllocation:
    """One key account manager's accounts and their sums (format v2)."""

    name: str
    """The account's ``kam``, a candidate id replaced by the candidate's name."""
    accounts: tuple[str, ...]
    """Account ids, sorted."""
    revenue: float | None
    """Σ revenue of the accounts; None when none gives one."""
    potential: float | None
    """Σ potential of the accounts; None when none gives one."""


# --- budget -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetResult:
    """Budget and FTE totals."""

    total: float
    by_year: dict[int, float]
    by_category: dict[str, float]
    fte_by_year: dict[int, float]


# --- everything ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """All analyses of a playbook; an entry is None when its data file is missing."""

    as_of: dt.date
    readiness: ReadinessResult | None = None
    kpis: KpiSummary | None = None
    schedule: Schedule | None = None
    competencies: CompetencyResult | None = None
    portfolio: Portfolio | None = None
    budget: BudgetResult | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    account_plans: dict[str, AccountPlanResult] = field(default_factory=dict)
    """Per account id: its goals evaluated and its next review (format v2)."""
    kams: tuple[KamAllocation, ...] | None = None
    """KAM allocation by name; None without accounts."""
