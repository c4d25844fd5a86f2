"""SECURITY rows 1–8 at the level of the PDF writer: only contained regular files and data: URIs load."""

from __future__ import annotations

import datetime as dt
import os
import socket
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from kamdocs.errors import BuildError
from kamdocs.render.fetcher import RefusedResource, SafeFetcher
from kamdocs.render.pdf import write_pdf

SECRET = "root:x:0:0:kamdocs-canary-secret"


def _png_header(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims ``width``×``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "content" / "assets").mkdir(parents=True)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans-secret").mkdir()
    Image.new("RGB", (30, 20), "navy").save(tmp_path / "content" / "assets" / "ok.png")
    (tmp_path / "plans-secret" / "x.png").write_bytes((tmp_path / "content" / "assets" / "ok.png").read_bytes())
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET)
    (tmp_path / "content" / "assets" / "logo.png").symlink_to(outside)
    (tmp_path / "print.css").write_text("@page { size: A4 } body { font-family: sans-serif }")
    return tmp_path


def _render(project: Path, body: str, roots: tuple[Path, ...] | None = None) -> Path:
    html = f'<html lang="de"><head><title>T</title></head><body><h1>Handbuch</h1>{body}</body></html>'
    target = project / "site" / "playbook.pdf"
    write_pdf(
        html,
        target,
        base_url=(project / "content").as_uri() + "/",
        stylesheets=(project / "print.css",),
        allowed_roots=roots or (project / "content" / "assets",),
        moment=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        locate=lambda url: ("content/20-kapitel.md", 7),
    )
    return target


def test_allowed_image_renders(project: Path) -> None:
    pdf = _render(project, '<img src="assets/ok.png">')
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "src",
    [
        "file:///etc/passwd",  # row 1
        "../../../../etc/passwd",  # row 2
        "assets/%2e%2e/%2e%2e/outside.txt",  # row 2, percent-encoded
        "assets/logo.png",  # row 3: symlink leaving the project
        "file:///dev/urandom",  # row 7
        "http://169.254.169.254/latest/meta-data",  # row 6
    ],
)
def test_refused_sources_fail_the_build_and_name_the_chapter(project: Path, src: str) -> None:
    with pytest.raises(BuildError) as info:
        _render(project, f'<img src="{src}">')
    message = str(info.value)
    assert message.startswith("content/20-kapitel.md:7:1: error: cannot use")
    assert not (project / "site" / "playbook.pdf").exists()
    leftovers = list((project / "site").iterdir()) if (project / "site").exists() else []
    assert leftovers == [], "no temporary file may remain"


def test_prefix_trick_is_refused(project: Path) -> None:
    """Row 4: ``plans-secret`` is not inside ``plans`` even though the string starts the same."""
    fetcher = SafeFetcher((project / "plans",))
    with pytest.raises(RefusedResource):
        fetcher.fetch((project / "plans-secret" / "x.png").as_uri())


def test_css_import_and_font_face_make_no_connection(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Row 6: remote @import and @font-face are refused before any socket is opened."""
    attempts: list[object] = []

    def forbid(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError("network connection attempted")

    monkeypatch.setattr(socket.socket, "connect", forbid)
    (project / "print.css").write_text(
        "@import url(http://169.254.169.254/evil.css);\n"
        "@font-face { font-family: X; src: url(http://example.invalid/x.woff) }\n"
    )
    with pytest.raises(BuildError, match="169.254.169.254|example.invalid"):
        _render(project, "<p>x</p>")
    assert attempts == []


def test_attachments_are_never_embedded(project: Path) -> None:
    """Row 5: <link rel=attachment> and <a rel=attachment> never embed files."""
    import pypdf

    secret = project / "content" / "assets" / "candidates.css"
    secret.write_text("/* " + SECRET + " */")
    pdf = _render(
        project,
        '<link rel="attachment" href="assets/candidates.css"><a rel="attachment" href="assets/candidates.css">x</a>',
    )
    reader = pypdf.PdfReader(pdf)
    assert reader.attachments == {}
    assert SECRET.encode() not in pdf.read_bytes()


def test_dev_urandom_ends_promptly(project: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(BuildError):
        _render(project, '<img src="file:///dev/urandom">', roots=(Path("/dev"),))
    assert time.perf_counter() - started < 30  # a hang would be minutes; this only guards against blocking


def test_huge_image_is_refused_with_bounded_memory(project: Path) -> None:
    """Row 8: a 20000×20000 image is refused from its header, never decoded."""
    (project / "content" / "assets" / "huge.png").write_bytes(_png_header(20000, 20000))
    with pytest.raises(BuildError, match="400 megapixels; scale it down below 40 megapixels"):
        _render(project, '<img src="assets/huge.png">')


def test_eps_is_refused(project: Path) -> None:
    (project / "content" / "assets" / "plan.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n")
    with pytest.raises(BuildError, match="postscript|cannot be used"):
        _render(project, '<img src="assets/plan.eps">')


def test_failed_build_keeps_previous_pdf(project: Path) -> None:
    pdf = _render(project, "<p>first</p>")
    before = pdf.read_bytes()
    with pytest.raises(BuildError):
        _render(project, '<img src="file:///etc/passwd">')
    assert pdf.read_bytes() == before


def test_two_renders_are_byte_identical(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first = _render(project, "<p>Umsatz 1.234.567 €</p>").read_bytes()
    second = _render(project, "<p>Umsatz 1.234.567 €</p>").read_bytes()
    assert first == second
    assert os.environ["SOURCE_DATE_EPOCH"] == "1790000000"
