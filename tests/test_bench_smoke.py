"""Smoke tests of the benchmark kit in bench/: generator, measuring, MkDocs baseline, runner. No timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kamdocs.errors import Severity
from kamdocs.load import load_project

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import measure  # noqa: E402
import tables  # noqa: E402
from mkdocs_project import make_mkdocs_project  # noqa: E402


def errors_of(root: Path) -> list[str]:
    return [p.format() for p in load_project(root).problems if p.severity is Severity.ERROR]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("size", ["S", "M-lite", "M"])
def test_generated_playbook_checks_without_errors(tmp_path: Path, size: str) -> None:
    root = generate.generate(size, tmp_path / size)
    assert errors_of(root) == []


@pytest.mark.slow
def test_size_l_checks_without_errors_and_has_the_promised_counts(tmp_path: Path) -> None:
    root = generate.generate("L", tmp_path / "L")
    assert errors_of(root) == []
    counts = tables.inputs_of(root)
    assert {k: counts[k] for k in ("accounts", "candidates", "tasks", "chapters")} == {
        "accounts": 300,
        "candidates": 120,
        "tasks": 600,
        "chapters": 80,
    }
    assert 750 <= counts["words"] / 80 <= 1000


def test_size_m_has_the_promised_counts_and_a_derivable_task_dag(tmp_path: Path) -> None:
    root = generate.generate("M", tmp_path / "M")
    counts = tables.inputs_of(root)
    assert {k: counts[k] for k in ("accounts", "candidates", "tasks", "chapters")} == {
        "accounts": 50,
        "candidates": 30,
        "tasks": 150,
        "chapters": 20,
    }
    tasks = yaml.safe_load((root / "data" / "tasks.yaml").read_text(encoding="utf-8"))["tasks"]
    seen: set[str] = set()
    for task in tasks:
        # Every dependency points backwards (a DAG), and each date is given or derivable.
        assert set(task.get("depends_on", [])) <= seen
        assert "start" in task or task.get("depends_on")
        assert "due" in task or "duration_days" in task
        seen.add(task["id"])
    playbook = load_project(root).playbook
    assert playbook is not None and len(playbook.accounts) == 50


def test_generator_is_deterministic_per_seed(tmp_path: Path) -> None:
    first = tree(generate.generate("M-lite", tmp_path / "a", seed=7))
    assert first == tree(generate.generate("M-lite", tmp_path / "b", seed=7))
    assert first != tree(generate.generate("M-lite", tmp_path / "c", seed=8))


def test_generator_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="not empty"):
        generate.generate("M-lite", tmp_path)
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_mkdocs_baseline_has_one_page_per_account_candidate_chapter_and_section(tmp_path: Path) -> None:
    root = generate.generate("M-lite", tmp_path / "pb")
    pages = make_mkdocs_project(root, tmp_path / "mk")
    size = generate.SIZES["M-lite"]
    assert pages == size.accounts + size.candidates + size.chapters + 7
    config = yaml.safe_load((tmp_path / "mk" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    chapter = next((tmp_path / "mk" / "docs" / "chapters").glob("*.md")).read_text(encoding="utf-8")
    assert chapter.startswith("# ") and "{{<" not in chapter and "\n---\n" not in chapter[:10]


def test_measure_reports_exit_code_stderr_and_the_peak_memory_of_the_child(tmp_path: Path) -> None:
    script = tmp_path / "alloc.py"
    script.write_text(
        # Held for 0.2 s: the peak is read from /proc every 20 ms while the process lives (after a
        # vfork the kernel's ru_maxrss of the child is the benchmark's own, so it is not used).
        "import sys, time\nx = bytearray(64 * 2**20)\nx[::4096] = b'1' * len(x[::4096])\ntime.sleep(0.2)\n"
        "print('boom', file=sys.stderr)\nsys.exit(3)\n",
        encoding="utf-8",
    )
    result = measure.run([sys.executable, str(script)])
    assert result.returncode == 3
    assert result.stderr_tail == "boom"
    assert result.peak_mib >= 64


def test_targets_are_met_not_met_or_na() -> None:
    sizes = {
        "M": {
            "measurements": {
                "incremental_chapter": {"median_s": 0.1, "note": ""},
                "incremental_data": {"median_s": 0.5, "note": ""},
            },
            "ratios": {},
        },
        "L": {
            "measurements": {"check": {"median_s": None, "note": "n/a: not importable"}},
            "ratios": {"html_vs_mkdocs": 0.4, "pdf_vs_weasyprint": 1.3},
        },
    }
    verdicts = {t["name"]: (t["met"], t["note"]) for t in tables.targets(sizes)}
    assert verdicts["incremental rebuild of M (chapter) < 300 ms"] == (True, "")
    assert verdicts["incremental rebuild of M (data) < 300 ms"] == (False, "")
    assert verdicts["HTML build of L ≤ 0.5× MkDocs"] == (True, "")
    assert verdicts["PDF build of L ≤ 1.15× raw WeasyPrint"] == (False, "")
    assert verdicts["check of L < 2 s"] == (None, "n/a: not importable")
    assert verdicts["PDF of L < 2 GB peak memory"][0] is None
    assert verdicts["account plan PDF of S (the example) < 5 s"] == (None, "n/a: size S was not run")
    sizes["S"] = {"measurements": {"account_pdf": {"median_s": 3.2, "cpu_s": 3.0, "note": ""}}, "ratios": {}}
    account = next(t for t in tables.targets(sizes) if t["name"].startswith("account plan PDF"))
    assert (account["met"], account["value"], account["cpu"]) == (True, 3.2, 3.0)


def test_the_account_plan_row_builds_one_account_and_its_baseline_renders_its_print_html(tmp_path: Path) -> None:
    import run

    root = generate.generate("M-lite", tmp_path / "pb")
    first = run.first_account(root)
    assert first == sorted(p.stem for p in (root / "data" / "accounts").glob("*.yaml"))[0]
    ctx = run.Context("M-lite", root, tmp_path / "mk", tmp_path / "out", "restricted", 1, account=first)
    ctx.account_spec = tmp_path / "out" / "print" / "account.json"
    cmds = run.commands(ctx)
    assert cmds["account_pdf"][cmds["account_pdf"].index("--account") + 1] == first
    assert {"--format", "pdf", "--audience", "restricted"} <= set(cmds["account_pdf"])
    assert cmds["account_weasyprint"][-2] == str(ctx.account_spec)
    ratios = tables.ratios(
        {"account_pdf": {"median_s": 3.0, "cpu_s": 2.0}, "account_weasyprint": {"median_s": 2.0, "cpu_s": 2.0}}
    )
    assert (ratios["account_pdf_vs_weasyprint"], ratios["account_pdf_vs_weasyprint_cpu"]) == (1.5, 1.0)


def test_print_html_capture_of_one_account_plan(tmp_path: Path) -> None:
    pytest.importorskip("kamdocs.render.print_html")
    import print_html_dump
    import run

    root = generate.generate("M-lite", tmp_path / "pb")
    account = run.first_account(root)
    assert account is not None
    spec = print_html_dump.capture(root, tmp_path / "print" / "account.json", "restricted", account)
    assert spec["html"].endswith("account.html")
    html = Path(spec["html"]).read_text(encoding="utf-8")
    names = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (root / "data/accounts").glob("*.yaml")
    }
    assert names[account] in html
    # One account's plan, not the handbook: no chapter of the other accounts.
    assert html.count('section-account_summary"') == 1


@pytest.mark.slow
def test_runner_on_size_s_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        # No baselines (MkDocs is an optional extra) and no PDF (WeasyPrint layout takes a minute on S).
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "S",
            "--repeat",
            "1",
            "--no-baselines",
            "--no-pdf",
            "--json",
            str(out),
            "--work",
            str(tmp_path / "work"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "kamdocs check" in proc.stdout and "targets of issues 8 and 13:" in proc.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"schema", "machine", "versions", "settings", "sizes", "targets"}
    assert report["machine"]["nproc"] >= 1 and report["machine"]["cpu"]
    record = report["sizes"]["S"]
    assert set(record) == {"inputs", "pages", "measurements", "ratios"}
    measurements = record["measurements"]
    assert set(measurements) == {
        "check",
        "report",
        "html",
        "pdf",
        "account_pdf",
        "incremental_chapter",
        "incremental_data",
    }
    for key, value in measurements.items():
        assert set(value) >= {"status", "note", "median_s", "cpu_s", "peak_mib", "runs_s"}, key
        assert value["status"] in ("ok", "n/a"), (key, value["note"])
        if value["status"] == "n/a":
            assert value["note"].startswith("n/a: ")
    assert measurements["pdf"]["note"] == "n/a: skipped (--no-pdf)"
    assert measurements["account_pdf"]["note"] == "n/a: skipped (--no-pdf)"
    assert measurements["check"]["status"] == "ok" and measurements["check"]["peak_mib"] > 0
    assert measurements["report"]["status"] == "ok"
    assert set(record["ratios"]) >= {"html_vs_mkdocs", "html_vs_mkdocs_cpu", "pdf_vs_weasyprint"}
    assert {t["name"] for t in report["targets"]} >= {"check of L < 2 s", "PDF of L < 2 GB peak memory"}


def test_print_html_capture_records_what_kamdocs_hands_to_weasyprint(tmp_path: Path) -> None:
    pytest.importorskip("kamdocs.render.print_html")
    import print_html_dump

    root = generate.generate("M-lite", tmp_path / "pb")
    spec = print_html_dump.capture(root, tmp_path / "print" / "spec.json", "internal")
    html = Path(spec["html"]).read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "</html>" in html.lower()
    assert spec["base_url"].startswith("file://")
    import kamdocs.render.pdf
    import kamdocs.render.print_html

    # The recorder is removed again: later PDF builds in this process are real.
    assert vars(kamdocs.render.print_html)["write_pdf"] is kamdocs.render.pdf.write_pdf
    assert kamdocs.render.pdf.write_pdf.__module__ == "kamdocs.render.pdf"
    assert json.loads((tmp_path / "print" / "spec.json").read_text(encoding="utf-8")) == spec


def test_markdown_table_merges_runs_and_recomputes_targets() -> None:
    def run_of(size: str, check_s: float) -> dict[str, object]:
        record = {
            "status": "ok",
            "note": "",
            "median_s": check_s,
            "cpu_s": check_s / 2,
            "peak_mib": 40.0,
            "runs_s": [check_s],
        }
        return {"sizes": {size: {"measurements": {"check": record}, "pages": {}, "ratios": {}}}}

    merged = tables.merge([run_of("S", 0.4), run_of("L", 1.5)])
    assert list(merged["sizes"]) == ["S", "L"]
    assert {t["name"]: t["met"] for t in merged["targets"]}["check of L < 2 s"] is True
    text = tables.markdown(merged)
    assert "| S | kamdocs check | 0.400 | 0.200 | 40 |" in text
    assert "| L | kamdocs check | 1.500 | 0.750 | 40 |" in text


def test_merge_keeps_an_earlier_measurement_that_a_later_run_skipped() -> None:
    def record(status: str, seconds: float | None) -> dict[str, object]:
        return {
            "status": status,
            "note": "" if seconds else "n/a: skipped (--no-pdf)",
            "median_s": seconds,
            "cpu_s": seconds,
            "peak_mib": 10.0 if seconds else None,
            "runs_s": [],
        }

    first = {
        "sizes": {
            "L": {
                "measurements": {
                    "pdf": record("ok", 120.0),
                    "weasyprint": record("ok", 100.0),
                    "check": record("ok", 3.0),
                },
                "pages": {"pdf": 900},
                "ratios": {},
            }
        }
    }
    later = {
        "sizes": {
            "L": {
                "measurements": {
                    "pdf": record("n/a", None),
                    "weasyprint": record("n/a", None),
                    "check": record("ok", 1.5),
                },
                "pages": {"pdf": None},
                "ratios": {},
            }
        }
    }
    merged = tables.merge([first, later])["sizes"]["L"]
    assert merged["measurements"]["pdf"]["median_s"] == 120.0
    assert merged["measurements"]["check"]["median_s"] == 1.5
    assert merged["pages"]["pdf"] == 900
    assert merged["ratios"]["pdf_vs_weasyprint"] == 1.2
