"""Read the sheets of a planning workbook back into rows of typed cell values.

Cells are turned into the values a YAML file would hold (text, whole
numbers, dates, id lists); anything that does not fit is passed on unchanged so
that the model validation — the same rules as ``kamdocs check`` — names the
problem. Formula cells of input columns are refused: formulas are recomputed
by kamdocs, never read as input.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.excel.cells import convert, refusal
from kamdocs.excel.labels import sheet_kinds, sheet_language
from kamdocs.excel.layout import (
    FIT,
    KEY_ROW,
    LAYOUTS,
    RATINGS_FIRST_ROW,
    RATINGS_FIXED,
    TITLE_ROW,
    Column,
    SheetLayout,
    cell_ref,
)

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 1_000
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
MAX_SHEET_BYTES = 25 * 1024 * 1024
READABLE_SUFFIXES = (".xlsx", ".xlsm")
Sheet: TypeAlias = Worksheet | ReadOnlyWorksheet
# What a damaged or hand-made workbook makes openpyxl raise: malformed XML (SyntaxError covers
# ElementTree's and lxml's parse errors), missing parts, wrong types, a truncated archive.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    SyntaxError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    EOFError,
    OSError,
)


@dataclass(frozen=True)
class Cell:
    """One input cell: where it is and the value read from it (None when empty)."""

    ref: str
    row: int
    col: int
    value: Any


@dataclass
class Row:
    """One data row of a sheet: its input cells by field name."""

    sheet: str
    number: int
    cells: dict[str, Cell]
    refused: set[str] = field(default_factory=set)
    """Fields whose cell was refused with a message of its own (validation does not repeat it)."""

    def value(self, key: str) -> Any:
        """Return the value of field ``key`` (None when empty or the column is missing)."""
        cell = self.cells.get(key)
        return None if cell is None else cell.value

    def ref(self, key: str) -> str:
        """Return the cell reference of field ``key`` (the row's first cell if the column is missing)."""
        cell = self.cells.get(key)
        if cell is not None:
            return cell.ref
        return cell_ref(self.sheet, self.number, 1)


@dataclass
class SheetData:
    """The rows of one recognised sheet and, for ratings, its competency columns."""

    kind: str
    name: str
    rows: list[Row]
    competencies: list[Cell] = field(default_factory=list)
    """Ratings sheet only: the field-name cell of each competency column (its id)."""
    head: dict[str, Cell] = field(default_factory=dict)
    """Values of the title row (the layout's ``head``), by name."""


class Reader:
    """Collect problems located at ``Sheet!C7`` while reading one workbook."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def error(self, ref: str, row: int, col: int, message: str) -> None:
        """Record an error at a cell; the message starts with the cell reference."""
        self.problems.append(Problem(self.source, row, col, Severity.ERROR, f"{ref}: {message}"))

    def cell_error(self, cell: Cell, message: str) -> None:
        """Record an error at ``cell``."""
        self.error(cell.ref, cell.row, cell.col, message)


def _columns(ws: Sheet, name: str, layout: SheetLayout | None, reader: Reader) -> dict[str, int] | None:
    """Return field name → column number from the field-name row, or None when the sheet is unusable."""
    found: dict[str, int] = {}
    header = next(iter(ws.iter_rows(min_row=KEY_ROW, max_row=KEY_ROW, max_col=MAX_COLUMNS, values_only=True)), ())
    for column, value in enumerate(header, start=1):
        if isinstance(value, str) and value.strip():
            key = value.strip()
            if key in found:
                reader.error(
                    cell_ref(name, KEY_ROW, column),
                    KEY_ROW,
                    column,
                    f"the column {key!r} appears twice; delete one of them",
                )
            found[key] = column
    if layout is None:
        return found
    missing = [c.key for c in layout.columns if c.is_input and c.key not in found]
    if missing:
        reader.error(
            cell_ref(name, KEY_ROW, 1),
            KEY_ROW,
            1,
            f"row {KEY_ROW} must hold the field names of the columns; missing: {', '.join(missing)} "
            "(export the workbook again with 'kamdocs excel export')",
        )
        return None
    return found


def _rows(
    ws: Sheet,
    name: str,
    columns: dict[str, Column],
    positions: dict[str, int],
    first: int,
    reader: Reader,
) -> list[Row]:
    rows: list[Row] = []
    last = max((positions[key] for key in columns), default=1)
    # Streamed row by row (read-only workbook): a sheet of millions of cells is refused at the
    # first row past the limit, before it is read, and only the columns kamdocs uses are looked at.
    for number, row in enumerate(ws.iter_rows(min_row=first, max_col=last), start=first):
        if number > MAX_ROWS:
            reader.error(
                cell_ref(name, number, 1),
                number,
                1,
                f"the sheet has more than {MAX_ROWS:,} rows; a planning sheet holds at most {MAX_ROWS:,} "
                "(delete the rows below the data)",
            )
            return []
        cells: dict[str, Cell] = {}
        refused: set[str] = set()
        for key, column in columns.items():
            col = positions[key]
            cell = row[col - 1] if col - 1 < len(row) else None
            raw = None if cell is None else cell.value
            ref = cell_ref(name, number, col)
            if cell is not None and cell.data_type == "f":
                reader.error(ref, number, col, f"{key}: a formula is not allowed here; type the value itself")
                raw = None
            value = convert(column, raw)
            why = refusal(column, value, sheet_language(name))
            if why is not None:
                reader.error(ref, number, col, why)
                refused.add(key)
            cells[key] = Cell(ref, number, col, value)
        if any(c.value not in (None, ()) for c in cells.values()):
            rows.append(Row(name, number, cells, refused))
    return rows


def _ratings(ws: Sheet, name: str, reader: Reader) -> SheetData | None:
    positions = _columns(ws, name, None, reader)
    if positions is None:
        return None
    fixed = {c.key: c for c in RATINGS_FIXED}
    missing = [key for key in fixed if key not in positions]
    if missing:
        reader.error(
            cell_ref(name, KEY_ROW, 1),
            KEY_ROW,
            1,
            f"row {KEY_ROW} must hold the field names; missing: {', '.join(missing)}",
        )
        return None
    columns: dict[str, Column] = dict(fixed)
    competencies: list[Cell] = []
    for key, col in sorted(positions.items(), key=lambda item: item[1]):
        if key in fixed or key == FIT.key:
            continue
        competencies.append(Cell(cell_ref(name, KEY_ROW, col), KEY_ROW, col, key))
        columns[key] = Column(key, "", "rating", 0)
    return SheetData("ratings", name, _rows(ws, name, columns, positions, RATINGS_FIRST_ROW, reader), competencies)


def _head(ws: Sheet, name: str, layout: SheetLayout, positions: dict[str, int], reader: Reader) -> dict[str, Cell]:
    """Return the values the layout keeps in the title row, each converted like its column's cells."""
    if not layout.head:
        return {}
    top = next(iter(ws.iter_rows(min_row=TITLE_ROW, max_row=TITLE_ROW, max_col=MAX_COLUMNS)), ())
    found: dict[str, Cell] = {}
    for head in layout.head:
        col = positions[head.at]
        cell = top[col - 1] if col - 1 < len(top) else None
        ref = cell_ref(name, TITLE_ROW, col)
        raw = None if cell is None else cell.value
        if cell is not None and cell.data_type == "f":
            reader.error(ref, TITLE_ROW, col, f"{head.name}: a formula is not allowed here; type the value itself")
            raw = None
        column = Column(head.name, "", head.kind, 0)
        value = convert(column, raw)
        why = refusal(column, value, sheet_language(name))
        if why is not None:
            reader.error(ref, TITLE_ROW, col, why)
        found[head.name] = Cell(ref, TITLE_ROW, col, value)
    return found


def _check_archive(path: Path, source: str) -> None:
    """Refuse archives that unpack to far more than a planning workbook needs (zip bombs)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            strings = sum(i.file_size for i in archive.infolist() if i.filename.lower().endswith("sharedstrings.xml"))
            largest = max(
                (i for i in archive.infolist() if i.filename.lower().startswith("xl/worksheets/")),
                key=lambda i: i.file_size,
                default=None,
            )
    except (zipfile.BadZipFile, OSError) as exc:
        raise KamdocsError(f"{source}: not an Excel workbook (.xlsx) that kamdocs can read ({exc})") from None
    if largest is not None and largest.file_size > MAX_SHEET_BYTES:
        # Checked before openpyxl opens the workbook: for a sheet without a <dimension> element it
        # reads the whole sheet just to learn its size (minutes for 5 million cells).
        raise KamdocsError(
            f"{source}: a sheet of the workbook ({largest.filename}) unpacks to "
            f"{largest.file_size / 1024 / 1024:.0f} MB; a planning sheet (at most {MAX_ROWS:,} rows) "
            f"needs far less than {MAX_SHEET_BYTES // 1024 // 1024} MB: delete the rows and columns below "
            "and beside the data, or move other data into a workbook of its own"
        )
    if strings > MAX_SHARED_STRINGS_BYTES:
        raise KamdocsError(
            f"{source}: the workbook's texts unpack to {strings / 1024 / 1024:.0f} MB; "
            f"a planning workbook is limited to {MAX_SHARED_STRINGS_BYTES // 1024 // 1024} MB of text"
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise KamdocsError(
            f"{source}: the workbook unpacks to {unpacked / 1024 / 1024:.0f} MB; "
            f"a planning workbook is limited to {MAX_UNPACKED_BYTES // 1024 // 1024} MB"
        )


def read_workbook(path: Path, source: str) -> tuple[dict[str, SheetData], list[Problem], dict[str, str]]:
    """Return the recognised sheets of the workbook at ``path`` by kind, every problem, and its text properties.

    The properties are the workbook's custom document properties that hold text, by name.
    """
    reader = Reader(source)
    if path.suffix.lower() not in READABLE_SUFFIXES:
        raise KamdocsError(
            f"{source}: kamdocs reads Excel workbooks saved as .xlsx; open the file in Excel or LibreOffice "
            "and save it as 'Excel workbook (.xlsx)'"
            + (
                " (a .csv file holds one sheet without the field names kamdocs needs)"
                if path.suffix.lower() == ".csv"
                else ""
            )
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KamdocsError(f"{source}: cannot read the workbook: {exc.strerror}") from None
    if size > MAX_WORKBOOK_BYTES:
        raise KamdocsError(
            f"{source}: the workbook is {size / 1024 / 1024:.1f} MB; "
            f"a planning workbook is limited to {MAX_WORKBOOK_BYTES // 1024 // 1024} MB"
        )
    _check_archive(path, source)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it drops (extensions, unknown styles); nothing we read.
            warnings.simplefilter("ignore")
            # kamdocs opens the file, so that it is closed also when openpyxl fails half-way.
            with path.open("rb") as handle:
                wb = load_workbook(handle, data_only=False, read_only=True)
                try:
                    sheets, problems = _read_sheets(wb.worksheets, reader)
                    texts = {p.name: p.value for p in wb.custom_doc_props if isinstance(p.value, str)}
                    return sheets, problems, texts
                finally:
                    wb.close()
    except _BROKEN as exc:
        raise KamdocsError(
            f"{source}: the workbook is damaged or not an Excel workbook (.xlsx) that kamdocs can read "
            f"({type(exc).__name__}: {str(exc)[:200]}); export it again with 'kamdocs excel export'"
        ) from None


def _read_sheets(worksheets: list[Any], reader: Reader) -> tuple[dict[str, SheetData], list[Problem]]:
    kinds = sheet_kinds()
    sheets: dict[str, SheetData] = {}
    for ws in worksheets:
        kind = kinds.get(ws.title.strip())
        if kind is None:
            continue  # the user's own sheets are left alone
        if kind in sheets:
            reader.error(
                cell_ref(ws.title, 1, 1),
                1,
                1,
                f"a second {kind} sheet; keep only one of {sheets[kind].name!r} and {ws.title!r}",
            )
            continue
        if kind == "ratings":
            data = _ratings(ws, ws.title, reader)
        else:
            layout = LAYOUTS[kind]
            positions = _columns(ws, ws.title, layout, reader)
            if positions is None:
                continue
            columns = {c.key: c for c in layout.columns if c.is_input}
            data = SheetData(kind, ws.title, _rows(ws, ws.title, columns, positions, layout.first_row, reader))
            data.head = _head(ws, ws.title, layout, positions, reader)
        if data is not None:
            sheets[kind] = data
    return sheets, reader.problems
