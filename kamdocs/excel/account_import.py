"""Read a customer-workshop workbook (``excel export --account ID``) back into that account's file.

The account is the one named in row 1 of its sheets. Goals and actions have no
ids of their own in format v1, so their rows carry the number (``Nr.``) of the
item in the file at export: a numbered row updates that item, a row without a
number adds one, and a number missing from the sheet keeps the item (removed
with ``--prune``), as on every sheet. That the numbers still point at the same
items is checked first (:mod:`~kamdocs.excel.positions`). Financials are
matched by their year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kamdocs.excel.desired import Builder, Item, _given, _refs
from kamdocs.excel.readback import Cell, Row, SheetData
from kamdocs.excel.sync import Change, Syncer, append_item, insert_key
from kamdocs.excel.yamledit import Document
from kamdocs.model import Account, AccountGoal, Action, FinancialYear
from kamdocs.suggest import suggest

GOAL_FIELDS = ("id", "title", "kpi", "unit", "direction", "baseline", "target", "actual", "due", "baseline_date")
"""In the order of the model, which new keys follow."""
ACTION_FIELDS = ("title", "owner", "due", "status")
FINANCIAL_FIELDS = ("revenue", "plan")
"""Potential and contribution margin are not in the workbook (not for the customer's eyes): never touched."""
KINDS = ("account_goals", "account_actions", "account_financials")


@dataclass
class Numbered:
    """A row of the goals or actions sheet: the item it updates (its number, 0 for a new one) and the item."""

    number: int
    item: Item
    cell: Cell | None


def account_of(sheets: dict[str, SheetData], accounts: Sequence[Account], builder: Builder) -> Account | None:
    """Return the account named in row 1 of the account sheets; None (with errors at the cells) otherwise."""
    found: tuple[str, Cell] | None = None
    for kind in KINDS:
        sheet = sheets.get(kind)
        if sheet is None:
            continue
        cell = sheet.head.get("account")
        if cell is None or cell.value is None:
            where = cell if cell is not None else Cell(f"{sheet.name}!A1", 1, 1, None)
            builder.reader.cell_error(
                where,
                "account: row 1 must hold the id of the key account this sheet belongs to, as "
                "'kamdocs excel export --account ID' writes it",
            )
            return None
        if found is not None and str(cell.value) != found[0]:
            builder.reader.cell_error(
                cell, f"account: {cell.value!r} differs from {found[0]!r} in {found[1].ref}; one workbook, one account"
            )
            return None
        found = found or (str(cell.value), cell)
    if found is None:
        return None
    ident, cell = found
    account = next((a for a in accounts if a.id == ident), None)
    if account is None:
        known = [a.id for a in accounts]
        builder.reader.cell_error(cell, f"account: {ident!r} is not a key account" + suggest(ident, known))
    return account


def _number(row: Row, count: int, what: str, builder: Builder) -> int | None:
    """Return the row's number (0: a new item), or None after an error at its cell."""
    cell = row.cells["no"]
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= count:
        return value
    builder.reader.cell_error(
        cell,
        f"no: {value!r} is not the number of one of the {count} {what} exported into this workbook; "
        f"leave the cell empty for a new {what.rstrip('s')}",
    )
    return None


def numbered_items(
    sheet: SheetData, builder: Builder, model: type[BaseModel], fields: tuple[str, ...], count: int, what: str
) -> list[Numbered]:
    """Validate the rows of the goals or actions sheet; each with the number of the item it updates."""
    items: list[Numbered] = []
    seen: dict[int, Cell] = {}
    for row in sheet.rows:
        number = _number(row, count, what, builder)
        given = _given(row, fields)
        value = builder.model(model, row, given, {f: f for f in fields})
        if number is None or value is None:
            continue
        cell = row.cells["no"]
        if number and number in seen:
            builder.reader.cell_error(
                cell, f"no: {number} is used twice (first in {seen[number].ref}); each row of the file once"
            )
            continue
        if number:
            seen[number] = cell
        items.append(Numbered(number, Item(str(number), value, given, _refs(row, fields), row.ref("no")), cell))
    return items


def financial_items(sheet: SheetData, builder: Builder) -> dict[int, Item]:
    """Validate the financials rows; return them by year (a year twice is an error at its cell)."""
    years: dict[int, Item] = {}
    fields = ("year", *FINANCIAL_FIELDS)
    for row in sheet.rows:
        given = _given(row, fields)
        value = builder.model(FinancialYear, row, given, {f: f for f in fields})
        if not isinstance(value, FinancialYear):
            continue
        if value.year in years:
            builder.reader.cell_error(
                row.cells["year"],
                f"year: {value.year} is given twice (first in {years[value.year].ref}); write one row per year",
            )
            continue
        years[value.year] = Item(str(value.year), value, given, _refs(row, fields), row.ref("year"))
    return years


def _list(doc: Document, key: str) -> CommentedSeq | None:
    seq = doc.data.get(key)
    return seq if isinstance(seq, CommentedSeq) else None


def apply_numbered(
    doc: Document,
    syncer: Syncer,
    key: str,
    rows: list[Numbered],
    current: Sequence[BaseModel],
    fields: tuple[str, ...],
    numbered: int,
) -> None:
    """Apply numbered rows to the list ``key`` of the account file, whose first ``numbered`` items have numbers.

    Items after those were added to the file since the export: no row could have been deleted for
    them, so they are neither reported as missing nor pruned.
    """
    seq = _list(doc, key)
    if seq is None:
        if not rows:
            return
        seq = CommentedSeq()
        insert_key(doc.data, key, seq, list(Account.model_fields))

    def name(index: int) -> str:
        ident = getattr(current[index], "id", None)
        return f"{key}[{ident or index + 1}]"

    wanted: set[int] = set()
    for row in rows:
        if row.number:
            index = row.number - 1
            wanted.add(index)
            node = seq[index]
            if isinstance(node, CommentedMap):
                syncer.fields(node, current[index], row.item, fields, name(index))
            continue
        node = syncer.new_node(row.item, fields, seq, with_id=False)
        append_item(seq, node)
        label = getattr(row.item.model, "id", None) or len(seq)
        syncer.changes.append(Change(syncer.file, f"{key}[{label}]", "add", ref=row.item.ref))
    for index in range(min(numbered, len(current)) - 1, -1, -1):
        if index in wanted:
            continue
        if syncer.prune:
            del seq[index]
        syncer.changes.append(Change(syncer.file, name(index), "remove" if syncer.prune else "keep"))


def apply_financials(doc: Document, syncer: Syncer, years: dict[int, Item], current: Sequence[FinancialYear]) -> None:
    """Apply the financials by year: a changed figure is replaced, a new year inserted in year order."""
    seq = _list(doc, "financials")
    if seq is None:
        if not years:
            return
        seq = CommentedSeq()
        insert_key(doc.data, "financials", seq, list(Account.model_fields))
    old = {row.year: (index, row) for index, row in enumerate(current)}
    nodes = {row.year: seq[index] for index, row in enumerate(current) if index < len(seq)}
    for year, item in years.items():
        if year in old:
            index, model = old[year]
            node = seq[index]
            if isinstance(node, CommentedMap):
                syncer.fields(node, model, item, FINANCIAL_FIELDS, f"financials[{year}]")
            continue
        node = syncer.new_node(item, ("year", *FINANCIAL_FIELDS), seq, with_id=False)
        later = next((i for i, row in enumerate(current) if row.year > year), None)
        if later is None:
            append_item(seq, node)
        else:
            if isinstance(seq[later], CommentedMap) and seq[later].fa.flow_style():
                node.fa.set_flow_style()
            seq.insert(_position(seq, current, later), node)
        syncer.changes.append(Change(syncer.file, f"financials[{year}]", "add", ref=item.ref))
    for year in sorted(old, reverse=True):
        if year in years:
            continue
        if syncer.prune:
            # by identity: rows of new years may have been inserted before it
            del seq[next(i for i, node in enumerate(seq) if node is nodes[year])]
        syncer.changes.append(Change(syncer.file, f"financials[{year}]", "remove" if syncer.prune else "keep"))


def _position(seq: CommentedSeq, current: Sequence[FinancialYear], later: int) -> int:
    """Return where the row of the file's ``later``-th year stands now (new rows may be inserted before it)."""
    target = current[later].year
    for index, node in enumerate(seq):
        if isinstance(node, CommentedMap) and node.get("year") == target:
            return index
    return len(seq)


def apply_account(
    doc: Document,
    account: Account,
    sheets: dict[str, SheetData],
    builder: Builder,
    prune: bool,
    exported: Mapping[str, int] | None = None,
) -> Syncer:
    """Apply the account sheets to the account's file; return the syncer with every change.

    ``exported``: per list, how many of the file's items the workbook numbers (those at the export,
    :mod:`~kamdocs.excel.positions`); by default all of them.
    """
    syncer = Syncer(doc.rel, prune)
    counts: Mapping[str, int] = exported or {}
    if "account_goals" in sheets:
        count = counts.get("goals", len(account.goals))
        goals = numbered_items(sheets["account_goals"], builder, AccountGoal, GOAL_FIELDS, count, "goals")
        apply_numbered(doc, syncer, "goals", goals, account.goals, GOAL_FIELDS, count)
    if "account_actions" in sheets:
        count = counts.get("actions", len(account.actions))
        actions = numbered_items(sheets["account_actions"], builder, Action, ACTION_FIELDS, count, "actions")
        apply_numbered(doc, syncer, "actions", actions, account.actions, ACTION_FIELDS, count)
    if "account_financials" in sheets:
        apply_financials(doc, syncer, financial_items(sheets["account_financials"], builder), account.financials)
    return syncer
