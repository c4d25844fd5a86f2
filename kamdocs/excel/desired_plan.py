"""Validated items of the format-v2 sheets: goals and KPIs, KPIs over time, routines.

Like :mod:`~kamdocs.excel.desired`: each row is validated with the model
``kamdocs check`` uses, errors located at their cells; the rules across rows
and files are the rule book's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from kamdocs.excel.desired import Builder, Item, _given, _refs, _rows
from kamdocs.excel.layout import TITLE_NAME
from kamdocs.excel.readback import Cell, SheetData
from kamdocs.model import Goal, Kpi, Routine
from kamdocs.model.common import IsoDate, Model, Quantity, Slug

GOAL_FIELDS = ("title", "owner")
KPI_FIELDS = ("name", "unit", "direction", "baseline", "target", "actual", "due", "baseline_date", "source")
"""In the order of the model, which new keys follow."""
ROUTINE_FIELDS = ("title", "owner", "every_days", "last_done", "start", "description")
POINT_FIELDS = ("date", "value")
_RENAME = {"title": TITLE_NAME, "name": TITLE_NAME}


class PointRow(Model):
    """One row of the KPI history sheet: a KPI's intermediate target or measured value on a date."""

    kpi: Slug
    kind: Literal["plan", "history"]
    date: IsoDate
    value: Quantity


@dataclass
class Points:
    """The rows of the KPI history sheet by KPI id and kind, each list in date order."""

    by_kpi: dict[str, dict[str, list[Item]]] = field(default_factory=dict)
    kpi_cells: dict[str, list[Cell]] = field(default_factory=dict)
    """KPI id → the cells that name it (to point at an id that is no KPI)."""


def routine_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the routines of the routines sheet."""
    return [item for _, item in _rows(sheet, builder, "routines", Routine, ROUTINE_FIELDS)]


def goal_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the goals (with their KPIs as children) of the KPI sheet, in sheet order.

    A row with a goal id and no KPI id is a goal row (title, owner); a KPI row belongs to the goal
    in its goal column, or to the goal above when that cell is empty.
    """
    goals: list[Item] = []
    by_id: dict[str, Item] = {}
    current: Item | None = None
    invalid: set[str] = set()
    for row in sheet.rows:
        goal_id, ident = row.value("goal"), row.value("id")
        if ident is None:
            if goal_id is None:
                builder.reader.cell_error(
                    row.cells["goal"], "goal: a row needs the goal id (a goal row) or a KPI id (a KPI row)"
                )
                continue
            given = _given(row, GOAL_FIELDS, _RENAME)
            cells = {"id": "goal", **{f: _RENAME.get(f, f) for f in GOAL_FIELDS}}
            goal = builder.model(Goal, row, {"id": goal_id, **given}, cells)
            if goal is None:
                invalid.add(str(goal_id))
                builder.leave_out("goals", goal_id)
                current = None
                continue
            current = Item(str(goal_id), goal, given, _refs(row, GOAL_FIELDS, _RENAME), row.ref("goal"))
            goals.append(current)
            by_id.setdefault(current.id, current)
            continue
        owner = by_id.get(str(goal_id)) if goal_id is not None else current
        if owner is None and (str(goal_id) in invalid or (goal_id is None and invalid)):
            continue
        if owner is None:
            target = row.cells["goal"] if goal_id is not None else row.cells["id"]
            builder.reader.cell_error(
                target,
                f"goal: {goal_id!r} has no goal row; add a row above with only the goal id, its title and owner"
                if goal_id is not None
                else "goal: this KPI comes before any goal row; fill in its goal id",
            )
            continue
        if row.value("owner") is not None:
            builder.reader.cell_error(
                row.cells["owner"], "owner: a KPI has no owner of its own; write the owner in its goal's row"
            )
        given = _given(row, KPI_FIELDS, _RENAME)
        cells = {"id": "id", **{f: _RENAME.get(f, f) for f in KPI_FIELDS}}
        kpi = builder.model(Kpi, row, {"id": ident, **given}, cells)
        if kpi is None:
            builder.leave_out("kpis", ident)
            continue
        owner.children.append(Item(str(ident), kpi, given, _refs(row, KPI_FIELDS, _RENAME), row.ref("id")))
    return goals


def point_items(sheet: SheetData, builder: Builder) -> Points:
    """Return the KPI history sheet's rows grouped by KPI and kind, each group sorted by date."""
    points = Points()
    for row in sheet.rows:
        data = {"kpi": row.value("kpi"), "kind": row.value("kind"), **_given(row, POINT_FIELDS)}
        point = builder.model(PointRow, row, data, {key: key for key in ("kpi", "kind", *POINT_FIELDS)})
        if point is None:
            continue
        item = Item(point.date.isoformat(), point, _given(row, POINT_FIELDS), _refs(row, POINT_FIELDS), row.ref("kpi"))
        same = points.by_kpi.setdefault(point.kpi, {}).setdefault(point.kind, [])
        first = next((other for other in same if other.id == item.id), None)
        if first is not None:
            builder.reader.cell_error(
                row.cells["date"],
                f"date: KPI {point.kpi!r} has a second {point.kind} value on {item.id} (the first is in "
                f"{first.refs['date']}); keep one value per date",
            )
            continue
        same.append(item)
        points.kpi_cells.setdefault(point.kpi, []).append(row.cells["kpi"])
    for kinds in points.by_kpi.values():
        for items in kinds.values():
            items.sort(key=lambda item: _date_of(item))
    return points


def _date_of(item: Item) -> dt.date:
    model = item.model
    return model.date if isinstance(model, PointRow) else dt.date.min
