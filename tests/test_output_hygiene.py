"""SECURITY rows 31–34 for the output folder: one audience per folder, output_dir stays in the project,
no leftovers pile up, and a machine that cannot write is a sentence, not a traceback."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from kamdocs.build import build_project
from kamdocs.cli import main
from kamdocs.errors import KamdocsError
from kamdocs.model.config import ProjectConfig
from kamdocs.model.outputs import pdf_file_name
from kamdocs.render.output import MARKER, STAGE_MARKER, previous_audience
from tests.conftest import MakeProject

RESTRICTED_CHAPTER = {
    "content/10-intro.md": "---\ntitle: Einleitung\n---\nText für alle.\n",
    "content/90-bewertung.md": "---\ntitle: Bewertung\naudience: restricted\n---\nGEHEIM-4711\n",
}


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".kamdocs-" in p.name)


# --- the output's file names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "audience", "account", "expected"),
    [
        ("de", "internal", None, "kam-handbuch.pdf"),
        ("de", "restricted", None, "kam-handbuch-vertraulich.pdf"),
        ("en", "restricted", None, "kam-handbuch-restricted.pdf"),
        ("de", "internal", "acme", "acme.pdf"),
        ("de", "restricted", "acme", "acme-vertraulich.pdf"),
        ("en", "customer", "acme", "acme-customer.pdf"),
    ],
)
def test_every_audience_has_its_own_pdf_name(language: str, audience: str, account: str | None, expected: str) -> None:
    config = ProjectConfig.model_validate({"title": "T", "language": language, "pdf": {"filename": "kam-handbuch.pdf"}})
    assert pdf_file_name(config, audience, account) == expected


# --- row 31: one audience per output folder ---------------------------------------------------------


def test_row_31_internal_build_leaves_no_restricted_file(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    out = tmp_path / "site"
    build_project(root, formats="html", audience="restricted", out=out)
    assert "bewertung.html" in _files(out) and previous_audience(out) == "restricted"
    # What a restricted PDF build writes beside the site (the real one: test_row_31_restricted_pdf_…).
    (out / "playbook-vertraulich.pdf").write_bytes(b"%PDF GEHEIM-4711")
    (out / "playbook.pdf").write_bytes(b"%PDF GEHEIM-4711")  # an older kamdocs named it like the internal one

    build_project(root, formats="html", audience="internal", out=out)

    internal = tmp_path / "fresh"
    build_project(root, formats="html", audience="internal", out=internal)
    assert _files(out) == _files(internal)  # exactly what an internal build into an empty folder writes
    assert not any(b"GEHEIM-4711" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert previous_audience(out) == "internal"


def test_row_31_same_audience_keeps_its_pdf_through_an_html_build(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    out = tmp_path / "site"
    build_project(root, formats="html", audience="internal", out=out)
    (out / "playbook.pdf").write_bytes(b"%PDF internal")  # as if a PDF build of the same audience wrote it
    build_project(root, formats="html", audience="internal", out=out)
    assert (out / "playbook.pdf").read_bytes() == b"%PDF internal"


def test_row_31_a_folder_of_an_older_kamdocs_keeps_no_pdf(make_project: MakeProject, tmp_path: Path) -> None:
    """A marker without an audience (written before audiences were recorded) may hold anyone's PDF."""
    root = make_project(RESTRICTED_CHAPTER)
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_text("This folder is written by kamdocs build.\n", encoding="utf-8")
    (out / "playbook.pdf").write_bytes(b"%PDF who knows")
    build_project(root, formats="html", out=out)
    assert not (out / "playbook.pdf").exists()


@pytest.mark.slow
def test_row_31_restricted_pdf_then_internal_html(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    out = tmp_path / "site"
    build_project(root, formats=("html", "pdf"), audience="restricted", out=out)
    assert {"playbook-vertraulich.pdf", "bewertung.html"} <= _files(out)
    assert "playbook.pdf" not in _files(out)
    pages = pypdf.PdfReader(out / "playbook-vertraulich.pdf").pages
    assert len(pages) > 2
    for number, page in enumerate(pages, 1):  # the confidential marking is on every page, cover included
        assert "vertraulich" in page.extract_text().casefold(), number
    build_project(root, formats="html", audience="internal", out=out)
    assert not [name for name in _files(out) if name.endswith(".pdf") or "bewertung" in name]


# --- row 32: output_dir in kamdocs.yaml stays inside the project ------------------------------------


# An absolute folder outside the project is one in tmp_path (as /etc/cron.d/x would be): a regression
# must not let CI, which runs as root, write into /etc.
@pytest.mark.parametrize("output_dir", ["../x", "{tmp}/cron.d/x", ".git/x", "link/x", "sub/../../x"])
def test_row_32_output_dir_outside_the_project_is_refused(
    make_project: MakeProject, tmp_path: Path, output_dir: str
) -> None:
    output_dir = output_dir.format(tmp=tmp_path)
    root = make_project({"kamdocs.yaml": f"title: T\nas_of: 2027-01-01\noutput_dir: {output_dir}\n"})
    (root / ".git").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "link").symlink_to(tmp_path / "elsewhere")
    before = sorted(tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["build", str(root), "--format", "html"])
    assert result.exit_code == 1, result.output
    assert "output_dir" in result.output and "Traceback" not in result.output
    assert sorted(tmp_path.rglob("*")) == before


def test_row_32_out_on_the_command_line_may_leave_the_project(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project({"kamdocs.yaml": "title: T\nas_of: 2027-01-01\noutput_dir: nested/site\n"})
    build_project(root, formats="html")
    assert (root / "nested" / "site" / "index.html").is_file()
    build_project(root, formats="html", out=tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere" / "index.html").is_file()


# --- row 33: a killed build, a read-only previous site ----------------------------------------------

_KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from kamdocs.render.output import staged_output
with staged_output(Path(sys.argv[1]), audience="restricted") as stage:
    (stage / "bewertung.html").write_text("GEHEIM-4711")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_row_33_a_killed_build_leaves_a_private_ignored_folder_the_next_build_removes(
    make_project: MakeProject,
) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    killed = subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(root / "site")], check=False)
    assert killed.returncode == -signal.SIGKILL
    (stage,) = [p for p in root.iterdir() if ".kamdocs-new-" in p.name]
    assert stage.name.startswith(".")  # hidden
    assert stage.stat().st_mode & 0o077 == 0  # nobody else can read what it holds
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--ignored=no"], capture_output=True)
    assert stage.name not in status.stdout.decode()  # `git add .` does not pick the restricted page up

    build_project(root, formats="html")
    assert _leftovers(root) == []
    assert sorted(p.name for p in root.iterdir()) == [".git", "content", "data", "kamdocs.yaml", "site"]


def test_row_33_read_only_previous_site_does_not_pile_up(make_project: MakeProject) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    out = root / "site"
    for _ in range(3):
        build_project(root, formats="html")
        for folder, _dirs, filenames in os.walk(out):
            for name in filenames:
                os.chmod(os.path.join(folder, name), 0o444)
            os.chmod(folder, 0o555)
    assert _leftovers(root) == []


def test_row_33_only_kamdocs_own_leftovers_are_removed(make_project: MakeProject) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    failed_removal = root / ".site.kamdocs-old-abc123"
    (failed_removal / "sub").mkdir(parents=True)
    (failed_removal / MARKER).write_text("audience: restricted\n")
    (failed_removal / "sub" / "bewertung.html").write_text("GEHEIM")
    os.chmod(failed_removal / "sub", 0o555)
    foreign = root / ".site.kamdocs-old-mine"  # a name like kamdocs', but no marker: not ours
    foreign.mkdir()
    (foreign / "notes.txt").write_text("precious")
    with subprocess.Popen(["sleep", "60"]) as running:
        live = root / ".site.kamdocs-new-live"  # the staging folder of a build that still runs
        live.mkdir()
        (live / STAGE_MARKER).write_text(f"{socket.gethostname()} {running.pid}\n")
        try:
            build_project(root, formats="html")
            assert not failed_removal.exists()
            assert (foreign / "notes.txt").read_text() == "precious"
            assert live.is_dir()
        finally:
            running.kill()
    build_project(root, formats="html")
    assert not live.exists()


# --- row 34: a machine that cannot write ------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 200 KB file system (root only: CI runs as root); skipped where it cannot be mounted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_row_34_disk_full_is_a_sentence(make_project: MakeProject, tmpfs: Path) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    (tmpfs / "filler").write_bytes(b"\0" * 150_000)  # a small site no longer fits
    result = CliRunner().invoke(main, ["build", str(root), "--format", "html", "--out", str(tmpfs / "site")])
    assert result.exit_code == 1, result.output
    assert "the disk is full" in result.output and "Traceback" not in result.output
    assert "internal error" not in result.output
    assert sorted(p.name for p in tmpfs.iterdir()) == ["filler"]  # no half-written folder stays


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EACCES, "permission denied"), (errno.EROFS, "read-only"), (errno.EFBIG, "larger than")],
)
def test_row_34_an_unwritable_project_folder_is_a_sentence(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    root = make_project(RESTRICTED_CHAPTER)

    def refuse(*args: object, **kwargs: object) -> str:
        raise OSError(code, os.strerror(code), str(root / ".site.kamdocs-new-x"))

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    result = CliRunner().invoke(main, ["build", str(root), "--format", "html"])
    assert result.exit_code == 1, result.output
    assert reason in result.output and str(root) in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_row_34_failure_while_writing_leaves_the_previous_output(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(RESTRICTED_CHAPTER)
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    import kamdocs.render.html as html

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "x"))

    monkeypatch.setattr(html, "write_site", full)
    with pytest.raises(KamdocsError, match="the disk is full"):
        build_project(root, formats="html", out=out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _leftovers(tmp_path) == []
