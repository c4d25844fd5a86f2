"""Numbered figures and tables of the handbook, and references where a chapter repeats one (no PDF)."""

from __future__ import annotations

import re

import pytest

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.load import load_playbook
from kamdocs.render.i18n import Catalogue
from kamdocs.render.print_figures import (
    LANDSCAPE_WIDTH_PT,
    TEXT_WIDTH_PT,
    FigureIndex,
    Numbered,
    smallest_text_pt,
)
from kamdocs.render.print_html import PrintBuilder
from kamdocs.render.theme import Theme
from kamdocs.resources import example_dir
from kamdocs.site.assemble import assemble

_CAPTION = re.compile(r'class="print-caption[^"]*"[^>]*><span class="caption-number">(\w+) ([\d.]+):</span>')


def _handbook(lang: str) -> str:
    root = example_dir(lang)
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    view = make_view(playbook, analyse(playbook), "internal")
    site = assemble(view, Catalogue(playbook.config.language, theme.message_dirs()))
    return PrintBuilder(site, theme).handbook_html()


@pytest.fixture(scope="module", params=["de", "en"])
def handbook(request: pytest.FixtureRequest) -> str:
    return _handbook(request.param)


def test_each_block_shown_twice_is_printed_once_and_referred_to(handbook: str) -> None:
    # The organisation page shows the RACI matrix and the international split; the chapter on
    # responsibilities embeds both again, the assessment chapter the readiness chart and the actions.
    assert handbook.count('class="data-table raci-table"') == 1
    references = re.findall(r'<p class="print-ref">.*?</p>', handbook, re.DOTALL)
    assert len(references) >= 6  # org chart B, RACI, international, readiness chart, actions, KPIs …
    for ref in references:
        target = re.search(r'href="#([^"]+)"', ref)
        assert target is not None and f'id="{target.group(1)}"' in handbook
        assert 'class="page-ref"' in ref  # "… auf Seite 19": the page comes from target-counter()


def test_figures_and_tables_are_numbered_per_chapter_with_caption_and_source(handbook: str) -> None:
    numbers: dict[tuple[str, str], list[int]] = {}
    for kind, number in _CAPTION.findall(handbook):
        chapter, _, n = number.rpartition(".")
        numbers.setdefault((kind, chapter), []).append(int(n))
    assert len(numbers) > 10
    for sequence in numbers.values():
        assert sequence == list(range(1, len(sequence) + 1))
    assert "data/organisation.yaml" in handbook  # the RACI table names its source
    assert "Tabelle 4.1:" in handbook or "Table 4.1:" in handbook


def test_a_part_refers_to_the_whole_and_the_whole_to_its_parts() -> None:
    index = FigureIndex()
    whole = [Numbered("figure", "8.1", "kd-tasks--fig-8-1", "Zeitplan")]
    index.printed["gantt:*"] = whole
    assert index.find("gantt:pilot") == whole
    index.printed["kpi_table:a"] = [Numbered("table", "2.1", "x", "A")]
    index.printed["kpi_table:b"] = [Numbered("table", "2.2", "y", "B")]
    assert [i.number for i in index.find("kpi_table:*")] == ["2.1", "2.2"]
    assert index.find("raci") == []


def test_chart_text_prints_at_least_7_pt_in_the_body_font(handbook: str) -> None:
    figures = re.findall(r"<figure\b[^>]*>.*?</figure>", handbook, re.DOTALL)
    charts = [f for f in figures if "<svg" in f]
    assert len(charts) >= 6
    for figure in charts:
        width = LANDSCAPE_WIDTH_PT if "data-landscape" in figure.split(">", 1)[0] else TEXT_WIDTH_PT
        smallest = smallest_text_pt(figure, width)
        assert smallest is not None and smallest >= 6.95, (re.findall(r"<title[^>]*>(.*?)</title>", figure), smallest)
        assert 'font-family="Liberation Sans' in figure


def test_the_printed_gantt_chart_names_every_task_in_full(handbook: str) -> None:
    gantt = re.search(r"<figure\b[^>]*>(?:(?!</figure>).)*kd-chart--gantt.*?</figure>", handbook, re.DOTALL)
    assert gantt is not None
    assert "…" not in "".join(re.findall(r'class="task-label"[^>]*>([^<]*)<', gantt.group(0)))
    assert "data-parts" in gantt.group(0)  # whole phases per part: the page may break between them
