"""What every template sees: labels, the formatter, the chart adapter and small display helpers."""

from __future__ import annotations

from typing import Any

from kamdocs.render.chartkit import Charts, schedule_of_phase
from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import Catalogue

_MONEY_UNITS = {"EUR", "USD", "GBP", "CHF", "PLN", "CZK", "SEK", "NOK", "DKK", "€", "$", "£"}
_PERCENT_UNITS = {"%", "percent", "prozent", "pct"}
_COUNT_UNITS = {"count", "anzahl", "stück", "stk", "number", "#"}


class Display:
    """Formatting helpers bound to one language and currency (exposed to templates as ``fmt``)."""

    def __init__(self, formatter: Formatter) -> None:
        self.f = formatter
        self.number = formatter.number
        self.decimal = formatter.decimal
        self.percent = formatter.percent
        self.money = formatter.money
        self.date = formatter.date
        self.month = formatter.month
        self.signed = formatter.signed

    def value(self, value: float | None, unit: str) -> str:
        """Format a KPI value with its unit: money, percent, or a number followed by the unit."""
        if value is None:
            return "–"
        digits = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
        if unit.strip().upper() in _MONEY_UNITS or unit.strip() in _MONEY_UNITS:
            if unit.strip().upper() == self.f.currency or unit.strip() in ("€",):
                return self.f.money(value, 0 if abs(value) >= 100 else digits)
            return f"{self.f.number(value, digits)}\u00a0{unit.strip()}"
        if unit.strip().lower() in _PERCENT_UNITS:
            return self.f.percent(value, digits)
        if unit.strip().lower() in _COUNT_UNITS:
            return self.f.number(value, digits)
        return f"{self.f.number(value, digits)}\u00a0{unit.strip()}"

    def fte(self, value: float | None) -> str:
        """Format full-time equivalents with one decimal."""
        return self.f.number(value, 1)


def template_globals(lang: str, currency: str, labels: Catalogue) -> dict[str, Any]:
    """Return the globals every template of the theme (page and print layouts) can use."""
    formatter = Formatter(lang, currency)
    return {
        "_": labels,
        "fmt": Display(formatter),
        "chart": Charts(formatter, labels),
        "lang": lang,
        "schedule_of_phase": schedule_of_phase,
    }
