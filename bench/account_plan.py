"""Benchmark: the account plan PDF of one account (``kamdocs build --account ID``) on the example playbooks.

Usage: ``python bench/account_plan.py [--repeat N] [--account ID]``. Each build runs in a cold
subprocess (``bench/measure.py``: whole-process wall time, CPU and peak memory), for the internal
and the customer version of the German and the English example. The target (issue 13): under 5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402

from kamdocs.resources import example_dir  # noqa: E402

TARGET_S = 5.0


def main() -> int:
    """Measure and print one row per example and audience; exit 1 when a median misses the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--account", default=None, help="account id (default: the first account of each example)")
    args = parser.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1793577600", "PYTHONWARNINGS": "ignore"}
    slow = False
    print(f"{'example':8} {'audience':9} {'account':22} {'wall s':>7} {'cpu s':>6} {'peak MiB':>8} {'pages':>5}")
    for lang in ("de", "en"):
        root = example_dir(lang)
        account = args.account or sorted(p.stem for p in (root / "data" / "accounts").glob("*.yaml"))[0]
        for audience in ("internal", "customer"):
            runs = []
            with tempfile.TemporaryDirectory() as out:
                cmd = [sys.executable, "-m", "kamdocs", "build", str(root), "--format", "pdf", "--account", account,
                       "--audience", audience, "--out", out]  # fmt: skip
                for _ in range(args.repeat):
                    run = measure.run(cmd, env=env)
                    if run.returncode != 0:
                        print(f"{lang:8} {audience:9} {account:22} failed: {run.stderr_tail}")
                        return 1
                    runs.append(run)
                pdfs = list(Path(out).glob("*.pdf"))
                pages = _pages(pdfs[0]) if pdfs else 0
            wall = statistics.median(r.seconds for r in runs)
            cpu = statistics.median(r.cpu_s for r in runs)
            peak = max(r.peak_mib for r in runs)
            slow = slow or wall >= TARGET_S
            print(f"{lang:8} {audience:9} {account:22} {wall:7.2f} {cpu:6.2f} {peak:8.0f} {pages:5}")
    return 1 if slow else 0


def _pages(pdf: Path) -> int:
    try:
        import pypdf
    except ImportError:
        return 0
    return len(pypdf.PdfReader(pdf).pages)


if __name__ == "__main__":
    raise SystemExit(main())
