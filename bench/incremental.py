"""Time the rebuild after one changed chapter and one changed data file, as ``kamdocs serve`` does.

Runs in its own process (started by ``bench/run.py``) on a private copy of the playbook. When
``kamdocs.serve.builder`` is importable it calls the preview's builder with the
:class:`~kamdocs.serve.incremental.ChangeSet` the watcher would produce, plus the output diff that
decides which tabs reload; otherwise it times a full in-process ``build_project`` and says so.
Prints one JSON object. Usage: ``python bench/incremental.py PLAYBOOK [--repeat N] [--audience A]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _serve_rebuilder(root: Path, out: Path, audience: str) -> tuple[str, Callable[[list[str] | None], None]]:
    """Return (label, rebuild) using the preview's builder, or raise ImportError/AttributeError."""
    from kamdocs.serve import builder as serve_builder
    from kamdocs.serve.incremental import OutputIndex, classify

    # Prefer an incremental builder when the preview exposes one; else the preview's default builder.
    factory = getattr(serve_builder, "incremental_builder", None) or getattr(serve_builder, "make_builder", None)
    build = factory() if callable(factory) else serve_builder.project_builder
    name = getattr(build, "__qualname__", type(build).__name__)
    index = OutputIndex()

    def rebuild(changed: list[str] | None) -> None:
        changes = None if changed is None else classify(changed)
        build(serve_builder.BuildRequest(root=root, out=out, audience=audience, fmt="html", changes=changes))
        index.update(out)

    kind = ", a full build" if build is serve_builder.project_builder else ""
    return f"serve builder {serve_builder.__name__}.{name} + output diff{kind}", rebuild


def _full_rebuilder(root: Path, out: Path, audience: str) -> tuple[str, Callable[[list[str] | None], None]]:
    """Return (label, rebuild) that runs a full in-process build_project."""
    from kamdocs.build import build_project

    def rebuild(changed: list[str] | None) -> None:
        build_project(root, formats=("html",), audience=audience, out=out)  # type: ignore[arg-type,unused-ignore]

    return "full in-process rebuild (kamdocs.serve incremental API not importable)", rebuild


def _edit_chapter(root: Path, round_no: int) -> str:
    """Append a sentence to the middle chapter; return its relative path."""
    chapters = sorted((root / "content").glob("*.md"))
    path = chapters[len(chapters) // 2]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nÄnderung {round_no}: Der Key-Account-Manager ergänzt diesen Absatz.\n")
    return path.relative_to(root).as_posix()


def _edit_data(root: Path, round_no: int) -> str:
    """Change the revenue of the first account (or a KPI actual); return its relative path."""
    accounts = sorted((root / "data" / "accounts").glob("*.yaml"))
    path = accounts[0] if accounts else root / "data" / "company.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("revenue:")]
    lines.insert(1, f"revenue: {1_000_000 + round_no * 1000}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.relative_to(root).as_posix()


def measure(playbook: Path, repeat: int, audience: str) -> dict[str, Any]:
    """Return the timings of a first build and of ``repeat`` chapter and data rebuilds."""
    with tempfile.TemporaryDirectory(prefix="kamdocs-bench-inc-") as tmp:
        root = Path(tmp) / "playbook"
        shutil.copytree(playbook, root)
        out = Path(tmp) / "site"
        try:
            label, rebuild = _serve_rebuilder(root, out, audience)
        except (ImportError, AttributeError):
            label, rebuild = _full_rebuilder(root, out, audience)
        started = time.perf_counter()
        rebuild(None)
        first = time.perf_counter() - started
        wall: dict[str, list[float]] = {"chapter": [], "data": []}
        cpu: dict[str, list[float]] = {"chapter": [], "data": []}
        for round_no in range(repeat):
            for kind, edit in (("chapter", _edit_chapter), ("data", _edit_data)):
                rel = edit(root, round_no)
                started, cpu_started = time.perf_counter(), time.process_time()
                rebuild([rel])
                wall[kind].append(time.perf_counter() - started)
                cpu[kind].append(time.process_time() - cpu_started)
        result: dict[str, Any] = {"mode": label, "first_build_s": first}
        for kind in ("chapter", "data"):
            result[f"{kind}_s"] = wall[kind]
            result[f"{kind}_median_s"] = statistics.median(wall[kind])
            result[f"{kind}_cpu_s"] = statistics.median(cpu[kind])
        return result


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser()
    parser.add_argument("playbook", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--audience", default="internal")
    args = parser.parse_args()
    try:
        result = measure(args.playbook, args.repeat, args.audience)
    except Exception as exc:  # noqa: BLE001 - reported as a failed measurement, never a crash
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
