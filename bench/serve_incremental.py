"""Measure `kamdocs serve`: time from saving a file to the live-reload event, for the example playbook.

Starts the real preview (watcher, incremental builder, HTTP server) on a private
copy of the example, listens on /__kamdocs__/events like a browser tab does, and
for each round saves one edit and waits for the build event. Reported: median
and maximum per kind of edit; goal: under 300 ms on a 2-core machine. With
``--full`` the preview uses the plain ``build_project`` (no page memo), for
comparison. Usage: ``python bench/serve_incremental.py [--rounds N] [--full] [--json]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamdocs.resources import example_dir
from kamdocs.serve import Terminal, start_server
from kamdocs.serve.builder import incremental_builder, project_builder

GOAL_MS = 300.0


def _copy_example(dest: Path) -> Path:
    import shutil

    source = example_dir("de")
    dest.mkdir(parents=True)
    shutil.copy2(source / "kamdocs.yaml", dest / "kamdocs.yaml")
    shutil.copytree(source / "data", dest / "data")
    shutil.copytree(source / "content", dest / "content")
    return dest


class Events:
    """A Server-Sent-Events reader, as the injected script is."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", "/__kamdocs__/events", headers={"Host": "127.0.0.1"})
        self.response = self.conn.getresponse()

    def next_build(self) -> dict[str, Any]:
        while True:
            line = self.response.fp.readline()
            if not line:
                raise EOFError("event stream closed")
            if line.startswith(b"data: "):
                data: dict[str, Any] = json.loads(line[6:])
                return data

    def close(self) -> None:
        self.response.close()
        self.conn.close()


def _chapter_edit(root: Path) -> Callable[[int], None]:
    path = root / "content" / "10-einleitung.md"

    def edit(round_no: int) -> None:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nÄnderung {round_no}: ein weiterer Satz in der Einleitung.\n")

    return edit


def _data_edit(root: Path) -> Callable[[int], None]:
    path = root / "data" / "tasks.yaml"
    original = path.read_text(encoding="utf-8")

    def edit(round_no: int) -> None:
        path.write_text(original.replace('title: "Konzeption"', f'title: "Konzeption {round_no}"', 1), encoding="utf-8")

    return edit


def measure(rounds: int, full: bool) -> dict[str, Any]:
    """Return save→reload-event times in milliseconds per kind of edit."""
    with tempfile.TemporaryDirectory(prefix="kamdocs-bench-serve-") as tmp:
        root = _copy_example(Path(tmp) / "playbook")
        quiet = Terminal(info=lambda _: None, problem=lambda _: None)
        started = time.perf_counter()
        handle = start_server(root, port=0, terminal=quiet, build=project_builder if full else incremental_builder())
        first_ms = (time.perf_counter() - started) * 1000
        events = Events(handle.port)
        try:
            seen = events.next_build()["attempt"]
            results: dict[str, list[float]] = {"chapter": [], "data": []}
            edits = {"chapter": _chapter_edit(root), "data": _data_edit(root)}
            for round_no in range(1, rounds + 1):
                for kind, edit in edits.items():
                    saved = time.perf_counter()
                    edit(round_no)
                    event = events.next_build()
                    while event["attempt"] <= seen:
                        event = events.next_build()
                    seen = event["attempt"]
                    if not event["ok"]:
                        raise RuntimeError(f"the {kind} edit broke the build")
                    results[kind].append((time.perf_counter() - saved) * 1000)
        finally:
            events.close()
            handle.stop()
    return {
        "builder": "full build_project" if full else "incremental (page memo)",
        "first_build_ms": round(first_ms),
        **{f"{kind}_ms": [round(t) for t in times] for kind, times in results.items()},
        **{f"{kind}_median_ms": round(statistics.median(times)) for kind, times in results.items()},
        **{f"{kind}_max_ms": round(max(times)) for kind, times in results.items()},
        "goal_ms": GOAL_MS,
    }


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--full", action="store_true", help="use the plain build_project, for comparison")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.rounds, args.full)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"kamdocs serve, example playbook, {result['builder']}; first build {result['first_build_ms']} ms")
    for kind in ("chapter", "data"):
        median, worst = result[f"{kind}_median_ms"], result[f"{kind}_max_ms"]
        verdict = "ok" if median < GOAL_MS else "over the goal"
        print(
            f"  save → reload event after a {kind} edit: median {median} ms, max {worst} ms "
            f"(goal < {GOAL_MS:.0f} ms: {verdict})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
