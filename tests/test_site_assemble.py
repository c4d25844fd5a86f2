"""Site assembly: reading order, navigation, components in chapters, links and images, drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.errors import KamdocsError, Severity
from kamdocs.load import load_playbook
from kamdocs.render.i18n import Catalogue
from kamdocs.site.assemble import assemble
from kamdocs.site.model import Component, Prose, Site
from tests.conftest import MakeProject

GOALS = """
goals:
  - id: growth
    title: Wachstum
    kpis:
      - {id: rev, name: Umsatz, unit: EUR, direction: increase, baseline: 10, target: 20, actual: 15}
"""
ACCOUNT = "id: acme\nname: ACME AG\nrevenue: 100\npotential: 400\n"


def site_of(root: Path, audience: str = "internal", strict: bool = False) -> Site:
    playbook, _ = load_playbook(root)
    view = make_view(playbook, analyse(playbook), audience)  # type: ignore[arg-type]
    return assemble(view, Catalogue(playbook.config.language), strict=strict)


def test_reading_order_puts_chapters_between_generated_sections(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/goals.yaml": GOALS,
            "data/accounts/acme.yaml": ACCOUNT,
            "content/10-intro.md": "---\ntitle: Einleitung\nweight: 10\n---\nText\n",
            "content/20-gleich.md": "---\ntitle: Gleichstand\nweight: 20\n---\nText\n",
            "content/90-ende.md": "---\ntitle: Schluss\nweight: 90\n---\nText\n",
            "content/50-entwurf.md": "---\ntitle: Entwurf\ndraft: true\n---\nText\n",
        }
    )
    site = site_of(root)
    assert [p.url for p in site.pages] == [
        "index.html",
        "intro.html",
        "goals.html",
        "gleich.html",
        "accounts/index.html",
        "accounts/acme.html",
        "ende.html",
    ]
    assert [n.title for n in site.nav] == [
        "Startseite",
        "Einleitung",
        "Ziele und Rahmenbedingungen",
        "Gleichstand",
        "Key Accounts",
        "Schluss",
    ]
    assert [c.url for c in site.nav[4].children] == ["accounts/acme.html"]
    goals = site.page("goals.html")
    assert [s.anchor for s in goals.sections] == ["goals", "goal-growth"]
    assert site.neighbours(goals) == (site.page("intro.html"), site.page("gleich.html"))


def test_components_become_pieces_with_their_source_line(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/goals.yaml": GOALS,
            "content/10-k.md": "---\ntitle: K\n---\nVorher\n\n{{< kpi_table growth >}}\n\nNachher\n",
        }
    )
    page = site_of(root).page("k.html")
    kinds = [type(p) for p in page.pieces]
    assert kinds == [Prose, Component, Prose]
    component = page.pieces[1]
    assert isinstance(component, Component)
    assert (component.name, component.arg, component.source, component.line) == (
        "kpi_table",
        "growth",
        "content/10-k.md",
        6,
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{< kpi_tabel >}}", "unknown component 'kpi_tabel'; did you mean 'kpi_table'? use one of: account_table, "),
        ("{{< swott >}}", "unknown component 'swott'; did you mean 'swot'? use one of: account_table, "),
        ("{{< diagramm >}}", "unknown component 'diagramm'; use one of: account_table, action_list"),
        (
            "{{< kpi_table growht >}}",
            "component 'kpi_table': unknown id 'growht'; did you mean 'growth'? known: growth",
        ),
        ("{{< kpi_table wachstum >}}", "component 'kpi_table': unknown id 'wachstum'; known: growth"),
        ("{{< raci extra >}}", "component 'raci' takes no argument"),
    ],
)
def test_bad_components_are_errors_with_file_and_line(make_project: MakeProject, line: str, message: str) -> None:
    root = make_project({"data/goals.yaml": GOALS, "content/10-k.md": f"---\ntitle: K\n---\nText\n\n{line}\n"})
    with pytest.raises(KamdocsError) as error:
        site_of(root)
    assert str(error.value).startswith("content/10-k.md:6:1: error: " + message)


def test_broken_links_and_missing_images_are_warnings_or_strict_errors(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/10-a.md": "---\ntitle: A\n---\nSiehe [B](20-b.md#teil) und [C](30-c.md).\n\n"
            "![Logo](assets/logo.png)\n\n![Fehlt](assets/fehlt.png)\n\n[Ziele](goals.html)\n",
            "content/20-b.md": "---\ntitle: B\n---\n## Teil\n",
            "content/assets/logo.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    site = site_of(root)
    html = "".join(str(p.html) for p in site.page("a.html").pieces if isinstance(p, Prose))
    assert 'href="b.html#teil"' in html and 'src="assets/logo.png"' in html
    assert [a.target for a in site.assets] == ["assets/logo.png"]
    warnings = [p.format() for p in site.problems]
    assert warnings == [
        "content/10-a.md:4:1: warning: broken link: no chapter '30-c.md' in this build (missing, draft or restricted)",
        "content/10-a.md:8:1: warning: missing image: 'assets/fehlt.png' does not exist; add it to "
        "content/assets/ or fix the path",
        "content/10-a.md:10:1: warning: broken link: no page 'goals.html' in this build",
    ]
    with pytest.raises(KamdocsError) as error:
        site_of(root, strict=True)
    assert len(error.value.problems) == 3


def test_images_outside_assets_are_refused(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/10-a.md": "---\ntitle: A\n---\nText\n\n![x](../data/company.yaml)\n\n"
            "![y](%2e%2e/%2e%2e/etc/passwd)\n",
        }
    )
    with pytest.raises(KamdocsError) as error:
        site_of(root)
    problems = error.value.problems
    assert [(p.line, p.severity) for p in problems] == [(6, Severity.ERROR), (8, Severity.ERROR)]
    assert "outside content/assets/" in problems[0].message


def test_external_images_are_dropped_with_a_warning(make_project: MakeProject) -> None:
    root = make_project({"content/10-a.md": "---\ntitle: A\n---\n![x](https://tracker.example/p.gif)\n"})
    site = site_of(root)
    html = str(site.page("a.html").pieces[0].html)  # type: ignore[union-attr]
    assert "tracker.example" not in html
    assert "makes no outside requests" in site.problems[0].message


def test_chapter_slug_equal_to_a_generated_page_is_an_error(make_project: MakeProject) -> None:
    root = make_project({"content/10-goals.md": "---\ntitle: Ziele\n---\nText\n"})
    with pytest.raises(KamdocsError, match="content/10-goals.md:1:1: error: the page name 'goals'"):
        site_of(root)


def test_restricted_chapters_only_for_the_restricted_audience(make_project: MakeProject) -> None:
    root = make_project({"content/10-geheim.md": "---\ntitle: Geheim\naudience: restricted\n---\nText\n"})
    assert "geheim.html" not in [p.url for p in site_of(root).pages]
    assert "geheim.html" in [p.url for p in site_of(root, "restricted").pages]


def test_missing_sections_are_left_out(make_project: MakeProject) -> None:
    site = site_of(make_project())
    assert [p.url for p in site.pages] == ["index.html"]


def test_file_urls_are_errors_naming_file_and_line(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/10-a.md": "---\ntitle: A\n---\nText\n\n![x](file:///etc/passwd)\n\n"
            '<img src="FILE:///dev/urandom">\n',
        }
    )
    with pytest.raises(KamdocsError) as error:
        site_of(root)
    assert [p.format().split(" reads a file")[0] for p in error.value.problems] == [
        "content/10-a.md:6:6: error: 'file:///etc/passwd'",
        "content/10-a.md:8:11: error: 'FILE:///dev/urandom'",
    ]


def test_minimal_home_has_only_the_mission(make_project: MakeProject) -> None:
    home = site_of(make_project()).page("index.html")
    assert [s.anchor for s in home.sections] == ["mission"]
    home = site_of(make_project({"content/10-a.md": "---\ntitle: A\n---\nText\n"}, name="p2")).page("index.html")
    assert [s.anchor for s in home.sections] == ["mission", "contents"]
