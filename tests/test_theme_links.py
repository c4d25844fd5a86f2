"""SECURITY row 29: a theme file or folder that is a symbolic link is refused, however it is used.

Included, extended, copied as a static file, a print stylesheet, a folder on the way or the theme
folder itself: the build stops with an error naming the link, and no byte of the linked file
reaches an output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from tests.conftest import MakeProject

SECRET = "kamdocs-canary-theme-link-secret"
FILES = {
    "kamdocs.yaml": "title: T\nlanguage: en\nas_of: 2027-01-01\ntheme: corporate\n",
    "content/10-intro.md": "---\ntitle: Intro\n---\nText.\n",
    "themes/corporate/static/css/extra.css": "body { color: black }\n",
}


def _outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "page.html").write_text(f'{{% extends "!default/pages/home.html" %}}{SECRET}', encoding="utf-8")
    (folder / "nav.html").write_text(SECRET, encoding="utf-8")
    return folder


def _link(root: Path, rel: str, target: Path) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _fails(root: Path, tmp_path: Path, shown: str, fmt: str = "html") -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(root), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{shown} is a symbolic link; a theme may use only its own files" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "project"]  # no temporary folder


@pytest.mark.parametrize(
    ("rel", "target", "template", "shown"),
    [
        # a file beside the templates, included
        ("themes/corporate/leak.txt", "secret.txt", ("pages/home.html", '{% include "leak.txt" %}'), None),
        # a template that is a link, used as a page
        ("themes/corporate/pages/home.html", "page.html", None, None),
        # a folder on the way to a template
        ("themes/corporate/partials", ".", None, "themes/corporate/partials/nav.html"),
        # a static file, copied into the site
        ("themes/corporate/static/css/leak.css", "secret.txt", None, None),
    ],
)
def test_row_29_a_linked_theme_file_is_refused(
    make_project: MakeProject,
    tmp_path: Path,
    rel: str,
    target: str,
    template: tuple[str, str] | None,
    shown: str | None,
) -> None:
    outside = _outside(tmp_path)
    root = make_project(FILES)
    if template is not None:
        (root / "themes/corporate" / template[0]).parent.mkdir(parents=True, exist_ok=True)
        (root / "themes/corporate" / template[0]).write_text(template[1], encoding="utf-8")
    _link(root, rel, outside / target if target != "." else outside)
    _fails(root, tmp_path, shown or rel)


def test_row_29_a_linked_print_stylesheet_is_refused(make_project: MakeProject, tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    root = make_project(FILES)
    _link(root, "themes/corporate/print/custom.css", outside / "secret.txt")
    _fails(root, tmp_path, "themes/corporate/print/custom.css", fmt="pdf")


@pytest.mark.parametrize("rel", ["themes/corporate", "themes"])
def test_row_29_a_linked_theme_folder_is_refused(make_project: MakeProject, tmp_path: Path, rel: str) -> None:
    outside = _outside(tmp_path)
    root = make_project({k: v for k, v in FILES.items() if not k.startswith("themes/")})
    (outside / "corporate").mkdir()
    _link(root, rel, outside / "corporate" if rel == "themes/corporate" else outside)
    _fails(root, tmp_path, rel)
