"""What the pages of the example playbook show: every section of issue 4, formatted the German way."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from kamdocs.analysis import analyse
from kamdocs.build import build_project
from kamdocs.load import load_playbook
from kamdocs.render.formatting import Formatter

REPO = Path(__file__).resolve().parent.parent
FMT = Formatter("de", "EUR")


def build(tmp: Path, audience: str) -> Path:
    root = tmp / "playbook"
    if not root.exists():
        root.mkdir()
        shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
        shutil.copytree(REPO / "data", root / "data")
        shutil.copytree(REPO / "content", root / "content")
    out = tmp / audience
    build_project(root, formats="html", audience=audience, out=out)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("pages"), "internal")


@pytest.fixture(scope="module")
def restricted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("pages-restricted"), "restricted")


@pytest.fixture(scope="module")
def example():  # type: ignore[no-untyped-def]
    playbook, _ = load_playbook(REPO)
    return playbook, analyse(playbook)


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_home_shows_title_mission_and_key_figures(site: Path, example) -> None:  # type: ignore[no-untyped-def]
    playbook, analysis = example
    home = text_of(read(site, "index.html"))
    assert playbook.config.title in home and playbook.company.name in home
    assert "Stichtag: 1. November 2026" in home
    assert playbook.company.mission.statement in home
    for value in playbook.company.mission.values:
        assert value in home
    overall = FMT.percent(analysis.readiness.overall).replace("\u00a0", " ")
    assert f"Reifegrad gesamt {overall}" in home
    off_track = analysis.kpis.by_status["at_risk"] + analysis.kpis.by_status["missed"]
    assert f"Kennzahlen gefährdet oder verfehlt {off_track} von {len(analysis.kpis.kpis)}" in home
    assert f"Aufgaben überfällig {len(analysis.schedule.overdue)} von {len(analysis.schedule.tasks)}" in home
    assert f"Key Accounts {len(playbook.accounts)}" in home


def test_goals_page_kpi_table_with_status(site: Path, example) -> None:  # type: ignore[no-untyped-def]
    _, analysis = example
    page = read(site, "goals.html")
    for section in ("market", "swot", "competitors", "trends", "goals", "data-sources", "budget"):
        assert f'id="{section}"' in page
    labels = {"achieved": "erreicht", "on_track": "auf Kurs", "at_risk": "gefährdet", "no_data": "keine Daten"}
    for kpi in analysis.kpis.kpis:
        row = page[page.index(f'<th scope="row">{kpi.name}') :]
        row = row[: row.index("</tr>")]
        assert f'badge-kpi-{kpi.status}">{labels[kpi.status]}' in row
        if kpi.achievement is not None:
            assert FMT.percent(kpi.achievement).replace("\u00a0", " ") in unescape(row).replace("\u00a0", " ")
    assert f"{FMT.money(analysis.budget.total)}" in unescape(page)


def test_organisation_page_marks_the_selected_variant(site: Path, example) -> None:  # type: ignore[no-untyped-def]
    playbook, _ = example
    page = read(site, "organisation.html")
    org = playbook.organisation
    for variant in org.variants:
        section = page[page.index(f'id="variant-{variant.id}"') :]
        section = section[: section.index("</section>")]
        assert ("gewählte Variante" in section) == (variant.id == org.selected)
        assert "<svg" in section and 'class="chart-data"' in section
    assert page.count('class="raci raci-a"') == len(org.responsibilities) + 1  # one A per row + legend
    assert 'id="international"' in page


def test_readiness_page_lists_actions_in_priority_order(site: Path, example) -> None:  # type: ignore[no-untyped-def]
    _, analysis = example
    page = read(site, "readiness.html")
    actions = page[page.index('id="actions"') :]
    positions = [actions.index(unescape_safe(a.statement)) for a in analysis.readiness.actions]
    assert positions == sorted(positions)
    for area in analysis.readiness.areas:
        assert f'id="area-{area.id}"' in page


def unescape_safe(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")


def test_task_page_gantt_and_flags(site: Path, example) -> None:  # type: ignore[no-untyped-def]
    _, analysis = example
    page = read(site, "tasks.html")
    gantt = page[page.index('id="gantt"') : page.index('id="task-list"')]
    assert gantt.count("<svg") == 1 and "<title" in gantt
    task_list = page[page.index('id="task-list"') : page.index('id="routines"')]
    assert task_list.count('class="flag flag-overdue"') == len(analysis.schedule.overdue)
    for phase in analysis.schedule.phases:
        assert f'id="phase-{phase.id}"' in task_list
    routines = page[page.index('id="routines"') :]
    overdue = [r for r in analysis.schedule.routines if r.overdue]
    assert routines.count('class="flag flag-overdue"') == len(overdue) == 1
    assert all(r.title in routines for r in analysis.schedule.routines)


def test_competencies_internal_shows_aggregates_only(site: Path, restricted: Path, example) -> None:  # type: ignore[no-untyped-def]
    playbook, _ = example
    internal = read(site, "competencies.html")
    assert 'id="team"' in internal and 'id="ranking"' not in internal and "candidate-" not in internal
    for candidate in playbook.candidates.candidates:
        assert candidate.name not in internal
    full = read(restricted, "competencies.html")
    assert 'id="ranking"' in full
    for candidate in playbook.candidates.candidates:
        assert f'id="candidate-{candidate.id}"' in full and candidate.name in full


def test_account_pages(site: Path, example) -> None:  # type: ignore[no-untyped-def]
    playbook, analysis = example
    overview = read(site, "accounts/index.html")
    assert overview.count("<svg") >= 1 and 'id="portfolio"' in overview
    for position in analysis.portfolio.accounts:
        assert f'href="../accounts/{position.id}.html"' in overview
        page = read(site, f"accounts/{position.id}.html")
        assert FMT.percent(position.share_of_wallet) in unescape(page)
    account = playbook.accounts[0]
    page = read(site, f"accounts/{account.id}.html")
    for contact in account.contacts:  # internal: function and role, never the name (docs/audiences.md)
        assert contact.name not in unescape(page)
        assert contact.function is None or contact.function in unescape(page)
    for action in account.actions:
        assert action.title in unescape(page)


def test_navigation_marks_the_current_page_and_links_neighbours(site: Path) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    for rel in pages:
        html = read(site, rel)
        assert html.count('aria-current="page"') == 1, rel
        assert re.search(rf'data-nav-url="{re.escape(rel)}" aria-current="page"', html), rel
    home = read(site, "index.html")
    assert 'rel="prev"' not in home and 'rel="next"' in home
    account = read(site, "accounts/alpenmilch.html")
    assert 'href="../index.html"' in account and 'href="../_static/css/kamdocs.css"' in account


def test_every_chart_has_title_and_a_data_table(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="chart">(.*?)</figure>', html, re.S):
            assert 'class="chart-data"' in figure and "<table" in figure, path
            if "<svg" in figure:
                assert "<title" in figure and "<desc" in figure, path


def test_search_index_entries(site: Path, restricted: Path, example) -> None:  # type: ignore[no-untyped-def]
    playbook, _ = example
    script = read(site, "_static/search-index.js")
    entries = json.loads(script[len("window.KAMDOCS_SEARCH=") :].rstrip().rstrip(";"))
    by_url = {e["u"]: e for e in entries}
    for account in playbook.accounts:
        assert by_url[f"accounts/{account.id}.html"]["p"] == account.name
    assert "goals.html#swot" in by_url and by_url["goals.html#swot"]["t"] == "SWOT-Analyse"
    restricted_titles = [c.front.title for c in playbook.chapters if c.front.audience == "restricted"]
    assert restricted_titles
    for title in restricted_titles:
        assert title not in script
        assert title in read(restricted, "_static/search-index.js")


def test_every_component_renders_inside_a_chapter(tmp_path: Path) -> None:
    from kamdocs.site.catalogue import COMPONENT_NAMES

    root = tmp_path / "playbook"
    root.mkdir()
    shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    body = "\n\n".join(f"## {name}\n\n{{{{< {name} >}}}}" for name in COMPONENT_NAMES)
    (root / "content" / "99-alles.md").write_text(f"---\ntitle: Alles\nweight: 99\n---\n\n{body}\n", encoding="utf-8")
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    html = read(out, "alles.html")
    parts = html.split('<h2 id="')[1:]
    assert len(parts) == len(COMPONENT_NAMES)
    for part in parts:
        name = part.split('"')[0].replace("-", "_")
        embedded = part[part.index('<div class="embedded">') :]
        assert "<table" in embedded or 'class="swot"' in embedded, name
