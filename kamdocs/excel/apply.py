"""Apply the validated items of each sheet to the round-trip documents of the data files.

Each function returns its :class:`~kamdocs.excel.sync.Syncer`: the changes, and the row each mapping came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kamdocs.excel.desired import (
    AREA_FIELDS,
    CANDIDATE_FIELDS,
    COMPETENCY_FIELDS,
    CRITERION_FIELDS,
    TASK_FIELDS,
    Item,
)
from kamdocs.excel.sync import Change, Syncer, append_item, ensure_list, index_by_id
from kamdocs.excel.yamledit import Document
from kamdocs.model import Candidates, Competencies, Readiness, TaskPlan


def _criteria_sample(areas: CommentedSeq) -> CommentedSeq:
    """Return an existing criteria list, whose style a new area's criteria follow."""
    for area in reversed(areas):
        if isinstance(area, CommentedMap) and isinstance(area.get("criteria"), CommentedSeq) and area["criteria"]:
            return area["criteria"]  # type: ignore[no-any-return]
    return CommentedSeq()


def _add(
    syncer: Syncer,
    seq: CommentedSeq,
    item: Item,
    fields: Sequence[str],
    path: str,
    siblings: Sequence[Any] | None = None,
) -> CommentedMap:
    node = syncer.new_node(item, fields, siblings if siblings is not None else seq)
    append_item(seq, node)
    syncer.changes.append(Change(syncer.file, f"{path}[{item.id}]", "add", ref=item.ref))
    return node


def apply_readiness(doc: Document, items: list[Item], current: Readiness | None, prune: bool) -> Syncer:
    """Apply areas and criteria to ``data/readiness.yaml``."""
    syncer = Syncer(doc.rel, prune)
    areas = ensure_list(doc.data, "areas")
    nodes = index_by_id(areas)
    old_areas = {a.id: a for a in current.areas} if current else {}
    sample = _criteria_sample(areas)
    for area in items:
        path = f"areas[{area.id}]"
        node = nodes.get(area.id)
        # A second row with the same id becomes a second item, so that the rules report the duplicate.
        if node is None or area.id not in old_areas or syncer.applied(node):
            new = _add(syncer, areas, area, AREA_FIELDS, "areas")
            criteria = CommentedSeq()
            for criterion in area.children:
                child = syncer.new_node(criterion, CRITERION_FIELDS, sample)
                if len(sample) and isinstance(sample[0], CommentedMap) and sample[0].fa.flow_style():
                    child.fa.set_flow_style()
                criteria.append(child)
            if len(criteria):
                new["criteria"] = criteria
            continue
        old = old_areas[area.id]
        syncer.fields(node, old, area, AREA_FIELDS, path)
        old_criteria = {c.id: c for c in old.criteria}
        if not area.children and not isinstance(node.get("criteria"), CommentedSeq):
            continue
        criteria = ensure_list(node, "criteria")
        by_id = index_by_id(criteria)
        for criterion in area.children:
            child_node = by_id.get(criterion.id)
            if child_node is None or criterion.id not in old_criteria or syncer.applied(child_node):
                _add(syncer, criteria, criterion, CRITERION_FIELDS, f"{path}.criteria", sample)
            else:
                syncer.fields(
                    child_node,
                    old_criteria[criterion.id],
                    criterion,
                    CRITERION_FIELDS,
                    f"{path}.criteria[{criterion.id}]",
                )
        syncer.missing(criteria, {c.id for c in area.children}, f"{path}.criteria")
    syncer.missing(areas, {a.id for a in items}, "areas")
    return syncer


def apply_list(
    doc: Document, key: str, items: list[Item], current: Sequence[Any], fields: Sequence[str], prune: bool
) -> tuple[Syncer, list[CommentedMap]]:
    """Apply ``items`` to the list ``key`` (tasks, competencies, candidates); return each item's node."""
    syncer = Syncer(doc.rel, prune)
    seq = ensure_list(doc.data, key)
    nodes = index_by_id(seq)
    old = {model.id: model for model in current}
    placed: list[CommentedMap] = []
    for item in items:
        node = nodes.get(item.id)
        # A second row with the same id becomes a second item, so that the rules report the duplicate.
        if node is None or item.id not in old or syncer.applied(node):
            node = nodes[item.id] = _add(syncer, seq, item, fields, key)
        else:
            syncer.fields(node, old[item.id], item, fields, f"{key}[{item.id}]")
        placed.append(node)
    syncer.missing(seq, {i.id for i in items}, key)
    return syncer, placed


def apply_tasks(doc: Document, items: list[Item], current: TaskPlan | None, prune: bool) -> Syncer:
    """Apply tasks to ``data/tasks.yaml``."""
    syncer, _ = apply_list(doc, "tasks", items, current.tasks if current else (), TASK_FIELDS, prune)
    return syncer


def apply_competencies(doc: Document, items: list[Item], current: Competencies | None, prune: bool) -> Syncer:
    """Apply the profile to ``data/competencies.yaml``."""
    competencies = current.competencies if current else ()
    syncer, _ = apply_list(doc, "competencies", items, competencies, COMPETENCY_FIELDS, prune)
    return syncer


def apply_candidates(
    doc: Document, items: list[Item], current: Candidates | None, profile: Sequence[str], prune: bool
) -> Syncer:
    """Apply names, roles and ratings to ``data/candidates.yaml``."""
    people = current.candidates if current else ()
    syncer, placed = apply_list(doc, "candidates", items, people, CANDIDATE_FIELDS, prune)
    old = {c.id: c for c in people}
    nodes = [n for n in ensure_list(doc.data, "candidates") if isinstance(n, CommentedMap)]
    styles = [n["ratings"].fa.flow_style() for n in nodes if isinstance(n.get("ratings"), CommentedMap)]
    flow = bool(styles) and all(styles)
    for item, node in zip(items, placed, strict=True):
        before = dict(old[item.id].ratings) if item.id in old else {}
        syncer.ratings(node, before, item, profile, f"candidates[{item.id}]", flow)
    added = {c.path for c in syncer.changes if c.kind == "add"}
    # A new candidate is reported once as added, not once more per rating.
    syncer.changes = [c for c in syncer.changes if not (c.kind == "set" and c.path.split(".ratings.")[0] in added)]
    return syncer
