"""The workbook speaks the playbook's language: German drop-down words and dates, mapped back on import."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from kamdocs.cli import main
from kamdocs.excel.choices import CHOICES, code_of, word, words

FILES = {
    "kamdocs.yaml": "title: Mini\nlanguage: de\nas_of: 2027-02-01\n",
    "data/company.yaml": "name: Mini GmbH\nmission:\n  statement: Serve key accounts.\n",
    "data/tasks.yaml": """\
        phases: [{id: concept, title: Konzept}]
        tasks:
          - {id: kickoff, title: Kick-off, phase: concept, start: 2027-01-04, due: 2027-01-08, status: done}
          - {id: select, title: Accounts wählen, depends_on: [kickoff], duration_days: 20}
          - {id: pilot, title: Pilot, start: 2027-03-01, due: 2027-03-31, status: in_progress}
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


def export(root: Path) -> Path:
    out = root / "plan.xlsx"
    result = run("export", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def edited(path: Path, target: Path, cells: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb["Aufgaben"][ref] = value
    wb.save(target)
    return target


def test_every_word_maps_back_to_its_code_in_any_language() -> None:
    for choices, languages in CHOICES.items():
        for lang, table in languages.items():
            for code, shown in table.items():
                assert code_of(choices, shown) == code, (choices, lang, shown)
                assert code_of(choices, shown.upper()) == code  # case does not matter
                assert code_of(choices, code) == code  # the code itself is taken too
                assert word(choices, lang, code) == shown
            assert len(set(words(choices, lang))) == len(table)  # no word stands for two codes
    assert code_of("task_status", "in_progress") == code_of("task_status", "In  Arbeit") == "in_progress"
    assert code_of("task_status", "fertig") is None


def test_unchanged_german_workbook_changes_nothing(project: Path) -> None:
    path = export(project)
    ws = openpyxl.load_workbook(path)["Aufgaben"]
    assert [ws[f"I{r}"].value for r in (4, 5, 6)] == ["erledigt", "offen", "in Arbeit"]
    before = (project / "data/tasks.yaml").read_bytes()
    result = run("import", str(project), str(path))
    assert result.exit_code == 0, result.output
    assert "No changes" in result.output
    assert (project / "data/tasks.yaml").read_bytes() == before


def test_german_words_codes_and_german_dates_are_imported(project: Path, tmp_path: Path) -> None:
    path = edited(
        export(project),
        tmp_path / "e.xlsx",
        {
            "I5": "blockiert",  # a German word from the list
            "I6": "done",  # the code, as someone who knows the YAML files writes it
            "E6": "15.03.2027",  # a date typed as text, German style
            "F6": dt.datetime(2027, 4, 30),  # a real date cell
        },
    )
    result = run("import", str(project), str(path))
    assert result.exit_code == 0, result.output
    assert "tasks[select].status: open → blocked" in result.output
    assert "tasks[pilot].status: in_progress → done" in result.output
    assert "tasks[pilot].start: 2027-03-01 → 2027-03-15" in result.output
    assert "tasks[pilot].due: 2027-03-31 → 2027-04-30" in result.output
    text = (project / "data/tasks.yaml").read_text(encoding="utf-8")
    assert "{id: pilot, title: Pilot, start: 2027-03-15, due: 2027-04-30, status: done}" in text
    assert "status: blocked" in text


@pytest.mark.parametrize(
    ("ref", "value", "message"),
    [
        (
            "I5",
            "fertig",
            "Aufgaben!I5: status: 'fertig' is not allowed; choose one of the list: "
            "offen, in Arbeit, erledigt, blockiert",
        ),
        ("E6", "31.02.2027", "Aufgaben!E6: start: expected a date such as 31.03.2027 (TT.MM.JJJJ), got '31.02.2027'"),
        ("F6", "nächste Woche", "Aufgaben!F6: due: expected a date such as 31.03.2027 (TT.MM.JJJJ), got"),
    ],
)
def test_bad_words_and_dates_name_the_cell_in_german_terms(
    project: Path, tmp_path: Path, ref: str, value: object, message: str
) -> None:
    path = edited(export(project), tmp_path / "e.xlsx", {ref: value, "D4": "also changed"})
    before = (project / "data/tasks.yaml").read_bytes()
    result = run("import", str(project), str(path))
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("error:") == 1  # one message for the cell, not a second from the model
    assert "Traceback" not in result.output
    assert (project / "data/tasks.yaml").read_bytes() == before
