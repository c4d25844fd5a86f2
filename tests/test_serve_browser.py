"""An open browser tab follows the edits by itself: reload, overlay, PDF link (chromium, slow)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamdocs.errors import KamdocsError
from tests.test_serve_support import FakeBuilder, example_copy, fake_project, serving

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def test_open_page_reloads_itself_and_shows_then_hides_the_overlay(page: Any, tmp_path: Path) -> None:
    root = fake_project(tmp_path / "p")
    with serving(root, build=FakeBuilder()) as (handle, _):
        page.goto(handle.url + "intro.html")
        assert page.inner_text("main") == "Hallo Welt"
        page.wait_for_function("() => document.getElementById('kamdocs-toolbar') !== null")
        page.evaluate("window.__marker = 'still the same document'")

        (root / "content" / "10-intro.md").write_text("Hallo Key-Account-Management\n", encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('main').textContent.includes('Key-Account')", timeout=20_000
        )
        assert page.evaluate("window.__marker === undefined")  # a real reload, not a patch

        (root / "data" / "company.yaml").write_text("name: x\nrevenue: BROKEN\n", encoding="utf-8")
        overlay = page.wait_for_selector("#kamdocs-overlay", timeout=20_000)
        text = overlay.inner_text()
        assert "data/company.yaml:2:7" in text
        assert 'got "<img src=x onerror=alert(1)>"' in text  # shown as text, not as an element
        assert page.query_selector("#kamdocs-overlay img") is None
        assert page.inner_text("main") == "Hallo Key-Account-Management"  # the last good build stays
        page.click("#kamdocs-overlay [data-kamdocs-close]")  # the writer may look at the page behind it
        assert page.query_selector("#kamdocs-overlay") is None
        (root / "data" / "company.yaml").write_text("name: x\nrevenue: BROKEN again\n", encoding="utf-8")
        page.wait_for_selector("#kamdocs-overlay", timeout=20_000)  # the next failed build shows it again

        (root / "data" / "company.yaml").write_text("name: x\n", encoding="utf-8")
        page.wait_for_selector("#kamdocs-overlay", state="detached", timeout=20_000)


def test_unchanged_page_is_not_reloaded_and_pdf_link_opens_the_pdf(page: Any, tmp_path: Path) -> None:
    root = fake_project(tmp_path / "p")
    with serving(root, build=FakeBuilder()) as (handle, _):
        page.goto(handle.url + "intro.html")
        page.wait_for_function("() => document.getElementById('kamdocs-toolbar') !== null")
        page.evaluate("""window.__marker = 'kept';
            window.__seen = new Promise((resolve, reject) => {
                document.addEventListener('kamdocs:status',
                    e => { if (e.detail.attempt === 2) { resolve(e.detail); } });
                setTimeout(() => reject(new Error('no status event within 20 s')), 20000);
            });
            true;""")
        (root / "content" / "20-plan.md").write_text("Ein anderer Plan\n", encoding="utf-8")
        # The tab asked for the status after the build event and saw its own page unchanged.
        seen = page.evaluate("window.__seen")
        assert seen["generation"] == 2 and seen["page_generation"] == 1
        assert page.evaluate("window.__marker") == "kept"

        link = page.query_selector("#kamdocs-toolbar a")
        assert link.get_attribute("href") == "/__kamdocs__/pdf"
        assert link.get_attribute("target") == "_blank"
        assert page.request.get(handle.url + "__kamdocs__/pdf?build=1").json() == {"ok": True}
        response = page.request.get(handle.url + "__kamdocs__/pdf")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"


def test_pdf_link_shows_progress_then_the_reason_it_failed(page: Any, tmp_path: Path) -> None:
    root = fake_project(tmp_path / "p")
    builder = FakeBuilder()

    def no_pdf(request):  # type: ignore[no-untyped-def]
        raise KamdocsError("PDF output is not available in this version of kamdocs; build with --format html")

    with serving(root, build=builder, build_pdf=no_pdf) as (handle, _):
        page.goto(handle.url + "intro.html")
        with page.context.expect_page() as new_tab:
            page.click("#kamdocs-toolbar a")
        tab = new_tab.value
        tab.wait_for_function("() => document.body.textContent.includes('PDF output is not available')", timeout=20_000)
        assert tab.title() == "The PDF could not be built"


def test_example_chapter_reloads_itself_after_an_edit(page: Any, tmp_path: Path) -> None:
    root = example_copy(tmp_path / "playbook")
    with serving(root) as (handle, _):
        page.goto(handle.url + "einleitung.html")
        page.wait_for_function("() => document.getElementById('kamdocs-toolbar') !== null")
        chapter = root / "content" / "10-einleitung.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nDieser Satz kam eben dazu.\n", encoding="utf-8")
        page.wait_for_function("() => document.body.textContent.includes('Dieser Satz kam eben dazu.')", timeout=30_000)
        assert page.query_selector("#kamdocs-overlay") is None
