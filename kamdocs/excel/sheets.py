"""Fill the four sheets of the planning workbook from a validated playbook."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kamdocs.excel import formulas
from kamdocs.excel.choices import ChoiceSet, word, words
from kamdocs.excel.labels import label
from kamdocs.excel.layout import (
    COMPETENCIES,
    RATINGS_FIRST_ROW,
    RATINGS_REQUIRED_ROW,
    RATINGS_WEIGHT_ROW,
    READINESS,
    TASKS,
    TITLE_ROW,
    TITLE_STATEMENT,
    ratings_layout,
)
from kamdocs.excel.style import (
    AREA_FILL,
    BOLD,
    FORMULA_FILL,
    GAP_FILL,
    MISSING_FILL,
    OVERDUE_FILL,
    OVERDUE_FONT,
    PERCENT_FORMAT,
    SPARE_ROWS,
    date_format,
    finish,
    put,
    put_cells,
    write_head,
)
from kamdocs.model import Candidates, Competencies, Playbook, Readiness, TaskPlan


def number(value: float) -> int | float:
    """Return whole numbers as int so Excel shows ``2``, not ``2.0``."""
    return int(value) if float(value).is_integer() else value


def _scale_validation(lang: str, low: int, high: int, *, blank: bool) -> DataValidation:
    check = DataValidation(
        type="whole",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=blank,
        showErrorMessage=True,
        showInputMessage=True,
    )
    check.errorTitle = check.promptTitle = label(lang, "valid.scale.title")
    check.error = check.prompt = label(lang, "valid.scale", min=low, max=high)
    return check


def list_validation(items: tuple[str, ...], message: str) -> DataValidation:
    """Return a drop-down of ``items`` that refuses anything else with ``message``."""
    check = DataValidation(type="list", formula1='"' + ",".join(items) + '"', allow_blank=True, showErrorMessage=True)
    check.error = message
    return check


def choice_validation(choices: ChoiceSet, lang: str) -> DataValidation:
    """Return the drop-down of a choice column in the workbook's language."""
    return list_validation(words(choices, lang), label(lang, f"valid.{choices}"))


def readiness_sheet(wb: Workbook, playbook: Playbook, readiness: Readiness) -> Worksheet:
    """Write areas and criteria with scores, validation and the index formulas of docs/formulas.md."""
    lang = playbook.config.language
    low, high = readiness.scale.min, readiness.scale.max
    ws = wb.create_sheet(label(lang, "sheet.readiness"))
    write_head(
        ws, READINESS, lang, label(lang, "title.readiness", min=low, max=high), playbook.config.brand.primary_color
    )
    col = READINESS.col
    w, s, idx = READINESS.letter("weight"), READINESS.letter("score"), READINESS.letter("index")
    row = READINESS.first_row
    indexed: list[tuple[str, str]] = []
    for area in readiness.areas:
        area_row = row
        values: dict[str, object] = {"area": area.id, TITLE_STATEMENT: area.title, "weight": number(area.weight)}
        for key, value in values.items():
            put(ws, row, col(key), value, wrap=key == TITLE_STATEMENT)
        for number_ in range(1, len(READINESS.columns) + 1):
            ws.cell(row, number_).fill = AREA_FILL
            ws.cell(row, number_).font = BOLD
        row += 1
        first = row
        for criterion in area.criteria:
            cells: dict[str, object] = {
                "area": area.id,
                "id": criterion.id,
                TITLE_STATEMENT: criterion.statement,
                "weight": number(criterion.weight),
                "score": criterion.score,
                "target": criterion.target,
                "comment": criterion.comment,
                "action": criterion.action,
            }
            for key, value in cells.items():
                put(ws, row, col(key), value, wrap=key in (TITLE_STATEMENT, "comment", "action"))
            row += 1
        index_cell = ws.cell(area_row, col("index"))
        index_cell.fill = FORMULA_FILL
        if area.criteria and high > low:
            last = row - 1
            index_cell.value = formulas.area_index(f"{w}{first}:{w}{last}", f"{s}{first}:{s}{last}", low, high)
            index_cell.number_format = PERCENT_FORMAT
            indexed.append((f"{w}{area_row}", f"{idx}{area_row}"))
    ws.cell(TITLE_ROW, col("index") - 1, label(lang, "overall")).font = BOLD
    if indexed:
        overall = ws.cell(TITLE_ROW, col("index"), formulas.overall_index(indexed))
        overall.number_format = PERCENT_FORMAT
        overall.font = BOLD
        overall.fill = FORMULA_FILL
    check = _scale_validation(lang, low, high, blank=True)
    ws.add_data_validation(check)
    check.add(f"{s}{READINESS.first_row}:{READINESS.letter('target')}{row + SPARE_ROWS}")
    finish(ws, "C4", playbook.config.pdf.paper)
    return ws


def tasks_sheet(wb: Workbook, playbook: Playbook, plan: TaskPlan) -> Worksheet:
    """Write the tasks with scheduled-date formulas, a status drop-down and overdue highlighting."""
    lang = playbook.config.language
    ws = wb.create_sheet(label(lang, "sheet.tasks"))
    write_head(ws, TASKS, lang, label(lang, "title.tasks"), playbook.config.brand.primary_color)
    col, letter = TASKS.col, TASKS.letter
    as_of_col = col("scheduled_due")
    ws.cell(TITLE_ROW, as_of_col - 1, label(lang, "as_of")).font = BOLD
    dates = date_format(lang)
    put(ws, TITLE_ROW, as_of_col, playbook.as_of, fmt=dates)
    rows = {task.id: TASKS.first_row + n for n, task in enumerate(plan.tasks)}
    for task in plan.tasks:
        row = rows[task.id]
        cells = {
            "id": task.id,
            "title": task.title,
            "phase": task.phase,
            "owner": task.owner,
            "start": task.start,
            "due": task.due,
            "duration_days": task.duration_days,
            "depends_on": ", ".join(task.depends_on) or None,
            "status": word("task_status", lang, task.status),
        }
        put_cells(ws, TASKS, row, cells, dates=dates, wrap=("title",))
        dues = [f"{letter('scheduled_due')}{rows[dep]}" for dep in task.depends_on if dep in rows]
        start = ws.cell(row, col("scheduled_start"), formulas.scheduled_start(f"{letter('start')}{row}", dues))
        due = ws.cell(
            row,
            col("scheduled_due"),
            formulas.scheduled_due(
                f"{letter('due')}{row}", f"{letter('scheduled_start')}{row}", f"{letter('duration_days')}{row}"
            ),
        )
        for cell in (start, due):
            cell.number_format = dates
            cell.fill = FORMULA_FILL
    first, last = TASKS.first_row, TASKS.first_row + len(plan.tasks) + SPARE_ROWS
    status = choice_validation("task_status", lang)
    ws.add_data_validation(status)
    status.add(f"{letter('status')}{first}:{letter('status')}{last}")
    rule = formulas.overdue_rule(
        f"${letter('status')}{first}",
        f"${letter('scheduled_due')}{first}",
        f"${letter('scheduled_due')}${TITLE_ROW}",
        word("task_status", lang, "done"),
    )
    ws.conditional_formatting.add(
        f"A{first}:{get_column_letter(len(TASKS.columns))}{last}",
        FormulaRule(formula=[rule], fill=OVERDUE_FILL, font=OVERDUE_FONT),
    )
    finish(ws, "B4", playbook.config.pdf.paper)
    return ws


def competencies_sheet(wb: Workbook, playbook: Playbook, profile: Competencies) -> Worksheet:
    """Write the required profile: weight, required level (validated) and critical (yes/no)."""
    lang = playbook.config.language
    low, high = profile.scale.min, profile.scale.max
    ws = wb.create_sheet(label(lang, "sheet.competencies"))
    write_head(
        ws,
        COMPETENCIES,
        lang,
        label(lang, "title.competencies", min=low, max=high),
        playbook.config.brand.primary_color,
    )
    col, letter = COMPETENCIES.col, COMPETENCIES.letter
    for n, competency in enumerate(profile.competencies):
        row = COMPETENCIES.first_row + n
        cells = {
            "id": competency.id,
            "name": competency.name,
            "group": competency.group,
            "weight": number(competency.weight),
            "required": competency.required,
            "critical": label(lang, "yes" if competency.critical else "no"),
        }
        for key, value in cells.items():
            put(ws, row, col(key), value, wrap=key == "name")
    first, last = COMPETENCIES.first_row, COMPETENCIES.first_row + len(profile.competencies) + SPARE_ROWS
    required = _scale_validation(lang, low, high, blank=False)
    ws.add_data_validation(required)
    required.add(f"{letter('required')}{first}:{letter('required')}{last}")
    critical = list_validation((label(lang, "yes"), label(lang, "no")), label(lang, "valid.bool"))
    ws.add_data_validation(critical)
    critical.add(f"{letter('critical')}{first}:{letter('critical')}{last}")
    finish(ws, "B4", playbook.config.pdf.paper)
    return ws


def ratings_sheet(
    wb: Workbook, playbook: Playbook, profile: Competencies, people: Candidates | None, profile_sheet: str
) -> Worksheet:
    """Write candidates × competencies with validation, fit formulas and gap highlighting."""
    lang = playbook.config.language
    low, high = profile.scale.min, profile.scale.max
    layout = ratings_layout(tuple(c.id for c in profile.competencies))
    ws = wb.create_sheet(label(lang, "sheet.ratings"))
    names = {c.id: c.name for c in profile.competencies}
    write_head(
        ws,
        layout,
        lang,
        label(lang, "title.ratings", min=low, max=high),
        playbook.config.brand.primary_color,
        labels=names,
    )
    candidates = people.candidates if people else ()
    ids = [c.id for c in profile.competencies]
    quoted = "'" + profile_sheet.replace("'", "''") + "'"
    role_col = layout.col("role")
    ws.cell(RATINGS_WEIGHT_ROW, role_col, label(lang, "row.weight")).font = BOLD
    ws.cell(RATINGS_REQUIRED_ROW, role_col, label(lang, "row.required")).font = BOLD
    for n, cid in enumerate(ids):
        column = layout.col(cid)
        source = COMPETENCIES.first_row + n
        for row, field in ((RATINGS_WEIGHT_ROW, "weight"), (RATINGS_REQUIRED_ROW, "required")):
            cell = ws.cell(row, column, f"={quoted}!{COMPETENCIES.letter(field)}{source}")
            cell.fill = FORMULA_FILL
            cell.font = BOLD
    first_rating = get_column_letter(layout.col(ids[0])) if ids else ""
    last_rating = get_column_letter(layout.col(ids[-1])) if ids else ""
    for n, candidate in enumerate(candidates):
        row = RATINGS_FIRST_ROW + n
        put(ws, row, layout.col("id"), candidate.id)
        put(ws, row, layout.col("name"), candidate.name)
        put(ws, row, layout.col("role"), candidate.role, wrap=True)
        for cid in ids:
            put(ws, row, layout.col(cid), candidate.ratings.get(cid))
        if ids:
            cell = ws.cell(
                row,
                layout.col("fit"),
                formulas.fit(
                    f"${first_rating}${RATINGS_WEIGHT_ROW}:${last_rating}${RATINGS_WEIGHT_ROW}",
                    f"${first_rating}${RATINGS_REQUIRED_ROW}:${last_rating}${RATINGS_REQUIRED_ROW}",
                    f"{first_rating}{row}:{last_rating}{row}",
                ),
            )
            cell.number_format = PERCENT_FORMAT
            cell.fill = FORMULA_FILL
    if ids:
        last_row = RATINGS_FIRST_ROW + len(candidates) + SPARE_ROWS
        check = _scale_validation(lang, low, high, blank=True)
        ws.add_data_validation(check)
        check.add(f"{first_rating}{RATINGS_FIRST_ROW}:{last_rating}{last_row}")
        if candidates:
            area = f"{first_rating}{RATINGS_FIRST_ROW}:{last_rating}{RATINGS_FIRST_ROW + len(candidates) - 1}"
            top_left = f"{first_rating}{RATINGS_FIRST_ROW}"
            required = f"{first_rating}${RATINGS_REQUIRED_ROW}"
            ws.conditional_formatting.add(
                area, FormulaRule(formula=[formulas.not_assessed_rule(top_left)], fill=MISSING_FILL)
            )
            ws.conditional_formatting.add(
                area, FormulaRule(formula=[formulas.gap_rule(top_left, required)], fill=GAP_FILL)
            )
    finish(ws, f"{get_column_letter(role_col + 1)}{RATINGS_FIRST_ROW}", playbook.config.pdf.paper)
    return ws
