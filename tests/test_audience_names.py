"""One list of audience names (kamdocs.model), used by `report`, the preview and the CLI alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import get_args

import click
import pytest

from kamdocs import report
from kamdocs.cli import main
from kamdocs.errors import KamdocsError
from kamdocs.model import (
    ACCOUNT_AUDIENCES,
    OUTPUT_AUDIENCES,
    PLAYBOOK_AUDIENCES,
    Audience,
    OutputAudience,
    output_audience,
)
from kamdocs.serve import builder
from tests.conftest import MakeProject


def test_the_lists_come_from_the_types() -> None:
    assert OUTPUT_AUDIENCES == get_args(OutputAudience) == ("internal", "restricted", "customer")
    assert PLAYBOOK_AUDIENCES == get_args(Audience) == ("internal", "restricted")
    assert set(OUTPUT_AUDIENCES) == set(PLAYBOOK_AUDIENCES) | ACCOUNT_AUDIENCES


def test_report_and_the_preview_check_against_the_same_list() -> None:
    assert report.AUDIENCES is PLAYBOOK_AUDIENCES
    for name in PLAYBOOK_AUDIENCES:
        assert builder._audience(name) == name


@pytest.mark.parametrize("name", sorted(ACCOUNT_AUDIENCES))
def test_an_account_audience_without_an_account_says_what_it_needs(name: str) -> None:
    with pytest.raises(KamdocsError, match="plan of one key account and needs an account") as caught:
        builder._audience(name)
    assert "--account ID" in str(caught.value) and "use internal or restricted" in str(caught.value)
    assert output_audience(name, account="acme") == name


def test_an_unknown_audience_names_the_valid_ones() -> None:
    with pytest.raises(KamdocsError, match=r"^unknown audience 'intern'; use internal or restricted$"):
        builder._audience("intern")
    with pytest.raises(KamdocsError, match=r"use internal, restricted or customer$"):
        output_audience("intern", account="acme")


@pytest.mark.parametrize("name", sorted(ACCOUNT_AUDIENCES))
def test_report_refuses_an_account_audience_as_known_but_not_for_the_report(
    make_project: MakeProject, name: str
) -> None:
    with pytest.raises(KamdocsError) as caught:
        report.run_report(make_project(), audience=name, as_json=True)
    assert str(caught.value) == (
        f"the report is not available for the {name} audience (it is the audience of one key account's plan: "
        f"kamdocs build --audience {name} --account ID); use internal or restricted"
    )
    assert not caught.value.problems and "unknown" not in str(caught.value)


def test_report_refuses_an_unknown_audience_naming_the_valid_ones(make_project: MakeProject) -> None:
    with pytest.raises(KamdocsError, match=r"^unknown audience 'intern'; use internal or restricted$"):
        report.run_report(make_project(), audience="intern", as_json=True)


def _audience_choices(group: click.Group = main, prefix: str = "") -> dict[str, tuple[str, ...]]:
    """Return the --audience choices of every command (``excel export`` too), by command name."""
    found: dict[str, tuple[str, ...]] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update(_audience_choices(command, f"{prefix}{name} "))
            continue
        for param in command.params:
            if param.name == "audience":
                assert isinstance(param.type, click.Choice)
                found[prefix + name] = tuple(param.type.choices)
    return found


def test_the_command_line_offers_exactly_these_names() -> None:
    # cli.py writes the names out (importing the model would slow down `kamdocs --help`): this keeps them equal.
    choices = _audience_choices()
    assert set(choices) == {"build", "report", "serve", "excel export", "diff", "history"}
    assert choices.pop("build") == OUTPUT_AUDIENCES
    for command, names in choices.items():
        assert names == PLAYBOOK_AUDIENCES, command


def test_the_command_line_starts_without_the_model() -> None:
    code = "import sys, kamdocs.cli; print(any(m.startswith(('kamdocs.model', 'pydantic')) for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_run_report_accepts_every_playbook_audience(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    for name in PLAYBOOK_AUDIENCES:
        assert report.run_report(root, audience=name, as_json=True).startswith("{")
