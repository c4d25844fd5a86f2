"""Theme overrides: templates and static files by path, extending the replaced template, labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.build import build_project
from kamdocs.errors import KamdocsError
from kamdocs.render.theme import Theme, brand_palette
from kamdocs.resources import builtin_theme_dir
from tests.conftest import MakeProject

BUILTIN = builtin_theme_dir().resolve()


def test_template_origin_project_first_then_builtin(make_project: MakeProject) -> None:
    root = make_project(
        {
            "kamdocs.yaml": "title: T\ntheme: corporate\n",
            "themes/corporate/base.html": '{% extends "!default/base.html" %}',
            "themes/corporate/sections/swot.html": "<p>eigene SWOT</p>",
        }
    )
    env = Theme.for_project(root, "corporate").environment()
    project = (root / "themes" / "corporate").resolve()
    assert Path(env.get_template("base.html").filename or "") == project / "base.html"
    assert Path(env.get_template("sections/swot.html").filename or "") == project / "sections" / "swot.html"
    assert Path(env.get_template("page.html").filename or "") == BUILTIN / "page.html"
    assert Path(env.get_template("!default/base.html").filename or "") == BUILTIN / "base.html"
    assert Path(env.get_template("components/ui.html").filename or "") == BUILTIN / "components" / "ui.html"


def test_override_extends_the_template_it_replaces(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "kamdocs.yaml": "title: T\ntheme: corporate\n",
            "themes/corporate/base.html": (
                '{% extends "!default/base.html" %}\n{% block head %}<meta name="corporate" content="ja">{% endblock %}'
            ),
            "themes/corporate/static/css/kamdocs.css": "body { color: #123456; }\n",
            "themes/corporate/static/img/extra.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "themes/corporate/messages/de.yaml": 'site.section.mission: "Unser Auftrag"\n',
        }
    )
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta name="corporate" content="ja">' in home
    assert 'class="topbar"' in home  # the rest of the built-in layout is still there
    assert "Unser Auftrag" in home and "KAM-Mission" not in home
    assert (out / "_static/css/kamdocs.css").read_text() == "body { color: #123456; }\n"
    assert (out / "_static/js/kamdocs.js").read_bytes() == (BUILTIN / "static/js/kamdocs.js").read_bytes()
    assert (out / "_static/img/extra.svg").is_file()


def test_project_folder_named_default_overrides_the_builtin_theme(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"themes/default/partials/nav.html": "<p>EIGENE NAVIGATION</p>"})
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    assert "EIGENE NAVIGATION" in (out / "index.html").read_text(encoding="utf-8")


def test_unknown_theme_is_a_clear_error(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"kamdocs.yaml": "title: T\ntheme: fehlt\n"})
    with pytest.raises(KamdocsError, match="theme 'fehlt' not found: create themes/fehlt/"):
        build_project(root, formats="html", out=tmp_path / "site")


def test_every_template_is_autoescaped_whatever_its_ending(make_project: MakeProject) -> None:
    root = make_project({"themes/default/partials/custom.txt": "{{ value }}"})
    env = Theme.for_project(root, "default").environment()
    assert env.get_template("partials/custom.txt").render(value="<b>") == "&lt;b&gt;"


def test_brand_colour_becomes_custom_properties(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"kamdocs.yaml": 'title: T\nbrand: {primary_color: "#AA0000"}\n'})
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    assert "--brand:#aa0000;--brand-strong:#800000;" in (out / "index.html").read_text(encoding="utf-8")
    assert brand_palette(None)["--brand"] == "#1f5fa8"


def test_template_errors_name_the_theme_file_and_line(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"themes/default/sections/home_mission.html": "<p>\n{{ pb.company.no_such_field.x }}\n</p>\n"})
    with pytest.raises(KamdocsError) as error:
        build_project(root, formats="html", out=tmp_path / "site")
    assert str(error.value).startswith(
        "themes/default/sections/home_mission.html:2:1: error: template error while writing index.html: "
    )
    root = make_project({"themes/default/pages/home.html": '{% extends "page.html" %}\n{{ oops( }}\n'}, name="syntax")
    with pytest.raises(KamdocsError, match=r"^themes/default/pages/home.html:2:1: error: template error"):
        build_project(root, formats="html", out=tmp_path / "site2")
