"""Golden HTML of the example playbook (internal audience).

Regenerate after an intended change of the theme, the example or the charts with::

    KAMDOCS_REGEN_GOLDEN=1 python -m pytest tests/test_html_golden.py

and review the diff of ``tests/golden/html/`` before committing it. Theme static files (CSS/JS) are
copies of ``themes/default/static`` and are not kept here.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from kamdocs.build import build_project

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "html"
SKIPPED = ("_static/css/", "_static/js/")


def built_files(out: Path) -> dict[str, str]:
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and not rel.startswith(SKIPPED) and path.suffix in (".html", ".js", ".xml"):
            files[rel] = path.read_text(encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("golden") / "playbook"
    root.mkdir()
    shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    out = root.parent / "site"
    build_project(root, formats="html", out=out)
    files = built_files(out)
    if os.environ.get("KAMDOCS_REGEN_GOLDEN") == "1":
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for rel, text in files.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
    return files


def test_same_files_as_golden(example_site: dict[str, str]) -> None:
    golden = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert sorted(example_site) == golden, "file list changed; see the docstring to regenerate"


def test_every_file_matches_golden(example_site: dict[str, str]) -> None:
    for rel, text in example_site.items():
        expected = (GOLDEN / rel).read_text(encoding="utf-8")
        if text != expected:
            lines = difflib.unified_diff(
                expected.splitlines(True), text.splitlines(True), f"golden/{rel}", f"built/{rel}", n=2
            )
            # Charts are one long line each: show the start of every changed line only.
            diff = "".join(line if len(line) < 240 else line[:240] + " …\n" for line in list(lines)[:60])
            pytest.fail(f"{rel} differs from the golden copy (KAMDOCS_REGEN_GOLDEN=1 to accept):\n{diff}")
