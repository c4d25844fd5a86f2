"""When each page's sources last changed, and the handbook's document history."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.vcs.dates import SourceIndex
from kamdocs.vcs.git import GitUnavailable, Repository
from tests.gitrepo import STEPS, make_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("git") / "repo")


def test_stand_is_the_newest_commit_of_the_sources(repo: Path) -> None:
    with Repository.open(repo) as git:
        index = SourceIndex.read(git)
    tasks = index.stand(["data/tasks.yaml"])
    assert tasks.commit is not None and tasks.commit.subject == "Handbook takes two weeks longer"
    assert not tasks.uncommitted
    accounts = index.stand(["data/accounts"])  # a folder counts with everything below it
    assert accounts.commit is not None and accounts.commit.subject == "Add Bergwerk Nord as a key account"
    company = index.stand(["data/company.yaml", "kamdocs.yaml"])
    assert company.commit is not None and company.commit.subject == "Start the playbook"
    assert index.stand(["data/nothing.yaml"]).commit is None


def test_uncommitted_changes_are_reported(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=1)
    (project / "data/budget.yaml").write_text("items: []\n", encoding="utf-8")
    with Repository.open(project) as git:
        index = SourceIndex.read(git)
    assert index.stand(["data/budget.yaml"]).uncommitted
    assert not index.stand(["data/tasks.yaml"]).uncommitted


def test_document_history_numbers_versions_and_withholds(repo: Path) -> None:
    with Repository.open(repo) as git:
        index = SourceIndex.read(git)
    rows = index.document_history(
        ["kamdocs.yaml", "data", "content"],
        confidential=lambda paths: any(p == "data/candidates.yaml" for p in paths),
        limit=3,
    )
    assert [r.version for r in rows] == [7, 6, 5]
    assert [r.commit.subject for r in rows] == [s for s, _ in reversed(STEPS[-3:])]
    assert [r.withheld for r in rows] == [True, False, False]
    internal = index.document_history(["kamdocs.yaml", "data/goals.yaml"])
    assert [r.version for r in internal] == [2, 1]


def test_a_shallow_clone_has_no_document_history(tmp_path: Path) -> None:
    import subprocess

    make_repo(tmp_path / "origin", steps=2)
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{tmp_path / 'origin'}", str(tmp_path / "shallow")], check=True
    )
    with Repository.open(tmp_path / "shallow") as git, pytest.raises(GitUnavailable, match="shallow"):
        SourceIndex.read(git)


def test_versions_for_the_internal_audience(repo: Path) -> None:
    from kamdocs.analysis import analyse
    from kamdocs.analysis.audience import make_view
    from kamdocs.load import load_project
    from kamdocs.vcs.versions import read_versions

    playbook = load_project(repo).playbook
    assert playbook is not None
    versions, note = read_versions(repo, make_view(playbook, analyse(playbook), "internal"))
    assert versions is not None and note is None
    assert [d.version for d in versions.document_history] == [6, 5, 4, 3, 2, 1]  # the rating commit is not in it
    assert versions.document_history[-1].revision.subject is None  # the first commit also added candidates
    assert versions.last_change(["data/tasks.yaml"]).date is not None
    assert "Katrin" not in repr(versions)
    restricted, _ = read_versions(repo, make_view(playbook, analyse(playbook), "restricted"))
    assert restricted is not None and restricted.document_history[0].version == 7
