"""``kamdocs excel export``: write the planning workbook, deterministically and atomically."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from kamdocs.analysis.audience import shows_individuals, visible_playbook
from kamdocs.clock import source_date_epoch
from kamdocs.errors import KamdocsError, UsageProblem
from kamdocs.excel.labels import label
from kamdocs.excel.plansheets import kpi_points_sheet, kpis_sheet, routines_sheet
from kamdocs.excel.sheets import competencies_sheet, ratings_sheet, readiness_sheet, tasks_sheet
from kamdocs.model import Audience, Playbook

FALLBACK_NAME = "kamdocs-planning.xlsx"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def default_path(playbook: Playbook) -> Path:
    """Return ``<project>/<title-slug>.xlsx`` (``kamdocs-planning.xlsx`` for a title without letters)."""
    ascii_title = unicodedata.normalize("NFKD", playbook.config.title.translate(_UMLAUTS))
    ascii_title = ascii_title.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80].strip("-")
    return playbook.root / (f"{slug}.xlsx" if slug else FALLBACK_NAME)


def stamp(playbook: Playbook) -> dt.datetime:
    """Return the workbook's created/modified time: SOURCE_DATE_EPOCH, else midnight of ``as_of``."""
    epoch = source_date_epoch()
    moment = epoch.replace(tzinfo=None) if epoch is not None else dt.datetime.combine(playbook.as_of, dt.time())
    return max(moment, dt.datetime(1980, 1, 1))  # the earliest time a zip entry can carry


def build_workbook(playbook: Playbook, audience: Audience) -> Workbook:
    """Return the workbook of what ``audience`` may see: readiness, tasks, competencies and maybe ratings.

    The ratings sheet holds individual ratings, so it is written exactly when the
    audience rule shows individuals (``restricted``, or ``internal`` with the opt-in).
    """
    lang = playbook.config.language
    seen = visible_playbook(playbook, audience)
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    if seen.readiness is not None:
        readiness_sheet(wb, seen, seen.readiness)
    if seen.tasks is not None:
        tasks_sheet(wb, seen, seen.tasks)
        routines_sheet(wb, seen, seen.tasks)
    if seen.competencies is not None:
        profile = competencies_sheet(wb, seen, seen.competencies)
        if shows_individuals(playbook, audience):
            ratings_sheet(wb, seen, seen.competencies, seen.candidates, profile.title)
    if seen.goals is not None:
        kpis = kpis_sheet(wb, seen, seen.goals)
        kpi_points_sheet(wb, seen, seen.goals, kpis.title)
    if not wb.worksheets:
        raise KamdocsError(
            "nothing to export: the project has none of data/readiness.yaml, data/tasks.yaml, "
            "data/competencies.yaml, data/goals.yaml"
        )
    wb.active = 0
    moment = stamp(playbook)
    wb.properties.creator = "kamdocs"
    wb.properties.lastModifiedBy = "kamdocs"
    wb.properties.title = playbook.config.title
    wb.properties.language = lang
    wb.properties.created = moment
    wb.properties.modified = moment
    return wb


def workbook_bytes(wb: Workbook, moment: dt.datetime) -> bytes:
    """Serialise ``wb`` with fixed zip timestamps, so the same input gives the same bytes."""
    raw = io.BytesIO()
    # ExcelWriter instead of Workbook.save: save() stamps the current time into docProps/core.xml.
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and move it into place."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def export_workbook(
    playbook: Playbook, out: Path | None, audience: Audience, account: str | None = None
) -> tuple[Path, list[str]]:
    """Write the workbook to ``out`` (default: beside kamdocs.yaml); return the path and sheet names.

    With ``account``: the workshop workbook of that key account (:mod:`kamdocs.excel.accountbook`).
    """
    if account is not None:
        from kamdocs.excel.accountbook import account_path, build_account_workbook, find_account

        if audience != "internal":
            raise UsageProblem(
                "--account writes the workbook for a workshop with the customer, the same for every "
                "audience; leave out --audience"
            )
        chosen = find_account(playbook, account)
        default = account_path(playbook, chosen)
    else:
        default = default_path(playbook)
    path = Path(out) if out is not None else default
    if path.suffix.lower() != ".xlsx":
        raise KamdocsError(f"{path}: the workbook file must end in .xlsx")
    if path.is_dir():
        raise KamdocsError(f"{path} is a folder; give a file name ending in .xlsx")
    if not path.parent.is_dir():
        raise KamdocsError(f"{path.parent}: the folder does not exist; create it first")
    wb = build_workbook(playbook, audience) if account is None else build_account_workbook(playbook, chosen)
    try:
        write_atomically(path, workbook_bytes(wb, stamp(playbook)))
    except OSError as exc:
        raise KamdocsError(f"{path}: cannot write the workbook: {exc.strerror}") from None
    return path, wb.sheetnames


def summary(path: Path, sheets: list[str], lang: str) -> str:
    """Return the line printed after an export."""
    text = f"Wrote {path} ({', '.join(sheets)})"
    if label(lang, "sheet.ratings") in sheets:
        text += "\nThe workbook contains personal data (ratings): keep it out of shared folders and git."
    return text
