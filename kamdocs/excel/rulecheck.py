"""Check the project as an import would write it with the rule book of ``kamdocs check``; errors at their cells.

The edited documents are read back the way the loader reads a file (parse, then
the file's model), and the whole project goes through
:func:`~kamdocs.load.crosscheck.cross_check_parts`. So a mistake made in the
workbook gets the message ``kamdocs check`` prints for the same mistake in the
YAML file, shown at the cell the value came from (``Tasks!C7: …``); a problem in
data the workbook does not hold is shown at its line in the file as the import
would write it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from openpyxl.utils.cell import column_index_from_string
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kamdocs.errors import Problem, Severity
from kamdocs.excel.desired import Item
from kamdocs.excel.yamledit import Document
from kamdocs.load.crosscheck import cross_check_parts, parts_of
from kamdocs.load.findings import Placer, Spot
from kamdocs.load.project import LoadResult
from kamdocs.load.validate import validate
from kamdocs.load.yamlio import Mark, PathKey, YamlProblem, parse
from kamdocs.model import DATA_FILES, Account

NOTE = " (in the file as the import would write it; nothing was written)"
PARTS: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    "data/readiness.yaml": ("readiness", (("areas",), ("areas", "criteria"))),
    "data/tasks.yaml": ("tasks", (("tasks",), ("routines",))),
    "data/competencies.yaml": ("competencies", (("competencies",),)),
    "data/candidates.yaml": ("candidates", (("candidates",),)),
    "data/goals.yaml": ("goals", (("goals",), ("goals", "kpis"))),
}
"""Data file an import edits → (its part of the project, its lists of items: a top list, or a list in its items)."""
_REF = re.compile(r"!\$?([A-Z]+)\$?(\d+)$")


def check_would_be(
    loaded: LoadResult,
    docs: Mapping[str, Document],
    origins: Mapping[int, Item],
    left_out: Mapping[str, set[str]],
    source: str,
) -> list[Problem]:
    """Return the problems of the project with ``docs`` as edited; rows in ``left_out`` have errors of their own.

    ``origins`` maps the id() of every mapping a row was applied to onto that row's item.
    """
    if loaded.playbook is None:  # pragma: no cover - the import refuses a project with errors first
        return []
    problems: list[Problem] = []
    sources = dict(loaded.sources)
    replaced: dict[str, Any] = {}
    dropped: dict[tuple[str, str], frozenset[str]] = {}
    changed: set[str] = set()
    accounts: dict[str, Account | None] = {}
    for rel, doc in docs.items():
        part, lists = PARTS.get(rel, ("accounts", ()))
        for key, gone in _leave_out(doc, lists, left_out, origins).items():
            dropped[(rel, key)] = frozenset(gone)
        text = doc.render().removeprefix("\ufeff").replace("\r\n", "\n")
        if text != doc.original:
            changed.add(rel)
        try:
            located = parse(text)
        except YamlProblem as exc:  # pragma: no cover - ruamel writes valid YAML
            problems.append(Problem(rel, exc.line, exc.col, Severity.ERROR, exc.message + NOTE))
            if part == "accounts":
                accounts[rel] = None
            else:
                replaced[part] = None
            continue
        model = Account if part == "accounts" else DATA_FILES[rel.removeprefix("data/")]
        value, errors = validate(model, located, rel)
        problems.extend(replace(p, message=p.message + NOTE) for p in errors)
        sources[rel] = located
        if part == "accounts":
            accounts[rel] = value if isinstance(value, Account) else None
        else:
            replaced[part] = value
    parts = replace(parts_of(loaded.playbook, loaded.sources), dropped=dropped, **replaced)
    if accounts:
        # An account file edited by the import replaces its account (or drops it when it does not validate).
        edited = tuple((rel, accounts.get(rel, account)) for rel, account in parts.accounts)
        parts = replace(parts, accounts=tuple((rel, a) for rel, a in edited if a is not None))
    return problems + cross_check_parts(parts, sources, _placer(docs, origins, changed, source))


def _leave_out(
    doc: Document, lists: tuple[tuple[str, ...], ...], left_out: Mapping[str, set[str]], origins: Mapping[int, Item]
) -> dict[str, set[str]]:
    """Drop the items whose row has errors, as ``check`` leaves out such items; return their ids by top list.

    Only ever done when the import is refused anyway (a row has errors), so the document is not written.
    """

    def prune(seq: Any, ids: set[str]) -> None:
        if not isinstance(seq, CommentedSeq):
            return
        for index in range(len(seq) - 1, -1, -1):
            node = seq[index]
            if isinstance(node, CommentedMap) and node.get("id") in ids and id(node) not in origins:
                del seq[index]

    gone: dict[str, set[str]] = {}
    for path in lists:
        ids = left_out.get(path[-1], set())
        if not ids:
            continue
        if len(path) == 1:
            prune(doc.data.get(path[0]), ids)
            gone[path[0]] = set(ids)
        else:
            for parent in doc.data.get(path[0]) or ():
                if isinstance(parent, CommentedMap):
                    prune(parent.get(path[1]), ids)
    return gone


def _placer(docs: Mapping[str, Document], origins: Mapping[int, Item], changed: set[str], source: str) -> Placer:
    """Return where a problem shows: the cell its value came from, else its line in the would-be file."""

    def place(rel: str, path: PathKey, mark: Mark) -> Spot | None:
        doc = docs.get(rel)
        if doc is None:
            return None
        ref = cell_of(doc.data, path, origins)
        match = _REF.search(ref) if ref is not None else None
        if ref is not None and match is not None:
            return Spot(source, int(match.group(2)), column_index_from_string(match.group(1)), ref)
        return Spot(rel, mark.line, mark.col, note=NOTE) if rel in changed else None

    return place


def cell_of(data: Any, path: PathKey, origins: Mapping[int, Item]) -> str | None:
    """Return the cell that the value at ``path`` came from, or None when no row of the workbook holds it."""
    node = data
    item: Item | None = None
    rest: list[str | int] = []
    for depth, step in enumerate(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            rest.extend(path[depth:])  # a key the item does not have (yet): its cell is still the place
            break
        if isinstance(node, CommentedMap) and id(node) in origins:
            item, rest = origins[id(node)], []
        else:
            rest.append(step)
    if item is None:
        return None
    if not rest or rest[0] == "id":
        return item.ref
    if rest[0] == "ratings":  # one rating's cell, or the row for all of them
        return item.refs.get(f"ratings.{rest[1]}") if len(rest) > 1 else item.ref
    return item.refs.get(str(rest[0]))
