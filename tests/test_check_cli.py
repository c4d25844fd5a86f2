"""`kamdocs check [DIR] [--strict]`: output, summary and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from kamdocs.errors import Problem, Severity, count_summary
from tests.conftest import MakeProject

WARNING_ONLY = {
    "data/tasks.yaml": """
        tasks:
          - {id: f, title: F, start: 2027-01-01, due: 2027-01-09}
          - {id: g, title: G, depends_on: [f], start: 2027-01-09, duration_days: 3}
        """,
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_clean_project_exits_0_with_summary(make_project: MakeProject) -> None:
    code, output = run(str(make_project()))
    assert code == 0
    assert output.splitlines()[-1] == "0 errors, 0 warnings (8 notes)"


def test_errors_exit_1_and_summary_counts_files(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/company.yaml": "name: T\nmission: {statement: S}\nmision: x\n",
            "data/goals.yaml": "goals:\n  - {id: g, title: G}\n  - {id: g, title: H}\n",
            **WARNING_ONLY,
        }
    )
    code, output = run(str(root))
    assert code == 1
    problems = [line for line in output.splitlines() if ": note: " not in line]
    assert problems == [
        "data/company.yaml:3:1: error: unknown key 'mision'; did you mean 'mission'?",
        "data/goals.yaml:3:10: error: duplicate goal id 'g': already used on line 2; every goal needs its own id",
        "data/tasks.yaml:3:47: warning: task 'g' starts on 2027-01-09, on or before 2027-01-09, when 'f' "
        "(which it depends on) is due; start on 2027-01-10 or later, or leave out start",
        "2 errors, 1 warning in 3 files (6 notes)",
    ]


def test_warnings_pass_unless_strict(make_project: MakeProject) -> None:
    root = make_project(WARNING_ONLY)
    code, output = run(str(root))
    assert code == 0
    assert output.splitlines()[-1] == "0 errors, 1 warning in 1 file (7 notes)"
    code, output = run(str(root), "--strict")
    assert code == 1
    assert output.splitlines()[-1] == "0 errors, 1 warning in 1 file (7 notes)"


def test_notes_do_not_fail_strict(make_project: MakeProject) -> None:
    assert run(str(make_project()), "--strict")[0] == 0


def test_default_directory_is_the_current_one(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_project())
    assert run()[0] == 0


def test_folder_without_kamdocs_yaml(tmp_path: Path) -> None:
    code, output = run(str(tmp_path))
    assert code == 1
    assert output.splitlines()[0] == (
        f"kamdocs.yaml: error: no kamdocs.yaml in {tmp_path}; run 'kamdocs init {tmp_path}' to start a "
        "playbook, or pass the folder that contains kamdocs.yaml"
    )


@pytest.mark.parametrize("args", [["--bogus"], ["a", "b"], ["/does/not/exist"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, output = run(*args)
    assert code == 2
    assert "Usage: " in output


def test_a_file_instead_of_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "kamdocs.yaml").write_text("title: T\n")
    code, output = run(str(tmp_path / "kamdocs.yaml"))
    assert code == 2
    assert "is a file" in output


def test_unreadable_yaml_never_shows_a_traceback(make_project: MakeProject) -> None:
    root = make_project({"kamdocs.yaml": b"\xff\xfe t\x00i\x00", "data/company.yaml": "- a\n- b\n"})
    code, output = run(str(root))
    assert code == 1
    assert [line for line in output.splitlines() if ": note: " not in line][:2] == [
        "data/company.yaml:1:1: error: expected a mapping of 'key: value' lines at the top level",
        "kamdocs.yaml:1:1: error: the file is not valid UTF-8 (byte 0xff); save it as UTF-8",
    ]


def test_count_summary_wording() -> None:
    def p(path: str, severity: Severity) -> Problem:
        return Problem(path, 1, 1, severity, "m")

    assert count_summary([]) == "0 errors, 0 warnings"
    assert count_summary([p("a", Severity.ERROR), p("a", Severity.ERROR), p("b", Severity.WARNING)]) == (
        "2 errors, 1 warning in 2 files"
    )
    assert count_summary([p("a", Severity.ERROR), p("b", Severity.NOTE)]) == "1 error, 0 warnings in 1 file (1 note)"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_shipped_examples_check_cleanly(lang: str) -> None:
    from kamdocs.resources import example_dir

    code, output = run(str(example_dir(lang)), "--strict")
    assert output.splitlines() == ["0 errors, 0 warnings"]
    assert code == 0


def test_unreadable_folder_is_a_located_error(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({"content/10-a.md": "---\ntitle: A\n---\n"})
    real_iterdir = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self.name == "content":
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    code, output = run(str(root))
    assert code == 1
    assert "content: error: cannot read the folder: Permission denied" in output.splitlines()


def test_a_folder_or_broken_link_named_like_an_account_is_a_warning(make_project: MakeProject) -> None:
    root = make_project({"data/accounts/acme.yaml": "id: acme\nname: ACME AG\n"})
    (root / "data" / "accounts" / "beta.yaml").mkdir()
    (root / "data" / "accounts" / "gone.yaml").symlink_to(root / "data" / "accounts" / "missing.yaml")
    code, output = run(str(root))
    assert code == 0
    assert (
        "data/accounts/beta.yaml: warning: this is not a file (a folder or a broken link), so it is no "
        "account; write each account into a file data/accounts/<id>.yaml" in output
    )
    assert "data/accounts/gone.yaml: warning: this is not a file" in output


def test_markdown_in_a_subfolder_of_content_is_a_warning(make_project: MakeProject) -> None:
    root = make_project(
        {"content/teil1/10-ziele.md": "---\ntitle: Ziele\n---\nText\n", "content/assets/readme.md": "images only\n"}
    )
    code, output = run(str(root))
    assert code == 0
    assert (
        "content/teil1/10-ziele.md:1:1: warning: chapters are read from content/ itself, not from "
        "subfolders; move it to content/10-ziele.md to make it a chapter" in output
    )
    assert "assets/readme.md" not in output


def test_check_reports_chapter_components_and_links_without_building(make_project: MakeProject) -> None:
    """A misspelt component or a broken link is found by `check`, not first by `build`."""
    root = make_project(
        {
            "content/10-ziele.md": """
            ---
            title: Ziele
            ---
            Siehe [Mission](20-mission.md).

            {{< kpi_tabel >}}
            """,
        }
    )
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "content/10-ziele.md:4:1: warning: broken link: no chapter '20-mission.md'" in result.output
    assert "content/10-ziele.md:6:1: error: unknown component 'kpi_tabel'; did you mean 'kpi_table'?" in result.output
    assert not (root / "site").exists()


def test_report_fails_like_check_on_a_chapter_error(make_project: MakeProject) -> None:
    root = make_project({"content/10-ziele.md": "---\ntitle: Ziele\n---\n{{< gantt_chart >}}\n"})
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(root)])
    reported = runner.invoke(main, ["report", str(root), "--json"])
    assert checked.exit_code == reported.exit_code == 1
    message = "content/10-ziele.md:4:1: error: unknown component 'gantt_chart'"
    assert message in checked.output
    assert message in reported.output
    assert "{" not in reported.stdout  # no partial report


def test_an_empty_current_folder_names_no_made_up_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16: there is no kamdocs.yaml to point at, so no `kamdocs.yaml:1:1` (the file, no position)."""
    monkeypatch.chdir(tmp_path)
    code, output = run()
    assert code == 1
    assert output.splitlines()[0] == (
        f"kamdocs.yaml: error: no kamdocs.yaml in this folder ({tmp_path}); run 'kamdocs init' to start a playbook, "
        "or pass the folder that contains kamdocs.yaml"
    )
