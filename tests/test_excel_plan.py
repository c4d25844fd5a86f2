"""Format v2 in the workbook: goals and KPIs, KPIs over time (plan and history), routines."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from pycel import ExcelCompiler

from kamdocs.cli import main
from kamdocs.excel.layout import KEY_ROW, KPI_POINTS, KPIS, ROUTINES
from kamdocs.resources import example_dir

GOALS = """\
    # Goals of KAM; baselines of the 2026 business year
    baseline_date: 2026-12-31
    goals:
      - id: growth
        title: "Profitable growth"
        owner: Sales director
        kpis:
          - id: ka_revenue
            name: "Revenue with key accounts"
            unit: EUR
            direction: increase
            baseline: 40000000
            target: 48000000
            due: 2027-12-31
            plan:
              - {date: 2027-06-30, value: 44000000}   # mid-year
            history:
              - {date: 2027-03-31, value: 42100000}
          - id: missions
            name: Agreed missions
            unit: count
            direction: increase
            baseline: 0
            target: 5
            source: accounts.agreed_missions
      - id: loyalty
        title: Loyalty
        kpis:
          - {id: complaints, name: Complaints, unit: "%", direction: decrease, baseline: 2.4, target: 1.5, actual: 2}
    """

FILES = {
    "kamdocs.yaml": "title: Mini\nlanguage: en\nas_of: 2027-05-01\n",
    "data/company.yaml": "name: Mini GmbH\nmission:\n  statement: Serve key accounts.\n",
    "data/goals.yaml": GOALS,
    "data/tasks.yaml": """\
        tasks:
          - {id: kickoff, title: Kick-off, start: 2027-01-04, due: 2027-01-08, status: done}
        routines:
          - id: qbr   # the quarterly review
            title: Quarterly review per key account
            owner: KAM
            every_days: 91
            last_done: 2027-01-20
          - {id: portfolio, title: Portfolio review, every_days: 365, start: 2027-10-01}
        """,
}


def write_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", FILES)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["excel", *args])


def export(root: Path, name: str = "plan.xlsx") -> Path:
    out = root / name
    result = run("export", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def rows(path: Path, sheet: str, first: int = 4) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path)[sheet]
    found = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if any(v is not None and not (isinstance(v, str) and v.startswith("=")) for v in row):
            found.append(list(row))
    return found


def edit(path: Path, target: Path, **sheets: dict[str, Any]) -> Path:
    wb = openpyxl.load_workbook(path)
    for sheet, cells in sheets.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    wb.save(target)
    return target


def put_row(ws: Any, row: int, values: list[Any]) -> None:
    """Type a row as a user does (append() would go below the formulas of the spare rows)."""
    for col, value in enumerate(values, start=1):
        ws.cell(row, col, value)


def changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    assert len(old) == len(new), "lines were added or removed"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_sheets_hold_goals_kpis_their_dated_values_and_routines(project: Path) -> None:
    path = export(project)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tasks", "Routines", "KPIs", "KPI history"]
    kpis = wb["KPIs"]
    assert [c.value for c in kpis[KEY_ROW]] == [c.key for c in KPIS.columns]
    assert kpis["H1"].value == dt.datetime(2026, 12, 31)  # the default baseline date, above its column
    assert kpis["G1"].value.startswith("Baselines of")
    assert rows(path, "KPIs") == [
        ["growth", None, "Profitable growth", "Sales director", *[None] * 8],
        ["growth", "ka_revenue", "Revenue with key accounts", None, "EUR", "higher is better", 40000000, None,
         48000000, dt.datetime(2027, 12, 31), None, None],
        ["growth", "missions", "Agreed missions", None, "count", "higher is better", 0, None, 5, None, None,
         "accounts with an agreed mission"],
        ["loyalty", None, "Loyalty", *[None] * 9],
        ["loyalty", "complaints", "Complaints", None, "%", "lower is better", 2.4, None, 1.5, None, 2, None],
    ]  # fmt: skip
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in kpis.data_validations.dataValidation}
    assert lists["F4"] == '"higher is better,lower is better"'
    assert "sum of the accounts' revenue" in lists["L4"]
    points = wb["KPI history"]
    assert [c.value for c in points[KEY_ROW]] == [c.key for c in KPI_POINTS.columns]
    assert [r[:4] for r in rows(path, "KPI history")] == [
        ["ka_revenue", "intermediate target", dt.datetime(2027, 6, 30), 44000000],
        ["ka_revenue", "measured", dt.datetime(2027, 3, 31), 42100000],
    ]
    routines = wb["Routines"]
    assert [c.value for c in routines[KEY_ROW]] == [c.key for c in ROUTINES.columns]
    assert [r[:6] for r in rows(path, "Routines")] == [
        ["qbr", "Quarterly review per key account", "KAM", 91, dt.datetime(2027, 1, 20), None],
        ["portfolio", "Portfolio review", None, 365, None, dt.datetime(2027, 10, 1)],
    ]


def test_the_formulas_give_what_kamdocs_computes(project: Path, tmp_path: Path) -> None:
    path = export(project)
    compiler = ExcelCompiler(filename=str(path))
    # next due = last_done + every_days, else the first due date (docs/formulas.md)
    assert compiler.evaluate("Routines!H4") == pytest.approx((dt.date(2027, 4, 21) - dt.date(1899, 12, 30)).days)
    assert compiler.evaluate("Routines!H5") == pytest.approx((dt.date(2027, 10, 1) - dt.date(1899, 12, 30)).days)
    ws = openpyxl.load_workbook(path)["Routines"]
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert rules == ["AND(ISNUMBER($H4),$H4<$H$1)"]  # overdue: next due before as_of (H1)
    assert compiler.evaluate("'KPI history'!E4") == "Revenue with key accounts"  # the KPI's name beside its id
    report = CliRunner().invoke(main, ["report", str(project), "--json"])
    assert '"due_next": "2027-04-21"' in report.output.replace(" ", "").replace('":"', '": "')


def test_round_trip_changes_no_byte_of_the_example_playbooks(tmp_path: Path) -> None:
    for lang in ("de", "en"):
        root = tmp_path / lang
        root.mkdir()
        source = example_dir(lang)
        shutil.copy(source / "kamdocs.yaml", root / "kamdocs.yaml")
        shutil.copytree(source / "data", root / "data")
        before = snapshot(root)
        path = export(root)
        result = run("import", str(root), str(path))
        assert result.exit_code == 0, result.output
        assert "No changes" in result.output
        assert snapshot(root) == before
        names = openpyxl.load_workbook(path).sheetnames
        assert ("Kennzahlen-Verlauf" if lang == "de" else "KPI history") in names


def test_a_v1_playbook_round_trips(project: Path) -> None:
    goals = project / "data/goals.yaml"
    goals.write_text(
        "goals:\n  - id: growth\n    title: Growth\n    kpis:\n"
        "      - {id: rev, name: Revenue, unit: EUR, direction: increase, baseline: 1, target: 2, actual: 1.5}\n",
        encoding="utf-8",
    )
    tasks = project / "data/tasks.yaml"
    tasks.write_text("tasks:\n  - {id: a, title: A, start: 2027-01-04, due: 2027-01-08}\n", encoding="utf-8")
    before = snapshot(project)
    path = export(project)
    assert rows(path, "Routines") == [] and rows(path, "KPI history") == []
    assert openpyxl.load_workbook(path)["KPIs"]["H1"].value is None
    result = run("import", str(project), str(path))
    assert result.exit_code == 0, result.output
    assert "No changes" in result.output
    assert snapshot(project) == before


def test_edits_of_kpis_dated_values_and_routines_change_only_their_lines(project: Path, tmp_path: Path) -> None:
    path = export(project)
    wb = openpyxl.load_workbook(path)
    wb["KPIs"]["K5"] = 43000000  # ka_revenue gets an actual
    wb["KPIs"]["F8"] = "higher is better"  # complaints: direction word
    wb["KPI history"]["D4"] = 45000000  # the plan point of 30.06.
    put_row(wb["KPI history"], 6, ["ka_revenue", "measured", dt.datetime(2027, 4, 30), 42900000])
    put_row(wb["KPI history"], 7, ["ka_revenue", "intermediate target", dt.datetime(2027, 3, 31), 42000000])
    wb["Routines"]["E4"] = dt.datetime(2027, 4, 22)
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(project)
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "data/goals.yaml: goals[growth].kpis[ka_revenue].actual: (empty) → 43000000" in lines
    assert "data/goals.yaml: goals[loyalty].kpis[complaints].direction: decrease → increase" in lines
    assert "data/goals.yaml: goals[growth].kpis[ka_revenue].plan[2027-06-30].value: 44000000 → 45000000" in lines
    assert "data/goals.yaml: goals[growth].kpis[ka_revenue].history[2027-04-30]: added (from 'KPI history'!A6)" in lines
    assert "data/goals.yaml: goals[growth].kpis[ka_revenue].plan[2027-03-31]: added (from 'KPI history'!A7)" in lines
    assert "data/tasks.yaml: routines[qbr].last_done: 2027-01-20 → 2027-04-22" in lines
    after = snapshot(project)
    assert changed_lines(before["data/tasks.yaml"], after["data/tasks.yaml"]) == [
        ("    last_done: 2027-01-20", "    last_done: 2027-04-22")
    ]
    goals = after["data/goals.yaml"].decode()
    assert "# Goals of KAM; baselines of the 2026 business year" in goals
    assert (
        "        plan:\n"
        "          - {date: 2027-03-31, value: 42000000}\n"
        "          - {date: 2027-06-30, value: 45000000}   # mid-year\n"
        "        history:\n"
        "          - {date: 2027-03-31, value: 42100000}\n"
        "          - {date: 2027-04-30, value: 42900000}\n"
    ) in goals
    assert "        actual: 43000000\n        due: 2027-12-31\n" in goals
    assert "direction: increase, baseline: 2.4" in goals
    assert CliRunner().invoke(main, ["check", str(project)]).exit_code == 0


def test_new_goal_kpi_routine_and_baseline_date(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    wb["KPIs"]["H1"] = dt.datetime(2027, 1, 1)
    wb["KPIs"].append(["reach", None, "Reach new markets", "Export lead"])
    wb["KPIs"].append([None, "countries", "Countries served", None, "count", "higher is better", 3, None, 5,
                       dt.datetime(2028, 12, 31)])  # fmt: skip
    put_row(wb["KPI history"], 6, ["countries", "measured", "2027-04-30", 4])
    put_row(wb["Routines"], 6, ["team", "Team round", "KAM lead", 30, None, dt.datetime(2027, 5, 15)])
    wb.save(tmp_path / "e.xlsx")
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert "data/goals.yaml: baseline_date: 2026-12-31 → 2027-01-01" in result.output
    assert "data/goals.yaml: goals[reach]: added (from KPIs!A9)" in result.output
    assert "data/goals.yaml: goals[reach].kpis[countries].history[2027-04-30]: added" in result.output
    assert "data/tasks.yaml: routines[team]: added (from Routines!A6)" in result.output
    goals = (project / "data/goals.yaml").read_text(encoding="utf-8")
    assert goals.startswith("# Goals of KAM; baselines of the 2026 business year\nbaseline_date: 2027-01-01\n")
    assert (
        '  - id: reach\n    title: "Reach new markets"\n    owner: Export lead\n    kpis:\n'
        "      - id: countries\n        name: Countries served\n        unit: count\n        direction: increase\n"
        "        baseline: 3\n        target: 5\n        due: 2028-12-31\n        history:\n"
        "          - {date: 2027-04-30, value: 4}\n"
    ) in goals
    tasks = (project / "data/tasks.yaml").read_text(encoding="utf-8")
    assert tasks.endswith("  - {id: team, title: Team round, owner: KAM lead, every_days: 30, start: 2027-05-15}\n")
    assert CliRunner().invoke(main, ["check", str(project)]).exit_code == 0


def test_removed_dated_values_are_kept_unless_prune(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    wb["KPI history"].delete_rows(5)  # the measured value of 31.03.
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(project)
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert (
        "goals[growth].kpis[ka_revenue].history[2027-03-31]: not in the workbook; kept (use --prune to remove it)"
        in result.output
    )
    assert snapshot(project) == before
    result = run("import", str(project), str(tmp_path / "e.xlsx"), "--prune")
    assert result.exit_code == 0, result.output
    goals = (project / "data/goals.yaml").read_text(encoding="utf-8")
    assert "history" not in goals and "42100000" not in goals
    assert "{date: 2027-06-30, value: 44000000}   # mid-year" in goals


def test_german_workbook_round_trip_and_words(project: Path, tmp_path: Path) -> None:
    config = project / "kamdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: de"), encoding="utf-8")
    path = export(project)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Aufgaben", "Routinen", "Kennzahlen", "Kennzahlen-Verlauf"]
    assert wb["Kennzahlen"]["F5"].value == "höher ist besser"
    assert wb["Kennzahlen"]["L6"].value == "Accounts mit vereinbarter Mission"
    assert wb["Kennzahlen-Verlauf"]["B4"].value == "Zwischenziel" and wb["Kennzahlen-Verlauf"]["B5"].value == "gemessen"
    for ref in ("Kennzahlen!H1", "Kennzahlen!J5", "Kennzahlen-Verlauf!C4", "Routinen!E4", "Routinen!H4"):
        sheet, cell = ref.split("!")
        assert wb[sheet][cell].number_format == "DD.MM.YYYY", ref
    before = snapshot(project)
    result = run("import", str(project), str(path))
    assert result.exit_code == 0 and "No changes" in result.output, result.output
    wb["Kennzahlen"]["F8"] = "Höher ist besser"
    put_row(wb["Kennzahlen-Verlauf"], 6, ["ka_revenue", "gemessen", "30.04.2027", 42900000])
    wb.save(tmp_path / "e.xlsx")
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert "kpis[complaints].direction: decrease → increase" in result.output
    assert "history[2027-04-30]: added (from 'Kennzahlen-Verlauf'!A6)" in result.output
    assert snapshot(project) != before


@pytest.mark.parametrize(
    ("sheet", "cells", "message"),
    [
        (
            "KPI history",
            {"A4": "ka_revenu"},
            "'KPI history'!A4: kpi: 'ka_revenu' is not a KPI; did you mean 'ka_revenue'?",
        ),
        ("KPI history", {"B4": "forecast"}, "'KPI history'!B4: kind: 'forecast' is not allowed; choose one of the"),
        ("KPI history", {"C5": "soon"}, "'KPI history'!C5: date: expected a date written as YYYY-MM-DD"),
        ("KPI history", {"D5": "much"}, "'KPI history'!D5: value: expected a number, got 'much'"),
        ("KPI history", {"D5": None}, "'KPI history'!D5: value: the cell is empty; it is required"),
        (
            "KPI history",
            {"C4": dt.datetime(2028, 6, 30)},
            "'KPI history'!C4: KPI 'ka_revenue': the plan date 2028-06-30 lies outside the KPI's period 2026-12-31",
        ),
        (
            "KPI history",
            {"A5": "missions"},
            "'KPI history'!A5: KPI 'missions' takes its actual from the account files (source: "
            "accounts.agreed_missions), so it cannot also have 'history'",
        ),
        ("KPIs", {"F5": "up"}, "KPIs!F5: direction: 'up' is not allowed; choose one of the list: higher is better"),
        ("KPIs", {"I5": 40000000}, "KPIs!I5: KPI 'ka_revenue': target equals the baseline (40000000)"),
        ("KPIs", {"D5": "Someone"}, "KPIs!D5: owner: a KPI has no owner of its own; write the owner in its goal's"),
        ("KPIs", {"B8": "ka_revenue"}, "KPIs!B8: duplicate KPI id 'ka_revenue': already used in KPIs!B5"),
        ("KPIs", {"H1": "last year"}, "KPIs!H1: baseline_date: expected a date written as YYYY-MM-DD"),
        ("Routines", {"D4": 0}, "Routines!D4: every_days: 0 is out of range"),
        ("Routines", {"A5": "qbr"}, "Routines!A5: duplicate routine id 'qbr'"),
    ],
)
def test_bad_cells_are_named_and_nothing_is_written(
    project: Path, tmp_path: Path, sheet: str, cells: dict[str, Any], message: str
) -> None:
    path = export(project)
    other = {"Tasks": {"B4": "Kick-off meeting"}}  # a valid edit: all or nothing keeps it out too
    edited = edit(path, tmp_path / "e.xlsx", **{sheet: cells}, **other)
    before = snapshot(project)
    result = run("import", str(project), str(edited))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_two_values_on_one_date_are_refused(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    put_row(wb["KPI history"], 6, ["ka_revenue", "measured", dt.datetime(2027, 3, 31), 1])
    wb.save(tmp_path / "e.xlsx")
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 1
    assert (
        "'KPI history'!C6: date: KPI 'ka_revenue' has a second history value on 2027-03-31 "
        "(the first is in 'KPI history'!C5); keep one value per date"
    ) in result.output


def test_a_routine_added_to_a_v1_task_file_starts_its_list(project: Path, tmp_path: Path) -> None:
    tasks = project / "data/tasks.yaml"
    tasks.write_text("tasks:\n  - {id: a, title: A, start: 2027-01-04, due: 2027-01-08}\n", encoding="utf-8")
    wb = openpyxl.load_workbook(export(project))
    put_row(wb["Routines"], 4, ["review", "Review", None, 91, None, "01.07.2027"])
    wb.save(tmp_path / "e.xlsx")
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert tasks.read_text(encoding="utf-8") == (
        "tasks:\n  - {id: a, title: A, start: 2027-01-04, due: 2027-01-08}\n"
        "routines:\n  - id: review\n    title: Review\n    every_days: 91\n    start: 2027-07-01\n"
    )
