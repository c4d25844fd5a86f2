"""The catalogue is the one list of page kinds, sections, components, data sets and charts.

Its tables in docs/architecture.md and docs/themes.md are generated from it (regenerate with
``KAMDOCS_REGEN_GOLDEN=1 python -m pytest tests/test_catalogue.py``); the built-in theme has a
template for every entry; the site assembly uses nothing the catalogue does not list.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import shutil
from pathlib import Path

import pytest

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.load import load_playbook
from kamdocs.model.pages import RESERVED_PAGE_NAMES
from kamdocs.render.chartkit import CHARTS
from kamdocs.render.i18n import Catalogue
from kamdocs.resources import builtin_theme_dir
from kamdocs.site.assemble import assemble
from kamdocs.site.catalogue import COMPONENTS, DATA_SETS, PAGES, SECTIONS
from kamdocs.site.model import Component

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
THEME = builtin_theme_dir()


def _fields(payload: type) -> str:
    # A "|" inside a table cell must be escaped, even inside code.
    return ", ".join(f"`{f.name}: {str(f.type).replace('|', chr(92) + '|')}`" for f in dataclasses.fields(payload))


def _pages_table() -> str:
    rows = ["| page kind | file | weight | shown when | sections |", "|---|---|---|---|---|"]
    for kind in PAGES.values():
        sections = ", ".join(f"`{name}`" for name in kind.sections) or "prose and components"
        weight = f"{kind.weight:g}" if kind.name != "chapter" else "front matter"
        rows.append(f"| `{kind.name}` | `{kind.url}` | {weight} | {kind.shown_when} | {sections} |")
    return "\n".join(rows)


def _components_table() -> str:
    rows = ["| name | argument | shows | needs | `component.data` |", "|---|---|---|---|---|"]
    for kind in COMPONENTS.values():
        rows.append(f"| `{kind.name}` | {kind.argument} | {kind.shows} | {kind.needs} | `{kind.payload.__name__}` |")
    return "\n".join(rows)


def _sections_table() -> str:
    rows = ["| section (`sections/<name>.html`) | shows | `section.data` |", "|---|---|---|"]
    for kind in SECTIONS.values():
        rows.append(f"| `{kind.name}` | {kind.shows} | {_fields(kind.payload)} |")
    return "\n".join(rows)


def _data_sets_table() -> str:
    rows = ["| `data.<name>` | what it is |", "|---|---|"]
    rows += [f"| `data.{d.name}` | {d.source} |" for d in DATA_SETS.values()]
    return "\n".join(rows)


def _charts_table() -> str:
    rows = ["| chart | arguments |", "|---|---|"]
    for name, draw in CHARTS.items():
        # The documentation reads the adapters' signatures; kamdocs itself never does.
        parameters = list(inspect.signature(draw).parameters.values())[1:]
        shown = ", ".join(
            p.name
            if p.kind is not inspect.Parameter.KEYWORD_ONLY
            else f"{p.name}=…"
            if p.default is inspect.Parameter.empty
            else f"{p.name}={p.default!r}"
            for p in parameters
        )
        rows.append(f'| `{name}` | `chart("{name}", {shown})` |')
    return "\n".join(rows)


TABLES = {
    ("architecture.md", "pages"): _pages_table,
    ("architecture.md", "components"): _components_table,
    ("themes.md", "sections"): _sections_table,
    ("themes.md", "data-sets"): _data_sets_table,
    ("themes.md", "charts"): _charts_table,
}


@pytest.mark.parametrize(("doc", "name"), sorted(TABLES))
def test_docs_tables_come_from_the_catalogue(doc: str, name: str) -> None:
    path = DOCS / doc
    text = path.read_text(encoding="utf-8")
    marker = re.compile(rf"(<!-- catalogue:{name} -->\n)(.*?)(\n<!-- /catalogue:{name} -->)", re.DOTALL)
    found = marker.search(text)
    assert found is not None, f"{doc} has no <!-- catalogue:{name} --> block"
    expected = TABLES[(doc, name)]()
    if os.environ.get("KAMDOCS_REGEN_GOLDEN") == "1":
        path.write_text(text[: found.start(2)] + expected + text[found.end(2) :], encoding="utf-8")
        return
    assert found.group(2) == expected, f"{doc}: regenerate with KAMDOCS_REGEN_GOLDEN=1"


def test_the_built_in_theme_draws_every_catalogue_entry() -> None:
    for kind in PAGES:
        assert (THEME / "pages" / f"{kind}.html").is_file(), kind
    for name in SECTIONS:
        assert (THEME / "sections" / f"{name}.html").is_file(), name
    for component in COMPONENTS.values():
        assert (THEME / component.template).is_file(), component.name
    assert {p.stem for p in (THEME / "sections").glob("*.html")} == set(SECTIONS)
    assert {p.stem for p in (THEME / "embeds").glob("*.html")} == set(COMPONENTS)
    assert {s for kind in PAGES.values() for s in kind.sections} == set(SECTIONS)


def test_reserved_page_names_are_the_generated_pages() -> None:
    generated = {kind.url.split("/")[0].removesuffix(".html") for kind in PAGES.values() if kind.name != "chapter"}
    assert generated <= set(RESERVED_PAGE_NAMES)


@pytest.mark.parametrize("audience", ["internal", "restricted"])
def test_the_example_uses_only_what_the_catalogue_lists(tmp_path: Path, audience: str) -> None:
    root = tmp_path / "playbook"
    root.mkdir()
    shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    playbook, _ = load_playbook(root)
    site = assemble(make_view(playbook, analyse(playbook), audience), Catalogue("de"))  # type: ignore[arg-type]
    for page in site.pages:
        kind = PAGES[page.kind]
        order = [kind.sections.index(s.partial) for s in page.sections]
        assert order == sorted(order), page.url
        for section in page.sections:
            assert isinstance(section.data, SECTIONS[section.partial].payload), (page.url, section.partial)
        for piece in page.pieces:
            if isinstance(piece, Component):
                assert isinstance(piece.data, COMPONENTS[piece.name].payload), (page.url, piece.name)
