"""Keep the valid part of a file with errors, so that its cross-checks still run in the same pass.

When the only errors of a file sit inside items of its top-level lists (a task
with a misspelt status, a competency without ``required``), those items are
left out and the rest is validated again. The positions are re-indexed to the
shortened lists, so every cross-check problem still points at the right line,
and the ids of the items left out are remembered: a reference to them is not
reported as unknown (their own error explains it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kamdocs.load.yamlio import Located, Mark, PathKey

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Salvaged:
    """The valid rest of a file, its re-indexed positions and the ids of the items left out."""

    value: BaseModel
    located: Located
    dropped_ids: dict[str, frozenset[str]] = field(default_factory=dict)
    """Top-level list key → ids of the items left out."""


def salvage(model: type[M], located: Located) -> Salvaged | None:
    """Return the valid rest of ``located`` as ``model``, or None when the errors are not in list items."""
    data = located.data
    if not isinstance(data, dict):
        return None
    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
    else:
        return None  # nothing to salvage: the file is valid
    drop: dict[str, set[int]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if len(loc) < 2 or not isinstance(loc[0], str) or not isinstance(loc[1], int):
            return None
        if not isinstance(data.get(loc[0]), list):
            return None
        drop.setdefault(loc[0], set()).add(loc[1])
    pruned = dict(data)
    new_index: dict[str, dict[int, int]] = {}
    dropped_ids: dict[str, frozenset[str]] = {}
    for key, indexes in drop.items():
        kept = [i for i in range(len(data[key])) if i not in indexes]
        pruned[key] = [data[key][i] for i in kept]
        new_index[key] = {old: new for new, old in enumerate(kept)}
        dropped_ids[key] = frozenset(
            item["id"]
            for i, item in enumerate(data[key])
            if i in indexes and isinstance(item, dict) and isinstance(item.get("id"), str)
        )
    try:
        value = model.model_validate(pruned)
    except ValidationError:
        return None
    return Salvaged(value, _reindexed(located, pruned, new_index), dropped_ids)


def _reindexed(located: Located, data: Any, new_index: dict[str, dict[int, int]]) -> Located:
    """Return positions keyed by the paths of the shortened lists."""

    def move(table: dict[PathKey, Mark]) -> dict[PathKey, Mark]:
        moved: dict[PathKey, Mark] = {}
        for path, mark in table.items():
            if len(path) >= 2 and isinstance(path[0], str) and path[0] in new_index and isinstance(path[1], int):
                index = new_index[path[0]].get(path[1])
                if index is None:
                    continue  # an item left out
                path = (path[0], index, *path[2:])
            moved[path] = mark
        return moved

    return Located(data, move(located.values), move(located.keys))
