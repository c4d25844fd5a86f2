"""Apply the format-v2 sheets to the round-trip documents: goals and KPIs, their dated values, routines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kamdocs.excel.apply import apply_list
from kamdocs.excel.desired import Builder, Item
from kamdocs.excel.desired_plan import GOAL_FIELDS, KPI_FIELDS, ROUTINE_FIELDS, Points
from kamdocs.excel.readback import Cell
from kamdocs.excel.sync import Change, Syncer, append_item, ensure_list, index_by_id, insert_key, yaml_value
from kamdocs.excel.yamledit import Document
from kamdocs.model import Goals, Kpi, TaskPlan
from kamdocs.suggest import suggest

KPI_ORDER = list(Kpi.model_fields)


def apply_routines(doc: Document, items: list[Item], current: TaskPlan | None, prune: bool) -> Syncer:
    """Apply the routines to ``data/tasks.yaml`` (an empty sheet adds no empty list to a file without one)."""
    if not items and not isinstance(doc.data.get("routines"), CommentedSeq):
        return Syncer(doc.rel, prune)
    syncer, _ = apply_list(doc, "routines", items, current.routines if current else (), ROUTINE_FIELDS, prune)
    return syncer


def _add(syncer: Syncer, seq: CommentedSeq, item: Item, fields: Sequence[str], path: str) -> CommentedMap:
    node = syncer.new_node(item, fields, seq)
    append_item(seq, node)
    syncer.changes.append(Change(syncer.file, f"{path}[{item.id}]", "add", ref=item.ref))
    return node


def apply_goals(doc: Document, items: list[Item], current: Goals | None, prune: bool) -> Syncer:
    """Apply goals (title, owner) and their KPIs to ``data/goals.yaml``; plan and history stay as they are."""
    syncer = Syncer(doc.rel, prune)
    if not items and not isinstance(doc.data.get("goals"), CommentedSeq):
        return syncer
    goals = ensure_list(doc.data, "goals")
    nodes = index_by_id(goals)
    old_goals = {g.id: g for g in current.goals} if current else {}
    for goal in items:
        path = f"goals[{goal.id}]"
        node = nodes.get(goal.id)
        # A second row with the same id becomes a second item, so that the rules report the duplicate.
        if node is None or goal.id not in old_goals or syncer.applied(node):
            new = _add(syncer, goals, goal, GOAL_FIELDS, "goals")
            kpis = CommentedSeq()
            for kpi in goal.children:
                kpis.append(syncer.new_node(kpi, KPI_FIELDS, kpis))
            if len(kpis):
                new["kpis"] = kpis
            continue
        old = old_goals[goal.id]
        syncer.fields(node, old, goal, GOAL_FIELDS, path)
        old_kpis = {k.id: k for k in old.kpis}
        if not goal.children and not isinstance(node.get("kpis"), CommentedSeq):
            continue
        kpis = ensure_list(node, "kpis")
        by_id = index_by_id(kpis)
        for kpi in goal.children:
            child = by_id.get(kpi.id)
            if child is None or kpi.id not in old_kpis or syncer.applied(child):
                _add(syncer, kpis, kpi, KPI_FIELDS, f"{path}.kpis")
            else:
                syncer.fields(child, old_kpis[kpi.id], kpi, KPI_FIELDS, f"{path}.kpis[{kpi.id}]")
        syncer.missing(kpis, {k.id for k in goal.children}, f"{path}.kpis")
    syncer.missing(goals, {g.id for g in items}, "goals")
    return syncer


def apply_baseline_date(doc: Document, syncer: Syncer, head: Cell | None, current: Goals | None) -> None:
    """Apply the default baseline date of the KPI sheet's title row to ``goals.yaml`` (an empty cell removes it)."""
    if head is None or isinstance(head.value, str):
        return  # no such cell, or text that is no date (reported at the cell)
    before = current.baseline_date if current else None
    after = head.value if isinstance(head.value, dt.date) else None
    root = doc.data
    syncer.origins[id(root)] = Item(
        "", current or Goals(), {"baseline_date": after}, {"baseline_date": head.ref}, head.ref
    )
    if before == after:
        return
    if after is None:
        del root["baseline_date"]
    elif "baseline_date" in root:
        root["baseline_date"] = after
    else:
        insert_key(root, "baseline_date", after, ["baseline_date", "goals"])
    syncer.changes.append(Change(syncer.file, "baseline_date", "set", before, after, head.ref))


def _kpi_nodes(doc: Document) -> dict[str, tuple[str, CommentedMap]]:
    """Return KPI id → (its goal's id, its mapping) in the document as edited so far."""
    found: dict[str, tuple[str, CommentedMap]] = {}
    for goal in doc.data.get("goals") or ():
        if not isinstance(goal, CommentedMap):
            continue
        for kpi in goal.get("kpis") or ():
            if isinstance(kpi, CommentedMap) and "id" in kpi:
                found.setdefault(str(kpi["id"]), (str(goal.get("id")), kpi))
    return found


def _date_in(node: Any) -> dt.date:
    """Return the date of a dated value's mapping (the earliest date when it has none)."""
    day = _as_date(node.get("date")) if isinstance(node, CommentedMap) else None
    return day or dt.date.min


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def apply_points(
    doc: Document, syncer: Syncer, points: Points, builder: Builder, known: Mapping[int, Item] | None = None
) -> None:
    """Apply the KPI history sheet to the ``plan`` and ``history`` lists of each KPI it names.

    A value is matched by its date (two values on one date are an error of the rule book): a new
    date is inserted in date order, a changed value replaces the old one, and a date no longer in
    the workbook stays (removed with --prune), as rows do on every sheet. ``known`` are the rows
    already applied (the KPI sheet's): a problem with a KPI's whole list is shown at its first row here.
    """
    kpis = _kpi_nodes(doc)
    for kpi_id, cells in points.kpi_cells.items():
        if kpi_id not in kpis:
            for cell in cells:
                builder.reader.cell_error(cell, f"kpi: {kpi_id!r} is not a KPI" + suggest(kpi_id, list(kpis)))
    for kpi_id, (goal_id, node) in kpis.items():
        kinds = points.by_kpi.get(kpi_id, {})
        if kinds:
            firsts = {kind: items[0].ref for kind, items in kinds.items() if items}
            owner = (known or {}).get(id(node))
            if owner is None:
                any_first = next(iter(firsts.values()))
                owner = syncer.origins[id(node)] = Item(kpi_id, Goals(), {}, {}, any_first)
            for kind, ref in firsts.items():
                owner.refs.setdefault(kind, ref)
        for kind in ("plan", "history"):
            _apply_kind(syncer, node, kinds.get(kind, []), kind, f"goals[{goal_id}].kpis[{kpi_id}].{kind}")


def _apply_kind(syncer: Syncer, kpi: CommentedMap, wanted: list[Item], kind: str, path: str) -> None:
    seq = kpi.get(kind)
    if not isinstance(seq, CommentedSeq):
        if not wanted:
            return
        seq = CommentedSeq()
        insert_key(kpi, kind, seq, KPI_ORDER)
    by_date = {item.id: item for item in wanted}
    present: set[str] = set()
    gone: list[int] = []
    for index, node in enumerate(seq):
        day = _as_date(node.get("date")) if isinstance(node, CommentedMap) else None
        key = day.isoformat() if day is not None else None
        item = by_date.get(key) if key is not None else None
        if item is None:
            gone.append(index)
            syncer.changes.append(Change(syncer.file, f"{path}[{key}]", "remove" if syncer.prune else "keep"))
            continue
        present.add(item.id)
        syncer.origins[id(node)] = item
        old, new = node.get("value"), getattr(item.model, "value", None)
        if isinstance(old, bool) or old != new:
            node["value"] = yaml_value(new, old)
            syncer.changes.append(Change(syncer.file, f"{path}[{key}].value", "set", old, new, item.refs.get("value")))
    if syncer.prune:
        for index in reversed(gone):
            del seq[index]
    for item in wanted:
        if item.id in present:
            continue
        point = CommentedMap()
        point["date"] = getattr(item.model, "date", None)
        point["value"] = yaml_value(getattr(item.model, "value", None))
        point.fa.set_flow_style()  # `- {date: 2027-03-31, value: 42}`: one line per value, as in the examples
        syncer.origins[id(point)] = item
        day = getattr(item.model, "date", dt.date.min)
        later = next((i for i, n in enumerate(seq) if _date_in(n) > day), None)
        if later is None:
            append_item(seq, point)
        else:
            seq.insert(later, point)
        syncer.changes.append(Change(syncer.file, f"{path}[{item.id}]", "add", ref=item.ref))
    if not len(seq):
        del kpi[kind]
