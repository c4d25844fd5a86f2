"""``kamdocs excel import``: round trip, exact line edits, cell errors, all or nothing."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from pycel import ExcelCompiler

from kamdocs.cli import main
from kamdocs.excel.layout import READINESS, TASKS, ratings_layout
from kamdocs.resources import example_dir

MINI = {
    "kamdocs.yaml": """\
        title: Mini Playbook
        language: en
        as_of: 2027-02-01
        """,
    "data/company.yaml": "name: Mini GmbH\nmission:\n  statement: Serve key accounts.\n",
    "data/readiness.yaml": """\
        # Step 1: readiness — assessed in the July workshop
        scale: {min: 1, max: 5, labels: {1: "ad hoc", 5: "fully customer-centric"}}   # default 1–5

        areas:
          - id: processes
            title: "Customer orientation of processes"
            weight: 2                        # counts double
            criteria:
              - {id: complaints, statement: "Complaints are analysed", weight: 1, score: 3, target: 4, action: 'Adapt'}
              - {id: offers, statement: "Offers are tailored", score: 2}   # low

          - id: it
            title: Data & IT
            criteria:
              - id: crm
                statement: >-
                  A CRM system is
                  in use
                score: 4   # since 2025
        """,
    "data/tasks.yaml": """\
        phases: [{id: concept, title: Concept}]
        tasks:
          - id: kickoff   # the first task
            title: "Kick-off"
            phase: concept
            start: 2027-01-04
            due: 2027-01-08
            status: done
          - id: select_accounts
            title: 'Select accounts'
            owner: Sales
            depends_on: [kickoff]
            duration_days: 20
        """,
    "data/competencies.yaml": """\
        competencies:
          - {id: industry, name: "Industry knowledge", weight: 2, required: 4, critical: true}
          - {id: speed, name: "Speed", required: 3}
        """,
    "data/candidates.yaml": """\
        # personal data
        candidates:
          - id: c01
            name: "Maria Example"   # assessed 2026-10
            ratings: {industry: 4, speed: 2}
          - id: c02
            name: "Hans Sample"
            ratings:
              speed: 3
        """,
}


def write_project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return write_project(tmp_path / "mini", MINI)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    source = example_dir("de")
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(source / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(source / "data", root / "data")
    if (source / "content").is_dir():
        shutil.copytree(source / "content", root / "content")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".xlsx"
    }


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["excel", *args])


def export(root: Path, audience: str = "restricted") -> Path:
    out = root / "plan.xlsx"
    result = run("export", str(root), "--out", str(out), "--audience", audience)
    assert result.exit_code == 0, result.output
    return out


def edit(path: Path, target: Path, **sheets: dict[str, Any]) -> Path:
    wb = openpyxl.load_workbook(path)
    for sheet, cells in sheets.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    wb.save(target)
    return target


def find_row(path: Path, sheet: str, column: int, value: str) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == value)


def changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    assert len(old) == len(new), "lines were added or removed"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_unchanged_workbook_changes_no_byte(example: Path) -> None:
    path = export(example)
    before = snapshot(example)
    result = run("import", str(example), str(path))
    assert result.exit_code == 0, result.output
    assert "No changes" in result.output
    assert snapshot(example) == before


def test_unchanged_mini_workbook_changes_no_byte(mini: Path) -> None:
    path = export(mini)
    before = snapshot(mini)
    result = run("import", str(mini), str(path))
    assert result.exit_code == 0, result.output
    assert snapshot(mini) == before


def test_edits_change_exactly_those_lines_and_the_report(example: Path, tmp_path: Path) -> None:
    path = export(example)
    before = snapshot(example)
    readiness = openpyxl.load_workbook(path)["Voraussetzungen"]
    row = next(r for r in range(READINESS.first_row, readiness.max_row + 1) if readiness.cell(r, 2).value)
    criterion, area = readiness.cell(row, 2).value, readiness.cell(row, 1).value
    old_score = readiness.cell(row, 5).value
    new_score = 5 if old_score != 5 else 4
    tasks = openpyxl.load_workbook(path)["Aufgaben"]
    task_row = next(r for r in range(TASKS.first_row, tasks.max_row + 1) if tasks.cell(r, 9).value == "offen")
    task = tasks.cell(task_row, 1).value
    ratings = openpyxl.load_workbook(path)["Bewertungen"]
    competency = ratings.cell(3, 4).value
    candidate = ratings.cell(6, 1).value
    old_rating = ratings.cell(6, 4).value
    new_rating = 1 if old_rating != 1 else 2
    edited = edit(
        path,
        tmp_path / "edited.xlsx",
        Voraussetzungen={f"E{row}": new_score},
        Aufgaben={f"I{task_row}": "erledigt"},  # the German word from the drop-down
        Bewertungen={"D6": new_rating},
    )
    result = run("import", str(example), str(edited))
    assert result.exit_code == 0, result.output
    assert f"data/readiness.yaml: areas[{area}].criteria[{criterion}].score: {old_score} → {new_score}" in result.output
    assert f"data/tasks.yaml: tasks[{task}].status: open → done" in result.output
    assert (
        f"data/candidates.yaml: candidates[{candidate}].ratings.{competency}: {old_rating} → {new_rating}"
        in result.output
    )
    after = snapshot(example)
    assert {k for k in after if after[k] != before[k]} == {
        "data/readiness.yaml",
        "data/tasks.yaml",
        "data/candidates.yaml",
    }
    assert [b.strip() for _, b in changed_lines(before["data/readiness.yaml"], after["data/readiness.yaml"])] == [
        f"score: {new_score}"
    ]
    assert [b.strip() for _, b in changed_lines(before["data/tasks.yaml"], after["data/tasks.yaml"])] == [
        "status: done"
    ]
    assert [b.strip() for _, b in changed_lines(before["data/candidates.yaml"], after["data/candidates.yaml"])] == [
        f"{competency}: {new_rating}"
    ]
    # report --json of the imported files gives what the edited workbook's formulas compute
    report = CliRunner().invoke(main, ["report", str(example), "--audience", "restricted", "--json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    compiler = ExcelCompiler(filename=str(edited))
    area_row = max(
        r
        for r in range(READINESS.first_row, row)
        if readiness.cell(r, 1).value == area and not readiness.cell(r, 2).value
    )
    assert data["readiness"]["areas"][area] == pytest.approx(
        compiler.evaluate(f"Voraussetzungen!I{area_row}"), abs=1e-9
    )
    assert data["readiness"]["overall"] == pytest.approx(compiler.evaluate("Voraussetzungen!I1"), abs=1e-9)
    layout = ratings_layout(tuple(str(c.value) for c in ratings[3][3:] if c.value != "fit"))
    assert data["candidates"][candidate]["fit"] == pytest.approx(
        compiler.evaluate(f"Bewertungen!{layout.letter('fit')}6"), abs=1e-9
    )
    assert data["tasks"]["items"][task]["overdue"] is False


def test_comments_quotes_and_untouched_lines_survive(mini: Path, tmp_path: Path) -> None:
    path = export(mini)
    before = snapshot(mini)
    edited = edit(
        path,
        tmp_path / "e.xlsx",
        Readiness={"E5": 4, "E8": 5},  # complaints (flow mapping), crm (block mapping)
        Tasks={"D5": "Key account team"},  # owner of select_accounts
        Competencies={"E5": 4},
    )
    result = run("import", str(mini), str(edited))
    assert result.exit_code == 0, result.output
    after = snapshot(mini)
    assert changed_lines(before["data/readiness.yaml"], after["data/readiness.yaml"]) == [
        (
            '      - {id: complaints, statement: "Complaints are analysed", weight: 1, score: 3, target: 4, '
            "action: 'Adapt'}",
            '      - {id: complaints, statement: "Complaints are analysed", weight: 1, score: 4, target: 4, '
            "action: 'Adapt'}",
        ),
        ("        score: 4   # since 2025", "        score: 5   # since 2025"),
    ]
    assert changed_lines(before["data/tasks.yaml"], after["data/tasks.yaml"]) == [
        ("    owner: Sales", "    owner: Key account team")
    ]
    assert changed_lines(before["data/competencies.yaml"], after["data/competencies.yaml"]) == [
        ('  - {id: speed, name: "Speed", required: 3}', '  - {id: speed, name: "Speed", required: 4}')
    ]
    assert after["data/candidates.yaml"] == before["data/candidates.yaml"]


def test_new_key_and_new_rows_are_added(mini: Path, tmp_path: Path) -> None:
    path = export(mini)
    wb = openpyxl.load_workbook(path)
    wb["Readiness"]["F6"] = 3  # offers gets a target
    wb["Readiness"].append(["it", "erp", "ERP is integrated", None, 2, 4])
    wb["Tasks"].append(["pilot", "Run the pilot", "concept", "KAM", None, None, 30, "select_accounts", "open"])
    wb["Ratings"].append(["c03", "New Person", "Sales", 4, 3])
    wb["Ratings"]["D7"] = 3  # c02 had no industry rating
    wb.save(tmp_path / "e.xlsx")
    result = run("import", str(mini), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert "data/readiness.yaml: areas[processes].criteria[offers].target: (empty) → 3" in result.output
    assert "data/readiness.yaml: areas[it].criteria[erp]: added (from Readiness!B9)" in result.output
    assert "data/tasks.yaml: tasks[pilot]: added (from Tasks!A6)" in result.output
    assert "data/candidates.yaml: candidates[c03]: added (from Ratings!A8)" in result.output
    assert "data/candidates.yaml: candidates[c02].ratings.industry: (empty) → 3" in result.output
    readiness = (mini / "data/readiness.yaml").read_text(encoding="utf-8")
    assert '- {id: offers, statement: "Offers are tailored", score: 2, target: 3}' in readiness
    assert "# Step 1: readiness — assessed in the July workshop" in readiness
    assert "      - id: erp\n        statement: ERP is integrated\n        score: 2\n        target: 4\n" in readiness
    tasks = (mini / "data/tasks.yaml").read_text(encoding="utf-8")
    assert tasks.endswith(
        '  - id: pilot\n    title: "Run the pilot"\n    phase: concept\n    owner: KAM\n    duration_days: 30\n'
        "    depends_on: [select_accounts]\n    status: open\n"
    )
    candidates = (mini / "data/candidates.yaml").read_text(encoding="utf-8")
    assert "    ratings:\n      industry: 3\n      speed: 3\n" in candidates
    assert '  - id: c03\n    name: "New Person"\n' in candidates
    check = CliRunner().invoke(main, ["check", str(mini)])
    assert check.exit_code == 0, check.output


def test_removed_rows_are_kept_unless_prune(mini: Path, tmp_path: Path) -> None:
    path = export(mini)
    wb = openpyxl.load_workbook(path)
    wb["Tasks"].delete_rows(5)  # select_accounts
    wb["Ratings"].delete_rows(7)  # c02
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(mini)
    result = run("import", str(mini), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert (
        "data/tasks.yaml: tasks[select_accounts]: not in the workbook; kept (use --prune to remove it)" in result.output
    )
    assert "candidates[c02]: not in the workbook; kept" in result.output
    assert snapshot(mini) == before
    result = run("import", str(mini), str(tmp_path / "e.xlsx"), "--prune")
    assert result.exit_code == 0, result.output
    assert "data/tasks.yaml: tasks[select_accounts]: removed" in result.output
    assert "select_accounts" not in (mini / "data/tasks.yaml").read_text(encoding="utf-8")
    assert "Hans Sample" not in (mini / "data/candidates.yaml").read_text(encoding="utf-8")
    assert "# the first task" in (mini / "data/tasks.yaml").read_text(encoding="utf-8")


def test_dry_run_writes_nothing(mini: Path, tmp_path: Path) -> None:
    edited = edit(export(mini), tmp_path / "e.xlsx", Readiness={"E5": 5})
    before = snapshot(mini)
    result = run("import", str(mini), str(edited), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "score: 3 → 5" in result.output and "Dry run: 1 change in 1 file; nothing written." in result.output
    assert snapshot(mini) == before


def test_formula_cells_are_never_read(mini: Path, tmp_path: Path) -> None:
    edited = edit(
        export(mini),
        tmp_path / "e.xlsx",
        Readiness={"I4": 99, "I1": "junk"},
        Tasks={"J5": "2030-01-01", "K5": None},
        Ratings={"F6": 1},
    )
    before = snapshot(mini)
    result = run("import", str(mini), str(edited))
    assert result.exit_code == 0, result.output
    assert "No changes" in result.output
    assert snapshot(mini) == before


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        ("Readiness", "E5", 7, "Readiness!E5: score 7 is outside the scale 1–5; use a whole number from 1 to 5"),
        ("Ratings", "D6", 0, "Ratings!D6: rating of 'industry' 0 is outside the scale 1–5"),
        ("Competencies", "E4", 9, "Competencies!E4: required level 9 is outside the scale 1–5"),
        ("Readiness", "D5", "heavy", "Readiness!D5: weight: expected a number, got 'heavy'"),
        ("Readiness", "E6", "three", "Readiness!E6: score: expected a whole number, got 'three'"),
        ("Tasks", "G5", "soon", "Tasks!G5: duration_days: expected a whole number, got 'soon'"),
        ("Ratings", "E6", 2.5, "Ratings!E6: speed: expected a whole number, got 2.5"),
        (
            "Tasks",
            "H5",
            "kickoff, nosuch",
            "Tasks!H5: task 'select_accounts' depends on 'nosuch', which is not a task; known ids: kickoff,",
        ),
        ("Tasks", "C4", "design", "Tasks!C4: task 'kickoff': there is no phase 'design'; known ids: concept"),
        (
            "Ratings",
            "E3",
            "charisma",
            "Ratings!E6: rating for unknown competency 'charisma'; known ids: industry, speed",
        ),
        ("Readiness", "A5", "sales", "Readiness!A5: area: 'sales' has no area row"),
        ("Tasks", "I4", "finished", "Tasks!I4: status: 'finished' is not allowed"),
        ("Tasks", "E4", "next week", "Tasks!E4: start: expected a date written as YYYY-MM-DD"),
        ("Tasks", "A5", "Select Accounts", "Tasks!A5: id: 'Select Accounts' is not a valid id"),
        ("Tasks", "A5", "kickoff", "Tasks!A5: duplicate task id 'kickoff': already used in Tasks!A4; every task needs"),
        ("Readiness", "E5", "=2+2", "Readiness!E5: score: a formula is not allowed here"),
        ("Readiness", "C5", None, "Readiness!C5: statement: the cell is empty; it is required"),
        (
            "Competencies",
            "D4",
            1e300,
            "Competencies!D4: weight: 1e+300 is out of range; expected a number of at most 1,000,000",
        ),
    ],
)
def test_invalid_cells_name_the_cell_and_nothing_is_written(
    mini: Path, tmp_path: Path, sheet: str, cell: str, value: Any, message: str
) -> None:
    path = export(mini)
    # one valid edit too: all or nothing means it is not written either
    edited = edit(
        path,
        tmp_path / "e.xlsx",
        **{sheet: {cell: value}},
        **({"Competencies": {"F5": "yes"}} if sheet != "Competencies" else {"Tasks": {"D5": "X"}}),
    )
    before = snapshot(mini)
    result = run("import", str(mini), str(edited))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(mini) == before


def test_errors_of_the_would_be_project_are_traced_to_the_row(mini: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(mini))
    wb["Tasks"].append(["floating", "Without start", None, None, None, None, 5])
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(mini)
    result = run("import", str(mini), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 1
    assert "e.xlsx:6:1: error: Tasks!A6: " in result.output and "floating" in result.output
    assert snapshot(mini) == before


def test_internal_workbook_leaves_candidates_alone(mini: Path, tmp_path: Path) -> None:
    edited = edit(export(mini, "internal"), tmp_path / "e.xlsx", Tasks={"I5": "blocked"})
    before = snapshot(mini)
    result = run("import", str(mini), str(edited))
    assert result.exit_code == 0, result.output
    after = snapshot(mini)
    assert after["data/candidates.yaml"] == before["data/candidates.yaml"]
    assert after["data/tasks.yaml"] == before["data/tasks.yaml"] + b"    status: blocked\n"


def test_crlf_files_keep_their_line_endings(mini: Path, tmp_path: Path) -> None:
    tasks = mini / "data/tasks.yaml"
    tasks.write_bytes(tasks.read_bytes().replace(b"\n", b"\r\n"))
    edited = edit(export(mini), tmp_path / "e.xlsx", Tasks={"I4": "in_progress"})
    original = tasks.read_bytes()
    result = run("import", str(mini), str(edited))
    assert result.exit_code == 0, result.output
    assert tasks.read_bytes() == original.replace(b"status: done\r\n", b"status: in_progress\r\n")


def test_german_workbook_imports_into_the_same_project(mini: Path, tmp_path: Path) -> None:
    path = export(mini)
    wb = openpyxl.load_workbook(path)
    wb["Readiness"].title = "Voraussetzungen"
    wb["Voraussetzungen"]["E5"] = 5
    wb.save(tmp_path / "de.xlsx")
    result = run("import", str(mini), str(tmp_path / "de.xlsx"))
    assert result.exit_code == 0, result.output
    assert "criteria[complaints].score: 3 → 5" in result.output


def test_not_a_workbook(mini: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "plan.xlsx"
    bogus.write_text("not a zip", encoding="utf-8")
    result = run("import", str(mini), str(bogus))
    assert result.exit_code == 1
    assert "not an Excel workbook" in result.output and "Traceback" not in result.output


def test_missing_field_name_row_is_reported(mini: Path, tmp_path: Path) -> None:
    edited = edit(export(mini), tmp_path / "e.xlsx", Tasks={"I3": None})
    result = run("import", str(mini), str(edited))
    assert result.exit_code == 1
    assert "Tasks!A3: row 3 must hold the field names of the columns; missing: status" in result.output


def test_text_that_looks_like_a_formula_stays_text(mini: Path, tmp_path: Path) -> None:
    """A YAML value '=HYPERLINK(…)' is exported as text, never as a live formula, and reads back unchanged."""
    readiness = mini / "data/readiness.yaml"
    readiness.write_text(
        readiness.read_text(encoding="utf-8").replace(
            "action: 'Adapt'", 'action: \'=HYPERLINK("http://evil.example","x")\''
        ),
        encoding="utf-8",
    )
    competencies = mini / "data/competencies.yaml"
    competencies.write_text(
        competencies.read_text(encoding="utf-8").replace('name: "Speed"', 'name: "=1+1"'), encoding="utf-8"
    )
    path = export(mini)
    wb = openpyxl.load_workbook(path)
    assert wb["Readiness"]["H5"].data_type == "s"
    assert wb["Readiness"]["H5"].value == '=HYPERLINK("http://evil.example","x")'
    assert wb["Ratings"]["E2"].data_type == "s"
    before = snapshot(mini)
    result = run("import", str(mini), str(path))
    assert result.exit_code == 0, result.output
    assert snapshot(mini) == before


def test_cli_takes_the_workbook_alone_from_the_project_folder(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(export(mini), mini / "e.xlsx", Readiness={"E5": 2})
    monkeypatch.chdir(mini)
    result = run("import", "e.xlsx")
    assert result.exit_code == 0, result.output
    assert "criteria[complaints].score: 3 → 2" in result.output
    assert run("import", ".", "e.xlsx", "extra.xlsx").exit_code == 2


def test_criterion_rows_without_area_belong_to_the_area_above(mini: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(mini))
    wb["Readiness"].append([None, "backup", "Backups are tested", 2, 3])
    wb["Ratings"].append(["c03", "Flow Style", None, 3])
    wb.save(tmp_path / "e.xlsx")
    (mini / "data/candidates.yaml").write_text(
        "candidates:\n  - {id: c01, name: A, ratings: {industry: 4, speed: 2}}\n"
        "  - {id: c02, name: B, ratings: {speed: 3}}\n",
        encoding="utf-8",
    )
    result = run("import", str(mini), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert "areas[it].criteria[backup]: added" in result.output
    assert "      - id: backup\n        statement: Backups are tested\n        weight: 2\n        score: 3\n" in (
        mini / "data/readiness.yaml"
    ).read_text(encoding="utf-8")
    assert (
        (mini / "data/candidates.yaml")
        .read_text(encoding="utf-8")
        .endswith("  - {id: c03, name: Flow Style, ratings: {industry: 3}}\n")
    )
