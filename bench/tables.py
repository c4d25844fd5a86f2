"""Facts about the machine and inputs, ratios to the baselines, the issue's targets, the printed table."""

from __future__ import annotations

import importlib.metadata
import os
import platform
from pathlib import Path
from typing import Any

import yaml

GB_AS_MIB = 2e9 / 2**20  # "2 GB" read strictly as 2·10⁹ bytes

LABELS = {
    "check": "kamdocs check",
    "report": "kamdocs report --json",
    "html": "kamdocs build html",
    "mkdocs": "  baseline: mkdocs build",
    "pdf": "kamdocs build pdf",
    "weasyprint": "  baseline: raw WeasyPrint",
    "account_pdf": "kamdocs build pdf --account",
    "account_weasyprint": "  baseline: WeasyPrint (plan)",
    "incremental_chapter": "rebuild: 1 chapter changed",
    "incremental_data": "rebuild: 1 data file changed",
}


def machine() -> dict[str, Any]:
    """Return cores, CPU model, memory and Python of this machine."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def versions() -> dict[str, str | None]:
    """Return the versions of kamdocs and the baselines."""
    result: dict[str, str | None] = {}
    for name in ("kamdocs", "mkdocs", "mkdocs-material", "weasyprint", "markdown", "jinja2", "pydantic"):
        try:
            result[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            result[name] = None
    return result


def source_state() -> dict[str, Any]:
    """Return the git commit of the measured kamdocs and whether its working tree had changes."""
    import subprocess

    repo = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=30
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "kamdocs", "themes"],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit or None, "dirty": bool(dirty)}


def inputs_of(playbook: Path) -> dict[str, int]:
    """Return how many accounts, candidates, tasks, chapters and prose words a playbook has."""

    def items(name: str, key: str) -> int:
        path = playbook / "data" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
        return len((data or {}).get(key) or [])

    chapters = sorted((playbook / "content").glob("*.md"))
    return {
        "accounts": len(list((playbook / "data" / "accounts").glob("*.yaml"))),
        "candidates": items("candidates.yaml", "candidates"),
        "tasks": items("tasks.yaml", "tasks"),
        "chapters": len(chapters),
        "words": sum(len(p.read_text(encoding="utf-8").split()) for p in chapters),
    }


def _ratio(results: dict[str, Any], ours: str, theirs: str, field: str = "median_s") -> float | None:
    a, b = results.get(ours, {}), results.get(theirs, {})
    if a.get(field) and b.get(field):
        return float(a[field] / b[field])
    return None


def ratios(
    results: dict[str, Any], pages_html: int | None = None, pages_mkdocs: int | None = None
) -> dict[str, float | None]:
    """Return kamdocs' times as ratios to their baselines (wall, CPU, and wall per HTML page)."""
    html = _ratio(results, "html", "mkdocs")
    per_page = html * pages_mkdocs / pages_html if html is not None and pages_html and pages_mkdocs else None
    return {
        "html_vs_mkdocs": html,
        "html_vs_mkdocs_cpu": _ratio(results, "html", "mkdocs", "cpu_s"),
        "html_vs_mkdocs_per_page": per_page,
        "pdf_vs_weasyprint": _ratio(results, "pdf", "weasyprint"),
        "pdf_vs_weasyprint_cpu": _ratio(results, "pdf", "weasyprint", "cpu_s"),
        "account_pdf_vs_weasyprint": _ratio(results, "account_pdf", "account_weasyprint"),
        "account_pdf_vs_weasyprint_cpu": _ratio(results, "account_pdf", "account_weasyprint", "cpu_s"),
    }


def _target(name: str, value: float | None, limit: float, unit: str, why: str) -> dict[str, Any]:
    met = None if value is None else value < limit if unit != "×" else value <= limit
    note = "" if value is not None else why if why.startswith(("n/a:", "failed:")) else f"n/a: {why}"
    return {"name": name, "value": value, "limit": limit, "unit": unit, "met": met, "note": note}


def targets(sizes: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the issue's absolute and relative targets, each met, not met or n/a."""

    def get(size: str, key: str, field: str = "median_s") -> tuple[float | None, str]:
        if size not in sizes:
            return None, f"size {size} was not run"
        record = sizes[size].get("measurements", {}).get(key)
        if record is None:
            return None, f"{key} was not measured for {size}"
        if record.get(field) is None:
            return None, record.get("note") or "no value"
        return float(record[field]), ""

    def ratio(size: str, key: str) -> tuple[float | None, str]:
        if size not in sizes:
            return None, f"size {size} was not run"
        value = sizes[size].get("ratios", {}).get(key)
        return value, "" if value is not None else "kamdocs or its baseline was not measured"

    result = [
        _target(
            "HTML build of L ≤ 0.5× MkDocs",
            *ratio("L", "html_vs_mkdocs")[:1],
            0.5,
            "×",
            ratio("L", "html_vs_mkdocs")[1],
        ),
        _target(
            "PDF build of L ≤ 1.15× raw WeasyPrint",
            *ratio("L", "pdf_vs_weasyprint")[:1],
            1.15,
            "×",
            ratio("L", "pdf_vs_weasyprint")[1],
        ),
    ]
    for kind in ("chapter", "data"):
        value, why = get("M", f"incremental_{kind}")
        result.append(_target(f"incremental rebuild of M ({kind}) < 300 ms", value, 0.3, "s", why))
        result[-1]["cpu"] = get("M", f"incremental_{kind}", "cpu_s")[0]
    value, why = get("L", "check")
    result.append(_target("check of L < 2 s", value, 2.0, "s", why))
    result[-1]["cpu"] = get("L", "check", "cpu_s")[0]
    value, why = get("L", "pdf", "peak_mib")
    result.append(_target("PDF of L < 2 GB peak memory", value, GB_AS_MIB, "MiB", why))
    # Issue 13: one account's plan PDF of the example playbook (size S is the example, copied).
    value, why = get("S", "account_pdf")
    result.append(_target("account plan PDF of S (the example) < 5 s", value, 5.0, "s", why))
    result[-1]["cpu"] = get("S", "account_pdf", "cpu_s")[0]
    return result


def target_value(t: dict[str, Any]) -> str:
    """Return a target's measured value with its unit, or '' when it was not measured."""
    if t["value"] is None:
        return ""
    unit = t["unit"]
    if unit == "×":
        return f"{t['value']:.2f}×"
    if unit == "s":
        cpu = t.get("cpu")
        return f"{t['value']:.3f} s" + (f" (CPU {cpu:.3f} s)" if cpu is not None else "")
    return f"{t['value']:.0f} MiB"


_RATIO = {"html": "html_vs_mkdocs", "pdf": "pdf_vs_weasyprint", "account_pdf": "account_pdf_vs_weasyprint"}
"""The row that carries a ratio → its key in a size's ``ratios``."""
_CPU_RATIO = {key: f"{name}_cpu" for key, name in _RATIO.items()}


def _row_ratio(key: str, ratios: dict[str, Any]) -> float | None:
    """Return the (wall) ratio shown on the row of ``key``, if it has one."""
    return ratios.get(_RATIO[key]) if key in _RATIO else None


def _page_count(key: str, record: dict[str, Any], pages: dict[str, Any]) -> int | None:
    """Return the page count shown on the row of ``key``: HTML pages, or the PDF's pages."""
    if key == "html":
        return pages.get("kamdocs_html")
    if key == "mkdocs":
        return pages.get("mkdocs")
    if key in ("pdf", "weasyprint", "account_pdf", "account_weasyprint"):
        return record.get("pages")
    return None


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def render(report: dict[str, Any]) -> str:
    """Return the human-readable results table."""
    m = report["machine"]
    s = report["settings"]
    lines = [
        f"kamdocs benchmark: {m['nproc']} cores, {m['cpu']}, Python {m['python']}; "
        f"medians of {s['repeat']} run(s)"
        + (f" ({s['pdf_repeat']} for PDFs)" if s.get("pdf_repeat", s["repeat"]) != s["repeat"] else "")
        + f"; audience {s['audience']}",
        "",
    ]
    header = f"{'size':<7}{'measurement':<31}{'wall s':>9}{'cpu s':>9}{'peak MiB':>9}{'pages':>6}{'ratio':>7}  note"
    lines += [header, "-" * len(header)]
    for size, record in report["sizes"].items():
        if "error" in record:
            lines.append(f"{size:<7}error: {record['error']}")
            continue
        results = record["measurements"]
        pages = record["pages"]
        rat = record["ratios"]
        for key, label in LABELS.items():
            if key not in results:
                continue
            r = results[key]
            page_count = _page_count(key, r, pages)
            ratio = _row_ratio(key, rat)
            note = r["note"]
            if key == "html" and ratio is not None:
                note = (
                    f"cpu ratio {_fmt(rat.get('html_vs_mkdocs_cpu'))}×, "
                    f"per page {_fmt(rat.get('html_vs_mkdocs_per_page'))}×"
                )
            if key == "pdf" and r.get("pages_per_s"):
                note = f"{r['pages_per_s']:.1f} pages/s"
                if rat.get("pdf_vs_weasyprint_cpu") is not None:
                    note += f", cpu ratio {_fmt(rat['pdf_vs_weasyprint_cpu'])}×"
            if key == "account_pdf" and r.get("account"):
                note = f"account {r['account']}"
                if rat.get("account_pdf_vs_weasyprint_cpu") is not None:
                    note += f", cpu ratio {_fmt(rat['account_pdf_vs_weasyprint_cpu'])}×"
            lines.append(
                f"{size:<7}{label:<31}{_fmt(r['median_s'], 3):>9}{_fmt(r.get('cpu_s'), 3):>9}"
                f"{_fmt(r['peak_mib'], 0):>9}{'' if not page_count else page_count:>6}"
                f"{(_fmt(ratio) + '×') if ratio is not None else '':>7}  {note}"
            )
    lines += ["", "targets of issues 8 and 13:"]
    for t in report["targets"]:
        mark = {True: "met", False: "NOT MET", None: "n/a"}[t["met"]]
        lines.append(f"  [{mark:>7}] {t['name']}: {target_value(t) or t['note']}")
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    """Return the results as a Markdown table (for docs/performance.md)."""
    rows = [
        "| size | measurement | wall s (median) | CPU s | peak MiB | pages | ratio to baseline |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for size, record in report["sizes"].items():
        if "error" in record:
            rows.append(f"| {size} | error: {record['error']} | | | | | |")
            continue
        results, pages, rat = record["measurements"], record["pages"], record["ratios"]
        for key, label in LABELS.items():
            r = results.get(key)
            if r is None:
                continue
            page_count = _page_count(key, r, pages)
            ratio = _row_ratio(key, rat)
            if r["median_s"] is None:
                rows.append(f"| {size} | {label.strip()} | {r['note']} | | | | |")
                continue
            ratio_text = ""
            if ratio is not None:
                cpu = rat.get(_CPU_RATIO[key])
                ratio_text = f"{ratio:.2f}× (CPU {_fmt(cpu)}×)"
            rows.append(
                f"| {size} | {label.strip()} | {r['median_s']:.3f} | {_fmt(r.get('cpu_s'), 3)} | "
                f"{_fmt(r['peak_mib'], 0)} | {page_count or ''} | {ratio_text} |"
            )
    return "\n".join(rows)


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Return one report holding the sizes of several runs, with ratios and targets recomputed.

    A later run's measurement replaces an earlier one unless it is ``n/a`` (e.g. a ``--no-pdf``
    run keeps the PDF numbers of an earlier run of the same size).
    """
    merged = dict(reports[0])
    merged["sizes"] = {}
    for report in reports:
        for size, record in report["sizes"].items():
            old = merged["sizes"].get(size)
            if old is None or "error" in old or "error" in record:
                merged["sizes"][size] = record
                continue
            results = dict(old["measurements"])
            results.update(
                {k: v for k, v in record["measurements"].items() if v.get("status") != "n/a" or k not in results}
            )
            pages = dict(old.get("pages", {}))
            pages.update({k: v for k, v in record.get("pages", {}).items() if v})
            merged["sizes"][size] = {
                **record,
                "measurements": results,
                "pages": pages,
                "ratios": ratios(results, pages.get("kamdocs_html"), pages.get("mkdocs")),
            }
    merged["targets"] = targets(merged["sizes"])
    return merged


if __name__ == "__main__":
    import json
    import sys

    loaded = [json.loads(Path(name).read_text(encoding="utf-8")) for name in sys.argv[1:]]
    if not loaded:
        raise SystemExit("usage: python bench/tables.py RESULTS.json [MORE.json …]  (prints Markdown)")
    combined = merge(loaded)
    print(markdown(combined))
    print()
    for t in combined["targets"]:
        mark = {True: "met", False: "**not met**", None: "n/a"}[t["met"]]
        print(f"- {t['name']}: {mark} ({target_value(t) or t['note']})")
