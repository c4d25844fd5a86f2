"""SECURITY rows 27 and 30, theme CSS and chapter links of issue 16: what a project can make the build publish."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.cli import main
from kamdocs.load import load_playbook
from kamdocs.load.mdlimits import MAX_BRACKETS, MAX_BRACKETS_PER_PARAGRAPH, MAX_NESTING, check_complexity
from kamdocs.render.i18n import Catalogue
from kamdocs.render.print_html import PrintBuilder
from kamdocs.render.theme import Theme
from kamdocs.site.active import active_content
from kamdocs.site.assemble import assemble
from tests.conftest import MakeProject
from tests.test_security_e2e import Pdf

SECRET = "kamdocs-secret-27c4"
CHAPTER = "content/20-kapitel.md"


def _build(root: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, ["build", str(root), "--format", "html", "--out", str(root / "site"), *extra])


def _check(root: Path) -> Result:
    return CliRunner().invoke(main, ["check", str(root)])


def _no_secret_below(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and "secret" not in path.as_posix():
            assert SECRET.encode() not in path.read_bytes(), path


# --- row 27: content/assets (or a folder on the way) is a symbolic link ----------------------------


@pytest.mark.parametrize("linked", ["content/assets", "content/assets/sub"])
def test_row27_a_linked_assets_folder_is_refused(make_project: MakeProject, tmp_path: Path, linked: str) -> None:
    outside = tmp_path / "outside-secret"
    outside.mkdir()
    (outside / "passwd").write_text(f"root:x:0:0:{SECRET}\n", encoding="utf-8")
    image = "assets/passwd" if linked == "content/assets" else "assets/sub/passwd"
    root = make_project({CHAPTER: f"---\ntitle: Kapitel\n---\n\n![p]({image})\n"})
    (root / linked).parent.mkdir(parents=True, exist_ok=True)
    (root / linked).symlink_to(outside, target_is_directory=True)
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{CHAPTER}:5:1: error: missing image: '{image}'" in result.output
    assert not (root / "site").exists()
    _no_secret_below(tmp_path)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_row27_assets_linked_to_proc_self_publishes_no_environment(make_project: MakeProject) -> None:
    root = make_project({CHAPTER: "---\ntitle: Kapitel\n---\n\n![e](assets/environ)\n"})
    (root / "content" / "assets").symlink_to("/proc/self", target_is_directory=True)
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert (
        f"{CHAPTER}:5:1: error: missing image: 'assets/environ' is not published: content/assets/ is a symbolic link"
    ) in result.output
    assert not (root / "site").exists()
    # `check` reports the same, so a pull request fails before anything is built.
    checked = _check(root)
    assert checked.exit_code == 1 and "content/assets/ is a symbolic link" in checked.output


def test_row27_a_linked_content_folder_publishes_nothing(make_project: MakeProject, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere-secret"
    (outside / "assets").mkdir(parents=True)
    (outside / "assets" / "x.txt").write_text(SECRET, encoding="utf-8")
    (outside / "20-kapitel.md").write_text("---\ntitle: Kapitel\n---\n\n[x](assets/x.txt)\n", encoding="utf-8")
    root = make_project()
    (root / "content").symlink_to(outside, target_is_directory=True)
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{CHAPTER}: error: this file is a link to a file outside the project folder" in result.output
    assert not (root / "site").exists()
    _no_secret_below(root)


def test_row27_a_linked_folder_inside_assets_pointing_inside_is_still_published(make_project: MakeProject) -> None:
    """The control: a link that stays inside content/assets/ is an ordinary file of the project."""
    root = make_project({CHAPTER: "---\ntitle: Kapitel\n---\n\n![x](assets/alias/ok.svg)\n"})
    (root / "content" / "assets" / "real").mkdir(parents=True)
    (root / "content" / "assets" / "real" / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', encoding="utf-8"
    )
    (root / "content" / "assets" / "alias").symlink_to(root / "content" / "assets" / "real", target_is_directory=True)
    result = _build(root)
    assert result.exit_code == 0, result.output
    assert (root / "site" / "assets" / "real" / "ok.svg").is_file()


# --- links to chapters that are not in the build ----------------------------------------------------


def test_links_to_restricted_chapters_leave_no_file_name(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/10-offen.md": "---\ntitle: Offen\n---\n\nSiehe [Bewertung](50-bewertung-geheim.md#x) "
            "und [dort](./50-bewertung-geheim.md).\n",
            "content/50-bewertung-geheim.md": "---\ntitle: Geheim\naudience: restricted\n---\n\nText.\n",
        }
    )
    result = _build(root)
    assert result.exit_code == 0, result.output
    assert "content/10-offen.md:5:1: warning: broken link: no chapter '50-bewertung-geheim.md'" in result.output
    page = (root / "site" / "offen.html").read_text(encoding="utf-8")
    assert "Bewertung</a>" in page and "dort</a>" in page  # the words stay
    for path in (root / "site").rglob("*"):
        if path.is_file():
            assert b"bewertung-geheim" not in path.read_bytes(), path
    # The restricted build links the chapter.
    restricted = _build(root, "--audience", "restricted")
    assert restricted.exit_code == 0, restricted.output
    assert 'href="bewertung-geheim.html#x"' in (root / "site" / "offen.html").read_text(encoding="utf-8")


# --- row 37: Markdown that would take minutes or overflow the stack --------------------------------


def _nested_list(levels: int) -> str:
    return "\n".join("    " * level + "- x" for level in range(levels))


HOSTILE_MARKDOWN = {
    "nested-list": _nested_list(400),
    "nested-quotes": "\n".join("> " * level + "- x" for level in range(200)),
    "nested-brackets": "[" * 20_000 + "x" + "]" * 20_000 + "(" * 20_000,
    "bracket-triples": "[[[x]]]((( " * 6000,
    "footnote-markers": "[^" * 20_000,
    "images": "![" * 20_000,
    "bracket-paragraphs": "\n\n".join(["[a](b) " * 300] * 40),
    "unclosed-tags": "\n\n".join(["<a " * 300] * 40),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_MARKDOWN))
def test_row37_pathological_markdown_is_refused_before_parsing(make_project: MakeProject, name: str) -> None:
    body = "Einleitung.\n\n" + HOSTILE_MARKDOWN[name] + "\n"
    root = make_project({CHAPTER: f"---\ntitle: Kapitel\n---\n\n{body}"})
    limit = sys.getrecursionlimit()
    result = _check(root)
    assert sys.getrecursionlimit() == limit
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    found = check_complexity(body)
    assert found is not None
    # The line is the chapter file's: the body starts on line 5.
    assert f"{CHAPTER}:{found.line + 4}:1: error: {found.message}" in result.output
    built = _build(root)
    assert built.exit_code == 1 and not (root / "site").exists()


def test_row37_the_limits_name_the_line_and_what_to_write() -> None:
    nested = check_complexity("Text.\n\n" + _nested_list(MAX_NESTING + 5))
    assert nested is not None and nested.line == 2 + MAX_NESTING + 1
    assert f"nested more than {MAX_NESTING} levels" in nested.message and "flatten" in nested.message
    paragraph = check_complexity("a\n\nb\n" + "[x] " * (MAX_BRACKETS_PER_PARAGRAPH + 1))
    assert paragraph is not None and paragraph.line == 3  # where the paragraph starts
    assert "split it with blank lines" in paragraph.message
    chapter = check_complexity("\n\n".join(["[x] " * 100] * (MAX_BRACKETS // 100 + 1)))
    assert chapter is not None and "split it into several chapters" in chapter.message


def test_row37_code_blocks_and_ordinary_prose_are_not_limited() -> None:
    code = "```json\n" + "[" * 50_000 + "\n```\n"
    assert check_complexity(code) is None
    prose = "\n\n".join(["Ein [Link](x.md), ein ![Bild](assets/b.png) und eine Fußnote[^1]. <b>fett</b>"] * 500)
    assert check_complexity(prose) is None
    assert check_complexity(_nested_list(MAX_NESTING)) is None


# --- row 30: active content in content/assets and the logo ------------------------------------------

PLAIN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
HOSTILE_SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("xss")</script></svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
    "foreign-object": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    "external-image": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<image xlink:href="http://169.254.169.254/x.png"/></svg>',
    "javascript-link": '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
    "animated-link": '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="x"/></a></svg>',
    "entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    "style-import": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>',
    "style-url": '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/p)"/></svg>',
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_SVGS))
def test_row30_an_active_svg_is_refused_as_image_and_link(make_project: MakeProject, kind: str) -> None:
    root = make_project(
        {CHAPTER: "---\ntitle: Kapitel\n---\n\n![Bild](assets/evil.svg)\n\n[Datei](./assets/evil.svg)\n"}
    )
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / "evil.svg").write_text(HOSTILE_SVGS[kind], encoding="utf-8")
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{CHAPTER}:5:1: error: missing image: 'assets/evil.svg' is not published: the SVG contains" in result.output
    assert f"{CHAPTER}:7:1: error: broken link: './assets/evil.svg' is not published" in result.output
    assert not (root / "site").exists()


@pytest.mark.parametrize("name", ["seite.htm", "seite.xhtml", "code.js", "bild.svgz", "daten.xml"])
def test_row30_html_and_scripts_in_assets_are_refused(make_project: MakeProject, name: str) -> None:
    root = make_project({CHAPTER: f"---\ntitle: Kapitel\n---\n\n[Datei](assets/{name})\n"})
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / name).write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    result = _build(root)
    assert result.exit_code == 1, result.output
    suffix = Path(name).suffix
    assert (
        f"{CHAPTER}:5:1: error: broken link: 'assets/{name}' is not published: {suffix} files run as web pages"
    ) in result.output


def test_row30_a_logo_with_an_event_handler_is_refused(make_project: MakeProject) -> None:
    config = "title: Test-Playbook\nas_of: 2027-01-01\nbrand:\n  logo: content/assets/logo.svg\n"
    root = make_project({"kamdocs.yaml": config})
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / "logo.svg").write_text(HOSTILE_SVGS["onload"], encoding="utf-8")
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert (
        "kamdocs.yaml:4:9: error: brand.logo: 'content/assets/logo.svg' is not published: "
        "the SVG contains an event handler (onload=…)"
    ) in result.output


def test_row30_plain_svgs_pdfs_and_the_examples_pictures_are_still_published(make_project: MakeProject) -> None:
    """The control: a plain SVG (with '#' references and embedded PNGs), a PDF and every SVG of the examples."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="4" height="4"/>'
        '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/></svg>'
    )
    config = "title: Test-Playbook\nas_of: 2027-01-01\nbrand:\n  logo: content/assets/plain.svg\n"
    root = make_project(
        {
            "kamdocs.yaml": config,
            CHAPTER: "---\ntitle: Kapitel\n---\n\n![a](assets/plain.svg) [b](assets/ok.svg) [c](assets/doc.pdf)\n",
        }
    )
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / "plain.svg").write_text(svg, encoding="utf-8")
    (root / "content" / "assets" / "ok.svg").write_text(PLAIN_SVG, encoding="utf-8")
    (root / "content" / "assets" / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    result = _build(root)
    assert result.exit_code == 0, result.output
    for name in ("assets/plain.svg", "assets/ok.svg", "assets/doc.pdf", "_static/brand-logo.svg"):
        assert (root / "site" / name).is_file(), name
    repository = Path(__file__).resolve().parent.parent
    for path in [*repository.glob("content/assets/*.svg"), *repository.glob("kamdocs/example/*/content/assets/*.svg")]:
        assert active_content(path) is None, path


# --- theme stylesheets that load from outside (row 6 for the website) -------------------------------


@pytest.mark.parametrize(
    ("css", "where"),
    [
        ("body { color: red }\n@import url(http://169.254.169.254/latest/meta-data);\n", "2:9"),
        ('@import "https://evil.example/x.css";\n', "1:1"),
        ("@font-face {\n  font-family: X;\n  src: url('//fonts.example/x.woff2');\n}\n", "3:8"),
        ("a { background: url(file:///etc/passwd) }\n", "1:17"),
    ],
    ids=["import-url", "import-string", "font-face-protocol-relative", "file"],
)
def test_theme_css_loading_from_outside_is_refused(make_project: MakeProject, css: str, where: str) -> None:
    root = make_project({"themes/default/static/css/extra.css": css})
    result = _build(root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"themes/default/static/css/extra.css:{where}: error: the stylesheet loads" in result.output
    assert not (root / "site").exists()


def test_theme_css_with_relative_and_data_urls_is_copied(make_project: MakeProject) -> None:
    css = (
        "/* @import url(http://in-a-comment.example/) */\n"
        "@font-face { src: url(../fonts/x.woff2) }\n"
        "a { background: url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\") }\n"
    )
    root = make_project({"themes/default/static/css/extra.css": css})
    result = _build(root)
    assert result.exit_code == 0, result.output
    assert (root / "site" / "_static" / "css" / "extra.css").read_text(encoding="utf-8") == css


# --- protocol-relative links -------------------------------------------------------------------------


def test_protocol_relative_links_are_dropped_from_site_and_print_layout(make_project: MakeProject) -> None:
    root = make_project(
        {
            CHAPTER: "---\ntitle: Kapitel\n---\n\n[Freigabe](//fileserver/share/plan.xlsx) und [gut](https://example.com/)\n"
        }
    )
    result = _build(root)
    assert result.exit_code == 0, result.output
    assert f"{CHAPTER}:5:1: warning: '//fileserver/share/plan.xlsx' has no scheme; write the address in full" in (
        result.output
    )
    page = (root / "site" / "kapitel.html").read_text(encoding="utf-8")
    assert "fileserver" not in page and "Freigabe</a>" in page and 'href="https://example.com/"' in page
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    view = make_view(playbook, analyse(playbook), "internal")
    handbook = PrintBuilder(assemble(view, Catalogue("de", theme.message_dirs())), theme).handbook_html()
    assert "fileserver" not in handbook and "https://example.com/" in handbook


def test_row30_a_link_to_an_html_file_in_assets_copies_nothing(make_project: MakeProject) -> None:
    """A link ending in .html means a page of the site: it is checked as one and no file is copied."""
    root = make_project({CHAPTER: "---\ntitle: Kapitel\n---\n\n[Datei](assets/seite.html)\n"})
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / "seite.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    result = _build(root)
    assert "broken link: no page 'assets/seite.html' in this build" in result.output
    assert not (root / "site" / "assets" / "seite.html").exists()


@pytest.mark.slow
def test_protocol_relative_links_are_no_file_links_in_the_pdf(make_project: MakeProject) -> None:
    """A `//host/share/x` target would become a file://host/share/x (UNC) link annotation in the PDF."""
    root = make_project(
        {
            CHAPTER: "---\ntitle: Kapitel\n---\n\n[Freigabe](//fileserver/share/plan.xlsx) "
            "[Ordner](\\\\\\\\fileserver\\\\share) [gut](https://example.com/gut)\n"
        }
    )
    result = CliRunner().invoke(main, ["build", str(root), "--format", "pdf", "--out", str(root / "site")])
    assert result.exit_code == 0, result.output
    pdf = Pdf(next((root / "site").glob("*.pdf")))
    assert "Freigabe" in pdf.text and "Ordner" in pdf.text
    assert pdf.uris == ["https://example.com/gut"]
    assert "fileserver" not in pdf.objects and "file:" not in pdf.objects.lower()


def test_the_pdf_may_not_load_from_a_linked_assets_folder(make_project: MakeProject, tmp_path: Path) -> None:
    """Row 27 for the PDF: the fetcher's allowed folders never include a linked folder's target."""
    outside = tmp_path / "outside-secret"
    outside.mkdir()
    root = make_project()
    (root / "content").mkdir(exist_ok=True)
    (root / "content" / "assets").symlink_to(outside, target_is_directory=True)
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    view = make_view(playbook, analyse(playbook), "internal")
    roots = PrintBuilder(assemble(view, Catalogue("de", theme.message_dirs())), theme).allowed_roots()
    assert roots and not any(r == outside.resolve() or r.is_relative_to(outside.resolve()) for r in roots)


def test_each_mention_of_a_refused_target_is_reported_at_its_own_line(make_project: MakeProject) -> None:
    root = make_project(
        {CHAPTER: "---\ntitle: Kapitel\n---\n\n![a](assets/fehlt.png)\n\nText ![b](assets/fehlt.png) und\n"}
    )
    result = _build(root)
    assert f"{CHAPTER}:5:1: warning: missing image: 'assets/fehlt.png' does not exist" in result.output
    assert f"{CHAPTER}:7:1: warning: missing image: 'assets/fehlt.png' does not exist" in result.output
