"""`report_json` (docs/report-json.md) and `report_text` built from models, without files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.model import (
    Account,
    Area,
    Budget,
    BudgetItem,
    Candidate,
    Candidates,
    Company,
    Competencies,
    Competency,
    Criterion,
    Goal,
    Goals,
    Kpi,
    Mission,
    Phase,
    Playbook,
    ProjectConfig,
    Readiness,
    Resource,
    Review,
    ScoredCriterion,
    Task,
    TaskPlan,
)
from kamdocs.report import clean, report_json, report_text, table

D = dt.date


def full_playbook(language: str = "de", **config: Any) -> Playbook:
    return Playbook(
        root=Path("."),
        config=ProjectConfig(title="KAM-Handbuch", language=language, **config),
        as_of=D(2027, 1, 12),
        company=Company(name="Muster GmbH", mission=Mission(statement="Mission")),
        readiness=Readiness(
            areas=(
                Area(
                    id="processes",
                    title="Prozesse",
                    weight=2,
                    criteria=(Criterion(id="complaints", statement="Reklamationen", score=3, target=4),),
                ),
                Area(id="data", title="Daten", criteria=(Criterion(id="crm", statement="CRM", score=2),)),
            )
        ),
        goals=Goals(
            goals=(
                Goal(
                    id="growth",
                    title="Wachstum",
                    kpis=(
                        Kpi(
                            id="ka_revenue",
                            name="Umsatz",
                            unit="EUR",
                            direction="increase",
                            baseline=40,
                            target=48,
                            actual=43,
                        ),
                        Kpi(id="nps", name="NPS", unit="score", direction="increase", baseline=10, target=30),
                    ),
                ),
            )
        ),
        tasks=TaskPlan(
            phases=(Phase(id="concept", title="Konzeption"), Phase(id="empty", title="Leer")),
            tasks=(
                Task(
                    id="kickoff", title="Kick-off", phase="concept", start=D(2027, 1, 4), duration_days=5, status="done"
                ),
                Task(id="select_accounts", title="Auswahl", phase="concept", depends_on=("kickoff",), duration_days=3),
            ),
        ),
        competencies=Competencies(
            competencies=(
                Competency(id="industry_knowledge", name="Branche", weight=2, required=4, critical=True),
                Competency(id="speed", name="Schnelligkeit", required=3),
                Competency(id="service", name="Service", required=2),
            )
        ),
        candidates=Candidates(
            candidates=(
                Candidate(id="c01", name="Maria Beispiel", ratings={"industry_knowledge": 4, "speed": 2, "service": 2}),
            )
        ),
        accounts=(
            Account(
                id="acme",
                name="ACME AG",
                kam="Jonas Keller",
                classification="A",
                revenue=4_200_000,
                potential=12_000_000,
                attractiveness=(
                    ScoredCriterion(criterion="Wachstum", weight=2, score=8),
                    ScoredCriterion(criterion="Volumen", score=5),
                ),
                position=(ScoredCriterion(criterion="Lieferanteil", score=4),),
            ),
            Account(id="beta", name="Beta"),
        ),
        budget=Budget(
            items=(
                BudgetItem(category="Personal", year=2027, amount=600_000),
                BudgetItem(category="Schulung", year=2028, amount=310_000),
            ),
            resources=(Resource(role="KAM", year=2027, fte=3.5),),
        ),
    )


def view_of(book: Playbook, audience: str = "internal") -> Any:
    return make_view(book, analyse(book), audience)  # type: ignore[arg-type]


def test_json_shape_internal() -> None:
    report = report_json(view_of(full_playbook()))
    assert list(report) == [
        "as_of", "readiness", "kpis", "tasks", "competencies", "candidates", "accounts", "kams", "budget",
    ]  # fmt: skip
    assert report == {
        "as_of": "2027-01-12",
        # processes (3−1)/4 = 50; data (2−1)/4 = 25; overall (2·50 + 25)/3
        "readiness": {"overall": 125 / 3, "areas": {"processes": 50.0, "data": 25.0}, "actions": ["complaints"]},
        "kpis": {
            "ka_revenue": {
                "actual": 43.0,
                "achievement": 37.5,
                "expected_achievement": None,
                "status": "at_risk",
                "trend": None,
            },
            "nps": {
                "actual": None,
                "achievement": None,
                "expected_achievement": None,
                "status": "no_data",
                "trend": None,
            },
        },
        "tasks": {
            "end": "2027-01-11",
            "forecast_end": "2027-01-14",
            "critical_path": ["kickoff", "select_accounts"],
            "items": {
                "kickoff": {
                    "start": "2027-01-04",
                    "due": "2027-01-08",
                    "overdue": False,
                    "float": 0,
                    "forecast_start": "2027-01-04",
                    "forecast_due": "2027-01-08",
                    "slip": 0,
                    "late_start": False,
                },
                # open, three days long, should have started on the 9th: from as_of (the 12th) to the 14th
                "select_accounts": {
                    "start": "2027-01-09",
                    "due": "2027-01-11",
                    "overdue": True,
                    "float": 0,
                    "forecast_start": "2027-01-12",
                    "forecast_due": "2027-01-14",
                    "slip": 3,
                    "late_start": True,
                },
            },
            "phases": {"concept": {"progress": 50.0}, "empty": {"progress": None}},
            "routines": {},
        },
        # one candidate rated: below privacy.min_group_size (3), so no aggregate for the internal audience
        "competencies": {
            "industry_knowledge": {"with_gap": None, "mean": None},
            "speed": {"with_gap": None, "mean": None},
            "service": {"with_gap": None, "mean": None},
        },
        "candidates": {},
        "accounts": {
            "acme": {
                "attractiveness": 7.0,
                "position": 4.0,
                "quadrant": "invest_selectively",
                "share_of_wallet": 35.0,
                "next_review": None,
                "review_overdue": False,
                "goals": {},
            },
            "beta": {
                "attractiveness": None,
                "position": None,
                "quadrant": None,
                "share_of_wallet": None,
                "next_review": None,
                "review_overdue": False,
                "goals": {},
            },
        },
        "kams": {"Jonas Keller": {"accounts": ["acme"], "revenue": 4_200_000.0, "potential": 12_000_000.0}},
        "budget": {
            "total": 910_000.0,
            "by_year": {"2027": 600_000.0, "2028": 310_000.0},
            "by_category": {"Personal": 600_000.0, "Schulung": 310_000.0},
            "fte_by_year": {"2027": 3.5},
        },
    }
    # key order inside sections is stable too
    assert list(report["tasks"]) == ["end", "forecast_end", "critical_path", "items", "phases", "routines"]
    assert list(report["tasks"]["items"]["kickoff"]) == [
        "start", "due", "overdue", "float", "forecast_start", "forecast_due", "slip", "late_start",
    ]  # fmt: skip
    assert list(report["budget"]) == ["total", "by_year", "by_category", "fte_by_year"]
    assert "Maria" not in json.dumps(report, ensure_ascii=False)


def test_json_candidates_for_restricted() -> None:
    report = report_json(view_of(full_playbook(), "restricted"))
    # fit (2·4 + 2 + 2) / (8 + 3 + 2) × 100 = 12/13
    assert report["candidates"] == {
        "c01": {"fit": 1200 / 13, "gaps": {"speed": 1}, "meets_profile": False, "suitable": True, "rank": 1}
    }
    assert list(report["candidates"]["c01"]) == ["fit", "gaps", "meets_profile", "suitable", "rank"]


def test_json_candidates_for_the_opt_in() -> None:
    book = full_playbook(privacy={"publish_individual_ratings": True})
    assert list(report_json(view_of(book))["candidates"]) == ["c01"]


def test_sections_without_data_are_omitted() -> None:
    book = Playbook(
        root=Path("."),
        config=ProjectConfig(title="T"),
        as_of=D(2027, 1, 1),
        company=Company(name="C", mission=Mission(statement="M")),
        competencies=Competencies(competencies=(Competency(id="k", name="K", required=3),)),
    )
    assert report_json(view_of(book, "restricted")) == {
        "as_of": "2027-01-01",
        "competencies": {"k": {"with_gap": 0, "mean": None}},
    }
    bare = Playbook(
        root=Path("."),
        config=ProjectConfig(title="T"),
        as_of=D(2027, 1, 1),
        company=Company(name="C", mission=Mission(statement="M")),
    )
    assert report_json(view_of(bare)) == {"as_of": "2027-01-01"}


def test_text_report_in_german() -> None:
    text = report_text(view_of(full_playbook()))
    assert text.startswith("KAM-Handbuch — Auswertung zum Stichtag 12. Januar 2027\n")
    assert "Zielgruppe: intern" in text
    assert "41,7 %" in text  # overall readiness 41.666…, half up, plain space
    assert "\u00a0" not in text
    assert "37,5 %" in text and "gefährdet" in text and "keine Daten" in text
    assert "Kritischer Pfad: Kick-off → Auswahl" in text  # titles, not the ids kickoff → select_accounts
    assert "600.000 €" in text and "910.000 €" in text and "3,5" in text
    assert "Fragezeichen" in text and "35,0 %" in text
    assert "Maria" not in text and "Kandidaten (personenbezogene Daten)" not in text
    # overdue task listed with its German short date
    assert "Auswahl" in text and "11.01.2027" in text
    assert "select_accounts" not in text and "kickoff" not in text


def test_text_report_in_english_with_candidates() -> None:
    text = report_text(view_of(full_playbook("en"), "restricted"))
    assert "analyses as of 12 January 2027" in text
    assert "41.7%" in text and "at risk" in text
    assert "€600,000" in text
    assert "Candidates (personal data)" in text and "Maria Beispiel" in text and "92.3%" in text
    # tables are aligned: every row of the candidate table is as wide as its rule
    lines = text.splitlines()
    start = lines.index("Candidates (personal data)")
    header, rule = lines[start + 2], lines[start + 3]
    assert header.startswith("  Rank") and set(rule.strip()) <= {"-", " "}


def test_text_report_without_data() -> None:
    book = Playbook(
        root=Path("."),
        config=ProjectConfig(title="T", language="en"),
        as_of=D(2027, 1, 1),
        company=Company(name="C", mission=Mission(statement="M")),
    )
    assert "No analysable data yet" in report_text(view_of(book))


def test_terminal_control_characters_are_removed() -> None:
    assert clean("ACME\x1b[2J\x07 AG\u202e") == "ACME[2J AG"
    book = full_playbook()
    hostile = book.accounts[0].model_copy(update={"name": "Evil\x1b]0;pwned\x07 Corp"})
    text = report_text(view_of(Playbook(**{**book.__dict__, "accounts": (hostile,)})))
    assert "\x1b" not in text and "\x07" not in text and "Evil]0;pwned Corp" in text


def test_table_alignment() -> None:
    assert table(["Name", "Wert"], [["a", "1,0"], ["längerer", "10,5"]], right=(1,)) == [
        "  Name      Wert",
        "  --------  ----",
        "  a          1,0",
        "  längerer  10,5",
    ]


def test_text_report_of_an_empty_task_plan() -> None:
    book = Playbook(
        root=Path("."),
        config=ProjectConfig(title="T", language="en"),
        as_of=D(2027, 1, 1),
        company=Company(name="C", mission=Mission(statement="M")),
        tasks=TaskPlan(),
    )
    text = report_text(view_of(book))
    assert "Task plan (step 2)" in text and "Critical path: –" in text and "Plan:" not in text
    assert report_json(view_of(book))["tasks"] == {
        "end": None,
        "forecast_end": None,
        "critical_path": [],
        "items": {},
        "phases": {},
        "routines": {},
    }


def test_text_report_names_goals_tasks_accounts_and_competencies_by_title() -> None:
    text = report_text(view_of(full_playbook(), "restricted"))
    assert "Wachstum" in text and "growth" not in text  # the goal of each KPI
    assert "Kick-off → Auswahl" in text and "kickoff" not in text and "select_accounts" not in text
    assert "ACME AG" in text and "acme" not in text.replace("ACME", "")  # the KAM's accounts
    assert "Branche" in text and "industry_knowledge" not in text  # the candidate's gaps and missing ratings


def test_text_report_lists_next_reviews_overdue_first() -> None:
    accounts = (
        Account(id="later", name="Später AG", reviews=(Review(date=D(2026, 12, 1), next=D(2027, 3, 1)),)),
        Account(id="none", name="Ohne Review GmbH"),
        Account(id="late", name="Überfällig KG", reviews=(Review(date=D(2026, 9, 1), next=D(2026, 12, 1)),)),
        Account(id="soon", name="Bald SE", reviews=(Review(date=D(2026, 11, 1), next=D(2027, 2, 1)),)),
    )
    book = dataclasses.replace(full_playbook(), accounts=accounts)
    lines = report_text(view_of(book)).splitlines()
    start = lines.index("  Nächste Reviews (überfällige zuerst):")
    rows = [line.split() for line in lines[start + 3 : start + 7]]
    assert [row[0] for row in rows] == ["Überfällig", "Bald", "Später", "Ohne"]
    assert rows[0][-2:] == ["01.12.2026", "überfällig"] and rows[1][-1] == "01.02.2027" and rows[3][-1] == "–"
    english = report_text(view_of(dataclasses.replace(full_playbook("en"), accounts=accounts)))
    assert "Next reviews (overdue first):" in english and "overdue" in english


def test_text_report_without_any_review_has_no_review_list() -> None:
    assert "Nächste Reviews" not in report_text(view_of(full_playbook()))
