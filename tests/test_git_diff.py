"""`kamdocs diff` on a repository with scripted commits: what changed, in every format and audience.

The Markdown form of the whole history is a golden file (the pull-request comment); regenerate it
with ``KAMDOCS_REGEN_GOLDEN=1 python -m pytest tests -k golden`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from tests.gitrepo import CANDIDATE, git, make_repo

GOLDEN = Path(__file__).parent / "golden" / "git"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English example with six scripted commits (see tests/gitrepo.py)."""
    return make_repo(tmp_path_factory.mktemp("git") / "repo")


def run(repo: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["diff", "-C", str(repo), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def as_json(repo: Path, *args: str) -> dict[str, Any]:
    result = run(repo, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def item(section: dict[str, Any], collection: str, ident: str) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in section[collection] if i["id"] == ident)
    return found


def test_readiness_change_in_points_and_the_criterion(repo: Path) -> None:
    data = as_json(repo, "HEAD~6", "HEAD~5")
    readiness = data["sections"]["readiness"]
    assert readiness["figures"]["overall"]["change"] == pytest.approx(2.3, abs=0.05)
    criterion = item(readiness, "criteria", "kam_goals")
    assert criterion["fields"]["score"] == {"from": 3, "to": 4, "change": 1}
    assert item(readiness, "areas", "strategy")["fields"]["index"]["change"] > 0
    assert set(data["sections"]) == {"readiness"}


def test_task_slip_in_days_with_the_tasks_it_pushes(repo: Path) -> None:
    tasks = as_json(repo, "HEAD~5", "HEAD~4")["sections"]["tasks"]
    handbook = item(tasks, "tasks", "handbook")
    assert handbook["title"] == "Write version 1 of the KAM handbook"
    assert handbook["fields"]["due"] == {"from": "2026-09-24", "to": "2026-10-08", "change": 14}
    pushed = {i["id"] for i in tasks["tasks"]}
    assert "concept_approval" in pushed  # depends on the handbook, so it moves too
    assert tasks["figures"]["overdue"]["change"] == -1


def test_kpi_update_with_status_change(repo: Path) -> None:
    kpis = as_json(repo, "HEAD~4", "HEAD~3")["sections"]["kpis"]
    kpi = item(kpis, "kpis", "share_of_wallet")
    assert kpi["fields"]["actual"] == {"from": 32.5, "to": 36.5, "change": 4.0}
    assert kpi["fields"]["status"] == {"from": "at_risk", "to": "on_track", "change": None}
    assert kpis["figures"]["at_risk"]["change"] == -1


def test_account_added_with_its_goals(repo: Path) -> None:
    accounts = as_json(repo, "HEAD~3", "HEAD~2")["sections"]["accounts"]
    added = item(accounts, "accounts", "bergwerk-nord")
    assert added["status"] == "added" and added["title"] == "Bergwerk Nord AG"
    assert accounts["figures"]["count"] == {"from": 7, "to": 8, "change": 1}
    assert all(goal["status"] == "added" for goal in accounts["goals"])


def test_chapter_retitled(repo: Path) -> None:
    chapters = as_json(repo, "HEAD~2", "HEAD~1")["sections"]["chapters"]
    chapter = item(chapters, "chapters", "introduction")
    assert chapter["old_title"] == "Why key account management"
    assert chapter["title"] == "Why we introduce key account management"


def test_rating_change_only_in_restricted(repo: Path) -> None:
    internal = as_json(repo, "HEAD~1", "HEAD")
    assert internal["changed"] is False and internal["sections"] == {}
    restricted = as_json(repo, "HEAD~1", "HEAD", "--audience", "restricted")
    rating = item(restricted["sections"]["candidates"], "ratings", "c06/trends")
    assert rating["title"].startswith(CANDIDATE) and rating["fields"]["rating"]["change"] == 1


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_internal_output_holds_no_candidate_data(repo: Path, fmt: str) -> None:
    output = run(repo, "HEAD~6", "HEAD", "--format", fmt).stdout
    assert CANDIDATE not in output and not re.search(r"\bc06\b", output)
    restricted = run(repo, "HEAD~6", "HEAD", "--format", fmt, "--audience", "restricted").stdout
    assert CANDIDATE in restricted


def test_text_names_titles_and_uses_no_colour_off_a_terminal(repo: Path) -> None:
    output = run(repo, "HEAD~5", "HEAD~4").stdout
    assert "Task “Write version 1 of the KAM handbook”: due 24 September 2026 → 8 October 2026 (+14 days)" in output
    assert "handbook" not in output.replace("KAM handbook", "")  # titles, not ids
    assert "\x1b[" not in output


def test_markdown_matches_golden(repo: Path) -> None:
    actual = run(repo, "HEAD~6", "HEAD", "--format", "markdown").stdout
    golden = GOLDEN / "diff.md"
    if os.environ.get("KAMDOCS_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), "KAMDOCS_REGEN_GOLDEN=1 to accept"
    summary, _, details = actual.partition("<details>")
    assert "- **Task plan:**" in summary and "</details>" in details


def test_markdown_escapes_text_from_the_pull_request(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=0)
    path = project / "content/10-introduction.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'title: "Why key account management"', 'title: "<img src=x onerror=alert(1)> @team #1 [link](http://x)"'
        ),
        encoding="utf-8",
    )
    output = run(project, "--format", "markdown").stdout
    assert "\\<img" in output and "<img" not in output.replace("\\<img", "")
    assert "\\@team" in output and "\\#1" in output and "\\[link\\]" in output


def test_default_is_head_against_the_working_tree(repo: Path, tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=1)
    assert as_json(project)["changed"] is False
    (project / "data/goals.yaml").write_text(
        (project / "data/goals.yaml").read_text(encoding="utf-8").replace("value: 32.5}", "value: 36.5}"),
        encoding="utf-8",
    )
    data = as_json(project)
    assert data["to"] == {"label": "working tree", "commit": None, "date": None, "as_of": "2026-11-01"}
    assert "kpis" in data["sections"]
    one = as_json(project, "HEAD~1")  # one revision: that revision against the working tree
    assert {"readiness", "kpis"} <= set(one["sections"])


def test_revision_ranges_and_merge_base(repo: Path) -> None:
    assert as_json(repo, "HEAD~5..HEAD~4")["sections"].keys() == {"tasks"}
    git(repo, "branch", "-f", "side", "HEAD~4")
    # A...B: what B changed since it forked from A (here: nothing, side is an ancestor of HEAD).
    assert as_json(repo, "HEAD...side")["changed"] is False


def test_unknown_revision_exits_2(repo: Path) -> None:
    result = run(repo, "no-such-branch")
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.stderr


def test_a_revision_that_does_not_check_exits_1_with_its_problems(tmp_path: Path) -> None:
    project = make_repo(tmp_path / "repo", steps=0)
    (project / "data/tasks.yaml").write_text("tasks: [\n", encoding="utf-8")
    git(project, "commit", "-qam", "break the tasks")
    result = run(project, "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert result.stderr.startswith("HEAD:data/tasks.yaml:2:1: error: ")
    markdown = run(project, "HEAD~1", "HEAD", "--format", "markdown")
    assert markdown.exit_code == 1 and "HEAD:data/tasks.yaml:2:1: error: " in markdown.stdout
    data = json.loads(run(project, "HEAD~1", "HEAD", "--format", "json").stdout)
    assert data["checks"] is False and data["failing"] == ["HEAD"]


def test_reading_revisions_changes_nothing_in_the_repository(repo: Path) -> None:
    index = (repo / ".git/index").read_bytes()
    status = git(repo, "status", "--porcelain")
    run(repo, "HEAD~6", "HEAD")
    run(repo)
    assert (repo / ".git/index").read_bytes() == index
    assert git(repo, "status", "--porcelain") == status


def test_a_changed_critical_path_reads_old_then_new_with_distinct_separators() -> None:
    from kamdocs.vcs.compare import Delta
    from kamdocs.vcs.render_diff import _Words

    words = _Words("de", "EUR")
    delta = Delta("critical_path", "path", (("a", "Konzept"), ("b", "Pilot")), (("c", "Roll-out"),))
    old, new = words.value("schedule", delta, delta.old), words.value("schedule", delta, delta.new)
    assert (old, new) == ("Konzept › Pilot", "Roll-out")
    assert "→" not in old + new  # the arrow is kept for "old → new"
