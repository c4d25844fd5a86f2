"""Issue 16, privacy: `check` warns where a text the intranet reads names a candidate who is not an appointed KAM."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kamdocs.cli import main
from kamdocs.load.privacy_check import name_pattern
from tests.conftest import MakeProject

CANDIDATES = """\
candidates:
  - {id: c01, name: "Katrin Vogt", ratings: {}}
  - {id: c02, name: "Dr. Jonas Albers", ratings: {}}
  - {id: c03, name: "Anna-Lena Schmidt", ratings: {}}
"""
ACCOUNT = "id: acme\nname: Acme GmbH\nkam: c02\n"


def _check(root: Path) -> Result:
    result = CliRunner().invoke(main, ["check", str(root)])
    assert "Traceback" not in result.output
    return result


def _warnings(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if ": warning: " in line]


@pytest.mark.parametrize(
    "written",
    [
        "Katrin Vogt",
        "Vogt, Katrin",
        "Vogt,Katrin",
        "katrin  vogt",
        "VOGT KATRIN",
        "Katrin\u00a0Vogt",
        "Frau Katrin Vogt",
    ],
)
def test_variants_of_a_candidate_name_are_found(written: str) -> None:
    pattern = name_pattern("Katrin Vogt")
    assert pattern is not None
    assert pattern.search(f"Verantwortlich: {written}.")


@pytest.mark.parametrize("text", ["Katrin Vogtland", "Vogtei Katrin", "Katrin", "Vogt", "Katrina Vogt"])
def test_other_words_are_not_the_name(text: str) -> None:
    pattern = name_pattern("Katrin Vogt")
    assert pattern is not None
    assert not pattern.search(text)


def test_a_one_word_name_is_not_watched() -> None:
    assert name_pattern("Katrin") is None
    assert name_pattern("Dr. Vogt") is None


def test_internal_texts_naming_a_candidate_are_warnings_with_their_place(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/candidates.yaml": CANDIDATES,
            "data/accounts/acme.yaml": ACCOUNT,
            "data/tasks.yaml": "tasks:\n  - id: t\n    title: Pilot\n    owner: 'Vogt,  Katrin'\n"
            "    start: 2027-01-01\n    duration_days: 5\n",
            "content/10-offen.md": "---\ntitle: Offen\n---\n\nDas Team um Anna-Lena  Schmidt plant.\n",
            "content/15-titel.md": "---\ntitle: Interview mit Katrin Vogt\n---\n\nText.\n",
            "content/20-geheim.md": "---\ntitle: Geheim\naudience: restricted\n---\n\nKatrin Vogt: 3 von 5.\n",
        }
    )
    result = _check(root)
    assert result.exit_code == 0, result.output  # warnings: the author decides
    found = _warnings(result)
    assert len(found) == 3, found
    assert found[0].startswith("content/10-offen.md:5:13: warning: the chapter names 'Anna-Lena Schmidt', a candidate")
    assert found[1].startswith(
        "content/15-titel.md:2:22: warning: the chapter's front matter names 'Katrin Vogt', a candidate"
    )
    assert found[2].startswith("data/tasks.yaml:4:12: warning: owner names 'Katrin Vogt', a candidate")
    assert "audience: restricted" in found[2]
    strict = CliRunner().invoke(main, ["check", str(root), "--strict"])
    assert strict.exit_code == 1


def test_the_appointed_kam_and_restricted_texts_are_not_warned_about(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/candidates.yaml": CANDIDATES,
            "data/accounts/acme.yaml": ACCOUNT,
            "content/10-offen.md": "---\ntitle: Offen\n---\n\nKAM für Acme ist Jonas Albers.\n",
            "content/20-geheim.md": "---\ntitle: Geheim\naudience: restricted\n---\n\nKatrin Vogt: 3 von 5.\n",
            "content/30-entwurf.md": "---\ntitle: Entwurf\ndraft: true\n---\n\nKatrin Vogt\n",
        }
    )
    result = _check(root)
    assert result.exit_code == 0, result.output
    assert _warnings(result) == []


def test_the_examples_name_no_candidate_internally() -> None:
    repository = Path(__file__).resolve().parent.parent
    for root in (repository / "kamdocs" / "example" / "de", repository / "kamdocs" / "example" / "en", repository):
        if (root / "kamdocs.yaml").is_file():
            result = _check(root)
            assert not [line for line in _warnings(result) if "a candidate whose assessment" in line], root
