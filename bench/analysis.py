"""Benchmark: ``analyse(playbook)`` of a generated playbook, this kamdocs against an earlier commit's.

Usage: ``python bench/analysis.py PLAYBOOK [--baseline REV] [--rounds N] [--repeat N]``. The
baseline's ``kamdocs`` package is exported from git (``git archive REV kamdocs``) into a temporary
folder and imported from there instead of this checkout. Each round starts one fresh process per
side (this kamdocs, then the baseline): it loads the playbook once and times ``analyse`` ``--repeat``
times (wall and CPU of the analysis alone). Rounds interleave the two sides, so drift of the shared
machine hits both alike; the minimum is the steadiest figure, the median is shown too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BASELINE = "82b9a31"
"""The commit before issue 12 (format v2) began: the analysis whose time it must stay within 10 % of."""


def child(playbook: Path, repeat: int) -> dict[str, Any]:
    """Load ``playbook`` once and time ``analyse`` ``repeat`` times in this process (the side under test)."""
    import kamdocs
    from kamdocs.analysis import analyse
    from kamdocs.load import load_playbook

    loaded, _ = load_playbook(playbook)
    analyse(loaded)  # warm: the first call pays for lazy imports inside the analyses
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        analyse(loaded)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"kamdocs": str(Path(kamdocs.__file__).parent), "wall_s": wall, "cpu_s": cpu}


def export_baseline(rev: str, folder: Path) -> str:
    """Write the ``kamdocs`` package of ``rev`` into ``folder``; return the full commit id."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = folder / "baseline.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "archive", "--format=tar", commit, "kamdocs"], cwd=REPO, stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "src", filter="data")
    archive.unlink()
    return commit


def run_side(playbook: Path, repeat: int, source: Path | None) -> dict[str, Any]:
    """Run :func:`child` in a fresh interpreter, importing kamdocs from ``source`` (None: this checkout)."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env.setdefault("SOURCE_DATE_EPOCH", "1793577600")
    if source is not None:
        env["PYTHONPATH"] = str(source)  # before site-packages and the editable install's path
    else:
        env["PYTHONPATH"] = str(REPO)
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[3]); import analysis; "
        "print(json.dumps(analysis.child(__import__('pathlib').Path(sys.argv[1]), int(sys.argv[2]))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(playbook), str(repeat), str(BENCH)],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
        # Not the checkout: `python -c` puts the working folder first on sys.path, which would
        # import this checkout's kamdocs for the baseline too.
        cwd=tempfile.gettempdir(),
    )
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        raise RuntimeError(lines[-1] if lines else f"exit {proc.returncode}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    expected = (source or REPO) / "kamdocs"
    if Path(result["kamdocs"]).resolve() != expected.resolve():
        raise RuntimeError(f"imported kamdocs from {result['kamdocs']}, expected {expected}")
    return result


def summary(runs: list[float]) -> dict[str, float]:
    """Return the minimum and median of ``runs``."""
    return {"min_s": min(runs), "median_s": statistics.median(runs)}


def measure(playbook: Path, *, baseline: str = BASELINE, rounds: int = 3, repeat: int = 7) -> dict[str, Any]:
    """Time ``analyse`` of ``playbook`` with this kamdocs and with ``baseline``'s, interleaved; return the record."""
    sides: dict[str, dict[str, list[float]]] = {s: {"wall_s": [], "cpu_s": []} for s in ("current", "baseline")}
    where: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="kamdocs-bench-analysis-") as tmp:
        commit = export_baseline(baseline, Path(tmp))
        for _ in range(rounds):
            for side, source in (("current", None), ("baseline", Path(tmp) / "src")):
                result = run_side(playbook, repeat, source)
                where[side] = result["kamdocs"]
                for key in ("wall_s", "cpu_s"):
                    sides[side][key].extend(result[key])
    record: dict[str, Any] = {"baseline_commit": commit, "rounds": rounds, "repeat": repeat, "imported_from": where}
    for side, runs in sides.items():
        record[side] = {"wall": summary(runs["wall_s"]), "cpu": summary(runs["cpu_s"]), "runs_wall_s": runs["wall_s"]}
    for stat in ("min_s", "median_s"):
        record[f"ratio_{stat.removesuffix('_s')}"] = record["current"]["wall"][stat] / record["baseline"]["wall"][stat]
        record[f"ratio_cpu_{stat.removesuffix('_s')}"] = (
            record["current"]["cpu"][stat] / record["baseline"]["cpu"][stat]
        )
    return record


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print the table (and the JSON record with --json)."""
    parser = argparse.ArgumentParser(description="Time analyse() of a playbook against an earlier commit.")
    parser.add_argument("playbook", type=Path)
    parser.add_argument("--baseline", default=BASELINE, help=f"git revision of the baseline (default {BASELINE})")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per side, interleaved")
    parser.add_argument("--repeat", type=int, default=7, help="analyses per process after one load")
    parser.add_argument("--json", type=Path, default=None, help="also write the record here")
    args = parser.parse_args(argv)
    load_start = os.getloadavg()
    record = measure(args.playbook, baseline=args.baseline, rounds=args.rounds, repeat=args.repeat)
    record["load_average"] = [load_start, os.getloadavg()]
    print(f"analyse({args.playbook.name}): {args.rounds} rounds × {args.repeat} analyses per side")
    print(f"{'side':<26}{'min s':>9}{'median s':>10}{'cpu min s':>11}{'cpu median s':>14}")
    for side, label in (("current", "this kamdocs"), ("baseline", f"baseline {record['baseline_commit'][:7]}")):
        r = record[side]
        print(
            f"{label:<26}{r['wall']['min_s']:>9.3f}{r['wall']['median_s']:>10.3f}"
            f"{r['cpu']['min_s']:>11.3f}{r['cpu']['median_s']:>14.3f}"
        )
    print(
        f"ratio: {record['ratio_min']:.2f}× (min), {record['ratio_median']:.2f}× (median); "
        f"CPU {record['ratio_cpu_min']:.2f}× / {record['ratio_cpu_median']:.2f}×; load average "
        f"{load_start[0]:.1f} → {record['load_average'][1][0]:.1f}"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
