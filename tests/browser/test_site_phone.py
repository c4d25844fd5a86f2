"""The site on a 390 px phone: wide charts keep their size and scroll sideways with a visible hint.

Nothing may be cut off without a way to reach it: every chart, table or picture wider than the
column sits in a frame that scrolls, and that frame shows a hint. Screenshots of the hints prove
they are painted, not just present in the DOM.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import build_example, site_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDE_CHARTS = {"gantt", "org", "heatmap", "portfolio"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {lang: build_example(tmp_path_factory.mktemp(f"phone-{lang}"), lang) for lang in ("de", "en")}


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    yield context.new_page()
    context.close()


_FRAMES = """() => {
    const scrollsX = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const found = [], frames = [];
    const column = document.querySelector('main').getBoundingClientRect();
    for (const el of document.querySelectorAll('main :is(svg.kd-chart, table, img, pre)')) {
        if (!el.checkVisibility()) continue;
        const r = el.getBoundingClientRect();
        let frame = el.parentElement;
        while (frame && frame.tagName !== 'MAIN' && !scrollsX(frame)) frame = frame.parentElement;
        const box = frame && frame.tagName !== 'MAIN' ? frame.getBoundingClientRect() : column;
        if (r.right <= box.right + 1 && r.left >= box.left - 1) continue;
        const what = el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '').split(' ').pop();
        if (!frame || frame.tagName === 'MAIN') { found.push('cut off: ' + what); continue; }
        const hint = frame.nextElementSibling;
        if (!hint || !hint.classList.contains('scroll-hint') || !hint.checkVisibility()) {
            found.push('scrolls without a hint: ' + what);
        } else {
            frames.push(what);
        }
    }
    for (const svg of document.querySelectorAll('main .chart:not(.chart-narrow) svg.kd-chart')) {
        if (!svg.checkVisibility()) continue;
        const drawn = svg.getBoundingClientRect().width, width = svg.viewBox.baseVal.width;
        if (drawn < width - 1) {
            found.push('shrunk to ' + Math.round(100 * drawn / width) + ' %: ' + svg.getAttribute('class'));
        }
    }
    return {found, frames};
}"""


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_chart_overflows_its_frame_invisibly(sites: dict[str, Path], phone: Any, lang: str, tmp_path: Path) -> None:
    from PIL import Image

    site = sites[lang]
    found: list[str] = []
    scrolling: set[str] = set()
    for rel in site_pages(site):
        phone.goto((site / rel).as_uri())
        phone.wait_for_load_state("load")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, rel
        result = phone.evaluate(_FRAMES)
        found += [f"{rel}: {problem}" for problem in result["found"]]
        scrolling.update(what.split(".", 1)[1].removeprefix("kd-chart--") for what in result["frames"])
        for number, hint in enumerate(phone.locator(".scroll-hint").all()):
            if not hint.is_visible():  # under a closed "Data as a table"
                continue
            shot = Image.open(io.BytesIO(hint.screenshot(path=tmp_path / f"{rel.replace('/', '-')}-{number}.png")))
            colours = shot.convert("RGB").getcolors(maxcolors=100_000) or []
            assert len(colours) > 2, f"{rel}: the scroll hint is not painted"
    assert found == [], "\n".join(found)
    assert WIDE_CHARTS <= scrolling, scrolling  # the wide charts are there, keep their size and scroll


def test_the_hint_goes_once_the_reader_scrolls(sites: dict[str, Path], phone: Any) -> None:
    phone.goto((sites["de"] / "tasks.html").as_uri())
    frame = phone.locator(".chart-svg").first
    hint = phone.locator(".chart-svg + .scroll-hint").first
    assert hint.is_visible()
    frame.evaluate("el => el.scrollBy(200, 0)")
    phone.wait_for_function("() => document.querySelector('.chart-svg + .scroll-hint').classList.contains('is-done')")
