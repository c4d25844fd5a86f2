"""The workbook's Excel formulas give the numbers of kamdocs.analysis (evaluated with pycel)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pycel import ExcelCompiler

from kamdocs.analysis import analyse
from kamdocs.cli import main
from kamdocs.excel.layout import RATINGS_FIRST_ROW, READINESS, TASKS, ratings_layout
from kamdocs.load import load_playbook
from kamdocs.resources import example_dir

EXCEL_EPOCH = dt.date(1899, 12, 30)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = example_dir("de")
    root = tmp_path_factory.mktemp("example")
    shutil.copy(source / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(source / "data", root / "data")
    if (source / "content").is_dir():
        shutil.copytree(source / "content", root / "content")
    return root


@pytest.fixture(scope="module")
def exported(example: Path) -> Path:
    out = example / "plan.xlsx"
    result = CliRunner().invoke(main, ["excel", "export", str(example), "--out", str(out), "--audience", "restricted"])
    assert result.exit_code == 0, result.output
    return out


def test_readiness_formulas_match_the_analysis(example: Path, exported: Path) -> None:
    playbook, _ = load_playbook(example)
    readiness = analyse(playbook).readiness
    assert readiness is not None and readiness.overall is not None
    compiler = ExcelCompiler(filename=str(exported))
    ws = openpyxl.load_workbook(exported)["Voraussetzungen"]
    index_col = READINESS.letter("index")
    checked = 0
    for row in range(READINESS.first_row, ws.max_row + 1):
        area_id, criterion_id = ws.cell(row, 1).value, ws.cell(row, 2).value
        if area_id and not criterion_id:
            expected = next(a for a in readiness.areas if a.id == area_id).index
            assert expected is not None
            assert compiler.evaluate(f"Voraussetzungen!{index_col}{row}") == pytest.approx(expected, abs=1e-9)
            checked += 1
    assert checked == len(readiness.areas) >= 2
    assert compiler.evaluate(f"Voraussetzungen!{index_col}1") == pytest.approx(readiness.overall, abs=1e-9)


def test_fit_formulas_match_the_analysis(example: Path, exported: Path) -> None:
    playbook, _ = load_playbook(example)
    competencies = analyse(playbook).competencies
    assert competencies is not None and competencies.candidates
    assert playbook.competencies is not None
    layout = ratings_layout(tuple(c.id for c in playbook.competencies.competencies))
    compiler = ExcelCompiler(filename=str(exported))
    ws = openpyxl.load_workbook(exported)["Bewertungen"]
    fits = {c.id: c.fit for c in competencies.candidates}
    seen = set()
    for row in range(RATINGS_FIRST_ROW, ws.max_row + 1):
        cid = ws.cell(row, 1).value
        value = compiler.evaluate(f"Bewertungen!{layout.letter('fit')}{row}")
        assert value == pytest.approx(fits[cid], abs=1e-9), cid
        seen.add(cid)
    assert seen == set(fits)


def test_scheduled_date_formulas_match_the_schedule(example: Path, exported: Path) -> None:
    playbook, _ = load_playbook(example)
    schedule = analyse(playbook).schedule
    assert schedule is not None
    compiler = ExcelCompiler(filename=str(exported))
    ws = openpyxl.load_workbook(exported)["Aufgaben"]
    tasks = {t.id: t for t in schedule.tasks}
    for row in range(TASKS.first_row, TASKS.first_row + len(tasks)):
        task = tasks[ws.cell(row, 1).value]
        start = compiler.evaluate(f"Aufgaben!{TASKS.letter('scheduled_start')}{row}")
        due = compiler.evaluate(f"Aufgaben!{TASKS.letter('scheduled_due')}{row}")
        assert EXCEL_EPOCH + dt.timedelta(days=int(start)) == task.start, task.id
        assert EXCEL_EPOCH + dt.timedelta(days=int(due)) == task.due, task.id


def test_formulas_follow_an_edit_made_in_excel(example: Path, exported: Path, tmp_path: Path) -> None:
    """A score typed into the sheet changes the area index exactly as the analysis of the edited file."""
    wb = openpyxl.load_workbook(exported)
    ws = wb["Voraussetzungen"]
    row = next(r for r in range(READINESS.first_row, ws.max_row + 1) if ws.cell(r, 2).value)
    area_id = ws.cell(row, 1).value
    old = ws.cell(row, READINESS.col("score")).value
    ws.cell(row, READINESS.col("score")).value = 5 if old != 5 else 1
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    area_row = max(
        r for r in range(READINESS.first_row, row) if ws.cell(r, 1).value == area_id and not ws.cell(r, 2).value
    )
    compiler = ExcelCompiler(filename=str(edited))
    before = ExcelCompiler(filename=str(exported)).evaluate(f"Voraussetzungen!I{area_row}")
    after = compiler.evaluate(f"Voraussetzungen!I{area_row}")
    assert after != pytest.approx(before)
