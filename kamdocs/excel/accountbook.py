"""``kamdocs excel export --account ID``: one account's goals, actions and financials for a customer workshop.

The workbook is meant to be opened *with the customer*, so it is made from that
one account file and holds only what the three sheets show: the goals (with
their achievement), the actions, and revenue and plan per year. It
has no other account, no potential (our estimate of the customer's whole spend: with the
revenue it gives the share of wallet, which the customer's plan leaves out), no
contact (names, roles, attitudes), no SWOT, no
scores or quadrant, no contribution margin (our margin is not the customer's
business) and nothing of the candidates — not even the KAM, whose id may be a
candidate's. Its document properties add only a digest of the goals' and actions'
ids or titles (:mod:`~kamdocs.excel.positions`): nothing the sheets do not show.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kamdocs.errors import UsageProblem
from kamdocs.excel import formulas
from kamdocs.excel.choices import word
from kamdocs.excel.export import stamp
from kamdocs.excel.labels import label
from kamdocs.excel.layout import ACCOUNT, ACCOUNT_ACTIONS, ACCOUNT_FINANCIALS, ACCOUNT_GOALS, TITLE_ROW, SheetLayout
from kamdocs.excel.positions import record
from kamdocs.excel.sheets import choice_validation, number
from kamdocs.excel.style import (
    BOLD,
    FORMULA_FILL,
    PERCENT_FORMAT,
    SPARE_ROWS,
    date_format,
    finish,
    put,
    put_cells,
    write_head,
)
from kamdocs.model import Account, Playbook


def find_account(playbook: Playbook, account_id: str) -> Account:
    """Return the account ``account_id``; an unknown id is a usage error naming the known ids."""
    for account in playbook.accounts:
        if account.id == account_id:
            return account
    valid = ", ".join(a.id for a in playbook.accounts) or "(none: add data/accounts/<id>.yaml)"
    raise UsageProblem(f"--account: no key account '{account_id}'; valid ids: {valid}")


def account_path(playbook: Playbook, account: Account) -> Path:
    """Return the default workbook file of an account: ``<project>/<id>-workshop.xlsx``."""
    return playbook.root / f"{account.id}-workshop.xlsx"


def _sheet(wb: Workbook, playbook: Playbook, account: Account, layout: SheetLayout) -> Worksheet:
    """Create a sheet with its head: title, the account id in row 1 (read back by import), labels, field names."""
    lang = playbook.config.language
    ws = wb.create_sheet(label(lang, f"sheet.{layout.kind}"))
    title = label(lang, f"title.{layout.kind}", name=account.name)
    write_head(ws, layout, lang, title, playbook.config.brand.primary_color)
    at = layout.col(layout.head[0].at)
    ws.cell(TITLE_ROW, at - 1, label(lang, f"head.{ACCOUNT.name}")).font = BOLD
    put(ws, TITLE_ROW, at, account.id)
    ws.cell(TITLE_ROW, at).font = BOLD
    return ws


def _goals(wb: Workbook, playbook: Playbook, account: Account) -> None:
    lang, dates = playbook.config.language, date_format(playbook.config.language)
    ws = _sheet(wb, playbook, account, ACCOUNT_GOALS)
    col, letter = ACCOUNT_GOALS.col, ACCOUNT_GOALS.letter
    for n, goal in enumerate(account.goals):
        row = ACCOUNT_GOALS.first_row + n
        target = number(goal.target) if isinstance(goal.target, int | float) else goal.target
        cells: dict[str, object] = {
            "no": n + 1,
            "id": goal.id,
            "title": goal.title,
            "kpi": goal.kpi,
            "unit": goal.unit,
            # The model's default 'increase' is shown only where the goal can be measured.
            "direction": word("direction", lang, goal.direction) if goal.baseline is not None else None,
            "baseline": None if goal.baseline is None else number(goal.baseline),
            "baseline_date": goal.baseline_date,
            "target": target,
            "actual": None if goal.actual is None else number(goal.actual),
            "due": goal.due,
        }
        put_cells(ws, ACCOUNT_GOALS, row, cells, dates=dates, wrap=("title", "kpi"))
    first, last = ACCOUNT_GOALS.first_row, ACCOUNT_GOALS.first_row + len(account.goals) + SPARE_ROWS
    for row in range(first, last + 1):
        cell = ws.cell(
            row,
            col("achievement"),
            formulas.achievement(f"{letter('actual')}{row}", f"{letter('baseline')}{row}", f"{letter('target')}{row}"),
        )
        cell.number_format = PERCENT_FORMAT
        cell.fill = FORMULA_FILL
    direction = choice_validation("direction", lang)
    ws.add_data_validation(direction)
    direction.add(f"{letter('direction')}{first}:{letter('direction')}{last}")
    finish(ws, "C4", playbook.config.pdf.paper)


def _actions(wb: Workbook, playbook: Playbook, account: Account) -> None:
    lang, dates = playbook.config.language, date_format(playbook.config.language)
    ws = _sheet(wb, playbook, account, ACCOUNT_ACTIONS)
    letter = ACCOUNT_ACTIONS.letter
    for n, action in enumerate(account.actions):
        row = ACCOUNT_ACTIONS.first_row + n
        cells: dict[str, object] = {
            "no": n + 1,
            "title": action.title,
            "owner": action.owner,
            "due": action.due,
            "status": word("task_status", lang, action.status),
        }
        put_cells(ws, ACCOUNT_ACTIONS, row, cells, dates=dates, wrap=("title",))
    first, last = ACCOUNT_ACTIONS.first_row, ACCOUNT_ACTIONS.first_row + len(account.actions) + SPARE_ROWS
    status = choice_validation("task_status", lang)
    ws.add_data_validation(status)
    status.add(f"{letter('status')}{first}:{letter('status')}{last}")
    finish(ws, "C4", playbook.config.pdf.paper)


def _financials(wb: Workbook, playbook: Playbook, account: Account) -> None:
    ws = _sheet(wb, playbook, account, ACCOUNT_FINANCIALS)
    col = ACCOUNT_FINANCIALS.col
    for n, year in enumerate(account.financials):
        row = ACCOUNT_FINANCIALS.first_row + n
        put(ws, row, col("year"), year.year)
        for key in ("revenue", "plan"):
            value = getattr(year, key)
            put(ws, row, col(key), None if value is None else number(value), fmt="#,##0")
    finish(ws, "B4", playbook.config.pdf.paper)


def build_account_workbook(playbook: Playbook, account: Account) -> Workbook:
    """Return the workshop workbook of ``account``: goals, actions, financials — nothing else."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    _goals(wb, playbook, account)
    _actions(wb, playbook, account)
    _financials(wb, playbook, account)
    wb.active = 0
    moment = stamp(playbook)
    wb.properties.creator = "kamdocs"
    wb.properties.lastModifiedBy = "kamdocs"
    # The account's own name only: the playbook's title may name the programme, not this customer.
    wb.properties.title = account.name
    wb.properties.language = playbook.config.language
    wb.properties.created = moment
    wb.properties.modified = moment
    # Which goals and actions the numbers of the rows refer to: checked on import.
    record(wb, account)
    return wb
