"""Build git repositories with scripted commits of the English example playbook, for the git tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from kamdocs.resources import example_dir

AUTHOR = "Erika Planner"
CANDIDATE = "Lena Hartmann"
"""A candidate's name in the English example (c06, no KAM): it must never reach an internal output."""


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in ``repo`` with a fixed identity and return its stdout."""
    full = {
        **os.environ,
        "GIT_AUTHOR_NAME": AUTHOR,
        "GIT_AUTHOR_EMAIL": "erika@example.com",
        "GIT_COMMITTER_NAME": AUTHOR,
        "GIT_COMMITTER_EMAIL": "erika@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        **(env or {}),
    }
    result = subprocess.run(["git", *args], cwd=repo, env=full, capture_output=True, text=True, check=True)
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, subject: str, day: int) -> None:
    """Commit everything with a fixed date (2026-10-<day>, 09:00 UTC)."""
    date = f"2026-10-{day:02d}T09:00:00+00:00"
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


def _readiness(project: Path) -> None:
    edit(
        project / "data/readiness.yaml",
        "        weight: 2\n        score: 3\n",
        "        weight: 2\n        score: 4\n",
    )


def _slip(project: Path) -> None:
    edit(project / "data/tasks.yaml", "duration_days: 13", "duration_days: 27")


def _kpi(project: Path) -> None:
    edit(
        project / "data/goals.yaml",
        "          - {date: 2026-09-30, value: 32.5}\n",
        "          - {date: 2026-09-30, value: 32.5}\n          - {date: 2026-10-31, value: 36.5}\n",
    )


def _account(project: Path) -> None:
    text = (project / "data/accounts/alpenmilch.yaml").read_text(encoding="utf-8")
    text = text.replace("id: alpenmilch", "id: bergwerk-nord").replace(
        'name: "Alpenmilch Molkereigenossenschaft eGen"', 'name: "Bergwerk Nord AG"'
    )
    (project / "data/accounts/bergwerk-nord.yaml").write_text(text, encoding="utf-8")


def _chapter(project: Path) -> None:
    edit(
        project / "content/10-introduction.md",
        'title: "Why key account management"',
        'title: "Why we introduce key account management"',
    )


def _rating(project: Path) -> None:
    edit(
        project / "data/candidates.yaml",
        "      industry_knowledge: 3\n      trends: 4\n",
        "      industry_knowledge: 3\n      trends: 5\n",
    )


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("Reassess readiness after the pilot workshop", _readiness),
    ("Handbook takes two weeks longer", _slip),
    ("October actuals for the share of wallet", _kpi),
    ("Add Bergwerk Nord as a key account", _account),
    ("Retitle the introduction", _chapter),
    (f"Update the profile of {CANDIDATE}", _rating),
]


def make_repo(root: Path, *, subfolder: str = "", steps: int = len(STEPS)) -> Path:
    """Create a repository at ``root`` with the example (in ``subfolder``) and the scripted commits.

    Returns the project folder. Commit 1 adds the playbook (2026-10-01); commit n+1 is ``STEPS[n]``.
    """
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    project = root / subfolder if subfolder else root
    shutil.copytree(example_dir("en"), project, dirs_exist_ok=True)
    commit(root, "Start the playbook", 1)
    for index, (subject, change) in enumerate(STEPS[:steps]):
        change(project)
        commit(root, subject, index + 2)
    return project
