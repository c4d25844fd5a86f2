"""KAM allocation and the people warnings (docs/formulas.md#kam-allocation-format-v2, docs/check-rules.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.analysis.kams import analyse_kams
from kamdocs.errors import Severity
from kamdocs.load import load_project
from kamdocs.model import (
    Account,
    Candidate,
    Candidates,
    Company,
    Competencies,
    Competency,
    Mission,
    Playbook,
    ProjectConfig,
)
from kamdocs.report import report_json
from tests.conftest import MakeProject

PEOPLE = Candidates(candidates=(Candidate(id="c01", name="Maria Beispiel", ratings={"k": 2}),))


def test_the_worked_example_of_formulas_md() -> None:
    accounts = (
        Account(id="gamma", name="Gamma", kam="Jonas Keller", revenue=800_000, potential=2_000_000),
        Account(id="acme", name="ACME", kam="c01", revenue=4_200_000, potential=12_000_000),
        Account(id="beta", name="Beta", kam="Maria Beispiel", revenue=1_000_000, potential=3_000_000),
        Account(id="delta", name="Delta"),
    )
    result = analyse_kams(accounts, PEOPLE)
    assert [(k.name, k.accounts, k.revenue, k.potential) for k in result] == [
        ("Jonas Keller", ("gamma",), 800_000.0, 2_000_000.0),
        ("Maria Beispiel", ("acme", "beta"), 5_200_000.0, 15_000_000.0),
    ]


def test_sums_are_null_when_no_account_gives_the_value() -> None:
    accounts = (
        Account(id="a", name="A", kam="Jonas Keller", revenue=0.1),
        Account(id="b", name="B", kam="Jonas Keller", revenue=0.2),
    )
    (only,) = analyse_kams(accounts, None)
    # exact decimals: 0.1 + 0.2 is 0.3
    assert (only.revenue, only.potential) == (0.3, None)


def book() -> Playbook:
    return Playbook(
        root=Path("."),
        config=ProjectConfig(title="T"),
        as_of=dt.date(2027, 1, 1),
        company=Company(name="C", mission=Mission(statement="M")),
        competencies=Competencies(competencies=(Competency(id="k", name="K", required=3, critical=True),)),
        candidates=PEOPLE,
        accounts=(Account(id="acme", name="ACME", kam="c01", revenue=10, potential=20),),
    )


def test_the_appointed_kam_is_named_in_every_audience_without_the_assessment() -> None:
    for audience in ("internal", "restricted"):
        report = report_json(make_view(book(), analyse(book()), audience))
        assert report["kams"] == {"Maria Beispiel": {"accounts": ["acme"], "revenue": 10.0, "potential": 20.0}}
    internal = make_view(book(), analyse(book()), "internal")
    assert internal.playbook.accounts[0].kam == "Maria Beispiel"
    assert report_json(internal)["candidates"] == {}


def people_project(make_project: MakeProject, development: str = "", kam: str = "c01") -> Path:
    return make_project(
        {
            "data/competencies.yaml": "competencies:\n"
            "  - {id: speed, name: Speed, required: 3}\n"
            "  - {id: industry, name: Industry, required: 4, critical: true}\n",
            "data/candidates.yaml": "candidates:\n"
            "  - id: c01\n    name: Maria Beispiel\n    ratings: {speed: 2, industry: 3}\n" + development,
            "data/accounts/acme.yaml": f"id: acme\nname: ACME\nkam: {kam}\n",
        }
    )


def warnings(root: Path) -> list[str]:
    return [p.format() for p in load_project(root).problems if p.severity is Severity.WARNING]


def test_a_gap_without_a_measure_and_an_unsuitable_kam_are_warnings(make_project: MakeProject) -> None:
    assert warnings(people_project(make_project)) == [
        "data/accounts/acme.yaml:3:6: warning: the KAM 'c01' is candidate 'c01', who is not yet suitable (a gap "
        "in the critical competencies 'industry'); plan the development in data/candidates.yaml or appoint "
        "another KAM",
        "data/candidates.yaml:4:22: warning: candidate 'c01' has a gap in 'speed' (rating 2, required 3) but no "
        "development measure for it; add one under 'development:', e.g. {competency: speed, measure: "
        '"Coaching", due: …}',
        "data/candidates.yaml:4:35: warning: candidate 'c01' has a gap in 'industry' (rating 3, required 4) but "
        "no development measure for it; add one under 'development:', e.g. {competency: industry, measure: "
        '"Coaching", due: …}',
    ]


def test_measures_silence_the_gap_warning_and_a_name_counts_as_the_candidate(make_project: MakeProject) -> None:
    development = (
        "    development:\n      - {competency: speed, measure: Coaching}\n"
        "      - {competency: industry, measure: Mentoring}\n"
    )
    found = warnings(people_project(make_project, development, kam="maria beispiel"))
    assert [w.split(": warning: ")[0] for w in found] == ["data/accounts/acme.yaml:3:6"]
    assert "the KAM 'maria beispiel' is candidate 'c01'" in found[0]


def test_a_suitable_kam_and_an_outside_name_give_no_warning(make_project: MakeProject) -> None:
    development = (
        "    development:\n      - {competency: speed, measure: Coaching}\n"
        "      - {competency: industry, measure: Mentoring}\n"
    )
    assert warnings(people_project(make_project, development, kam="Petra Extern")) == []
