"""``kamdocs excel export --account ID``: one account's workbook for a customer workshop, and back."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from pycel import ExcelCompiler

from kamdocs.cli import main
from kamdocs.excel.layout import ACCOUNT_ACTIONS, ACCOUNT_FINANCIALS, ACCOUNT_GOALS, KEY_ROW
from kamdocs.load import load_playbook
from kamdocs.resources import example_dir

ACME = """\
    # ACME's account plan, agreed in the 2027 kick-off
    id: acme
    name: ACME AG
    kam: c01
    classification: A
    mission: "Reliable pumps for every ACME plant"
    swot: {strengths: [Service], weaknesses: [WEAKNESS-CANARY], threats: [THREAT-CANARY]}
    scores: {attractiveness: {growth: 8}, position: {share: 4}}
    suppliers: [{name: SUPPLIER-CANARY, share: 40}]
    goals:
      - {id: frame, title: Frame contract signed, kpi: Contract, target: "2 plants", due: 2027-06-30}
      - title: Revenue growth
        kpi: Revenue
        unit: EUR
        baseline: 1000000
        target: 1500000
        actual: 1200000
        baseline_date: 2026-12-31
        due: 2027-12-31
    contacts:
      - {name: CONTACT-CANARY, function: Buyer, role: decision_maker, attitude: opponent}
    actions:
      - title: "Present the service offer"   # first visit
        owner: KAM
        due: 2027-02-15
        status: done
      - {title: Plant tour Linz, due: 2027-04-30}
    financials:
      - {year: 2025, revenue: 900000, plan: 950000, potential: 3000000, contribution_margin: 123457}
      - {year: 2026, revenue: 1000000, plan: 1100000, potential: 3200000, contribution_margin: 234568}
    """

FILES = {
    "kamdocs.yaml": "title: Mini\nlanguage: en\nas_of: 2027-03-01\n",
    "data/company.yaml": "name: Mini GmbH\nmission:\n  statement: Serve key accounts.\n",
    "data/portfolio.yaml": """\
        attractiveness: [{id: growth, criterion: Growth}]
        position: [{id: share, criterion: Share}]
        """,
    "data/candidates.yaml": "candidates:\n  - {id: c01, name: CANDIDATE-CANARY, ratings: {}}\n",
    "data/accounts/acme.yaml": ACME,
    "data/accounts/other.yaml": """\
        id: other
        name: OTHER-ACCOUNT-CANARY
        scores: {attractiveness: {growth: 3}, position: {share: 3}}
        actions: [{title: OTHER-ACTION-CANARY}]
        """,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["excel", *args])


def export(root: Path, account: str = "acme", out: Path | None = None) -> Path:
    target = out or root / f"{account}-workshop.xlsx"
    result = run("export", str(root), "--account", account, *(["--out", str(out)] if out else []))
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.output
    return target


def values(path: Path, sheet: str) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [
        [None if isinstance(v, str) and v.startswith("=") else v for v in row]
        for row in ws.iter_rows(min_row=4, values_only=True)
        if any(v is not None and not (isinstance(v, str) and v.startswith("=")) for v in row)
    ]


def put_row(ws: Any, row: int, cells: list[Any]) -> None:
    for col, value in enumerate(cells, start=1):
        ws.cell(row, col, value)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_the_workbook_holds_the_accounts_goals_actions_and_financials(project: Path) -> None:
    path = export(project)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Goals", "Actions", "Financials"]
    for sheet, layout in zip(wb.worksheets, (ACCOUNT_GOALS, ACCOUNT_ACTIONS, ACCOUNT_FINANCIALS), strict=True):
        assert [c.value for c in sheet[KEY_ROW]] == [c.key for c in layout.columns]
        last = len(layout.columns)
        assert sheet.cell(1, last).value == "acme" and sheet.cell(1, last - 1).value == "Account"
        assert "ACME AG" in sheet["A1"].value
    assert values(path, "Goals") == [
        [1, "frame", "Frame contract signed", "Contract", None, None, None, None, "2 plants", None,
         dt.datetime(2027, 6, 30), None],
        [2, None, "Revenue growth", "Revenue", "EUR", "higher is better", 1000000, dt.datetime(2026, 12, 31),
         1500000, 1200000, dt.datetime(2027, 12, 31), None],
    ]  # fmt: skip
    assert values(path, "Actions") == [
        [1, "Present the service offer", "KAM", dt.datetime(2027, 2, 15), "done"],
        [2, "Plant tour Linz", None, dt.datetime(2027, 4, 30), "open"],
    ]
    assert values(path, "Financials") == [[2025, 900000, 950000], [2026, 1000000, 1100000]]
    # the achievement formula gives what kamdocs computes: (1.2 − 1.0) / (1.5 − 1.0) × 100
    assert ExcelCompiler(filename=str(path)).evaluate("Goals!L5") == pytest.approx(40.0)


def test_the_workbook_holds_nothing_but_that_account_for_the_customer(project: Path) -> None:
    path = export(project)
    with zipfile.ZipFile(path) as archive:
        text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for secret in (
        "OTHER-ACCOUNT-CANARY",  # another account's name
        "OTHER-ACTION-CANARY",
        "CONTACT-CANARY",  # contacts: names …
        "opponent",  # … and attitudes
        "decision_maker",
        "CANDIDATE-CANARY",  # candidate data, and the KAM's candidate id
        "c01",
        "WEAKNESS-CANARY",
        "THREAT-CANARY",
        "SUPPLIER-CANARY",
        "123457",  # the contribution margin
        "3000000",  # the potential (with the revenue it gives the share of wallet)
        "3200000",
        "234568",
        "Mini",  # the playbook title
    ):
        assert secret not in text, secret


def test_unknown_account_is_a_usage_error_listing_the_ids(project: Path) -> None:
    result = run("export", str(project), "--account", "acm")
    assert result.exit_code == 2
    assert "--account: no key account 'acm'; valid ids: acme, other" in result.output
    assert not list(project.glob("*.xlsx"))
    result = run("export", str(project), "--account", "acme", "--audience", "restricted")
    assert result.exit_code == 2
    assert "leave out --audience" in result.output


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_account_of_the_examples_round_trips_unchanged(tmp_path: Path, lang: str) -> None:
    root = tmp_path / lang
    root.mkdir()
    source = example_dir(lang)
    shutil.copy(source / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(source / "data", root / "data")
    playbook, _ = load_playbook(root)
    before = snapshot(root)
    for account in playbook.accounts:
        path = export(root, account.id, tmp_path / f"{lang}-{account.id}.xlsx")
        result = run("import", str(root), str(path))
        assert result.exit_code == 0, result.output
        assert "No changes" in result.output, (account.id, result.output)
    assert snapshot(root) == before


def test_edits_come_back_into_the_account_file_only(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    wb["Goals"]["J5"] = 1300000  # actual of the second goal (it has no id)
    wb["Actions"]["E5"] = "in progress"
    put_row(wb["Actions"], 6, [None, "Workshop on spare parts", "Service", dt.datetime(2027, 5, 20), "open"])
    wb["Financials"]["B5"] = 1050000
    put_row(wb["Financials"], 6, [2027, None, 1300000])
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(project)
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "data/accounts/acme.yaml: goals[2].actual: 1200000 → 1300000" in lines
    assert "data/accounts/acme.yaml: actions[2].status: open → in_progress" in lines
    assert "data/accounts/acme.yaml: actions[3]: added (from Actions!A6)" in lines
    assert "data/accounts/acme.yaml: financials[2026].revenue: 1000000 → 1050000" in lines
    assert "data/accounts/acme.yaml: financials[2027]: added (from Financials!A6)" in lines
    after = snapshot(project)
    assert {rel for rel in after if after[rel] != before[rel]} == {"data/accounts/acme.yaml"}
    text = after["data/accounts/acme.yaml"].decode()
    assert text.startswith("# ACME's account plan, agreed in the 2027 kick-off\n")
    assert '  - title: "Present the service offer"   # first visit\n' in text
    assert "  - {title: Plant tour Linz, due: 2027-04-30, status: in_progress}\n" in text
    assert '  - {title: "Workshop on spare parts", owner: Service, due: 2027-05-20, status: open}\n' in text
    assert (
        "  - {year: 2026, revenue: 1050000, plan: 1100000, potential: 3200000, contribution_margin: 234568}\n"
        "  - {year: 2027, plan: 1300000}\n"
    ) in text
    assert "    actual: 1300000\n" in text
    assert CliRunner().invoke(main, ["check", str(project)]).exit_code == 0


def test_deleted_rows_stay_unless_prune(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    wb["Actions"].delete_rows(4)  # "Present the service offer"
    wb["Financials"].delete_rows(4)  # 2025
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(project)
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert "actions[1]: not in the workbook; kept (use --prune to remove it)" in result.output
    assert "financials[2025]: not in the workbook; kept" in result.output
    assert snapshot(project) == before
    result = run("import", str(project), str(tmp_path / "e.xlsx"), "--prune")
    assert result.exit_code == 0, result.output
    text = (project / "data/accounts/acme.yaml").read_text(encoding="utf-8")
    assert "Present the service offer" not in text and "year: 2025" not in text
    assert "contribution_margin: 234568" in text and "CONTACT-CANARY" in text
    assert "potential: 3200000" in text  # what the workbook lacks stays


def test_german_account_workbook_speaks_german(project: Path, tmp_path: Path) -> None:
    config = project / "kamdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: de"), encoding="utf-8")
    path = export(project)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Ziele", "Maßnahmen", "Finanzen"]
    assert wb["Maßnahmen"]["E4"].value == "erledigt" and wb["Maßnahmen"]["D4"].number_format == "DD.MM.YYYY"
    assert wb["Ziele"]["F5"].value == "höher ist besser"
    status = next(v for v in wb["Maßnahmen"].data_validations.dataValidation if v.type == "list")
    assert status.formula1 == '"offen,in Arbeit,erledigt,blockiert"'
    wb["Maßnahmen"]["E5"] = "blockiert"
    wb["Maßnahmen"]["D5"] = "15.05.2027"
    wb.save(tmp_path / "e.xlsx")
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0, result.output
    assert "actions[2].status: open → blocked" in result.output
    assert "actions[2].due: 2027-04-30 → 2027-05-15" in result.output


@pytest.mark.parametrize(
    ("sheet", "cells", "message"),
    [
        ("Actions", {"A5": 7}, "Actions!A5: no: 7 is not the number of one of the 2 actions exported into"),
        ("Actions", {"A5": 1}, "Actions!A5: no: 1 is used twice (first in Actions!A4)"),
        ("Actions", {"E4": "finished"}, "Actions!E4: status: 'finished' is not allowed; choose one of the list"),
        ("Actions", {"B4": None}, "Actions!B4: title: the cell is empty; it is required"),
        ("Financials", {"A5": 2025}, "Financials!A5: year: 2025 is given twice (first in Financials!A4)"),
        ("Financials", {"C4": -5}, "Financials!C4: plan: -5 is out of range"),
        ("Goals", {"I5": 1000000}, "Goals!I5: goal 'Revenue growth': target equals the baseline (1000000)"),
        ("Goals", {"I5": "more"}, "Goals!I5: goal 'Revenue growth' has a baseline (1000000), so its target must"),
        ("Goals", {"L1": "acmee"}, "Actions!E1: account: 'acme' differs from 'acmee' in Goals!L1; one workbook"),
        ("Actions", {"E1": None}, "Actions!E1: account: row 1 must hold the id of the key account"),
    ],
)
def test_bad_cells_are_named_and_nothing_is_written(
    project: Path, tmp_path: Path, sheet: str, cells: dict[str, Any], message: str
) -> None:
    wb = openpyxl.load_workbook(export(project))
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb["Goals"]["D4"] = "Contract signed"  # a valid edit: all or nothing keeps it out too
    wb.save(tmp_path / "e.xlsx")
    before = snapshot(project)
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_a_workbook_of_an_unknown_account_is_refused(project: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(project))
    for ws, col in zip(wb.worksheets, ("L1", "E1", "C1"), strict=True):
        ws[col] = "acne"
    wb.save(tmp_path / "e.xlsx")
    result = run("import", str(project), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 1
    assert "Goals!L1: account: 'acne' is not a key account; did you mean 'acme'?" in result.output
