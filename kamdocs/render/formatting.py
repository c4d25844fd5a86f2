"""Numbers, percentages, money and dates in the playbook language, formatted by Babel.

Typographic rules for every output (website, PDF, report): a negative number carries a true minus
sign (U+2212, "−1.500 €"), not a hyphen; an amount that stands alone may be written compactly from
a million on ("1,2 Mio. €", "€186m": :meth:`Formatter.money_compact`) while tables keep full
amounts; a column of numbers shows one number of decimals (:func:`places`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_compact_currency, format_currency, format_decimal

LOCALES = {"de": "de_DE", "en": "en_GB"}


_WIDE = Context(prec=400)
MINUS = "\u2212"
"""The minus sign of negative numbers (Babel writes a hyphen-minus)."""
COMPACT_FROM = 1_000_000
"""Amounts from a million on may be written compactly; below, the full amount reads as well."""


def _minus(text: str) -> str:
    # Babel's patterns put the hyphen-minus only in front of a negative number (and its currency).
    return text.replace("-", MINUS)


def places(values: Iterable[float | None], limit: int = 2) -> int:
    """Return the decimals (0 … ``limit``) that show every value of a column as it was entered.

    One column, one rule: ``2``, ``1.5`` and ``1`` become ``2,0``, ``1,5``, ``1,0``.
    """
    needed = 0
    for value in values:
        if value is None or needed == limit:
            continue
        exact = round_half_up(float(value), limit)
        while needed < limit and round_half_up(float(value), needed) != exact:
            needed += 1
    return needed


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
def _compact(text: str, currency: str, locale: str) -> str:
    with localcontext(_WIDE):
        return format_compact_currency(Decimal(text), currency, locale=locale, fraction_digits=1)


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date, pattern: str, locale: str) -> str:
    return format_date(value, format=pattern, locale=locale)


_LONG_WORD = re.compile(r"[^\W\d_]{12,}")
"""A run of at least 12 letters: shorter words fit any table column unbroken."""


@functools.cache
def _hyphenator(lang: str) -> object:
    # kamdocs' own patterns (the PDF's, docs/typography.md), loaded once per language: Pyphen's
    # German file breaks "Kundenergebnisre-chnung"-style, which a reader notices at once.
    import pyphen  # type: ignore[import-untyped]

    from kamdocs.render.hyphenation import dictionary_path

    return pyphen.Pyphen(filename=str(dictionary_path("de" if lang == "de" else "en")), left=3, right=3)


def soft_hyphens(text: str, lang: str) -> str:
    """Return ``text`` with soft hyphens (U+00AD) in its long words, where the language may break them.

    Browsers hyphenate ``hyphens: auto`` only where they ship a dictionary (desktop Chromium on
    Linux does not), so a German compound ("Kundenergebnisrechnung") would set the width of its
    table column; with soft hyphens it breaks like in the PDF, and copies as the plain word.
    """
    pyphen = _hyphenator(lang)
    return _LONG_WORD.sub(lambda m: pyphen.inserted(m.group(0), hyphen="\u00ad"), text)  # type: ignore[attr-defined]


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
        return _minus(_decimal(str(round_half_up(value, digits)), pattern, self.locale))

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
        return _minus(_currency(str(round_half_up(value, digits)), self.currency, pattern, self.locale))

    def money_compact(self, value: float | None) -> str:
        """Return an amount that stands alone: ``1,2 Mio. €``, ``186 Mio. €`` (de), ``€1.2m`` (en).

        Below a million the full amount (``850.000 €``); one decimal at most, none when it is zero.
        """
        if value is None:
            return "–"
        if abs(value) < COMPACT_FROM:
            return self.money(value)
        return _minus(_compact(str(round_half_up(value, 0)), self.currency, self.locale))

    def breakable(self, text: str | None) -> str:
        """Return ``text`` with soft hyphens in its long words (narrow table cells); ``""`` for None."""
        return soft_hyphens(text, self.lang) if text else ""

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
        return ("+" if value > 0 else MINUS if value < 0 else "±") + text
