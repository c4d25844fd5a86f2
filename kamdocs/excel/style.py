"""Look and print setup shared by every sheet: head rows, widths, frozen panes, page setup."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kamdocs.excel.labels import label
from kamdocs.excel.layout import KEY_ROW, LABEL_ROW, TITLE_ROW, SheetLayout

DEFAULT_COLOUR = "0B4F6C"
SPARE_ROWS = 200
"""Rows below the data that still get validation, so rows added in Excel are checked too."""

TITLE_FONT = Font(bold=True, size=13)
KEY_FONT = Font(italic=True, size=8, color="666666")
BOLD = Font(bold=True)
AREA_FILL = PatternFill("solid", fgColor="E8EEF2")
FORMULA_FILL = PatternFill("solid", fgColor="F3F3F3")
KEY_FILL = PatternFill("solid", fgColor="FAFAFA")
OVERDUE_FILL = PatternFill("solid", fgColor="F8D7DA")
OVERDUE_FONT = Font(color="842029")
GAP_FILL = PatternFill("solid", fgColor="F8D7DA")
MISSING_FILL = PatternFill("solid", fgColor="E2E3E5")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
THIN = Side(style="thin", color="BBBBBB")
UNDERLINE = Border(bottom=THIN)

DATE_FORMAT = "YYYY-MM-DD"
GERMAN_DATE_FORMAT = "DD.MM.YYYY"
"""Shown as TT.MM.JJJJ by a German Excel: the format codes in the file are always the English ones."""
PERCENT_FORMAT = "0.0"


def date_format(lang: str) -> str:
    """Return the number format of date cells: 31.03.2027 in German, 2027-03-31 otherwise."""
    return GERMAN_DATE_FORMAT if lang == "de" else DATE_FORMAT


def header_fill(colour: str | None) -> PatternFill:
    """Return the fill of the label row in the brand colour."""
    return PatternFill("solid", fgColor=(colour or DEFAULT_COLOUR).lstrip("#").upper())


def write_head(
    ws: Worksheet, layout: SheetLayout, lang: str, title: str, colour: str | None, labels: dict[str, str] | None = None
) -> None:
    """Write the title, the label row and the field-name row, and set the column widths."""
    ws.cell(TITLE_ROW, 1, title).font = TITLE_FONT
    fill = header_fill(colour)
    white = Font(bold=True, color="FFFFFF")
    for number, column in enumerate(layout.columns, start=1):
        text = (labels or {}).get(column.key) or label(lang, column.label)
        head = ws.cell(LABEL_ROW, number, text)
        if text.startswith("="):
            head.data_type = "s"
        head.fill = fill
        head.font = white
        head.alignment = Alignment(wrap_text=True, vertical="bottom")
        key = ws.cell(KEY_ROW, number, column.key)
        key.font = KEY_FONT
        key.fill = KEY_FILL
        key.border = UNDERLINE
        ws.column_dimensions[get_column_letter(number)].width = column.width
    ws.row_dimensions[LABEL_ROW].height = 30


def finish(ws: Worksheet, freeze: str, paper: str) -> None:
    """Freeze the head, repeat it on every printed page and print landscape, fit to width."""
    ws.freeze_panes = freeze
    ws.print_title_rows = f"{LABEL_ROW}:{KEY_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER if paper == "letter" else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def put_cells(
    ws: Worksheet, layout: SheetLayout, row: int, cells: dict[str, Any], *, dates: str, wrap: tuple[str, ...] = ()
) -> None:
    """Write one row's values by column key; the layout's date columns get the date format ``dates``."""
    kinds = {column.key: column.kind for column in layout.columns}
    for key, value in cells.items():
        put(ws, row, layout.col(key), value, wrap=key in wrap, fmt=dates if kinds[key] == "date" else None)


def put(ws: Worksheet, row: int, col: int, value: Any, *, wrap: bool = False, fmt: str | None = None) -> None:
    """Write one value with top alignment (wrapped for long text) and an optional number format."""
    cell = ws.cell(row, col, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # data is never a live formula in the workbook (formula injection)
    cell.alignment = WRAP if wrap else TOP
    if fmt:
        cell.number_format = fmt
