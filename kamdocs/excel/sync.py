"""Apply the items read from a workbook to the round-trip YAML documents and list every change.

Values are compared with the *validated model* of the current files (so
``weight`` left out and ``weight: 1`` are the same, and text such as
``1.10`` compares as written); only real differences touch the documents.
An empty cell removes the key; a value equal to what is there changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from kamdocs.excel.desired import Item

EMPTY = "(empty)"
_WORD = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Change:
    """One edit of a YAML file, as printed: ``file: path: old → new``."""

    file: str
    path: str
    kind: str
    """set, add, remove or keep (a row missing in the workbook that stays without --prune)."""
    old: Any = None
    new: Any = None
    ref: str | None = None
    """The cell the new value came from."""

    def line(self) -> str:
        """Return the printed form of the change."""
        if self.kind == "set":
            return f"{self.file}: {self.path}: {show(self.old)} → {show(self.new)}"
        if self.kind == "add":
            return f"{self.file}: {self.path}: added (from {self.ref})"
        if self.kind == "remove":
            return f"{self.file}: {self.path}: removed (not in the workbook; --prune)"
        return f"{self.file}: {self.path}: not in the workbook; kept (use --prune to remove it)"


def show(value: Any) -> str:
    """Return a short display form of a value."""
    if value is None or value == ():
        return EMPTY
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, str):
        if _WORD.match(value):
            return value  # ids and keywords such as statuses read better bare
        text = value if len(value) <= 60 else value[:57] + "…"
        return '"' + text.replace("\n", " ") + '"'
    return str(value)


def yaml_value(value: Any, old: Any = None, flow: bool = True) -> Any:
    """Return ``value`` ready for ruamel: whole floats as int, lists as flow lists, quoting kept."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple | list):
        seq = CommentedSeq(list(value))
        if isinstance(old, CommentedSeq):
            if old.fa.flow_style():
                seq.fa.set_flow_style()
            else:
                seq.fa.set_block_style()
        elif flow:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if isinstance(old, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(value)
        if isinstance(old, SingleQuotedScalarString):
            return SingleQuotedScalarString(value)
    return value


def _quote_like(value: Any, siblings: Sequence[Any], key: str) -> Any:
    """Quote new text like the same key (or any text) of the neighbouring items."""
    if not isinstance(value, str):
        return value
    for sibling in siblings:
        if isinstance(sibling, CommentedMap):
            sample = sibling.get(key)
            if isinstance(sample, DoubleQuotedScalarString | SingleQuotedScalarString):
                return yaml_value(value, sample)
    return value


def insert_key(node: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Insert ``key`` after the last present key that precedes it in the model's field order."""
    position = 0
    if key in order:
        before = set(order[: order.index(key)])
        for index, existing in enumerate(node):
            if existing in before:
                position = index + 1
    else:
        position = len(node)
    node.insert(position, key, value)


def _trailing_comment(node: Any) -> tuple[Any, Any] | None:
    """Return (holder, key) of the comment that ends ``node`` (blank lines after the last key)."""
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        entry = node.ca.items.get(last)
        slot = 2 if isinstance(node, CommentedMap) else 0
        if entry and len(entry) > slot and entry[slot] is not None:
            return node, last
        node = node[last]
    return None


def append_item(seq: CommentedSeq, item: CommentedMap) -> None:
    """Append ``item`` in the style of its neighbours, keeping the blank line that ended the list."""
    previous = seq[-1] if len(seq) else None
    if isinstance(previous, CommentedMap) and previous.fa.flow_style():
        item.fa.set_flow_style()
    found = _trailing_comment(seq)
    seq.append(item)
    if found is None:
        return
    holder, key = found
    slot = 2 if isinstance(holder, CommentedMap) else 0
    token = holder.ca.items[key][slot]
    if token.value.startswith("#"):
        # An end-of-line comment stays on its line; only what follows it (blank lines) moves.
        first, _, rest = token.value.partition("\n")
        if not rest:
            return
        token.value = first + "\n"
        token = CommentToken("\n" + rest, CommentMark(0), None)
    else:
        holder.ca.items[key][slot] = None
    if item.fa.flow_style():
        seq.ca.items.setdefault(len(seq) - 1, [None, None, None, None])[0] = token
    else:
        last_key = list(item)[-1]
        item.ca.items.setdefault(last_key, [None, None, None, None])[2] = token


class Syncer:
    """Collect the changes of one file while applying items to its document."""

    def __init__(self, file: str, prune: bool) -> None:
        self.file = file
        self.prune = prune
        self.changes: list[Change] = []
        self.origins: dict[int, Item] = {}
        """id() of every mapping a row was applied to → that row's item (to show the rules' errors at cells)."""

    def applied(self, node: CommentedMap) -> bool:
        """Tell whether a row was already applied to ``node`` (the next row with its id is a duplicate)."""
        return id(node) in self.origins

    def fields(self, node: CommentedMap, old: BaseModel, item: Item, fields: Sequence[str], path: str) -> None:
        """Set, replace or remove the keys of ``fields`` where the item differs from ``old``."""
        self.origins[id(node)] = item
        order = list(type(old).model_fields)
        for key in fields:
            before, after = getattr(old, key), getattr(item.model, key)
            if _same(before, after):
                continue
            if item.given.get(key) in (None, ()) and key in node:
                del node[key]
            elif key in node:
                node[key] = yaml_value(_plain(after), node[key])
            else:
                insert_key(node, key, yaml_value(_plain(after)), order)
            self.changes.append(Change(self.file, f"{path}.{key}", "set", before, after, item.refs.get(key)))

    def new_node(
        self, item: Item, fields: Sequence[str], siblings: Sequence[Any], *, with_id: bool = True
    ) -> CommentedMap:
        """Return a mapping for a new item: its id (unless ``with_id`` is false), then the filled-in fields."""
        node = CommentedMap()
        self.origins[id(node)] = item
        if with_id:
            node["id"] = item.id
        for key in fields:
            if item.given.get(key) not in (None, ()):
                node[key] = _quote_like(yaml_value(_plain(getattr(item.model, key))), siblings, key)
        return node

    def missing(self, seq: CommentedSeq, wanted: set[str], path: str) -> None:
        """Report (or with --prune remove) the items of ``seq`` that have no row in the workbook."""
        for index in range(len(seq) - 1, -1, -1):
            node = seq[index]
            ident = str(node.get("id")) if isinstance(node, CommentedMap) else None
            if ident is None or ident in wanted:
                continue
            if self.prune:
                del seq[index]
            self.changes.append(Change(self.file, f"{path}[{ident}]", "remove" if self.prune else "keep"))

    def ratings(
        self,
        node: CommentedMap,
        before: dict[str, int],
        item: Item,
        order: Sequence[str],
        path: str,
        flow: bool = False,
    ) -> None:
        """Bring the ``ratings`` mapping of one candidate in line with the sheet's columns.

        A candidate without ratings gets a mapping in the style of the others (``flow``: ``{a: 1}``).
        """
        for cid, after in item.ratings.items():
            old = before.get(cid)
            if old == after:
                continue
            ratings = node.get("ratings")
            if not isinstance(ratings, CommentedMap):
                ratings = CommentedMap()
                if flow:
                    ratings.fa.set_flow_style()
                insert_key(node, "ratings", ratings, ["id", "name", "role", "assessed_on", "assessed_by", "ratings"])
            if after is None:
                del ratings[cid]
            elif cid in ratings:
                ratings[cid] = after
            else:
                insert_key(ratings, cid, after, order)
            self.changes.append(
                Change(self.file, f"{path}.ratings.{cid}", "set", old, after, item.refs.get(f"ratings.{cid}"))
            )


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def ensure_list(doc: CommentedMap, key: str) -> CommentedSeq:
    """Return the list under ``key``, creating it when the file has none."""
    value = doc.get(key)
    if not isinstance(value, CommentedSeq):
        value = CommentedSeq()
        doc[key] = value
    return value


def index_by_id(seq: CommentedSeq) -> dict[str, CommentedMap]:
    """Return id → mapping of the items of ``seq``."""
    return {str(node["id"]): node for node in seq if isinstance(node, CommentedMap) and "id" in node}
