"""The Babel formatter: memoised results are exactly Babel's, for every value that formats differently."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from kamdocs.render.formatting import Formatter, places, round_half_up


@pytest.mark.parametrize("lang", ["de", "en"])
@given(value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), digits=st.integers(0, 2))
def test_numbers_and_money_equal_babel(lang: str, value: float, digits: int) -> None:
    fmt = Formatter(lang)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    rounded = round_half_up(value, digits)
    # Babel's text, with a true minus sign (U+2212) instead of its hyphen-minus.
    assert fmt.number(value, digits) == format_decimal(rounded, format=pattern, locale=fmt.locale).replace("-", "−")
    money = pattern + "\u00a0¤" if lang == "de" else "¤" + pattern
    assert fmt.money(value, digits) == format_currency(
        rounded, "EUR", format=money, locale=fmt.locale, currency_digits=False
    ).replace("-", "−")


def test_cached_values_stay_apart() -> None:
    de, en = Formatter("de"), Formatter("en")
    assert de.number(1234567.891, 1) == "1.234.567,9"
    assert en.number(1234567.891, 1) == "1,234,567.9"
    assert de.number(1234567.891, 1) == "1.234.567,9"  # the cache holds per locale
    assert de.number(-0.01, 1) == format_decimal(round_half_up(-0.01, 1), format="#,##0.0", locale="de_DE").replace(
        "-", "−"
    )
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


def test_negative_numbers_carry_a_true_minus_sign() -> None:
    de, en = Formatter("de"), Formatter("en")
    assert de.number(-1234.5, 1) == "\u22121.234,5"
    assert de.money(-1500.0) == "\u22121.500\u00a0€" and en.money(-1500.0) == "\u2212€1,500"
    assert de.percent(-12.0) == "\u221212,0\u00a0%" and de.signed(-1.5) == "\u22121,5"
    assert "-" not in de.money_compact(-1_200_000) + en.number(-3.0)


def test_amounts_that_stand_alone_are_compact_from_a_million() -> None:
    de, en = Formatter("de"), Formatter("en")
    assert de.money_compact(186_000_000) == "186\u00a0Mio.\u00a0€"
    assert de.money_compact(1_200_000) == "1,2\u00a0Mio.\u00a0€"
    assert de.money_compact(1_500_000_000) == "1,5\u00a0Mrd.\u00a0€"
    assert en.money_compact(186_000_000) == "€186m" and en.money_compact(1_240_000) == "€1.2m"
    # below a million the full amount reads as well (German has no compact thousands)
    assert de.money_compact(850_000) == "850.000\u00a0€" and en.money_compact(6_800) == "€6,800"
    assert de.money_compact(None) == "–"


def test_one_decimal_rule_per_column() -> None:
    assert places([2, 1.5, 1]) == 1
    assert places([31, 38, 32.5]) == 1
    assert places([18, 35, 36]) == 0
    assert places([0.125, 3]) == 2  # at most two decimals
    assert places([0.125, 3], limit=1) == 1
    assert places([None, 4.0]) == 0 and places([]) == 0


def test_long_words_get_soft_hyphens_at_correct_breaks_only() -> None:
    from kamdocs.render.formatting import soft_hyphens

    shy = "\u00ad"
    assert soft_hyphens("Kundenergebnisrechnung aufbauen", "de").replace(shy, "|") == (
        "Kun|den|er|geb|nis|rech|nung aufbauen"  # short words stay whole
    )
    assert soft_hyphens("Vertriebscontrolling (Tobias Wendt)", "de").replace(shy, "|").startswith("Ver|triebs|con")
    assert "rela|tion|ship" in soft_hyphens("relationship", "en").replace(shy, "|")
    assert soft_hyphens("2026-07-01 Q3", "de") == "2026-07-01 Q3"


def test_search_index_holds_plain_words_without_soft_hyphens() -> None:
    from kamdocs.site.search import page_entries

    html = "<main><h2 id='a'>Kun\u00adden\u00adergebnis</h2><p>Kundenergeb\u00adnisrechnung</p></main>"
    (entry,) = page_entries("tasks.html", "Aufgaben", html)
    assert entry["t"] == "Kundenergebnis" and entry["x"] == "Kundenergebnisrechnung"
