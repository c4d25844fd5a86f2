"""SECURITY.md rows 15–19: hostile and broken YAML gives a located error, exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kamdocs.cli import main
from kamdocs.load import load_project
from tests.conftest import MakeProject


def check(root: Path) -> Result:
    result = CliRunner().invoke(main, ["check", str(root)])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result


def lines(result: Result) -> list[str]:
    """Return the problem lines without notes and without the summary."""
    return [line for line in result.output.splitlines()[:-1] if ": note: " not in line]


# --- row 15: tags never execute ---------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!python/object/apply:os.system",
    ],
)
def test_python_tags_are_refused_and_nothing_runs(make_project: MakeProject, tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "executed"
    root = make_project({"data/goals.yaml": f'goals:\n  - id: g\n    title: {tag} ["touch {marker}"]\n'})
    result = check(root)
    assert result.exit_code == 1
    assert not marker.exists()
    first_line = lines(result)[0]
    assert first_line.startswith("data/goals.yaml:3:12: error: the tag ")
    assert "is not allowed" in first_line


def test_custom_tag_is_refused(make_project: MakeProject) -> None:
    result = check(make_project({"data/goals.yaml": "goals: !include other.yaml\n"}))
    assert result.exit_code == 1
    assert (
        "data/goals.yaml:1:8: error: the tag '!include' is not allowed; kamdocs files hold plain data "
        "(remove the '!…' before the value)" in result.output
    )


# --- row 16: alias bomb, deep nesting, huge file ----------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused(make_project: MakeProject) -> None:
    result = check(make_project({"data/company.yaml": BILLION_LAUGHS}))
    assert result.exit_code == 1
    assert (
        "data/company.yaml:6:4: error: aliases (*name) expand this file to more than 200,000 values; "
        "write the data out instead of repeating anchors"
    ) in result.output


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * 10_000 + "]" * 10_000 + "\n",
        # Block nesting needs n²/2 bytes of indentation: 1,000 levels stay under the size cap.
        "".join(" " * i + f"k{i}:\n" for i in range(1_000)),
        "x: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
    ],
    ids=["flow-lists", "block-mappings", "flow-mappings"],
)
def test_deep_nesting_is_refused(make_project: MakeProject, text: str) -> None:
    result = check(make_project({"data/goals.yaml": text}))
    assert result.exit_code == 1
    assert "error: nesting is deeper than 64 levels; a playbook file never needs that much" in result.output
    assert lines(result)[0].startswith("data/goals.yaml:")


def test_fifty_megabyte_file_is_refused_without_reading_it(make_project: MakeProject) -> None:
    root = make_project()
    with (root / "data" / "readiness.yaml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the size is what counts
    result = check(root)
    assert result.exit_code == 1
    assert (
        "data/readiness.yaml:1:1: error: the file is 50.0 MB; playbook files are limited to 2 MB — "
        "split it or remove pasted data"
    ) in result.output


# --- row 17: duplicates name both locations ---------------------------------------------------


def test_duplicate_key_names_both_lines(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/readiness.yaml": """
        areas:
          - id: a
            title: A
            criteria:
              - id: c1
                statement: S
                score: 2
                score: 4
        """
        }
    )
    result = check(root)
    assert result.exit_code == 1
    assert (
        "data/readiness.yaml:8:9: error: duplicate key 'score': it is already defined on line 7; "
        "a second value would silently replace the first — keep one of them"
    ) in result.output


def test_duplicate_id_names_both_lines(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/competencies.yaml": """
        competencies:
          - id: speed
            name: Tempo
            required: 3
          - id: speed
            name: Geschwindigkeit
            required: 4
        """
        }
    )
    result = check(root)
    assert result.exit_code == 1
    assert (
        "data/competencies.yaml:5:9: error: duplicate competency id 'speed': already used on line 2; "
        "every competency needs its own id"
    ) in result.output


def test_duplicate_key_and_other_errors_in_one_run(make_project: MakeProject) -> None:
    root = make_project({"data/budget.yaml": "items:\n  - {category: A, year: 2027, amount: -5, year: 2028}\n"})
    assert lines(check(root))[:2] == [
        "data/budget.yaml:2:39: error: amount: -5 is out of range; expected a number of at least 0",
        "data/budget.yaml:2:43: error: duplicate key 'year': it is already defined on line 2, column 19; "
        "a second value would silently replace the first — keep one of them",
    ]


# --- row 18: text stays as written ------------------------------------------------------------


def test_no_0755_and_1_10_stay_text(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/company.yaml": "name: T\ncountries: [NO, DE, on]\nmission: {statement: S}\n",
            "data/accounts/norsk.yaml": """
            id: norsk
            name: 0755
            country: NO
            industry: 1.10
            goals:
              - {title: 1.10, target: 0755, kpi: 1e3}
            """,
        }
    )
    result = load_project(root)
    assert [p for p in result.problems if p.severity.label != "note"] == []
    assert result.playbook is not None
    assert result.playbook.company.countries == ("NO", "DE", "on")
    account = result.playbook.accounts[0]
    assert (account.name, account.country, account.industry) == ("0755", "NO", "1.10")
    goal = account.goals[0]
    assert (goal.title, goal.target, goal.kpi) == ("1.10", "0755", "1e3")


def test_boolean_where_text_is_expected_is_a_schema_error(make_project: MakeProject) -> None:
    result = check(make_project({"data/accounts/a.yaml": "id: a\nname: true\n"}))
    assert result.exit_code == 1
    assert "data/accounts/a.yaml:2:7: error: name: expected text, got true; put the value in quotes" in result.output


READINESS = """\
scale: {min: 1, max: 5}
areas:
  - id: strategy
    title: Strategie
    criteria:
      - {id: a, statement: Ziele, score: true, target: 4}
      - {id: b, statement: Kriterien, weight: abc, score: 2}
      - {id: c, statement: Prozesse, score: 3, target: 9}
  - id: data
    title: Daten
    criteria:
      - {id: d, statement: CRM, score: 7}
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "data/readiness.yaml": "areas:\n  - id: s\n    title: S\n    criteria:\n"
                "      - id: a\n        statement: X\n        score: true\n"
            },
            "data/readiness.yaml:7:16: error: score: expected a number, got true; true and false are no numbers",
        ),
        (
            {"data/readiness.yaml": "areas:\n  - id: s\n    title: S\n    weight: false\n"},
            "data/readiness.yaml:4:13: error: weight: expected a number, got false;",
        ),
    ],
    ids=["score-true", "weight-false"],
)
def test_boolean_where_a_number_is_expected_is_an_error(
    make_project: MakeProject, files: dict[str, str], expected: str
) -> None:
    """Issue 16: pydantic would read ``true`` as 1; a score of true is a typo, not a 1."""
    result = check(make_project(files))
    assert result.exit_code == 1
    assert expected in result.output


def test_type_and_range_errors_of_one_file_are_reported_together(make_project: MakeProject) -> None:
    """Issue 16: the criteria with a type error are left out, the others are still checked in the same run."""
    result = check(make_project({"data/readiness.yaml": READINESS}))
    assert result.exit_code == 1
    found = lines(result)
    assert any(line.startswith("data/readiness.yaml:6:42: error: score: expected a number, got true") for line in found)
    assert any(
        line.startswith("data/readiness.yaml:7:47: error: weight: expected a number, got 'abc'") for line in found
    )
    assert any(line.startswith("data/readiness.yaml:8:56: error: target 9 is outside the scale 1–5") for line in found)
    assert any(line.startswith("data/readiness.yaml:12:40: error: score 7 is outside the scale 1–5") for line in found)


@pytest.mark.parametrize(
    ("rel", "content", "expected"),
    [
        ("data/company.yaml", "name: T\nmission:\n  statement: Wir\x00 wachsen\n", "data/company.yaml:3:17:"),
        ("content/10-ziele.md", "---\ntitle: Ziele\nweight: 1\x00\n---\nText\n", "content/10-ziele.md:3:10:"),
    ],
)
def test_a_nul_byte_is_reported_at_its_line(make_project: MakeProject, rel: str, content: str, expected: str) -> None:
    result = check(make_project({rel: content}))
    assert result.exit_code == 1
    assert f"{expected} error: invalid YAML: the control character U+0000 is not allowed; delete it" in result.output


# --- row 19: tabs, unclosed quotes, invalid UTF-8 ---------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "name: T\nmission:\n\tstatement: S\n",
            "data/company.yaml:3:1: error: a tab character is used for indentation; YAML indentation must use spaces",
        ),
        (
            "name: T\nmission:\n  \tstatement: S\n",
            "data/company.yaml:3:3: error: a tab character is used for indentation; YAML indentation must use spaces",
        ),
        (
            'name: "T\nmission:\n  statement: S\n',
            "data/company.yaml:1:7: error: a quoted text is never closed; add the closing quote",
        ),
        (
            "name: T\nmission:\n  statement: 'it''s\n",
            "data/company.yaml:3:14: error: a quoted text is never closed; add the closing quote",
        ),
        (
            b"name: M\xfcller GmbH\nmission:\n  statement: S\n",
            "data/company.yaml:1:8: error: the file is not valid UTF-8 (byte 0xfc); save it as UTF-8",
        ),
        (
            b"name: T\nmission:\n  statement: \xe2\x82\n",
            "data/company.yaml:3:14: error: the file is not valid UTF-8 (byte 0xe2); save it as UTF-8",
        ),
    ],
    ids=["tab", "space-then-tab", "unclosed-double", "unclosed-single", "latin1", "truncated-utf8"],
)
def test_broken_files_give_file_line_col_and_exit_1(
    make_project: MakeProject, content: str | bytes, expected: str
) -> None:
    result = check(make_project({"data/company.yaml": content}))
    assert result.exit_code == 1
    assert lines(result) == [expected]


def test_broken_chapter_front_matter_is_located_in_the_chapter(make_project: MakeProject) -> None:
    root = make_project({"content/10-ziele.md": "---\ntitle: 'Ziele\nweight: 1\n---\nText\n"})
    result = check(root)
    assert result.exit_code == 1
    assert "content/10-ziele.md:2:8: error: a quoted text is never closed; add the closing quote" in result.output


# --- links out of the project (cf. row 3 for assets) ------------------------------------------


def test_data_file_linking_outside_the_project_is_refused(make_project: MakeProject, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: SECRET-TOKEN\nmission: {statement: SECRET-TOKEN}\n")
    root = make_project({"data/goals.yaml": "goals: []\n"})
    (root / "data" / "company.yaml").unlink()
    (root / "data" / "company.yaml").symlink_to(secret)
    (root / "content").mkdir()
    (root / "content" / "10-x.md").symlink_to(secret)
    result = check(root)
    assert result.exit_code == 1
    assert "SECRET-TOKEN" not in result.output
    message = (
        "error: this file is a link to a file outside the project folder; kamdocs reads only files "
        "inside the project — copy the file into the project instead"
    )
    assert lines(result) == [f"content/10-x.md: {message}", f"data/company.yaml: {message}"]
    assert load_project(root).playbook is None


def test_links_inside_the_project_are_fine(make_project: MakeProject) -> None:
    root = make_project({"shared/goals.yaml": "goals: []\n"})
    (root / "data" / "goals.yaml").symlink_to(root / "shared" / "goals.yaml")
    assert check(root).exit_code == 0
