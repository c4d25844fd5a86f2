"""The checks CONTRIBUTING.md lists run with the test suite, so CI enforces them: ruff, ruff format, mypy."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ["kamdocs", "tests", "bench"]


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return subprocess.run(
        [sys.executable, "-m", name, *args], cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )


def test_ruff_finds_nothing() -> None:
    done = _tool("ruff", "check", "--no-cache", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_is_ruff_formatted() -> None:
    done = _tool("ruff", "format", "--check", "--no-cache", *SOURCES)
    assert done.returncode == 0, "run `ruff format kamdocs tests bench`:\n" + done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict_passes_on_the_package_and_the_tests() -> None:
    done = _tool("mypy")  # files and strictness come from pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_is_marked_as_typed_and_ships_whole() -> None:
    """``py.typed`` tells type checkers of projects that import kamdocs to use its annotations."""
    assert (REPO / "kamdocs" / "py.typed").is_file()
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["kamdocs"]  # every file in it
    assert config["tool"]["mypy"]["files"] == ["kamdocs", "tests"]
