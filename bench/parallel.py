"""The PDF in parts (``--jobs``) against the one-process build, measured in one run.

Usage: ``python bench/parallel.py [--sizes S,M,L] [--jobs 1,2,all] [--repeat 1] [--again] [--json out.json]``.

For every size and round, the one-process build and then the build in parts on each number of
processes run as cold subprocesses (``bench/pdf_parts_build.py``) into empty output folders (a
first build: every part is laid out once with provisional page numbers, then stamped), measured
for wall time, CPU time and the peak memory of the whole process tree (``bench/measure.py``).
``--again`` then measures a
rebuild in parts, another cold process into the same output folder (the page counts are taken from
the previous handbook, as on every rebuild with ``kamdocs build``). Every PDF in parts is checked
against the one-process PDF: page count, page labels, outline, link targets and the text of the
contents pages. The load average before and after each build is recorded: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
from generate import generate  # noqa: E402

BENCH = Path(__file__).resolve().parent
PY = sys.executable


def env() -> dict[str, str]:
    """Return the environment of the measured builds (deterministic, quiet)."""
    result = dict(os.environ)
    result.setdefault("SOURCE_DATE_EPOCH", "1793577600")
    result["PYTHONWARNINGS"] = "ignore"
    return result


def summary(path: Path) -> dict[str, Any]:
    """Return page count, page labels, outline (title, page), link targets and the contents pages' text."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    outline: list[tuple[int, str, int | None]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                outline.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    first_chapter = min((page for _, _, page in outline if page is not None), default=0)
    contents = ["".join(reader.pages[i].extract_text().split()) for i in range(first_chapter)]
    links = [
        str(annotation.get_object().get("/Dest"))
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/Dest" in annotation.get_object()
    ]
    labels = list(reader.page_labels)
    return {"pages": len(reader.pages), "labels": labels, "outline": outline, "links": links, "contents": contents}


def one(playbook: Path, out: Path, mode: str, label: str) -> dict[str, Any]:
    """Measure one build; return wall/CPU seconds, peak MiB and the build's own timings."""
    cmd = [PY, str(BENCH / "pdf_parts_build.py"), str(playbook), str(out), mode]
    load = os.getloadavg()[0]
    run = measure.run(cmd, env=env())
    record: dict[str, Any] = {
        "mode": mode,
        "build": label,
        "load": [round(load, 1), round(os.getloadavg()[0], 1)],
        "wall_s": round(run.seconds, 1),
        "cpu_s": round(run.cpu_s, 1),
        "peak_mib": round(run.peak_mib),
        "peak_pss_mib": round(run.peak_pss_mib),
        "ok": run.returncode == 0,
    }
    if run.returncode == 0:
        record.update(json.loads(run.stdout.strip().splitlines()[-1]))
    else:
        record["error"] = run.stderr_tail
    return record


def main() -> int:
    """Run the measurements and print a table (and JSON with --json)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="S,M")
    parser.add_argument("--jobs", default="1,2,all")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--again", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    jobs = list(dict.fromkeys(str(cores) if j == "all" else j for j in args.jobs.split(",")))
    results: dict[str, Any] = {"cores": cores, "load_before": os.getloadavg(), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="kamdocs-bench-parts-") as tmp:
        for size in args.sizes.split(","):
            playbook = generate(size, Path(tmp) / size / "playbook")
            rounds = []
            for round_number in range(args.repeat):
                base = Path(tmp) / size / f"r{round_number}"
                records = [one(playbook, base / "one", "one", "first build")]  # a rebuild in one process costs the same
                reference = summary(next((base / "one").glob("*.pdf"))) if records[0]["ok"] else None
                for mode in jobs:
                    for label in ("first build", "rebuild") if args.again else ("first build",):
                        record = one(playbook, base / f"j{mode}", mode, label)
                        if record["ok"] and reference is not None:
                            record["same"] = summary(next((base / f"j{mode}").glob("*.pdf"))) == reference
                        records.append(record)
                        print(size, round_number, record, file=sys.stderr, flush=True)
                print(size, round_number, records[0], file=sys.stderr, flush=True)
                rounds.append(records)
            results["sizes"][size] = rounds
    results["load_after"] = os.getloadavg()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def table(results: dict[str, Any]) -> str:
    """Return the results as a Markdown table (ratios against the one-process build of the same round)."""
    lines = [
        f"cores: {results['cores']}, load average before {results['load_before'][0]:.1f}, "
        f"after {results['load_after'][0]:.1f}",
        "",
        "| size | build | pages | wall s | × one | CPU s | × one | peak MiB (RSS sum) | × one "
        "| peak MiB (PSS sum) | × one | PDF MB | load | same PDF |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for size, rounds in results["sizes"].items():
        for records in rounds:
            base = records[0]
            for record in records:
                if not record["ok"]:
                    lines.append(f"| {size} | {record['mode']} | failed: {record.get('error', '')[-80:]} |")
                    continue
                processes = f"{record['mode']} process{'' if record['mode'] == '1' else 'es'}"
                label = "one process" if record["mode"] == "one" else f"parts, {processes}, {record['build']}"
                wall = record["wall_s"] / base["wall_s"] if base["ok"] else float("nan")
                peak = record["peak_mib"] / base["peak_mib"] if base["ok"] else float("nan")
                cpu = record["cpu_s"] / base["cpu_s"] if base["ok"] else float("nan")
                base_pss, pss_mib = base.get("peak_pss_mib") or float("nan"), record.get("peak_pss_mib", float("nan"))
                pss = pss_mib / base_pss
                load = "–".join(f"{v:.1f}" for v in record.get("load", []))
                same = {True: "yes", False: "NO"}.get(record.get("same"), "–")
                lines.append(
                    f"| {size} | {label} | {record.get('pages', '')} | {record['wall_s']} | {wall:.2f} | "
                    f"{record['cpu_s']} | {cpu:.2f} | {record['peak_mib']} | {peak:.2f} | {pss_mib} | {pss:.2f} | "
                    f"{record.get('bytes', 0) / 1e6:.1f} | {load} | {same} |"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
