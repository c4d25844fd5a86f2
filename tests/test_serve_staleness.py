"""`kamdocs serve` never shows a stale page: after an edit every page equals a full build.

One test per kind of source — a data file, a chapter, a theme template, a theme label — and a theme
page that reads data no built-in page shows. The preview's builder keeps its session (data, compiled
templates, rendered pages) between builds; each rebuild is compared with a fresh `kamdocs build`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.serve import BuildRequest
from kamdocs.serve.builder import IncrementalBuilder, project_builder
from tests.test_serve_support import example_copy, get, poll, serving, tree


class Preview:
    """The serve builder on a copy of the example, and a full build to compare it with."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root = root
        self.out = out
        self.builder = IncrementalBuilder()

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert old in text, (rel, old)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def rebuild(self) -> dict[str, str]:
        """Rebuild incrementally; assert it equals a full build; return the pages."""
        self.builder(BuildRequest(self.root, self.out / "inc", "internal", "html"))
        project_builder(BuildRequest(self.root, self.out / "full", "internal", "html"))
        inc, full = tree(self.out / "inc"), tree(self.out / "full")
        assert inc.keys() == full.keys()
        stale = [rel for rel in inc if inc[rel] != full[rel]]
        assert not stale, f"pages differ from a full build: {stale}"
        return {rel: data.decode("utf-8") for rel, data in inc.items() if rel.endswith(".html")}

    @property
    def rendered(self) -> int:
        """Return how many pages the last rebuild rendered (the rest came from the page memo)."""
        memo = self.builder.session.render.pages
        assert memo is not None
        return memo.misses


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    result = Preview(example_copy(tmp_path / "playbook"), tmp_path)
    result.rebuild()
    return result


def test_an_edited_data_file_shows_on_every_page_that_uses_it(preview: Preview) -> None:
    preview.edit("data/readiness.yaml", "score: 3", "score: 1")
    pages = preview.rebuild()
    assert 0 < preview.rendered < len(pages)  # not every page: only those handed readiness data
    assert preview.rebuild() and preview.rendered == 0  # nothing changed: nothing is rendered


def test_an_edited_chapter_shows_on_its_page(preview: Preview) -> None:
    preview.edit("content/10-einleitung.md", "Die Bestandsaufnahme", "Die ganz neue Bestandsaufnahme")
    pages = preview.rebuild()
    assert "ganz neue Bestandsaufnahme" in pages["einleitung.html"]
    assert preview.rendered == 1


def test_an_edited_theme_template_shows_on_every_page(preview: Preview) -> None:
    preview.write("themes/default/sections/swot.html", '{% import "components/tables.html" as t with context %}')
    preview.rebuild()
    preview.edit(
        "themes/default/sections/swot.html",
        "with context %}",
        "with context %}<p class='eigene-swot'>Eigene SWOT</p>{{ t.swot(section.data) }}",
    )
    pages = preview.rebuild()
    assert "Eigene SWOT" in pages["goals.html"]
    preview.edit("themes/default/sections/swot.html", "Eigene SWOT", "Geänderte SWOT")
    assert "Geänderte SWOT" in preview.rebuild()["goals.html"]


def test_an_edited_theme_label_shows_on_every_page(preview: Preview) -> None:
    preview.write("themes/default/messages/de.yaml", 'site.search: "Finden"\n')
    pages = preview.rebuild()
    assert all(">Finden</label>" in html for rel, html in pages.items() if rel != "index.html" or True)
    preview.edit("themes/default/messages/de.yaml", '"Finden"', '"Suchen und finden"')
    pages = preview.rebuild()
    assert all(">Suchen und finden</label>" in html for html in pages.values())


def test_a_theme_page_reading_data_no_built_in_page_reads_is_never_stale(preview: Preview) -> None:
    # The effort of a task is in tasks.yaml but shown by no built-in page; the budget total only on
    # the goals page. A theme's readiness page shows both through data.<name>.
    preview.write(
        "themes/default/pages/readiness.html",
        '{% extends "!default/pages/readiness.html" %}\n'
        "{% block lead %}<p class='effort'>Aufwand: {{ data.schedule.tasks[0].effort_days }}</p>"
        "<p class='budget'>Budget: {{ fmt.money(data.budget_totals.total) }}</p>{% endblock %}\n",
    )
    before = preview.rebuild()["readiness.html"]
    assert "Aufwand: 3.0" in before
    preview.edit("data/tasks.yaml", "effort_days: 3\n", "effort_days: 7\n")
    after = preview.rebuild()["readiness.html"]
    assert "Aufwand: 7.0" in after
    budget = (preview.root / "data" / "budget.yaml").read_text(encoding="utf-8")
    preview.edit("data/budget.yaml", "amount: ", "amount: 1")
    assert budget != (preview.root / "data" / "budget.yaml").read_text(encoding="utf-8")
    assert preview.rebuild()["readiness.html"] != after  # the new total, not the old one


def test_the_preview_reloads_a_theme_page_when_its_data_changes(tmp_path: Path) -> None:
    root = example_copy(tmp_path / "playbook")
    page = root / "themes" / "default" / "pages" / "readiness.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '{% extends "!default/pages/readiness.html" %}\n'
        "{% block lead %}<p>Aufwand: {{ data.schedule.tasks[0].effort_days }}</p>{% endblock %}\n",
        encoding="utf-8",
    )
    with serving(root) as (handle, _recorded):
        assert "Aufwand: 3.0" in get(handle.port, "/readiness.html").text
        before = get(handle.port, "/__kamdocs__/status?path=/readiness.html").json()
        tasks = root / "data" / "tasks.yaml"
        tasks.write_text(tasks.read_text(encoding="utf-8").replace("effort_days: 3\n", "effort_days: 7\n", 1), "utf-8")
        status = poll(
            lambda: (
                (s := get(handle.port, "/__kamdocs__/status?path=/readiness.html").json())["page_generation"]
                > before["page_generation"]
                and s
            )
        )
        assert status["ok"] is True
        assert "Aufwand: 7.0" in get(handle.port, "/readiness.html").text
