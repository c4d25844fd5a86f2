"""Watching the sources: edits rebuild, no-op saves and unrelated files do not (fake builder)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from kamdocs.serve.incremental import ChangeSet, SourceFingerprints, classify, relative_source, watched_change
from tests.test_serve_support import FakeBuilder, fake_project, get, poll, serving


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return fake_project(tmp_path / "project")


def test_editing_a_chapter_rebuilds_and_serves_the_new_text(project: Path) -> None:
    builder = FakeBuilder()
    with serving(project, build=builder) as (handle, recorded):
        (project / "content" / "10-intro.md").write_text("Hallo Vertrieb\n", encoding="utf-8")
        poll(lambda: "Hallo Vertrieb" in get(handle.port, "/intro.html").text)
        assert handle.wait_for_attempt(2, 10) is not None
        request = builder.requests[1]
        assert request.changes == ChangeSet(chapters=("content/10-intro.md",))
        assert re.fullmatch(r"built 4 pages in \d+ ms", recorded.info[0])
        assert re.fullmatch(
            r"rebuilt after a change to content/10-intro\.md in \d+ ms: 1 page changed", recorded.info[1]
        )


def test_broken_data_shows_problems_then_recovers(project: Path) -> None:
    with serving(project, build=FakeBuilder()) as (handle, recorded):
        company = project / "data" / "company.yaml"
        company.write_text("name: Fake\nrevenue: BROKEN\n", encoding="utf-8")
        status = poll(lambda: (s := get(handle.port, "/__kamdocs__/status").json())["ok"] is False and s)
        assert status["problems"][0].startswith("data/company.yaml:2:7: error:")
        assert "Hallo Welt" in get(handle.port, "/intro.html").text  # last good build stays
        assert [p.path for p in recorded.problems] == ["data/company.yaml"]
        company.write_text("name: Fake\n", encoding="utf-8")
        status = poll(lambda: (s := get(handle.port, "/__kamdocs__/status").json())["ok"] and s)
        assert status["overlay"] is None


def test_unchanged_save_and_files_outside_the_sources_do_not_rebuild(project: Path) -> None:
    builder = FakeBuilder()
    with serving(project, build=builder) as (handle, _):
        chapter = project / "content" / "10-intro.md"
        chapter.write_text(chapter.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes
        (project / "notes.txt").write_text("not a source\n", encoding="utf-8")
        (project / "site").mkdir()
        (project / "site" / "index.html").write_text("old output\n", encoding="utf-8")
        (project / "content" / ".10-intro.md.swp").write_text("vim\n", encoding="utf-8")
        # A real change afterwards is the next build: nothing else came in between.
        (project / "content" / "20-plan.md").write_text("Neuer Plan\n", encoding="utf-8")
        assert handle.wait_for_attempt(2, 10) is not None
        assert builder.requests[1].changes == ChangeSet(chapters=("content/20-plan.md",))
        assert handle.state.snapshot().attempt == 2


def test_new_theme_folder_is_watched(project: Path) -> None:
    builder = FakeBuilder()
    with serving(project, build=builder) as (handle, _):
        (project / "themes" / "mine").mkdir(parents=True)
        (project / "themes" / "mine" / "extra.css").write_text("h1 { color: red }\n", encoding="utf-8")
        assert handle.wait_for_attempt(2, 10) is not None
        assert builder.requests[1].changes == ChangeSet(themes=("themes/mine/extra.css",))


def test_classify_sorts_changes_by_kind() -> None:
    changes = classify(
        [
            "content/10-a.md",
            "data/tasks.yaml",
            "kamdocs.yaml",
            "themes/x/base.html",
            "content/assets/logo.png",
            "data/accounts/acme.yaml",
            "content/10-a.md",
        ]
    )
    assert changes == ChangeSet(
        config=True,
        themes=("themes/x/base.html",),
        data=("data/accounts/acme.yaml", "data/tasks.yaml"),
        chapters=("content/10-a.md",),
        assets=("content/assets/logo.png",),
    )
    assert changes.describe() == "6 files"
    assert classify(["content/20-b.md"]).describe() == "content/20-b.md"
    assert classify([]).empty


def test_relative_source_accepts_only_the_watched_places(tmp_path: Path) -> None:
    assert relative_source(tmp_path, tmp_path / "kamdocs.yaml") == "kamdocs.yaml"
    assert relative_source(tmp_path, tmp_path / "data" / "x.yaml") == "data/x.yaml"
    assert relative_source(tmp_path, tmp_path / "data") is None
    assert relative_source(tmp_path, tmp_path / "site" / "index.html") is None
    assert relative_source(tmp_path, tmp_path / "kamdocs.yaml.bak") is None
    assert relative_source(tmp_path / "a", tmp_path / "b" / "data" / "x.yaml") is None


def test_a_new_top_level_folder_is_a_watched_change(tmp_path: Path) -> None:
    # inotify may report only the folder when themes/ is created with files in it at once.
    assert watched_change(tmp_path, tmp_path / "themes") == "themes"
    assert watched_change(tmp_path, tmp_path / "data" / "x.yaml") == "data/x.yaml"
    assert watched_change(tmp_path, tmp_path / "site") is None
    assert watched_change(tmp_path, tmp_path / "content" / "themes") == "content/themes"
    (tmp_path / "themes" / "mine").mkdir(parents=True)
    (tmp_path / "themes" / "mine" / "extra.css").write_text("h1 {}\n", encoding="utf-8")
    assert SourceFingerprints(tmp_path).changed(["themes"]) == ["themes/mine/extra.css"]


def test_fingerprints_drop_saves_without_a_byte_changed(tmp_path: Path) -> None:
    root = fake_project(tmp_path / "p")
    prints = SourceFingerprints(root)
    prints.scan()
    assert prints.changed(["content/10-intro.md"]) == []
    (root / "content" / "10-intro.md").write_text("anders\n", encoding="utf-8")
    assert prints.changed(["content/10-intro.md", "content"]) == ["content/10-intro.md"]
    (root / "content" / "10-intro.md").unlink()
    assert prints.changed(["content/10-intro.md"]) == ["content/10-intro.md"]
    assert prints.changed(["content/10-intro.md"]) == []
    (root / "themes" / "neu").mkdir(parents=True)
    (root / "themes" / "neu" / "base.html").write_text("x", encoding="utf-8")
    assert prints.changed(["themes/neu"]) == ["themes/neu/base.html"]  # only the folder reported
    (root / "themes" / "neu" / "base.html").unlink()
    (root / "themes" / "neu").rmdir()
    assert prints.changed(["themes/neu"]) == ["themes/neu/base.html"]
    assert prints.changed(["themes/neu"]) == []


def test_watcher_falls_back_to_polling_when_file_events_fail(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import watchfiles

    from kamdocs.serve import watcher

    def limited(*args, force_polling=None, **kwargs):  # type: ignore[no-untyped-def]
        if not force_polling:
            raise OSError("OS file watch limit reached")
        return watchfiles.watch(*args, force_polling=True, poll_delay_ms=50, **kwargs)

    monkeypatch.setattr(watcher, "watch", limited)
    builder = FakeBuilder()
    with serving(project, build=builder) as (handle, recorded):
        chapter = project / "content" / "10-intro.md"
        chapter.write_text("Per Abfrage gefunden\n", encoding="utf-8")
        # The poller compares modification times in whole seconds; the file was made just now.
        later = time.time() + 2
        os.utime(chapter, (later, later))
        poll(lambda: "Per Abfrage gefunden" in get(handle.port, "/intro.html").text)
    assert recorded.warnings == [
        "file events are not available (OS file watch limit reached); checking the files every 0.3 s instead"
    ]
