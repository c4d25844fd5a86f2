"""Benchmark kamdocs against MkDocs and raw WeasyPrint on synthetic playbooks, in one run.

Usage: ``python bench/run.py [--sizes S,M,L] [--repeat N] [--json out.json] [--no-baselines] [--skip KEYS]``.
Every kamdocs command and every baseline runs in a cold subprocess, measured for whole-process
wall time and peak memory (``bench/measure.py``); rounds interleave kamdocs and its baselines so
machine drift hits both alike. A measurement whose feature is not importable is reported as
``n/a: <why>``, a failing one as ``failed: <last error line>``; the runner itself never crashes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
import tables  # noqa: E402
from generate import generate  # noqa: E402
from mkdocs_project import make_mkdocs_project  # noqa: E402

BENCH = Path(__file__).resolve().parent
PY = sys.executable
# What each measurement needs importable, checked once in a fresh interpreter.
PROBES: dict[str, str] = {
    "check": "import kamdocs.load; kamdocs.load.load_project",
    "report": "import kamdocs.report; kamdocs.report.run_report",
    "html": "import kamdocs.build, kamdocs.render.html, kamdocs.site.assemble; kamdocs.build.build_project",
    "pdf": "import kamdocs.build, kamdocs.render.pdf, kamdocs.render.print_html; "
    "kamdocs.render.print_html.write_handbook",
    "incremental": "import kamdocs.build; kamdocs.build.build_project",
    "mkdocs": "import mkdocs.commands.build, material",
    "weasyprint": "import weasyprint, kamdocs.render.print_html",
    "account_pdf": "import kamdocs.build, kamdocs.render.print_html; "
    "kamdocs.render.print_html.PrintBuilder.account_html",
    "account_weasyprint": "import weasyprint, kamdocs.render.print_html",
}
PDF_KEYS = ("pdf", "weasyprint", "account_pdf", "account_weasyprint")
"""The measurements that write a PDF (left out with --no-pdf)."""


@dataclass
class Context:
    """Paths and settings of one size's measurements."""

    size: str
    playbook: Path
    mkdocs: Path
    out: Path
    audience: str
    repeat: int
    print_spec: Path | None = None
    account: str | None = None
    """The account whose plan the ``account_pdf`` row builds: the first by file name."""
    account_spec: Path | None = None


def probe(code: str) -> str | None:
    """Return None when ``code`` runs in a fresh interpreter, else why it does not."""
    proc = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=120)
    if proc.returncode == 0:
        return None
    lines = proc.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit {proc.returncode}"


def bench_env() -> dict[str, str]:
    """Return the environment of every measured process (deterministic, quiet)."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1793577600")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONWARNINGS"] = "ignore"
    return env


def count_html(folder: Path, skip: tuple[str, ...] = ()) -> int:
    """Return the number of HTML pages under ``folder``."""
    return sum(1 for p in folder.rglob("*.html") if p.name not in skip) if folder.is_dir() else 0


def pdf_pages(folder: Path) -> int | None:
    """Return the page count of the PDF written into ``folder``."""
    pdfs = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not pdfs:
        return None
    from pypdf import PdfReader

    return len(PdfReader(pdfs[0]).pages)


def commands(ctx: Context) -> dict[str, list[str]]:
    """Return the command line of each subprocess measurement."""
    kd = [PY, "-m", "kamdocs"]
    aud = ["--audience", ctx.audience]
    cmds = {
        "check": [*kd, "check", str(ctx.playbook)],
        "report": [*kd, "report", str(ctx.playbook), "--json", *aud],
        "html": [*kd, "build", str(ctx.playbook), "--format", "html", *aud, "--out", str(ctx.out / "html")],
        "mkdocs": [
            PY,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(ctx.mkdocs / "mkdocs.yml"),
            "-d",
            str(ctx.out / "mkdocs"),
        ],
        "pdf": [*kd, "build", str(ctx.playbook), "--format", "pdf", *aud, "--out", str(ctx.out / "pdf")],
    }
    if ctx.print_spec is not None:
        cmds["weasyprint"] = [
            PY,
            str(BENCH / "raw_weasyprint.py"),
            str(ctx.print_spec),
            str(ctx.out / "weasyprint" / "raw.pdf"),
        ]
    if ctx.account is not None:
        cmds["account_pdf"] = [
            *kd,
            "build",
            str(ctx.playbook),
            "--format",
            "pdf",
            "--account",
            ctx.account,
            *aud,
            "--out",
            str(ctx.out / "account"),
        ]
    if ctx.account_spec is not None:
        cmds["account_weasyprint"] = [
            PY,
            str(BENCH / "raw_weasyprint.py"),
            str(ctx.account_spec),
            str(ctx.out / "account-weasyprint" / "raw.pdf"),
        ]
    return cmds


def first_account(playbook: Path) -> str | None:
    """Return the id of the playbook's first account (by file name), or None without accounts."""
    ids = sorted(p.stem for p in (playbook / "data" / "accounts").glob("*.yaml"))
    return ids[0] if ids else None


def prepare_print_html(ctx: Context, account: str | None = None) -> str | None:
    """Write kamdocs' own print HTML (the handbook, or ``account``'s plan) for a raw WeasyPrint baseline.

    Returns why it could not, or None; the spec goes to ``ctx.print_spec`` or ``ctx.account_spec``.
    """
    spec = ctx.out / "print" / ("account.json" if account else "spec.json")
    proc = subprocess.run(
        [
            PY,
            str(BENCH / "print_html_dump.py"),
            str(ctx.playbook),
            str(spec),
            ctx.audience,
            *([account] if account else []),
        ],
        capture_output=True,
        text=True,
        env=bench_env(),
        timeout=3600,
    )
    if proc.returncode != 0:
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        return lines[-1] if lines else f"exit {proc.returncode}"
    if account:
        ctx.account_spec = spec
    else:
        ctx.print_spec = spec
    return None


def summarise(series: measure.Series) -> dict[str, Any]:
    """Return the JSON record of a measured series."""
    if not series.ok:
        bad = next(r for r in series.runs if r.returncode != 0)
        tail = bad.stderr_tail.splitlines()[-1] if bad.stderr_tail else f"exit {bad.returncode}"
        return {
            "status": "failed",
            "note": f"failed: {tail}",
            "median_s": None,
            "cpu_s": None,
            "peak_mib": None,
            "runs_s": [],
        }
    return {
        "status": "ok",
        "note": "",
        "median_s": series.median_seconds(),
        "cpu_s": series.median_cpu_seconds(),
        "peak_mib": series.median_peak_mib(),
        "runs_s": [r.seconds for r in series.runs],
    }


def na(reason: str) -> dict[str, Any]:
    """Return the JSON record of a measurement that could not run."""
    return {"status": "n/a", "note": f"n/a: {reason}", "median_s": None, "cpu_s": None, "peak_mib": None, "runs_s": []}


def run_incremental(ctx: Context) -> dict[str, dict[str, Any]]:
    """Run bench/incremental.py and return its chapter and data records."""
    proc = subprocess.run(
        [
            PY,
            str(BENCH / "incremental.py"),
            str(ctx.playbook),
            "--repeat",
            str(max(ctx.repeat, 1)),
            "--audience",
            ctx.audience,
        ],
        capture_output=True,
        text=True,
        env=bench_env(),
        timeout=3600,
    )
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        result = {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    if "error" in result:
        failed: dict[str, Any] = {
            "status": "failed",
            "note": f"failed: {result['error']}",
            "median_s": None,
            "cpu_s": None,
            "peak_mib": None,
            "runs_s": [],
        }
        return {"incremental_chapter": failed, "incremental_data": dict(failed)}
    records = {}
    for kind in ("chapter", "data"):
        records[f"incremental_{kind}"] = {
            "status": "ok",
            "note": result["mode"],
            "median_s": result[f"{kind}_median_s"],
            "cpu_s": result.get(f"{kind}_cpu_s"),
            "peak_mib": None,
            "runs_s": result[f"{kind}_s"],
            "first_build_s": result["first_build_s"],
        }
    return records


def run_size(
    size: str, work: Path, args: argparse.Namespace, missing: dict[str, str], log: Callable[[str], None]
) -> dict[str, Any]:
    """Generate one size, measure everything for it and return its JSON record."""
    base = work / size
    playbook = base / "playbook"
    if not (playbook / "kamdocs.yaml").is_file():
        generate(size, playbook, args.seed)
    ctx = Context(size, playbook, base / "mkdocs", base / "out", args.audience, args.repeat)
    mkdocs_pages = make_mkdocs_project(playbook, ctx.mkdocs) if not (ctx.mkdocs / "mkdocs.yml").exists() else None
    wanted = ["check", "report", "html", "pdf", "account_pdf"]
    if args.baselines:
        wanted += ["mkdocs", "weasyprint", "account_weasyprint"]
    unavailable = {k: v for k, v in missing.items() if k in wanted}
    ctx.account = first_account(playbook)
    if ctx.account is None:
        for key in ("account_pdf", "account_weasyprint"):
            unavailable.setdefault(key, "the playbook has no account")
    if "weasyprint" in wanted and "weasyprint" not in unavailable:
        log(f"[{size}] writing kamdocs' print HTML for the raw WeasyPrint baseline")
        why = prepare_print_html(ctx)
        if why:
            unavailable["weasyprint"] = f"could not write kamdocs' print HTML: {why}"
    if "account_weasyprint" in wanted and "account_weasyprint" not in unavailable:
        log(f"[{size}] writing kamdocs' print HTML of the account plan {ctx.account} for its baseline")
        why = prepare_print_html(ctx, ctx.account)
        if why:
            unavailable["account_weasyprint"] = f"could not write kamdocs' print HTML: {why}"
    cmds = {k: v for k, v in commands(ctx).items() if k in wanted and k not in unavailable}
    series = {key: measure.Series() for key in cmds}
    env = bench_env()
    for round_no in range(args.repeat):
        for key, cmd in cmds.items():
            if key in ("pdf", "weasyprint") and round_no >= args.pdf_repeat:
                continue
            log(f"[{size}] round {round_no + 1}/{args.repeat}: {key}")
            series[key].runs.append(measure.run(cmd, env=env, timeout=args.timeout))
    results: dict[str, Any] = {}
    for key in wanted:
        results[key] = na(unavailable[key]) if key in unavailable else summarise(series[key])
    if "pdf" in cmds and results["pdf"]["status"] == "ok":
        pages = pdf_pages(ctx.out / "pdf")
        results["pdf"]["pages"] = pages
        results["pdf"]["pages_per_s"] = pages / results["pdf"]["median_s"] if pages else None
    if "weasyprint" in cmds and results["weasyprint"]["status"] == "ok":
        results["weasyprint"]["pages"] = pdf_pages(ctx.out / "weasyprint")
    for key, folder in (("account_pdf", "account"), ("account_weasyprint", "account-weasyprint")):
        if key in cmds and results[key]["status"] == "ok":
            results[key]["pages"] = pdf_pages(ctx.out / folder)
            results[key]["account"] = ctx.account
    if "incremental" in missing:
        results.update({k: na(missing["incremental"]) for k in ("incremental_chapter", "incremental_data")})
    else:
        log(f"[{size}] incremental rebuilds")
        results.update(run_incremental(ctx))
    pages_html = count_html(ctx.out / "html")
    pages_mkdocs = count_html(ctx.out / "mkdocs", skip=("404.html",)) or mkdocs_pages
    return {
        "inputs": tables.inputs_of(playbook),
        "pages": {"kamdocs_html": pages_html, "mkdocs": pages_mkdocs, "pdf": results["pdf"].get("pages")},
        "measurements": results,
        "ratios": tables.ratios(results, pages_html, pages_mkdocs),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Benchmark kamdocs against MkDocs and raw WeasyPrint.")
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S, M-lite, M, L")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (medians are reported)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    parser.add_argument(
        "--pdf-repeat",
        type=int,
        default=None,
        help="runs of the two PDF measurements (default: --repeat); PDFs of L take minutes",
    )
    parser.add_argument("--no-baselines", dest="baselines", action="store_false", help="skip MkDocs and raw WeasyPrint")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip every PDF measurement")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated measurements to leave out, e.g. pdf,weasyprint (the handbook PDFs of L take minutes)",
    )
    parser.add_argument("--audience", default="restricted", choices=["internal", "restricted"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None, help="keep playbooks and outputs in this folder")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    args.pdf_repeat = args.repeat if args.pdf_repeat is None else max(1, min(args.pdf_repeat, args.repeat))

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    log("probing which kamdocs features are importable")
    missing = {key: why for key, code in PROBES.items() if (why := probe(code))}
    if not args.pdf:
        missing.update({key: "skipped (--no-pdf)" for key in PDF_KEYS})
    for key in filter(None, (k.strip() for k in args.skip.split(","))):
        missing.setdefault(key, "skipped (--skip)")
    with tempfile.TemporaryDirectory(prefix="kamdocs-bench-") as tmp:
        work = args.work or Path(tmp)
        report: dict[str, Any] = {
            "schema": 1,
            "machine": tables.machine(),
            "load_average_start": os.getloadavg(),
            "versions": tables.versions(),
            "source": tables.source_state(),
            "settings": {
                "sizes": sizes,
                "repeat": args.repeat,
                "pdf_repeat": args.pdf_repeat,
                "audience": args.audience,
                "seed": args.seed,
                "baselines": args.baselines,
            },
            "sizes": {},
        }
        for size in sizes:
            try:
                report["sizes"][size] = run_size(size, work, args, missing, log)
            except Exception as exc:  # noqa: BLE001 - one broken size must not lose the others
                report["sizes"][size] = {
                    "error": f"{type(exc).__name__}: {exc}",
                    "measurements": {},
                    "ratios": {},
                    "pages": {},
                    "inputs": {},
                }
        report["load_average_end"] = os.getloadavg()
        report["targets"] = tables.targets(report["sizes"])
    text = tables.render(report)
    print(text)
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
