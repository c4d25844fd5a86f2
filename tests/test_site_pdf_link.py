"""Every page links the PDF handbook of its audience, exactly when that file is in the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kamdocs.build import build_project
from kamdocs.render.writer import WriteJob, Written, WrittenFile
from tests.conftest import MakeProject

CHAPTERS = {
    "content/10-intro.md": "---\ntitle: Einleitung\n---\nText für alle.\n",
    "content/90-bewertung.md": "---\ntitle: Bewertung\naudience: restricted\n---\nNur vertraulich.\n",
}
_PDF_LINK = re.compile(r'<a [^>]*href="([^"]*\.pdf)" type="application/pdf">Handbuch als PDF</a>')


def _links(out: Path) -> dict[str, set[str]]:
    return {p.relative_to(out).as_posix(): set(_PDF_LINK.findall(p.read_text())) for p in out.rglob("*.html")}


def _fake_pdf_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    from kamdocs.model.outputs import pdf_file_name

    def write(job: WriteJob) -> Written:  # the real writer takes a minute; its file name is all that counts here
        name = pdf_file_name(job.site.view.playbook.config, job.site.view.audience, job.account)
        (job.stage / name).write_bytes(b"%PDF-1.7 fake")
        return Written((WrittenFile(name, "pdf", 1),))

    monkeypatch.setattr("kamdocs.render.print_html.write_handbook", write)


def test_an_html_build_alone_links_no_pdf(make_project: MakeProject, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_project(make_project(CHAPTERS), formats="html", out=out)
    assert all(links == set() for links in _links(out).values())


@pytest.mark.parametrize(
    ("audience", "name"), [("internal", "playbook.pdf"), ("restricted", "playbook-vertraulich.pdf")]
)
def test_every_page_links_the_pdf_written_in_the_same_build(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: str, name: str
) -> None:
    _fake_pdf_writer(monkeypatch)
    out = tmp_path / "site"
    build_project(make_project(CHAPTERS), formats=("html", "pdf"), audience=audience, out=out)  # type: ignore[arg-type]
    assert (out / name).is_file()
    links = _links(out)
    assert len(links) >= 2
    for page, found in links.items():
        assert found == {"../" * page.count("/") + name}, page


def test_a_pdf_of_an_earlier_build_is_linked_only_for_its_own_audience(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(CHAPTERS)
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    (out / "playbook.pdf").write_bytes(b"%PDF internal")  # as if `kamdocs build --format pdf` wrote it
    build_project(root, formats="html", out=out)
    assert _links(out)["index.html"] == {"playbook.pdf"}
    # The restricted build does not keep (nor link) the internal handbook, and has none of its own yet.
    build_project(root, formats="html", audience="restricted", out=out)
    assert all(links == set() for links in _links(out).values())
    (out / "playbook-vertraulich.pdf").write_bytes(b"%PDF restricted")
    build_project(root, formats="html", audience="restricted", out=out)
    assert _links(out)["bewertung.html"] == {"playbook-vertraulich.pdf"}
