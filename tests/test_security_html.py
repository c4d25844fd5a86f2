"""SECURITY.md rows 9–14, 20–23 and 25 for the HTML website, each as a test on real builds."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from kamdocs.build import build_project
from kamdocs.errors import KamdocsError
from kamdocs.render.output import MARKER

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """Return a private copy of the repository's example playbook."""
    root = tmp_path / "playbook"
    root.mkdir()
    shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    return root


def output_files(out: Path) -> dict[str, bytes]:
    """Return every file of a build (HTML, search index, sitemap, assets) by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def assert_nowhere(out: Path, *needles: str) -> None:
    for rel, data in output_files(out).items():
        text = data.decode("utf-8", "replace")
        for needle in needles:
            assert needle not in text, f"{needle!r} leaked into {rel}"


def chapter(root: Path, name: str, text: str) -> None:
    (root / "content" / name).write_text(text, encoding="utf-8")


# --- rows 9–11: scripts, handlers, iframes, unsafe links, comments -------------------------------


HOSTILE_MARKDOWN = """---
title: Feindliche Eingaben
weight: 99
---

Harmloser Text mit <script>alert('xss-script')</script> Skript.

<img src="assets/none.png" onerror="alert('xss-onerror')">

<iframe src="https://evil.example/xss-iframe"></iframe>

<div onclick="alert('xss-click')">Klick</div>

[eins](javascript:alert(1)) [zwei](jAvAsCrIpT:alert(2))
[drei](javascript&#58;alert(3)) [vier](data:text/html,xss-data)
<a href="javascript:alert('xss-js4')">fünf</a>

<!-- Müller 2/5 -->

<link rel="attachment" href="../data/candidates.yaml">

Ende des Kapitels.
"""


def test_rows_9_to_11_hostile_markdown_is_sanitized_everywhere(example: Path, tmp_path: Path) -> None:
    chapter(example, "99-feindlich.md", HOSTILE_MARKDOWN)
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    page = (out / "feindlich.html").read_text(encoding="utf-8")
    assert "Harmloser Text mit" in page and "Ende des Kapitels." in page
    assert "Klick" in page and "fünf" in page  # the text stays, only the dangerous parts go
    assert_nowhere(
        out,
        "<script>alert",
        "xss-script",
        "onerror",
        "xss-onerror",
        "<iframe",
        "xss-iframe",
        "onclick",
        "javascript:",
        "jAvAsCrIpT",
        "javascript&#58;",
        "alert(",
        "xss-js4",
        "data:text/html",
        "xss-data",
        "Müller 2/5",
        "<!-- Müller",
        'rel="attachment"',
        "candidates.yaml",
    )


# --- row 12: markup in data is escaped everywhere ---------------------------------------------------

PAYLOAD = '"><img src=x onerror=alert(1)>'


def test_row_12_markup_in_yaml_and_front_matter_is_escaped(example: Path, tmp_path: Path) -> None:
    company = (example / "data" / "company.yaml").read_text(encoding="utf-8")
    company = company.replace("name: ", f"name: '{PAYLOAD} GmbH'\n_old_name: ", 1)
    company = "\n".join(line for line in company.splitlines() if not line.startswith("_old_name"))
    (example / "data" / "company.yaml").write_text(company + "\n", encoding="utf-8")
    account = example / "data" / "accounts" / "alpenmilch.yaml"
    text = account.read_text(encoding="utf-8")
    lines = [f"name: '{PAYLOAD} Molkerei'" if line.startswith("name:") else line for line in text.splitlines()]
    account.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chapter(example, "98-titel.md", f"---\ntitle: '{PAYLOAD} Kapitel'\nweight: 98\n---\n\nText.\n")
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    files = output_files(out)
    assert_nowhere(out, "<img src=x")  # as text (escaped) it may appear, as markup never
    escaped = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
    home = files["index.html"].decode()
    assert escaped + " GmbH" in home  # company name in the header
    assert escaped + " Kapitel" in home  # chapter title in nav and contents
    assert escaped + " Molkerei" in files["accounts/alpenmilch.html"].decode()
    assert escaped + " Molkerei" in files["accounts/index.html"].decode()  # table and portfolio chart text
    index = files["_static/search-index.js"].decode()
    assert "\\u003cimg src=x onerror=alert(1)\\u003e Molkerei" in index


# --- row 13: template syntax in data is shown literally ---------------------------------------------


def test_row_13_template_syntax_is_never_evaluated(example: Path, tmp_path: Path) -> None:
    goals = example / "data" / "goals.yaml"
    text = goals.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    goals.write_text(
        text.replace(first_title, first_title.split("title:")[0] + "title: 'Ziel {{ 7*7 }}'", 1), encoding="utf-8"
    )
    chapter(
        example,
        "97-vorlage.md",
        "---\ntitle: 'Kapitel {{ 7*7 }}'\nweight: 97\n---\n\nText {{ 7*7 }} und {% raw %}x{% endraw %}.\n",
    )
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    goals_page = (out / "goals.html").read_text(encoding="utf-8")
    page = (out / "vorlage.html").read_text(encoding="utf-8")
    assert "Ziel {{ 7*7 }}" in goals_page
    assert "Kapitel {{ 7*7 }}" in page and "Text {{ 7*7 }} und {% raw %}x{% endraw %}." in page
    for rel, data in output_files(out).items():
        assert "Ziel 49" not in data.decode("utf-8", "replace"), rel
        assert "Kapitel 49" not in data.decode("utf-8", "replace"), rel


# --- row 14: a theme cannot read project files ------------------------------------------------------


def test_row_14_theme_include_outside_the_theme_is_template_not_found(example: Path, tmp_path: Path) -> None:
    theme = example / "themes" / "default"
    theme.mkdir(parents=True)
    (theme / "base.html").write_text('{% include "../data/candidates.yaml" %}', encoding="utf-8")
    out = tmp_path / "site"
    with pytest.raises(KamdocsError) as error:
        build_project(example, formats="html", out=out)
    assert "../data/candidates.yaml" in str(error.value)
    assert not out.exists()


# --- row 20: refused output folders ----------------------------------------------------------------


@pytest.mark.parametrize("name", [".", "..", "content", "data", "themes", "~", "content/sub"])
def test_row_20_refuses_dangerous_output_folders(example: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example)
    before = output_files(example)
    with pytest.raises(KamdocsError) as error:
        build_project(example, formats="html", out=Path(name))
    assert "refusing to write the site" in str(error.value)
    assert output_files(example) == before


def test_row_20_refuses_output_dir_from_kamdocs_yaml(example: Path) -> None:
    config = example / "kamdocs.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("output_dir: site", "output_dir: data"), encoding="utf-8"
    )
    with pytest.raises(KamdocsError, match="inside the project's data/ folder"):
        build_project(example, formats="html")


def test_row_20_refuses_a_folder_with_git_or_foreign_files(example: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    with pytest.raises(KamdocsError, match=r"\.git"):
        build_project(example, formats="html", out=repo)
    assert (repo / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(KamdocsError, match=MARKER):
        build_project(example, formats="html", out=foreign)
    assert (foreign / "thesis.docx").read_bytes() == b"precious"
    with pytest.raises(KamdocsError, match="contains the project"):
        build_project(example, formats="html", out=example.parent)
    with pytest.raises(KamdocsError, match="home"):
        build_project(example, formats="html", out=Path.home())


def test_row_20_rebuilds_into_its_own_output_and_an_empty_folder(example: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    build_project(example, formats="html", out=empty)
    assert (empty / MARKER).is_file()
    build_project(example, formats="html", out=empty)  # the marker makes it kamdocs' own folder
    assert (empty / "index.html").is_file()


# --- row 21: a failing build leaves the previous output untouched ------------------------------------


def test_row_21_template_error_on_the_last_page_keeps_the_previous_site(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    before = output_files(out)
    theme = example / "themes" / "default" / "pages"
    theme.mkdir(parents=True)
    (theme / "chapter.html").write_text(
        '{% extends "!default/pages/chapter.html" %}'
        "{% block body %}{% if next is none %}{{ no_such_helper() }}{% endif %}{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    with pytest.raises(KamdocsError, match="template error"):
        build_project(example, formats="html", out=out)
    assert output_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["playbook", "site"]


# --- row 22: Unicode file names and case collisions -------------------------------------------------


def test_row_22_nfd_file_name_is_normalised(example: Path, tmp_path: Path) -> None:
    name = unicodedata.normalize("NFD", "91-Über uns.md")
    chapter(example, name, "---\ntitle: " + unicodedata.normalize("NFD", "Über uns") + "\nweight: 91\n---\n\nText.\n")
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    page = (out / "uber-uns.html").read_text(encoding="utf-8")
    assert "<h1>Über uns</h1>" in page  # NFC in the output
    assert unicodedata.normalize("NFD", "Über") not in page


def test_row_22_case_collision_is_an_error(example: Path, tmp_path: Path) -> None:
    chapter(example, "90-About.md", "---\ntitle: A\n---\n\nA\n")
    chapter(example, "90-about.md", "---\ntitle: B\n---\n\nB\n")
    if len([p for p in (example / "content").iterdir() if p.name.lower() == "90-about.md"]) < 2:
        pytest.skip("case-insensitive file system")
    with pytest.raises(KamdocsError, match="collides"):
        build_project(example, formats="html", out=tmp_path / "site")


# --- row 23: the audience canary --------------------------------------------------------------------

CANARY = "Zebulon Kanarienvogel"
CANARY_CHAPTER = "KANARIEN-KAPITEL-7431"
APPOINTED = "Amalie Kanarienbestellt"
CANARY_IMAGE = b"<svg xmlns='http://www.w3.org/2000/svg'><text>KANARIEN-BILD-7431</text></svg>"


def add_canaries(root: Path) -> None:
    with (root / "data" / "candidates.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n  - id: c99\n"
            f'    name: "{CANARY}"\n'
            '    role: "Kanarien-Rolle-7431"\n'
            "    ratings: {identification: 2, speed: 1}\n"
            '    strengths: ["Kanarien-Stärke-7431"]\n'
            "    development:\n"
            '      - {competency: speed, measure: "Kanarien-Maßnahme-7431", status: open}\n'
            # An appointed KAM is shown by name in every audience (docs/audiences.md#appointed-kams),
            # but nothing of their assessment is.
            "\n  - id: c98\n"
            f'    name: "{APPOINTED}"\n'
            '    role: "Kanarien-KAM-Rolle-7431"\n'
            "    ratings: {identification: 2, speed: 1}\n"
            "    development:\n"
            '      - {competency: speed, measure: "Kanarien-KAM-Maßnahme-7431", status: open}\n'
        )
    (root / "content" / "assets" / "kanarie.svg").write_bytes(CANARY_IMAGE)
    (root / "data" / "accounts" / "kanarien-kunde.yaml").write_text(
        "id: kanarien-kunde\nname: Kanarien-Kunde AG\nkam: c98\nrevenue: 1000\npotential: 5000\n"
        "scores:\n  attractiveness: {growth: 5, volume: 5, profitability: 5, reference: 5, cooperation: 5}\n"
        "  position: {share: 5, satisfaction: 5, relationship: 5, service: 5, proximity: 5}\n",
        encoding="utf-8",
    )
    chapter(
        root,
        "96-vertraulich.md",
        f"---\ntitle: Vertraulich {CANARY_CHAPTER}\nweight: 96\naudience: restricted\n---\n\n"
        f"{CANARY} hat Lücken. {CANARY_CHAPTER}\n\n![Bild](assets/kanarie.svg)\n",
    )


def test_row_23_canary_reaches_no_internal_output_file(example: Path, tmp_path: Path) -> None:
    add_canaries(example)
    internal = tmp_path / "internal"
    build_project(example, formats="html", audience="internal", out=internal)
    files = output_files(internal)
    assert {"index.html", "sitemap.xml", "_static/search-index.js"} <= set(files)
    assert not any(rel.endswith("kanarie.svg") for rel in files)
    assert_nowhere(
        internal,
        CANARY,
        "Zebulon",
        "Kanarienvogel",
        CANARY_CHAPTER,
        "KANARIEN-BILD",
        "Kanarien-Rolle",
        "Kanarien-Stärke",
        "Kanarien-Maßnahme",
        "Kanarien-KAM-Rolle",
        "Kanarien-KAM-Maßnahme",
        "vertraulich.html",
    )
    account = (internal / "accounts" / "kanarien-kunde.html").read_text(encoding="utf-8")
    assert f"Key-Account-Manager: {APPOINTED}" in account  # the candidate id is shown as the name
    # The restricted build is where the canary belongs: proves the test plants it where it would show.
    restricted = tmp_path / "restricted"
    build_project(example, formats="html", audience="restricted", out=restricted)
    everything = b"".join(output_files(restricted).values()).decode("utf-8", "replace")
    for needle in (CANARY, CANARY_CHAPTER, "KANARIEN-BILD", "Kanarien-Maßnahme"):
        assert needle in everything
    for needle in ("Kanarien-KAM-Rolle", "Kanarien-KAM-Maßnahme"):
        assert needle in everything


# --- row 25: drafts are left out ---------------------------------------------------------------------


def test_row_25_draft_chapter_is_in_no_output(example: Path, tmp_path: Path) -> None:
    chapter(
        example, "95-entwurf.md", "---\ntitle: Entwurf ENTWURF-4711\ndraft: true\nweight: 95\n---\n\nENTWURF-4712\n"
    )
    out = tmp_path / "site"
    build_project(example, formats="html", audience="restricted", out=out)
    assert not (out / "entwurf.html").exists()
    assert_nowhere(out, "ENTWURF-4711", "ENTWURF-4712", "entwurf.html")


def test_no_output_file_requests_anything_from_outside(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    for rel, data in output_files(out).items():
        if rel.endswith((".html", ".css", ".js")):
            text = data.decode()
            for pattern in ('src="http', "src='http", 'href="http', "url(http", "@import", "//cdn", "fonts.g"):
                assert pattern not in text, f"{pattern} in {rel}"
    assert sorted(os.listdir(tmp_path)) == ["playbook", "site"]


def test_logo_setting_cannot_publish_a_data_file(example: Path, tmp_path: Path) -> None:
    config = example / "kamdocs.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("logo: content/assets/logo.svg", "logo: data/candidates.yaml"), encoding="utf-8")
    with pytest.raises(KamdocsError, match="brand.logo: 'data/candidates.yaml' must be an image"):
        build_project(example, formats="html", out=tmp_path / "site")
    assert not (tmp_path / "site").exists()
