"""The CI recipes in docs/ci: valid YAML whose diff command works on a pull-request checkout."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kamdocs.cli import main
from tests.gitrepo import git, make_repo

CI = Path(__file__).resolve().parent.parent / "docs" / "ci"


def _lines(recipe: dict[str, Any]) -> list[str]:
    """Return every shell line of a GitHub workflow or a GitLab pipeline."""
    found: list[str] = []
    for job in recipe.get("jobs", recipe).values():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps", []):
            found += str(step.get("run", "")).splitlines()
        for key in ("before_script", "script"):
            for line in job.get(key, []):
                found += str(line).splitlines()
    return found


@pytest.mark.parametrize(
    ("name", "base_variable", "depth"),
    [
        ("github-actions.yml", "BASE", "fetch-depth: 0"),
        ("gitlab-ci.yml", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", 'GIT_DEPTH: "0"'),
    ],
)
def test_recipe_posts_the_markdown_diff_of_the_pull_request(
    tmp_path: Path, name: str, base_variable: str, depth: str
) -> None:
    text = (CI / name).read_text(encoding="utf-8")
    recipe = yaml.safe_load(text)
    assert depth in text  # full history: the base revision and the history page need it
    lines = _lines(recipe)
    assert any(line.strip().startswith("kamdocs check") for line in lines)
    assert any("kamdocs build --audience internal" in line for line in lines)
    command = next(line for line in lines if "kamdocs diff" in line)
    assert "--format markdown" in command
    # Run the recipe's command on a pull-request checkout: origin/main plus two new commits.
    project = make_repo(tmp_path / "repo", steps=3)
    git(project, "update-ref", "refs/remotes/origin/main", "HEAD~2")
    line = re.sub(r"\$\{?" + base_variable + r"\}?", "main", command)
    words = shlex.split(line.split(">")[0].split("||")[0])
    assert words[:2] == ["kamdocs", "diff"]
    result = CliRunner().invoke(main, [*words[1:], "-C", str(project)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("### Changes to the plan")
    assert "Task plan" in result.stdout and "Goals and KPIs" in result.stdout
    assert "Readiness" not in result.stdout.split("<details>")[0]  # landed before origin/main
