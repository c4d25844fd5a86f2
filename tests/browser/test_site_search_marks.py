"""Search highlighting marks exactly the characters that match, whatever folding does to their length."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import build_example

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _fold(text: str) -> str:
    # As kamdocs.js folds: lower case, accents off, ß → ss.
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F).replace("ß", "ss")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("search-marks"), "de")


@pytest.fixture
def page(chromium: Any, site: Path) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto((site / "index.html").as_uri())
    yield tab
    context.close()


def _marks(page: Any, query: str) -> list[str]:
    page.fill("#kd-search", "")
    page.fill("#kd-search", query)
    page.locator("#kd-search-results .search-hit").first.wait_for()
    marks: list[str] = page.eval_on_selector_all("#kd-search-results mark", "els => els.map(e => e.textContent)")
    return marks


@pytest.mark.parametrize("query", ["nahme", "Maßnahme", "massnahme", "Größe", "gross", "schließ"])
def test_every_mark_is_exactly_a_search_term(page: Any, query: str) -> None:
    marks = _marks(page, query)
    assert marks, query
    assert {_fold(mark) for mark in marks} == {_fold(query)}


def test_characters_whose_lower_case_is_longer_or_shorter(page: Any) -> None:
    # İ lower-cases to two characters, ß folds to two; emoji are two UTF-16 units. Nothing shifts.
    entries = [
        {"u": "a.html", "t": "İzmir", "p": "Test", "x": "Büro İzmir: Straße 5 😀 Maßnahme, GROẞE Größe"},
    ]
    page.evaluate("entries => { window.KAMDOCS_SEARCH = entries; }", entries)  # read at the first search
    for query, expected in [
        ("izmir", ["İzmir"]),
        ("strasse", ["Straße"]),
        ("nahme", ["nahme"]),
        ("grosse", ["GROẞE", "Größe"]),
        ("5 😀 maß", ["😀", "Maß"]),  # one-character terms find, but are not marked
    ]:
        assert _marks(page, query) == expected, query
