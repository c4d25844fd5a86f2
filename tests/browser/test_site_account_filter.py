"""The accounts overview's filter by KAM and quadrant, in a real browser, offline from file://.

The expected rows come from the built HTML itself (each row's KAM and quadrant as the page states
them), not from the script, so a filter that hides the wrong rows or miscounts fails here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import build_example

pytestmark = [pytest.mark.slow, pytest.mark.browser]

_ROW = re.compile(r'<tr data-kam="([^"]*)" data-quadrant="([^"]*)"[^>]*>\s*<th scope="row"><a [^>]*>([^<]+)</a>')
_COUNT = re.compile(r'data-count="([^"]*\{shown\}[^"]*\{total\}[^"]*)"')


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {lang: build_example(tmp_path_factory.mktemp(f"filter-{lang}"), lang) for lang in ("de", "en")}


class Tab:
    """A page whose every request and complaint is recorded; only file:// may be asked for."""

    def __init__(self, chromium: Any, width: int, script: bool = True) -> None:
        # offline: the network is switched off, so any fetch of a script or font from the web fails.
        self.context = chromium.new_context(
            viewport={"width": width, "height": 900}, offline=True, java_script_enabled=script
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def tab(request: pytest.FixtureRequest, chromium: Any) -> Iterator[Tab]:
    tab = Tab(chromium, request.param)
    yield tab
    tab.context.close()


def _rows(site: Path) -> list[tuple[str, ...]]:
    """(KAM, quadrant, account name) of every row of the overview, as the built page states them."""
    text = (site / "accounts" / "index.html").read_text(encoding="utf-8")
    rows = [tuple(html.unescape(value) for value in row) for row in _ROW.findall(text)]
    assert len(rows) >= 5, rows
    return rows


def _count_text(site: Path) -> str:
    """The count's wording in the page's language, e.g. "{shown} of {total} key accounts"."""
    found = _COUNT.search((site / "accounts" / "index.html").read_text(encoding="utf-8"))
    assert found, "the filter form carries its count text"
    return html.unescape(found.group(1))


def _shown(page: Any) -> list[str]:
    """The names of the rows the reader sees, top to bottom."""
    names: list[str] = page.eval_on_selector_all(
        "#account-overview tbody tr",
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.querySelector('th a').textContent.trim())",
    )
    return names


def _count(page: Any) -> str:
    """The filter's count text."""
    return str(page.locator("form[data-account-filter] output").inner_text()).strip()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_filter_by_kam_and_quadrant_shows_the_matching_rows_and_counts_them(
    sites: dict[str, Path], tab: Tab, lang: str
) -> None:
    site = sites[lang]
    rows = _rows(site)
    total = len(rows)
    count = _count_text(site)
    page = tab.page
    page.goto((site / "accounts" / "index.html").as_uri())
    form = page.locator("form[data-account-filter]")
    assert form.is_visible()
    assert _count(page) == count.format(shown=total, total=total)
    assert _shown(page) == [name for _, _, name in rows]

    kams = sorted({kam for kam, _, _ in rows if kam})
    quadrants = sorted({quadrant for _, quadrant, _ in rows if quadrant})
    assert len(kams) > 1 and len(quadrants) > 1
    combinations = [(kam, "") for kam in kams] + [("", q) for q in quadrants]
    combinations += [(kam, q) for kam in kams for q in quadrants]
    seen_counts = set()
    for kam, quadrant in combinations:
        page.select_option("select[name=kam]", kam)
        page.select_option("select[name=quadrant]", quadrant)
        expected = [name for k, q, name in rows if (not kam or k == kam) and (not quadrant or q == quadrant)]
        assert _shown(page) == expected, (kam, quadrant)
        assert _count(page) == count.format(shown=len(expected), total=total), (kam, quadrant)
        seen_counts.add(len(expected))
    assert 0 in seen_counts and len(seen_counts) > 2  # the combinations reach empty and partial results

    page.select_option("select[name=kam]", "")
    page.select_option("select[name=quadrant]", "")
    assert len(_shown(page)) == total
    assert _count(page) == count.format(shown=total, total=total)
    assert tab.errors == []
    assert tab.requests and all(url.startswith("file://") for url in tab.requests), tab.requests


def test_the_choices_name_each_kam_and_quadrant_once_and_are_labelled(sites: dict[str, Path], tab: Tab) -> None:
    site = sites["de"]
    rows = _rows(site)
    page = tab.page
    page.goto((site / "accounts" / "index.html").as_uri())
    kam_values = page.eval_on_selector_all("select[name=kam] option", "os => os.map(o => o.value)")
    quadrant_values = page.eval_on_selector_all("select[name=quadrant] option", "os => os.map(o => o.value)")
    assert kam_values == ["", *sorted({kam for kam, _, _ in rows if kam})]
    assert sorted(quadrant_values) == sorted({"", *(q for _, q, _ in rows if q)})
    # Each select has a visible label (the <label> around it) and the count is announced politely.
    labels = page.eval_on_selector_all(
        "form[data-account-filter] select",
        "ss => ss.map(s => s.labels.length ? s.labels[0].firstChild.textContent.trim() : '')",
    )
    heads = page.eval_on_selector_all("#account-overview thead th", "ths => ths.map(th => th.textContent.trim())")
    assert labels == [heads[1], heads[2]] and all(labels)  # named as the columns they filter
    assert page.get_attribute("form[data-account-filter] output", "aria-live") == "polite"


def test_the_filter_works_from_the_keyboard(sites: dict[str, Path], chromium: Any) -> None:
    site = sites["de"]
    rows = _rows(site)
    tab = Tab(chromium, 1280)
    page = tab.page
    page.goto((site / "accounts" / "index.html").as_uri())
    page.focus("select[name=kam]")
    page.keyboard.press("ArrowDown")  # the first KAM, as a keyboard user picks it
    first = sorted({kam for kam, _, _ in rows if kam})[0]
    expected = [name for kam, _, name in rows if kam == first]
    assert _shown(page) == expected
    assert _count(page) == _count_text(site).format(shown=len(expected), total=len(rows))
    tab.context.close()


def test_going_back_to_the_overview_keeps_rows_and_count_in_step_with_the_choice(
    sites: dict[str, Path], chromium: Any
) -> None:
    # The browser restores the chosen options when the reader comes back from an account page; the
    # rows and the count must follow the restored choice, not show all accounts under "Katrin Vogt".
    site = sites["de"]
    rows = _rows(site)
    tab = Tab(chromium, 1280)
    page = tab.page
    page.goto((site / "accounts" / "index.html").as_uri())
    kam = rows[0][0]
    page.select_option("select[name=kam]", kam)
    expected = [name for k, _, name in rows if k == kam]
    with page.expect_navigation():
        page.click(f"#account-overview tbody tr:not([hidden]) th a >> text={expected[0]}")
    page.go_back()
    page.wait_for_load_state("load")
    chosen = page.eval_on_selector("select[name=kam]", "s => s.value")
    shown = _shown(page)
    if chosen == kam:
        assert shown == expected
        assert _count(page) == _count_text(site).format(shown=len(expected), total=len(rows))
    else:
        assert chosen == "" and len(shown) == len(rows)
        assert _count(page) == _count_text(site).format(shown=len(rows), total=len(rows))
    tab.context.close()


_LAYOUT = """() => [...document.querySelectorAll('main :is(h1, h2, form, label, select, output, table, tr)')]
    .map(el => {
        const r = el.getBoundingClientRect();
        return [el.tagName, Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
    })"""

_SHIFTS = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
        .observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(total), 300);
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_script_moves_nothing_on_the_overview(sites: dict[str, Path], chromium: Any, width: int) -> None:
    # The form is laid out (hidden) before the script runs and only made visible by it: the table
    # does not jump down when the filter appears. Same boxes with and without the script, and no
    # layout shift recorded by the browser while the page loads.
    url = (sites["de"] / "accounts" / "index.html").as_uri()
    layouts = []
    for script in (False, True):
        tab = Tab(chromium, width, script=script)
        tab.page.goto(url)
        layouts.append(tab.page.evaluate(_LAYOUT))
        if script:
            assert tab.page.evaluate(_SHIFTS) == 0
            assert tab.page.locator("form[data-account-filter]").is_visible()
        else:
            assert not tab.page.locator("form[data-account-filter]").is_visible()  # no dead controls
        tab.context.close()
    assert layouts[0] == layouts[1]
