"""``kamdocs excel export``: sheets, headers, validation, formatting, privacy, determinism."""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kamdocs.analysis.audience import make_view
from kamdocs.analysis.engine import analyse
from kamdocs.cli import main
from kamdocs.excel import export as export_module
from kamdocs.excel.layout import KEY_ROW, LABEL_ROW, READINESS, TASKS
from kamdocs.load import load_playbook
from kamdocs.model import Audience

FILES = {
    "kamdocs.yaml": """\
        title: "Mini Playbook: Über uns"
        language: en
        as_of: 2027-02-01
        brand: {primary_color: "#112233"}
        """,
    "data/company.yaml": "name: Mini GmbH\nmission:\n  statement: Serve key accounts.\n",
    "data/readiness.yaml": """\
        scale: {min: 1, max: 5}
        areas:
          - id: processes
            title: Processes
            weight: 2
            criteria:
              - {id: complaints, statement: "Complaints are analysed", weight: 1, score: 3, target: 4}
              - {id: offers, statement: "Offers are tailored", score: 2}
          - id: empty
            title: No criteria yet
        """,
    "data/tasks.yaml": """\
        phases: [{id: concept, title: Concept}]
        tasks:
          - {id: kickoff, title: Kick-off, phase: concept, start: 2027-01-04, due: 2027-01-08, status: done}
          - {id: select, title: Select accounts, depends_on: [kickoff], duration_days: 20}
        """,
    "data/competencies.yaml": """\
        competencies:
          - {id: industry, name: Industry knowledge, weight: 2, required: 4, critical: true}
          - {id: speed, name: Speed, required: 3}
        """,
    "data/candidates.yaml": """\
        candidates:
          - {id: c01, name: Zacharias Canary, ratings: {industry: 4, speed: 2}}
        """,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def export(project: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["excel", "export", str(project), *args])
    assert result.exit_code == 0, result.output
    return Path(result.output.split("Wrote ", 1)[1].split(" (", 1)[0])


def xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def test_default_path_is_the_title_slug_and_sheets_are_in_the_playbook_language(project: Path) -> None:
    path = export(project)
    assert path == project / "mini-playbook-ueber-uns.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Readiness", "Tasks", "Routines", "Competencies"]


def test_internal_workbook_has_no_personal_data(project: Path) -> None:
    path = export(project, "--audience", "internal")
    text = xml_text(path)
    assert "Zacharias" not in text and "Canary" not in text and "c01" not in text
    assert "Ratings" not in openpyxl.load_workbook(path).sheetnames


@pytest.mark.parametrize(
    ("audience", "opt_in", "shown"),
    [("internal", False, False), ("internal", True, True), ("restricted", False, True), ("restricted", True, True)],
)
def test_every_cell_follows_the_audience_rule_of_the_site(
    project: Path, audience: Audience, opt_in: bool, shown: bool
) -> None:
    if opt_in:
        with (project / "kamdocs.yaml").open("a", encoding="utf-8") as config:
            config.write("privacy: {publish_individual_ratings: true}\n")
    result = CliRunner().invoke(main, ["excel", "export", str(project), "--audience", audience])
    assert result.exit_code == 0, result.output
    path = project / "mini-playbook-ueber-uns.xlsx"
    cells = [
        str(cell.value)
        for ws in openpyxl.load_workbook(path).worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert any("Canary" in value for value in cells) is shown
    assert ("Canary" in xml_text(path)) is shown  # nor in any other part (properties, shared strings)
    assert ("personal data" in result.output) is shown
    # the same decision as the site's, which shows individual profiles exactly then
    playbook, _ = load_playbook(project)
    assert make_view(playbook, analyse(playbook), audience).individuals is shown


def test_restricted_workbook_has_the_rating_sheet(project: Path) -> None:
    path = export(project, "--audience", "restricted")
    ws = openpyxl.load_workbook(path)["Ratings"]
    assert [c.value for c in ws[KEY_ROW]] == ["id", "name", "role", "industry", "speed", "fit"]
    assert [c.value for c in ws[LABEL_ROW]][3:5] == ["Industry knowledge", "Speed"]
    assert ws["A6"].value == "c01" and ws["B6"].value == "Zacharias Canary"
    assert (ws["D6"].value, ws["E6"].value) == (4, 2)
    assert ws["D4"].value == "='Competencies'!D4" and ws["E5"].value == "='Competencies'!E5"
    assert ws["F6"].value.startswith("=IF(SUMPRODUCT(")
    validations = {str(v.sqref): (v.type, v.formula1, v.formula2) for v in ws.data_validations.dataValidation}
    assert ("whole", "1", "5") in validations.values()
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert 'AND(D6<>"",D6<D$5)' in rules and 'D6=""' in rules
    assert ws.freeze_panes == "D6"


def test_readiness_sheet_layout(project: Path) -> None:
    ws = openpyxl.load_workbook(export(project))["Readiness"]
    assert [c.value for c in ws[KEY_ROW]] == [c.key for c in READINESS.columns]
    assert ws["A2"].value == "Area" and ws["E2"].value == "Score"
    rows = [[c.value for c in ws[r]][:6] for r in range(4, 8)]
    assert rows == [
        ["processes", None, "Processes", 2, None, None],
        ["processes", "complaints", "Complaints are analysed", 1, 3, 4],
        ["processes", "offers", "Offers are tailored", 1, 2, None],
        ["empty", None, "No criteria yet", 1, None, None],
    ]
    assert ws["I4"].value == "=SUMPRODUCT(D5:D6,E5:E6-1)/SUMPRODUCT(D5:D6*(5-1))*100"
    assert ws["I7"].value is None  # an area without criteria has no index
    assert ws["I1"].value == "=(D4*I4)/(D4)"
    assert ws["I4"].number_format == "0.0"
    score_check = next(v for v in ws.data_validations.dataValidation if v.type == "whole")
    assert (score_check.formula1, score_check.formula2) == ("1", "5")
    assert str(score_check.sqref).startswith("E4:F")
    assert ws.freeze_panes == "C4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$2:$3"
    assert ws.column_dimensions["C"].width == 60
    assert ws["A2"].fill.fgColor.rgb.endswith("112233")


def test_task_sheet_has_status_list_dates_and_overdue_rule(project: Path) -> None:
    ws = openpyxl.load_workbook(export(project))["Tasks"]
    assert [c.value for c in ws[KEY_ROW]] == [c.key for c in TASKS.columns]
    assert ws["E4"].value.date().isoformat() == "2027-01-04" and ws["E4"].number_format == "YYYY-MM-DD"
    assert ws["G5"].value == 20 and ws["H5"].value == "kickoff" and ws["I5"].value == "open"
    assert ws["J5"].value == '=IF(E5<>"",E5,MAX(K4)+1)'
    assert ws["K1"].value.date().isoformat() == "2027-02-01"  # as_of, used by the overdue rule
    status = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    assert status.formula1 == '"open,in progress,done,blocked"'  # the site's words; import takes the codes too
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert rules == ['AND($I4<>"done",ISNUMBER($K4),$K4<$K$1)']


def test_competency_sheet(project: Path) -> None:
    ws = openpyxl.load_workbook(export(project))["Competencies"]
    assert [c.value for c in ws[4]] == ["industry", "Industry knowledge", None, 2, 4, "yes"]
    assert [c.value for c in ws[5]] == ["speed", "Speed", None, 1, 3, "no"]


def test_german_labels(project: Path) -> None:
    config = project / "kamdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: de"), encoding="utf-8")
    wb = openpyxl.load_workbook(export(project, "--audience", "restricted"))
    assert wb.sheetnames == ["Voraussetzungen", "Aufgaben", "Routinen", "Kompetenzen", "Bewertungen"]
    assert wb["Voraussetzungen"]["E2"].value == "Bewertung" and wb["Voraussetzungen"]["E3"].value == "score"
    assert wb["Kompetenzen"]["F4"].value == "ja"
    assert wb["Bewertungen"]["F2"].value == "Profilerfüllung % (Formel)"  # the team's one term, not "Eignung"


def test_german_task_sheet_offers_german_words_and_dates(project: Path) -> None:
    config = project / "kamdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: de"), encoding="utf-8")
    ws = openpyxl.load_workbook(export(project))["Aufgaben"]
    assert ws["I4"].value == "erledigt" and ws["I5"].value == "offen"
    status = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    assert status.formula1 == '"offen,in Arbeit,erledigt,blockiert"'
    assert "open" not in status.formula1 and "in_progress" not in status.formula1
    for ref in ("E4", "F4", "J4", "K4", "K1"):
        assert ws[ref].number_format == "DD.MM.YYYY", ref  # TT.MM.JJJJ in a German Excel
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert rules == ['AND($I4<>"erledigt",$I4<>"done",ISNUMBER($K4),$K4<$K$1)']


def test_export_is_deterministic(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = export(project, "--out", str(tmp_path / "a.xlsx"), "--audience", "restricted").read_bytes()
    second = export(project, "--out", str(tmp_path / "b.xlsx"), "--audience", "restricted").read_bytes()
    assert first == second
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.properties.created.isoformat() == "2023-11-14T22:13:20"
    assert wb.properties.modified == wb.properties.created
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_an_epoch_past_the_year_9999_stamps_as_of(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")  # was an OverflowError traceback
    wb = openpyxl.load_workbook(export(project, "--out", str(tmp_path / "a.xlsx")))
    assert wb.properties.created.isoformat() == "2027-02-01T00:00:00"  # as_of of the project


def test_failed_export_leaves_the_previous_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = export(project)
    before = path.read_bytes()

    def broken(*args: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "workbook_bytes", broken)
    result = CliRunner().invoke(main, ["excel", "export", str(project)])
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("out", ["plan.txt", "missing-folder/plan.xlsx"])
def test_bad_out_is_refused(project: Path, out: str) -> None:
    result = CliRunner().invoke(main, ["excel", "export", str(project), "--out", str(project / out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (project / out).exists()


def test_broken_project_is_reported_not_exported(project: Path) -> None:
    (project / "data/readiness.yaml").write_text("areas:\n  - id: x\n    title: X\n    weight: -1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["excel", "export", str(project)])
    assert result.exit_code == 1
    assert "data/readiness.yaml:4:" in result.output
    assert not list(project.glob("*.xlsx"))
