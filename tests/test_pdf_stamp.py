"""A part laid out once with provisional numbers and stamped is the part laid out with the final ones.

Each case lays a small part out with WeasyPrint twice — with provisional numbers (then stamped) and
with the final numbers — and compares every page's text and where the "page X of Y" line ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest

from kamdocs.render import stampsites
from kamdocs.render.parts import Numbering, Part, PartTask, render_part
from kamdocs.render.stamp import StampFailed, changes, stamp_pdf, stampable

pytestmark = pytest.mark.slow

MOMENT = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
TM = re.compile(rb"1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm\n/(\S+) ([\d.]+) Tf\n\[([^\]]*)\] TJ")


def document(pages: int, *, margin: str = "", body: str = "", extra_css: str = "") -> str:
    """Return a document of ``pages`` pages whose bottom-right box prints "Seite X von Y"."""
    css = (
        "@page { size: A6; margin: 20mm 12mm;"
        ' @bottom-right { content: "Seite " counter(page) " von " target-counter("#kd-end", page);'
        " text-align: right; width: 45%; font: 700 8pt sans-serif; }"
        f" {margin} }}"
        " body { font: 9pt sans-serif; } .page-ref::after { content: target-counter(attr(href url), page); }"
        f" {extra_css}"
    )
    sheets = "".join(f'<section style="break-before: page"><p>Text {i}</p></section>' for i in range(pages - 1))
    return (
        f"<html><head><style>{css}</style></head><body>{body}{sheets}"
        '<p id="kd-end" style="break-before: page">Ende</p></body></html>'
    )


def part_of(html: str) -> Part:
    return Part(1, html, False, ("kd-end", "kd-x"), "kd-a", ("kd-end",), ("kd-end",))


def write(tmp_path: Path, part: Part, numbering: Numbering, name: str) -> tuple[Path, object]:
    target = tmp_path / f"{name}.pdf"
    outcome = render_part(PartTask(part, numbering, tmp_path.as_uri() + "/", (tmp_path,), MOMENT, target))
    return target, outcome


def texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def footer_starts(path: Path) -> list[float]:
    """Return the x where the "Seite" run of each page starts, measured by pypdf's text positions."""
    ends: list[float] = []
    for page in pypdf.PdfReader(path).pages:
        runs: list[float] = []

        def visit(text: str, cm: object, tm: list[float], font: object, size: float, runs: list[float] = runs) -> None:
            if text.startswith("Seite"):
                runs.append(tm[4])

        page.extract_text(visitor_text=visit)
        ends.append(runs[-1] if runs else -1.0)
    return ends


def test_margin_numbers_crossing_99_to_100_are_stamped_where_one_layout_puts_them(tmp_path: Path) -> None:
    part = part_of(document(12))
    drawn = Numbering(1, 0, (("kd-end", 88),))
    final = Numbering(95, 0, (("kd-end", 1000),))  # pages 95 … 106 of 1,000: 2 → 3 and 3 → 4 digits
    source, outcome = write(tmp_path, part, drawn, "drawn")
    expected, _ = write(tmp_path, part, final, "final")
    stamps = outcome.stamps  # type: ignore[attr-defined]
    assert stamps is not None and len(stamps.sites) == 12 and not stamps.rigid
    assert stampable(stamps, drawn, final) and changes(stamps, drawn, final)
    stamped = tmp_path / "stamped.pdf"
    stamp_pdf(source, stamped, stamps, drawn, final)
    assert texts(stamped) == texts(expected)
    assert texts(stamped)[4].endswith("Seite 99 von 1000") and texts(stamped)[5].endswith("Seite 100 von 1000")
    # Right-aligned as the one-process layout aligns it: each run starts where WeasyPrint starts it.
    for got, want in zip(footer_starts(stamped), footer_starts(expected), strict=True):
        assert got == pytest.approx(want, abs=0.02)


def test_a_header_with_digits_keeps_them_and_numbers_9_to_10_are_stamped(tmp_path: Path) -> None:
    header = '@top-left { content: "Kapitel 7 · Plan 2026"; font: 8pt sans-serif; width: 80%; }'
    part = part_of(document(6, margin=header))  # drawn: pages 20 … 25 of 89; final: 8 … 13 of 9
    drawn, final = Numbering(20, 0, (("kd-end", 89),)), Numbering(8, 0, (("kd-end", 9),))
    source, outcome = write(tmp_path, part, drawn, "drawn")
    expected, _ = write(tmp_path, part, final, "final")
    stamped = tmp_path / "stamped.pdf"
    stamp_pdf(source, stamped, outcome.stamps, drawn, final)  # type: ignore[attr-defined]
    assert texts(stamped) == texts(expected)
    assert all("Kapitel 7 · Plan 2026" in text for text in texts(stamped))
    assert "Seite 9 von 9" in texts(stamped)[1] and "Seite 10 von 9" in texts(stamped)[2]


def test_every_digit_is_kept_in_the_fonts_so_numbers_never_drawn_can_be_stamped(tmp_path: Path) -> None:
    part = part_of(document(2))  # bold digits drawn: 1, 2 and 3 only
    drawn, final = Numbering(1, 0, (("kd-end", 3),)), Numbering(7, 0, (("kd-end", 9),))
    source, outcome = write(tmp_path, part, drawn, "drawn")
    expected, _ = write(tmp_path, part, final, "final")
    stamp_pdf(source, tmp_path / "stamped.pdf", outcome.stamps, drawn, final)  # type: ignore[attr-defined]
    assert texts(tmp_path / "stamped.pdf") == texts(expected)
    assert texts(expected)[0].endswith("Seite 7 von 9")


def test_a_digit_missing_from_the_font_fails_the_stamp_so_the_part_is_laid_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stampsites, "digits_in_fonts", contextlib.nullcontext)  # WeasyPrint's own subsets
    part = part_of(document(2))
    drawn, final = Numbering(1, 0, (("kd-end", 3),)), Numbering(7, 0, (("kd-end", 9),))
    source, outcome = write(tmp_path, part, drawn, "drawn")
    with pytest.raises(StampFailed, match="no glyph for '7'"):
        stamp_pdf(source, tmp_path / "stamped.pdf", outcome.stamps, drawn, final)  # type: ignore[attr-defined]


def test_a_reference_in_the_text_is_stamped_only_when_its_width_stays(tmp_path: Path) -> None:
    body = '<p>Siehe <a class="page-ref" href="#kd-x"></a> und 0123456789.</p><p id="kd-x">Ziel</p>'
    part = part_of(document(3, body=body))
    drawn = Numbering(1, 0, (("kd-end", 3), ("kd-x", 47)))
    source, outcome = write(tmp_path, part, drawn, "drawn")
    stamps = outcome.stamps  # type: ignore[attr-defined]
    same_width = Numbering(1, 0, (("kd-end", 3), ("kd-x", 52)))
    stamped = tmp_path / "stamped.pdf"
    stamp_pdf(source, stamped, stamps, drawn, same_width)
    expected, _ = write(tmp_path, part, same_width, "final")
    assert texts(stamped) == texts(expected) and "Siehe 52 und" in texts(stamped)[0]
    wider = Numbering(1, 0, (("kd-end", 3), ("kd-x", 120)))
    with pytest.raises(StampFailed, match="does not fit"):
        stamp_pdf(source, tmp_path / "wider.pdf", stamps, drawn, wider)


def test_contents_lines_with_leaders_are_rigid(tmp_path: Path) -> None:
    body = '<p class="toc"><a href="#kd-x">Ziel</a></p><p id="kd-x">Ziel</p>'
    css = '.toc a::after { content: leader(".") target-counter(attr(href url), page); }'
    part = part_of(document(2, body=body, extra_css=css))
    drawn = Numbering(1, 0, (("kd-end", 2), ("kd-x", 1)))
    _, outcome = write(tmp_path, part, drawn, "drawn")
    stamps = outcome.stamps  # type: ignore[attr-defined]
    assert ("ref", "kd-x") in stamps.rigid
    assert stampable(stamps, drawn, Numbering(1, 0, (("kd-end", 5), ("kd-x", 1))))
    assert not stampable(stamps, drawn, Numbering(1, 0, (("kd-end", 2), ("kd-x", 2))))
