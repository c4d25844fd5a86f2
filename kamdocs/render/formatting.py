"""Numbers, percentages, money and dates in the playbook language, formatted by Babel."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES = {"de": "de_DE", "en": "en_GB"}


_WIDE = Context(prec=400)


def round_half_up(value: float, digits: int = 1) -> Decimal:
    """Round for display the way docs/formulas.md says (half up), not Python's banker's rounding."""
    quantum = Decimal(1).scaleb(-digits)
    # The default context (28 digits) cannot quantize a value of 1e27 or more; a float has at most
    # 309 integer digits, so this context fits every finite value.
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE)


# Babel parses the pattern and formats anew on every call; a large playbook formats the same scores, sums
# and dates thousands of times. The results are pure functions of their arguments, so they are memoised.
# Decimals are keyed by their exact text (str() round-trips sign, digits and exponent; -0.0 stays apart).


@functools.lru_cache(maxsize=8192)
def _decimal(text: str, pattern: str, locale: str) -> str:
    with localcontext(_WIDE):  # Babel quantizes in the current context, too narrow for 1e27 and more
        return format_decimal(Decimal(text), format=pattern, locale=locale)


@functools.lru_cache(maxsize=8192)
def _currency(text: str, currency: str, pattern: str, locale: str) -> str:
    with localcontext(_WIDE):
        return format_currency(Decimal(text), currency, format=pattern, locale=locale, currency_digits=False)


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date, pattern: str, locale: str) -> str:
    return format_date(value, format=pattern, locale=locale)


@dataclass(frozen=True)
class Formatter:
    """Format values for one language; every renderer uses one of these."""

    lang: str
    currency: str = "EUR"

    @property
    def locale(self) -> str:
        """Return the Babel locale name."""
        return LOCALES.get(self.lang, "en_GB")

    def number(self, value: float | None, digits: int = 0) -> str:
        """Return ``1.234.567`` (de) or ``1,234,567`` (en); an en dash for None."""
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return _decimal(str(round_half_up(value, digits)), pattern, self.locale)

    def decimal(self, value: float | None, digits: int = 1) -> str:
        """Return a number with a fixed number of decimals (``3,4``)."""
        return self.number(value, digits)

    def percent(self, value: float | None, digits: int = 1) -> str:
        """Return ``42,2 %`` (de) or ``42.2%`` (en) for a value already in percent."""
        if value is None:
            return "–"
        number = self.number(value, digits)
        return f"{number}\u00a0%" if self.lang == "de" else f"{number}%"

    def money(self, value: float | None, digits: int = 0) -> str:
        """Return ``1.234.567 €`` (de) or ``€1,234,567`` (en)."""
        if value is None:
            return "–"
        pattern = (
            "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0¤"
            if self.lang == "de"
            else ("¤#,##0" + ("." + "0" * digits if digits else ""))
        )
        return _currency(str(round_half_up(value, digits)), self.currency, pattern, self.locale)

    def date(self, value: dt.date | None, style: str = "long") -> str:
        """Return ``15. März 2027`` (de, long) or ``15 March 2027`` (en); ``15.03.2027`` for medium."""
        if value is None:
            return "–"
        if style == "short":
            return _date(value, "dd.MM.yyyy" if self.lang == "de" else "d MMM yyyy", self.locale)
        return _date(value, "long", self.locale)

    def month(self, value: dt.date) -> str:
        """Return an abbreviated month and year (``Mär 2027``), for chart axes."""
        return _date(value, "MMM yyyy", self.locale)

    def signed(self, value: float | None, digits: int = 1) -> str:
        """Return a number with an explicit sign (``+1,5``)."""
        if value is None:
            return "–"
        text = self.number(abs(value), digits)
        return ("+" if value > 0 else "−" if value < 0 else "±") + text
