"""`check` renders chapters on a second core while the data loads; the problems stay exactly the same."""

from __future__ import annotations

import pytest

import kamdocs.site.markdown as markdown_module
from kamdocs.build import check_project
from kamdocs.load.frontmatter import split_front_matter
from kamdocs.site import prerender
from tests.conftest import MakeProject


def _project(make_project: MakeProject) -> MakeProject:
    chapters = {
        f"content/{n:02d}-kapitel-{n}.md": f"---\ntitle: Kapitel {n}\n---\n## Abschnitt {n}\n\nText {n} mit **Fett**.\n"
        for n in range(10, 10 + prerender.MIN_CHAPTERS + 2)
    }
    chapters["content/10-kapitel-10.md"] += "\n{{< kpi_tabel >}}\n"
    chapters["content/11-kapitel-11.md"] += "\nSiehe [fehlt](99-fehlt.md).\n"
    return make_project(chapters)  # type: ignore[return-value]


def test_prerendered_check_reports_exactly_what_the_serial_check_reports(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(make_project)
    markdown_module._CACHE.clear()
    parallel = check_project(root)
    markdown_module._CACHE.clear()
    monkeypatch.setattr(prerender, "MIN_CHAPTERS", 10**9)
    serial = check_project(root)
    assert parallel == serial
    messages = [p.format() for p in parallel]
    assert any("unknown component 'kpi_tabel'" in m for m in messages)
    assert any("99-fehlt.md" in m for m in messages)


def test_worker_results_fill_the_markdown_cache(make_project: MakeProject) -> None:
    root = _project(make_project)
    markdown_module._CACHE.clear()
    worker = prerender.Prerender(root)
    worker.collect()
    for path in sorted((root / "content").glob("*.md")):
        _front, body, _line = split_front_matter(path.read_text(encoding="utf-8"))
        assert markdown_module._cache_key(body, "de") in markdown_module._CACHE


def test_small_projects_start_no_worker(make_project: MakeProject) -> None:
    root = make_project({"content/10-a.md": "---\ntitle: A\n---\nText\n"})
    worker = prerender.Prerender(root)
    assert worker._pool is None
    worker.collect()
