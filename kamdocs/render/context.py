"""What every template sees besides its page: ``site``, labels ``_``, the formatter ``fmt`` and ``chart``.

These helpers are the theme's API (docs/themes.md). A wrong argument (a label key that does not
exist, text where a number belongs) is the template's mistake and raises
:class:`~kamdocs.render.sandbox.ThemeError`, which names the template and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kamdocs.render.chartkit import Charts, ChartStyle
from kamdocs.render.formatting import Formatter, places
from kamdocs.render.i18n import Catalogue
from kamdocs.render.sandbox import ThemeError
from kamdocs.site.model import SiteContext

_MONEY_UNITS = {"EUR", "USD", "GBP", "CHF", "PLN", "CZK", "SEK", "NOK", "DKK", "€", "$", "£"}
_PERCENT_UNITS = {"%", "percent", "prozent", "pct"}
_COUNT_UNITS = {"count", "anzahl", "stück", "stk", "number", "#"}
_MAX_DIGITS = 12
_NUMBER = (int, float, Decimal)


def _number(helper: str, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, _NUMBER)):
        raise ThemeError(f"fmt.{helper} formats a number or none, not {type(value).__name__}")


def _digits(helper: str, digits: Any) -> None:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= _MAX_DIGITS:
        raise ThemeError(f"fmt.{helper}: digits must be a whole number from 0 to {_MAX_DIGITS}")


def _date(helper: str, value: Any) -> None:
    if value is not None and not isinstance(value, dt.date):
        raise ThemeError(f"fmt.{helper} formats a date or none, not {type(value).__name__}")


class Display:
    """Formatting helpers bound to one language and currency (exposed to templates as ``fmt``)."""

    kamdocs_template_helper = True
    """Its methods check their own arguments: the sandbox calls them without further checks."""

    def __init__(self, formatter: Formatter, *, soft_hyphens: bool = True) -> None:
        self.f = formatter
        self.soft_hyphens = soft_hyphens
        """False in print: WeasyPrint hyphenates by itself, and soft hyphens upset its table widths."""

    def number(self, value: float | None, digits: int = 0) -> str:
        """Format a number (``1.234``)."""
        _number("number", value)
        _digits("number", digits)
        return self.f.number(value, digits)

    def decimal(self, value: float | None, digits: int = 1) -> str:
        """Format a number with decimals (``3,4``)."""
        _number("decimal", value)
        _digits("decimal", digits)
        return self.f.decimal(value, digits)

    def percent(self, value: float | None, digits: int = 1) -> str:
        """Format a value already in percent (``42,2 %``)."""
        _number("percent", value)
        _digits("percent", digits)
        return self.f.percent(value, digits)

    def money(self, value: float | None, digits: int = 0) -> str:
        """Format an amount in the playbook currency."""
        _number("money", value)
        _digits("money", digits)
        return self.f.money(value, digits)

    def money_compact(self, value: float | None) -> str:
        """Format an amount that stands alone compactly (``1,2 Mio. €``); tables keep :meth:`money`."""
        _number("money_compact", value)
        return self.f.money_compact(value)

    def breakable(self, text: Any) -> str:
        """Return a text whose long words may break at a hyphen (table cells); ``""`` for none."""
        if text is not None and not isinstance(text, str):
            raise ThemeError(f"fmt.breakable takes a text or none, not {type(text).__name__}")
        if not self.soft_hyphens:
            return text or ""
        return self.f.breakable(text)

    def places(self, values: Any, limit: int = 2) -> int:
        """Return the decimals that show every number of a column as entered (one rule per column)."""
        _digits("places", limit)
        try:
            items = list(values)
        except TypeError:
            raise ThemeError(f"fmt.places takes a list of numbers, not {type(values).__name__}") from None
        for item in items:
            _number("places", item)
        return places(items, limit)

    def signed(self, value: float | None, digits: int = 1) -> str:
        """Format a number with its sign (``+1,5``)."""
        _number("signed", value)
        _digits("signed", digits)
        return self.f.signed(value, digits)

    def date(self, value: dt.date | None, style: str = "long") -> str:
        """Format a date (``style``: ``long`` or ``short``)."""
        _date("date", value)
        return self.f.date(value, style)

    def month(self, value: dt.date) -> str:
        """Format a month and year (``Mär 2027``)."""
        if not isinstance(value, dt.date):
            raise ThemeError(f"fmt.month formats a date, not {type(value).__name__}")
        return self.f.month(value)

    def value(self, value: float | None, unit: str, digits: int | None = None) -> str:
        """Format a KPI value with its unit: money, percent, or a number followed by the unit.

        ``digits``: the decimals of its column (``fmt.places``); by default as many as the value needs.
        """
        _number("value", value)
        if value is None:
            return "–"
        unit = str(unit)
        if digits is None:
            digits = places([value])
        else:
            _digits("value", digits)
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
        _number("fte", value)
        return self.f.number(value, 1)


class Labels:
    """The template global ``_``: ``_("site.page.goals")``, ``_("site.as_of", date=…)``."""

    kamdocs_template_helper = True

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def __call__(self, key: str, **values: object) -> str:
        """Return the label ``key`` with its ``{name}`` placeholders filled in."""
        text = self.catalogue.messages.get(str(key))
        if text is None:
            raise ThemeError(f"no label {key!r}: add it to themes/<name>/messages/<language>.yaml")
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise ThemeError(f"label {key!r} ({text!r}) cannot be filled with {sorted(values)}: {error}") from None


def template_globals(
    site: SiteContext,
    labels: Catalogue,
    *,
    primary: str | None = None,
    placements: Any = None,
    print_width: float | None = None,
) -> dict[str, Any]:
    """Return the globals every template of the theme (page and print layouts) can use.

    ``print_width`` (print layouts: the text width in pt) lets charts draw themselves narrow
    enough for their text to stay legible (kamdocs.render.chartkit.ChartStyle).
    """
    formatter = Formatter(site.lang, site.currency)
    translate: Callable[..., str] = labels
    return {
        "site": site,
        "_": Labels(labels),
        "fmt": Display(formatter, soft_hyphens=print_width is None),
        "chart": Charts(ChartStyle(formatter, translate, primary, placements, print_width)),
    }
