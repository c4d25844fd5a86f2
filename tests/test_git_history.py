"""`kamdocs history`: the key figures per revision that changed data/, and the audience rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from tests.gitrepo import CANDIDATE, STEPS, commit, git, make_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("git") / "repo")


def history(project: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["history", str(project), "--json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_one_row_per_revision_that_changed_data_newest_first(repo: Path) -> None:
    rows = history(repo)["revisions"]
    # Seven commits; the chapter retitling did not change data/.
    assert len(rows) == 6
    assert [r["date"][:10] for r in rows] == sorted((r["date"][:10] for r in rows), reverse=True)
    assert all(r["checks"] and r["author"] == "Erika Planner" for r in rows)
    first, second = rows[-1]["figures"], rows[-2]["figures"]
    assert second["readiness"] > first["readiness"]  # the readiness reassessment
    kpis = [r["figures"]["kpis"]["at_risk"] for r in reversed(rows)]
    assert kpis[3] == kpis[2] - 1  # the KPI update moved one KPI out of "at risk"
    assert rows[1]["figures"]["accounts"] == rows[2]["figures"]["accounts"] + 1
    assert rows[1]["subject"] == "Add Bergwerk Nord as a key account"
    assert set(first) == {"readiness", "kpis", "end", "forecast_end", "overdue", "budget", "accounts"}


def test_revisions_limit_and_since(repo: Path) -> None:
    assert len(history(repo, "--revisions", "2")["revisions"]) == 2
    config = repo / "kamdocs.yaml"
    original = config.read_text(encoding="utf-8")
    # The example sets its own `history:` block; the test replaces it.
    others = re.sub(r"(?m)^history:\n(?:[ #].*\n)*", "", original)
    try:
        config.write_text(others + "history:\n  revisions: 3\n", encoding="utf-8")
        assert len(history(repo)["revisions"]) == 3
        config.write_text(others + "history:\n  since: 2026-10-04\n", encoding="utf-8")
        assert [r["date"][:10] for r in history(repo)["revisions"]][-1] == "2026-10-04"
    finally:
        config.write_text(original, encoding="utf-8")


def test_internal_history_withholds_subjects_of_commits_with_personal_data(repo: Path) -> None:
    internal = history(repo)
    assert CANDIDATE not in json.dumps(internal)
    newest = internal["revisions"][0]
    assert newest["subject"] is None and newest["subject_withheld"] is True
    restricted = history(repo, "--audience", "restricted")
    assert restricted["revisions"][0]["subject"] == STEPS[-1][0]
    text = CliRunner().invoke(main, ["history", str(repo)]).stdout
    assert CANDIDATE not in text and "subject withheld" in text


def test_a_revision_whose_data_does_not_check_is_listed(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=1)
    budget = project / "data/budget.yaml"
    good = budget.read_text(encoding="utf-8")
    budget.write_text("items: 12\n", encoding="utf-8")
    commit(project, "Break the budget", 20)
    # Only the commit is broken: the working tree must load (its settings drive the history).
    budget.write_text(good, encoding="utf-8")
    rows = history(project)["revisions"]
    assert rows[0]["checks"] is False and rows[0]["errors"][0]["path"].endswith(":data/budget.yaml")
    assert rows[1]["checks"] is True
    text = CliRunner().invoke(main, ["history", str(project)]).stdout
    assert "does not check (1 errors)" in text or "does not check" in text


def test_uncommitted_data_changes_are_mentioned(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=0)
    assert history(project)["uncommitted"] is False
    (project / "data/budget.yaml").write_text(
        (project / "data/budget.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert history(project)["uncommitted"] is True


def test_a_project_in_a_subfolder(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", subfolder="handbook", steps=2)
    (tmp_path / "repo/README.md").write_text("other files\n", encoding="utf-8")
    commit(tmp_path / "repo", "Unrelated change", 20)
    rows = history(project)["revisions"]
    assert len(rows) == 3
    assert git(tmp_path / "repo", "status", "--porcelain") == ""


def test_each_revision_can_say_what_it_changed(repo: Path) -> None:
    from kamdocs.vcs.history import collect_history

    rows = collect_history(repo, changes=True).revisions
    by_subject = {r.commit.subject: r.changes for r in rows}
    assert by_subject["Handbook takes two weeks longer"][0].startswith("Task plan: ")
    # the new account also moves the KPI rolled up from the account files (source: accounts.agreed_missions)
    added = by_subject["Add Bergwerk Nord as a key account"]
    assert added[0].startswith("Goals and KPIs: ") and added[1].startswith("Key accounts: count 7 → 8")
    assert rows[0].changes == ()  # a rating change: nothing the internal audience may see
    restricted = collect_history(repo, changes=True, audience="restricted").revisions
    assert restricted[0].changes and restricted[0].changes[0].startswith("Candidates")


def test_a_subject_is_withheld_when_its_chapter_was_restricted_in_either_version() -> None:
    from types import SimpleNamespace

    from kamdocs.vcs.history import _confidential

    def version(audience: str) -> Any:
        chapter = SimpleNamespace(source="content/x.md", front=SimpleNamespace(draft=False, audience=audience))
        return SimpleNamespace(playbook=SimpleNamespace(chapters=(chapter,)))

    paths = ["data/goals.yaml", "content/x.md"]
    # Made public in this commit: its subject may still describe the restricted text it had.
    assert _confidential(paths, version("internal"), version("restricted"))
    assert _confidential(paths, version("restricted"), version("internal"))
    assert not _confidential(paths, version("internal"), version("internal"))
    assert _confidential(["content/new.md"], version("internal"), None)  # unknown to both: kept back


# --- a working tree that does not load ------------------------------------------------------------


def _check_lines(project: Path) -> list[str]:
    """Return the problem lines `kamdocs check` prints (without its summary line)."""
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 1
    return result.stdout.splitlines()[:-1]


@pytest.mark.parametrize(
    ("file", "key", "where"),
    [
        ("kamdocs.yaml", "language: de\n", "kamdocs.yaml:{line}:1: error: duplicate key 'language'"),
        ("data/budget.yaml", "resources: []\n", "data/budget.yaml:{line}:1: error: duplicate key 'resources'"),
    ],
    ids=["kamdocs.yaml", "data-file"],
)
@pytest.mark.parametrize("form", [[], ["--json"]], ids=["text", "json"])
def test_a_working_tree_that_does_not_load_fails_as_check_does(
    tmp_path: Path, file: str, key: str, where: str, form: list[str]
) -> None:
    project = make_repo(tmp_path / "repo", steps=1)
    path = project / file
    text = path.read_text(encoding="utf-8")
    path.write_text(text + key, encoding="utf-8")
    # Before, the history was printed with default settings (language en, 24 revisions) as if all were well.
    result = CliRunner().invoke(main, ["history", str(project), *form])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stdout == "" and "Traceback" not in result.output
    line = text.count("\n") + key.count("\n")
    assert where.format(line=line) in result.stderr
    assert "keep one of them" in result.stderr  # what to write instead
    assert result.stderr.splitlines() == _check_lines(project)


def test_the_build_passes_the_playbook_it_loaded_and_the_working_tree_is_not_read_again(tmp_path: Path) -> None:
    from kamdocs.errors import KamdocsError
    from kamdocs.load import load_playbook
    from kamdocs.vcs.history import collect_history

    project = make_repo(tmp_path / "repo", steps=1)
    playbook, _ = load_playbook(project)
    config = project / "kamdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
    with pytest.raises(KamdocsError) as caught:
        collect_history(project)
    assert caught.value.problems and caught.value.problems[0].path == "kamdocs.yaml"
    history = collect_history(project, current=playbook)
    assert history.available and len(history.revisions) == 2 and history.language == "en"
