"""The Babel formatter: memoised results are exactly Babel's, for every value that formats differently."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from kamdocs.render.formatting import Formatter, round_half_up


@pytest.mark.parametrize("lang", ["de", "en"])
@given(value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), digits=st.integers(0, 2))
def test_numbers_and_money_equal_babel(lang: str, value: float, digits: int) -> None:
    fmt = Formatter(lang)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    rounded = round_half_up(value, digits)
    assert fmt.number(value, digits) == format_decimal(rounded, format=pattern, locale=fmt.locale)
    money = pattern + "\u00a0¤" if lang == "de" else "¤" + pattern
    assert fmt.money(value, digits) == format_currency(
        rounded, "EUR", format=money, locale=fmt.locale, currency_digits=False
    )


def test_cached_values_stay_apart() -> None:
    de, en = Formatter("de"), Formatter("en")
    assert de.number(1234567.891, 1) == "1.234.567,9"
    assert en.number(1234567.891, 1) == "1,234,567.9"
    assert de.number(1234567.891, 1) == "1.234.567,9"  # the cache holds per locale
    assert de.number(-0.01, 1) == format_decimal(round_half_up(-0.01, 1), format="#,##0.0", locale="de_DE")
    assert de.number(0.0, 1) == "0,0"
    assert de.money(1500.0) == "1.500\u00a0€" and en.money(1500.0) == "€1,500"
    assert Formatter("de", currency="CHF").money(1500.0) == "1.500\u00a0CHF"
    assert de.number(2.5, 0) == "3" and de.number(2.25, 1) == "2,3"


def test_dates_equal_babel() -> None:
    day = dt.date(2027, 3, 15)
    de, en = Formatter("de"), Formatter("en")
    assert de.date(day) == "15. März 2027" == format_date(day, format="long", locale="de_DE")
    assert de.date(day, "short") == "15.03.2027"
    assert en.date(day, "short") == "15 Mar 2027"
    assert de.month(day) == format_date(day, format="MMM yyyy", locale="de_DE")
    assert en.month(day) == "Mar 2027"
    assert de.date(None) == "–"
