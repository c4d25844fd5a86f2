"""Pydantic errors become located problems that say what to write instead."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kamdocs.errors import Severity
from kamdocs.load import load_project
from kamdocs.load.validate import validate
from kamdocs.load.yamlio import parse
from kamdocs.model import Account, Company, Readiness, TaskPlan
from tests.conftest import MakeProject


def messages(model: type, text: str) -> list[str]:
    value, problems = validate(model, parse(text), "data/x.yaml")
    assert value is None
    return [p.format() for p in problems]


def test_valid_data_gives_the_model() -> None:
    value, problems = validate(Company, parse("name: ACME\nmission: {statement: Wir}\n"), "data/company.yaml")
    assert problems == []
    assert value is not None and value.mission.statement == "Wir"


def test_misspelt_key_gets_did_you_mean() -> None:
    assert messages(Company, "name: A\nmission:\n  statment: S\n") == [
        "data/x.yaml:2:1: error: missing required key 'statement' (the mission statement)",
        "data/x.yaml:3:3: error: unknown key 'statment'; did you mean 'statement'?",
    ]


def test_unknown_key_lists_the_allowed_keys() -> None:
    assert messages(Readiness, "zzz: 1\n") == ["data/x.yaml:1:1: error: unknown key 'zzz'; allowed keys: scale, areas"]


def test_missing_key_in_a_list_item_points_at_the_item() -> None:
    assert messages(TaskPlan, "tasks:\n  - id: a\n    start: 2027-01-01\n") == [
        "data/x.yaml:2:5: error: missing required key 'title' (what is to be done)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: a\nname: A\nclassification: D\n",
            "data/x.yaml:3:17: error: classification: 'D' is not allowed; expected 'A', 'B' or 'C'",
        ),
        (
            "id: a\nname: A\nattractiveness: [{criterion: W, score: 11}]\n",
            "data/x.yaml:3:40: error: score: 11 is out of range; expected a number from 1 to 10",
        ),
        (
            "id: a\nname: A\npotential: 0\n",
            "data/x.yaml:3:12: error: potential: 0 is out of range; expected a number greater than 0",
        ),
        (
            "id: a\nname: A\nrevenue: -1\n",
            "data/x.yaml:3:10: error: revenue: -1 is out of range; expected a number of at least 0",
        ),
        (
            "id: a\nname: A\nrevenue: 1e308\n",
            "data/x.yaml:3:10: error: revenue: 1e308 is out of range; expected a number of at most "
            "1,000,000,000,000,000",
        ),
        (
            "id: a\nname: A\nposition: [{criterion: W, score: 5, weight: 1e9}]\n",
            "data/x.yaml:3:45: error: weight: 1e9 is out of range; expected a number of at most 1,000,000",
        ),
        (
            "id: Acme AG\nname: A\n",
            "data/x.yaml:1:5: error: id: 'Acme AG' is not a valid id; use lower-case letters, digits, '-' and '_' "
            "(e.g. 'key_accounts')",
        ),
        ("id: a\nname: A\nrevenue: viel\n", "data/x.yaml:3:10: error: revenue: expected a number, got 'viel'"),
        ("id: a\nname: A\nrevenue: .inf\n", "data/x.yaml:3:10: error: revenue: expected a finite number, got .inf"),
        (
            "id: a\nname: A\nmission_agreed: vielleicht\n",
            "data/x.yaml:3:17: error: mission_agreed: expected true or false, got 'vielleicht'",
        ),
        ("id: a\nname:\n", "data/x.yaml:2:6: error: name: a value is required here; write the text after the ':'"),
        ("id: a\nname: ''\n", "data/x.yaml:2:7: error: name: must not be empty"),
        (
            "id: a\nname: A\ngoals: {title: x}\n",
            "data/x.yaml:3:8: error: goals: expected a list ('- item' lines or [a, b]), got a mapping",
        ),
        (
            "id: a\nname: A\ncontacts: [Hans]\n",
            "data/x.yaml:3:12: error: contacts (item 1): expected a mapping of 'key: value' lines, got 'Hans'",
        ),
        (
            "id: a\nname: A\nactions: [{title: T, due: 2027-02-30}]\n",
            "data/x.yaml:3:27: error: due: '2027-02-30' is not a valid date; write it as YYYY-MM-DD, e.g. 2027-03-31",
        ),
        (
            "id: a\nname: A\nactions: [{title: T, due: 31.03.2027}]\n",
            "data/x.yaml:3:27: error: due: expected a date written as YYYY-MM-DD, e.g. 2027-03-31",
        ),
        (
            "id: a\nname: A\nactions: [{title: T, due: 20270331}]\n",
            "data/x.yaml:3:27: error: due: expected a date written as YYYY-MM-DD, e.g. 2027-03-31",
        ),
    ],
)
def test_account_value_errors(text: str, expected: str) -> None:
    assert messages(Account, text) == [expected]


def test_dict_key_of_the_wrong_type_points_at_the_key() -> None:
    assert messages(Readiness, "scale: {labels: {x: a}}\n") == [
        "data/x.yaml:1:18: error: labels: the key 'x' must be a whole number"
    ]


def test_whole_number_expected() -> None:
    assert messages(Readiness, "areas: [{id: a, title: A, criteria: [{id: c, statement: s, score: 2.5}]}]\n") == [
        "data/x.yaml:1:67: error: score: expected a whole number, got 2.5"
    ]


def test_config_errors(make_project: MakeProject) -> None:
    root = make_project({"kamdocs.yaml": "title: T\nlanguage: fr\nformats: [html, epub]\ncurrency: euro\n"})
    assert [p.format() for p in load_project(root).problems if p.severity is Severity.ERROR] == [
        "kamdocs.yaml:2:11: error: language: 'fr' is not allowed; expected 'de' or 'en'",
        "kamdocs.yaml:3:17: error: formats (item 2): 'epub' is not allowed; expected 'html' or 'pdf'",
        "kamdocs.yaml:4:11: error: currency: 'euro' does not have the expected form "
        "(ISO 4217 currency code of all money values)",
    ]


def test_front_matter_errors_are_located_in_the_chapter(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/10-ziele.md": "---\ntitle: Ziele\naudience: secret\ntitel: x\n---\nText\n",
            "content/20-ohne.md": "Kein Front Matter\n",
        }
    )
    assert [p.format() for p in load_project(root).problems if p.severity is Severity.ERROR] == [
        "content/10-ziele.md:3:11: error: audience: 'secret' is not allowed; expected 'internal' or 'restricted'",
        "content/10-ziele.md:4:1: error: unknown key 'titel'; did you mean 'title'?",
        "content/20-ohne.md:1:1: error: a chapter must start with front matter: a line '---', 'title: …', and '---'",
    ]


# --- SECURITY row 22: file names --------------------------------------------------------------


def test_nfd_file_names_are_nfc_normalised(make_project: MakeProject) -> None:
    nfd = unicodedata.normalize("NFD", "content/10-Über.md")
    root = make_project({nfd: "---\ntitle: Über uns\n---\nText\n"})
    result = load_project(root)
    assert result.playbook is not None
    chapter = result.playbook.chapters[0]
    assert chapter.source == unicodedata.normalize("NFC", "content/10-Über.md")
    assert chapter.slug == "uber"


def test_case_collision_of_chapter_files_is_an_error(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "content/10-About.md": "---\ntitle: A\n---\n",
            "content/20-about.md": "---\ntitle: B\n---\n",
        }
    )
    if not (root / "content" / "20-about.md").exists() or len(list((root / "content").iterdir())) < 2:
        pytest.skip("case-insensitive file system")
    errors = [p.format() for p in load_project(root).problems if p.severity is Severity.ERROR]
    assert errors == [
        "content/20-about.md:1:1: error: this chapter's page name 'about' collides with content/10-About.md; "
        "rename one of the files (names differing only in case or accents clash on Windows and macOS)"
    ]


def test_nfc_and_nfd_twins_collide(make_project: MakeProject) -> None:
    root = make_project(
        {
            unicodedata.normalize("NFD", "content/10-Über.md"): "---\ntitle: A\n---\n",
            unicodedata.normalize("NFC", "content/20-über.md"): "---\ntitle: B\n---\n",
        }
    )
    errors = [p.format() for p in load_project(root).problems if p.severity is Severity.ERROR]
    assert errors == [
        "content/20-über.md:1:1: error: this chapter's page name 'uber' collides with content/10-Über.md; "
        "rename one of the files (names differing only in case or accents clash on Windows and macOS)"
    ]
