"""What `kamdocs diff` compares, section by section: one row per value (docs/git.md lists them).

Every getter reads the audience's view, so a value the audience may not see cannot appear in a
diff. Values that format v2 adds to the analyses are read with ``getattr(…, None)``: while an
analysis does not compute them they are missing on both sides and never reported, and they are
compared as soon as it does (``forecast_end`` of the schedule, ``next_review`` of an account).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kamdocs.analysis.audience import View
from kamdocs.analysis.results import CompetencyResult, Schedule
from kamdocs.model import Account, AccountGoal, Chapter
from kamdocs.vcs.compare import Collection, Delta, Field, Section

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _v2(name: str) -> Field:
    """Return a date field read only where a later analysis provides it."""
    return Field(name, lambda value: getattr(value, name, None), "date")


# --- readiness ----------------------------------------------------------------------------------

READINESS = Section(
    "readiness",
    lambda view: view.analysis.readiness,
    figures=(
        Field("overall", lambda r: r.overall, "percent"),
        Field("target_overall", lambda r: r.target_overall, "percent"),
    ),
    collections=(
        Collection(
            "areas",
            lambda r: r.areas,
            lambda a: a.id,
            lambda a: a.title,
            (
                Field("index", lambda a: a.index, "percent"),
                Field("target_index", lambda a: a.target_index, "percent"),
                Field("weight", lambda a: a.weight, "number"),
            ),
        ),
        Collection(
            "criteria",
            lambda r: [c for area in r.areas for c in area.criteria],
            lambda c: c.id,
            lambda c: c.statement,
            (
                Field("score", lambda c: c.score, "number"),
                Field("target", lambda c: c.target, "number"),
                Field("weight", lambda c: c.weight, "number"),
            ),
        ),
    ),
)

# --- KPIs ---------------------------------------------------------------------------------------


def _status_count(status: str) -> Field:
    """Return the field counting the KPIs with ``status``."""
    return Field(status, lambda summary: summary.by_status.get(status), "count")


KPIS = Section(
    "kpis",
    lambda view: view.analysis.kpis,
    figures=tuple(_status_count(status) for status in ("achieved", "on_track", "at_risk", "no_data")),
    collections=(
        Collection(
            "kpis",
            lambda k: k.kpis,
            lambda k: k.id,
            lambda k: k.name,
            (
                Field("actual", lambda k: k.actual, "number"),
                Field("target", lambda k: k.target, "number"),
                Field("baseline", lambda k: k.baseline, "number"),
                Field("achievement", lambda k: k.achievement, "percent"),
                Field("status", lambda k: k.status, "status"),
                Field("due", lambda k: k.due, "date"),
            ),
        ),
    ),
)

# --- tasks --------------------------------------------------------------------------------------


def _critical_path(schedule: Schedule) -> tuple[tuple[str, str], ...]:
    titles = {t.id: t.title for t in schedule.tasks}
    return tuple((task_id, titles.get(task_id, task_id)) for task_id in schedule.critical_path)


TASKS = Section(
    "tasks",
    lambda view: view.analysis.schedule,
    figures=(
        Field("end", lambda s: s.end, "date"),
        _v2("forecast_end"),
        Field("start", lambda s: s.start, "date"),
        Field("overdue", lambda s: len(s.overdue), "count"),
        Field("critical_path", _critical_path, "path"),
    ),
    collections=(
        Collection(
            "tasks",
            lambda s: s.tasks,
            lambda t: t.id,
            lambda t: t.title,
            (
                Field("due", lambda t: t.due, "date"),
                Field("start", lambda t: t.start, "date"),
                _v2("forecast_due"),
                Field("status", lambda t: t.status, "status"),
                Field("overdue", lambda t: t.overdue, "flag"),
                Field("owner", lambda t: t.owner, "text"),
            ),
        ),
        Collection(
            "phases",
            lambda s: s.phases,
            lambda p: p.id,
            lambda p: p.title,
            (Field("progress", lambda p: p.progress, "percent"), Field("due", lambda p: p.due, "date")),
        ),
    ),
)

# --- competencies -------------------------------------------------------------------------------

PROFILE = Section(
    "competencies",
    lambda view: view.analysis.competencies,
    collections=(
        Collection(
            "profile",
            lambda c: c.team,
            lambda c: c.id,
            lambda c: c.name,
            (
                Field("required", lambda c: c.required, "number"),
                Field("weight", lambda c: c.weight, "number"),
                Field("critical", lambda c: c.critical, "flag"),
                Field("group", lambda c: c.group, "text"),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class _Rating:
    key: str
    title: str
    rating: int | None


def _ratings(result: CompetencyResult) -> Iterable[_Rating]:
    names = {c.id: c.name for c in result.team}
    for candidate in result.candidates:
        for competency, rating in candidate.ratings.items():
            title = f"{candidate.name}: {names.get(competency, competency)}"
            yield _Rating(f"{candidate.id}/{competency}", title, rating)


# Individual ratings: compared only when the audience may see them (restricted, or the opt-in).
# The team aggregates are here too: next to each other, two versions of a mean give away the rating
# of the one person who was added or re-rated.
CANDIDATES = Section(
    "candidates",
    lambda view: view.analysis.competencies if view.individuals and view.playbook.candidates is not None else None,
    figures=(
        Field("candidate_count", lambda c: c.candidate_count, "count"),
        Field("meeting_profile", lambda c: c.meeting_profile, "count"),
        Field("suitable", lambda c: c.suitable, "count"),
    ),
    collections=(
        Collection(
            "candidates",
            lambda c: c.candidates,
            lambda c: c.id,
            lambda c: c.name,
            (
                Field("fit", lambda c: c.fit, "percent"),
                Field("rank", lambda c: c.rank, "count"),
                Field("gaps", lambda c: len(c.gaps), "count"),
                Field("meets_profile", lambda c: c.meets_profile, "flag"),
                Field("suitable", lambda c: c.suitable, "flag"),
            ),
        ),
        Collection(
            "ratings",
            lambda c: list(_ratings(c)),
            lambda r: r.key,
            lambda r: r.title,
            (Field("rating", lambda r: r.rating, "number"),),
        ),
        Collection(
            "team",
            lambda c: c.team,
            lambda c: c.id,
            lambda c: c.name,
            (Field("with_gap", lambda c: c.with_gap, "count"), Field("mean", lambda c: c.mean, "number")),
        ),
    ),
    individuals=True,
)

# --- accounts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Accounts:
    """The accounts of a view: portfolio positions beside the account files."""

    positions: tuple[Any, ...]
    accounts: dict[str, Account]
    total_revenue: float
    total_potential: float


@dataclass(frozen=True)
class _Goal:
    key: str
    title: str
    goal: AccountGoal


def _accounts(view: View) -> _Accounts | None:
    portfolio = view.analysis.portfolio
    if portfolio is None:
        return None
    by_id = {a.id: a for a in view.playbook.accounts}
    return _Accounts(portfolio.accounts, by_id, portfolio.total_revenue, portfolio.total_potential)


def _goals(accounts: _Accounts) -> Iterable[_Goal]:
    for account in accounts.accounts.values():
        for goal in account.goals:
            yield _Goal(f"{account.id}/{goal.title}", f"{account.name}: {goal.title}", goal)


ACCOUNTS = Section(
    "accounts",
    _accounts,
    figures=(
        Field("count", lambda a: len(a.positions), "count"),
        Field("total_revenue", lambda a: a.total_revenue, "money"),
        Field("total_potential", lambda a: a.total_potential, "money"),
    ),
    collections=(
        Collection(
            "accounts",
            lambda a: a.positions,
            lambda p: p.id,
            lambda p: p.name,
            (
                Field("quadrant", lambda p: p.quadrant, "status"),
                Field("classification", lambda p: p.classification, "text"),
                Field("revenue", lambda p: p.revenue, "money"),
                Field("potential", lambda p: p.potential, "money"),
                Field("share_of_wallet", lambda p: p.share_of_wallet, "percent"),
                Field("attractiveness", lambda p: p.attractiveness, "number"),
                Field("position", lambda p: p.position, "number"),
                _v2("next_review"),
            ),
        ),
        Collection(
            "goals",
            lambda a: list(_goals(a)),
            lambda g: g.key,
            lambda g: g.title,
            (
                Field("target", lambda g: g.goal.target, "text"),
                Field("kpi", lambda g: g.goal.kpi, "text"),
                Field("due", lambda g: g.goal.due, "date"),
            ),
        ),
    ),
)

# --- budget -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    key: str
    amount: float | None
    fte: float | None = None


BUDGET = Section(
    "budget",
    lambda view: view.analysis.budget,
    figures=(Field("total", lambda b: b.total, "money"),),
    collections=(
        Collection(
            "years",
            lambda b: [
                _Line(str(y), b.by_year.get(y), b.fte_by_year.get(y)) for y in sorted({*b.by_year, *b.fte_by_year})
            ],
            lambda line: line.key,
            lambda line: line.key,
            (Field("amount", lambda line: line.amount, "money"), Field("fte", lambda line: line.fte, "number")),
        ),
        Collection(
            "categories",
            lambda b: [_Line(name, amount) for name, amount in b.by_category.items()],
            lambda line: line.key,
            lambda line: line.key,
            (Field("amount", lambda line: line.amount, "money"),),
        ),
    ),
)

# --- chapters -----------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Return the words of a Markdown text (markup characters are not words)."""
    return _WORD.findall(text)


def words_changed(old: Chapter, new: Chapter) -> tuple[Delta, ...]:
    """Return how many words were inserted or deleted between two versions of a chapter."""
    if old.body == new.body:
        return ()
    before, after = words(old.body), words(new.body)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
    return (Delta("words_changed", "count", None, changed),) if changed else ()


CHAPTERS = Section(
    "chapters",
    lambda view: view.playbook.chapters or None,
    figures=(Field("count", len, "count"),),
    collections=(
        Collection(
            "chapters",
            lambda chapters: chapters,
            lambda c: c.slug,
            lambda c: c.front.title,
            (
                Field("words", lambda c: len(words(c.body)), "count"),
                Field("weight", lambda c: c.front.weight, "number"),
                Field("audience", lambda c: c.front.audience, "status"),
            ),
            extra=words_changed,
            pair=lambda old, new: old.body == new.body or old.front.title == new.front.title,
        ),
    ),
)

SECTIONS: tuple[Section, ...] = (READINESS, KPIS, TASKS, PROFILE, CANDIDATES, ACCOUNTS, BUDGET, CHAPTERS)
"""In the order of the playbook."""
