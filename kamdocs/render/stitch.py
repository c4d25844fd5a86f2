"""Stitch the PDFs of the parts into one document with pypdf, as WeasyPrint writes a whole one.

The pages are copied in order; then what spans parts is rebuilt: the named destinations (one
sorted name tree), the links between parts (``kamdocs-part:<id>`` URIs become links to the
named destination, as WeasyPrint writes internal links), the outline (nested by WeasyPrint's own
algorithm from the bookmarks of all parts), the page labels (i, ii … for the front matter, then
1, 2 …), the catalogue entries and metadata of the first part, and — for a tagged PDF (PDF/UA,
PDF/A-3a) — one structure tree.

Tagged parts: neither qpdf/pikepdf nor pypdf merges structure trees (qpdf issue 490, pikepdf's
structure API is not released), so the merge is done here, for exactly the tree WeasyPrint writes:
a ``StructTreeRoot`` with one ``Document`` element whose kids are the elements of each page in page
order, and a flat ``ParentTree`` whose keys are the page indexes (``StructParents``) followed by
one key per link annotation (``StructParent``). The merged tree is the one WeasyPrint writes for
the whole document: the parts' ``Document`` kids in order under one ``Document``, page keys
renumbered to the document's page indexes, annotation keys after the last page in page order.
Any other tree (role or class maps, an id tree, namespaces, more than one root element) raises
:class:`StitchUnsupported` and the document is built in one process.

No ``/ID`` is written unless the parts have one (PDF/A): then it is the MD5 of the parts' bytes,
as WeasyPrint derives its own from the content, so the file is byte-identical run to run.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from kamdocs.render.parts import PART_LINK, Bookmark

_OWN_KEYS = frozenset({"/Type", "/Pages", "/Outlines", "/Names", "/StructTreeRoot", "/PageLabels"})
_TREE_KEYS = frozenset({"/Type", "/K", "/ParentTree"})
"""The only entries of a part's structure tree root the merge understands."""


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


class _Structure:
    """The structure tree of the document, filled part by part."""

    def __init__(self, writer: Any) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.kids = ArrayObject()
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/K"): self.kids,
                NameObject("/P"): self.root_ref,
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.root[NameObject("/K")] = ArrayObject([self.document_ref])
        self.pages: list[tuple[Any, Any]] = []
        """(page, array of the elements of its marked contents), in document order."""
        self.annotations: list[tuple[Any, Any]] = []
        """(annotation, its element), in document order."""

    def add(self, reader: Any, page_refs: list[Any]) -> None:
        """Add the tree of a part whose pages were just copied (``page_refs``: the part's pages)."""
        tree_ref = reader.trailer["/Root"].raw_get("/StructTreeRoot")
        tree = tree_ref.get_object()
        roots = tree.get("/K")
        if set(tree.keys()) - _TREE_KEYS or roots is None or len(roots) != 1:
            raise StitchUnsupported("a structure tree other than WeasyPrint's")
        document_ref = roots[0]
        document = document_ref.get_object()
        if set(document.keys()) - {"/Type", "/S", "/K", "/P"} or document.get("/S") != "/Document":
            raise StitchUnsupported("a structure tree other than WeasyPrint's")
        nums = tree["/ParentTree"].get_object()
        if "/Nums" not in nums or "/Kids" in nums:
            raise StitchUnsupported("a nested parent tree")
        # The part's root and Document element become the document's: every /P that points at
        # them (also of the page margins' elements, which are not among the Document's kids)
        # is copied as a reference to the merged ones. pypdf keeps this map per source file.
        translated = self.writer._id_translated[id(reader)]
        translated[tree_ref.idnum] = self.root_ref.idnum
        translated[document_ref.idnum] = self.document_ref.idnum
        for kid in document["/K"]:
            self.kids.append(kid.clone(self.writer))
        entries = nums["/Nums"]
        by_key = {int(entries[i]): entries[i + 1] for i in range(0, len(entries), 2)}
        for index, page_ref in enumerate(page_refs):
            value = by_key.pop(index, None)
            self.pages.append((page_ref.clone(self.writer), value.clone(self.writer) if value is not None else None))
        annotations = {
            int(annotation.get_object()["/StructParent"]): annotation
            for page_ref in page_refs
            for annotation in page_ref.get_object().get("/Annots", [])
            if "/StructParent" in annotation.get_object()
        }
        for key in sorted(by_key):
            if key not in annotations:
                raise StitchUnsupported(f"no annotation has the structure key {key}")
            self.annotations.append((annotations[key].clone(self.writer), by_key[key].clone(self.writer)))

    def write(self) -> None:
        """Number pages and annotations as WeasyPrint does and add the tree to the catalogue."""
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

        nums = ArrayObject()
        for index, (page_ref, elements) in enumerate(self.pages):
            page_ref.get_object()[NameObject("/StructParents")] = NumberObject(index)
            nums.extend([NumberObject(index), elements if elements is not None else ArrayObject()])
        for index, (annotation_ref, element) in enumerate(self.annotations, start=len(self.pages)):
            annotation_ref.get_object()[NameObject("/StructParent")] = NumberObject(index)
            nums.extend([NumberObject(index), element])
        self.root[NameObject("/ParentTree")] = self.writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
        self.writer._root_object[NameObject("/StructTreeRoot")] = self.root_ref


def stitch(paths: Sequence[Path], bookmarks: Sequence[Bookmark], handle: Any, *, front: int = 0) -> int:
    """Write the parts at ``paths`` as one PDF to the binary file ``handle``; return its page count.

    ``bookmarks`` are those of every part, their pages counted from the first page of the document;
    the first ``front`` pages are labelled i, ii …, the rest 1, 2 … (no labels when 0).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    refs: list[Any] = []
    dests: dict[str, ArrayObject] = {}
    metadata: dict[str, Any] = {}
    structure: _Structure | None = None
    identifier = hashlib.md5(usedforsecurity=False)
    with_identifier = False
    for number, path in enumerate(paths):
        data = path.read_bytes()
        identifier.update(data)
        reader = PdfReader(io.BytesIO(data))
        root: Any = reader.trailer["/Root"]
        tagged = "/StructTreeRoot" in root
        if number == 0:
            structure = _Structure(writer) if tagged else None
            with_identifier = "/ID" in reader.trailer
        elif tagged != (structure is not None):
            raise StitchUnsupported("tagged and untagged parts")
        first = len(refs)
        local: dict[int, int] = {}
        for index, page in enumerate(reader.pages):
            local[cast(Any, page.indirect_reference).idnum] = first + index
            refs.append(writer.add_page(page).indirect_reference)
        if structure is not None:
            structure.add(reader, [page.indirect_reference for page in reader.pages])
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
    if structure is not None:
        structure.write()
    if front:
        writer._root_object[NameObject("/PageLabels")] = page_labels(front)
    if with_identifier:
        digest = ByteStringObject(identifier.hexdigest().encode("ascii"))
        writer._ID = ArrayObject([digest, digest])
    writer.add_metadata(metadata)  # WeasyPrint's /Producer replaces pypdf's
    writer.write(handle)
    return len(refs)


def page_labels(front: int) -> Any:
    """Return the ``/PageLabels`` of a document whose first ``front`` pages are i, ii … (as render.pdf)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    roman = DictionaryObject({NameObject("/S"): NameObject("/r")})
    decimal = DictionaryObject({NameObject("/S"): NameObject("/D"), NameObject("/St"): NumberObject(1)})
    return DictionaryObject({NameObject("/Nums"): ArrayObject([NumberObject(0), roman, NumberObject(front), decimal])})


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
