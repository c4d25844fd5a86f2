"""``kamdocs serve``: build into a temporary folder, serve it, rebuild on change, reload the tabs."""

from __future__ import annotations

import errno
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.serve import overlay
from kamdocs.serve.builder import BuildFunction, BuildReport, BuildRequest, incremental_builder, pdf_in_worker
from kamdocs.serve.incremental import CONFIG_FILE, ChangeSet, OutputIndex, SourceFingerprints, classify
from kamdocs.serve.pdf import PdfOnDemand
from kamdocs.serve.safety import WILDCARD_HOSTS, BadRequest, NotFound, allowed_hosts, decode_path, resolve_file
from kamdocs.serve.server import PreviewHTTPServer
from kamdocs.serve.state import BuildState, Status
from kamdocs.serve.watcher import SourceWatcher


@dataclass
class Terminal:
    """Where the preview reports: info lines to stdout, problems and warnings to stderr (tests pass lists)."""

    info: Callable[[str], None] = field(default=lambda text: print(text, flush=True))
    problem: Callable[[Problem], None] = field(default=lambda p: print(p.format(), file=sys.stderr, flush=True))
    warning: Callable[[str], None] = field(default=lambda text: print(f"warning: {text}", file=sys.stderr, flush=True))


class Preview:
    """One running preview: temporary output folder, build state, builder, watcher and HTTP server."""

    def __init__(
        self,
        root: Path,
        *,
        host: str,
        audience: str,
        build: BuildFunction,
        build_pdf: BuildFunction,
        terminal: Terminal,
    ) -> None:
        self.root = root
        self.audience = audience
        self.bound_host = host
        self.allowed_hosts = allowed_hosts(host)
        self._build = build
        self.terminal = terminal
        self.tmp = Path(tempfile.mkdtemp(prefix="kamdocs-serve-"))
        self.out = self.tmp / "site"
        self.instance = self.tmp.name
        """Tells the tabs apart from those of an earlier `kamdocs serve` (unique per run)."""
        self.state = BuildState()
        self.lang = "de"  # the settings' default language until a build tells
        self._outputs = OutputIndex()
        self._sources = SourceFingerprints(root)
        self._build_lock = threading.Lock()
        self._source_version = 0
        # Its own lock and a worker process: saving goes on refreshing the preview meanwhile.
        self.pdf = PdfOnDemand(
            root, self.tmp, audience, build_pdf, terminal, version=lambda: self._source_version, lang=lambda: self.lang
        )
        self._pending_full = True  # after a failure the next build starts from scratch

    # -- building -------------------------------------------------------------
    def scan_sources(self) -> None:
        """Remember the sources as they are, so that saves without a changed byte are ignored."""
        self._sources.scan()

    def on_change(self, rels: list[str]) -> None:
        """Rebuild for the changed sources (called by the watcher thread)."""
        changed = self._sources.changed(rels)
        if not changed:
            return
        self.rebuild(classify(changed))

    def rebuild(self, changes: ChangeSet | None = None) -> Status:
        """Build the HTML into the served folder and publish the outcome to every tab."""
        with self._build_lock:
            self._source_version += 1
            full = changes is None or self._pending_full
            request = BuildRequest(self.root, self.out, self.audience, "html", None if full else changes)
            started = time.perf_counter()
            try:
                report = self._build(request) or BuildReport()
            except KamdocsError as exc:
                return self._failed(_problems_of(exc))
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
                traceback.print_exc()
                message = f"internal error in kamdocs ({type(exc).__name__}: {exc}); please report it"
                return self._failed([Problem(CONFIG_FILE, 1, 1, Severity.ERROR, message)])
            elapsed = (time.perf_counter() - started) * 1000
            self._pending_full = False
            if report.language:
                self.lang = report.language
            for problem in report.problems:
                self.terminal.problem(problem)
            changed = self._outputs.update(self.out)
            status = self.state.succeed(changed)
            pages = sum(1 for rel in changed if rel.endswith(".html"))
            if changes is None:
                self.terminal.info(f"built {pages} page{'' if pages == 1 else 's'} in {elapsed:.0f} ms")
            else:
                what = {0: "no page changed", 1: "1 page changed"}.get(pages, f"{pages} pages changed")
                self.terminal.info(f"rebuilt after a change to {changes.describe()} in {elapsed:.0f} ms: {what}")
            return status

    def _failed(self, problems: list[Problem]) -> Status:
        self._pending_full = True
        for problem in problems:
            self.terminal.problem(problem)
        self.terminal.info("build failed; still serving the last good build")
        return self.state.fail(problems)

    # -- status for the client ------------------------------------------------------
    def status_json(self, page: str) -> dict[str, Any]:
        """Return what the live-reload script needs for the page at URL path ``page``."""
        status = self.state.snapshot()
        rel, exists = self._page_file(page, status.has_site)
        fragment = None
        if not status.ok:
            fragment = overlay.overlay_fragment(status.problems, self.lang, has_site=status.has_site)
        return {
            "instance": self.instance,
            "generation": status.generation,
            "attempt": status.attempt,
            "ok": status.ok,
            "page_generation": self.state.page_generation(rel, exists),
            "problems": [p.format() for p in status.problems],
            "overlay": fragment,
        }

    def _page_file(self, page: str, has_site: bool) -> tuple[str, bool]:
        try:
            segments = decode_path(page)
        except (BadRequest, NotFound):
            return "", False
        if not has_site:
            return "/".join(segments), False
        try:
            file = resolve_file(self.out, page)
        except (BadRequest, NotFound):
            return "/".join(segments), False
        return file.relative_to(self.out.resolve()).as_posix(), True

    def cleanup(self) -> None:
        """Delete the temporary folder."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def _problems_of(exc: KamdocsError) -> list[Problem]:
    if exc.problems:
        return list(exc.problems)
    return [Problem(CONFIG_FILE, 1, 1, Severity.ERROR, str(exc))]


class PreviewHandle:
    """A running preview server (``.url``, ``.stop()``); returned by :func:`start_server`."""

    def __init__(self, preview: Preview, server: PreviewHTTPServer, watcher: SourceWatcher | None) -> None:
        self.preview = preview
        self._server = server
        self._watcher = watcher
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="kamdocs-http", daemon=True
        )
        self._stopped = False
        self.port = int(server.server_address[1])
        shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(preview.bound_host, preview.bound_host)
        self.url = f"http://[{shown}]:{self.port}/" if ":" in shown else f"http://{shown}:{self.port}/"

    @property
    def state(self) -> BuildState:
        """Return the shared build state."""
        return self.preview.state

    def start(self) -> None:
        """Start answering requests in a background thread."""
        self._thread.start()

    def wait_for_attempt(self, attempt: int, timeout: float) -> Status | None:
        """Wait until build attempt number ``attempt`` has finished; None on timeout."""
        deadline = time.monotonic() + timeout
        status = self.state.snapshot()
        while status.attempt < attempt:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.state.stopping:
                return None
            status = self.state.wait(status.attempt, remaining) or self.state.snapshot()
        return status

    def stop(self) -> None:
        """Stop watching and serving, end the event streams, delete the temporary folder."""
        if self._stopped:
            return
        self._stopped = True
        self.preview.state.stop()
        if self._watcher is not None:
            self._watcher.stop()
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
        self.preview.cleanup()

    def __enter__(self) -> PreviewHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(host: str, port: int, preview: Preview) -> PreviewHTTPServer:
    try:
        return PreviewHTTPServer((host, port), preview)
    except socket.gaierror as exc:
        raise KamdocsError(f"cannot listen on {host!r}: unknown host name ({exc.strerror})") from exc
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise KamdocsError(f"port {port} is in use; try --port {port + 1}") from exc
        if exc.errno == errno.EACCES:
            raise KamdocsError(
                f"port {port} needs administrator rights; use a port above 1023, e.g. --port 8000"
            ) from exc
        raise KamdocsError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def start_server(
    directory: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    audience: str = "internal",
    build: BuildFunction | None = None,
    build_pdf: BuildFunction | None = None,
    watch: bool = True,
    terminal: Terminal | None = None,
) -> PreviewHandle:
    """Build the project once and serve it in background threads; port 0 picks a free port.

    The first build may fail (the overlay then explains why); a missing
    ``kamdocs.yaml`` or a port in use raises :class:`KamdocsError`.
    """
    root = Path(directory).resolve()
    if not (root / CONFIG_FILE).is_file():
        raise KamdocsError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    0,
                    Severity.ERROR,
                    f"no {CONFIG_FILE} in {directory}; run 'kamdocs serve' in the folder that contains "
                    f"{CONFIG_FILE}, or 'kamdocs init {directory}' to start a playbook",
                )
            ]
        )
    terminal = terminal or Terminal()
    preview = Preview(
        root,
        host=host,
        audience=audience,
        build=build or incremental_builder(),
        build_pdf=build_pdf or pdf_in_worker,
        terminal=terminal,
    )
    server: PreviewHTTPServer | None = None
    watcher: SourceWatcher | None = None
    try:
        server = _bind(host, port, preview)
        if watch:
            watcher = SourceWatcher(root, preview.on_change, on_error=terminal.warning)
        handle = PreviewHandle(preview, server, watcher)
        preview.scan_sources()
        if watcher is not None:
            watcher.start()
        preview.rebuild()
        handle.start()
    except BaseException:  # Ctrl-C during the first build too: leave no socket, thread or folder
        if watcher is not None:
            watcher.stop()
        if server is not None:
            server.server_close()
        preview.cleanup()
        raise
    return handle


def wait_until_interrupted() -> None:
    """Block the main thread until Ctrl-C; the work happens in the preview's threads."""
    threading.Event().wait()


def run_server(
    directory: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    audience: str = "internal",
    open_browser: bool = False,
) -> None:
    """Serve the preview until Ctrl-C (the ``kamdocs serve`` command)."""
    if host in WILDCARD_HOSTS:
        print(
            f"warning: listening on all interfaces ({host or '0.0.0.0'}): anyone on your network can "
            "read this preview, including what --audience shows; use --host 127.0.0.1 to keep it private",
            file=sys.stderr,
            flush=True,
        )
    handle: PreviewHandle | None = None
    restore = _stop_on_terminate()
    try:
        handle = start_server(directory, host=host, port=port, audience=audience)
        handle.preview.terminal.info(f"Serving {handle.url} (audience: {audience}); press Ctrl-C to stop")
        if open_browser:
            import webbrowser

            webbrowser.open(handle.url)
        wait_until_interrupted()
    except KeyboardInterrupt:
        pass
    finally:
        if handle is not None:
            handle.stop()
            print("stopped", file=sys.stderr, flush=True)
        restore()


def _stop_on_terminate() -> Callable[[], None]:
    """Treat SIGTERM and SIGHUP like Ctrl-C; return what puts the previous handlers back.

    Their default ends the process at once, leaving the temporary site behind (with restricted
    data under --audience restricted); an exception runs the cleanup in ``finally`` instead.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, interrupt)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore
