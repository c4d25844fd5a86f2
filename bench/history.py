"""Benchmark `kamdocs history` over 44 revisions against six `kamdocs report --json` runs, in one run.

Usage: ``python bench/history.py [--sizes S,M] [--repeat N] [--revisions 44] [--json out.json]``.

For each size a playbook is generated (``bench/generate.py``) into a new git repository and
committed, followed by ``revisions − 1`` commits that each change one data file (a number in
the budget, a KPI actual, a task duration, an account's revenue … in turn), so every revision
differs from the one before in one file. Then, in cold subprocesses and interleaved so machine
drift hits both alike:

* ``kamdocs history DIR --revisions N --json`` — the measurement;
* six runs of ``kamdocs report DIR --json`` — the baseline (their summed time).

The target is history ≤ 1.0 × the baseline. The printed ratio uses medians of wall time (and CPU
time, which is far less noisy on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
from generate import generate  # noqa: E402

PY = sys.executable
BASELINE_RUNS = 6
_NUMBER = re.compile(r"^(\s*(?:amount|actual|duration_days|revenue|score):\s*)(\d+)", re.MULTILINE)


def _git(repo: Path, *args: str, day: int = 1) -> None:
    date = f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}T09:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _bump(path: Path, step: int) -> bool:
    """Change one number in ``path`` (so the analysis sees a change); False when it has none."""
    text = path.read_text(encoding="utf-8")
    matches = list(_NUMBER.finditer(text))
    if not matches:
        return False
    match = matches[step % len(matches)]
    value = int(match.group(2)) + 1
    if match.group(1).strip().startswith("score"):
        value = 1 + int(match.group(2)) % 4  # stay inside the readiness scale
    path.write_text(text[: match.start(2)] + str(value) + text[match.end(2) :], encoding="utf-8")
    return True


def make_history(size: str, folder: Path, revisions: int) -> Path:
    """Generate a playbook of ``size`` with ``revisions`` commits that change one data file each."""
    project = folder / f"history-{size}"
    generate(size, project)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "Start", day=0)
    files = [
        project / "data" / name for name in ("budget.yaml", "goals.yaml", "tasks.yaml", "readiness.yaml")
    ] + sorted((project / "data" / "accounts").glob("*.yaml"))[:8]
    step = 0
    while step < revisions - 1:
        path = files[step % len(files)]
        if _bump(path, step // len(files)):
            _git(project, "commit", "-qam", f"Change {path.name}", day=step + 1)
        step += 1
    return project


def bench(size: str, folder: Path, repeat: int, revisions: int) -> dict[str, Any]:
    """Measure one size; return medians and the ratio."""
    project = make_history(size, folder, revisions)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1793491200"}
    history_cmd = [PY, "-m", "kamdocs", "history", str(project), "--revisions", str(revisions), "--json"]
    report_cmd = [PY, "-m", "kamdocs", "report", str(project), "--json"]
    history_runs: list[measure.Run] = []
    baseline: list[tuple[float, float]] = []
    for _ in range(repeat):
        run = measure.run(history_cmd, env=env)
        if run.returncode != 0:
            return {"size": size, "failed": run.stderr_tail}
        rows = len(json.loads(run.stdout)["revisions"])
        history_runs.append(run)
        reports = [measure.run(report_cmd, env=env) for _ in range(BASELINE_RUNS)]
        baseline.append((sum(r.seconds for r in reports), sum(r.cpu_s for r in reports)))
    wall = statistics.median(r.seconds for r in history_runs)
    cpu = statistics.median(r.cpu_s for r in history_runs)
    base_wall = statistics.median(b[0] for b in baseline)
    base_cpu = statistics.median(b[1] for b in baseline)
    return {
        "size": size,
        "revisions": rows,
        "history_s": round(wall, 3),
        "history_cpu_s": round(cpu, 3),
        "history_peak_mib": round(max(r.peak_mib for r in history_runs), 1),
        "six_reports_s": round(base_wall, 3),
        "six_reports_cpu_s": round(base_cpu, 3),
        "ratio_wall": round(wall / base_wall, 2),
        "ratio_cpu": round(cpu / base_cpu, 2),
    }


def main() -> None:
    """Parse arguments, run the sizes, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--revisions", type=int, default=44)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="kamdocs-bench-history-") as tmp:
        for size in args.sizes.split(","):
            results.append(bench(size.strip(), Path(tmp), args.repeat, args.revisions))
            print(json.dumps(results[-1]), flush=True)
    print()
    print("| size | revisions | history (s) | 6 × report --json (s) | ratio wall | ratio CPU | history peak MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        if "failed" in r:
            print(f"| {r['size']} | failed: {r['failed']} | | | | | |")
            continue
        print(
            f"| {r['size']} | {r['revisions']} | {r['history_s']} | {r['six_reports_s']} | "
            f"{r['ratio_wall']}× | {r['ratio_cpu']}× | {r['history_peak_mib']} |"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
