"""bench/serve_incremental.py runs and reports save → reload times (values are not asserted: no timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "serve_incremental.py"


def test_serve_bench_reports_both_kinds_of_edit() -> None:
    env = {**os.environ, "PYTHONPATH": str(BENCH.parent.parent)}  # this checkout's kamdocs
    done = subprocess.run(
        [sys.executable, str(BENCH), "--rounds", "1", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["builder"] == "incremental (page memo)"
    for kind in ("chapter", "data"):
        assert len(result[f"{kind}_ms"]) == 1
        assert result[f"{kind}_median_ms"] >= 0
    assert result["goal_ms"] == 300.0
