"""The preview's HTTP side: static files from the built output only, plus ``/__kamdocs__/`` endpoints.

stdlib ``ThreadingHTTPServer`` (one thread per connection, so a long-lived
event stream does not block page loads). Every request passes the Host check
and the path checks of :mod:`kamdocs.serve.safety` before a file is opened.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import socket
import socketserver
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from kamdocs.serve import livereload, overlay
from kamdocs.serve.safety import BadRequest, NotFound, decode_path, host_allowed, resolve_file, split_target

if TYPE_CHECKING:
    from kamdocs.serve.app import Preview

KEEPALIVE_SECONDS = 15.0
_TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")


class PreviewHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one preview."""

    daemon_threads = True
    allow_reuse_address = True  # rebinding right after a restart; does not allow two listeners

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.preview = preview
        super().__init__(address, PreviewHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup (``getfqdn`` can take seconds)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that went away; report anything else as the stdlib does."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    """Answer GET/HEAD for built pages and the live-reload endpoints; nothing else."""

    server: PreviewHTTPServer
    server_version = "kamdocs-preview"
    sys_version = ""
    timeout = 30  # a client that never finishes its request line does not hold a thread forever

    # -- plumbing -----------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Keep the terminal for build messages: no access log."""

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _common_headers(self) -> None:
        # no-store: a reload must always fetch the new build, never a cached page.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")

    def _plain(self, status: HTTPStatus) -> None:
        self._send(status, f"{status.value} {status.phrase}\n".encode(), "text/plain; charset=utf-8")

    def _html(self, status: int, page: bytes) -> None:
        preview = self.server.preview
        tag = livereload.script_tag(
            preview.state.snapshot().generation, preview.instance, *overlay.labels(preview.lang)
        )
        self._send(status, livereload.inject(page, tag), "text/html; charset=utf-8")

    # -- dispatch -----------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        """Answer like GET without a body."""
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        """Check the Host header and the path, then route."""
        preview = self.server.preview
        if not host_allowed(self.headers.get("Host"), preview.bound_host, preview.allowed_hosts):
            self._plain(HTTPStatus.BAD_REQUEST)
            return
        try:
            path, query = split_target(self.path)
            if path.startswith(livereload.PREFIX):
                self._internal(path[len(livereload.PREFIX) :], query)
            else:
                self._static(path, query)
        except BadRequest:
            self._plain(HTTPStatus.BAD_REQUEST)
        except NotFound:
            self._html(HTTPStatus.NOT_FOUND, overlay.not_found_page(preview.lang))

    def _static(self, path: str, query: str) -> None:
        preview = self.server.preview
        if not preview.state.snapshot().has_site:
            decode_path(path)  # hostile paths are refused even before the first build
            self._html(HTTPStatus.SERVICE_UNAVAILABLE, overlay.waiting_page(preview.lang))
            return
        out = preview.out
        file = resolve_file(out, path)
        if not path.endswith("/") and out.joinpath(*decode_path(path)).is_dir():
            # /accounts → /accounts/ so that the page's relative links resolve. Not 301: browsers
            # keep those forever, and in a preview a folder may become a page.
            location = path + "/" + (f"?{query}" if query else "")
            self._send(HTTPStatus.FOUND, b"", "text/plain; charset=utf-8", {"Location": location})
            return
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith(_TEXT_TYPES):
            content_type += "; charset=utf-8"
        try:
            handle = file.open("rb")
        except OSError as exc:  # swapped away between resolving and opening
            raise NotFound(path) from exc
        with handle:
            if content_type.startswith("text/html"):
                self._html(HTTPStatus.OK, handle.read())
                return
            size = Path(file).stat().st_size
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(size))
            self._common_headers()
            self.end_headers()
            if self.command != "HEAD":
                shutil.copyfileobj(handle, self.wfile)

    # -- /__kamdocs__/ ---------------------------------------------------------
    def _internal(self, name: str, query: str) -> None:
        if name == "livereload.js":
            self._send(HTTPStatus.OK, livereload.SCRIPT.encode(), "text/javascript; charset=utf-8")
        elif name == "livereload.css":
            self._send(HTTPStatus.OK, livereload.STYLESHEET.encode(), "text/css; charset=utf-8")
        elif name == "status":
            page = parse_qs(query).get("path", ["/"])[0]
            body = json.dumps(self.server.preview.status_json(page), ensure_ascii=False).encode()
            self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
        elif name == "events":
            self._events()
        elif name == "pdf":
            self._pdf(query)
        else:
            raise NotFound(name)

    def _events(self) -> None:
        """Stream one ``build`` event per finished build attempt (Server-Sent Events)."""
        state = self.server.preview.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self._common_headers()
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        status = state.snapshot()
        try:
            # retry: reconnect quickly after a restart of `kamdocs serve`.
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                data = json.dumps({"generation": status.generation, "attempt": status.attempt, "ok": status.ok})
                self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                self.wfile.flush()
                while (newer := state.wait(status.attempt, KEEPALIVE_SECONDS)) is None:
                    if state.stopping:
                        return
                    # A comment line: finds closed connections so their threads end.
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                status = newer
        except (ConnectionError, TimeoutError, OSError):
            return

    def _pdf(self, query: str) -> None:
        """Serve the current PDF; if it is not built yet, a page that builds it and then opens it."""
        pdf_on_demand = self.server.preview.pdf
        if "build" in parse_qs(query):
            if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                # Another web site open in the browser must not start builds here.
                self._plain(HTTPStatus.FORBIDDEN)
                return
            outcome = pdf_on_demand.build()
            body = json.dumps({"ok": outcome.pdf is not None}).encode()
            self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
            return
        current = pdf_on_demand.current()
        if current is None:
            # Answer at once: a handbook takes long, and a blank tab looks broken.
            page = overlay.pdf_waiting_page(self.server.preview.lang)
            self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
            return
        if current.pdf is None:
            self._html(HTTPStatus.SERVICE_UNAVAILABLE, current.error_page or b"")
            return
        with current.pdf.open("rb") as handle:
            size = current.pdf.stat().st_size
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(size))
            self.send_header("Content-Disposition", f'inline; filename="{_ascii_filename(current.pdf.name)}"')
            self._common_headers()
            self.end_headers()
            if self.command != "HEAD":
                shutil.copyfileobj(handle, self.wfile)


def _ascii_filename(name: str) -> str:
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in name)
