"""Stitch the PDFs of the parts into one document with pypdf, as WeasyPrint writes a whole one.

The pages are copied in order; then what spans parts is rebuilt: the named destinations (one
sorted name tree), the links between parts (``kamdocs-part:<id>`` URIs become links to the
named destination, as WeasyPrint writes internal links), the outline (nested by WeasyPrint's own
algorithm from the bookmarks of all parts), and the catalogue entries and metadata of the first
part. No ``/ID`` is written (WeasyPrint writes none either), so the file is byte-identical run to run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from kamdocs.render.parts import PART_LINK, Bookmark

_OWN_KEYS = frozenset({"/Type", "/Pages", "/Outlines", "/Names"})


class StitchUnsupported(Exception):
    """The parts carry structure the stitcher cannot merge (a tagged PDF); build in one process."""


def dest_names(node: Any) -> list[tuple[str, Any]]:
    """Return (name, destination) of a name tree, in order (flat ``/Names`` or ``/Kids``)."""
    node = node.get_object()
    found: list[tuple[str, Any]] = []
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            found.append((str(names[i]), names[i + 1].get_object()))
    for kid in node.get("/Kids", []):
        found.extend(dest_names(kid))
    return found


def outline_tree(bookmarks: Sequence[Bookmark], pages: int) -> list[Any]:
    """Nest the bookmarks of the whole document as WeasyPrint does (levels may be skipped)."""
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    by_page: list[list[tuple[int, str, tuple[float, float], str]]] = [[] for _ in range(pages)]
    for mark in bookmarks:
        by_page[mark.page].append((mark.level, mark.label, (mark.x, mark.y), mark.state))
    root: list[Any] = []
    skipped: list[int] = []
    last_by_depth: list[list[Any]] = [root]
    previous = 0
    identity = Matrix()
    for number, marks in enumerate(by_page):
        previous = make_page_bookmark_tree(
            SimpleNamespace(bookmarks=marks), skipped, last_by_depth, previous, number, identity
        )
    return root


def stitch(paths: Sequence[Path], bookmarks: Sequence[Bookmark], handle: Any) -> int:
    """Write the parts at ``paths`` as one PDF to the binary file ``handle``; return its page count.

    ``bookmarks`` are those of every part, their pages counted from the first page of the document.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    refs: list[Any] = []
    dests: dict[str, ArrayObject] = {}
    metadata: dict[str, Any] = {}
    for number, path in enumerate(paths):
        reader = PdfReader(path)
        root: Any = reader.trailer["/Root"]
        if "/StructTreeRoot" in root:
            raise StitchUnsupported("tagged PDF")
        first = len(refs)
        local: dict[int, int] = {}
        for index, page in enumerate(reader.pages):
            local[cast(Any, page.indirect_reference).idnum] = first + index
            refs.append(writer.add_page(page).indirect_reference)
        names = root.get("/Names")
        if names is not None and "/Dests" in names:
            for name, dest in dest_names(names["/Dests"]):
                target = local[dest[0].idnum]
                dests[name] = ArrayObject([refs[target], *dest[1:]])
        if number == 0:
            metadata = {key: reader.metadata[key] for key in reader.metadata} if reader.metadata else {}
            for key, value in root.items():
                if key not in _OWN_KEYS:
                    writer._root_object[NameObject(key)] = value.clone(writer)
    for page in writer.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(PART_LINK):
                del annotation["/A"]
                annotation[NameObject("/Dest")] = TextStringObject(uri[len(PART_LINK) :])
    if dests:
        flat = ArrayObject()
        for name in sorted(dests):
            flat.extend([TextStringObject(name), dests[name]])
        tree = writer._add_object(DictionaryObject({NameObject("/Names"): flat}))
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): tree})
    _write_outline(writer, outline_tree(bookmarks, len(refs)), refs)
    writer.add_metadata(metadata)  # WeasyPrint's /Producer replaces pypdf's
    writer.write(handle)
    return len(refs)


def _write_outline(writer: Any, tree: list[Any], refs: list[Any]) -> None:
    """Add the outline as WeasyPrint's ``add_outlines`` writes it (counts, open and closed entries)."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

    def add(entries: list[Any], parent: Any) -> tuple[list[Any], int]:
        count = len(entries)
        made: list[tuple[Any, DictionaryObject]] = []
        for title, (page, x, y), children, state in entries:
            destination = ArrayObject([refs[page], NameObject("/XYZ"), FloatObject(x), FloatObject(y), NumberObject(0)])
            item = DictionaryObject({NameObject("/Title"): TextStringObject(title), NameObject("/Dest"): destination})
            ref = writer._add_object(item)
            kids, kids_count = add(children, ref)
            item[NameObject("/Count")] = NumberObject(-kids_count if state == "closed" else kids_count)
            if state != "closed":
                count += kids_count
            if made:
                item[NameObject("/Prev")] = made[-1][0]
                made[-1][1][NameObject("/Next")] = ref
            if kids:
                item[NameObject("/First")] = kids[0]
                item[NameObject("/Last")] = kids[-1]
            if parent is not None:
                item[NameObject("/Parent")] = parent
            made.append((ref, item))
        return [ref for ref, _ in made], count

    if not tree:
        return
    outlines = DictionaryObject()
    outlines_ref = writer._add_object(outlines)
    top, count = add(tree, outlines_ref)
    outlines[NameObject("/Count")] = NumberObject(count)
    outlines[NameObject("/First")] = top[0]
    outlines[NameObject("/Last")] = top[-1]
    writer._root_object[NameObject("/Outlines")] = outlines_ref
