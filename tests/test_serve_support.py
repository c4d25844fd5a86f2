"""Helpers for the serve tests: a fake builder, HTTP with a chosen Host and raw path, polling."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.serve import BuildReport, BuildRequest, PreviewHandle, Terminal, start_server

T = TypeVar("T")


def fake_project(root: Path) -> Path:
    """Write a tiny project the fake builder understands."""
    (root / "content").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "kamdocs.yaml").write_text("title: Fake\n", encoding="utf-8")
    (root / "data" / "company.yaml").write_text("name: Fake GmbH\n", encoding="utf-8")
    (root / "content" / "10-intro.md").write_text("Hallo Welt\n", encoding="utf-8")
    (root / "content" / "20-plan.md").write_text("Der Plan\n", encoding="utf-8")
    return root


class FakeBuilder:
    """Render each chapter's text into <slug>.html; 'BROKEN' in a data file is a build error."""

    def __init__(self) -> None:
        self.requests: list[BuildRequest] = []

    def __call__(self, request: BuildRequest) -> BuildReport:
        self.requests.append(request)
        root = request.root
        for data in sorted((root / "data").glob("*.yaml")):
            text = data.read_text(encoding="utf-8")
            if "BROKEN" in text:
                line = text[: text.index("BROKEN")].count("\n") + 1
                raise KamdocsError(
                    [
                        Problem(
                            f"data/{data.name}",
                            line,
                            7,
                            Severity.ERROR,
                            'expected a number, got "<img src=x onerror=alert(1)>"',
                        )
                    ]
                )
        stage = request.out.with_name(request.out.name + ".new")
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir(parents=True)
        if request.fmt == "pdf":
            (stage / "handbook.pdf").write_bytes(b"%PDF-1.4 fake handbook\n%%EOF\n")
        else:
            links = []
            for chapter in sorted((root / "content").glob("*.md")):
                slug = chapter.stem.split("-", 1)[1]
                body = chapter.read_text(encoding="utf-8")
                (stage / f"{slug}.html").write_text(
                    f"<!DOCTYPE html><html><head><title>{slug}</title></head><body><main>{body}</main></body></html>",
                    encoding="utf-8",
                )
                links.append(f'<a href="{slug}.html">{slug}</a>')
            (stage / "index.html").write_text(
                f"<!DOCTYPE html><html><head><title>Start</title></head><body>{''.join(links)}</BODY></html>",
                encoding="utf-8",
            )
            (stage / "accounts").mkdir()
            (stage / "accounts" / "index.html").write_text("<html><body>Accounts</body></html>", encoding="utf-8")
            (stage / "style.css").write_text("body { color: black }\n", encoding="utf-8")
        old = request.out.with_name(request.out.name + ".old")
        if request.out.exists():
            os.rename(request.out, old)
        os.rename(stage, request.out)
        shutil.rmtree(old, ignore_errors=True)
        return BuildReport(language="en")


@dataclass
class Recorded:
    """What the preview printed."""

    info: list[str]
    problems: list[Problem]
    warnings: list[str] = field(default_factory=list)

    def terminal(self) -> Terminal:
        return Terminal(info=self.info.append, problem=self.problems.append, warning=self.warnings.append)


@contextmanager
def serving(root: Path, **kwargs: Any) -> Iterator[tuple[PreviewHandle, Recorded]]:
    """Start a preview on a free port and stop it afterwards."""
    recorded = Recorded([], [])
    kwargs.setdefault("terminal", recorded.terminal())
    if "build" in kwargs:
        kwargs.setdefault("build_pdf", kwargs["build"])  # a fake builder makes the fake PDF too
    handle = start_server(root, port=0, **kwargs)
    try:
        yield handle, recorded
    finally:
        handle.stop()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def get(port: int, path: str, *, host: str | None = "127.0.0.1", method: str = "GET", timeout: float = 30) -> Response:
    """Send one request with exactly this raw path and Host header (None: no Host header)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        conn.close()


def raw_request(port: int, data: bytes) -> bytes:
    """Send raw bytes (e.g. a request line with a NUL byte) and return the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def poll(check: Callable[[], T | None], timeout: float = 20.0, interval: float = 0.05) -> T:
    """Call ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s (last value: {last!r})")


def write_later(path: Path, text: str) -> None:
    """Rewrite ``path`` so that file watchers see a modification."""
    path.write_text(text, encoding="utf-8")


class EventStream:
    """Read Server-Sent Events from /__kamdocs__/events with a timeout."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        self.conn.request("GET", "/__kamdocs__/events", headers={"Host": "127.0.0.1"})
        self.response = self.conn.getresponse()

    def next_event(self) -> dict[str, Any]:
        event: dict[str, Any] = {}
        while True:
            line = self.response.fp.readline().decode("utf-8")
            if line == "":
                raise EOFError("stream closed")
            line = line.rstrip("\n")
            if not line:
                if "data" in event:
                    return event
                continue
            if line.startswith(":"):
                continue
            key, _, value = line.partition(": ")
            event[key] = json.loads(value) if key == "data" else value

    def close(self) -> None:
        self.response.close()
        self.conn.close()


def example_copy(dest: Path) -> Path:
    """Copy the example playbook (settings, data, content) into ``dest``."""
    from kamdocs.resources import example_dir

    source = example_dir("de")
    dest.mkdir(parents=True)
    shutil.copy2(source / "kamdocs.yaml", dest / "kamdocs.yaml")
    shutil.copytree(source / "data", dest / "data")
    shutil.copytree(source / "content", dest / "content")
    return dest


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file below ``folder`` by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
