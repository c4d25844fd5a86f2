"""SECURITY rows 9–11, 13 and 25 through the PDF, rows 3 and 4 through the website, each on a real CLI build."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner, Result
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from kamdocs.cli import main
from tests.conftest import BASE_FILES, MakeProject, write_files

SECRET = "kamdocs-secret-5b1e0d"
CHAPTER = "content/20-kapitel.md"

# Lines 5 onwards are the chapter body; every hostile piece carries a marker that must vanish.
HOSTILE_CHAPTER = """\
---
title: "Kapitel {{ 7*7 }}"
---

Harmloser Text mit <script>alert('xss-script')</script> Skript.

<img src="assets/pixel.png" onerror="alert('xss-onerror')">

<iframe src="https://evil.example/xss-iframe"></iframe>

[eins](javascript:alert(1)) [zwei](jAvAsCrIpT:alert(2))
[drei](javascript&#58;alert(3)) [vier](data:text/html,xss-data)
<a href="javascript:alert('xss-js5')">fünf</a> [gut](https://example.com/gut)

<!-- Müller 2/5 -->

Text {{ 7*7 }} und {% raw %}x{% endraw %} Ende.
"""
HOSTILE_FILES: dict[str, str | bytes] = {
    **BASE_FILES,
    "kamdocs.yaml": "title: 'Playbook {{ 7*7 }}'\nas_of: 2027-01-01\n",
    "data/company.yaml": "name: 'Firma {{ 7*7 }} GmbH'\nmission:\n  statement: 'Mission {{ 7*7 }} Satz.'\n",
    CHAPTER: HOSTILE_CHAPTER,
}


def _build(root: Path, fmt: str, *extra: str) -> Result:
    return CliRunner().invoke(main, ["build", str(root), "--format", fmt, "--out", str(root / "site"), *extra])


def _png(path: Path, note: str = "") -> None:
    """Write a tiny PNG; ``note`` goes into a text chunk, so a copy of the file shows in the bytes."""
    info = PngInfo()
    if note:
        info.add_text("Comment", note)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), "red").save(path, pnginfo=info)


# --- the PDF: rows 9–11, 13 and 25 -------------------------------------------------------------------


class Pdf:
    """What a reader of the PDF can reach: text, outline, link targets, and every decoded object."""

    def __init__(self, path: Path) -> None:
        reader = pypdf.PdfReader(path)
        self.text = "\n".join(page.extract_text() for page in reader.pages)
        self.outline = list(_titles(reader.outline))
        self.uris: list[str] = []
        self.dests: list[str] = []
        for page in reader.pages:
            for ref in page.get("/Annots") or []:
                annotation = ref.get_object()
                action = annotation.get("/A")
                if action is not None:
                    action = action.get_object()
                    self.uris.append(str(action.get("/URI", action.get("/S"))))
                if "/Dest" in annotation:
                    self.dests.append(str(annotation["/Dest"]))
        self.catalog: Any = reader.trailer["/Root"].get_object()
        # Every object decoded (object streams and Flate-compressed content included), as one text.
        parts: list[str] = []
        size: Any = reader.trailer["/Size"]
        for number in range(1, int(size)):
            obj = reader.get_object(number)
            if obj is None:  # a free entry of the cross-reference table
                continue
            parts.append(repr(obj))
            if isinstance(obj, pypdf.generic.StreamObject):
                parts.append(obj.get_data().decode("latin-1"))
        self.objects = "\n".join(parts)


def _titles(outline: Sequence[Any]) -> list[str]:
    found: list[str] = []
    for item in outline:
        if isinstance(item, list):
            found += _titles(item)
        else:
            found.append(str(item["/Title"]))
    return found


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """Build the hostile project once as a PDF (restricted: the widest audience) and read it."""
    root = write_files(tmp_path_factory.mktemp("hostile") / "project", HOSTILE_FILES)
    _png(root / "content" / "assets" / "pixel.png")
    result = _build(root, "pdf", "--audience", "restricted")
    assert result.exit_code == 0, result.output
    return Pdf(root / "site" / "playbook-vertraulich.pdf")


@pytest.mark.slow
def test_row9_scripts_handlers_and_iframes_are_not_in_the_pdf(hostile_pdf: Pdf) -> None:
    assert "Harmloser Text mit Skript." in hostile_pdf.text  # the prose around them stays
    for marker in ("xss-script", "xss-onerror", "xss-iframe", "evil.example", "alert("):
        assert marker not in hostile_pdf.text
        assert marker not in hostile_pdf.objects
    assert "/JavaScript" not in hostile_pdf.objects and "/JS" not in hostile_pdf.objects
    assert "/OpenAction" not in hostile_pdf.catalog and "/AA" not in hostile_pdf.catalog


@pytest.mark.slow
def test_row10_unsafe_link_targets_are_dropped_from_the_pdf(hostile_pdf: Pdf) -> None:
    assert "eins zwei drei vier fünf gut" in hostile_pdf.text  # link texts stay, as plain text
    # The one safe link still is a link, so the check below would see a javascript: target.
    assert hostile_pdf.uris == ["https://example.com/gut"]
    assert "https://example.com/gut" in hostile_pdf.objects  # and the object dump sees link targets
    lowered = hostile_pdf.objects.lower()
    for marker in ("javascript", "data:text/html", "xss-data", "xss-js5", "alert("):
        assert marker not in lowered


@pytest.mark.slow
def test_row11_html_comment_is_not_in_the_pdf(hostile_pdf: Pdf) -> None:
    assert "fünf" in hostile_pdf.text  # umlauts extract fine, so the comment would be found
    assert "Müller" not in hostile_pdf.text and "2/5" not in hostile_pdf.text
    assert "Müller" not in hostile_pdf.objects and "M\\xfcller" not in hostile_pdf.objects


@pytest.mark.slow
def test_row13_template_syntax_is_printed_literally(hostile_pdf: Pdf) -> None:
    text = hostile_pdf.text
    for literal in (
        "Playbook {{ 7*7 }}",
        "Firma {{ 7*7 }} GmbH",
        "Mission {{ 7*7 }} Satz.",
        "Kapitel {{ 7*7 }}",
        "Text {{ 7*7 }} und {% raw %}x{% endraw %} Ende.",
    ):
        assert literal in text
    assert "Kapitel {{ 7*7 }}" in hostile_pdf.outline
    assert "49" not in text and "49" not in " ".join(hostile_pdf.outline)


@pytest.mark.slow
def test_row25_draft_chapter_is_not_in_the_pdf(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/20-kapitel.md": "---\ntitle: Kapitel\n---\n\nSiehe [Entwurf](30-entwurf.md).\n",
            "content/30-entwurf.md": "---\ntitle: Entwurf ENTWURF-4711\ndraft: true\n---\n\n# Teil ENTWURF-4713\n\n"
            "ENTWURF-4712\n",
        }
    )
    result = _build(root, "pdf", "--audience", "restricted")
    assert result.exit_code == 0, result.output
    pdf = Pdf(root / "site" / "playbook-vertraulich.pdf")
    assert "Kapitel" in pdf.outline and "Siehe Entwurf." in pdf.text  # the other chapter is printed
    assert not [title for title in pdf.outline if "ENTWURF" in title]
    assert "ENTWURF" not in pdf.text and "Entwurf ENTWURF" not in pdf.objects  # text, contents page, outline
    assert "kd-kapitel" in pdf.dests and not [dest for dest in pdf.dests if "entwurf" in dest]


# --- the website: rows 3 and 4 ----------------------------------------------------------------------


def _assert_refused(result: Result, root: Path, *where: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for place in where:
        assert place in result.output
    assert not (root / "site").exists()
    for path in sorted(root.parent.rglob("*")):
        if path.is_file() and not path.is_symlink() and "secret" not in path.as_posix():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("chapter", "logo", "where"),
    [
        (
            "![Logo](assets/logo.png)",
            False,
            (f"{CHAPTER}:5:1: error: missing image: 'assets/logo.png' is outside content/assets/",),
        ),
        (
            "Text.",
            True,
            ("kamdocs.yaml:4:9: error: brand.logo: 'content/assets/logo.png' must be a file inside the project",),
        ),
        ("![Logo](assets/logo.png)", True, (f"{CHAPTER}:5:1: error:", "kamdocs.yaml:4:9: error: brand.logo:")),
    ],
)
def test_row3_symlinked_asset_is_refused_by_the_website(
    make_project: MakeProject, tmp_path: Path, chapter: str, logo: bool, where: tuple[str, ...]
) -> None:
    _png(tmp_path / "outside-secret" / "logo.png", SECRET)
    config = "title: Test-Playbook\nas_of: 2027-01-01\n" + ("brand:\n  logo: content/assets/logo.png\n" if logo else "")
    root = make_project({"kamdocs.yaml": config, CHAPTER: f"---\ntitle: Kapitel\n---\n\n{chapter}\n"})
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "logo.png").symlink_to(tmp_path / "outside-secret" / "logo.png")
    _assert_refused(_build(root, "html"), root, *where)


@pytest.mark.parametrize(
    "src",
    [
        "assets-secret/x.png",  # content/assets-secret starts with the text content/assets
        "assets/../assets-secret/x.png",
        "../../project-secret/x.png",  # the project is <tmp>/project: its neighbour shares the prefix
        "assets/..%2fassets-secret/x.png",
    ],
)
def test_row4_prefix_trick_is_refused_by_the_website(make_project: MakeProject, tmp_path: Path, src: str) -> None:
    root = make_project({CHAPTER: f"---\ntitle: Kapitel\n---\n\nBild:\n\n![x]({src})\n"})
    _png(root / "content" / "assets" / "ok.png")
    _png(root / "content" / "assets-secret" / "x.png", SECRET)
    _png(tmp_path / "project-secret" / "x.png", SECRET)
    _assert_refused(
        _build(root, "html"),
        root,
        f"{CHAPTER}:7:1: error: missing image: '{src.replace('%2f', '/')}' is outside content/assets/",
    )


def test_assets_inside_content_assets_are_still_published(make_project: MakeProject) -> None:
    """The control for rows 3 and 4: the same picture inside content/assets/ is copied."""
    root = make_project({CHAPTER: "---\ntitle: Kapitel\n---\n\n![x](assets/ok.png)\n"})
    _png(root / "content" / "assets" / "ok.png", "kamdocs-visible")
    result = _build(root, "html")
    assert result.exit_code == 0, result.output
    assert b"kamdocs-visible" in (root / "site" / "assets" / "ok.png").read_bytes()
    assert 'src="assets/ok.png"' in (root / "site" / "kapitel.html").read_text(encoding="utf-8")
