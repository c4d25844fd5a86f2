"""`report --json` follows docs/report-json.md: a JSON Schema of the documented shape, and its example.

The example of docs/report-json.md is the worked examples of docs/formulas.md as one playbook; the
playbook below is built from them, so the JSON printed in the docs is what kamdocs computes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from kamdocs.report import run_report
from kamdocs.resources import example_dir
from tests.conftest import MakeProject
from tests.report_schema import REPORT_SCHEMA

DOCS = Path(__file__).resolve().parent.parent / "docs"


def documented_example() -> dict[str, object]:
    text = (DOCS / "report-json.md").read_text(encoding="utf-8")
    block = text.split("## Example", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    data: dict[str, object] = json.loads(block)
    return data


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("audience", ["internal", "restricted"])
def test_both_examples_follow_the_documented_shape(lang: str, audience: str) -> None:
    report = json.loads(run_report(example_dir(lang), audience=audience, as_json=True))
    jsonschema.validate(report, REPORT_SCHEMA)
    # format v2 in use: the examples show what v2 is for
    assert any(k["trend"] for k in report["kpis"].values())
    assert report["tasks"]["routines"] and report["kams"]


V1 = {
    "data/goals.yaml": """
        goals:
          - id: growth
            title: Wachstum
            kpis:
              - {id: revenue, name: Umsatz, unit: EUR, direction: increase, baseline: 40, target: 48, actual: 43}
              - {id: nps, name: NPS, unit: Punkte, direction: increase, baseline: 10, target: 30, due: 2026-12-31}
        """,
    "data/tasks.yaml": """
        phases: [{id: concept, title: Konzeption}]
        tasks:
          - {id: kickoff, title: Kick-off, phase: concept, start: 2027-01-04, duration_days: 5, status: done}
          - {id: select, title: Auswahl, phase: concept, depends_on: [kickoff], duration_days: 10}
        """,
    "data/readiness.yaml": """
        areas:
          - id: processes
            title: Prozesse
            criteria: [{id: complaints, statement: Reklamationen, score: 2, target: 4}]
        """,
    "data/competencies.yaml": "competencies: [{id: speed, name: Schnelligkeit, required: 3}]\n",
    "data/candidates.yaml": "candidates: [{id: c01, name: Maria Beispiel, ratings: {speed: 2}}]\n",
    "data/accounts/acme.yaml": """
        id: acme
        name: ACME AG
        kam: c01
        revenue: 4200000
        potential: 12000000
        attractiveness: [{criterion: Wachstum, weight: 2, score: 8}]
        position: [{criterion: Lieferanteil, score: 4}]
        goals: [{title: Rahmenvertrag, kpi: Vertrag, target: unterschrieben, due: 2027-06-30}]
        """,
    "data/budget.yaml": "items: [{category: Personal, year: 2027, amount: 600000}]\n",
}


def test_a_v1_playbook_follows_the_documented_shape(make_project: MakeProject) -> None:
    root = make_project(V1)
    for audience in ("internal", "restricted"):
        report = json.loads(run_report(root, audience=audience, as_json=True))
        jsonschema.validate(report, REPORT_SCHEMA)
    # v1 KPIs: the 70 % rule without a baseline date, and v2's `missed` after the due date
    assert report["kpis"]["revenue"]["status"] == "at_risk" and report["kpis"]["nps"]["status"] == "no_data"
    assert report["accounts"]["acme"]["goals"] == {} and report["accounts"]["acme"]["next_review"] is None
    assert report["kams"] == {"Maria Beispiel": {"accounts": ["acme"], "revenue": 4200000.0, "potential": 12000000.0}}


def test_the_documented_example_follows_its_own_shape() -> None:
    jsonschema.validate(documented_example(), REPORT_SCHEMA)


def test_the_schema_catches_a_wrong_shape() -> None:
    bad = {"as_of": "2027-01-20", "kpis": {"k": {"actual": 1, "achievement": "high"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, REPORT_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"as_of": "2027-01-20", "surprise": 1}, REPORT_SCHEMA)


# The worked examples of docs/formulas.md as one playbook (as docs/report-json.md lists its inputs).
WORKED = {
    "kamdocs.yaml": "title: Beispiel\nas_of: 2027-01-20\n",
    "data/readiness.yaml": """
        scale: {min: 1, max: 5}
        areas:
          - id: processes
            title: Prozesse
            weight: 2
            criteria:
              - {id: offers, statement: Angebote, weight: 1, score: 3, target: 4}
              - {id: complaints, statement: Reklamationen, weight: 2, score: 2, target: 4}
          - id: data
            title: Daten und IT
            weight: 1
            criteria:
              - {id: crm, statement: CRM, weight: 1, score: 4, target: 5}
        """,
    "data/goals.yaml": """
        goals:
          - id: growth
            title: Wachstum
            kpis:
              - id: ka_revenue
                name: Umsatz mit Key Accounts
                unit: Mio. EUR
                direction: increase
                baseline: 40
                baseline_date: 2027-01-01
                plan: [{date: 2027-03-02, value: 46}]
                target: 48
                due: 2027-05-01
                actual: 43
              - {id: complaint_rate, name: Reklamationsquote, unit: "%", direction: decrease,
                 baseline: 2.4, target: 1.5, actual: 1.7}
        """,
    "data/tasks.yaml": """
        phases: [{id: concept, title: Konzeption}, {id: pilot, title: Pilot}]
        tasks:
          - {id: kickoff, title: Kick-off, phase: concept, start: 2027-01-04, duration_days: 5, status: done}
          - {id: analysis, title: Analyse, phase: concept, depends_on: [kickoff], duration_days: 10,
             status: in_progress}
          - {id: select, title: Auswahl, phase: concept, depends_on: [kickoff], start: 2027-01-11, due: 2027-01-22}
          - {id: plans, title: Account-Pläne, phase: pilot, depends_on: [analysis, select], duration_days: 7}
        routines:
          - {id: qbr, title: Quartalsreview, every_days: 91, last_done: 2026-10-20}
        """,
    "data/competencies.yaml": """
        competencies:
          - {id: industry, name: Branchenkenntnis, weight: 2, required: 4, critical: true}
          - {id: speed, name: Schnelligkeit, weight: 1, required: 3}
          - {id: service, name: Servicequalität, weight: 1, required: 4}
        """,
    "data/candidates.yaml": """
        candidates:
          - {id: c01, name: Maria Beispiel, ratings: {industry: 5, speed: 2}}
          - {id: c02, name: B, ratings: {industry: 3, speed: 3, service: 4}}
          - {id: c03, name: C, ratings: {industry: 4, speed: 3, service: 4}}
          - {id: c04, name: D, ratings: {industry: 4, speed: 1, service: 4}}
          - {id: c05, name: E, ratings: {industry: 4, speed: 2, service: 3}}
        """,
    "data/accounts/acme.yaml": """
        id: acme
        name: ACME AG
        kam: c01
        revenue: 4200000
        potential: 12000000
        attractiveness:
          - {criterion: Wachstum, weight: 2, score: 8}
          - {criterion: Volumen, weight: 1, score: 5}
        position:
          - {criterion: Lieferanteil, weight: 1, score: 4}
          - {criterion: Zufriedenheit, weight: 1, score: 6}
          - {criterion: Beziehung, weight: 2, score: 5}
        reviews: [{date: 2026-10-15, next: 2027-01-15}]
        goals:
          - {id: frame, title: Rahmenvertrag, baseline: 30, baseline_date: 2026-12-31, target: 40,
             due: 2027-12-31, actual: 35}
        """,
    "data/accounts/beta.yaml": """
        id: beta
        name: Beta GmbH
        kam: Jonas Keller
        attractiveness:
          - {criterion: Wachstum, weight: 2, score: 8}
          - {criterion: Volumen, weight: 1, score: 5}
        position:
          - {criterion: Lieferanteil, weight: 1, score: 5}
          - {criterion: Zufriedenheit, weight: 1, score: 6}
        """,
    "data/budget.yaml": """
        items:
          - {category: Personal, year: 2027, amount: 300000}
          - {category: Schulung, year: 2027, amount: 50000}
          - {category: Personal, year: 2028, amount: 400000}
          - {category: CRM,      year: 2027, amount: 80000}
        resources:
          - {role: KAM,       year: 2027, fte: 3}
          - {role: Assistenz, year: 2027, fte: 0.5}
          - {role: KAM,       year: 2028, fte: 4}
          - {role: Assistenz, year: 2028, fte: 0.1}
          - {role: Werkstudent, year: 2028, fte: 0.2}
        """,
}


def test_the_documented_example_is_what_kamdocs_computes(make_project: MakeProject) -> None:
    root = make_project(WORKED)
    restricted = json.loads(run_report(root, audience="restricted", as_json=True))
    assert restricted == documented_example()
    internal = json.loads(run_report(root, audience="internal", as_json=True))
    assert internal == {**documented_example(), "candidates": {}}
    assert re.search(r"\d", json.dumps(internal["competencies"]))  # groups of ≥ 3: nothing withheld
