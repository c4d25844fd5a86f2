"""The catalogue: every page kind, section, component and data set a theme can draw, in one place.

The site assembly, the component check of chapters, the reserved page names, the chapter
component templates, the docs (docs/architecture.md, docs/themes.md; a test compares them) and
``kamdocs serve``'s page memo all come from these tables. A template is handed only what the
catalogue gives it: its page's payloads (``section.data``, ``component.data``, ``page.data``), the
site-wide context (:class:`~kamdocs.site.model.SiteContext`) and, for themes that want more, the
data sets below as ``data.<name>`` — each read is recorded, so ``serve`` re-renders the page when
that data set changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kamdocs.analysis.audience import View
from kamdocs.model import Playbook
from kamdocs.model.pages import GENERATED_PAGES
from kamdocs.site import account_payloads as a
from kamdocs.site import extract
from kamdocs.site import payloads as p

# -- data sets: ``data.<name>`` in templates ----------------------------------------------------------


@dataclass(frozen=True)
class DataSet:
    """A part of the audience-filtered playbook or its analyses, by name."""

    name: str
    read: Callable[[View], object]
    source: str
    """Where it comes from (docs)."""


_DATA_SETS = (
    DataSet("company", lambda v: v.playbook.company, "data/company.yaml"),
    DataSet("goals", lambda v: v.playbook.goals, "data/goals.yaml"),
    DataSet("kpis", lambda v: v.analysis.kpis, "KPI analysis of data/goals.yaml"),
    DataSet("budget", lambda v: v.playbook.budget, "data/budget.yaml"),
    DataSet("budget_totals", lambda v: v.analysis.budget, "totals of data/budget.yaml"),
    DataSet("organisation", lambda v: v.playbook.organisation, "data/organisation.yaml"),
    DataSet("readiness", lambda v: v.analysis.readiness, "readiness analysis of data/readiness.yaml"),
    DataSet("schedule", lambda v: v.analysis.schedule, "schedule of data/tasks.yaml"),
    DataSet("competencies", lambda v: v.playbook.competencies, "data/competencies.yaml"),
    DataSet("team", lambda v: v.analysis.competencies, "team analysis of competencies and candidates"),
    DataSet("candidates", lambda v: v.playbook.candidates, "data/candidates.yaml (None for internal)"),
    DataSet("accounts", lambda v: v.playbook.accounts, "data/accounts/*.yaml"),
    DataSet("portfolio", lambda v: v.analysis.portfolio, "portfolio analysis of the accounts"),
    DataSet("versions", lambda v: v.versions, "the git history read for the audience (git.md); None outside git"),
    DataSet("portfolio_criteria", lambda v: v.playbook.portfolio, "data/portfolio.yaml"),
)
DATA_SETS: dict[str, DataSet] = {d.name: d for d in _DATA_SETS}


# -- sections: the parts of generated pages --------------------------------------------------------


@dataclass(frozen=True)
class SectionKind:
    """A section of a generated page, drawn by ``sections/<name>.html`` from a ``payload``."""

    name: str
    payload: type[p.Payload]
    shows: str


_SECTIONS = (
    SectionKind("home_mission", p.MissionData, "mission statement, values, accounts it was agreed with"),
    SectionKind("home_key_figures", p.KeyFiguresData, "readiness, KPIs at risk, overdue tasks, key accounts"),
    SectionKind("home_contents", p.ContentsData, "a card per page"),
    SectionKind("market", p.MarketData, "market summary, share, company figures"),
    SectionKind("swot", p.SwotData, "SWOT"),
    SectionKind("competitors", p.CompetitorsData, "competitors"),
    SectionKind("trends", p.TrendsData, "market trends"),
    SectionKind("goals_overview", p.KpisData, "KPI achievement chart"),
    SectionKind("goal", p.GoalData, "one goal with its KPI table"),
    SectionKind("data_sources", p.DataSourcesData, "data sources"),
    SectionKind("budget", p.BudgetData, "budget and resources"),
    SectionKind("placement", p.PlacementData, "where KAM sits, and why"),
    SectionKind("variant", p.VariantData, "one organisation variant with its org chart"),
    SectionKind("raci", p.RaciData, "RACI matrix"),
    SectionKind("international", p.InternationalData, "international split"),
    SectionKind("readiness_overview", p.ReadinessData, "readiness index per area (chart and table)"),
    SectionKind("readiness_area", p.ReadinessAreasData, "the criteria of one area"),
    SectionKind("action_list", p.ActionListData, "readiness actions"),
    SectionKind("phases", p.PhasesData, "plan span and phases"),
    SectionKind("gantt", p.GanttData, "Gantt chart"),
    SectionKind("task_table", p.TaskPlanData, "every task by phase"),
    SectionKind("routines", p.RoutinesData, "recurring operation tasks with their next due date"),
    SectionKind("competency_profile", p.CompetencyProfileData, "required profile"),
    SectionKind("team_view", p.TeamData, "team heatmap and radar (aggregates only for internal)"),
    SectionKind("ranking", p.RankingData, "candidates by fit (restricted)"),
    SectionKind("candidate", p.CandidateData, "one candidate's fit (restricted)"),
    SectionKind("portfolio", p.PortfolioData, "portfolio matrix"),
    SectionKind("portfolio_criteria", p.PortfolioCriteriaData, "the criteria of data/portfolio.yaml"),
    SectionKind("account_table", a.AccountOverviewData, "one row per account; filter by KAM and quadrant"),
    SectionKind("kam_allocation", p.KamAllocationData, "per KAM the accounts, revenue and potential"),
    SectionKind("account_summary", a.AccountSummaryData, "an account's key figures and quadrant"),
    SectionKind("account_scores", a.AccountScoresData, "an account's scored criteria"),
    SectionKind("account_customer", a.AccountCustomerData, "the customer in its own market"),
    SectionKind("account_position", a.AccountPositionData, "the account's suppliers and our SWOT there"),
    SectionKind("account_value", a.AccountValueData, "value proposition and account mission"),
    SectionKind("account_financials", a.AccountFinancialsData, "an account's figures over the years (chart)"),
    SectionKind("account_goals", a.AccountGoalsData, "an account's goals with achievement and status"),
    SectionKind("account_contacts", a.ContactsData, "the buying centre (relationship map in restricted)"),
    SectionKind("account_actions", a.AccountActionsData, "an account's actions"),
    SectionKind("account_reviews", a.AccountReviewsData, "the plan's reviews and the next one"),
    SectionKind("history_trends", p.HistoryData, "trend charts of the key figures over the revisions"),
    SectionKind("history_table", p.HistoryData, "the key figures of each revision that changed data/"),
    SectionKind("history_changes", p.HistoryData, "what each revision changed in the plan"),
)
SECTIONS: dict[str, SectionKind] = {s.name: s for s in _SECTIONS}


# -- components: ``{{< name arg >}}`` in chapters ---------------------------------------------------


def _goal_ids(pb: Playbook) -> set[str]:
    return {goal.id for goal in pb.goals.goals} if pb.goals else set()


def _area_ids(pb: Playbook) -> set[str]:
    return {area.id for area in pb.readiness.areas} if pb.readiness else set()


def _phase_ids(pb: Playbook) -> set[str]:
    return {phase.id for phase in pb.tasks.phases} if pb.tasks else set()


def _variant_ids(pb: Playbook) -> set[str]:
    return {variant.id for variant in pb.organisation.variants} if pb.organisation else set()


def _has_swot(pb: Playbook) -> bool:
    return pb.company.market is not None and pb.company.market.swot is not None


@dataclass(frozen=True)
class ComponentKind:
    """A component a chapter places with ``{{< name arg >}}``, drawn by ``embeds/<name>.html``."""

    name: str
    needs: str
    """The data it shows (in the "shows nothing: the playbook has no … data" warning)."""
    has_data: Callable[[Playbook], bool]
    build: Callable[[View, str | None], p.Payload | None]
    payload: type[p.Payload]
    ids: Callable[[Playbook], set[str]] | None
    """The ids its argument may take; None: it takes no argument."""
    argument: str
    shows: str

    @property
    def template(self) -> str:
        """Return the theme template that draws it."""
        return f"embeds/{self.name}.html"


def _component(
    name: str,
    needs: str,
    build: Callable[[View, str | None], p.Payload | None],
    payload: type[p.Payload],
    shows: str,
    ids: Callable[[Playbook], set[str]] | None = None,
    argument: str = "–",
    has_data: Callable[[Playbook], bool] | None = None,
) -> ComponentKind:
    present = has_data or (lambda pb: getattr(pb, needs) is not None)
    return ComponentKind(name, needs, present, build, payload, ids, argument, shows)


def _no_arg(build: Callable[[View], p.Payload | None]) -> Callable[[View, str | None], p.Payload | None]:
    return lambda view, _arg: build(view)


_COMPONENTS = (
    _component("kpi_table", "goals", extract.kpi_table, p.KpiTableData, "KPI table with status badges",
               _goal_ids, "goal id (optional)"),
    _component("kpi_chart", "goals", _no_arg(extract.kpis), p.KpisData, "KPI achievement bars"),
    _component("readiness_chart", "readiness", _no_arg(extract.readiness), p.ReadinessData,
               "readiness bars per area with targets"),
    _component("readiness_table", "readiness", extract.readiness_table, p.ReadinessAreasData, "criteria table",
               _area_ids, "area id (optional)"),
    _component("action_list", "readiness", _no_arg(extract.action_list), p.ActionListData,
               "readiness action list"),
    _component("gantt", "tasks", extract.gantt, p.GanttData, "Gantt chart", _phase_ids, "phase id (optional)"),
    _component("task_table", "tasks", extract.task_table, p.TaskTableData, "task table", _phase_ids,
               "phase id (optional)"),
    _component("routines", "tasks", _no_arg(extract.routines), p.RoutinesData, "recurring tasks with next due date",
               has_data=lambda pb: pb.tasks is not None and bool(pb.tasks.routines)),
    _component("org_chart", "organisation", extract.org_chart, p.OrgChartData, "org chart", _variant_ids,
               "variant id (default: selected)"),
    _component("raci", "organisation", _no_arg(extract.raci), p.RaciData, "RACI matrix"),
    _component("international", "organisation", _no_arg(extract.international), p.InternationalData,
               "international split"),
    _component("competency_profile", "competencies", _no_arg(extract.competency_profile),
               p.CompetencyProfileData, "required profile table"),
    _component("team_heatmap", "competencies", _no_arg(extract.team), p.TeamData,
               "team view (aggregates only for `internal`)"),
    _component("portfolio", "accounts", _no_arg(extract.portfolio), p.PortfolioData, "portfolio matrix",
               has_data=lambda pb: bool(pb.accounts)),
    _component("account_table", "accounts", _no_arg(extract.portfolio), p.PortfolioData, "accounts table",
               has_data=lambda pb: bool(pb.accounts)),
    _component("budget_table", "budget", _no_arg(extract.budget), p.BudgetData, "budget and resources"),
    _component("swot", "company", _no_arg(extract.swot), p.SwotData, "SWOT", has_data=_has_swot),
)  # fmt: skip
COMPONENTS: dict[str, ComponentKind] = {c.name: c for c in _COMPONENTS}
COMPONENT_NAMES = tuple(sorted(COMPONENTS))


# -- page kinds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageKind:
    """A kind of page, drawn by ``pages/<name>.html``."""

    name: str
    url: str
    """Its file (generated pages), or a pattern (accounts, chapters)."""
    weight: float
    """Its place among the chapters (docs/architecture.md: ties go to the generated page)."""
    shown_when: str
    sections: tuple[str, ...]
    """The section kinds it may show, in this order (each only when its data is there)."""


_PAGES = (
    PageKind(
        "home", f"{GENERATED_PAGES['home']}.html", 0, "always", ("home_mission", "home_key_figures", "home_contents")
    ),
    PageKind(
        "goals",
        f"{GENERATED_PAGES['goals']}.html",
        20,
        "company (market, data sources), goals, budget",
        ("market", "swot", "competitors", "trends", "goals_overview", "goal", "data_sources", "budget"),
    ),
    PageKind(
        "organisation",
        f"{GENERATED_PAGES['organisation']}.html",
        30,
        "organisation.yaml",
        ("placement", "variant", "raci", "international"),
    ),
    PageKind(
        "readiness",
        f"{GENERATED_PAGES['readiness']}.html",
        40,
        "readiness.yaml",
        ("readiness_overview", "readiness_area", "action_list"),
    ),
    PageKind(
        "tasks", f"{GENERATED_PAGES['tasks']}.html", 50, "tasks.yaml", ("phases", "gantt", "task_table", "routines")
    ),
    PageKind(
        "competencies",
        f"{GENERATED_PAGES['competencies']}.html",
        60,
        "competencies.yaml",
        ("competency_profile", "team_view", "ranking", "candidate"),
    ),
    PageKind(
        "accounts",
        f"{GENERATED_PAGES['accounts']}/index.html",
        70,
        "any account",
        ("portfolio", "portfolio_criteria", "account_table", "kam_allocation"),
    ),
    PageKind(
        "account",
        f"{GENERATED_PAGES['accounts']}/<id>.html",
        70,
        "one per account",
        (
            "account_summary",
            "account_scores",
            "account_customer",
            "account_position",
            "account_value",
            "account_financials",
            "account_goals",
            "account_contacts",
            "account_actions",
            "account_reviews",
        ),
    ),
    PageKind(
        "history",
        f"{GENERATED_PAGES['history']}.html",
        90,
        "the playbook is in git and a revision changed data/",
        ("history_trends", "history_table", "history_changes"),
    ),
    PageKind("chapter", "<slug>.html", 0, "one per chapter (weight from its front matter)", ()),
)
PAGES: dict[str, PageKind] = {k.name: k for k in _PAGES}


class SiteData:
    """The data sets of one view, each read once on demand (``data.<name>`` in templates)."""

    def __init__(self, view: View) -> None:
        self._view = view
        self._values: dict[str, object] = {}

    def get(self, name: str) -> object:
        """Return the data set ``name`` (a key of :data:`DATA_SETS`)."""
        if name not in self._values:
            self._values[name] = DATA_SETS[name].read(self._view)
        return self._values[name]


# -- the sources of a page: what its "last changed" date follows (git.md) --------------------------

_DATA = {name: (f"data/{name}.yaml", f"data/{name}.yml") for name in (
    "company", "goals", "budget", "organisation", "readiness", "tasks", "competencies", "candidates"
)}  # fmt: skip
_PAGE_SOURCES: dict[str, tuple[str, ...]] = {
    "home": (*_DATA["company"], *_DATA["readiness"], *_DATA["goals"], *_DATA["tasks"], "data/accounts"),
    "goals": (*_DATA["company"], *_DATA["goals"], *_DATA["budget"]),
    "organisation": _DATA["organisation"],
    "readiness": _DATA["readiness"],
    "tasks": _DATA["tasks"],
    "competencies": (*_DATA["competencies"], *_DATA["candidates"]),
    "accounts": ("data/accounts",),
    "history": (*_DATA["readiness"], *_DATA["goals"], *_DATA["tasks"], *_DATA["budget"], "data/accounts"),
}
_NEEDS = {"accounts": ("data/accounts",)}


def page_sources(kind: str, key: str | None, components: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Return the files (and folders) a page of ``kind`` is made from.

    An account page follows its account file; a chapter its own file and the data files of the
    components it places (their names in ``components``).
    """
    if kind == "account":
        return (f"data/accounts/{key}.yaml", f"data/accounts/{key}.yml")
    if kind == "chapter":
        needs = [COMPONENTS[name].needs for name in components if name in COMPONENTS]
        files = [f for need in dict.fromkeys(needs) for f in _NEEDS.get(need, _DATA.get(need, ()))]
        return (key or "", *files)
    return _PAGE_SOURCES.get(kind, ())
