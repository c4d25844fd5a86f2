"""Round-trip YAML editing: only edited lines change, whatever ruamel would reformat elsewhere."""

from __future__ import annotations

from pathlib import Path

from kamdocs.excel.yamledit import Document, merge

ODD = """\
# comment at the top
title: "quoted"   # trailing comment
folded: >-
    indented four
    spaces
list:
- id: a          # dash at the parent's column
  score: 1
- id: b
  score: 2
flow: {x: 1, y: "two"}
plain: this text
  continues here
"""


def load(tmp_path: Path, text: str, name: str = "f.yaml") -> Document:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return Document(path, name)


def test_unedited_document_renders_the_original_bytes(tmp_path: Path) -> None:
    doc = load(tmp_path, ODD)
    assert doc.render() == ODD


def test_an_edit_changes_only_its_line_even_where_ruamel_would_reformat(tmp_path: Path) -> None:
    doc = load(tmp_path, ODD)
    doc.data["list"][1]["score"] = 5
    doc.data["flow"]["x"] = 3
    expected = ODD.replace("  score: 2", "  score: 5").replace("{x: 1,", "{x: 3,")
    assert doc.render() == expected


def test_an_edit_inside_a_reformatted_region_falls_back_to_correct_data(tmp_path: Path) -> None:
    doc = load(tmp_path, ODD)
    doc.data["plain"] = "new text"
    text = doc.render()
    assert "plain: new text\n" in text
    assert text.startswith('# comment at the top\ntitle: "quoted"   # trailing comment\n')


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    text = "\ufeffa: 1\r\nb: [x, y]   # c\r\n"
    doc = load(tmp_path, text)
    doc.data["a"] = 2
    assert doc.render() == "\ufeffa: 2\r\nb: [x, y]   # c\r\n"


def test_missing_file_starts_empty(tmp_path: Path) -> None:
    doc = Document(tmp_path / "new.yaml", "new.yaml")
    doc.data["tasks"] = [{"id": "a", "title": "A"}]
    assert doc.render() == "tasks:\n  - id: a\n    title: A\n"


def test_merge_applies_insertions_and_replacements() -> None:
    original = "a: 1   # one\nb:\n- x\n"
    before = "a: 1   # one\nb:\n  - x\n"
    after = "a: 2   # one\nz: 0\nb:\n  - x\n"
    assert merge(original, before, after) == "a: 2   # one\nz: 0\nb:\n- x\n"
    # a change on a line that ruamel reformatted cannot be patched: ruamel's text is returned
    assert merge(original, before, "a: 1   # one\nb:\n  - y\n") == "a: 1   # one\nb:\n  - y\n"
