"""The terminal summary of `kamdocs report`, in the playbook language.

People read it, so it names things by their titles (goal, task, account, competency) where the
JSON form (kamdocs.report) keeps the ids. Data text is cleaned of control characters first.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from collections.abc import Sequence

from kamdocs.analysis.audience import View
from kamdocs.analysis.results import Schedule
from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import Catalogue, catalogue

# Bidirectional overrides can make a terminal line read differently from its bytes.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean(text: str) -> str:
    """Drop control characters from data text so it cannot drive the terminal (escape sequences)."""
    return "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS)
    )


def shorten(text: str, width: int = 48) -> str:
    """Return ``text`` cleaned and cut to ``width`` characters with an ellipsis, for table cells."""
    text = " ".join(clean(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Return the lines of an aligned table; columns whose index is in ``right`` are right-aligned."""
    cells = [list(header), *[list(row) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        parts = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return ("  " + "  ".join(parts)).rstrip()

    return [line(cells[0]), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])]


class _Text:
    """Collects the lines of the terminal summary in the playbook language."""

    def __init__(self, view: View) -> None:
        config = view.playbook.config
        self.view = view
        self.fmt = Formatter(config.language, config.currency)
        self.label: Catalogue = catalogue(config.language)
        self.lines: list[str] = []
        playbook = view.playbook
        goals = playbook.goals.goals if playbook.goals is not None else ()
        self.goal_titles = {goal.id: clean(goal.title) for goal in goals}
        schedule = view.analysis.schedule
        self.task_titles = {t.id: clean(t.title) for t in (schedule.tasks if schedule is not None else ())}
        self.account_names = {a.id: clean(a.name) for a in playbook.accounts}
        competencies = view.analysis.competencies
        self.competency_names = {c.id: clean(c.name) for c in (competencies.team if competencies is not None else ())}

    def plain(self, text: str) -> str:
        """Use ordinary spaces in the terminal (Babel uses no-break spaces)."""
        return text.replace("\u00a0", " ").replace("\u202f", " ")

    def pct(self, value: float | None) -> str:
        return self.plain(self.fmt.percent(value))

    def num(self, value: float | None, digits: int = 1) -> str:
        return self.plain(self.fmt.number(value, digits))

    def section(self, key: str) -> None:
        title = self.label(key)
        self.lines += ["", title, "=" * len(title)]

    def render(self) -> str:
        view, label = self.view, self.label
        title = label(
            "report.title", title=clean(view.playbook.config.title), date=self.plain(self.fmt.date(view.analysis.as_of))
        )
        audience = "report.audience." + (
            "opt_in" if view.individuals and view.audience == "internal" else view.audience
        )
        self.lines = [title, label(audience)]
        analysis = view.analysis
        parts = (
            analysis.readiness,
            analysis.kpis,
            analysis.schedule,
            analysis.competencies,
            analysis.portfolio,
            analysis.budget,
        )
        if all(part is None for part in parts):
            self.lines += ["", label("report.no_data")]
        self.readiness()
        self.kpis()
        self.schedule()
        self.competencies()
        self.portfolio()
        self.kams()
        self.budget()
        return "\n".join(self.lines) + "\n"

    def readiness(self) -> None:
        result = self.view.analysis.readiness
        if result is None:
            return
        label = self.label
        self.section("report.readiness")
        rows = [
            [shorten(a.title), self.num(a.weight, 1), self.pct(a.index), self.pct(a.target_index)] for a in result.areas
        ]
        rows.append([label("report.readiness.overall"), "", self.pct(result.overall), self.pct(result.target_overall)])
        self.lines += table(
            [
                label("report.readiness.area"),
                label("report.readiness.weight"),
                label("report.readiness.index"),
                label("report.readiness.target"),
            ],
            rows,
            (1, 2, 3),
        )
        if result.actions:
            self.lines += ["", label("report.readiness.actions") + ":"]
            rows = [
                [shorten(c.statement, 72), f"{c.score} → {c.target}", self.num(c.priority, 1)] for c in result.actions
            ]
            self.lines += table(
                [
                    label("report.readiness.criterion"),
                    label("report.readiness.score"),
                    label("report.readiness.priority"),
                ],
                rows,
                (1, 2),
            )

    def kpis(self) -> None:
        result = self.view.analysis.kpis
        if result is None:
            return
        label = self.label
        self.section("report.kpis")
        rows = [
            [
                shorten(k.name),
                shorten(self.goal_titles.get(k.goal, k.goal), 32),
                self.pct(k.achievement),
                self.pct(k.expected_achievement) if k.expected_achievement is not None else "",
                label(f"report.status.{k.status}"),
                label(f"report.trend.{k.trend}") if k.trend else "",
            ]
            for k in result.kpis
        ]
        self.lines += table(
            [
                label("report.kpis.kpi"),
                label("report.kpis.goal"),
                label("report.kpis.achievement"),
                label("report.kpis.expected"),
                label("report.kpis.status"),
                label("report.kpis.trend"),
            ],
            rows,
            (2, 3),
        )

    def schedule(self) -> None:
        result = self.view.analysis.schedule
        if result is None:
            return
        label, fmt = self.label, self.fmt
        self.section("report.tasks")
        if result.start is not None and result.end is not None:
            span = f"{self.plain(fmt.date(result.start))} – {self.plain(fmt.date(result.end))}"
            self.lines.append(f"  {label('report.tasks.span')}: {span}")
            if result.forecast_end is not None:
                late = (result.forecast_end - result.end).days
                forecast = self.plain(fmt.date(result.forecast_end))
                more = f" ({label('report.tasks.days_later', days=late)})" if late > 0 else ""
                self.lines.append(f"  {label('report.tasks.forecast_end')}: {forecast}{more}")
        titles = [self.task_titles.get(task, task) for task in result.critical_path]
        path = f"{label('report.tasks.critical_path')}: {' → '.join(titles) or '–'}"
        self.lines += textwrap.wrap(
            path, width=100, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False
        )
        if result.phases:
            rows = [[shorten(p.title), str(p.tasks), str(p.done), self.pct(p.progress)] for p in result.phases]
            self.lines += [""] + table(
                [
                    label("report.tasks.phase"),
                    label("report.tasks.tasks"),
                    label("report.tasks.done"),
                    label("report.tasks.progress"),
                ],
                rows,
                (1, 2, 3),
            )
        self.late_tasks(result)
        self.routines(result)

    def late_tasks(self, result: Schedule) -> None:
        label, fmt = self.label, self.fmt
        late = [t for t in result.tasks if t.overdue or t.slip > 0]
        if not late:
            self.lines += ["", f"  {label('report.tasks.overdue')}: {label('report.tasks.none_overdue')}"]
            return
        self.lines += ["", f"  {label('report.tasks.late')}:"]
        rows = [
            [
                shorten(t.title),
                self.plain(fmt.date(t.due, "short")),
                self.plain(fmt.date(t.forecast_due, "short")),
                f"+{t.slip}" if t.slip else "0",
                str(t.float),
                label(f"report.task_status.{t.status}") + (" !" if t.overdue else ""),
            ]
            for t in late
        ]
        self.lines += table(
            [
                label("report.tasks.task"),
                label("report.tasks.due"),
                label("report.tasks.forecast"),
                label("report.tasks.slip"),
                label("report.tasks.float"),
                label("report.tasks.status"),
            ],
            rows,
            (3, 4),
        )
        self.lines += textwrap.wrap(
            label("report.tasks.late_note"), width=100, initial_indent="  ", subsequent_indent="  "
        )

    def routines(self, result: Schedule) -> None:
        if not result.routines:
            return
        label, fmt = self.label, self.fmt
        self.lines += ["", f"  {label('report.tasks.routines')}:"]
        rows = [
            [
                shorten(r.title),
                label("report.tasks.every", days=r.every_days),
                self.plain(fmt.date(r.due_next, "short")) if r.due_next is not None else "–",
                label("report.tasks.routine_overdue") if r.overdue else "",
            ]
            for r in result.routines
        ]
        self.lines += table(
            [
                label("report.tasks.routine"),
                label("report.tasks.interval"),
                label("report.tasks.due_next"),
                "",
            ],
            rows,
        )

    def competencies(self) -> None:
        result = self.view.analysis.competencies
        if result is None:
            return
        label = self.label
        self.section("report.competencies")
        if result.candidates_file:
            self.lines.append(
                "  "
                + label(
                    "report.competencies.summary",
                    count=result.candidate_count,
                    meeting="–" if result.meeting_profile is None else result.meeting_profile,
                    suitable="–" if result.suitable is None else result.suitable,
                )
            )
            if result.min_group_size is not None and (
                result.meeting_profile is None or any(c.withheld for c in result.team)
            ):
                self.lines.append("  " + label("report.competencies.withheld", count=result.min_group_size))
            self.lines.append("")
        rows = [
            [
                shorten(c.name) + (" *" if c.critical else ""),
                str(c.required),
                "–" if c.with_gap is None else str(c.with_gap),
                self.num(c.mean, 1),
                "–" if c.meets is None else str(c.meets),
            ]
            for c in result.team
        ]
        self.lines += table(
            [
                label("report.competencies.competency"),
                label("report.competencies.required"),
                label("report.competencies.with_gap"),
                label("report.competencies.mean"),
                label("report.competencies.meets"),
            ],
            rows,
            (1, 2, 3, 4),
        )
        if not (self.view.individuals and result.candidates):
            return
        self.section("report.candidates")
        yes, no = label("report.yes"), label("report.no")
        # The gap list is the long column, so it goes last.
        rows = [
            [
                str(c.rank),
                shorten(c.name, 32),
                self.pct(c.fit),
                label("report.candidates.meets_profile") if c.meets_profile else yes if c.suitable else no,
                ", ".join(self.competency_names.get(cid, cid) for cid in c.not_assessed) or "–",
                ", ".join(f"{self.competency_names.get(cid, cid)} −{gap}" for cid, gap in c.gaps.items()) or "–",
            ]
            for c in result.candidates
        ]
        self.lines += table(
            [
                label("report.candidates.rank"),
                label("report.candidates.candidate"),
                label("report.candidates.fit"),
                label("report.candidates.suitable"),
                label("report.candidates.not_assessed"),
                label("report.candidates.gaps"),
            ],
            rows,
            (0, 2),
        )

    def portfolio(self) -> None:
        result = self.view.analysis.portfolio
        if result is None:
            return
        label = self.label
        self.section("report.accounts")
        rows = [
            [
                shorten(a.name, 32),
                a.classification or "–",
                self.num(a.attractiveness, 1),
                self.num(a.position, 1),
                label(f"report.quadrant.{a.quadrant}") if a.quadrant else "–",
                self.pct(a.share_of_wallet),
            ]
            for a in result.accounts
        ]
        self.lines += table(
            [
                label("report.accounts.account"),
                label("report.accounts.class"),
                label("report.accounts.attractiveness"),
                label("report.accounts.position"),
                label("report.accounts.quadrant"),
                label("report.accounts.share_of_wallet"),
            ],
            rows,
            (2, 3, 5),
        )
        self.reviews()

    def reviews(self) -> None:
        """List the next review of every key account, the overdue ones first (then by date)."""
        plans = self.view.analysis.account_plans
        if not any(plan.next_review is not None for plan in plans.values()):
            return
        planned = [(self.account_names.get(i, i), plan) for i, plan in plans.items()]
        label = self.label
        planned.sort(key=lambda item: (not item[1].review_overdue, item[1].next_review or dt.date.max, item[0]))
        rows = [
            [
                shorten(name, 32),
                self.plain(self.fmt.date(plan.next_review, "short")) if plan.next_review is not None else "–",
                label("report.reviews.overdue") if plan.review_overdue else "",
            ]
            for name, plan in planned
        ]
        self.lines += ["", f"  {label('report.reviews')}:"]
        self.lines += table([label("report.accounts.account"), label("report.reviews.next"), ""], rows)

    def kams(self) -> None:
        result = self.view.analysis.kams
        if not result:
            return
        label, money = self.label, self.fmt.money
        self.section("report.kams")
        rows = [
            [
                shorten(k.name, 32),
                ", ".join(self.account_names.get(a, a) for a in k.accounts),
                self.plain(money(k.revenue)) if k.revenue is not None else "–",
                self.plain(money(k.potential)) if k.potential is not None else "–",
            ]
            for k in result
        ]
        self.lines += table(
            [
                label("report.kams.kam"),
                label("report.kams.accounts"),
                label("report.kams.revenue"),
                label("report.kams.potential"),
            ],
            rows,
            (2, 3),
        )

    def budget(self) -> None:
        result = self.view.analysis.budget
        if result is None:
            return
        label = self.label
        money = self.fmt.money
        self.section("report.budget")
        years = sorted(set(result.by_year) | set(result.fte_by_year))
        rows = [
            [str(y), self.plain(money(result.by_year.get(y, 0.0))), self.num(result.fte_by_year.get(y), 1)]
            for y in years
        ]
        rows.append([label("report.budget.total"), self.plain(money(result.total)), ""])
        self.lines += table(
            [label("report.budget.year"), label("report.budget.amount"), label("report.budget.fte")], rows, (1, 2)
        )
        if result.by_category:
            rows = [[clean(name), self.plain(money(amount))] for name, amount in result.by_category.items()]
            self.lines += [""] + table([label("report.budget.category"), label("report.budget.amount")], rows, (1,))


def report_text(view: View) -> str:
    """Return a readable terminal summary of ``view`` in the playbook language."""
    return _Text(view).render()
