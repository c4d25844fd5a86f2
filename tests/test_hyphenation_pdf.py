"""Hyphenation in real PDFs: every line-end break in WeasyPrint's output is one the reference accepts."""

from __future__ import annotations

import html
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

import tests.hyphenation_reference as ref
from kamdocs.cli import main
from kamdocs.render.pdf import write_pdf
from kamdocs.resources import example_dir

pytestmark = pytest.mark.slow


def pdf_lines(path: Path) -> list[str]:
    """The text lines of every page, as pypdf extracts them."""
    return [line for page in pypdf.PdfReader(path).pages for line in page.extract_text().splitlines()]


def narrow_column(language: str, width_mm: int) -> str:
    """One reference word a paragraph in a column narrower than most of them."""
    words = "".join(f"<p>{html.escape(r.word)}</p>" for r in ref.load(language).values())
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><style>'
        "@page { size: 80mm 600mm; margin: 5mm }"
        f'body {{ font: 10pt "Liberation Sans", "DejaVu Sans", sans-serif; width: {width_mm}mm; hyphens: auto }}'
        "p { margin: 0 0 1mm }"
        f"</style></head><body>{words}</body></html>"
    )


@pytest.mark.parametrize(("language", "width_mm"), [("de", 19), ("de", 28), ("en", 13), ("en", 17)])
def test_line_end_breaks_in_a_narrow_column_are_acceptable(language: str, width_mm: int, tmp_path: Path) -> None:
    target = tmp_path / "words.pdf"
    write_pdf(narrow_column(language, width_mm), target, base_url=str(tmp_path), stylesheets=(), allowed_roots=())
    references = ref.load(language)
    hyphenated = ref.line_end_breaks(pdf_lines(target))
    assert len(hyphenated) >= 50  # hyphenation is on, and the column forces it often
    wrong = []
    for word, breaks in hyphenated:
        reference = references.get(word.lower())
        assert reference is not None, f"{word!r} is not a reference word: the text extraction went wrong"
        if ref.wrong(reference, breaks):
            wrong.append(reference.show(breaks))
    assert wrong == []


@pytest.fixture(scope="module")
def german_handbook(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("hyphenation") / "site"
    result = CliRunner().invoke(main, ["build", str(example_dir("de")), "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return pdf_lines(next(out.glob("*.pdf")))


def test_the_german_handbook_never_breaks_an_upper_case_word(german_handbook: list[str]) -> None:
    broken = [line for line in german_handbook if line.rstrip().endswith(ref.HYPHEN)]
    assert len(broken) > 100  # the body text is hyphenated
    upper = [line for line in broken if (word := line.rstrip()[:-1].split()[-1:]) and word[0].isupper()]
    assert upper == []


def test_the_german_handbook_breaks_reference_words_only_where_acceptable(german_handbook: list[str]) -> None:
    references = ref.load("de")
    checked, wrong = 0, []
    for word, breaks in ref.line_end_breaks(german_handbook):
        reference = references.get(word.lower())
        if reference is not None:
            checked += 1
            if ref.wrong(reference, breaks):
                wrong.append(reference.show(breaks))
    assert checked > 100
    assert wrong == []
