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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamdocs.analysis.audience import View, make_view
from kamdocs.analysis.engine import analyse
from kamdocs.analysis.results import AccountPlanResult, AccountPosition
from kamdocs.errors import KamdocsError, Severity
from kamdocs.load import load_playbook
from kamdocs.model import ACCOUNT_AUDIENCES, PLAYBOOK_AUDIENCES, Audience
from kamdocs.report.text import clean, report_text, shorten, table

if TYPE_CHECKING:  # the writer types pull in Jinja; `kamdocs report` does not need them at run time
    from kamdocs.render.writer import WriteJob, Written

AUDIENCES: tuple[Audience, ...] = PLAYBOOK_AUDIENCES

__all__ = ["AUDIENCES", "clean", "report_json", "report_text", "run_report", "shorten", "table", "write_report"]


def run_report(directory: Path, *, audience: str, as_json: bool) -> str:
    """Load, analyse and filter the playbook in ``directory``; return the report text.

    Raises:
        KamdocsError: the project is invalid (the same problems ``check`` prints).
    """
    valid = " or ".join(AUDIENCES)
    if audience in ACCOUNT_AUDIENCES:
        # A known audience, only not one of the whole playbook: "unknown" would send the user looking for a typo.
        raise KamdocsError(
            f"the report is not available for the {audience} audience (it is the audience of one key "
            f"account's plan: kamdocs build --audience {audience} --account ID); use {valid}"
        )
    if audience not in AUDIENCES:
        raise KamdocsError(f"unknown audience {audience!r}; use {valid}")
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
