"""Theme label files go through the guarded YAML reader: a broken one is `path:line:col: error:`, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from kamdocs.errors import KamdocsError
from kamdocs.render.i18n import Catalogue, read_labels, shown_path
from tests.conftest import MakeProject

LABELS = "themes/default/messages/de.yaml"
CHAPTER = {"content/10-text.md": "---\ntitle: Text\n---\nEin Absatz.\n"}
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)

BAD_FILES: dict[str, tuple[str | bytes, str]] = {
    "unclosed quote": (
        'site.menu: "Menü\nsite.search: Suche\n',
        f"{LABELS}:1:12: error: ",
    ),
    "a list": ("- site.menu\n- Menü\n", f"{LABELS}:1:1: error: a label file holds 'key: text' lines"),
    "python tag": (
        "site.menu: !!python/object/apply:os.system ['echo owned']\n",
        f"{LABELS}:1:12: error: the tag '!!python/object/apply:os.system' is not allowed",
    ),
    "invalid UTF-8": (b"site.menu: Men\xfc\n", f"{LABELS}:1:15: error: the file is not valid UTF-8 (byte 0xfc)"),
    "alias bomb": (ALIAS_BOMB, f"{LABELS}:"),
    "a mapping as label": ("site.menu:\n  de: Menü\n", f"{LABELS}:2:3: error: the label 'site.menu' must be a text"),
    "duplicate key": (
        "site.menu: Menü\nsite.menu: Menu\n",
        f"{LABELS}:2:1: error: duplicate key 'site.menu'",
    ),
}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_broken_theme_label_file_is_a_located_error(
    make_project: MakeProject, tmp_path: Path, case: str, command: str
) -> None:
    content, expected = BAD_FILES[case]
    root = make_project({**CHAPTER, LABELS: content})
    out = tmp_path / "site"
    args = [command, str(root)] + (["--format", "html", "--out", str(out)] if command == "build" else [])
    code, output = _run(*args)
    assert code == 1
    errors = [line for line in output.splitlines() if ": error: " in line]
    assert errors and all(line.startswith(f"{LABELS}:") for line in errors), output
    assert any(line.startswith(expected) for line in errors), output
    assert not out.exists()  # nothing half-built


def test_the_alias_bomb_is_refused_before_it_expands(make_project: MakeProject) -> None:
    root = make_project({LABELS: ALIAS_BOMB})  # 10^9 items once expanded
    with pytest.raises(KamdocsError) as caught:
        read_labels(root / LABELS)
    assert "alias" in caught.value.problems[0].message


def test_a_label_file_linking_out_of_the_theme_is_refused(make_project: MakeProject, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("site.menu: geheim\n", encoding="utf-8")
    root = make_project({"themes/default/messages/.keep": ""})
    (root / LABELS).symlink_to(secret)
    with pytest.raises(KamdocsError) as caught:
        Catalogue("de", (root / "themes" / "default" / "messages",))
    assert caught.value.problems[0].format().startswith(f"{LABELS}:1:1: error: this file is a link to a file outside")


def test_good_theme_labels_override_and_an_edit_is_read_again(make_project: MakeProject) -> None:
    root = make_project({LABELS: "site.menu: Navigation\nsite.extra: 1.10\n"})
    folder = root / "themes" / "default" / "messages"
    labels = Catalogue("de", (folder,))
    assert labels("site.menu") == "Navigation"
    assert labels("site.extra") == "1.10"  # as written, not the number 1.1
    assert labels("site.search") == "Suche"  # the built-in label where the theme has none
    (root / LABELS).write_text("site.menu: Inhalt und Navigation\n", encoding="utf-8")
    assert Catalogue("de", (folder,))("site.menu") == "Inhalt und Navigation"


def test_paths_are_shown_as_their_author_knows_them(tmp_path: Path) -> None:
    assert shown_path(tmp_path / "p" / "themes" / "corp" / "messages" / "en.yaml") == "themes/corp/messages/en.yaml"
    from kamdocs.render.i18n import MESSAGE_DIR

    assert shown_path(MESSAGE_DIR / "de.charts.yaml") == "kamdocs/render/messages/de.charts.yaml"
