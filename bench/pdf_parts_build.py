"""One PDF build for bench/parallel.py: the one-process build, or the build in parts on N processes.

Usage: ``python bench/pdf_parts_build.py PLAYBOOK OUT one|N [--again]``. ``N`` lays out the handbook in
parts on N processes whatever its length (also N = 1, to see the cost of the parts themselves);
``--again`` builds a second time into the same output folder (the page counts are then guessed
from the previous handbook, as on every rebuild with ``kamdocs build``). Prints JSON: seconds of each
build and the pages.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> int:
    """Build and print the timings."""
    import kamdocs.render.pdf as pdf
    from kamdocs.build import build_project

    playbook, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    jobs = 1
    if mode != "one":
        jobs = int(mode)
        pdf.PARALLEL_MIN_JOBS = 1
        pdf.PARALLEL_MIN_CHARS = 0
    seconds = []
    pages = 0
    for _ in range(2 if "--again" in sys.argv else 1):
        started = time.perf_counter()
        result = build_project(playbook, formats="pdf", out=out, jobs=jobs)
        seconds.append(round(time.perf_counter() - started, 2))
        pages = sum(f.pages for f in result.pdfs)
    size = sum((out / f.path).stat().st_size for f in result.pdfs)
    # The workers are forked from multiprocessing's fork server, a child of this process that
    # outlives the build: stop and wait for it, so that its CPU time and its workers' (which it
    # waited for) are in the rusage the benchmark reads when this process ends.
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    print(json.dumps({"seconds": seconds, "pages": pages, "bytes": size}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
