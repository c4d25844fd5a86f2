"""`kamdocs serve` from the command line: clear errors, warnings, and a clean Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from tests.test_serve_support import FakeBuilder, fake_project, get, poll


def test_port_in_use_exits_1_with_a_hint(tmp_path: Path) -> None:
    root = fake_project(tmp_path / "p")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(root), "--port", str(port)])
    assert result.exit_code == 1
    assert f"error: port {port} is in use; try --port {port + 1}" in result.stderr
    assert "Traceback" not in result.output


def test_folder_without_a_playbook_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path), "--port", "0"])
    assert result.exit_code == 1
    assert result.stderr.startswith("kamdocs.yaml: error: no kamdocs.yaml in ")


def test_bad_port_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path), "--port", "70000"])
    assert result.exit_code == 2


def _start(args: list[str], cwd: Path) -> tuple[subprocess.Popen[str], str, list[str]]:
    (cwd / "tmp").mkdir()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(cwd / "tmp")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kamdocs", "serve", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    assert proc.stdout is not None
    stdout = proc.stdout

    def read() -> None:
        for line in stdout:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    url_line = poll(lambda: next((line for line in lines if line.startswith("Serving http")), None), timeout=60)
    return proc, url_line.split()[1], lines


def _interrupt(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.stdout is not None
    proc.stdout.close()
    return code, stderr


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_without_a_traceback(tmp_path: Path) -> None:
    root = fake_project(tmp_path / "p")
    proc, url, _ = _start([str(root), "--port", "0"], tmp_path)
    port = int(url.rsplit(":", 1)[1].strip("/"))
    assert port > 0
    assert get(port, "/__kamdocs__/status").status == 200
    assert [p.name[:14] for p in (tmp_path / "tmp").iterdir()] == ["kamdocs-serve-"]
    code, stderr = _interrupt(proc)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert stderr.rstrip().endswith("stopped")
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary build is gone


@pytest.mark.slow
def test_all_interfaces_warns_on_stderr(tmp_path: Path) -> None:
    root = fake_project(tmp_path / "p")
    proc, url, _ = _start([str(root), "--port", "0", "--host", "0.0.0.0"], tmp_path)
    assert url.startswith("http://127.0.0.1:")
    code, stderr = _interrupt(proc)
    assert code == 0
    assert "warning: listening on all interfaces (0.0.0.0)" in stderr


def _ctrl_c() -> None:
    raise KeyboardInterrupt


def test_run_server_prints_the_url_opens_the_browser_and_stops_on_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import webbrowser

    from kamdocs.serve import app

    root = fake_project(tmp_path / "p")
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    monkeypatch.setattr(app, "wait_until_interrupted", _ctrl_c)
    monkeypatch.setattr(app, "incremental_builder", lambda: _fake_builder())
    app.run_server(root, host="127.0.0.1", port=0, open_browser=True)
    out, err = capsys.readouterr()
    url = next(line.split()[1] for line in out.splitlines() if line.startswith("Serving "))
    assert opened == [url]
    assert url.startswith("http://127.0.0.1:")
    assert err.rstrip().endswith("stopped")
    assert "warning" not in err


def _fake_builder() -> FakeBuilder:
    return FakeBuilder()


def test_ipv6_loopback(tmp_path: Path) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    from tests.test_serve_support import FakeBuilder, serving

    root = fake_project(tmp_path / "p")
    try:
        context = serving(root, host="::1", build=FakeBuilder(), watch=False)
        handle, _ = context.__enter__()
    except Exception as exc:  # noqa: BLE001 - a machine without an IPv6 loopback
        pytest.skip(f"cannot bind ::1: {exc}")
    try:
        assert handle.url == f"http://[::1]:{handle.port}/"
        import http.client

        conn = http.client.HTTPConnection("::1", handle.port, timeout=30)
        try:
            conn.request("GET", "/", headers={"Host": f"[::1]:{handle.port}"})
            assert conn.getresponse().status == 200
        finally:
            conn.close()
    finally:
        context.__exit__(None, None, None)


def test_serve_binds_the_loopback_interface_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SECURITY row 24: without --host the preview listens on 127.0.0.1 only."""
    import kamdocs.serve

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(kamdocs.serve, "run_server", lambda directory, **options: calls.append(options))
    result = CliRunner().invoke(main, ["serve", str(fake_project(tmp_path / "p"))])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8000, "audience": "internal", "open_browser": False}]
