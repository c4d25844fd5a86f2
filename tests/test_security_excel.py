"""SECURITY row 34 for workbooks: a damaged, mis-named or huge workbook is a sentence with exit 1, never a traceback."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from kamdocs.cli import main
from kamdocs.excel.readback import MAX_ROWS, MAX_SHARED_STRINGS_BYTES, MAX_SHEET_BYTES
from kamdocs.resources import example_dir


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The German example and its restricted workbook (exported once for the module)."""
    root = tmp_path_factory.mktemp("excel") / "example"
    shutil.copytree(example_dir("de"), root)
    workbook = root / "plan.xlsx"
    result = CliRunner().invoke(
        main, ["excel", "export", str(root), "--out", str(workbook), "--audience", "restricted"]
    )
    assert result.exit_code == 0, result.output
    return root, workbook


def _import(root: Path, workbook: Path) -> Result:
    result = CliRunner().invoke(main, ["excel", "import", str(root), str(workbook), "--dry-run"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name in sorted(set(replace) - set(old.namelist())):
            new.writestr(name, replace[name])
    return target


def test_the_unchanged_workbook_imports(exported: tuple[Path, Path]) -> None:
    """The control for the cases below."""
    root, workbook = exported
    result = _import(root, workbook)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plan.xls", "plan.xls: kamdocs reads Excel workbooks saved as .xlsx; open the file in Excel or LibreOffice"),
        ("plan.csv", "a .csv file holds one sheet without the field names kamdocs needs"),
        ("plan.ods", "save it as 'Excel workbook (.xlsx)'"),
    ],
)
def test_a_workbook_in_another_format_is_a_sentence(
    exported: tuple[Path, Path], tmp_path: Path, name: str, expected: str
) -> None:
    root, workbook = exported
    other = tmp_path / name
    shutil.copy(workbook, other)
    result = _import(root, other)
    assert result.exit_code == 1
    assert expected in result.output


@pytest.mark.parametrize(
    "damage",
    [b"<worksheet><sheetData><row r='1'><c r='A1'", b"\x00\x01 not xml", b"<?xml version='1.0'?><worksheet>&bogus;"],
    ids=["truncated", "binary", "undefined-entity"],
)
def test_malformed_sheet_xml_is_a_sentence(exported: tuple[Path, Path], tmp_path: Path, damage: bytes) -> None:
    root, workbook = exported
    with zipfile.ZipFile(workbook) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    broken = _rewrite(workbook, tmp_path / "broken.xlsx", dict.fromkeys(sheets, damage))
    result = _import(root, broken)
    assert result.exit_code == 1
    assert "broken.xlsx: the workbook is damaged or not an Excel workbook (.xlsx) that kamdocs can read" in (
        result.output
    )


def test_malformed_workbook_parts_are_a_sentence(exported: tuple[Path, Path], tmp_path: Path) -> None:
    root, workbook = exported
    broken = _rewrite(workbook, tmp_path / "broken.xlsx", {"xl/workbook.xml": b"<workbook"})
    result = _import(root, broken)
    assert result.exit_code == 1
    assert "broken.xlsx: the workbook is damaged" in result.output


def test_a_sheet_past_the_row_limit_is_refused_at_the_first_row_past_it(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    """Read-only and streamed: the rows are refused when the limit is passed, not after reading them all."""
    root, workbook = exported
    source = openpyxl.load_workbook(workbook)
    sheet = source.worksheets[0]
    title = sheet.title
    big = openpyxl.Workbook(write_only=True)
    target = big.create_sheet(title)
    for row in sheet.iter_rows(max_row=sheet.max_row, values_only=True):
        target.append(row)
    for number in range(sheet.max_row + 1, MAX_ROWS + 200):
        target.append([f"x{number}", "Text"])
    big.save(tmp_path / "big.xlsx")
    result = _import(root, tmp_path / "big.xlsx")
    assert result.exit_code == 1
    assert f"{title}!A{MAX_ROWS + 1}: the sheet has more than {MAX_ROWS:,} rows" in result.output


def test_a_workbook_with_huge_texts_is_refused_before_reading_them(exported: tuple[Path, Path], tmp_path: Path) -> None:
    root, workbook = exported
    huge = b"<sst>" + b" " * (MAX_SHARED_STRINGS_BYTES + 10) + b"</sst>"
    bomb = _rewrite(workbook, tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": huge})
    result = _import(root, bomb)
    assert result.exit_code == 1
    assert "bomb.xlsx: the workbook's texts unpack to" in result.output


def test_import_help_names_its_arguments() -> None:
    result = CliRunner().invoke(main, ["excel", "import", "--help"])
    assert result.exit_code == 0
    assert "Usage: main excel import [OPTIONS] [DIR] FILE.xlsx" in result.output or "[DIR] FILE.xlsx" in result.output
    assert "ARGS..." not in result.output


def test_a_huge_sheet_is_refused_before_openpyxl_reads_it(exported: tuple[Path, Path], tmp_path: Path) -> None:
    """openpyxl reads a whole sheet without <dimension> just to size it: the size is checked first."""
    root, workbook = exported
    with zipfile.ZipFile(workbook) as archive:
        sheet = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    huge = b"<worksheet>" + b" " * (MAX_SHEET_BYTES + 10) + b"</worksheet>"
    bomb = _rewrite(workbook, tmp_path / "huge.xlsx", {sheet: huge})
    result = _import(root, bomb)
    assert result.exit_code == 1
    assert f"huge.xlsx: a sheet of the workbook ({sheet}) unpacks to 25 MB" in result.output
