"""Issue 16, the newcomer's first hour: README commands that work as written, and plain messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.build import BuildResult, what_to_open
from kamdocs.cli import main
from kamdocs.render.writer import WrittenFile
from tests.conftest import MakeProject

REPOSITORY = Path(__file__).resolve().parent.parent


def _opening_blocks() -> list[str]:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", head, re.DOTALL)


def test_the_readme_opens_with_the_install_and_build_command_then_the_test_command() -> None:
    blocks = _opening_blocks()
    install, tests = blocks[0], blocks[1]
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert text.index("```bash") < text.index("\n## ")
    # Debian and Ubuntu refuse `pip install` outside a virtual environment (PEP 668).
    for block in (install, tests):
        assert "python3 -m venv .venv && . .venv/bin/activate && pip install" in block
    assert "python3-venv" in install  # what a stock Debian/Ubuntu lacks
    assert "kamdocs init my-playbook" in install and "kamdocs build my-playbook" in install
    assert tests.strip().endswith("python -m pytest")


def test_ci_runs_the_readmes_test_command_word_for_word() -> None:
    command = _opening_blocks()[1].strip()
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()


def test_the_virtual_environment_is_not_committed() -> None:
    ignored = (REPOSITORY / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".venv/" in ignored


def test_init_in_the_current_folder_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "."])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        r"Wrote \d+ files into the current folder\. Next: kamdocs check, then kamdocs build\n", result.output
    )
    other = CliRunner().invoke(main, ["init", "sub"])
    assert re.fullmatch(r"Wrote \d+ files into sub\. Next: kamdocs check sub, then kamdocs build sub\n", other.output)


def test_an_unknown_account_is_a_usage_error_before_anything_is_composed(make_project: MakeProject) -> None:
    root = make_project({"data/accounts/acme.yaml": "id: acme\nname: Acme GmbH\n"})
    result = CliRunner().invoke(main, ["build", str(root), "--format", "pdf", "--account", "nope"])
    assert result.exit_code == 2
    assert "Error: --account: no key account 'nope'; valid ids: acme" in result.output
    assert "PDF" not in result.output and "composing" not in result.output
    assert not (root / "site").exists()


def test_build_says_once_what_it_wrote_and_which_file_to_open(make_project: MakeProject) -> None:
    root = make_project()
    result = CliRunner().invoke(main, ["build", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sum(bool(re.search(r"\b(wrote|written)\b", line)) for line in lines) == 1, lines
    assert lines[-1] == f"open {(root / 'site' / 'index.html').as_posix()}"
    assert (root / "site" / "index.html").is_file()


def test_what_to_open_after_a_pdf_only_build_is_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = BuildResult(tmp_path / "site", ("pdf",), (WrittenFile("handbuch.pdf", "pdf", 3),))
    assert what_to_open(result) == "open site/handbuch.pdf"
    assert what_to_open(BuildResult(tmp_path / "site", ("report",), (WrittenFile("report.json", "report"),))) == ""
