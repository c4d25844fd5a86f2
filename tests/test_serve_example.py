"""`kamdocs serve` on the real example playbook: edits show up, broken data keeps the last good site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamdocs.errors import KamdocsError, Severity
from kamdocs.load import load_project
from kamdocs.serve import BuildRequest
from kamdocs.serve.builder import IncrementalBuilder, pdf_in_subprocess, project_builder
from tests.test_serve_support import example_copy, get, poll, serving, tree


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_copy(tmp_path_factory.mktemp("serve") / "playbook")


@pytest.fixture(scope="module")
def preview(example: Path) -> Iterator[object]:
    with serving(example) as (handle, recorded):
        yield handle


def _status(port: int, path: str = "/") -> dict[str, Any]:
    status: dict[str, Any] = get(port, f"/__kamdocs__/status?path={path}").json()
    return status


def test_example_is_served_with_every_section(preview, example: Path) -> None:  # type: ignore[no-untyped-def]
    home = get(preview.port, "/")
    assert home.status == 200
    assert '<html lang="de">' in home.text
    assert "livereload.js" in home.text
    for page in ("goals.html", "tasks.html", "accounts/index.html", "einleitung.html"):
        assert get(preview.port, "/" + page).status == 200, page
    assert get(preview.port, "/accounts/").status == 200
    # The personal data file of the project is not reachable in any spelling.
    for path in ("/../data/candidates.yaml", "/%2e%2e/data/candidates.yaml", "/..%5cdata%5ccandidates.yaml"):
        assert get(preview.port, path).status in (400, 404)
    assert preview.preview.lang == "de"


def test_editing_a_chapter_shows_the_new_text(preview, example: Path) -> None:  # type: ignore[no-untyped-def]
    chapter = example / "content" / "10-einleitung.md"
    before = _status(preview.port)["generation"]
    assert isinstance(before, int)
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nEin ganz neuer Schlusssatz für den Test.\n", encoding="utf-8"
    )
    status = poll(lambda: (s := _status(preview.port, "/einleitung.html"))["generation"] > before and s)
    assert status["ok"] is True
    assert status["page_generation"] == status["generation"]
    assert "Ein ganz neuer Schlusssatz für den Test." in get(preview.port, "/einleitung.html").text
    # A page that does not show the chapter was not changed by it.
    assert _status(preview.port, "/readiness.html")["page_generation"] < status["generation"]


def test_broken_data_keeps_the_last_good_build_and_reports_the_location(preview, example: Path) -> None:  # type: ignore[no-untyped-def]
    tasks = example / "data" / "tasks.yaml"
    good = tasks.read_text(encoding="utf-8")
    before = get(preview.port, "/tasks.html").text
    tasks.write_text(good.replace('title: "Konzeption"}', 'title: "Konzeption}', 1), encoding="utf-8")
    try:
        status = poll(lambda: (s := _status(preview.port, "/tasks.html"))["ok"] is False and s)
        assert isinstance(status, dict)
        problems = status["problems"]
        assert isinstance(problems, list) and problems
        assert re.match(r"data/tasks\.yaml:\d+:\d+: error: ", problems[0])
        assert "data/tasks.yaml:" in str(status["overlay"])
        assert get(preview.port, "/tasks.html").text == before  # the last good build stays
    finally:
        tasks.write_text(good, encoding="utf-8")
    status = poll(lambda: (s := _status(preview.port, "/tasks.html"))["ok"] is True and s)
    assert isinstance(status, dict) and status["overlay"] is None and status["problems"] == []


@pytest.mark.slow  # two dozen builds of the example
def test_incremental_output_equals_a_full_build(tmp_path: Path) -> None:
    root = example_copy(tmp_path / "playbook")
    builder = IncrementalBuilder()

    def both() -> tuple[dict[str, bytes], dict[str, bytes]]:
        builder(BuildRequest(root, tmp_path / "inc", "internal", "html"))
        project_builder(BuildRequest(root, tmp_path / "full", "internal", "html"))
        return tree(tmp_path / "inc"), tree(tmp_path / "full")

    def edit(rel: str, old: str, new: str) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    inc, full = both()
    assert inc == full
    assert builder.memo.misses > 20 and builder.memo.hits == 0

    edit("content/10-einleitung.md", "Die Bestandsaufnahme", "Die gründliche Bestandsaufnahme")
    inc, full = both()
    assert inc == full
    assert "gründliche Bestandsaufnahme" in inc["einleitung.html"].decode()
    assert builder.memo.misses <= 2  # that chapter's page and its search entries; the rest is reused
    assert builder.loader.fast_loads == 1  # no data file changed: only the chapters were read again

    edit("content/10-einleitung.md", 'title: "Warum Key-Account-Management"', 'title: "Wozu KAM"')
    assert both()[0] == both()[1]  # a title changes the navigation of every page

    for rel, old, new in [
        ("data/tasks.yaml", '"Konzeption"', '"Konzeption und Planung"'),
        ("data/company.yaml", "Rheinhold Fluidtechnik", "Rheinhold Pumpen"),
        ("data/readiness.yaml", "score: 3", "score: 4"),
        ("data/goals.yaml", "actual:", "actual: 1\n    # was:"),
        ("data/organisation.yaml", "name:", "name: Neu"),
        ("data/competencies.yaml", "required: 4", "required: 5"),
        ("data/candidates.yaml", "qualification: 3", "qualification: 1"),
        ("data/budget.yaml", "amount: ", "amount: 1"),
        ("kamdocs.yaml", "Einführung und Betrieb", "Einführung, Betrieb"),
    ]:
        edit(rel, old, new)
        inc, full = both()
        assert inc == full, rel
    account = sorted((root / "data" / "accounts").glob("*.yaml"))[0].relative_to(root).as_posix()
    edit(account, "revenue: ", "revenue: 1")
    inc, full = both()
    assert inc == full
    # Only pages that show that account or the portfolio are rendered again, not every account page.
    # (the example: the edited account's page, the accounts overview and the chapters embedding the
    # portfolio or account table, each with its search entries — 7; every account page would be 13).
    assert builder.memo.misses <= 7


def test_chapter_errors_are_found_when_only_chapters_are_reread(tmp_path: Path) -> None:
    root = example_copy(tmp_path / "playbook")
    builder = IncrementalBuilder()
    request = BuildRequest(root, tmp_path / "out", "internal", "html")
    builder(request)
    chapter = root / "content" / "25-mission.md"
    good = chapter.read_text(encoding="utf-8")
    chapter.write_text(good.replace("title:", "titel:", 1), encoding="utf-8")
    with pytest.raises(KamdocsError) as caught:
        builder(request)
    assert builder.loader.fast_loads == 0
    assert {p.path for p in caught.value.problems if p.severity is Severity.ERROR} == {"content/25-mission.md"}
    assert caught.value.problems == load_project(root).problems  # exactly what `kamdocs check` says
    reserved = root / "content" / "90-tasks.md"
    chapter.write_text(good, encoding="utf-8")
    reserved.write_text("---\ntitle: Aufgaben\n---\nText\n", encoding="utf-8")
    with pytest.raises(KamdocsError) as caught:
        builder(request)
    assert "content/90-tasks.md:1:1: error:" in str(caught.value)
    assert caught.value.problems == load_project(root).problems
    reserved.unlink()
    builder(request)
    assert builder.loader.fast_loads == 1


def test_pdf_build_errors_come_back_from_the_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the child finds this kamdocs from any folder
    root = example_copy(tmp_path / "playbook")
    tasks = root / "data" / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "\nphases: [oops\n", encoding="utf-8")
    with pytest.raises(KamdocsError) as caught:
        pdf_in_subprocess(BuildRequest(root, tmp_path / "pdf", "internal", "pdf"))
    errors = [p for p in caught.value.problems if p.severity is Severity.ERROR]
    assert errors and errors[0].path == "data/tasks.yaml" and errors[0].line > 1
    assert not (tmp_path / "pdf").exists()


@pytest.mark.slow  # a real WeasyPrint handbook
def test_pdf_on_demand_serves_the_current_handbook(preview) -> None:  # type: ignore[no-untyped-def]
    assert get(preview.port, "/__kamdocs__/pdf?build=1", timeout=900).json() == {"ok": True}
    response = get(preview.port, "/__kamdocs__/pdf")
    assert response.status == 200, response.text[:500]
    assert response.headers["content-type"] == "application/pdf"
    assert response.body.startswith(b"%PDF-")
    assert 'filename="kam-handbuch-rheinhold.pdf"' in response.headers["content-disposition"]
    assert not list(preview.preview.root.rglob("*.pdf"))  # built in the temporary folder, not the project
