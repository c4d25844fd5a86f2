"""The handbook laid out in parts on several processes is the handbook of one process (``--jobs``).

Compared on the example (S) and the generated M playbook, in the default variant (tagged PDF/UA):
page count, every page's text (contents page numbers, the roman front matter, "Seite X von Y",
running headers, footnotes, audience marking), page sizes (landscape pages), page labels, the
outline with its targets, named destinations, links and their targets, metadata, catalogue keys and
the structure tree (every element, its page and marked contents, the parent tree). L (1,140 pages)
takes minutes per build: it is compared in the benchmark (bench/parallel.py), not here.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any, cast

import pypdf
import pytest

import kamdocs.render.parallel as parallel
import kamdocs.render.pdf as pdf
from kamdocs.build import BuildEvent, build_project
from kamdocs.errors import BuildError
from kamdocs.resources import example_dir
from tests.conftest import MakeProject

pytestmark = pytest.mark.slow

EPOCH = "1790000000"
BLANKS = re.compile(r"\s+")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


def structure(path: Path) -> dict[str, Any]:
    """Return what a reader sees of a PDF, independent of how its objects are numbered."""
    reader = pypdf.PdfReader(path)
    outline: list[tuple[int, str, int | None, float, float]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                outline.append((depth, item.title, page, round(float(item.left), 1), round(float(item.top), 1)))

    walk(reader.outline, 0)
    links = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            rect = [round(float(v), 1) for v in annotation["/Rect"]]
            links.append((number, str(annotation.get("/Dest")), str(annotation.get("/A")), rect))
    return {
        "pages": len(reader.pages),
        "sizes": [tuple(round(float(v)) for v in page.mediabox) for page in reader.pages],
        "labels": list(reader.page_labels),
        "structure": tags(reader),
        # Text without blanks: a chart's spaces come out of pypdf's extraction differently per font subset.
        "texts": [BLANKS.sub("", page.extract_text()) for page in reader.pages],
        "outline": outline,
        "dests": {name: reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()},
        "links": links,
        "metadata": dict(reader.metadata or {}),
        "catalog": sorted(cast(Any, reader.trailer["/Root"]).keys()),
    }


def tags(reader: pypdf.PdfReader) -> dict[str, Any]:
    """Return the structure tree: elements in order (type, page, marked contents, kids) and the parent tree."""
    root = cast(Any, reader.trailer["/Root"])
    if "/StructTreeRoot" not in root:
        return {}
    page_index = {cast(Any, page.indirect_reference).idnum: i for i, page in enumerate(reader.pages)}
    ordinal: dict[int, int] = {}
    elements: list[tuple[Any, ...]] = []

    def page_of(node: Any) -> int | None:
        ref = node.get_object().raw_get("/Pg") if "/Pg" in node.get_object() else None
        return page_index[ref.idnum] if ref is not None else None

    def visit(ref: Any, depth: int) -> None:
        node = ref.get_object()
        ordinal[ref.idnum] = len(ordinal)
        kids = node.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        contents: list[Any] = []
        children = []
        for kid in kids:
            if isinstance(kid, int):
                contents.append(kid)
            elif "/S" in kid.get_object():
                children.append(kid)
            else:  # a marked-content or object reference
                item = kid.get_object()
                contents.append((str(item.get("/Type")), item.get("/MCID"), page_of(item)))
        elements.append((depth, str(node["/S"]), page_of(node), str(node.get("/Alt", "")), tuple(contents)))
        for child in children:
            visit(child, depth + 1)

    for top in root["/StructTreeRoot"]["/K"]:
        visit(top, 0)
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents: list[tuple[int, Any]] = []
    for i in range(0, len(nums), 2):
        value = nums[i + 1]
        if isinstance(value, list):
            parents.append((int(nums[i]), [ordinal.setdefault(v.idnum, len(ordinal)) for v in value]))
        else:
            parents.append((int(nums[i]), ordinal.setdefault(value.idnum, len(ordinal))))
    keys = [page.get("/StructParents") for page in reader.pages]
    links = [a.get_object().get("/StructParent") for page in reader.pages for a in page.get("/Annots", [])]
    return {"elements": elements, "parent_tree": parents, "page_keys": keys, "link_keys": links}


def build_pdf(root: Path, out: Path, jobs: int, events: list[str] | None = None, store: Path | None = None) -> Path:
    def listener(event: BuildEvent) -> None:
        if events is not None and event.stage == "pdf":
            events.append(event.message)

    result = build_project(root, formats="pdf", out=out, jobs=jobs, listener=listener, part_store=store)
    (pdf_file,) = result.pdfs
    return out / pdf_file.path


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even a short handbook into parts (the sizes are decided in this process)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(pdf, "PARALLEL_MIN_CHARS", 0)


def assert_same_handbook(one: Path, parts: Path) -> None:
    expected, actual = structure(one), structure(parts)
    assert actual["pages"] == expected["pages"]
    assert actual["outline"] == expected["outline"]
    for number, (want, got) in enumerate(zip(expected["texts"], actual["texts"], strict=True)):
        assert got == want, f"page {number + 1}"
    assert actual == expected


@pytest.mark.usefixtures("in_parts")
def test_example_handbook_in_parts_is_the_one_process_handbook(tmp_path: Path) -> None:
    events: list[str] = []
    one = build_pdf(example_dir("de"), tmp_path / "one", jobs=1)
    parts = build_pdf(example_dir("de"), tmp_path / "parts", jobs=2, events=events)
    assert_same_handbook(one, parts)
    texts = structure(parts)["texts"]
    assert "Inhalt" in texts[1] and re.search(r"\.{3,}\d+", texts[1])  # contents with page numbers
    assert any(re.fullmatch(r"writing: \d+/\d+ parts done, \d+ pages so far", e) for e in events), events
    assert events[-1].startswith("writing") or events[-1].startswith("stitching")


@pytest.mark.usefixtures("in_parts")
def test_m_handbook_in_parts_is_the_one_process_handbook(tmp_path: Path) -> None:
    import generate

    root = generate.generate("M", tmp_path / "M")
    one = build_pdf(root, tmp_path / "one", jobs=1)
    parts = build_pdf(root, tmp_path / "parts", jobs=2)
    assert_same_handbook(one, parts)


CHAPTERS = {
    "kamdocs.yaml": "title: Parts\nlanguage: en\nas_of: 2027-03-01\n",
    "content/10-intro.md": "---\ntitle: Intro\n---\nSee [the plan](plan.md#budget).\n\n## Scope\n\nText.\n",
    "content/20-plan.md": "---\ntitle: Plan\n---\n## Budget\n\n" + "A paragraph of the plan.\n\n" * 80,
    "content/30-close.md": "---\ntitle: Close\n---\nBack to [the intro](intro.md#scope).\n",
}


@pytest.mark.usefixtures("in_parts")
def test_parts_are_byte_identical_run_to_run_and_link_across_parts(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_CHARS", 1)  # every chapter a part of its own
    root = make_project(CHAPTERS)
    first = build_pdf(root, tmp_path / "a", jobs=2).read_bytes()
    second = build_pdf(root, tmp_path / "b", jobs=2)
    assert second.read_bytes() == first
    rebuild: list[str] = []  # into the same folder: the page counts are taken from the previous PDF
    assert build_pdf(root, tmp_path / "a", jobs=2, events=rebuild).read_bytes() == first
    assert not [e for e in rebuild if e.startswith("counting")], rebuild
    # The file /ID is derived from the content (qpdf's deterministic id), so it is the same too.
    ids = [cast(Any, pypdf.PdfReader(source).trailer["/ID"])[0] for source in (second, io.BytesIO(first))]
    assert ids[0] == ids[1]
    assert_same_handbook(build_pdf(root, tmp_path / "one", jobs=1), second)
    assert not [a for _, _, a, _ in structure(second)["links"] if "kamdocs-part" in a]
    links = {dest for _, dest, _, _ in structure(second)["links"]}
    assert {"kd-plan--budget", "kd-intro--scope"} <= links


@pytest.mark.usefixtures("in_parts")
def test_a_failing_part_fails_the_build_and_keeps_the_previous_pdf(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_CHARS", 1)
    root = make_project(CHAPTERS)
    out = tmp_path / "site"
    handbook = build_pdf(root, out, jobs=2)
    before = handbook.read_bytes()
    names = sorted(p.name for p in out.iterdir())
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "plan.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n")
    (root / "content" / "30-close.md").write_text("---\ntitle: Close\n---\n![plan](assets/plan.eps)\n")
    with pytest.raises(BuildError) as raised:
        build_pdf(root, out, jobs=2)
    assert "content/30-close.md:4:1: error: cannot use" in str(raised.value)
    assert handbook.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == names
    assert sorted(p.name for p in root.iterdir()) == ["content", "data", "kamdocs.yaml"]


@pytest.mark.usefixtures("in_parts")
def test_serve_store_lays_out_only_the_parts_whose_sources_changed(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PART_CHARS", 1)
    root = make_project(CHAPTERS)
    store = tmp_path / "store"
    first: list[str] = []
    build_pdf(root, tmp_path / "a", jobs=2, events=first, store=store)
    assert any(re.fullmatch(r"writing: (\d+)/\1 parts done, \d+ pages so far", e) for e in first), first
    assert not [e for e in first if e.startswith("counting")], first  # laid out once, numbers stamped
    again: list[str] = []
    unchanged = build_pdf(root, tmp_path / "b", jobs=2, events=again, store=store)
    assert not [e for e in again if e.startswith(("counting", "writing"))], again
    assert unchanged.read_bytes() == (tmp_path / "a" / unchanged.name).read_bytes()
    (root / "content" / "30-close.md").write_text("---\ntitle: Close\n---\nBack to [the start](intro.md#scope).\n")
    edited: list[str] = []
    after_edit = build_pdf(root, tmp_path / "c", jobs=2, events=edited, store=store)
    laid_out = [e for e in edited if e.startswith(("counting", "writing"))]
    assert len(laid_out) == 1 and re.fullmatch(r"writing: 5/5 parts done, \d+ pages so far", laid_out[0]), edited
    assert after_edit.read_bytes() == build_pdf(root, tmp_path / "fresh", jobs=2).read_bytes()
    # An edit that adds pages: only that part is laid out; the parts after it get their new numbers
    # stamped into the PDFs the store kept.
    longer = "---\ntitle: Intro\n---\nSee [the plan](plan.md#budget).\n\n## Scope\n\n" + "More text.\n\n" * 150
    (root / "content" / "10-intro.md").write_text(longer)
    grown: list[str] = []
    after_growth = build_pdf(root, tmp_path / "d", jobs=2, events=grown, store=store)
    laid_out = [e for e in grown if e.startswith(("counting", "writing"))]
    assert len(laid_out) == 1, grown
    assert any(e.startswith("stamping page numbers") for e in grown), grown
    fresh = build_pdf(root, tmp_path / "fresh2", jobs=2)
    assert after_growth.read_bytes() == fresh.read_bytes()
    assert structure(fresh)["pages"] > structure(after_edit)["pages"]
