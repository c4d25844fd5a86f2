"""Outside git, the history parts are left out with a note, and git never reaches the network."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from kamdocs.resources import example_dir
from kamdocs.vcs.git import Repository, parse_commit, parse_tree
from tests.gitrepo import git, make_repo


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def copy_example(target: Path) -> Path:
    subprocess.run(["cp", "-r", str(example_dir("en")), str(target)], check=True)
    return target


def assert_left_out(project: Path, reason: str) -> None:
    code, out, err = invoke("diff", "-C", str(project))
    assert code == 0 and out == "" and reason in err and err.startswith("note: ")
    code, out, _ = invoke("history", str(project), "--json")
    data = json.loads(out)
    assert code == 0 and data["available"] is False and reason in data["notes"][0]
    code, out, _ = invoke("history", str(project))
    assert code == 0 and reason in out


def test_a_plain_folder(tmp_path: Path) -> None:
    assert_left_out(copy_example(tmp_path / "plain"), "not in a git repository")


def test_a_repository_without_commits(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "fresh")
    git(project, "init", "-q")
    assert_left_out(project, "no commits yet")


def test_git_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_repo(tmp_path / "repo", steps=1)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert_left_out(project, "git is not installed")


def test_an_explicit_revision_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("diff", "-C", str(copy_example(tmp_path / "plain")), "HEAD~1")
    assert code == 2 and "not in a git repository" in err


def test_a_shallow_clone(tmp_path: Path) -> None:
    make_repo(tmp_path / "origin", steps=3)
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{tmp_path / 'origin'}", "shallow")
    shallow = tmp_path / "shallow"
    code, out, _ = invoke("history", str(shallow), "--json")
    assert code == 0 and "shallow clone" in json.loads(out)["notes"][0]
    code, _, _ = invoke("diff", "-C", str(shallow))  # HEAD is there: diff works
    assert code == 0
    code, _, err = invoke("diff", "-C", str(shallow), "HEAD~2")
    assert code == 2 and "shallow clone" in err


def test_a_partial_clone_never_contacts_its_remote(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    make_repo(origin, steps=4)
    git(origin, "config", "uploadpack.allowFilter", "true")
    git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{origin}", "partial")
    partial = tmp_path / "partial"
    # Any contact with the remote would now run this command and leave the marker behind.
    marker = tmp_path / "contacted"
    git(partial, "config", "remote.origin.url", "ssh://git.invalid/repo.git")
    git(partial, "config", "core.sshCommand", f"touch {marker}; false")
    code, out, _ = invoke("history", str(partial), "--json")
    assert code == 0 and "partial clone" in json.loads(out)["notes"][0]
    code, _, err = invoke("diff", "-C", str(partial), "HEAD~4", "HEAD")
    assert code == 2 and "partial clone" in err
    assert not marker.exists()


def test_a_remote_is_never_contacted(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=3)
    marker = tmp_path / "contacted"
    git(project, "remote", "add", "origin", "ssh://git.invalid/repo.git")
    git(project, "config", "core.sshCommand", f"touch {marker}; false")
    assert invoke("diff", "-C", str(project), "HEAD~3", "HEAD")[0] == 0
    assert invoke("history", str(project))[0] == 0
    assert not marker.exists()


def test_repository_reads_what_git_wrote(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", subfolder="pb", steps=1)
    with Repository.open(project) as repo:
        assert repo.prefix == "pb/"
        head = repo.head()
        assert head.subject == "Reassess readiness after the pilot workshop" and head.author == "Erika Planner"
        assert repo.resolve(head.id[:10]) == head
        assert repo.entry(head, "data/readiness.yaml") is not None
        assert repo.entry(head, "data/nothing.yaml") is None
        changed = [paths for _, paths in repo.log(["data"])]
        assert changed[0] == ("data/readiness.yaml",)


def test_commit_and_tree_parsing_is_defensive() -> None:
    raw = (
        b"tree abc\nparent p1\nauthor A B <a@b> 1700000000 +0130\ncommitter C <c@d> bad\n\n"
        b"First line\ncontinued\n\nbody"
    )
    commit = parse_commit("f" * 40, raw)
    assert commit.author == "A B" and commit.subject == "First line continued" and commit.parents == ("p1",)
    entries = parse_tree(b"100644 ok.yaml\0" + b"\1" * 20 + b"100644 ..\0" + b"\2" * 20 + b"40000 a/b\0" + b"\3" * 20)
    assert [e.name for e in entries] == ["ok.yaml"]
