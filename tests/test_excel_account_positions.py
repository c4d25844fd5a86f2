"""An account's workshop workbook is refused when its goals or actions moved in the file since the export."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import openpyxl
import pytest

from tests.test_excel_account import FILES, export, put_row, run, snapshot

ACCOUNT = "data/accounts/acme.yaml"
FIRST_GOAL = "  - {id: frame, title: Frame contract signed"
ACTIONS = """\
actions:
  - title: "Present the service offer"   # first visit
    owner: KAM
    due: 2027-02-15
    status: done
  - {title: Plant tour Linz, due: 2027-04-30}
"""
REORDERED = """\
actions:
  - {title: Plant tour Linz, due: 2027-04-30}
  - title: "Present the service offer"   # first visit
    owner: KAM
    due: 2027-02-15
    status: done
"""
GOALS_LINE = 10
"""The line of ``goals:`` in the account file (also after a goal is inserted below it)."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def edit_account(root: Path, old: str, new: str) -> None:
    path = root / ACCOUNT
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edited_workbook(root: Path, tmp_path: Path, *, record: bool = True) -> Path:
    """Export, then edit in 'Excel': the second goal's actual, the second action's status, a new action."""
    wb = openpyxl.load_workbook(export(root))
    wb["Goals"]["J5"] = 1300000
    wb["Actions"]["E5"] = "in progress"
    put_row(wb["Actions"], 6, [None, "Workshop on spare parts", "Service", dt.datetime(2027, 5, 20), "open"])
    if not record:  # as kamdocs wrote it before it recorded the export
        del wb.custom_doc_props["kamdocs.goals"]
        del wb.custom_doc_props["kamdocs.actions"]
    path = tmp_path / "e.xlsx"
    wb.save(path)
    return path


def test_export_records_the_goals_and_actions_and_stays_deterministic(project: Path, tmp_path: Path) -> None:
    first = export(project, out=tmp_path / "a.xlsx")
    second = export(project, out=tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    props = {p.name: p.value for p in openpyxl.load_workbook(first).custom_doc_props}
    assert set(props) == {"kamdocs.goals", "kamdocs.actions"}
    assert all(re.fullmatch(r"2 [a-z2-7]{52}", value) for value in props.values()), props
    assert props["kamdocs.goals"] != props["kamdocs.actions"]


def test_a_goal_inserted_at_the_top_since_the_export_refuses_the_import(project: Path, tmp_path: Path) -> None:
    workbook = edited_workbook(project, tmp_path)
    edit_account(project, FIRST_GOAL, "  - {title: Second plant, kpi: Plants, due: 2027-09-30}\n" + FIRST_GOAL)
    before = snapshot(project)
    for extra in ([], ["--dry-run"], ["--prune"]):
        result = run("import", str(project), str(workbook), *extra)
        assert result.exit_code == 1, result.output
        assert (
            f"{ACCOUNT}:{GOALS_LINE}:1: error: goals: the goals of acme changed since {workbook} was exported "
            "(2 then, 3 now): a goal was inserted, removed, moved or renamed, so the numbers in the workbook's "
            "'no' column would update other goals; nothing was imported. Export the workbook again and redo "
            f"the edits in it, or restore {ACCOUNT} as it was at the export (git)"
        ) in result.output
        assert "actions" not in result.output  # they did not change
        assert "Traceback" not in result.output
        assert snapshot(project) == before


def test_reordered_actions_refuse_the_import(project: Path, tmp_path: Path) -> None:
    workbook = edited_workbook(project, tmp_path)
    edit_account(project, ACTIONS, REORDERED)
    before = snapshot(project)
    result = run("import", str(project), str(workbook))
    assert result.exit_code == 1, result.output
    assert "error: actions: the actions of acme changed since" in result.output
    assert "(2 then, 2 now): an action was inserted, removed, moved or renamed" in result.output
    assert "the goals of acme" not in result.output
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - {title: Plant tour Linz,", "  - {title: Plant tour in Linz,"),  # an action is known by its title
        ("  - title: Revenue growth\n", "  - title: Revenue growth 2027\n"),  # so is a goal without an id
        ("goals:\n" + FIRST_GOAL, "goals:\n" + FIRST_GOAL.replace("- {id: frame,", "- {id: frames,")),
        ("  - {title: Plant tour Linz, due: 2027-04-30}\n", ""),  # removed at the end
    ],
)
def test_renamed_or_removed_items_refuse_the_import(project: Path, tmp_path: Path, old: str, new: str) -> None:
    workbook = edited_workbook(project, tmp_path)
    edit_account(project, old, new)
    before = snapshot(project)
    result = run("import", str(project), str(workbook))
    assert result.exit_code == 1, result.output
    assert "changed since" in result.output
    assert snapshot(project) == before


def test_changes_that_keep_every_number_in_place_do_not_block(project: Path, tmp_path: Path) -> None:
    workbook = edited_workbook(project, tmp_path)
    edit_account(project, "CONTACT-CANARY, function: Buyer", "CONTACT-CANARY, function: Head of purchasing")
    edit_account(project, "contribution_margin: 234568", "contribution_margin: 250000")
    edit_account(project, "due: 2027-04-30}\n", "due: 2027-04-30}\n  - {title: Call the CFO}\n")  # appended
    result = run("import", str(project), str(workbook))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    lines = result.output.splitlines()
    assert f"{ACCOUNT}: goals[2].actual: 1200000 → 1300000" in lines
    assert f"{ACCOUNT}: actions[2].status: open → in_progress" in lines
    assert f"{ACCOUNT}: actions[4]: added (from Actions!A6)" in lines
    assert "actions[3]" not in result.output  # added after the export: not 'missing from the workbook'
    text = (project / ACCOUNT).read_text(encoding="utf-8")
    assert "function: Head of purchasing" in text and "contribution_margin: 250000" in text
    assert "  - {title: Call the CFO}\n" in text
    assert text.index("Call the CFO") < text.index("Workshop on spare parts")


def test_prune_leaves_items_added_after_the_export(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    wb["Actions"].delete_rows(4)  # "Present the service offer"
    wb.save(tmp_path / "e.xlsx")
    edit_account(project, "due: 2027-04-30}\n", "due: 2027-04-30}\n  - {title: Call the CFO}\n")
    result = run("import", str(project), str(tmp_path / "e.xlsx"), "--prune")
    assert result.exit_code == 0, result.output
    text = (project / ACCOUNT).read_text(encoding="utf-8")
    assert "Present the service offer" not in text
    assert "Plant tour Linz" in text and "Call the CFO" in text


def test_an_item_added_after_the_export_has_no_number_in_the_workbook(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    wb["Actions"]["A5"] = 3
    wb.save(tmp_path / "n.xlsx")
    edit_account(project, "due: 2027-04-30}\n", "due: 2027-04-30}\n  - {title: Call the CFO}\n")
    result = run("import", str(project), str(tmp_path / "n.xlsx"))
    assert result.exit_code == 1, result.output
    assert "Actions!A5: no: 3 is not the number of one of the 2 actions exported into this workbook" in (result.output)


def test_a_deleted_sheet_is_not_checked(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(edited_workbook(project, tmp_path))
    del wb["Actions"]
    wb.save(tmp_path / "g.xlsx")
    edit_account(project, ACTIONS, REORDERED)
    result = run("import", str(project), str(tmp_path / "g.xlsx"))
    assert result.exit_code == 0, result.output
    assert f"{ACCOUNT}: goals[2].actual: 1200000 → 1300000" in result.output.splitlines()


def test_a_workbook_without_the_record_imports_with_a_warning(project: Path, tmp_path: Path) -> None:
    workbook = edited_workbook(project, tmp_path, record=False)
    result = run("import", str(project), str(workbook))
    assert result.exit_code == 0, result.output
    assert (
        f"{workbook}: warning: the workbook does not record the goals and actions it was exported with "
        "(exported by an older kamdocs, or saved by a program that drops document properties), so kamdocs "
        f"could not check that its numbers ('no') still point at the same goals and actions of {ACCOUNT}"
    ) in result.output
    assert f"{ACCOUNT}: actions[2].status: open → in_progress" in result.output.splitlines()
    assert "3 changes written to 1 file." in result.output


def test_a_damaged_record_refuses_the_import(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(edited_workbook(project, tmp_path))
    wb.custom_doc_props["kamdocs.actions"].value = "2 edited by hand"
    wb.save(tmp_path / "d.xlsx")
    before = snapshot(project)
    result = run("import", str(project), str(tmp_path / "d.xlsx"))
    assert result.exit_code == 1, result.output
    assert "error: the document property 'kamdocs.actions' is not as kamdocs wrote it ('2 edited by hand')" in (
        result.output
    )
    assert snapshot(project) == before
