"""`kamdocs report`: the computed analyses as JSON (docs/report-json.md) or as a terminal summary.

Both forms are built from a :class:`~kamdocs.analysis.audience.View`, i.e. after
the audience filter, so the internal report cannot contain what the filter
removed. JSON keys and their order follow docs/report-json.md exactly; floats are
unrounded, dates ISO, values that cannot be computed ``null``, and sections
whose data file is missing are left out.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamdocs.analysis.audience import View, make_view
from kamdocs.analysis.engine import analyse
from kamdocs.analysis.results import AccountPlanResult, AccountPosition, Schedule
from kamdocs.errors import KamdocsError, Severity
from kamdocs.load import load_playbook
from kamdocs.model import PLAYBOOK_AUDIENCES, Audience
from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import Catalogue, catalogue

if TYPE_CHECKING:  # the writer types pull in Jinja; `kamdocs report` does not need them at run time
    from kamdocs.render.writer import WriteJob, Written

AUDIENCES: tuple[Audience, ...] = PLAYBOOK_AUDIENCES


def run_report(directory: Path, *, audience: str, as_json: bool) -> str:
    """Load, analyse and filter the playbook in ``directory``; return the report text.

    Raises:
        KamdocsError: the project is invalid (the same problems ``check`` prints).
    """
    if audience not in AUDIENCES:
        raise KamdocsError(f"unknown audience {audience!r}; use internal or restricted")
    playbook, _warnings = load_playbook(Path(directory))
    # Fail exactly where `check` fails: chapter errors (unknown components …) count too.
    from kamdocs.build import content_problems

    chapter_errors = [p for p in content_problems(playbook) if p.severity is Severity.ERROR]
    if chapter_errors:
        raise KamdocsError(chapter_errors)
    view = make_view(playbook, analyse(playbook), audience)
    if as_json:
        return json.dumps(report_json(view), indent=2, ensure_ascii=False)
    return report_text(view)


# --- JSON (docs/report-json.md) ---------------------------------------------------------------


REPORT_FILE = "report.json"


def write_report(job: WriteJob) -> Written:
    """The ``report`` writer of ``kamdocs build``: the JSON of ``kamdocs report --json`` as report.json."""
    from kamdocs.render.writer import Written, WrittenFile

    text = json.dumps(report_json(job.site.view), indent=2, ensure_ascii=False) + "\n"
    (job.stage / REPORT_FILE).write_text(text, encoding="utf-8", newline="\n")
    job.emit("report", REPORT_FILE, 0, 0)
    return Written((WrittenFile(REPORT_FILE, "report"),))


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _account_json(position: AccountPosition, plan: AccountPlanResult | None) -> dict[str, Any]:
    """Return one account of the report: its portfolio place, reviews and goals (those with an id)."""
    return {
        "attractiveness": position.attractiveness,
        "position": position.position,
        "quadrant": position.quadrant,
        "share_of_wallet": position.share_of_wallet,
        "next_review": _date(plan.next_review) if plan is not None else None,
        "review_overdue": plan.review_overdue if plan is not None else False,
        "goals": {
            g.id: {"achievement": g.achievement, "status": g.status}
            for g in (plan.goals if plan is not None else ())
            if g.id is not None
        },
    }


def report_json(view: View) -> dict[str, Any]:
    """Return the report of ``view`` (docs/report-json.md) as plain JSON-ready data."""
    analysis = view.analysis
    report: dict[str, Any] = {"as_of": analysis.as_of.isoformat()}
    if (readiness := analysis.readiness) is not None:
        report["readiness"] = {
            "overall": readiness.overall,
            "areas": {area.id: area.index for area in readiness.areas},
            "actions": [criterion.id for criterion in readiness.actions],
        }
    if (kpis := analysis.kpis) is not None:
        report["kpis"] = {
            kpi.id: {
                "actual": kpi.actual,
                "achievement": kpi.achievement,
                "expected_achievement": kpi.expected_achievement,
                "status": kpi.status,
                "trend": kpi.trend,
            }
            for kpi in kpis.kpis
        }
    if (schedule := analysis.schedule) is not None:
        report["tasks"] = {
            "end": _date(schedule.end),
            "forecast_end": _date(schedule.forecast_end),
            "critical_path": list(schedule.critical_path),
            "items": {
                task.id: {
                    "start": task.start.isoformat(),
                    "due": task.due.isoformat(),
                    "overdue": task.overdue,
                    "float": task.float,
                    "forecast_start": task.forecast_start.isoformat(),
                    "forecast_due": task.forecast_due.isoformat(),
                    "slip": task.slip,
                    "late_start": task.late_start,
                }
                for task in schedule.tasks
            },
            "phases": {phase.id: {"progress": phase.progress} for phase in schedule.phases},
            "routines": {r.id: {"due_next": _date(r.due_next), "overdue": r.overdue} for r in schedule.routines},
        }
    if (competencies := analysis.competencies) is not None:
        report["competencies"] = {c.id: {"with_gap": c.with_gap, "mean": c.mean} for c in competencies.team}
        if competencies.candidates_file:
            # After the internal filter competencies.candidates is empty: {} as docs/report-json.md says.
            report["candidates"] = {
                c.id: {
                    "fit": c.fit,
                    "gaps": dict(c.gaps),
                    "meets_profile": c.meets_profile,
                    "suitable": c.suitable,
                    "rank": c.rank,
                }
                for c in competencies.candidates
            }
    if (portfolio := analysis.portfolio) is not None:
        report["accounts"] = {a.id: _account_json(a, analysis.account_plans.get(a.id)) for a in portfolio.accounts}
    if (kams := analysis.kams) is not None:
        report["kams"] = {
            k.name: {"accounts": list(k.accounts), "revenue": k.revenue, "potential": k.potential} for k in kams
        }
    if (budget := analysis.budget) is not None:
        report["budget"] = {
            "total": budget.total,
            "by_year": {str(year): amount for year, amount in budget.by_year.items()},
            "by_category": dict(budget.by_category),
            "fte_by_year": {str(year): fte for year, fte in budget.fte_by_year.items()},
        }
    return report


# --- terminal summary ---------------------------------------------------------------------------

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
                [c.id, shorten(c.statement), f"{c.score} → {c.target}", self.num(c.priority, 1)] for c in result.actions
            ]
            self.lines += table(
                [
                    "id",
                    label("report.readiness.criterion"),
                    label("report.readiness.score"),
                    label("report.readiness.priority"),
                ],
                rows,
                (2, 3),
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
                k.goal,
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
        path = f"{label('report.tasks.critical_path')}: {' → '.join(result.critical_path) or '–'}"
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
                t.id,
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
                "id",
                label("report.tasks.task"),
                label("report.tasks.due"),
                label("report.tasks.forecast"),
                label("report.tasks.slip"),
                label("report.tasks.float"),
                label("report.tasks.status"),
            ],
            rows,
            (4, 5),
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
                r.id,
                shorten(r.title),
                label("report.tasks.every", days=r.every_days),
                self.plain(fmt.date(r.due_next, "short")) if r.due_next is not None else "–",
                label("report.tasks.routine_overdue") if r.overdue else "",
            ]
            for r in result.routines
        ]
        self.lines += table(
            [
                "id",
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
                yes if c.suitable else no,
                ", ".join(c.not_assessed) or "–",
                ", ".join(f"{cid} {gap}" for cid, gap in c.gaps.items()) or "–",
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

    def kams(self) -> None:
        result = self.view.analysis.kams
        if not result:
            return
        label, money = self.label, self.fmt.money
        self.section("report.kams")
        rows = [
            [
                shorten(k.name, 32),
                ", ".join(k.accounts),
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
