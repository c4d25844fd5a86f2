"""`kamdocs report` on projects on disk, through click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main

PROJECT = {
    "kamdocs.yaml": """
        title: Test-Playbook
        language: de
        as_of: 2027-01-12
        """,
    "data/company.yaml": """
        name: Test GmbH
        mission:
          statement: Wir wachsen mit unseren Key Accounts.
        """,
    "data/readiness.yaml": """
        areas:
          - id: processes
            title: Prozesse
            criteria:
              - {id: complaints, statement: Reklamationen werden erfasst., score: 3, target: 4}
              - {id: offers, statement: Angebote sind schnell., score: 2}
        """,
    "data/goals.yaml": """
        goals:
          - id: growth
            title: Wachstum
            kpis:
              - {id: ka_revenue, name: Umsatz, unit: EUR, direction: increase,
                 baseline: 40000000, target: 48000000, actual: 43000000}
        """,
    "data/tasks.yaml": """
        phases: [{id: concept, title: Konzeption}]
        tasks:
          - {id: kickoff, title: Kick-off, phase: concept, start: 2027-01-04, duration_days: 5, status: done}
          - {id: select_accounts, title: Auswahl, phase: concept, depends_on: [kickoff], duration_days: 20}
        """,
    "data/competencies.yaml": """
        competencies:
          - {id: industry_knowledge, name: Branchenkenntnis, weight: 2, required: 4, critical: true}
          - {id: speed, name: Schnelligkeit, required: 3}
        """,
    "data/candidates.yaml": """
        candidates:
          - id: c01
            name: Maria Kanarienvogel
            ratings: {industry_knowledge: 4, speed: 2}
          - id: c02
            name: Jonas Keller
        """,
    "data/accounts/acme.yaml": """
        id: acme
        name: ACME AG
        kam: c02
        revenue: 4200000
        potential: 12000000
        attractiveness: [{criterion: Wachstum, weight: 2, score: 8}]
        position: [{criterion: Lieferanteil, score: 4}]
        """,
    "data/budget.yaml": """
        items: [{category: Personal, year: 2027, amount: 600000}]
        resources: [{role: KAM, year: 2027, fte: 3.5}]
        """,
}


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write(tmp_path / "playbook", PROJECT)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["report", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_json_report_exit_0(project: Path) -> None:
    code, out, _ = run(str(project), "--json")
    assert code == 0
    report = json.loads(out)
    assert list(report) == [
        "as_of", "readiness", "kpis", "tasks", "competencies", "candidates", "accounts", "kams", "budget",
    ]  # fmt: skip
    assert report["kams"] == {"Jonas Keller": {"accounts": ["acme"], "revenue": 4200000.0, "potential": 12000000.0}}
    assert report["as_of"] == "2027-01-12"
    assert report["readiness"] == {"overall": 37.5, "areas": {"processes": 37.5}, "actions": ["complaints"]}
    assert report["kpis"]["ka_revenue"] == {
        "actual": 43_000_000.0,
        "achievement": 37.5,
        "expected_achievement": None,
        "status": "at_risk",
        "trend": None,
    }
    assert report["tasks"]["items"]["select_accounts"] == {
        "start": "2027-01-09",
        "due": "2027-01-28",
        "overdue": False,
        "float": 0,
        "forecast_start": "2027-01-12",  # open, should have started on the 9th: moved to as_of
        "forecast_due": "2027-01-31",
        "slip": 3,
        "late_start": True,
    }
    assert report["tasks"]["end"] == "2027-01-28"
    assert report["candidates"] == {}
    assert report["accounts"]["acme"]["share_of_wallet"] == 35.0
    assert report["budget"]["fte_by_year"] == {"2027": 3.5}
    assert "Kanarienvogel" not in out


def test_json_report_restricted(project: Path) -> None:
    code, out, _ = run(str(project), "--json", "--audience", "restricted")
    assert code == 0
    # (2·4 + 2) / (2·4 + 3) × 100
    assert json.loads(out)["candidates"]["c01"] == {
        "fit": 1000 / 11,
        "gaps": {"speed": 1},
        "meets_profile": False,
        "suitable": True,
        "rank": 1,
    }


def test_text_report(project: Path) -> None:
    code, out, _ = run(str(project))
    assert code == 0
    assert "Test-Playbook — Auswertung zum Stichtag 12. Januar 2027" in out
    assert "37,5 %" in out
    assert "Kanarienvogel" not in out
    code, out, _ = run(str(project), "--audience", "restricted")
    assert code == 0 and "Maria Kanarienvogel" in out


def test_missing_data_files_are_omitted(tmp_path: Path) -> None:
    root = write(tmp_path / "small", {k: v for k, v in PROJECT.items() if k in ("kamdocs.yaml", "data/company.yaml")})
    code, out, _ = run(str(root), "--json")
    assert code == 0 and json.loads(out) == {"as_of": "2027-01-12"}


def test_invalid_project_fails_like_check(project: Path) -> None:
    (project / "data/readiness.yaml").write_text(
        "areas:\n  - id: processes\n    title: Prozesse\n    criteria:\n"
        "      - {id: complaints, statement: x, score: viel}\n",
        encoding="utf-8",
    )
    code, out, err = run(str(project), "--json")
    assert code == 1
    assert out == ""  # never partial output
    assert "Traceback" not in err
    assert re.search(r"^data/readiness\.yaml:\d+:\d+: error: .+", err, re.M), err
    check = CliRunner().invoke(main, ["check", str(project)])
    errors = [line for line in (check.stdout + check.stderr).splitlines() if ": error: " in line]
    assert errors and all(line in err for line in errors)


def test_non_finite_numbers_are_input_errors(project: Path) -> None:
    (project / "data/budget.yaml").write_text("items: [{category: A, year: 2027, amount: .nan}]\n", encoding="utf-8")
    code, out, err = run(str(project), "--json")
    assert code == 1 and out == "" and "Traceback" not in err
    assert re.search(r"^data/budget\.yaml:1:\d+: error: amount: ", err, re.M), err


def test_folder_without_kamdocs_yaml(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path), "--json")
    assert code == 1 and out == ""
    assert err.startswith("kamdocs.yaml: error: no kamdocs.yaml")


def test_unknown_audience_is_a_usage_error(project: Path) -> None:
    code, _, err = run(str(project), "--audience", "public")
    assert code == 2 and "public" in err


def test_absurd_magnitudes_are_located_errors_not_tracebacks(project: Path) -> None:
    # Two amounts of 1e308 used to overflow the float conversion of the budget total.
    (project / "data/budget.yaml").write_text(
        "items:\n  - {category: a, year: 2027, amount: 1e308}\n  - {category: a, year: 2027, amount: 1e308}\n",
        encoding="utf-8",
    )
    code, out, err = run(str(project), "--json")
    assert code == 1 and out == "" and "Traceback" not in err
    assert (
        "data/budget.yaml:2:39: error: amount: 1e308 is out of range; expected a number of at most "
        "1,000,000,000,000,000" in err
    )


@pytest.mark.parametrize("epoch", ["99999999999999", "abc"])
def test_unusable_source_date_epoch_means_today(project: Path, epoch: str, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project / "kamdocs.yaml"
    config.write_text(
        "".join(
            line
            for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("as_of")
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, out, err = run(str(project), "--json")
    assert code == 0, err
    assert json.loads(out)["as_of"] == dt.date.today().isoformat()
