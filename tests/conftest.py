"""Shared fixtures: build small playbook projects in tmp_path."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

BASE_FILES = {
    "kamdocs.yaml": "title: Test-Playbook\nas_of: 2027-01-01\n",
    "data/company.yaml": "name: Test GmbH\nmission:\n  statement: Wir wachsen mit unseren Key Accounts.\n",
}

MakeProject = Callable[..., Path]


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text, dedented, or raw bytes) below ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Return a function that writes a project (base files plus the given ones) and returns its root."""

    def make(files: dict[str, str | bytes] | None = None, *, base: bool = True, name: str = "project") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        all_files: dict[str, str | bytes] = dict(BASE_FILES) if base else {}
        all_files.update(files or {})
        return write_files(root, all_files)

    return make


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# The one browser of the browser tests (tests/browser/, test_serve_browser.py). Module scope: a sync
# playwright instance keeps an event loop alive, so it is closed before the next module's tests run.
@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Launch Debian's chromium through playwright for one test module."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium (installed by .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


# In CI the browser and PDF tools and the test extra's linters are installed by .ci/run: a skip
# for a missing one there would silently hide a broken install, so it counts as a failure.
_CI_REQUIRED = ("chromium", "poppler", "ruff", "mypy")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped:
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if any(tool in reason.lower() for tool in _CI_REQUIRED):
            report.outcome = "failed"
            report.longrepr = f"skipped in CI, where .ci/run must provide it: {reason}"
