"""Issue 16, the newcomer's first hour: the README opens with commands that work as written."""

from __future__ import annotations

import re
from pathlib import Path

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
