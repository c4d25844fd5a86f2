"""Table-driven comparison of two versions of a plan: the machinery, not the plan's terms.

A :class:`Section` names figures (single values such as the readiness overall) and collections
(lists of items with an id, such as tasks) and, for each, the fields to compare; the tables for the
playbook's sections are in :mod:`kamdocs.vcs.sections`. Adding a compared value is one row there:
a :class:`Field` with a key, a getter and a kind. The kind says how a change is measured (points,
days, amount) and shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from kamdocs.analysis.audience import View

Kind = Literal["percent", "number", "money", "count", "date", "text", "status", "flag", "path"]
"""percent: change in points; number/money/count: difference; date: days; path: a list of (id, title)."""
Status = Literal["added", "removed", "changed"]
_EPSILON = 1e-9


@dataclass(frozen=True)
class Field:
    """One compared value: its key (JSON and label), how to read it from an item, and its kind."""

    key: str
    get: Callable[[Any], Any]
    kind: Kind


@dataclass(frozen=True)
class Collection:
    """A list of items compared by id: added, removed, and changed fields of the rest."""

    key: str
    items: Callable[[Any], Iterable[Any]]
    ident: Callable[[Any], str]
    title: Callable[[Any], str]
    fields: tuple[Field, ...]
    extra: Callable[[Any, Any], tuple[Delta, ...]] | None = None
    """Changes that need both versions of an item (e.g. words changed in a chapter)."""
    pair: Callable[[Any, Any], bool] | None = None
    """Whether a removed and an added item are the same one under a new id (a renamed file)."""


@dataclass(frozen=True)
class Section:
    """One section of the plan: how to find it in a view, its figures and its collections."""

    key: str
    get: Callable[[View], Any]
    """The section's value in a view (None when its data file is missing)."""
    figures: tuple[Field, ...] = ()
    collections: tuple[Collection, ...] = ()
    individuals: bool = False
    """Only compared when the audience may see individual ratings."""


@dataclass(frozen=True)
class Delta:
    """A value before and after; ``change`` is the difference in the kind's unit, when it has one."""

    key: str
    kind: Kind
    old: Any
    new: Any

    @property
    def change(self) -> float | int | None:
        """Return new − old: points, amount or days; None for text or when a side is missing."""
        if self.old is None or self.new is None:
            return None
        if self.kind == "date":
            return int((self.new - self.old).days)
        if self.kind in ("percent", "number", "money", "count"):
            difference: float | int = self.new - self.old
            return difference
        return None


@dataclass(frozen=True)
class ItemChange:
    """An item added, removed or changed; ``old_title`` is set when it was retitled."""

    collection: str
    id: str
    title: str
    status: Status
    deltas: tuple[Delta, ...] = ()
    old_title: str | None = None
    old_id: str | None = None
    """Set when the item was found under another id (a chapter file renamed)."""


@dataclass(frozen=True)
class SectionChange:
    """The changes of one section; ``status`` is ``added``/``removed`` when its data file came or went."""

    key: str
    status: Status
    figures: tuple[Delta, ...]
    items: tuple[ItemChange, ...]

    def count(self, collection: str, status: Status) -> int:
        """Return how many items of ``collection`` have ``status``."""
        return sum(1 for i in self.items if i.collection == collection and i.status == status)


def _same(kind: Kind, old: Any, new: Any) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return abs(old - new) <= _EPSILON * max(1.0, abs(old), abs(new))
    if kind == "path":
        return [i for i, _ in old or ()] == [i for i, _ in new or ()]
    return bool(old == new)


def _read(field: Field, value: Any) -> Any:
    got = field.get(value) if value is not None else None
    if isinstance(got, int | float) and not isinstance(got, bool) and field.kind != "count":
        return float(got) if field.kind in ("percent", "money") else got
    return got


def compare_fields(fields: Iterable[Field], old: Any, new: Any, *, all_values: bool = False) -> tuple[Delta, ...]:
    """Return the deltas of ``fields`` between ``old`` and ``new`` (all of them with ``all_values``)."""
    deltas = []
    for field in fields:
        before, after = _read(field, old), _read(field, new)
        if all_values and (before is not None or after is not None):
            deltas.append(Delta(field.key, field.kind, before, after))
        elif not all_values and not _same(field.kind, before, after):
            deltas.append(Delta(field.key, field.kind, before, after))
    return tuple(deltas)


def compare_collection(collection: Collection, old: Any, new: Any) -> list[ItemChange]:
    """Return the added, removed (in old order) and changed items (in new order) of ``collection``."""
    before = {collection.ident(i): i for i in (collection.items(old) if old is not None else ())}
    after = {collection.ident(i): i for i in (collection.items(new) if new is not None else ())}
    removed = [k for k in before if k not in after]
    added = [k for k in after if k not in before]
    renamed: dict[str, str] = {}  # new id → old id
    if collection.pair is not None:
        for new_id in added:
            match = next(
                (k for k in removed if k not in renamed.values() and collection.pair(before[k], after[new_id])), None
            )
            if match is not None:
                renamed[new_id] = match
    changes: list[ItemChange] = []
    for key in removed:
        if key in renamed.values():
            continue
        item = before[key]
        changes.append(
            ItemChange(
                collection.key,
                key,
                collection.title(item),
                "removed",
                compare_fields(collection.fields, item, None, all_values=True),
            )
        )
    for key, item in after.items():
        old_key = renamed.get(key, key)
        if old_key not in before:
            changes.append(
                ItemChange(
                    collection.key,
                    key,
                    collection.title(item),
                    "added",
                    compare_fields(collection.fields, None, item, all_values=True),
                )
            )
            continue
        previous = before[old_key]
        deltas = compare_fields(collection.fields, previous, item)
        if collection.extra is not None:
            deltas += collection.extra(previous, item)
        old_title = collection.title(previous)
        title = collection.title(item)
        if deltas or old_title != title or old_key != key:
            changes.append(
                ItemChange(
                    collection.key,
                    key,
                    title,
                    "changed",
                    deltas,
                    old_title if old_title != title else None,
                    old_key if old_key != key else None,
                )
            )
    return changes


def compare_section(section: Section, old: View, new: View) -> SectionChange | None:
    """Return the changes of ``section`` between two views, None when nothing changed."""
    if section.individuals and not (old.individuals and new.individuals):
        return None
    before, after = section.get(old), section.get(new)
    if before is None and after is None:
        return None
    status: Status = "added" if before is None else "removed" if after is None else "changed"
    figures = compare_fields(section.figures, before, after, all_values=status != "changed")
    items = tuple(change for c in section.collections for change in compare_collection(c, before, after))
    if status == "changed" and not figures and not items:
        return None
    return SectionChange(section.key, status, figures, items)


def days(old: dt.date | None, new: dt.date | None) -> int | None:
    """Return the days between two dates (positive: later), None when either is missing."""
    return None if old is None or new is None else (new - old).days
