"""Turn the rows read from a workbook into validated items, with errors located at ``Sheet!C7``.

Each row is validated with the same pydantic model ``kamdocs check`` uses
(ids, types, dates, allowed values); then the rules a single row cannot see:
scale ranges, duplicate ids, unknown phases, dependencies, areas and
competencies.
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
from kamdocs.model import Area, Candidate, Competency, Criterion, Playbook, Task

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

    def __init__(self, reader: Reader, playbook: Playbook) -> None:
        self.reader = reader
        self.playbook = playbook

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
        for problem in problems:
            line, col = problem.line, problem.col
            missing = _MISSING.match(problem.message)
            if missing and missing.group(1) in cells and cells[missing.group(1)] in row.cells:
                cell = row.cells[cells[missing.group(1)]]
                line, col = cell.row, cell.col
                message = f"{missing.group(1)}: the cell is empty; it is required"
            else:
                message = problem.message
            self.reader.error(by_position.get((line, col), row.ref("id")), line, col, message)
        return value

    def scale(self, row: Row, key: str, value: int | None, low: int, high: int, what: str = "") -> None:
        """Report a value outside the scale ``low``–``high``."""
        if value is not None and not low <= value <= high:
            cell = row.cells[key]
            self.reader.cell_error(
                cell,
                f"{what or key}: {value} is outside the scale {low}–{high}; enter a whole number from {low} to {high}",
            )

    def unique(self, rows: list[tuple[str, Row]], key: str = "id", scope: str = "") -> set[str]:
        """Report ids used twice; return the ids seen."""
        seen: dict[str, Row] = {}
        for ident, row in rows:
            if ident in seen:
                self.reader.cell_error(
                    row.cells[key],
                    f"{key}: {ident!r} is used twice{scope} (also in row {seen[ident].number}); ids must be unique",
                )
            else:
                seen[ident] = row
        return set(seen)


def _given(row: Row, fields: tuple[str, ...], rename: dict[str, str] | None = None) -> dict[str, Any]:
    names = rename or {}
    return {f: row.value(names.get(f, f)) for f in fields}


def _refs(row: Row, fields: tuple[str, ...], rename: dict[str, str] | None = None) -> dict[str, str]:
    names = rename or {}
    return {f: row.ref(names.get(f, f)) for f in fields}


def readiness_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the areas (with their criteria) of the readiness sheet."""
    scale = builder.playbook.readiness.scale if builder.playbook.readiness else None
    low, high = (scale.min, scale.max) if scale else (1, 5)
    areas: list[Item] = []
    by_id: dict[str, Item] = {}
    current: Item | None = None
    rename = {"title": TITLE_STATEMENT, "statement": TITLE_STATEMENT}
    criteria_rows: dict[str, list[tuple[str, Row]]] = {}
    area_rows: list[tuple[str, Row]] = []
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
            area_rows.append((str(area_id), row))
            if area is None:
                invalid.add(str(area_id))  # its criteria are not reported a second time
            current = (
                Item(str(area_id), area, given, _refs(row, AREA_FIELDS, rename), row.ref("area"))
                if area is not None
                else None
            )
            if current is not None and current.id not in by_id:
                areas.append(current)
                by_id[current.id] = current
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
        builder.scale(row, "score", given["score"] if isinstance(given["score"], int) else None, low, high)
        builder.scale(row, "target", given["target"] if isinstance(given["target"], int) else None, low, high)
        criteria_rows.setdefault(owner.id, []).append((str(ident), row))
        if criterion is not None:
            owner.children.append(
                Item(str(ident), criterion, given, _refs(row, CRITERION_FIELDS, rename), row.ref("id"))
            )
    builder.unique(area_rows, "area")
    for area_id, rows in criteria_rows.items():
        builder.unique(rows, "id", f" in the area {area_id!r}")
    return areas


def task_items(sheet: SheetData, builder: Builder, kept: set[str]) -> list[Item]:
    """Return the tasks of the task sheet; ``kept`` are ids of tasks that stay although not in the sheet."""
    items: list[Item] = []
    plan = builder.playbook.tasks
    phases = {p.id for p in plan.phases} if plan else set()
    rows = [(str(r.value("id")), r) for r in sheet.rows]
    known = builder.unique(rows) | kept
    for ident, row in rows:
        given = _given(row, TASK_FIELDS)
        task = builder.model(Task, row, {"id": row.value("id"), **given}, {"id": "id", **{f: f for f in TASK_FIELDS}})
        if task is None:
            continue
        if task.phase is not None and task.phase not in phases:
            builder.reader.cell_error(
                row.cells["phase"],
                f"phase: unknown phase {task.phase!r}; "
                f"use one of {', '.join(sorted(phases)) or '(none defined in data/tasks.yaml)'}",
            )
        for dep in task.depends_on:
            if dep == task.id:
                builder.reader.cell_error(row.cells["depends_on"], f"depends_on: task {dep!r} depends on itself")
            elif dep not in known:
                builder.reader.cell_error(
                    row.cells["depends_on"], f"depends_on: unknown task {dep!r}; use the id of a task in this sheet"
                )
        items.append(Item(ident, task, given, _refs(row, TASK_FIELDS), row.ref("id")))
    return items


def competency_items(sheet: SheetData, builder: Builder) -> list[Item]:
    """Return the competencies of the profile sheet."""
    profile = builder.playbook.competencies
    low, high = (profile.scale.min, profile.scale.max) if profile else (1, 5)
    items: list[Item] = []
    rows = [(str(r.value("id")), r) for r in sheet.rows]
    builder.unique(rows)
    for ident, row in rows:
        given = _given(row, COMPETENCY_FIELDS)
        competency = builder.model(
            Competency, row, {"id": row.value("id"), **given}, {"id": "id", **{f: f for f in COMPETENCY_FIELDS}}
        )
        if competency is None:
            continue
        builder.scale(row, "required", competency.required, low, high)
        items.append(Item(ident, competency, given, _refs(row, COMPETENCY_FIELDS), row.ref("id")))
    return items


def candidate_items(sheet: SheetData, builder: Builder, competencies: set[str]) -> list[Item]:
    """Return the candidates of the ratings sheet; ``competencies`` are the ids a column may name."""
    profile = builder.playbook.competencies
    low, high = (profile.scale.min, profile.scale.max) if profile else (1, 5)
    for header in sheet.competencies:
        if header.value not in competencies:
            builder.reader.cell_error(
                header,
                f"unknown competency {header.value!r} in the field-name row; "
                f"use one of {', '.join(sorted(competencies))}",
            )
    columns = [str(h.value) for h in sheet.competencies]
    rows = [(str(r.value("id")), r) for r in sheet.rows]
    builder.unique(rows)
    items: list[Item] = []
    for ident, row in rows:
        given = _given(row, CANDIDATE_FIELDS)
        ratings = {cid: row.value(cid) for cid in columns}
        data = {"id": row.value("id"), **given, "ratings": {k: v for k, v in ratings.items() if v is not None}}
        candidate = builder.model(Candidate, row, data, {"id": "id", **{f: f for f in CANDIDATE_FIELDS}})
        for cid in columns:
            value = ratings[cid]
            builder.scale(row, cid, value if isinstance(value, int) else None, low, high, f"rating of {cid}")
        if candidate is None:
            continue
        item = Item(ident, candidate, given, _refs(row, CANDIDATE_FIELDS), row.ref("id"))
        item.ratings = {cid: candidate.ratings.get(cid) for cid in columns}
        item.refs.update({f"ratings.{cid}": row.ref(cid) for cid in columns})
        items.append(item)
    return items
