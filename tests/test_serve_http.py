"""The preview server over HTTP with a fake builder: pages, injection, safety (SECURITY row 24), status."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path

import pytest

from kamdocs.errors import KamdocsError
from kamdocs.serve import PreviewHandle, start_server
from tests.test_serve_support import EventStream, FakeBuilder, fake_project, get, raw_request, serving


@pytest.fixture
def project(tmp_path: Path) -> Path:
    fake_project(tmp_path / "project")
    # A secret next to the project's output must never be reachable.
    (tmp_path / "project" / "data" / "candidates.yaml").write_text("name: Geheim Müller\n", encoding="utf-8")
    return tmp_path / "project"


@pytest.fixture
def server(project: Path):  # type: ignore[no-untyped-def]
    with serving(project, build=FakeBuilder(), watch=False) as (handle, recorded):
        yield handle


def test_serves_built_pages_from_a_temporary_folder_with_the_reload_script(
    server: PreviewHandle, project: Path
) -> None:
    response = get(server.port, "/")
    assert response.status == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<a href="intro.html">intro</a>' in response.text
    # The script is injected before the (upper-case) closing body tag, stamped with the generation.
    assert response.text.index('src="/__kamdocs__/livereload.js" data-generation="1"') < response.text.index("</BODY>")
    assert int(response.headers["content-length"]) == len(response.body)
    assert response.headers["cache-control"] == "no-store"
    # …but not into the files: the output folder is outside the project and untouched.
    out = server.preview.out
    assert not out.is_relative_to(project)
    assert "livereload" not in (out / "index.html").read_text(encoding="utf-8")
    assert not (project / "site").exists()


def test_chapter_page_css_and_folder_index(server: PreviewHandle) -> None:
    assert "Hallo Welt" in get(server.port, "/intro.html").text
    css = get(server.port, "/style.css")
    assert css.status == 200
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert css.body == b"body { color: black }\n"
    redirect = get(server.port, "/accounts?x=1")
    assert redirect.status == 302
    assert redirect.headers["location"] == "/accounts/?x=1"
    assert "Accounts" in get(server.port, "/accounts/").text


def test_head_has_headers_but_no_body(server: PreviewHandle) -> None:
    response = get(server.port, "/intro.html", method="HEAD")
    assert response.status == 200
    assert response.body == b""
    assert int(response.headers["content-length"]) > 0


def test_unknown_page_is_404_with_reload_script(server: PreviewHandle) -> None:
    response = get(server.port, "/nope.html")
    assert response.status == 404
    assert "livereload.js" in response.text
    assert get(server.port, "/__kamdocs__/nope").status == 404


def test_other_methods_are_refused(server: PreviewHandle) -> None:
    assert get(server.port, "/", method="POST").status == 501
    assert get(server.port, "/", method="PUT").status == 501


@pytest.mark.parametrize(
    "path",
    [
        "/../data/candidates.yaml",
        "/../../data/candidates.yaml",
        "/%2e%2e/data/candidates.yaml",
        "/%2E%2E/%2E%2E/data/candidates.yaml",
        "/..%2fdata/candidates.yaml",
        "/%2e%2e%2fdata%2fcandidates.yaml",
        "/..%5cdata%5ccandidates.yaml",
        "/..%5c..%5cdata/candidates.yaml",
        "/%252e%252e/data/candidates.yaml",
        "/%252e%252e%252fdata/candidates.yaml",
        "/..\\data\\candidates.yaml",
        "/%00/../data/candidates.yaml",
        "/index.html%00.yaml",
        "/%c0%ae%c0%ae/data/candidates.yaml",
        "//etc/passwd",
        "/./../data/candidates.yaml",
        "/.kamdocs-output",
        "http://127.0.0.1/../data/candidates.yaml",
        "../data/candidates.yaml",
        "*",
    ],
)
def test_path_traversal_in_any_encoding_is_refused(server: PreviewHandle, path: str) -> None:
    response = get(server.port, path)
    assert response.status in (400, 404), path
    assert b"Geheim" not in response.body
    assert b"root:" not in response.body


def test_nul_byte_in_the_raw_request_line_is_refused(server: PreviewHandle) -> None:
    answer = raw_request(server.port, b"GET /..\x00/data/candidates.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert answer.split(b"\r\n", 1)[0].split()[1] in (b"400", b"404")
    assert b"Geheim" not in answer


def test_symlink_out_of_the_output_is_not_followed(server: PreviewHandle, project: Path) -> None:
    (server.preview.out / "leak.yaml").symlink_to(project / "data" / "candidates.yaml")
    response = get(server.port, "/leak.yaml")
    assert response.status == 404
    assert b"Geheim" not in response.body


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.evil.example",
        "localhost.evil.example",
        "[::2]:80",
        "",
        "10.0.0.1",
    ],
)
def test_foreign_host_header_is_400(server: PreviewHandle, host: str) -> None:
    response = get(server.port, "/", host=host)
    assert response.status == 400
    assert b"Hallo" not in response.body
    assert get(server.port, "/__kamdocs__/status", host=host).status == 400


def test_missing_host_header_is_400(server: PreviewHandle) -> None:
    assert get(server.port, "/", host=None).status == 400


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:8000", "127.0.0.1:1234", "[::1]:8000"])
def test_local_host_headers_are_accepted(server: PreviewHandle, host: str) -> None:
    assert get(server.port, "/", host=host).status == 200


def test_port_in_use_is_a_clear_error(project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(KamdocsError) as caught:
            start_server(project, port=port, build=FakeBuilder(), watch=False)
    assert str(caught.value) == f"port {port} is in use; try --port {port + 1}"


def test_missing_project_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KamdocsError) as caught:
        start_server(tmp_path, port=0, build=FakeBuilder(), watch=False)
    assert "no kamdocs.yaml in" in str(caught.value)


def test_port_zero_picks_a_free_port_and_the_url_names_it(server: PreviewHandle) -> None:
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}/"


def test_status_reports_generation_and_no_overlay_after_a_good_build(server: PreviewHandle) -> None:
    status = get(server.port, "/__kamdocs__/status?path=/intro.html").json()
    assert status == {
        "instance": server.preview.tmp.name,
        "generation": 1,
        "attempt": 1,
        "ok": True,
        "page_generation": 1,
        "problems": [],
        "overlay": None,
    }
    assert f'data-instance="{server.preview.tmp.name}"' in get(server.port, "/").text


def test_failed_rebuild_keeps_the_last_good_build_and_escapes_the_overlay(server: PreviewHandle, project: Path) -> None:
    (project / "data" / "company.yaml").write_text("name: Fake\nrevenue: BROKEN\n", encoding="utf-8")
    server.preview.rebuild()
    assert "Hallo Welt" in get(server.port, "/intro.html").text
    status = get(server.port, "/__kamdocs__/status?path=/intro.html").json()
    assert status["ok"] is False
    assert status["generation"] == 1 and status["attempt"] == 2
    assert status["problems"] == ['data/company.yaml:2:7: error: expected a number, got "<img src=x onerror=alert(1)>"']
    assert "<img" not in status["overlay"]
    assert "data/company.yaml:2:7</code>" in status["overlay"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in status["overlay"]
    (project / "data" / "company.yaml").write_text("name: Fake\n", encoding="utf-8")
    server.preview.rebuild()
    status = get(server.port, "/__kamdocs__/status?path=/intro.html").json()
    assert status["ok"] is True and status["overlay"] is None and status["generation"] == 2


def test_only_changed_pages_report_a_newer_generation(server: PreviewHandle, project: Path) -> None:
    (project / "content" / "20-plan.md").write_text("Der neue Plan\n", encoding="utf-8")
    server.preview.rebuild()

    def page_generation(path: str) -> int:
        return int(get(server.port, f"/__kamdocs__/status?path={path}").json()["page_generation"])

    assert page_generation("/plan.html") == 2
    assert page_generation("/intro.html") == 1  # unchanged: that tab need not reload
    assert page_generation("/gone.html") == 2  # a 404 tab retries after each good build


def test_event_stream_sends_one_event_per_build_attempt(server: PreviewHandle, project: Path) -> None:
    stream = EventStream(server.port)
    try:
        assert stream.response.headers["content-type"].startswith("text/event-stream")
        first = stream.next_event()
        assert first["event"] == "build" and first["data"] == {"generation": 1, "attempt": 1, "ok": True}
        (project / "data" / "company.yaml").write_text("BROKEN\n", encoding="utf-8")
        server.preview.rebuild()
        assert stream.next_event()["data"] == {"generation": 1, "attempt": 2, "ok": False}
    finally:
        stream.close()


def test_event_stream_ends_when_the_server_stops(project: Path) -> None:
    with serving(project, build=FakeBuilder(), watch=False) as (handle, _):
        stream = EventStream(handle.port)
        stream.next_event()
        handle.stop()
        with pytest.raises(EOFError):
            stream.next_event()
        stream.close()


def test_client_script_and_stylesheet_are_served(server: PreviewHandle) -> None:
    script = get(server.port, "/__kamdocs__/livereload.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "EventSource" in script.text and "/__kamdocs__/status" not in script.text  # built from a base
    assert "#kamdocs-overlay" in get(server.port, "/__kamdocs__/livereload.css").text


def test_pdf_on_demand_answers_at_once_then_builds_once_per_source_version(
    server: PreviewHandle, project: Path
) -> None:
    builder = server.preview._build
    assert isinstance(builder, FakeBuilder)
    waiting = get(server.port, "/__kamdocs__/pdf")
    assert waiting.status == 200 and waiting.headers["content-type"] == "text/html; charset=utf-8"
    assert "?build=1" in waiting.text
    assert [r.fmt for r in builder.requests] == ["html"]  # nothing built just by asking
    assert get(server.port, "/__kamdocs__/pdf?build=1").json() == {"ok": True}
    response = get(server.port, "/__kamdocs__/pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="handbook.pdf"'
    assert response.body.startswith(b"%PDF-")
    assert get(server.port, "/__kamdocs__/pdf?build=1").json() == {"ok": True}
    assert [r.fmt for r in builder.requests] == ["html", "pdf"]  # the same sources: built once
    assert all(not r.out.is_relative_to(server.preview.root) for r in builder.requests)
    (project / "content" / "10-intro.md").write_text("Neu\n", encoding="utf-8")
    server.preview.rebuild()
    assert "?build=1" in get(server.port, "/__kamdocs__/pdf").text  # stale now: built again on request
    assert get(server.port, "/__kamdocs__/pdf?build=1").json() == {"ok": True}
    assert [r.fmt for r in builder.requests] == ["html", "pdf", "html", "pdf"]
    assert len(list(server.preview.tmp.glob("pdf-*"))) == 1  # the previous PDF folder is gone


def test_pdf_engine_missing_gives_a_clear_page(project: Path) -> None:
    def html_only(request):  # type: ignore[no-untyped-def]
        if request.fmt == "pdf":
            raise KamdocsError("PDF output is not available in this version of kamdocs; build with --format html")
        return FakeBuilder()(request)

    with serving(project, build=html_only, watch=False) as (handle, recorded):  # PDF: html_only too
        assert get(handle.port, "/__kamdocs__/pdf?build=1").json() == {"ok": False}
        response = get(handle.port, "/__kamdocs__/pdf")
    assert response.status == 503
    assert "PDF output is not available in this version of kamdocs" in response.text
    assert "livereload.js" in response.text
    assert any("PDF not built" in line for line in recorded.info)


def test_pdf_problems_are_listed_escaped(project: Path) -> None:
    builder = FakeBuilder()
    with serving(project, build=builder, watch=False) as (handle, recorded):
        (project / "data" / "company.yaml").write_text("name: x\nrevenue: BROKEN\n", encoding="utf-8")
        assert get(handle.port, "/__kamdocs__/pdf?build=1").json() == {"ok": False}
        response = get(handle.port, "/__kamdocs__/pdf")
    assert response.status == 503
    assert "data/company.yaml:2:7</code>" in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text and "<img src=x" not in response.text
    assert [p.path for p in recorded.problems] == ["data/company.yaml"]


def test_first_build_failing_still_serves_a_waiting_page(project: Path) -> None:
    (project / "data" / "company.yaml").write_text("BROKEN\n", encoding="utf-8")
    with serving(project, build=FakeBuilder(), watch=False) as (handle, recorded):
        response = get(handle.port, "/")
        assert response.status == 503
        assert "livereload.js" in response.text
        status = get(handle.port, "/__kamdocs__/status?path=/").json()
        assert status["ok"] is False and "data/company.yaml:1:7" in status["overlay"]
        assert get(handle.port, "/../data/company.yaml").status in (400, 404)
    assert [p.format() for p in recorded.problems] == [
        'data/company.yaml:1:7: error: expected a number, got "<img src=x onerror=alert(1)>"'
    ]


def test_stop_removes_the_temporary_folder(project: Path) -> None:
    with serving(project, build=FakeBuilder(), watch=False) as (handle, _):
        tmp = handle.preview.tmp
        assert tmp.is_dir()
    assert not tmp.exists()


def test_interrupt_during_the_first_build_leaves_nothing_behind(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def interrupted(request):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        start_server(project, port=port, build=interrupted, build_pdf=interrupted)
    assert list((tmp_path / "tmp").iterdir()) == []
    with socket.socket() as again:  # the port is free again
        again.bind(("127.0.0.1", port))


def test_audience_reaches_the_build(project: Path) -> None:
    builder = FakeBuilder()
    with serving(project, build=builder, watch=False, audience="restricted") as (handle, _):
        get(handle.port, "/__kamdocs__/pdf?build=1")
    assert [(r.fmt, r.audience) for r in builder.requests] == [("html", "restricted"), ("pdf", "restricted")]


def test_other_web_sites_cannot_start_a_pdf_build(server: PreviewHandle) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", "/__kamdocs__/pdf?build=1", headers={"Host": "127.0.0.1", "Sec-Fetch-Site": "cross-site"})
        assert conn.getresponse().status == 403
    finally:
        conn.close()
    builder = server.preview._build
    assert isinstance(builder, FakeBuilder) and [r.fmt for r in builder.requests] == ["html"]
