"""Turn one cell of a workbook into the value a YAML file would hold, and say why when it cannot.

Text, whole numbers, dates, id lists, yes/no and drop-down words are converted;
anything else that does not fit is passed on unchanged so that the model
validation — the same rules as ``kamdocs check`` — names the problem. Only what
the workbook itself offers is refused here: a word that is in no drop-down
list, and a date typed as text in neither ``31.03.2027`` nor ``2027-03-31``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kamdocs.excel.choices import code_of, words
from kamdocs.excel.layout import Column, Kind

TRUE_WORDS = {"ja", "yes", "true", "wahr", "x", "1", "y", "j"}
FALSE_WORDS = {"nein", "no", "false", "falsch", "0", "n", "-"}
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_ID_SPLIT = re.compile(r"[,;\s]+")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def whole(number: float) -> int | float:
    """Return 4.0 as 4; keep a float past 2**53, which is no exact whole number (1e300 stays 1e300)."""
    return int(number) if float(number).is_integer() and abs(number) < 2**53 else number


def as_text(value: Any) -> Any:
    """Return a cell value as the text it shows (numbers without a trailing ``.0``, dates as ISO)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(whole(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        german = _GERMAN_DATE.match(value)
        if german:
            day, month, year = (int(part) for part in german.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return value
    return value


def convert(column: Column | Kind, value: Any) -> Any:
    """Return the YAML-like value of one cell; unfit values are passed on for validation."""
    kind = column.kind if isinstance(column, Column) else column
    if isinstance(value, str):
        if not value.strip():
            return None
        if kind != "text":
            value = value.strip()
    if value is None:
        return () if kind == "ids" else None
    if kind == "text":
        return as_text(value)
    if kind == "id":
        return as_text(value)
    if kind == "choice":
        text = as_text(value)
        if isinstance(column, Column) and column.choices is not None and isinstance(text, str):
            return code_of(column.choices, text) or text
        return text
    if kind == "amount" and isinstance(value, str):
        return value  # a target in words ("2 Werke"); a number typed as text stays text, as in the YAML file
    if kind in ("int", "rating", "number", "amount"):
        if isinstance(value, bool) or isinstance(value, dt.date):
            return as_text(value)
        if isinstance(value, str) and _NUMBER.match(value):
            return whole(float(value.replace(",", ".")))
        return whole(value) if isinstance(value, int | float) else value
    if kind == "date":
        return _date(value)
    if kind == "ids":
        text = as_text(value)
        if isinstance(text, str):
            return tuple(part for part in _ID_SPLIT.split(text) if part)
        return (text,)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        word_ = str(as_text(value)).strip().lower()
        if word_ in TRUE_WORDS:
            return True
        if word_ in FALSE_WORDS:
            return False
        return value
    return value


def refusal(column: Column, value: Any, lang: str) -> str | None:
    """Return why a converted cell value cannot be taken (a word off the list, no date), else None."""
    if column.kind == "choice" and column.choices is not None and isinstance(value, str):
        if code_of(column.choices, value) is None:
            listed = ", ".join(words(column.choices, lang))
            return f"{column.key}: {value!r} is not allowed; choose one of the list: {listed}"
    if column.kind == "date" and isinstance(value, str) and not _ISO_DATE.match(value):
        example = "31.03.2027" if lang == "de" else "2027-03-31"
        if lang == "de":
            return f"{column.key}: expected a date such as {example} (TT.MM.JJJJ), got {value!r}"
        return f"{column.key}: expected a date written as YYYY-MM-DD, e.g. {example}, got {value!r}"
    if column.kind == "date" and isinstance(value, int | float) and not isinstance(value, bool):
        # A number in a date column: Excel lost the date format; the serial number means nothing to us.
        return f"{column.key}: expected a date, got the number {as_text(value)}; format the cell as a date"
    return None
