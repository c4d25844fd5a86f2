"""The search index is taken from the rendered pages: sections and headings become entries."""

from __future__ import annotations

import json

from kamdocs.site.search import index_script, page_entries

PAGE = """<html><body><nav><a>Startseite</a><a>Ziele</a></nav>
<main><h1>Ziele</h1><p>Einleitung des Kapitels.</p>
<section id="swot" data-title="SWOT-Analyse"><h2>SWOT-Analyse</h2><p>Stärken &amp; Schwächen</p>
<svg><title>Diagramm</title><text>Achsentext</text></svg></section>
<h3 id="details">Details <em>wichtig</em></h3><p>Mehr Text.</p>
<script>var x = "kein Text";</script></main><footer>Fuß</footer></body></html>"""


def test_entries_follow_sections_and_headings() -> None:
    entries = page_entries("goals.html", "Ziele", PAGE)
    assert entries == [
        {"u": "goals.html", "t": "Ziele", "p": "Ziele", "x": "Ziele Einleitung des Kapitels."},
        {"u": "goals.html#swot", "t": "SWOT-Analyse", "p": "Ziele", "x": "SWOT-Analyse Stärken & Schwächen"},
        {"u": "goals.html#details", "t": "Details wichtig", "p": "Ziele", "x": "Mehr Text."},
    ]


def test_index_script_has_no_markup_characters_and_round_trips() -> None:
    entries = [{"u": "a.html", "t": "<img src=x onerror=alert(1)> & </script>", "p": "P", "x": "Ä"}]
    script = index_script(entries)
    assert "<" not in script and ">" not in script and "&" not in script
    assert script.startswith("window.KAMDOCS_SEARCH=") and script.endswith(";\n")
    assert json.loads(script[len("window.KAMDOCS_SEARCH=") : -2]) == entries
