"""One rule book: the same mistake, made in YAML or in the Excel workbook, gets the same message."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.excel import importer, run_export, run_import
from kamdocs.excel.layout import COMPETENCIES, READINESS, TASKS, ratings_layout
from kamdocs.load import load_project

BASE = {
    "kamdocs.yaml": "title: Rules\nlanguage: en\nas_of: 2027-02-01\n",
    "data/company.yaml": "name: Rules GmbH\nmission:\n  statement: Serve key accounts.\n",
    "data/readiness.yaml": """\
        scale: {min: 1, max: 5}
        areas:
          - id: processes
            title: Processes
            criteria:
              - {id: complaints, statement: Complaints are analysed, score: 3}
              - {id: offers, statement: Offers are tailored, score: 2}
        """,
    "data/tasks.yaml": """\
        phases: [{id: concept, title: Concept}]
        tasks:
          - {id: kickoff, title: Kick-off, phase: concept, start: 2027-01-04, due: 2027-01-08}
          - {id: select, title: Select, phase: concept, depends_on: [kickoff], duration_days: 20}
          - {id: plan, title: Plan, depends_on: [select], duration_days: 5}
          - {id: audit, title: Audit, start: 2027-03-01, duration_days: 3}
          - {id: review, title: Review, depends_on: [audit], duration_days: 2}
          - {id: train, title: Train, start: 2027-04-01, due: 2027-04-10}
          - {id: pilot, title: Pilot, start: 2027-05-01, duration_days: 10}
        """,
    "data/competencies.yaml": """\
        competencies:
          - {id: industry, name: Industry knowledge, required: 4}
          - {id: speed, name: Speed, required: 3}
        """,
    "data/candidates.yaml": """\
        candidates:
          - {id: c01, name: Maria Example, ratings: {industry: 4, speed: 2}}
          - {id: c02, name: Hans Sample, ratings: {speed: 3}}
        """,
}

# The same mistakes, once written into the YAML files ...
BROKEN_YAML = {
    "data/readiness.yaml": BASE["data/readiness.yaml"].replace(
        "Offers are tailored, score: 2", "Offers are tailored, score: 7"
    ),
    "data/tasks.yaml": BASE["data/tasks.yaml"]
    .replace("phase: concept, depends_on: [kickoff]", "phase: concpt, depends_on: [kickoff]")
    .replace("depends_on: [select], duration_days: 5", "depends_on: [kickof], duration_days: 5")
    .replace("start: 2027-03-01, duration_days: 3}", "start: 2027-03-01, duration_days: 3, depends_on: [review]}")
    .replace("due: 2027-04-10", "due: 2027-03-20")
    .replace("start: 2027-05-01, duration_days: 10}", "start: 2027-05-01, due: 2027-05-03, duration_days: 10}")
    + "  - {id: kickoff, title: Kick-off again, start: 2027-06-01, due: 2027-06-02}\n",
    "data/competencies.yaml": BASE["data/competencies.yaml"].replace(
        "name: Speed, required: 3", "name: Speed, required: 9"
    ),
    "data/candidates.yaml": BASE["data/candidates.yaml"].replace("ratings: {industry: 4,", "ratings: {industry: 0,"),
}


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def row_of(ws: Any, column: int, value: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == value)


def broken_workbook(root: Path, target: Path) -> Path:
    """... and once typed into the exported workbook."""
    source = root / "plan.xlsx"
    run_export(root, out=source, audience="restricted")
    wb = openpyxl.load_workbook(source)
    tasks = wb["Tasks"]

    def task(ident: str, field: str, value: object) -> None:
        tasks.cell(row_of(tasks, 1, ident), TASKS.col(field), value)

    task("select", "phase", "concpt")
    task("plan", "depends_on", "kickof")
    task("audit", "depends_on", "review")
    task("train", "due", dt.datetime(2027, 3, 20))
    task("pilot", "due", dt.datetime(2027, 5, 3))
    tasks.append(["kickoff", "Kick-off again", None, None, dt.datetime(2027, 6, 1), dt.datetime(2027, 6, 2)])
    readiness = wb["Readiness"]
    readiness.cell(row_of(readiness, READINESS.col("id"), "offers"), READINESS.col("score"), 7)
    profile = wb["Competencies"]
    profile.cell(row_of(profile, 1, "speed"), COMPETENCIES.col("required"), 9)
    ratings = wb["Ratings"]
    ratings.cell(row_of(ratings, 1, "c01"), ratings_layout(("industry", "speed")).col("industry"), 0)
    wb.save(target)
    return target


def messages(problems: list[Problem]) -> list[str]:
    """Return the error texts without their location, and "the first use" for the place a message names."""
    texts = [re.sub(r"^'?\w+'?![A-Z]+\d+: ", "", p.message) for p in problems if p.severity is Severity.ERROR]
    return sorted(re.sub(r"(on line \d+|in '?\w+'?![A-Z]+\d+)", "<first use>", text) for text in texts)


def import_problems(root: Path, workbook: Path) -> list[Problem]:
    with pytest.raises(KamdocsError) as refused:
        run_import(root, workbook)
    return refused.value.problems


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_the_same_mistakes_get_the_same_messages_in_yaml_and_in_excel(tmp_path: Path) -> None:
    yaml_project = write(tmp_path / "yaml", {**BASE, **BROKEN_YAML})
    from_yaml = load_project(yaml_project).problems
    excel_project = write(tmp_path / "excel", BASE)
    before = snapshot(excel_project)
    from_excel = import_problems(excel_project, broken_workbook(excel_project, tmp_path / "broken.xlsx"))

    assert messages(from_excel) == messages(from_yaml)
    assert len(messages(from_yaml)) == 9  # each mistake once (the cycle once for both tasks)
    assert snapshot(excel_project) == before  # refused as a whole
    # In the workbook, every message stands at the cell that holds the mistake.
    at = sorted(p.message.split(": ", 1)[0] for p in from_excel)
    assert at == sorted(
        ["Tasks!C5", "Tasks!H6", "Tasks!H7", "Tasks!F9", "Tasks!G10", "Tasks!A11"]
        + ["Readiness!E6", "Competencies!E5", "Ratings!D6"]
    )
    assert all(p.path == "broken.xlsx" or p.path.endswith("/broken.xlsx") for p in from_excel)
    duplicate = next(p for p in from_excel if "duplicate" in p.message)
    assert "already used in Tasks!A4; every task needs its own id" in duplicate.message


def test_a_row_with_its_own_error_is_left_out_and_the_rest_still_checked(tmp_path: Path) -> None:
    root = write(tmp_path / "p", BASE)
    run_export(root, out=root / "plan.xlsx", audience="internal")
    wb = openpyxl.load_workbook(root / "plan.xlsx")
    tasks = wb["Tasks"]
    tasks.cell(row_of(tasks, 1, "select"), TASKS.col("status"), "finished")  # its own error
    tasks.cell(row_of(tasks, 1, "kickoff"), TASKS.col("phase"), "concpt")  # a rule's error, same run
    wb.save(tmp_path / "e.xlsx")
    found = [p.message for p in import_problems(root, tmp_path / "e.xlsx")]
    assert found == [
        "Tasks!C4: task 'kickoff': there is no phase 'concpt'; did you mean 'concept'?",
        "Tasks!I5: status: 'finished' is not allowed; choose one of the list: open, in progress, done, blocked",
    ]  # and no "plan depends on 'select', which is not a task": select's own error explains it


def test_a_kept_yaml_item_is_shown_at_its_line_in_the_file_the_import_would_write(tmp_path: Path) -> None:
    tasks = BASE["data/tasks.yaml"].replace("[select], duration_days: 5", "[select], due: 2027-02-02, duration_days: 5")
    root = write(tmp_path / "p", {**BASE, "data/tasks.yaml": tasks})
    run_export(root, out=root / "plan.xlsx", audience="internal")
    wb = openpyxl.load_workbook(root / "plan.xlsx")
    sheet = wb["Tasks"]
    sheet.delete_rows(row_of(sheet, 1, "plan"))  # stays in the YAML file (no --prune) ...
    sheet.cell(row_of(sheet, 1, "select"), TASKS.col("duration_days"), 21)  # ... and its due no longer fits
    wb.save(tmp_path / "e.xlsx")
    found = import_problems(root, tmp_path / "e.xlsx")
    assert [p.format() for p in found] == [
        "data/tasks.yaml:5:83: error: task 'plan': due 2027-02-02 and duration_days 5 disagree (from the start "
        "2027-01-30, 5 days end on 2027-02-03); give only one of them (in the file as the import would write it; "
        "nothing was written)"
    ]


def test_a_file_the_import_leaves_alone_is_shown_as_it_is(tmp_path: Path) -> None:
    root = write(tmp_path / "p", BASE)
    run_export(root, out=root / "plan.xlsx", audience="internal")  # no ratings sheet
    wb = openpyxl.load_workbook(root / "plan.xlsx")
    wb["Competencies"].delete_rows(row_of(wb["Competencies"], 1, "speed"))
    wb.save(tmp_path / "e.xlsx")
    with pytest.raises(KamdocsError) as refused:
        run_import(root, tmp_path / "e.xlsx", prune=True)
    assert [p.format() for p in refused.value.problems] == [
        "data/candidates.yaml:2:59: error: rating for unknown competency 'speed'; known ids: industry",
        "data/candidates.yaml:3:44: error: rating for unknown competency 'speed'; known ids: industry",
    ]


def test_the_loader_guards_what_the_rules_let_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "p", BASE)
    run_export(root, out=root / "plan.xlsx", audience="internal")
    wb = openpyxl.load_workbook(root / "plan.xlsx")
    wb["Tasks"].cell(4, TASKS.col("phase"), "concpt")
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(root)
    monkeypatch.setattr(importer, "check_would_be", lambda *args: [])
    found = import_problems(root, tmp_path / "e.xlsx")
    assert [p.path for p in found] == ["data/tasks.yaml"]
    assert found[0].message.endswith(
        "did you mean 'concept'? (in the file as the import would write it; nothing was written)"
    )
    assert snapshot(root) == before


def test_warnings_do_not_stop_the_import_and_are_shown_at_their_cells(tmp_path: Path) -> None:
    root = write(tmp_path / "p", BASE)
    run_export(root, out=root / "plan.xlsx", audience="internal")
    wb = openpyxl.load_workbook(root / "plan.xlsx")
    wb["Tasks"].cell(5, TASKS.col("start"), dt.datetime(2027, 1, 5))
    wb.save(tmp_path / "e.xlsx")
    output = run_import(root, tmp_path / "e.xlsx")
    assert "e.xlsx:5:5: warning: Tasks!E5: task 'select' starts on 2027-01-05, on or before 2027-01-08" in output
    assert output.endswith("1 change written to 1 file.")
    assert "start: 2027-01-05" in (root / "data/tasks.yaml").read_text(encoding="utf-8")
    warned = [p.message for p in load_project(root).problems if p.path == "data/tasks.yaml"]
    assert warned == [output.split("warning: Tasks!E5: ", 1)[1].split("\n", 1)[0]]  # what check says later


def test_a_first_use_outside_the_workbook_names_its_file(tmp_path: Path) -> None:
    root = write(tmp_path / "p", BASE)
    run_export(root, out=root / "plan.xlsx", audience="internal")
    wb = openpyxl.load_workbook(root / "plan.xlsx")
    sheet = wb["Readiness"]
    sheet.delete_rows(row_of(sheet, READINESS.col("id"), "offers"))  # kept in the YAML file (no --prune)
    sheet.append(["other", None, "Other area"])
    sheet.append(["other", "offers", "Offers again", 1, 3])  # the same criterion id in a new area
    wb.save(tmp_path / "e.xlsx")
    found = [p.message for p in import_problems(root, tmp_path / "e.xlsx")]
    assert found == [
        "Readiness!B7: duplicate criterion id 'offers': already used on line 7 of data/readiness.yaml; "
        "every criterion needs its own id"
    ]
