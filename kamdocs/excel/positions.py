"""Record which goals and actions an account's workbook was exported with, and check them on import.

Goals and actions have no ids in format v1, so a row of the workshop workbook
updates the item at its number (``no``): the item's place in the account file
at the export. Once someone inserts, removes, moves or renames a goal or action
in the file (in git, while the workbook is out at the customer), row 3 would
silently update what is now another goal. So the export writes, per list, the
number of items and a digest of their identities (a goal's id, else its title;
an action's title) into a custom document property, which Excel and LibreOffice
keep and nobody edits by accident; import refuses the workbook when the file's
list no longer starts with the same items.

Only positions matter: edits of other fields of an item (its status, a
figure), of other keys of the file (contacts, financials) and items appended
at the end since the export leave every number pointing at its item, so they
do not block the import (a field that differs from its cell is then set to the
cell's value and listed, as on every sheet). A workbook without the record (an
older kamdocs, or a program that drops document properties) imports with a
warning.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.packaging.custom import StringProperty

from kamdocs.errors import NO_POSITION, KamdocsError, Problem, Severity
from kamdocs.excel.yamledit import Document
from kamdocs.model import Account

PROPERTIES = {"goals": "kamdocs.goals", "actions": "kamdocs.actions"}
"""List of the account file → name of the custom document property that records it."""
SHEETS = {"goals": "account_goals", "actions": "account_actions"}
_VALUE = re.compile(r"(\d{1,9}) ([a-z2-7]{52})")
"""``<count> <digest>``: the digest in lower-case base32, which has no 0, 1, 8, 9 nor capitals,
so it can never spell a figure or a name the workbook must not hold for the customer."""


def _identities(account: Account, key: str) -> list[tuple[str, str]]:
    """Return what tells the items of the list ``key`` apart: a goal's id (else its title), an action's title."""
    if key == "goals":
        return [("id", goal.id) if goal.id else ("title", goal.title) for goal in account.goals]
    return [("title", action.title) for action in account.actions]


def _digest(account_id: str, key: str, identities: list[tuple[str, str]]) -> str:
    text = json.dumps([account_id, key, identities], ensure_ascii=False, separators=(",", ":"))
    return base64.b32encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii").rstrip("=").lower()


def record(wb: Any, account: Account) -> None:
    """Write the goals and actions of ``account`` as exported into the custom properties of ``wb``."""
    for key, name in PROPERTIES.items():
        identities = _identities(account, key)
        value = f"{len(identities)} {_digest(account.id, key, identities)}"
        wb.custom_doc_props.append(StringProperty(name=name, value=value))


@dataclass
class Exported:
    """What the workbook's record says: per checked list, how many of the file's items it numbers."""

    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


def _where(doc: Document, key: str) -> tuple[int, int]:
    """Return the 1-based line and column of ``key`` in the account file (no position when it is gone)."""
    lc = getattr(doc.data, "lc", None)
    if lc is None or key not in doc.data:
        return NO_POSITION, NO_POSITION
    try:
        line, col = lc.key(key)
    except (KeyError, TypeError):  # ruamel did not record where the key stands
        return NO_POSITION, NO_POSITION
    return line + 1, col + 1


def _changed(doc: Document, account: Account, key: str, count: int, source: str) -> Problem:
    now = len(_identities(account, key))
    item = "a goal" if key == "goals" else "an action"
    message = (
        f"{key}: the {key} of {account.id} changed since {source} was exported ({count} then, {now} now): "
        f"{item} was inserted, removed, moved or renamed, so the numbers in the workbook's 'no' column "
        f"would update other {key}; nothing was imported. Export the workbook again and redo the edits in it, "
        f"or restore {doc.rel} as it was at the export (git), import, and then redo the change to the file"
    )
    line, col = _where(doc, key)
    return Problem(doc.rel, line, col, Severity.ERROR, message)


def check(
    doc: Document, account: Account, sheets: Collection[str], properties: Mapping[str, str], source: str
) -> Exported:
    """Compare the record of ``source`` with the account file; raise when a numbered list changed under it."""
    exported = Exported()
    problems: list[Problem] = []
    unrecorded: list[str] = []
    for key, name in PROPERTIES.items():
        if SHEETS[key] not in sheets:
            continue  # a sheet deleted from the workbook imports nothing into its list
        value = properties.get(name)
        if value is None:
            unrecorded.append(key)
            continue
        match = _VALUE.fullmatch(value.strip())
        if match is None:
            problems.append(
                Problem(
                    source,
                    NO_POSITION,
                    NO_POSITION,
                    Severity.ERROR,
                    f"the document property {name!r} is not as kamdocs wrote it ({value[:80]!r}), so the "
                    f"numbers of the {key} cannot be checked; export the workbook again",
                )
            )
            continue
        count, digest = int(match[1]), match[2]
        current = _identities(account, key)
        if count > len(current) or _digest(account.id, key, current[:count]) != digest:
            problems.append(_changed(doc, account, key, count, source))
            continue
        exported.counts[key] = count
    if problems:
        raise KamdocsError(problems)
    if unrecorded:
        lists = " and ".join(unrecorded)
        exported.warnings.append(
            Problem(
                source,
                NO_POSITION,
                NO_POSITION,
                Severity.WARNING,
                f"the workbook does not record the {lists} it was exported with (exported by an older kamdocs, "
                "or saved by a program that drops document properties), so kamdocs could not check that its "
                f"numbers ('no') still point at the same {lists} of {doc.rel}; check the changes "
                "(git diff), or export the workbook again before the next workshop",
            )
        )
    return exported
