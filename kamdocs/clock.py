"""The build's notion of "now": ``SOURCE_DATE_EPOCH`` and the reference date ``as_of``.

Every reading of the environment variable is here, so that the loader (``as_of``), the PDF
metadata and the Excel workbook agree on what an unusable value means.
"""

from __future__ import annotations

import datetime as dt
import os

__all__ = ["reference_date", "source_date_epoch"]


def source_date_epoch() -> dt.datetime | None:
    """Return SOURCE_DATE_EPOCH as an aware UTC time, or None when it is unset or unusable.

    Unusable is anything but whole seconds since 1970, and a time past the year 9999.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def reference_date(config_as_of: dt.date | None) -> dt.date:
    """Return ``as_of``: the configured date, else SOURCE_DATE_EPOCH's date (UTC), else today."""
    if config_as_of is not None:
        return config_as_of
    epoch = source_date_epoch()
    return epoch.date() if epoch is not None else dt.date.today()
