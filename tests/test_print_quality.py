"""Print quality of the example handbooks, checked on the PDF itself (issue 14's rules, docs/typography.md).

Each example (German and English) is built once with the CLI; the checks read the PDF with pypdf
and poppler's ``pdftotext -bbox``: how full each page is, what ends a page, the smallest text
and its font, text printed twice, hyphenated breaks and the page labels.
"""

from __future__ import annotations

import collections
import html
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

import tests.hyphenation_reference as ref
from kamdocs.cli import main
from kamdocs.resources import example_dir

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]

MM = 72 / 25.4
TOP, BOTTOM = 24 * MM, 22 * MM  # the page margins of print/handbook.css
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.DOTALL)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


@dataclass(frozen=True)
class Page:
    """One page as pdftotext sees it: the running header and the lines of the text area."""

    number: int
    header: str
    lines: list[str]
    fill: float
    """How far down the text area the lowest text reaches (0–1)."""


@dataclass(frozen=True)
class Handbook:
    path: Path
    reader: pypdf.PdfReader
    pages: list[Page]
    language: str


def _pages(path: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for number, (width, height, body) in enumerate(_PAGE.findall(xml), start=1):
        top, bottom = TOP, float(height) - BOTTOM
        words = [(float(x0), float(y0), float(y1), html.unescape(t)) for x0, y0, _, y1, t in _WORD.findall(body)]
        header = " ".join(t for x0, _, y1, t in words if y1 < top and x0 < float(width) * 0.6)
        content = sorted((w for w in words if w[1] >= top - 2 and w[2] <= bottom + 2), key=lambda w: (w[1], w[0]))
        lines: dict[int, list[str]] = collections.defaultdict(list)
        for _, y0, _, text in content:
            lines[round(y0 / 3)].append(text)
        lowest = max((w[2] for w in content), default=top)
        pages.append(
            Page(number, header, [" ".join(v) for _, v in sorted(lines.items())], (lowest - top) / (bottom - top))
        )
    return pages


@pytest.fixture(scope="module", params=["de", "en"])
def handbook(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    out = tmp_path_factory.mktemp(f"quality-{request.param}") / "site"
    result = CliRunner().invoke(main, ["build", str(example_dir(request.param)), "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    path = next(out.glob("*.pdf"))
    return Handbook(path, pypdf.PdfReader(path), _pages(path), request.param)


def _chapter_ends(pages: list[Page]) -> set[int]:
    """Pages after which the running header (the chapter) changes, and the last page."""
    return {
        p.number
        for p, following in zip(pages, [*pages[1:], None], strict=True)
        if following is None or following.header != p.header
    }


def test_every_page_ends_a_chapter_or_is_at_least_40_percent_full(handbook: Handbook) -> None:
    # The history chapter too: its revision table shows the commit subjects of the repository the
    # example lives in, which change with every commit, so its layout must hold for any subject.
    ends = _chapter_ends(handbook.pages)
    sparse = [(p.number, p.header, round(p.fill, 2)) for p in handbook.pages if p.number not in ends and p.fill < 0.4]
    assert sparse == []
    assert {"Verlauf", "History"} & {p.header for p in handbook.pages}, "the history chapter was checked"


def test_no_heading_or_table_caption_is_the_last_thing_on_a_page(handbook: Handbook) -> None:
    headings = {" ".join(str(item.title).split()) for item in _flatten(handbook.reader.outline)}
    caption = re.compile(r"^(Tabelle|Table) \d+(\.\d+)*:")
    ends = _chapter_ends(handbook.pages)
    stranded = []
    for page in handbook.pages:
        if not page.lines or page.number in ends:
            continue
        last = page.lines[-1]
        if last in headings or caption.match(last):
            stranded.append((page.number, last))
    assert stranded == []


def _flatten(outline: Any) -> list[Any]:
    items = []
    for item in outline:
        items.extend(_flatten(item) if isinstance(item, list) else [item])
    return items


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _text_runs(reader: pypdf.PdfReader) -> list[tuple[int, str, float, str]]:
    """(page, font, size in pt as printed, text) of every text run that has a letter or a digit."""
    runs: list[tuple[int, str, float, str]] = []
    for number, page in enumerate(reader.pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float, number: int = number) -> None:
            if font is None or not any(ch.isalnum() for ch in text):
                return
            m = _multiply(list(tm), list(cm))
            name = str(font.get("/BaseFont", "?")).split("+")[-1]
            runs.append((number, name, size * math.hypot(m[2], m[3]), text.strip()))

        page.extract_text(visitor_text=visit)
    return runs


def test_every_text_is_at_least_7_pt_in_the_body_font_family(handbook: Handbook) -> None:
    runs = _text_runs(handbook.reader)
    assert len(runs) > 1000
    small = sorted({(p, round(size, 1), text[:30]) for p, _, size, text in runs if size < 6.95})
    assert small == []
    # Charts included (they are SVG). A fallback font is right only for characters the body font
    # lacks (symbols such as ✓ or ◆, the "₂" of CO₂): a run in another family must need it.
    body = _body_font_characters()
    families = collections.Counter(
        font.split("-")[0] + "-" + font.split("-")[1]
        for _, font, _, text in runs
        if "-" in font and any(ch.isalnum() and ord(ch) in body for ch in text)
    )
    assert set(families) == {"Liberation-Sans"}, families


def _body_font_characters() -> set[int]:
    """Return the code points Liberation Sans (the body font) has glyphs for."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    found = subprocess.run(
        ["fc-match", "-f", "%{file}", "Liberation Sans"], capture_output=True, text=True, check=True
    ).stdout
    with TTFont(found) as font:
        return set(font.getBestCmap())


def test_no_block_of_80_characters_is_printed_twice(handbook: Handbook) -> None:
    text = subprocess.run(["pdftotext", str(handbook.path), "-"], check=True, capture_output=True, text=True).stdout
    pages: dict[str, set[int]] = collections.defaultdict(set)
    for number, page in enumerate(text.split("\f"), start=1):
        for block in re.split(r"\n\s*\n", page):
            flat = " ".join(block.split())
            if len(flat) >= 80:
                pages[flat].add(number)
    pages_text = text.split("\f")
    # The action list's head row ("# KRITERIUM BEREICH IST → ZIEL …"), repeated on each of its pages.
    action_list = re.compile(r"→\s+(ZIEL|TARGET)\b", re.IGNORECASE)
    # A row of the history chapter's revision table: two revisions with the same key figures and the
    # same withheld subject read alike, and that is what the table has to say.
    revision_row = re.compile(r"\b(Change|Änderung): ")
    history = {p.number for p in handbook.pages if p.header in ("Verlauf", "History")}
    repeated = {
        block: sorted(where)
        for block, where in pages.items()
        # A readiness criterion that the action list cites beside its action is not a repeat.
        if len(where) > 1
        and not any(action_list.search(pages_text[n - 1]) for n in where)
        and not (where <= history and revision_row.search(block))
    }
    # The RACI matrix, the international split, the readiness chart, the action list, org chart B
    # and the KPI tables each print once; later chapters refer to them by number.
    assert repeated == {}
    assert re.search(r"(Siehe|See) (Tabelle|Table|Abbildung|Figure) \d+\.\d+", text)


def test_hyphenated_breaks_are_acceptable_to_the_reference_lists(handbook: Handbook) -> None:
    lines = [line for page in handbook.reader.pages for line in page.extract_text().splitlines()]
    references = ref.load(handbook.language)
    checked, wrong = 0, []
    for word, breaks in ref.line_end_breaks(lines):
        reference = references.get(word.lower())
        if reference is not None:
            checked += 1
            if ref.wrong(reference, breaks):
                wrong.append(reference.show(breaks))
    assert checked > 20
    assert wrong == []


def test_front_matter_is_numbered_in_roman_and_the_body_from_1(handbook: Handbook) -> None:
    labels = handbook.reader.page_labels
    front = labels.index("1")
    assert labels[:front] == ["i", "ii", "iii", "iv", "v", "vi"][:front] and front >= 2
    assert labels[front:] == [str(n) for n in range(1, len(labels) - front + 1)]
    word = "Seite" if handbook.language == "de" else "Page"
    body = len(labels) - front
    assert f"{word} 1 " in handbook.pages[front].lines[-1] or f"{word} 1 " in (
        handbook.reader.pages[front].extract_text()
    )
    assert f"{body}" in handbook.reader.pages[-1].extract_text().splitlines()[-1]


def test_the_pdf_is_tagged(handbook: Handbook) -> None:
    root = handbook.reader.root_object
    assert "/StructTreeRoot" in root  # pdf.variant: pdf/ua (the default) — screen readers, text extraction
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, pypdf.generic.DictionaryObject) and mark_info["/Marked"]
