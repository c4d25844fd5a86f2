"""Keep the valid part of a file with errors, so that its cross-checks still run in the same pass.

When the errors of a file sit inside list items (a task with a misspelt status, a
criterion with ``weight: abc`` inside an area, a ``score: true``), those items are
left out and the rest is validated again: first only the innermost items that hold
an error, then, if that is not enough, the whole top-level items. The positions are
re-indexed to the shortened lists, so every cross-check problem (a target outside
the scale next to a type error) still points at the right line in the same run, and
the ids of the items left out are remembered: a reference to them is not reported
as unknown (their own error explains it).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kamdocs.load.validate import booleans_where_numbers
from kamdocs.load.yamlio import Located, Mark, PathKey

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Salvaged:
    """The valid rest of a file, its re-indexed positions and the ids of the items left out."""

    value: BaseModel
    located: Located
    dropped_ids: dict[str, frozenset[str]] = field(default_factory=dict)
    """List key (``tasks``; nested lists joined with dots, ``areas.criteria``) → ids of the items left out."""


def _errors(model: type[BaseModel], data: Any) -> list[PathKey]:
    """Return the location of every error in ``data``, booleans standing for numbers included."""
    found = booleans_where_numbers(model, data)
    try:
        model.model_validate(data)
    except ValidationError as exc:
        found += [tuple(error["loc"]) for error in exc.errors()]
    return found


def _item_of(data: Any, loc: PathKey, innermost: bool) -> tuple[PathKey, int] | None:
    """Return (path of the list, index) of the list item that holds the error at ``loc``."""
    found: tuple[PathKey, int] | None = None
    node = data
    for depth, part in enumerate(loc):
        if isinstance(part, int) and isinstance(node, list) and depth >= 1 and 0 <= part < len(node):
            found = (tuple(loc[:depth]), part)
            if not innermost:
                return found
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return found


def salvage(model: type[M], located: Located) -> Salvaged | None:
    """Return the valid rest of ``located`` as ``model``, or None when the errors are not in list items."""
    data = located.data
    if not isinstance(data, dict):
        return None
    errors = _errors(model, data)
    if not errors:
        return None  # nothing to salvage: the file is valid
    for innermost in (True, False):
        drop: dict[PathKey, set[int]] = {}
        for loc in errors:
            item = _item_of(data, loc, innermost)
            if item is None:
                return None
            drop.setdefault(item[0], set()).add(item[1])
        # An item inside an item that is dropped anyway needs no separate entry.
        drop = {path: indexes for path, indexes in drop.items() if not _inside_dropped(path, drop)}
        pruned = copy.copy(data)
        new_index: dict[PathKey, dict[int, int]] = {}
        dropped_ids: dict[str, frozenset[str]] = {}
        for path, indexes in sorted(drop.items(), key=lambda kv: -len(kv[0])):
            items = _get(data, path)
            kept = [i for i in range(len(items)) if i not in indexes]
            pruned = _set(pruned, path, [_get(pruned, path)[i] for i in kept])
            new_index[path] = {old: new for new, old in enumerate(kept)}
            key = ".".join(str(part) for part in path if isinstance(part, str))
            ids = frozenset(
                item["id"]
                for i, item in enumerate(items)
                if i in indexes and isinstance(item, dict) and isinstance(item.get("id"), str)
            )
            dropped_ids[key] = dropped_ids.get(key, frozenset()) | ids
        if booleans_where_numbers(model, pruned):
            continue
        try:
            value = model.model_validate(pruned)
        except ValidationError:
            continue
        return Salvaged(value, _reindexed(located, pruned, new_index), dropped_ids)
    return None


def _inside_dropped(path: PathKey, drop: dict[PathKey, set[int]]) -> bool:
    return any(
        len(other) < len(path) and path[: len(other)] == other and path[len(other)] in indexes
        for other, indexes in drop.items()
    )


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: PathKey, value: Any) -> Any:
    """Return a copy of ``data`` with ``value`` at ``path`` (only the containers on the way are copied)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    copied = copy.copy(data)
    copied[head] = _set(data[head], rest, value)
    return copied


def _reindexed(located: Located, data: Any, new_index: dict[PathKey, dict[int, int]]) -> Located:
    """Return positions keyed by the paths of the shortened lists."""

    def move(table: dict[PathKey, Mark]) -> dict[PathKey, Mark]:
        moved: dict[PathKey, Mark] = {}
        for path, mark in table.items():
            new_path: list[Any] = []
            for depth, part in enumerate(path):
                mapping = new_index.get(tuple(path[:depth]))
                if mapping is not None and isinstance(part, int):
                    if part not in mapping:
                        break  # inside an item left out
                    part = mapping[part]
                new_path.append(part)
            else:
                moved[tuple(new_path)] = mark
        return moved

    return Located(data, move(located.values), move(located.keys))
