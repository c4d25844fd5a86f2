"""Shared pieces of the browser tests: the example sites (the ``chromium`` fixture is in tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kamdocs.build import build_project
from kamdocs.model.content import Audience

REPO = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def build_example(
    tmp: Path, lang: str, audience: Audience = "internal", formats: str = "html", pdf_of_earlier_build: bool = False
) -> Path:
    """Build the German (the repository's) or English example into ``tmp`` and return the site folder.

    ``pdf_of_earlier_build`` puts a stand-in of the audience's handbook PDF into the folder first, as a
    PDF build would (it takes a minute), so that the pages link it.
    """
    from kamdocs.resources import example_dir

    root = tmp / "playbook"
    if lang == "de":
        root.mkdir()
        shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
        shutil.copytree(REPO / "data", root / "data")
        shutil.copytree(REPO / "content", root / "content")
    else:
        shutil.copytree(example_dir(lang), root)
    out = tmp / "site"
    build_project(root, formats=formats, audience=audience, out=out)
    if pdf_of_earlier_build:
        from kamdocs.load import load_playbook
        from kamdocs.model.outputs import pdf_file_name

        config = load_playbook(root)[0].config
        (out / pdf_file_name(config, audience)).write_bytes(b"%PDF-1.7 stand-in")
        build_project(root, formats=formats, audience=audience, out=out)
    return out


def site_pages(site: Path) -> list[str]:
    """Return every HTML page of a built site, relative to it."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
