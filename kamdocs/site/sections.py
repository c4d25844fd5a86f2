"""The generated pages (docs/architecture.md: page names and weights) and the sections each one shows."""

from __future__ import annotations

from collections.abc import Callable

from kamdocs.analysis.audience import View
from kamdocs.model import Heading
from kamdocs.site import extract
from kamdocs.site.account_pages import account_pages
from kamdocs.site.catalogue import PAGES, SECTIONS
from kamdocs.site.model import Page, Section
from kamdocs.site.payloads import ContentsData, Payload

Labels = Callable[[str], str]


def section(anchor: str, title: str, kind: str, data: Payload) -> Section:
    """Return a section of the catalogue's ``kind`` handed ``data`` (the kind's payload type)."""
    expected = SECTIONS[kind].payload
    if not isinstance(data, expected):  # a programming error: the catalogue and the builders disagree
        raise TypeError(f"section {kind!r} is drawn from {expected.__name__}, not {type(data).__name__}")
    return Section(anchor, title, kind, data)


def _page(
    kind: str,
    url: str,
    title: str,
    sections: list[Section],
    key: str | None = None,
    data: Payload | None = None,
) -> Page:
    toc = tuple(Heading(s.anchor, s.title) for s in sections)
    return Page(kind, url, title, PAGES[kind].weight, tuple(sections), (), toc, key, None, data)


def _home(view: View, _: Labels, has_other_pages: bool) -> Page:
    """Return the home page; its contents section is filled in once every page is known."""
    sections = [section("mission", _("site.section.mission"), "home_mission", extract.mission(view))]
    figures = extract.key_figures(view)
    if figures is not None:
        sections.append(section("key-figures", _("site.section.key_figures"), "home_key_figures", figures))
    if has_other_pages:
        # The cards list every page: assemble fills them in once the pages are ordered.
        sections.append(section("contents", _("site.section.contents"), "home_contents", ContentsData(())))
    return _page("home", PAGES["home"].url, _("site.page.home"), sections)


def _goals(view: View, _: Labels) -> Page | None:
    pb = view.playbook
    sections: list[Section] = []
    for anchor, kind, data in (
        ("market", "market", extract.market(view)),
        ("swot", "swot", extract.swot(view)),
        ("competitors", "competitors", extract.competitors(view)),
        ("trends", "trends", extract.trends(view)),
    ):
        if data is not None:
            sections.append(section(anchor, _(f"site.section.{anchor}"), kind, data))
    kpis = extract.kpis(view)
    if pb.goals is not None and pb.goals.goals and kpis is not None:
        sections.append(section("goals", _("site.section.goals"), "goals_overview", kpis))
        for goal in pb.goals.goals:
            sections.append(section(f"goal-{goal.id}", goal.title, "goal", extract.goal(view, goal)))
    sources = extract.data_sources(view)
    if sources is not None:
        sections.append(section("data-sources", _("site.section.data_sources"), "data_sources", sources))
    budget = extract.budget(view)
    if budget is not None and (budget.budget.items or budget.budget.resources):
        sections.append(section("budget", _("site.section.budget"), "budget", budget))
    if not sections:
        return None
    return _page("goals", PAGES["goals"].url, _("site.page.goals"), sections)


def _organisation(view: View, _: Labels) -> Page | None:
    org = view.playbook.organisation
    if org is None:
        return None
    sections: list[Section] = []
    placement = extract.placement(view)
    if placement is not None:
        sections.append(section("placement", _("site.section.placement"), "placement", placement))
    for variant in org.variants:
        sections.append(section(f"variant-{variant.id}", variant.title, "variant", extract.variant(view, variant)))
    raci = extract.raci(view)
    if org.responsibilities and raci is not None:
        sections.append(section("raci", _("site.section.raci"), "raci", raci))
    international = extract.international(view)
    if org.international and international is not None:
        sections.append(section("international", _("site.section.international"), "international", international))
    return _page("organisation", PAGES["organisation"].url, _("site.page.organisation"), sections)


def _readiness(view: View, _: Labels) -> Page | None:
    overview = extract.readiness(view)
    if overview is None:
        return None
    result = overview.result
    sections = [section("overview", _("site.section.readiness_overview"), "readiness_overview", overview)]
    for area in result.areas:
        data = extract.readiness_area(view, area)
        sections.append(section(f"area-{area.id}", area.title, "readiness_area", data))
    actions = extract.action_list(view)
    if result.actions and actions is not None:
        sections.append(section("actions", _("site.section.actions"), "action_list", actions))
    return _page("readiness", PAGES["readiness"].url, _("site.page.readiness"), sections)


def _tasks(view: View, _: Labels) -> Page | None:
    phases = extract.phases(view)
    gantt = extract.gantt(view, None)
    plan = extract.task_plan(view)
    if phases is None or gantt is None or plan is None:
        return None
    sections = []
    if phases.phases:
        sections.append(section("phases", _("site.section.phases"), "phases", phases))
    if plan.all.tasks:
        sections.append(section("gantt", _("site.section.gantt"), "gantt", gantt))
        sections.append(section("task-list", _("site.section.task_list"), "task_table", plan))
    routines = extract.routines(view)
    if routines is not None:
        sections.append(section("routines", _("site.section.routines"), "routines", routines))
    return _page("tasks", PAGES["tasks"].url, _("site.page.tasks"), sections)


def _competencies(view: View, _: Labels) -> Page | None:
    profile = extract.competency_profile(view)
    team = extract.team(view)
    if profile is None or team is None:
        return None
    result = team.result
    sections = [section("profile", _("site.section.profile"), "competency_profile", profile)]
    if result.candidate_count:
        sections.append(section("team", _("site.section.team"), "team_view", team))
    ranking = extract.ranking(view)
    if view.individuals and result.candidates and ranking is not None:
        sections.append(section("ranking", _("site.section.ranking"), "ranking", ranking))
        for candidate in result.candidates:
            data = extract.candidate(view, candidate)
            if data is not None:
                sections.append(section(f"candidate-{candidate.id}", candidate.name, "candidate", data))
    return _page("competencies", PAGES["competencies"].url, _("site.page.competencies"), sections)


def _history(view: View, _: Labels) -> Page | None:
    data = extract.history(view)
    if data is None:
        return None
    sections = [
        section("trends", _("site.section.history_trends"), "history_trends", data),
        section("revisions", _("site.section.history_table"), "history_table", data),
    ]
    if any(entry.changes for entry in data.entries):
        sections.append(section("changes", _("site.section.history_changes"), "history_changes", data))
    return _page("history", PAGES["history"].url, _("site.page.history"), sections)


def generated_pages(view: View, labels: Labels, chapters: int = 0) -> list[Page]:
    """Return the generated pages whose data is present, home first, account pages last."""
    pages: list[Page] = []
    for build in (_goals, _organisation, _readiness, _tasks, _competencies):
        page = build(view, labels)
        if page is not None:
            pages.append(page)
    pages.extend(account_pages(view, labels))
    history = _history(view, labels)
    if history is not None:
        pages.append(history)
    return [_home(view, labels, bool(pages) or chapters > 0), *pages]
