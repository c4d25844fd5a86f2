"""SECURITY rows 1–8, 21 and 23 end to end through ``kamdocs build --format pdf`` on small projects."""

from __future__ import annotations

import os
import socket
import struct
import time
import zlib
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result
from PIL import Image

from kamdocs.cli import main
from tests.conftest import MakeProject

pytestmark = pytest.mark.slow

CANARY = "Zacharias Kanarienvogel"
SECRET = "kamdocs-secret-7f3a9c"
CHAPTER = "content/20-kapitel.md"
ACCOUNT = """\
id: {id}
name: {name}
kam: Petra Extern  # the canary candidate is no KAM: an appointed KAM is named in every audience
attractiveness: [{{criterion: Wachstum, weight: 1, score: 8}}]
position: [{{criterion: Lieferanteil, weight: 1, score: 6}}]
actions: [{{title: Kick-off beim Kunden, owner: KAM, due: 2027-03-01, status: open}}]
"""
PEOPLE = {
    "data/competencies.yaml": """\
        competencies:
          - {id: speed, name: Schnelligkeit, required: 4, weight: 1}
        """,
    "data/candidates.yaml": f"""\
        candidates:
          - id: c01
            name: "{CANARY}"
            role: Außendienst
            ratings: {{speed: 2}}
            development: [{{competency: speed, measure: Coaching {CANARY}, due: 2027-03-31, status: open}}]
        """,
    "content/90-bewertung.md": f"---\ntitle: Bewertung {CANARY}\naudience: restricted\n---\n\n{CANARY}: 2 von 5.\n",
}


def _chapter(body: str) -> dict[str, str | bytes]:
    # Line 5 of the file is the first body line.
    return {CHAPTER: f"---\ntitle: Kapitel\n---\n\n{body}\n"}


def _build(root: Path, *extra: str, fmt: str = "pdf") -> Result:
    return CliRunner().invoke(main, ["build", str(root), "--format", fmt, "--out", str(root / "site"), *extra])


def _outputs(root: Path) -> bytes:
    """Return the bytes of everything a build may have left next to or inside the output folder."""
    found = b""
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and not path.is_symlink()
            and path.parts[len(root.parts)] not in ("content", "data", "themes")
        ):
            found += path.read_bytes()
    return found


def _png(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims ``width``×``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def _assert_refused(result: Result, root: Path, where: str) -> None:
    assert result.exit_code == 1, result.output
    assert where in result.output
    assert "Traceback" not in result.output
    assert not (root / "site").exists()
    assert [p.name for p in root.iterdir() if "kamdocs" in p.name and p.name != "kamdocs.yaml"] == []
    assert SECRET.encode() not in _outputs(root)


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"root:x:0:0:{SECRET}\n")
    return path


def test_row1_file_url_is_an_error_naming_the_chapter_line(make_project: MakeProject, secret: Path) -> None:
    root = make_project(_chapter(f"Text.\n\n![x](file:///etc/passwd)\n\n![y]({secret.as_uri()})"))
    result = _build(root)
    _assert_refused(result, root, f"{CHAPTER}:7:")
    assert "error: 'file:///etc/passwd'" in result.output and "outside the" in result.output
    assert f"{CHAPTER}:9:" in result.output
    assert b"root:x:0:0" not in _outputs(root)


@pytest.mark.parametrize(
    "src",
    ["../../../../../../../../etc/passwd", "assets/%2e%2e/%2e%2e/%2e%2e/secret.txt", "assets/../../../secret.txt"],
)
def test_row2_climbing_out_is_refused(make_project: MakeProject, secret: Path, src: str) -> None:
    root = make_project(_chapter(f"Bild:\n\n![x]({src})"))
    _assert_refused(_build(root), root, f"{CHAPTER}:7:1: error:")


def test_row3_symlinked_asset_is_refused(make_project: MakeProject, secret: Path) -> None:
    root = make_project(_chapter("![Logo](assets/logo.png)"))
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "logo.png").symlink_to(secret)
    _assert_refused(_build(root), root, f"{CHAPTER}:5:1: error:")


def test_row4_prefix_trick_is_refused(make_project: MakeProject) -> None:
    root = make_project(_chapter("![x](assets/../assets-secret/x.png)"))
    for folder in ("assets", "assets-secret"):
        (root / "content" / folder).mkdir(parents=True)
        Image.new("RGB", (4, 4), "red").save(root / "content" / folder / "x.png")
    _assert_refused(_build(root), root, f"{CHAPTER}:5:1: error:")


def test_row5_attachments_are_stripped(make_project: MakeProject) -> None:
    root = make_project(
        {
            **_chapter(
                'Text\n\n<link rel="attachment" href="../data/candidates.yaml">\n\n'
                '<a rel="attachment" href="assets/notes.css">Anhang</a>'
            ),
            "content/assets/notes.css": f"/* {SECRET} */\n",
        }
    )
    result = _build(root)
    assert result.exit_code == 0, result.output
    pdf = root / "site" / "playbook.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in pdf.read_bytes()
    assert SECRET.encode() not in _outputs(root)


@pytest.mark.parametrize(
    "css",
    [
        "@import url(http://169.254.169.254/latest/meta-data/);\n",
        "@font-face { font-family: X; src: url(http://example.invalid/x.woff) }\nbody { font-family: X }\n",
    ],
)
def test_row6_remote_css_is_refused_without_a_connection(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, css: str
) -> None:
    attempts: list[object] = []

    def forbid(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError("network connection attempted")

    monkeypatch.setattr(socket.socket, "connect", forbid)
    root = make_project({**_chapter("Text"), "themes/default/print/custom.css": css})
    result = _build(root)
    _assert_refused(result, root, "themes/default/print/custom.css:1:1: error: cannot use 'http://")
    assert attempts == []


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('<img src="file:///dev/urandom">', f"{CHAPTER}:5:"),
        ("![r](assets/random.png)", f"{CHAPTER}:5:1: error:"),
    ],
)
def test_row7_device_is_refused_promptly(make_project: MakeProject, body: str, where: str) -> None:
    root = make_project(_chapter(body))
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "random.png").symlink_to("/dev/urandom")
    started = time.perf_counter()
    result = _build(root)
    _assert_refused(result, root, where)
    assert time.perf_counter() - started < 60  # guards against reading the device; never minutes


def test_row8_huge_image_is_refused_naming_the_chapter(make_project: MakeProject) -> None:
    root = make_project(_chapter("Groß:\n\n![gross](assets/huge.png)"))
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "huge.png").write_bytes(_png(20000, 20000))
    result = _build(root)
    _assert_refused(result, root, f"{CHAPTER}:7:1: error: cannot use")
    assert "image has 400 megapixels; scale it down below 40 megapixels" in result.output


def test_row8_eps_is_refused(make_project: MakeProject) -> None:
    root = make_project(_chapter("![plan](assets/plan.eps)"))
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "plan.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n")
    result = _build(root)
    _assert_refused(result, root, f"{CHAPTER}:5:1: error: cannot use")


# -- row 21: a failing build leaves the previous output as it was -----------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("override", "content", "fmt"),
    [
        (
            "sections/account_actions.html",
            '{% if page.url == "accounts/zeta.html" %}{{ missing.value }}{% endif %}',
            "pdf",
        ),
        ("print/chapter_head.html", '{% if c.page.url == "accounts/zeta.html" %}{{ missing.value }}{% endif %}', "pdf"),
        (
            "sections/account_actions.html",
            '{% if page.url == "accounts/zeta.html" %}{{ missing.value }}{% endif %}',
            "all",
        ),
    ],
)
def test_row21_template_error_on_the_last_page_keeps_the_previous_output(
    make_project: MakeProject, override: str, content: str, fmt: str
) -> None:
    root = make_project(
        {
            **_chapter("Text"),
            "data/accounts/alpha.yaml": ACCOUNT.format(id="alpha", name="Alpha AG"),
            "data/accounts/zeta.yaml": ACCOUNT.format(id="zeta", name="Zeta SE"),
        }
    )
    first = _build(root, fmt="all")
    assert first.exit_code == 0, first.output
    before = _snapshot(root / "site")
    assert "playbook.pdf" in before and "index.html" in before
    (root / "themes" / "default" / override).parent.mkdir(parents=True, exist_ok=True)
    (root / "themes" / "default" / override).write_text(content + '\n{% include "!default/' + override + '" %}\n')
    result = _build(root, fmt=fmt)
    assert result.exit_code == 1, result.output
    if fmt == "pdf":  # (an "all" build stops in the website writer, which names the page template)
        assert f"themes/default/{override}:1:1: error: template error while writing the PDF" in result.output
    assert "'missing' is undefined" in result.output and "Traceback" not in result.output
    assert _snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir()) == ["content", "data", "kamdocs.yaml", "site", "themes"]


# -- row 23: an internal handbook carries no personal data -------------------------------------------


def test_row23_internal_pdf_has_no_candidate_but_restricted_has(make_project: MakeProject) -> None:
    root = make_project(
        {**_chapter("Text"), **PEOPLE, "data/accounts/alpha.yaml": ACCOUNT.format(id="alpha", name="Alpha AG")}
    )
    internal = _build(root)
    assert internal.exit_code == 0, internal.output
    pdf = root / "site" / "playbook.pdf"
    reader = pypdf.PdfReader(pdf)
    text = " ".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    outline = str(reader.outline)
    for where in (text, meta, outline):
        assert CANARY not in where and "Kanarienvogel" not in where
    assert "Kanarienvogel".encode("utf-16-be") not in pdf.read_bytes()
    assert b"Kanarienvogel" not in pdf.read_bytes()
    assert "Vertraulich" not in text

    restricted = _build(root, "--audience", "restricted")
    assert restricted.exit_code == 0, restricted.output
    assert not pdf.exists()  # the folder holds one audience's files only
    reader = pypdf.PdfReader(root / "site" / "playbook-vertraulich.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert CANARY in text  # the test would notice a leak
    assert "VERTRAULICH" in text.upper() and "Vertraulich" in text  # cover marking and footer


def test_internal_and_restricted_builds_differ_only_by_audience_env(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds with the same SOURCE_DATE_EPOCH are byte-identical; the variable is left as it was."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    root = make_project(_chapter("Umsatz 1.234.567 €"))
    assert _build(root).exit_code == 0
    first = (root / "site" / "playbook.pdf").read_bytes()
    assert _build(root).exit_code == 0
    assert (root / "site" / "playbook.pdf").read_bytes() == first
    assert os.environ["SOURCE_DATE_EPOCH"] == "1790000000"


def test_account_plan_keeps_the_handbook_and_summary_counts_pdf_pages(make_project: MakeProject) -> None:
    root = make_project({**_chapter("Text"), "data/accounts/alpha.yaml": ACCOUNT.format(id="alpha", name="Alpha AG")})
    first = _build(root)
    assert first.exit_code == 0, first.output
    pages = len(pypdf.PdfReader(root / "site" / "playbook.pdf").pages)
    *_, summary, hint = first.output.strip().splitlines()
    assert f"playbook.pdf ({pages} pages)" in summary and hint.startswith("open ")
    handbook = (root / "site" / "playbook.pdf").read_bytes()
    plan = _build(root, "--account", "alpha")
    assert plan.exit_code == 0, plan.output
    assert (root / "site" / "playbook.pdf").read_bytes() == handbook
    first_bookmark = pypdf.PdfReader(root / "site" / "alpha.pdf").outline[0]
    assert isinstance(first_bookmark, pypdf.generic.Destination) and first_bookmark.title == "Alpha AG"


def test_svg_asset_cannot_load_files_or_urls_itself(make_project: MakeProject, secret: Path) -> None:
    """An SVG picture in content/assets that refers to anything outside itself is not published."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n'
        '<rect width="10" height="10" fill="red"/>\n'
        f'<image href="{secret.as_uri()}" width="5" height="5"/>\n</svg>\n'
    )
    root = make_project({**_chapter("![plan](assets/plan.svg)"), "content/assets/plan.svg": svg})
    result = _build(root)
    _assert_refused(result, root, f"{CHAPTER}:5:1: error: missing image: 'assets/plan.svg' is not published")
    assert "the SVG contains a reference to" in result.output


def test_broken_svg_is_refused_with_a_sentence(make_project: MakeProject) -> None:
    root = make_project(
        {
            **_chapter("Bild:\n\n![kaputt](assets/broken.svg)"),
            "content/assets/broken.svg": "<svg xmlns='http://www.w3.org/2000/svg'><rect</svg>\n",
        }
    )
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert f"{CHAPTER}:7:1: error: missing image: 'assets/broken.svg' is not published: the SVG is not well-formed" in (
        result.output
    )
    assert "Traceback" not in result.output and not (root / "site").exists()
