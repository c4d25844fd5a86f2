"""The generated pages (docs/architecture.md: slugs and weights) and the sections each one shows."""

from __future__ import annotations

from collections.abc import Callable

from kamdocs.analysis.audience import View
from kamdocs.model import Heading
from kamdocs.site.model import Page, Section

Labels = Callable[[str], str]

WEIGHTS = {
    "home": 0,
    "goals": 20,
    "organisation": 30,
    "readiness": 40,
    "tasks": 50,
    "competencies": 60,
    "accounts": 70,
    "account": 70,
}


def _page(kind: str, url: str, title: str, sections: list[Section], key: str | None = None) -> Page:
    toc = tuple(Heading(s.anchor, s.title) for s in sections)
    return Page(kind, url, title, WEIGHTS[kind], tuple(sections), (), toc, key)


def _home(view: View, _: Labels, has_other_pages: bool) -> Page:
    sections = [Section("mission", _("site.section.mission"), "home_mission")]
    analysis = view.analysis
    if any(part is not None for part in (analysis.readiness, analysis.kpis, analysis.schedule, analysis.portfolio)):
        sections.append(Section("key-figures", _("site.section.key_figures"), "home_key_figures"))
    if has_other_pages:
        sections.append(Section("contents", _("site.section.contents"), "home_contents"))
    return _page("home", "index.html", _("site.page.home"), sections)


def _goals(view: View, _: Labels) -> Page | None:
    pb = view.playbook
    market = pb.company.market
    sections: list[Section] = []
    if market is not None:
        if market.summary or market.market_share is not None:
            sections.append(Section("market", _("site.section.market"), "market"))
        if market.swot is not None:
            sections.append(Section("swot", _("site.section.swot"), "swot"))
        if market.competitors:
            sections.append(Section("competitors", _("site.section.competitors"), "competitors"))
        if market.trends:
            sections.append(Section("trends", _("site.section.trends"), "trends"))
    if pb.goals is not None and pb.goals.goals:
        sections.append(Section("goals", _("site.section.goals"), "goals_overview"))
        for goal in pb.goals.goals:
            sections.append(Section(f"goal-{goal.id}", goal.title, "goal", goal.id))
    if pb.company.data_sources:
        sections.append(Section("data-sources", _("site.section.data_sources"), "data_sources"))
    if pb.budget is not None and (pb.budget.items or pb.budget.resources):
        sections.append(Section("budget", _("site.section.budget"), "budget"))
    if not sections:
        return None
    return _page("goals", "goals.html", _("site.page.goals"), sections)


def _organisation(view: View, _: Labels) -> Page | None:
    org = view.playbook.organisation
    if org is None:
        return None
    sections: list[Section] = []
    if org.placement or org.rationale:
        sections.append(Section("placement", _("site.section.placement"), "placement"))
    for variant in org.variants:
        sections.append(Section(f"variant-{variant.id}", variant.title, "variant", variant.id))
    if org.responsibilities:
        sections.append(Section("raci", _("site.section.raci"), "raci"))
    if org.international:
        sections.append(Section("international", _("site.section.international"), "international"))
    return _page("organisation", "organisation.html", _("site.page.organisation"), sections)


def _readiness(view: View, _: Labels) -> Page | None:
    result = view.analysis.readiness
    if result is None:
        return None
    sections = [Section("overview", _("site.section.readiness_overview"), "readiness_overview")]
    for area in result.areas:
        sections.append(Section(f"area-{area.id}", area.title, "readiness_area", area.id))
    if result.actions:
        sections.append(Section("actions", _("site.section.actions"), "action_list"))
    return _page("readiness", "readiness.html", _("site.page.readiness"), sections)


def _tasks(view: View, _: Labels) -> Page | None:
    schedule = view.analysis.schedule
    if schedule is None:
        return None
    sections = []
    if schedule.phases:
        sections.append(Section("phases", _("site.section.phases"), "phases"))
    if schedule.tasks:
        sections.append(Section("gantt", _("site.section.gantt"), "gantt"))
        sections.append(Section("task-list", _("site.section.task_list"), "task_table"))
    return _page("tasks", "tasks.html", _("site.page.tasks"), sections)


def _competencies(view: View, _: Labels) -> Page | None:
    result = view.analysis.competencies
    if result is None:
        return None
    sections = [Section("profile", _("site.section.profile"), "competency_profile")]
    if result.candidate_count:
        sections.append(Section("team", _("site.section.team"), "team_view"))
    if view.individuals and result.candidates:
        sections.append(Section("ranking", _("site.section.ranking"), "ranking"))
        for candidate in result.candidates:
            sections.append(Section(f"candidate-{candidate.id}", candidate.name, "candidate", candidate.id))
    return _page("competencies", "competencies.html", _("site.page.competencies"), sections)


def _accounts(view: View, _: Labels) -> list[Page]:
    accounts = view.playbook.accounts
    if not accounts:
        return []
    overview = _page(
        "accounts",
        "accounts/index.html",
        _("site.page.accounts"),
        [
            Section("portfolio", _("site.section.portfolio"), "portfolio"),
            Section("account-list", _("site.section.account_list"), "account_table"),
        ],
    )
    pages = [overview]
    for account in accounts:
        sections = [Section("summary", _("site.section.account_summary"), "account_summary", account.id)]
        if account.attractiveness or account.position:
            sections.append(Section("scores", _("site.section.scores"), "account_scores", account.id))
        if account.goals:
            sections.append(Section("account-goals", _("site.section.account_goals"), "account_goals", account.id))
        if account.contacts:
            sections.append(Section("contacts", _("site.section.contacts"), "account_contacts", account.id))
        if account.actions:
            sections.append(Section("actions", _("site.section.account_actions"), "account_actions", account.id))
        pages.append(_page("account", f"accounts/{account.id}.html", account.name, sections, account.id))
    return pages


def generated_pages(view: View, labels: Labels, chapters: int = 0) -> list[Page]:
    """Return the generated pages whose data is present, home first, account pages last."""
    pages: list[Page] = []
    for build in (_goals, _organisation, _readiness, _tasks, _competencies):
        page = build(view, labels)
        if page is not None:
            pages.append(page)
    pages.extend(_accounts(view, labels))
    return [_home(view, labels, bool(pages) or chapters > 0), *pages]
