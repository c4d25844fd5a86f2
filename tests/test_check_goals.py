"""Checks of KPIs over time (docs/check-rules.md, goals rows): exact messages and locations."""

from __future__ import annotations

from pathlib import Path

from kamdocs.errors import Severity
from kamdocs.load import load_project
from tests.conftest import MakeProject


def found(root: Path, *, notes: bool = False) -> list[str]:
    return [p.format() for p in load_project(root).problems if notes or p.severity > Severity.NOTE]


def goals(kpi_fields: str, top: str = "") -> dict[str, str]:
    return {
        "data/goals.yaml": top
        + "goals:\n  - id: g\n    title: G\n    kpis:\n      - id: k\n        name: K\n        unit: EUR\n"
        "        direction: increase\n        baseline: 0\n        target: 10\n" + kpi_fields
    }


def test_source_with_actual_or_history_is_an_error(make_project: MakeProject) -> None:
    root = make_project(
        goals("        source: accounts.revenue\n        actual: 3\n        history: [{date: 2026-12-31, value: 2}]\n")
    )
    assert found(root) == [
        "data/goals.yaml:12:9: error: KPI 'k' takes its actual from the account files (source: "
        "accounts.revenue), so it cannot also have 'actual'; remove 'actual', or remove 'source' to enter "
        "the values by hand",
        "data/goals.yaml:13:9: error: KPI 'k' takes its actual from the account files (source: "
        "accounts.revenue), so it cannot also have 'history'; remove 'history', or remove 'source' to enter "
        "the values by hand",
    ]


def test_an_unknown_source_names_the_allowed_ones(make_project: MakeProject) -> None:
    problems = found(make_project(goals("        source: accounts.profit\n")))
    assert len(problems) == 1
    assert problems[0].startswith("data/goals.yaml:11:17: error: ")
    assert "accounts.revenue" in problems[0] and "accounts.count" in problems[0]


def test_plan_and_history_dates_rise_strictly(make_project: MakeProject) -> None:
    root = make_project(
        goals(
            "        due: 2027-12-31\n        baseline_date: 2027-01-01\n"
            "        plan: [{date: 2027-06-30, value: 5}, {date: 2027-03-31, value: 3}]\n"
            "        history: [{date: 2027-02-01, value: 1}, {date: 2027-02-01, value: 2}]\n"
        )
    )
    assert found(root) == [
        "data/goals.yaml:13:53: error: KPI 'k': plan has a date before the one above it (2027-03-31); list "
        "the plan values in date order, one per date",
        "data/goals.yaml:14:56: error: KPI 'k': history has two values on the same date (2027-02-01); list "
        "the history values in date order, one per date",
    ]


def test_a_plan_date_outside_the_period_is_an_error(make_project: MakeProject) -> None:
    root = make_project(
        goals(
            "        due: 2027-12-31\n        plan: [{date: 2026-12-31, value: 1}, {date: 2027-12-31, value: 9}]\n",
            top="baseline_date: 2027-01-01\n",
        )
    )
    assert found(root) == [
        "data/goals.yaml:13:23: error: KPI 'k': the plan date 2026-12-31 lies outside the KPI's period "
        "2027-01-01 (baseline date) to 2027-12-31 (due); move the point into that period",
    ]


def test_the_baseline_date_must_lie_before_due(make_project: MakeProject) -> None:
    own = make_project(goals("        due: 2027-01-01\n        baseline_date: 2027-01-01\n"), name="own")
    assert found(own) == [
        "data/goals.yaml:12:24: error: KPI 'k': the baseline date 2027-01-01 is not before its due date "
        "2027-01-01; the baseline is measured before the target is due",
    ]
    top = make_project(goals("        due: 2026-06-30\n", top="baseline_date: 2026-12-31\n"), name="top")
    assert found(top) == [
        "data/goals.yaml:1:16: error: KPI 'k': the baseline date 2026-12-31 is not before its due date "
        "2026-06-30; the baseline is measured before the target is due",
    ]


def test_plan_points_without_a_baseline_date_are_a_warning(make_project: MakeProject) -> None:
    root = make_project(goals("        due: 2027-12-31\n        plan: [{date: 2027-06-30, value: 5}]\n"))
    assert found(root) == [
        "data/goals.yaml:12:9: warning: KPI 'k': plan points count only for a KPI with a baseline date and a "
        "due date, and this one has no baseline date; add 'baseline_date: YYYY-MM-DD' (here or at the top "
        "of goals.yaml)",
    ]


def test_a_kpi_without_baseline_date_gets_one_note_naming_the_v2_form(make_project: MakeProject) -> None:
    root = make_project(goals("        due: 2027-12-31\n"))
    notes = [p for p in found(root, notes=True) if "baseline date" in p]
    assert notes == [
        "data/goals.yaml:5:13: note: KPI 'k' has no baseline date, so its status follows the v1 rule (on "
        "track from 70 %); write 'baseline_date: YYYY-MM-DD' at the top of goals.yaml (format v2) to compare "
        "each KPI with where its plan should be on the as-of date",
    ]
    dated = make_project(goals("        due: 2027-12-31\n", top="baseline_date: 2026-12-31\n"), name="dated")
    assert not [p for p in found(dated, notes=True) if "baseline date" in p]


def test_a_v1_goals_file_still_checks_without_errors(make_project: MakeProject) -> None:
    root = make_project(goals("        actual: 4\n        due: 2027-12-31\n"))
    assert found(root) == []
    assert load_project(root).playbook is not None
