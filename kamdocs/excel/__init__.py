"""The seed's Excel templates: export the planning workbook and import it back into the YAML files.

``run_export`` and ``run_import`` are what ``kamdocs excel export|import`` call;
they return the text to print and raise :class:`~kamdocs.errors.KamdocsError`
for anything the user has to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from kamdocs.model import Audience


def run_export(
    directory: Path, *, out: Path | None = None, audience: str = "internal", account: str | None = None
) -> str:
    """Load the project in ``directory`` and write its planning workbook for ``audience``; return the summary.

    With ``account``: the workbook of that key account for a workshop with the customer.
    """
    from kamdocs.excel.export import export_workbook, summary
    from kamdocs.load import load_playbook

    playbook, _ = load_playbook(Path(directory))
    path, sheets = export_workbook(playbook, out, cast("Audience", audience), account)
    return summary(path, sheets, playbook.config.language)


def run_import(directory: Path, workbook: Path, *, dry_run: bool = False, prune: bool = False) -> str:
    """Read ``workbook`` back into the YAML files of ``directory``; return the list of changes."""
    from kamdocs.excel.importer import import_workbook

    return import_workbook(Path(directory), Path(workbook), dry_run=dry_run, prune=prune)


__all__ = ["run_export", "run_import"]
