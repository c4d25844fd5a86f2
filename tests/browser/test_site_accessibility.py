"""Accessibility of every page type, on a desktop and on a phone (390 px).

axe-core runs with all its rules (best practices too: one h1, heading order, landmarks), so an
unnamed menu button or logo link, an image without alt, a missing lang or too little contrast
fails here. Beside axe: a meta description on every page, images whose box is reserved before they
load, and a layout the script does not change (what Lighthouse measures as layout shift).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import AXE, build_example, site_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        "de": build_example(tmp_path_factory.mktemp("a11y-de"), "de", pdf_of_earlier_build=True),
        "en": build_example(tmp_path_factory.mktemp("a11y-en"), "en"),
        "restricted": build_example(
            tmp_path_factory.mktemp("a11y-restricted"), "de", "restricted", pdf_of_earlier_build=True
        ),
    }


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def tab(request: pytest.FixtureRequest, chromium: Any) -> Iterator[tuple[Any, list[str]]]:
    context = chromium.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, errors
    context.close()


def _checked_pages(sites: dict[str, Path]) -> list[tuple[str, Path]]:
    # Every page of the German site; the English and the restricted site where they differ in kind.
    pages = [("de/" + rel, sites["de"] / rel) for rel in site_pages(sites["de"])]
    pages += [("en/" + rel, sites["en"] / rel) for rel in ("index.html", "tasks.html", "accounts/index.html")]
    pages += [("restricted/" + rel, sites["restricted"] / rel) for rel in ("competencies.html", "index.html")]
    return pages


def test_every_page_passes_axe_with_all_rules(sites: dict[str, Path], tab: tuple[Any, list[str]]) -> None:
    page, errors = tab
    found: list[str] = []
    for name, path in _checked_pages(sites):
        page.goto(path.as_uri())
        assert errors == [], (name, errors)  # checked before axe, which tries to fetch stylesheets over file://
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        errors.clear()
        found += [
            f"{name}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        ]
    assert found == [], "\n".join(found)


_OWN_CHECKS = """() => {
    const found = [];
    const name = el => (el.getAttribute('aria-label') || el.textContent || '').trim()
        || [...el.querySelectorAll('img[alt]')].map(i => i.alt).join('').trim();
    if (!document.documentElement.lang) found.push('no lang');
    if (document.querySelectorAll('h1').length !== 1) found.push('h1 count ' + document.querySelectorAll('h1').length);
    const description = document.querySelector('meta[name="description"]');
    if (!description || description.content.trim().length < 20) found.push('no meta description');
    for (const el of document.querySelectorAll('a[href]:not([aria-hidden="true"]), button')) {
        if (!name(el)) found.push('unnamed ' + el.tagName + ' ' + el.className);
    }
    for (const img of document.querySelectorAll('img')) {
        if (!img.hasAttribute('alt')) found.push('img without alt ' + img.src);
        if (!img.getAttribute('width') || !img.getAttribute('height')) found.push('img without size ' + img.src);
        else if (img.naturalWidth) {
            const reserved = img.getAttribute('width') / img.getAttribute('height');
            const real = img.naturalWidth / img.naturalHeight;
            if (Math.abs(reserved / real - 1) > 0.03) {
                found.push('img box ' + reserved.toFixed(2) + ' != ' + real.toFixed(2));
            }
        }
    }
    let level = 1;
    for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
        const next = Number(h.tagName[1]);
        if (next > level + 1) found.push('heading jumps to ' + h.tagName + ': ' + h.textContent.trim().slice(0, 30));
        level = next;
    }
    return found;
}"""


def test_names_descriptions_headings_and_images(sites: dict[str, Path], tab: tuple[Any, list[str]]) -> None:
    # The same rules as axe's, written out: this is what Lighthouse found missing on phones.
    page, _ = tab
    found: list[str] = []
    for name, path in _checked_pages(sites):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        found += [f"{name}: {problem}" for problem in page.evaluate(_OWN_CHECKS)]
    assert found == [], "\n".join(found)


# The scroll hint the script adds is out of the flow (absolutely positioned): it moves nothing.
_LAYOUT = """() => [...document.querySelectorAll('main :is(h1, h2, h3, table, figure, svg, p):not(.scroll-hint)')]
    .map(el => {
    const r = el.getBoundingClientRect();
    return [el.tagName, Math.round(r.top), Math.round(r.height)];
})"""


@pytest.mark.parametrize("width", [412, 1280])
def test_the_script_does_not_move_the_layout(sites: dict[str, Path], chromium: Any, width: int) -> None:
    # Whatever the page shows before its script runs is where it stays: no layout shift while loading
    # (the task page once shifted by 0.12 when a script turned its tables into phone cards).
    layouts: dict[bool, dict[str, Any]] = {}
    for script in (False, True):
        context = chromium.new_context(viewport={"width": width, "height": 900}, java_script_enabled=script)
        page = context.new_page()
        layouts[script] = {}
        for rel in site_pages(sites["de"]):
            page.goto((sites["de"] / rel).as_uri())
            layouts[script][rel] = page.evaluate(_LAYOUT)
        context.close()
    moved = [rel for rel in layouts[True] if layouts[True][rel] != layouts[False][rel]]
    assert moved == []


def test_the_handbook_is_one_tap_away_on_a_phone(sites: dict[str, Path], chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    for edition, rel, name in (
        ("de", "accounts/alpenmilch.html", "kam-handbuch-rheinhold.pdf"),
        ("restricted", "competencies.html", "kam-handbuch-rheinhold-vertraulich.pdf"),
    ):
        page.goto((sites[edition] / rel).as_uri())
        page.click(".menu-toggle")
        link = page.locator("#kd-sidebar a.pdf-link")
        link.wait_for(state="visible")
        assert link.evaluate("a => a.href") == (sites[edition] / name).as_uri()
    context.close()
