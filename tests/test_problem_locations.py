"""Where a problem is shown: ``path:line:col`` inside a file, ``path:`` alone when there is no position."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from kamdocs.errors import NO_POSITION, Problem, Severity
from kamdocs.load import load_project
from tests.conftest import MakeProject


def test_a_problem_with_a_position_names_line_and_column() -> None:
    problem = Problem("data/goals.yaml", 7, 3, Severity.ERROR, "unknown key 'zzz'")
    assert problem.format() == "data/goals.yaml:7:3: error: unknown key 'zzz'"


@pytest.mark.parametrize("severity", list(Severity))
def test_a_problem_without_a_position_names_only_the_file(severity: Severity) -> None:
    problem = Problem("data/tasks.yaml", NO_POSITION, NO_POSITION, severity, "data/tasks.yaml is missing")
    assert problem.format() == f"data/tasks.yaml: {severity.label}: data/tasks.yaml is missing"


def test_a_problem_without_path_and_position_is_just_the_message() -> None:
    assert Problem("", NO_POSITION, NO_POSITION, Severity.ERROR, "boom").format() == "error: boom"


def test_missing_optional_files_have_no_made_up_position(make_project: MakeProject) -> None:
    shown = [p.format() for p in load_project(make_project()).problems]
    assert "data/tasks.yaml: note: data/tasks.yaml is missing; its section is left out of the playbook" in shown
    assert (
        "data/accounts: note: data/accounts/ is missing; the key accounts section is left out of the playbook" in shown
    )
    assert not [line for line in shown if ":1:1:" in line]


def test_a_missing_required_file_and_an_unread_file_name_have_no_position(make_project: MakeProject) -> None:
    root = make_project({"data/goal.yaml": "goals: []\n"})
    (root / "data/company.yaml").unlink()
    shown = [p.format() for p in load_project(root).problems]
    assert (
        "data/company.yaml: error: data/company.yaml is required: it holds the company name and the KAM mission"
        in shown
    )
    assert "data/goal.yaml: warning: kamdocs does not read data/goal.yaml; did you mean data/goals.yaml?" in shown


def test_a_problem_in_a_file_that_exists_keeps_its_position(make_project: MakeProject) -> None:
    root = make_project({"data/readiness.yaml": "zzz: 1\n"})
    shown = [p.format() for p in load_project(root).problems]
    assert any(line.startswith("data/readiness.yaml:1:1: error: unknown key 'zzz'") for line in shown)


def test_the_git_note_of_a_build_outside_git_has_no_position(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    result = CliRunner(env=env).invoke(main, ["build", str(root), "--format", "html", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("git")]
    assert notes and notes[0].startswith("git: note: ") and "not in a git repository" in notes[0]
