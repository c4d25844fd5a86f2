"""Run one command in a cold subprocess and measure whole-process wall time and peak memory.

Peak memory is the larger of two readings, both from /proc while the command runs (every 20 ms):
the summed RSS of the whole process tree, so a build that fans out into worker processes is not
under-reported, and the largest ``VmHWM`` of any process in it (the kernel's exact high-water mark
of a process since it started its program). Not ``ru_maxrss`` from ``os.wait4``: ``subprocess``
starts the child with vfork, and Linux then keeps the *parent's* high-water mark as the child's
``ru_maxrss`` — a benchmark that generated L first reported 839 MiB for every later build. A
peak shorter than the sampling interval at the very end of a process can be missed; the builds
measured here run for seconds.

Summed RSS counts memory that processes share once per process: a worker forked from a fork server
that has imported WeasyPrint shares those pages with it and with the other workers. So the tree's
summed PSS (``/proc/PID/smaps_rollup``: each shared page split between the processes that map it)
is recorded too, every 100 ms — what the tree takes from the machine. For one process the two agree.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    """One timed execution."""

    seconds: float
    peak_mib: float
    returncode: int
    cpu_s: float = 0.0
    """User + system CPU time of the child and its waited-for descendants: far less noisy than wall time."""
    stderr_tail: str = ""
    stdout: str = ""
    peak_pss_mib: float = 0.0
    """Peak of the tree's summed PSS: memory shared between processes (a fork server's imports in
    its forked workers) counted once, split between them — what the tree takes from the machine."""


@dataclass
class Series:
    """Repeated runs of one measurement and their medians."""

    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether every run succeeded."""
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    def median_seconds(self) -> float:
        """Return the median wall time."""
        return statistics.median(r.seconds for r in self.runs)

    def median_cpu_seconds(self) -> float:
        """Return the median CPU time."""
        return statistics.median(r.cpu_s for r in self.runs)

    def median_peak_mib(self) -> float:
        """Return the median peak memory."""
        return statistics.median(r.peak_mib for r in self.runs)


def _children() -> dict[int, list[int]]:
    """Return parent pid → child pids for every process visible in /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: split after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree(root: int) -> list[int]:
    """Return ``root`` and all its descendants' pids."""
    tree = _children()
    found: list[int] = []
    stack = [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(tree.get(pid, []))
    return found


def _fields(path: str, names: tuple[bytes, ...]) -> dict[bytes, int]:
    """Return the KiB values of the ``names`` lines of a /proc file ({} if the process is gone)."""
    values: dict[bytes, int] = {}
    try:
        with open(path, "rb") as handle:
            for line in handle:
                name = line.split(b":", 1)[0]
                if name in names:
                    values[name] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return values


def tree_memory_kib(root: int) -> tuple[int, int]:
    """Return (summed RSS, largest VmHWM) of ``root`` and all its descendants in KiB."""
    readings = [_fields(f"/proc/{pid}/status", (b"VmRSS", b"VmHWM")) for pid in _tree(root)]
    return sum(r.get(b"VmRSS", 0) for r in readings), max((r.get(b"VmHWM", 0) for r in readings), default=0)


def tree_pss_kib(root: int) -> int:
    """Return the summed proportional set size of ``root`` and all its descendants in KiB."""
    return sum(_fields(f"/proc/{pid}/smaps_rollup", (b"Pss",)).get(b"Pss", 0) for pid in _tree(root))


def run(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 3600) -> Run:
    """Run ``cmd`` to completion and return its wall time, peak memory and exit code."""
    peak = [0]
    done = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    pss = [0]

    def sample() -> None:
        count = 0
        while not done.wait(0.02):
            peak[0] = max(peak[0], *tree_memory_kib(proc.pid))
            count += 1
            if count % 5 == 0:  # smaps_rollup walks the page tables: every 100 ms is enough
                pss[0] = max(pss[0], tree_pss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Drain pipes in threads so a chatty child never blocks on a full pipe.
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [
        threading.Thread(target=lambda s=s, b=b: b.append(s.read()), daemon=True)  # type: ignore[misc,unused-ignore]
        for s, b in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))
    ]
    for reader in readers:
        reader.start()
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    killer.cancel()
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = b"".join(err_chunks).decode("utf-8", "replace")
    tail = "\n".join(stderr.strip().splitlines()[-3:])
    peak_kib = peak[0]
    return Run(
        seconds,
        peak_kib / 1024,
        proc.returncode,
        usage.ru_utime + usage.ru_stime,
        tail,
        b"".join(out_chunks).decode("utf-8", "replace"),
        pss[0] / 1024,
    )
