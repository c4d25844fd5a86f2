"""Issue 16: `kamdocs serve --audience restricted` leaves no temporary site behind when it is terminated."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.test_serve_cli import _start
from tests.test_serve_support import fake_project, get


@pytest.mark.slow
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_terminating_serve_removes_its_temporary_site(tmp_path: Path, signame: str) -> None:
    number = getattr(signal, signame, None)
    if number is None:
        pytest.skip(f"no {signame} on this platform")
    root = fake_project(tmp_path / "p")
    proc, url, _ = _start([str(root), "--port", "0", "--audience", "restricted"], tmp_path)
    port = int(url.rsplit(":", 1)[1].strip("/"))
    assert get(port, "/__kamdocs__/status").status == 200
    assert [p.name[:14] for p in (tmp_path / "tmp").iterdir()] == ["kamdocs-serve-"]
    proc.send_signal(number)
    try:
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None and proc.stdout is not None
    stderr = proc.stderr.read()
    proc.stderr.close()
    proc.stdout.close()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary build, restricted data and all, is gone
