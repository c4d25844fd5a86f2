"""The same project gives a byte-identical PDF, in one process and across processes, without SOURCE_DATE_EPOCH.

kamdocs never sets ``SOURCE_DATE_EPOCH`` for WeasyPrint: fonts are subset by HarfBuzz, and a font
fontTools writes (a variable or colour font, or subsetting without HarfBuzz) carries the
document's date (kamdocs.render.pdf.font_timestamps).
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from kamdocs.build import BuildEvent, build_project

pytestmark = pytest.mark.slow  # a few small handbooks

FILES = {
    "kamdocs.yaml": "title: Determinism\nlanguage: en\nas_of: 2027-03-01\n",
    "data/tasks.yaml": "tasks:\n  - {id: a, title: Äpfel ünd Öl, start: 2027-01-01, duration_days: 3}\n",
    "content/10-intro.md": "---\ntitle: Intro\n---\nSome text with **bold**, *italic* and `code`: €, ß, ✓.\n",
}


def _pdf(root: Path, out: Path) -> bytes:
    seen: list[str | None] = []

    def listener(event: BuildEvent) -> None:
        seen.append(os.environ.get("SOURCE_DATE_EPOCH"))

    build_project(root, formats="pdf", out=out, listener=listener)
    assert seen and set(seen) == {None}  # the environment was never changed during the build
    return (out / "playbook.pdf").read_bytes()


@pytest.fixture
def project(make_project, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root: Path = make_project(FILES)
    return root


def test_twice_in_one_process_and_in_another_process(project: Path, tmp_path: Path) -> None:
    first = _pdf(project, tmp_path / "one")
    assert _pdf(project, tmp_path / "two") == first
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for name in ("three", "four"):
        done = subprocess.run(
            [sys.executable, "-m", "kamdocs", "build", str(project), "--format", "pdf", "--out", str(tmp_path / name)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert (tmp_path / name / "playbook.pdf").read_bytes() == first, name


def test_fonts_written_by_fonttools_carry_the_document_date(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fontTools.misc.timeTools as time_tools  # type: ignore[import-untyped]
    import weasyprint.pdf.fonts as fonts

    # Subset with fontTools (as without libharfbuzz-subset), which stamps "now" into every font.
    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    first = _pdf(project, tmp_path / "one")
    monkeypatch.setattr(time_tools, "time", types.SimpleNamespace(time=lambda: 4_000_000_000.0))
    assert _pdf(project, tmp_path / "two") == first
