"""The website and the PDF of a playbook in git: the history page, each page's date, the document history."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kamdocs.build import build_project
from kamdocs.resources import example_dir
from tests.gitrepo import CANDIDATE, make_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("git") / "repo")


def build(project: Path, out: Path, audience: str = "internal", fmt: str = "html") -> dict[str, bytes]:
    result = build_project(project, formats=fmt, audience=audience, out=out)  # type: ignore[arg-type]
    assert result.out == out
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def text(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


def test_history_page_with_trends_table_and_changes(repo: Path, tmp_path: Path) -> None:
    files = build(repo, tmp_path / "site")
    page = text(files, "history.html")
    assert page.count('class="kd-chart kd-chart--trend"') == 6
    rows = re.findall(r'<tr id="rev-([0-9a-f]{8})">', page)
    assert len(rows) == 6  # the revisions that changed data/, newest first
    assert "Add Bergwerk Nord as a key account" in page
    assert 'href="#changes-' in page and "Key accounts: count 7 → 8 (+1)" in page
    assert "history.html" in text(files, "index.html")  # in the navigation


def test_internal_site_holds_no_candidate_data(repo: Path, tmp_path: Path) -> None:
    files = build(repo, tmp_path / "site")
    for name, content in files.items():
        assert CANDIDATE.encode() not in content, name
    assert "subject withheld" in text(files, "history.html")
    restricted = build(repo, tmp_path / "restricted", audience="restricted")
    assert f"Update the profile of {CANDIDATE}" in text(restricted, "history.html")


def test_every_page_says_when_its_sources_last_changed(repo: Path, tmp_path: Path) -> None:
    files = build(repo, tmp_path / "site")
    stand = re.compile(r'<p class="page-stand">Last changed: <time datetime="([0-9-]+)">')

    def date(name: str) -> str:
        found = stand.search(text(files, name))
        assert found is not None, name
        return found.group(1)

    assert date("tasks.html") == "2026-10-03"  # the task slip
    assert date("goals.html") == "2026-10-04"  # the KPI update
    assert date("accounts/bergwerk-nord.html") == "2026-10-05"
    assert date("accounts/alpenmilch.html") == "2026-10-01"
    assert date("introduction.html") == "2026-10-06"  # the retitled chapter
    assert date("readiness.html") == "2026-10-02"
    pages = [n for n in files if n.endswith(".html")]
    assert all('class="page-stand"' in text(files, n) for n in pages if n not in ("search.html",))


def test_uncommitted_changes_are_named(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=2)
    tasks = project / "data/tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    files = build(project, tmp_path / "site")
    assert "Last changed: uncommitted changes (last commit 3 October 2026)" in text(files, "tasks.html")
    assert "uncommitted" not in text(files, "readiness.html")


def test_same_repository_same_bytes(repo: Path, tmp_path: Path) -> None:
    assert build(repo, tmp_path / "a") == build(repo, tmp_path / "b")


def test_outside_git_the_history_parts_are_left_out(tmp_path: Path) -> None:
    project = tmp_path / "plain"
    shutil.copytree(example_dir("en"), project)
    result = build_project(project, formats="html", out=tmp_path / "site")
    assert not (tmp_path / "site/history.html").exists()
    assert 'class="page-stand"' not in (tmp_path / "site/tasks.html").read_text(encoding="utf-8")
    notes = [p.message for p in result.problems if p.path == "git"]
    assert notes and "not in a git repository" in notes[0]


@pytest.mark.slow
def test_pdf_front_matter_has_the_document_history(repo: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    build(repo, tmp_path / "pdf", fmt="pdf")
    reader = pypdf.PdfReader(next((tmp_path / "pdf").glob("*.pdf")))
    pages = [page.extract_text() for page in reader.pages]
    front = next(t for t in pages[:6] if "Document history" in t)
    assert "Add Bergwerk Nord as a key account" in front and "Retitle the introduction" in front
    assert re.search(r"\b6\s+6 Oct 2026\s+Erika Planner", front)  # six versions: the rating change is not one
    assert CANDIDATE not in "".join(pages)


def test_serve_reads_the_history_once_per_commit(tmp_path: Path) -> None:
    from kamdocs.session import BuildSession

    project = make_repo(tmp_path / "repo", steps=2)
    session = BuildSession(incremental=True)
    build_project(project, formats="html", out=tmp_path / "site", session=session)
    first = session.versions._last
    tasks = project / "data/tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build_project(project, formats="html", out=tmp_path / "site", session=session)
    assert session.versions._last is first  # an edit is not a new commit: nothing read again
    page = (tmp_path / "site/tasks.html").read_text(encoding="utf-8")
    assert "uncommitted changes" in page
