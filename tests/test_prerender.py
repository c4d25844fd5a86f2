"""`check` renders chapters on a second core while the data loads; the problems stay exactly the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.build import check_project
from kamdocs.load import load_project
from kamdocs.load import prerender as prerender_module
from kamdocs.load.frontmatter import split_front_matter
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.load.prerender import Prerender
from tests.conftest import MakeProject


def _project(make_project: MakeProject) -> Path:
    chapters = {
        f"content/{n:02d}-kapitel-{n}.md": f"---\ntitle: Kapitel {n}\n---\n## Abschnitt {n}\n\nText {n} mit **Fett**.\n"
        for n in range(10, 10 + prerender_module.MIN_CHAPTERS + 2)
    }
    chapters["content/10-kapitel-10.md"] += "\n{{< kpi_tabel >}}\n"
    chapters["content/11-kapitel-11.md"] += "\nSiehe [fehlt](99-fehlt.md).\n"
    return make_project(chapters)


def test_prerendered_check_reports_exactly_what_the_serial_check_reports(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(make_project)
    parallel = check_project(root)
    monkeypatch.setattr(prerender_module, "MIN_CHAPTERS", 10**9)
    serial = check_project(root)
    assert parallel == serial
    messages = [p.format() for p in parallel]
    assert any("unknown component 'kpi_tabel'" in m for m in messages)
    assert any("99-fehlt.md" in m for m in messages)


def test_prerendered_load_gives_the_same_chapters(make_project: MakeProject) -> None:
    root = _project(make_project)
    serial = load_project(root).playbook
    parallel = load_project(root, prerender=True).playbook
    assert serial is not None and parallel is not None
    assert parallel.chapters == serial.chapters
    assert "<strong>Fett</strong>" in parallel.chapters[0].rendered.html


def test_worker_results_fill_the_renderer(make_project: MakeProject) -> None:
    root = _project(make_project)
    worker = Prerender(root, "de")
    assert worker.running
    renderer = ChapterRenderer()
    worker.collect(renderer)
    assert not worker.running
    for path in sorted((root / "content").glob("*.md")):
        _front, body, _line = split_front_matter(path.read_text(encoding="utf-8"))
        assert renderer.knows(body, "de")


def test_small_projects_start_no_worker(make_project: MakeProject) -> None:
    root = make_project({"content/10-a.md": "---\ntitle: A\n---\nText\n"})
    worker = Prerender(root, "de")
    assert not worker.running
    renderer = ChapterRenderer()
    worker.collect(renderer)
    assert len(renderer) == 0
