"""SECURITY rows 27 and 37 and the chapter links of issue 16: what a chapter can make the build publish."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kamdocs.cli import main
from kamdocs.load.mdlimits import MAX_BRACKETS, MAX_BRACKETS_PER_PARAGRAPH, MAX_NESTING, check_complexity
from tests.conftest import MakeProject

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
    assert "Traceback" not in result.output
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
