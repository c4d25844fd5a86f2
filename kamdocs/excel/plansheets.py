"""Fill the sheets of format v2's planning data: goals and KPIs, KPIs over time, and routines."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kamdocs.excel import formulas
from kamdocs.excel.choices import word
from kamdocs.excel.labels import label
from kamdocs.excel.layout import KPI_POINTS, KPIS, ROUTINES, TITLE_NAME, TITLE_ROW
from kamdocs.excel.sheets import choice_validation, number
from kamdocs.excel.style import (
    AREA_FILL,
    BOLD,
    FORMULA_FILL,
    OVERDUE_FILL,
    OVERDUE_FONT,
    SPARE_ROWS,
    date_format,
    finish,
    put,
    put_cells,
    write_head,
)
from kamdocs.model import Goals, Playbook, TaskPlan


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def routines_sheet(wb: Workbook, playbook: Playbook, plan: TaskPlan) -> Worksheet:
    """Write the recurring tasks with the next-due formula and overdue highlighting."""
    lang = playbook.config.language
    dates = date_format(lang)
    ws = wb.create_sheet(label(lang, "sheet.routines"))
    write_head(ws, ROUTINES, lang, label(lang, "title.routines"), playbook.config.brand.primary_color)
    col, letter = ROUTINES.col, ROUTINES.letter
    ws.cell(TITLE_ROW, col("due_next") - 1, label(lang, "as_of")).font = BOLD
    put(ws, TITLE_ROW, col("due_next"), playbook.as_of, fmt=dates)
    for n, routine in enumerate(plan.routines):
        row = ROUTINES.first_row + n
        cells = {
            "id": routine.id,
            "title": routine.title,
            "owner": routine.owner,
            "every_days": routine.every_days,
            "last_done": routine.last_done,
            "start": routine.start,
            "description": routine.description,
        }
        put_cells(ws, ROUTINES, row, cells, dates=dates, wrap=("title", "description"))
    first, last = ROUTINES.first_row, ROUTINES.first_row + len(plan.routines) + SPARE_ROWS
    # The formula is written on the spare rows too, so a routine added in Excel gets its date at once.
    for row in range(first, last + 1):
        cell = ws.cell(
            row,
            col("due_next"),
            formulas.routine_due_next(
                f"{letter('last_done')}{row}", f"{letter('every_days')}{row}", f"{letter('start')}{row}"
            ),
        )
        cell.number_format = dates
        cell.fill = FORMULA_FILL
    due = letter("due_next")
    ws.conditional_formatting.add(
        f"A{first}:{get_column_letter(len(ROUTINES.columns))}{last}",
        FormulaRule(
            formula=[formulas.routine_overdue_rule(f"${due}{first}", f"${due}${TITLE_ROW}")],
            fill=OVERDUE_FILL,
            font=OVERDUE_FONT,
        ),
    )
    finish(ws, "B4", playbook.config.pdf.paper)
    return ws


def kpis_sheet(wb: Workbook, playbook: Playbook, goals: Goals) -> Worksheet:
    """Write goals and their KPIs: a goal row (title, owner), then one row per KPI."""
    lang = playbook.config.language
    dates = date_format(lang)
    ws = wb.create_sheet(label(lang, "sheet.kpis"))
    write_head(ws, KPIS, lang, label(lang, "title.kpis"), playbook.config.brand.primary_color)
    col, letter = KPIS.col, KPIS.letter
    ws.cell(TITLE_ROW, col("baseline_date") - 1, label(lang, "head.baseline_date")).font = BOLD
    put(ws, TITLE_ROW, col("baseline_date"), goals.baseline_date, fmt=dates)
    row = KPIS.first_row
    for goal in goals.goals:
        put(ws, row, col("goal"), goal.id)
        put(ws, row, col(TITLE_NAME), goal.title, wrap=True)
        put(ws, row, col("owner"), goal.owner, wrap=True)
        for number_ in range(1, len(KPIS.columns) + 1):
            ws.cell(row, number_).fill = AREA_FILL
            ws.cell(row, number_).font = BOLD
        row += 1
        for kpi in goal.kpis:
            cells: dict[str, object] = {
                "goal": goal.id,
                "id": kpi.id,
                TITLE_NAME: kpi.name,
                "unit": kpi.unit,
                "direction": word("direction", lang, kpi.direction),
                "baseline": number(kpi.baseline),
                "baseline_date": kpi.baseline_date,
                "target": number(kpi.target),
                "due": kpi.due,
                "actual": None if kpi.actual is None else number(kpi.actual),
                "source": None if kpi.source is None else word("kpi_source", lang, kpi.source),
            }
            put_cells(ws, KPIS, row, cells, dates=dates, wrap=(TITLE_NAME,))
            row += 1
    last = row + SPARE_ROWS
    for key in ("direction", "source"):
        choices = KPIS.columns[col(key) - 1].choices
        if choices is not None:
            check = choice_validation(choices, lang)
            ws.add_data_validation(check)
            check.add(f"{letter(key)}{KPIS.first_row}:{letter(key)}{last}")
    finish(ws, "C4", playbook.config.pdf.paper)
    return ws


def kpi_points_sheet(wb: Workbook, playbook: Playbook, goals: Goals, kpi_sheet: str) -> Worksheet:
    """Write one row per KPI, date and kind: the intermediate targets (plan) and measured values (history)."""
    lang = playbook.config.language
    dates = date_format(lang)
    ws = wb.create_sheet(label(lang, "sheet.kpi_points"))
    write_head(ws, KPI_POINTS, lang, label(lang, "title.kpi_points"), playbook.config.brand.primary_color)
    col, letter = KPI_POINTS.col, KPI_POINTS.letter
    row = KPI_POINTS.first_row
    for goal in goals.goals:
        for kpi in goal.kpis:
            for kind, points in (("plan", kpi.plan), ("history", kpi.history)):
                for point in points:
                    put(ws, row, col("kpi"), kpi.id)
                    put(ws, row, col("kind"), word("point_kind", lang, kind))
                    put(ws, row, col("date"), point.date, fmt=dates)
                    put(ws, row, col("value"), number(point.value))
                    row += 1
    last = row + SPARE_ROWS
    kpi_rows = KPIS.first_row + sum(1 + len(g.kpis) for g in goals.goals) + SPARE_ROWS
    sheet = _quoted(kpi_sheet)
    ids = f"{sheet}!${KPIS.letter('id')}${KPIS.first_row}:${KPIS.letter('id')}${kpi_rows}"
    names = f"{sheet}!${KPIS.letter(TITLE_NAME)}${KPIS.first_row}:${KPIS.letter(TITLE_NAME)}${kpi_rows}"
    for number_ in range(KPI_POINTS.first_row, last + 1):
        cell = ws.cell(number_, col("kpi_name"), formulas.lookup(f"{letter('kpi')}{number_}", ids, names))
        cell.fill = FORMULA_FILL
    # The KPI is picked from the ids of the KPI sheet, so a typo cannot happen in Excel.
    pick = DataValidation(type="list", formula1=ids, allow_blank=True, showErrorMessage=True)
    pick.error = label(lang, "valid.kpi")
    ws.add_data_validation(pick)
    pick.add(f"{letter('kpi')}{KPI_POINTS.first_row}:{letter('kpi')}{last}")
    kind = choice_validation("point_kind", lang)
    ws.add_data_validation(kind)
    kind.add(f"{letter('kind')}{KPI_POINTS.first_row}:{letter('kind')}{last}")
    finish(ws, "B4", playbook.config.pdf.paper)
    return ws
