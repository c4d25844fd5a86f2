"""Phone cards, chart widths and image boxes are written into the HTML: no script moves the page after it loads."""

from __future__ import annotations

import struct
from pathlib import Path

from kamdocs.render.phone import prepare_for_phones
from kamdocs.site.imagesize import image_size


def test_a_wide_data_table_gets_its_column_names_on_every_cell() -> None:
    page = (
        '<table class="data-table task-table"><thead><tr><th>Aufgabe</th><th>Beginn &amp; Ende</th>'
        '<th><span class="visually-hidden">Status</span></th></tr></thead>'
        '<tbody><tr><th scope="row">Kick-off</th><td class="nowrap">1. Mai</td><td>offen</td></tr></tbody>'
        '<tfoot><tr><th scope="row">Summe</th><td>2</td><td data-label="x">y</td></tr></tfoot></table>'
    )
    result = prepare_for_phones(page)
    assert '<table class="data-table task-table stackable">' in result
    assert '<th scope="row">Kick-off</th>' in result  # the card's title
    assert '<td class="nowrap" data-label="Beginn &amp; Ende">1. Mai</td>' in result
    assert '<td data-label="Status">offen</td>' in result
    assert '<td data-label="x">y</td>' in result  # a label the theme wrote itself stays
    assert prepare_for_phones(result) == result


def test_narrow_tables_and_other_tables_stay_as_they_are() -> None:
    two = (
        '<table class="data-table"><thead><tr><th>A</th><th>B</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    )
    other = '<table class="calendar"><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead></table>'
    assert prepare_for_phones(two) == two
    assert prepare_for_phones(other) == other


def test_a_markdown_table_is_framed_like_a_generated_one() -> None:
    page = (
        '<div class="prose"><table><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2</td><td>3</td></tr></tbody></table></div>"
    )
    result = prepare_for_phones(page)
    assert result.startswith(
        '<div class="prose"><div class="table-wrap" tabindex="0"><table class="data-table stackable">'
    )
    assert '<td data-label="C">3</td>' in result


def test_image_sizes_from_headers(tmp_path: Path) -> None:
    svg = tmp_path / "a.svg"
    svg.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 96"><g/></svg>')
    assert image_size(svg) == (360.0, 96.0)
    svg.write_text('<svg width="120px" height="40" viewBox="0 0 360 96"/>')
    assert image_size(svg) == (120.0, 40.0)
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + struct.pack(">II", 300, 100) + b"\0" * 20)
    assert image_size(png) == (300.0, 100.0)
    gif = tmp_path / "a.gif"
    gif.write_bytes(b"GIF89a" + struct.pack("<HH", 64, 32) + b"\0" * 10)
    assert image_size(gif) == (64.0, 32.0)
    jpeg = tmp_path / "a.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08" + struct.pack(">HH", 48, 64) + b"\0" * 12)
    assert image_size(jpeg) == (64.0, 48.0)
    broken = tmp_path / "b.svg"
    broken.write_text("<svg>")
    assert image_size(broken) is None
    assert image_size(tmp_path / "missing.png") is None


def test_a_chart_frame_carries_the_drawing_width() -> None:
    page = (
        '<figure class="chart"><div class="chart-svg" tabindex="0"><svg xmlns="http://www.w3.org/2000/svg" '
        'class="kd-chart kd-chart--gantt" viewBox="0 0 980.4 928" width="100%"></svg></div></figure>'
    )
    assert '<div class="chart-svg" tabindex="0" style="--chart-width: 980px"><svg' in prepare_for_phones(page)
