"""Turn the rows read from a workbook into validated items, with errors located at ``Sheet!C7``.

Each row is validated with the same pydantic model ``kamdocs check`` uses
(ids, types, dates, allowed values). Only what is particular to the sheet is
checked here (a criterion row needs its area row); the rules across rows and
files (duplicate ids, phases, dependencies, scales, competencies) are the rule
book's, run on the project as the import would write it (:mod:`~kamdocs.excel.rulecheck`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from kamdocs.excel.layout import TITLE_STATEMENT
from kamdocs.excel.readback import Reader, Row, SheetData
from kamdocs.load.validate import validate
from kamdocs.load.yamlio import Located, Mark
from kamdocs.model import Area, Candidate, Competency, Criterion, Task

M = TypeVar("M", bound=BaseModel)
_MISSING = re.compile(r"^missing required key '([^']+)'")

AREA_FIELDS = ("title", "weight")
CRITERION_FIELDS = ("statement", "weight", "score", "target", "comment", "action")
TASK_FIELDS = ("title", "phase", "owner", "start", "due", "duration_days", "depends_on", "status")
COMPETENCY_FIELDS = ("name", "group", "weight", "required", "critical")
CANDIDATE_FIELDS = ("name", "role")


@dataclass
class Item:
    """One row as it should be in the YAML file: the validated model and the cells it came from."""

    id: str
    model: BaseModel
    given: dict[str, Any]
    """Field → value read (None when the cell is empty: the key is removed or left out)."""
    refs: dict[str, str]
    """Field → cell reference."""
    ref: str
    """Reference of the id cell."""
    children: list[Item] = field(default_factory=list)
    """Readiness areas: their criteria, in sheet order."""
    ratings: dict[str, int | None] = field(default_factory=dict)
    """Ratings rows: competency id → rating (None when the cell is empty)."""


class Builder:
    """Validate rows into items, recording problems in the shared :class:`Reader`."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.left_out: dict[str, set[str]] = {}
        """List key (tasks, areas, criteria, competencies, candidates) → ids of rows with errors of their own."""

    def leave_out(self, key: str, ident: Any) -> None:
        """Remember that the row of ``ident`` in list ``key`` has errors (the rules then ignore it)."""
        if isinstance(ident, str):
            self.left_out.setdefault(key, set()).add(ident)

    def model(self, model: type[M], row: Row, data: dict[str, Any], cells: dict[str, str]) -> M | None:
        """Validate ``data`` (field → value) as ``model``; locate every error at its cell."""
        located = Located({k: v for k, v in data.items() if v is not None and v != ()})
        located.values[()] = Mark(row.number, 1)
        by_position: dict[tuple[int, int], str] = {(row.number, 1): row.ref("id")}
        for key, source in cells.items():
            cell = row.cells.get(source)
            if cell is not None:
                located.values[(key,)] = Mark(cell.row, cell.col)
                by_position[(cell.row, cell.col)] = cell.ref
        if model is Candidate:
            for cid, cell in row.cells.items():
                if cid not in cells.values():
                    located.values[("ratings", cid)] = Mark(cell.row, cell.col)
                    by_position[(cell.row, cell.col)] = cell.ref
        value, problems = validate(model, located, self.reader.source)
        refused = {(cell.row, cell.col) for key, cell in row.cells.items() if key in row.refused}
        for problem in problems:
            line, col = problem.line, problem.col
            if (line, col) in refused:
                continue  # the cell was refused with a message of its own
            missing = _MISSING.match(problem.message)
            if missing and missing.group(1) in cells and cells[missing.group(1)] in row.cells:
                cell = row.cells[cells[missing.group(1)]]
                line, col = cell.row, cell.col
                message = f"{missing.group(1)}: the cell is empty; it is required"
            else:
                message = problem.message
            self.reader.error(by_position.get((line, col), row.ref("id")), line, col, message)
        return value


def _given(row: Row, fields: tuple[str, ...], rename: dict[str, str] | None = None) -> dict[str, Any]:
    names = rename or {}
    return {f: row.value(names.get(f, f)) for f in fields}


def _refs(row: Row, fields: tuple[str, ...], rename: dict[str, str] | None = None) -> dict[str, str]:
    names = rename or {}
    return {f: row.ref(names.get(f, f)) for f in fields}


def readiness_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the areas (with their criteria) of the readiness sheet, in sheet order."""
    areas: list[Item] = []
    by_id: dict[str, Item] = {}
    current: Item | None = None
    rename = {"title": TITLE_STATEMENT, "statement": TITLE_STATEMENT}
    invalid: set[str] = set()
    for row in sheet.rows:
        area_id, ident = row.value("area"), row.value("id")
        if ident is None:
            if area_id is None:
                builder.reader.cell_error(
                    row.cells["area"], "area: a row needs the area id (an area row) or a criterion id (a criterion row)"
                )
                continue
            given = _given(row, AREA_FIELDS, rename)
            cells = {"id": "area", **{f: rename.get(f, f) for f in AREA_FIELDS}}
            area = builder.model(Area, row, {"id": area_id, **given}, cells)
            if area is None:
                invalid.add(str(area_id))  # its criteria are not reported a second time
                builder.leave_out("areas", area_id)
                current = None
                continue
            # A second row of the same area stays a second area: the rules report the duplicate id.
            current = Item(str(area_id), area, given, _refs(row, AREA_FIELDS, rename), row.ref("area"))
            areas.append(current)
            by_id.setdefault(current.id, current)
            continue
        owner = by_id.get(str(area_id)) if area_id is not None else current
        if owner is None and (str(area_id) in invalid or (area_id is None and invalid)):
            continue
        if owner is None:
            target = row.cells["area"] if area_id is not None else row.cells["id"]
            builder.reader.cell_error(
                target,
                f"area: {area_id!r} has no area row; add a row above with only the area id, its title and weight"
                if area_id is not None
                else "area: this criterion comes before any area row; fill in its area id",
            )
            continue
        given = _given(row, CRITERION_FIELDS, rename)
        cells = {"id": "id", **{f: rename.get(f, f) for f in CRITERION_FIELDS}}
        criterion = builder.model(Criterion, row, {"id": ident, **given}, cells)
        if criterion is None:
            builder.leave_out("criteria", ident)
            continue
        owner.children.append(Item(str(ident), criterion, given, _refs(row, CRITERION_FIELDS, rename), row.ref("id")))
    return areas


def _rows(
    sheet: SheetData, builder: Builder, key: str, model: type[M], fields: tuple[str, ...]
) -> list[tuple[Row, Item]]:
    """Validate every row of a one-row-per-item sheet; return the valid ones with their items."""
    items: list[tuple[Row, Item]] = []
    for row in sheet.rows:
        given = _given(row, fields)
        data = {"id": row.value("id"), **given}
        if model is Candidate:
            ratings = {str(c.value): row.value(str(c.value)) for c in sheet.competencies}
            data["ratings"] = {cid: value for cid, value in ratings.items() if value is not None}
        value = builder.model(model, row, data, {"id": "id", **{f: f for f in fields}})
        if value is None:
            builder.leave_out(key, row.value("id"))
            continue
        items.append((row, Item(str(row.value("id")), value, given, _refs(row, fields), row.ref("id"))))
    return items


def task_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the tasks of the task sheet."""
    return [item for _, item in _rows(sheet, builder, "tasks", Task, TASK_FIELDS)]


def competency_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the competencies of the profile sheet."""
    return [item for _, item in _rows(sheet, builder, "competencies", Competency, COMPETENCY_FIELDS)]


def candidate_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the candidates of the ratings sheet with the rating of every competency column."""
    columns = [str(c.value) for c in sheet.competencies]
    items = []
    for row, item in _rows(sheet, builder, "candidates", Candidate, CANDIDATE_FIELDS):
        ratings = item.model.ratings if isinstance(item.model, Candidate) else {}
        item.ratings = {cid: ratings.get(cid) for cid in columns}
        item.refs.update({f"ratings.{cid}": row.ref(cid) for cid in columns})
        items.append(item)
    return items
