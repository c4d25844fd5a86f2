"""The example handbook as a PDF: rendered once per session, then inspected with pypdf and poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.cli import main
from kamdocs.load import load_playbook
from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import Catalogue
from kamdocs.render.print_html import PrintBuilder
from kamdocs.render.theme import Theme
from kamdocs.resources import example_dir
from kamdocs.site.assemble import assemble
from kamdocs.vcs.versions import VersionsMemo
from tests.conftest import MakeProject

pytestmark = pytest.mark.slow

EPOCH = "1790000000"  # 2026-09-21 14:13:20 UTC
HANDBOOK = "kam-handbuch-rheinhold.pdf"
SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class Built:
    """A CLI build of the example and what it printed."""

    out: Path
    output: str
    exit_code: int

    @property
    def pdf(self) -> Path:
        return self.out / HANDBOOK


def _build(out: Path, *extra: str) -> Built:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(
            main, ["build", str(example_dir("de")), "--format", "pdf", "--out", str(out), *extra]
        )
    return Built(out, result.output, result.exit_code)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    result = _build(tmp_path_factory.mktemp("handbook") / "site")
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="session")
def reader(built: Built) -> pypdf.PdfReader:
    return pypdf.PdfReader(built.pdf)


@pytest.fixture(scope="session")
def texts(reader: pypdf.PdfReader) -> list[str]:
    return [SPACES.sub(" ", page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="session")
def expected() -> Iterator[PrintBuilder]:
    root = example_dir("de")
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    # As the build does: in a git checkout the handbook also has the history page (docs/git.md).
    view, _notes = VersionsMemo().attach(make_view(playbook, analyse(playbook), "internal"), root)
    site = assemble(view, Catalogue("de", theme.message_dirs()))
    yield PrintBuilder(site, theme)


def _outline(reader: pypdf.PdfReader, items: list[Any] | None = None, depth: int = 1) -> list[tuple[int, str, int]]:
    """Return (level, title, 1-based page) of every bookmark in order."""
    flat: list[tuple[int, str, int]] = []
    entries: list[Any] = list(reader.outline) if items is None else items
    for item in entries:
        if isinstance(item, list):
            flat.extend(_outline(reader, item, depth + 1))
        else:
            page = reader.get_destination_page_number(item)
            assert page is not None, item.title
            flat.append((depth, item.title, page + 1))
    return flat


def test_page_count_and_footer_on_every_page(reader: pypdf.PdfReader, texts: list[str]) -> None:
    total = len(reader.pages)
    assert 40 <= total <= 120
    assert "Seite" not in texts[0]  # the cover has no footer
    # Front matter (cover, contents, history) is numbered i, ii …; the body from 1 (page labels too).
    labels = reader.page_labels
    front = labels.index("1")
    assert labels[:front] == ["i", "ii", "iii", "iv", "v", "vi"][:front] and 2 <= front <= 6
    body = total - front
    for index, text in enumerate(texts[1:], start=1):
        if index < front:
            assert text.rstrip().endswith(labels[index]), f"page {labels[index]}"
        else:
            assert f"Seite {index - front + 1} von {body}" in text, f"page {index + 1}"
            assert labels[index] == str(index - front + 1)
        assert "Rheinhold Fluidtechnik GmbH" in text


def test_bookmarks_are_chapters_sections_and_accounts(reader: pypdf.PdfReader, expected: PrintBuilder) -> None:
    outline = _outline(reader)
    chapters = expected.chapters()
    top = [title for level, title, _ in outline if level == 1]
    assert top == [c.title for c in chapters if c.level == 1]
    assert top[0] == "Auf einen Blick" and "Key Accounts" in top
    titles = [title for _, title, _ in outline]
    assert "Inhalt" not in titles and "Key-Account-Management-Handbuch" not in titles  # no TOC or cover entries
    accounts = [
        title for level, title, _ in outline if level == 2 and title in {c.title for c in chapters if c.level == 2}
    ]
    assert accounts == [a.name for a in expected.site.view.playbook.accounts]
    alpenmilch = next(i for i, item in enumerate(outline) if item[1].startswith("Alpenmilch"))
    assert [title for level, title, _ in outline[alpenmilch + 1 : alpenmilch + 11]] == [
        "Überblick",
        "Attraktivität und Position",
        "Der Kunde",
        "Unsere Position",
        "Nutzenversprechen und Mission",
        "Finanzen",
        "Ziele",
        "Buying Center",
        "Maßnahmen",
        "Reviews",
    ]
    assert {level for level, _, _ in outline} == {1, 2, 3}
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages) and pages[0] > 2  # in reading order, after cover and contents


def _toc_entries(pdf: Path, first: int, last: int) -> list[tuple[str, int]]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    entries = []
    for line in text.splitlines():
        match = re.match(r"^\s*(?:\d+(?:\.\d+)*\s+)?(\S.*?)\s*\.{2,}\s*(\d+)\s*$", line)
        if match:
            entries.append((SPACES.sub(" ", match.group(1)), int(match.group(2))))
    return entries


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_each_toc_number_is_the_page_its_heading_lands_on(built: Built, reader: pypdf.PdfReader) -> None:
    outline = _outline(reader)
    first_chapter = outline[0][2]
    toc = _toc_entries(built.pdf, 2, first_chapter - 1)
    labels = reader.page_labels  # the TOC prints the page labels (the body counts from 1)
    shown = [(title, int(labels[page - 1])) for level, title, page in outline if level <= 2]
    assert len(toc) == len(shown) > 60
    assert toc == shown


def test_running_header_names_the_chapter(reader: pypdf.PdfReader, texts: list[str]) -> None:
    outline = _outline(reader)
    chapters = [(title, page) for level, title, page in outline if level == 1]
    for (title, page), following in zip(chapters, chapters[1:] + [("", len(texts) + 1)], strict=True):
        for number in range(page, following[1]):
            assert title in texts[number - 1], f"running header of page {number} should name {title!r}"
            assert "Key-Account-Management-Handbuch" in texts[number - 1]
    account_page = next(page for level, title, page in outline if title.startswith("ChemWisła"))
    assert "Key Accounts · ChemWisła S.A." in texts[account_page - 1]


def test_key_values_are_in_the_text(texts: list[str], expected: PrintBuilder) -> None:
    everything = " ".join(texts)
    analysis = expected.site.view.analysis
    fmt = Formatter("de", "EUR")
    assert analysis.readiness is not None
    assert SPACES.sub(" ", f"Reifegrad gesamt {fmt.percent(analysis.readiness.overall)}").upper() in everything.upper()
    assert "gefährdet" in everything and "erreicht" in everything  # KPI status labels
    for account in expected.site.view.playbook.accounts:
        assert account.name in everything
    assert "Maßnahmenliste" in everything
    assert everything.count("\u2010") > 50  # German hyphenation breaks long words at line ends


def test_metadata(reader: pypdf.PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Key-Account-Management-Handbuch"
    assert meta.author == "Rheinhold Fluidtechnik GmbH"
    assert meta.subject == "Rheinhold Fluidtechnik GmbH · Einführung und Betrieb 2026–2028"
    assert str(meta["/Keywords"]) == "Key-Account-Management, KAM, Handbuch, Rheinhold Fluidtechnik GmbH"
    assert str(meta["/Creator"]) == "kamdocs"
    assert str(meta["/CreationDate"]) == str(meta["/ModDate"]) == "D:20260921141320Z"  # from SOURCE_DATE_EPOCH
    assert str(reader.root_object["/Lang"]) == "de"


def test_nothing_is_attached(built: Built, reader: pypdf.PdfReader) -> None:
    assert reader.attachments == {}
    names = reader.root_object.get("/Names", {})
    assert "/EmbeddedFiles" not in names
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"
    assert b"/EmbeddedFile" not in built.pdf.read_bytes()


def test_internal_handbook_names_no_candidate(texts: list[str], reader: pypdf.PdfReader, built: Built) -> None:
    playbook, _ = load_playbook(example_dir("de"))
    assert playbook.candidates is not None
    # An appointed KAM is named in every audience (docs/audiences.md#appointed-kams); the others never.
    appointed = {a.kam for a in playbook.accounts}
    names = [c.name for c in playbook.candidates.candidates if c.id not in appointed and c.name not in appointed]
    assert len(names) >= 3
    everything = " ".join(texts) + " " + " ".join(str(v) for v in (reader.metadata or {}).values())
    for name in names:
        assert name not in everything
        assert name.encode("utf-16-be") not in built.pdf.read_bytes()


def test_rebuild_is_byte_identical(built: Built, tmp_path: Path) -> None:
    again = _build(tmp_path / "site")
    assert again.exit_code == 0, again.output
    assert again.pdf.read_bytes() == built.pdf.read_bytes()


def test_progress_and_summary(built: Built, reader: pypdf.PdfReader) -> None:
    assert "laying out page 10" in built.output
    assert built.output.count("laying out page 10") == 1  # repagination is not reported twice
    *_, summary, hint = built.output.strip().splitlines()
    assert HANDBOOK in summary
    assert re.search(r"in \d+\.\d s", summary)
    assert hint == f"open {built.pdf}"  # the file to open, once, at the end


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pages_render_to_png(built: Built, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "3", str(built.pdf), str(tmp_path / "p")],
        check=True,
        timeout=120,
    )
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 3
    with Image.open(pngs[0]) as cover:
        width, height = cover.size
        assert abs(width / height - 210 / 297) < 0.01  # A4 portrait
        band = cover.convert("RGB").getpixel((2, height // 2))
        assert isinstance(band, tuple) and band != (255, 255, 255) and band[2] > band[0]  # the brand band
    with Image.open(pngs[1]) as contents:
        darkest, _lightest = contents.convert("L").getextrema()
        assert isinstance(darkest, int) and darkest < 80  # the contents page has dark text


# -- account plans ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def account_plan(tmp_path_factory: pytest.TempPathFactory) -> Built:
    result = _build(tmp_path_factory.mktemp("plan") / "site", "--account", "alpenmilch")
    assert result.exit_code == 0, result.output
    return result


def test_account_plan(account_plan: Built) -> None:
    pdf = account_plan.out / "alpenmilch.pdf"
    reader = pypdf.PdfReader(pdf)
    assert 3 <= len(reader.pages) <= 8
    outline = _outline(reader)
    assert [(level, title) for level, title, _ in outline] == [
        (1, "Alpenmilch Molkereigenossenschaft eGen"),
        (2, "Überblick"),
        (2, "Attraktivität und Position"),
        (2, "Position im Portfolio"),
        (2, "Der Kunde"),
        (2, "Unsere Position"),
        (2, "Nutzenversprechen und Mission"),
        (2, "Finanzen"),
        (2, "Ziele"),
        (2, "Buying Center"),
        (2, "Maßnahmen"),
        (2, "Reviews"),
    ]
    text = " ".join(SPACES.sub(" ", p.extract_text()) for p in reader.pages)
    for expected_text in (
        "Account-Plan",
        "Leiterin Einkauf",  # internal: the contact's function, not the name (docs/audiences.md)
        "Konsignationslager",
        "Starkunde",
        f"Seite 2 von {len(reader.pages)}",
    ):
        assert expected_text in text
    assert "Martina Huber" not in text and "Ing. Georg Pichler" not in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Account-Plan – Alpenmilch Molkereigenossenschaft eGen"
    assert "alpenmilch.pdf" in account_plan.output.strip().splitlines()[-1]


def test_unknown_account_lists_the_valid_ids(tmp_path: Path) -> None:
    result = _build(tmp_path / "site", "--account", "acme")
    assert result.exit_code == 2  # a usage error, found before anything is composed
    assert "no key account 'acme'" in result.output
    assert "alpenmilch, chemwisla, kraemer-papier" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_english_account_plan(tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(
            main,
            [
                "build",
                str(example_dir("en")),
                "--format",
                "pdf",
                "--out",
                str(tmp_path / "site"),
                "--account",
                "vantis-chemie",
            ],
        )
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "site" / "vantis-chemie.pdf")
    text = " ".join(SPACES.sub(" ", p.extract_text()) for p in reader.pages)
    assert f"Page 2 of {len(reader.pages)}" in text and "Account plan" in text
    assert "internal edition" in text.lower()
    assert str(reader.root_object["/Lang"]) == "en"


# -- layout of the English handbook, inspected in WeasyPrint's box tree -----------------------------


@pytest.fixture(scope="module")
def english_layout() -> Any:
    import weasyprint

    from kamdocs.render.fetcher import SafeFetcher

    root = example_dir("en")
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    site = assemble(make_view(playbook, analyse(playbook), "internal"), Catalogue("en", theme.message_dirs()))
    builder = PrintBuilder(site, theme)
    fetcher = SafeFetcher(builder.allowed_roots())
    return weasyprint.HTML(string=builder.handbook_html(), base_url=builder.base_url(), url_fetcher=fetcher).render()


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _text(box: object) -> str:
    element = getattr(box, "element", None)
    return "".join(element.itertext()) if element is not None else ""


def test_no_heading_ends_a_page_and_nothing_overflows(english_layout: Any) -> None:
    pages = english_layout.pages
    assert len(pages) > 40
    for number, page in enumerate(pages, start=1):
        page_box = page._page_box
        html_box = page_box.children[0]
        right = html_box.content_box_x() + html_box.width + 1
        boxes = [b for b in _boxes(html_box) if b is not html_box and not b.is_for_root_element]
        for box in boxes:
            edge = box.position_x + box.margin_width() - (box.margin_right or 0)
            assert edge <= right, f"page {number}: {box.element_tag}.{box.element.get('class')} {_text(box)[:30]!r}"
        for table in (b for b in boxes if type(b).__name__ == "TableBox"):
            groups = [g.element_tag for g in table.children]
            if "tbody" in groups and table.element.find("thead") is not None:
                assert "thead" in groups, f"page {number}: a table continues without its header row"
        content = [
            b
            for b in boxes
            if b.element_tag is not None
            and type(b).__name__ not in ("TextBox", "LineBox")
            and b.element_tag
            not in ("article", "section", "header", "div", "nav", "ol", "ul", "tbody", "thead", "body")
        ]
        if content:
            last = max(content, key=lambda b: (b.position_y + b.margin_height(), -b.position_y))
            assert last.element_tag not in ("h1", "h2", "h3", "h4"), f"page {number} ends with {_text(last)!r}"


def test_letter_paper(make_project: MakeProject) -> None:
    root = make_project({"kamdocs.yaml": "title: Test\nlanguage: en\npdf:\n  paper: letter\n"})
    result = CliRunner().invoke(main, ["build", str(root), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(root / "site" / "playbook.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Contents" in reader.pages[1].extract_text()
