"""build_project and `kamdocs build --format html`: determinism, atomic output, progress, CLI summary."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.build import BuildEvent, BuildResult, build_project
from kamdocs.cli import main
from kamdocs.errors import KamdocsError
from kamdocs.render.output import MARKER
from kamdocs.render.writer import WrittenFile
from tests.conftest import MakeProject

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "playbook"
    root.mkdir()
    shutil.copy(REPO / "kamdocs.yaml", root / "kamdocs.yaml")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    return root


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_project(example, formats="html", out=tmp_path / "one")
    build_project(example, formats="html", out=tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one == two
    assert len(one) > 20


def test_no_timestamps_or_absolute_paths_in_the_output(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    for rel, data in snapshot(out).items():
        text = data.decode("utf-8", "replace")
        assert str(tmp_path) not in text, rel
        assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", text), rel


def test_output_layout_and_marker(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build_project(example, formats="html", out=out)
    files = snapshot(out)
    html_files = [f for f in files if f.endswith(".html")]
    assert result.pages == len(html_files) == files["sitemap.xml"].count(b"<url>")
    for required in (
        "index.html",
        "goals.html",
        "organisation.html",
        "readiness.html",
        "tasks.html",
        "competencies.html",
        "accounts/index.html",
        "_static/search-index.js",
        "_static/css/kamdocs.css",
        "_static/css/print.css",
        "_static/js/kamdocs.js",
        MARKER,
    ):
        assert required in files
    assert "assets/logo.svg" in files or "_static/brand-logo.svg" in files


def test_rebuild_replaces_stale_files_and_leaves_no_temporary_folder(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    (out / "stale.html").write_text("old page")
    build_project(example, formats="html", out=out)
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["playbook", "site"]


def test_html_build_keeps_the_previous_pdf(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    (out / "kam-handbuch-rheinhold.pdf").write_bytes(b"%PDF-1.7 previous")
    (out / "alpenmilch.pdf").write_bytes(b"%PDF-1.7 account plan")
    build_project(example, formats="html", out=out)
    assert (out / "kam-handbuch-rheinhold.pdf").read_bytes() == b"%PDF-1.7 previous"
    assert (out / "alpenmilch.pdf").read_bytes() == b"%PDF-1.7 account plan"


def test_a_failed_load_writes_nothing(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    before = snapshot(out)
    (example / "data" / "company.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(KamdocsError):
        build_project(example, formats="html", out=out)
    assert snapshot(out) == before


def test_progress_events_cover_every_page(example: Path, tmp_path: Path) -> None:
    events: list[BuildEvent] = []
    result = build_project(example, formats="html", out=tmp_path / "site", listener=events.append)
    stages = [e.stage for e in events]
    assert stages[:3] == ["load", "analyse", "assemble"] and stages[-1] == "done"
    pages = [e for e in events if e.stage == "page"]
    assert [e.done for e in pages] == list(range(1, result.pages + 1))
    assert {e.total for e in pages} == {result.pages}
    assert events[-1].message == result.summary()


def test_account_option_needs_pdf(example: Path, tmp_path: Path) -> None:
    with pytest.raises(KamdocsError, match="use it with --format pdf"):
        build_project(example, formats="html", out=tmp_path / "site", account="alpenmilch")


def test_cli_build_prints_a_summary(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(example), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\d+ pages written, 0 warnings, in \d+\.\d s -> ", result.output, re.M)
    assert "assembling pages" in result.output
    assert (out / "index.html").is_file()


def test_cli_build_warnings_and_strict(example: Path, tmp_path: Path) -> None:
    (example / "content" / "99-kaputt.md").write_text(
        "---\ntitle: Kaputt\nweight: 99\n---\n\nSiehe [nirgends](00-nirgends.md).\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(example), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "content/99-kaputt.md:6:1: warning: broken link: no chapter '00-nirgends.md'" in result.output
    assert ", 1 warning, in " in result.output
    strict_out = tmp_path / "strict"
    result = runner.invoke(main, ["build", str(example), "--format", "html", "--out", str(strict_out), "--strict"])
    assert result.exit_code == 1
    assert "content/99-kaputt.md:6:1: warning: broken link" in result.output
    assert "Traceback" not in result.output
    assert not strict_out.exists()


def test_cli_build_refused_output_is_a_clean_error(example: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(example), "--format", "html", "--out", str(example / "data")])
    assert result.exit_code == 1
    assert "error: refusing to write the site" in result.output
    assert "Traceback" not in result.output


def test_english_playbook_uses_english_labels_and_formats(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "kamdocs.yaml": "title: Playbook\nlanguage: en\nas_of: 2027-03-15\n",
            "data/goals.yaml": "goals:\n  - id: g\n    title: Grow\n    kpis:\n      - {id: k, name: Revenue, "
            "unit: EUR, direction: increase, baseline: 1000000, target: 2000000, actual: 1234567}\n",
        }
    )
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    home = (out / "index.html").read_text(encoding="utf-8")
    goals = (out / "goals.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and "As of 15 March 2027" in home and "Key figures at a glance" in home
    assert "€1,234,567" in goals and "23.5%" in goals and "at risk" in goals and "Baseline" in goals


def test_out_is_relative_to_the_current_folder_output_dir_to_the_project(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = build_project(example, formats="html", out=Path("web"))
    assert result.out == elsewhere / "web" and (elsewhere / "web" / "index.html").is_file()
    result = build_project(example, formats="html")
    assert result.out == (example / "site").resolve() and (example / "site" / "index.html").is_file()


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.text = ""
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_printer_updates_one_line_on_a_terminal() -> None:
    from kamdocs.build import BuildResult, ProgressPrinter

    terminal = _Terminal(tty=True)
    printer = ProgressPrinter(terminal)  # type: ignore[arg-type]
    events = (BuildEvent("analyse"), BuildEvent("page", "index.html", 1, 2), BuildEvent("page", "goals.html", 2, 2))
    for event in events:
        printer(event)
    pages = (WrittenFile("index.html", "page"), WrittenFile("goals.html", "page"))
    printer.finish(BuildResult(Path("site"), ("html",), pages, (), 1.25))
    assert terminal.text == (
        "analysing\n\r\x1b[Kwriting pages 1/2  index.html\r\x1b[Kwriting pages 2/2  goals.html\n"
        "2 pages written, 0 warnings, in 1.2 s -> site\n"
    )
    plain = _Terminal(tty=False)
    printer = ProgressPrinter(plain)  # type: ignore[arg-type]
    for event in (BuildEvent("page", "index.html", 1, 2), BuildEvent("page", "goals.html", 2, 2)):
        printer(event)
    assert plain.text == "writing 2 pages\n"  # once, when the work starts: the summary says what was written


def test_a_sparse_playbook_builds_every_page(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "kamdocs.yaml": "title: Sparse\nlanguage: en\nas_of: 2027-01-01\n",
            "data/goals.yaml": "goals:\n  - id: g\n    title: Goal without KPIs\n",
            "data/tasks.yaml": "tasks:\n  - {id: a, title: A, start: 2027-01-01, duration_days: 3}\n"
            "  - {id: b, title: B, depends_on: [a], duration_days: 2, milestone: true}\n",
            "data/readiness.yaml": "areas:\n  - {id: empty, title: Empty area}\n"
            "  - {id: full, title: Full, criteria: [{id: c, statement: S, score: 2}]}\n",
            "data/competencies.yaml": "competencies:\n  - {id: x, name: X, required: 3}\n",
            "data/organisation.yaml": "roles: [{id: r, name: R}, {id: s, name: S}]\n"
            "responsibilities: [{activity: Act, raci: {r: A, s: R}}]\n",
            "data/budget.yaml": "resources: [{role: KAM, year: 2027, fte: 1}]\n",
            "data/accounts/min.yaml": "id: min\nname: Minimal Co\n",
        }
    )
    for audience in ("internal", "restricted"):
        out = tmp_path / audience
        result = build_project(root, formats="html", audience=audience, out=out)
        assert result.pages == 8
        assert "No KPIs have been defined for this goal yet." in (out / "goals.html").read_text(encoding="utf-8")
        assert "Minimal Co" in (out / "accounts" / "min.html").read_text(encoding="utf-8")


def test_summary_of_a_pdf_only_build_does_not_count_zero_pages() -> None:
    result = BuildResult(Path("site"), ("pdf",), (WrittenFile("playbook.pdf", "pdf", 63),), seconds=12.34)
    assert result.summary() == "playbook.pdf (63 pages) written, 0 warnings, in 12.3 s"
    pages = tuple(WrittenFile(f"{n}.html", "page") for n in range(12))
    both = BuildResult(Path("site"), ("html", "pdf"), (*pages, WrittenFile("playbook.pdf", "pdf", 1)), seconds=1.0)
    assert both.summary() == "12 pages written, playbook.pdf (1 page), 0 warnings, in 1.0 s"


def test_report_format_writes_what_report_json_prints(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(example, formats="html", out=out)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    result = CliRunner().invoke(main, ["build", str(example), "--format", "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "report.json written, 0 warnings" in result.output
    printed = CliRunner().invoke(main, ["report", str(example), "--json"])
    assert (out / "report.json").read_text(encoding="utf-8") == printed.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == pages  # the site is kept
