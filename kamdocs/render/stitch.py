"""Stitch the PDFs of the parts into one document with pikepdf (qpdf), as WeasyPrint writes a whole one.

The pages are copied in order; then what spans parts is rebuilt: the named destinations (one
sorted name tree), the links between parts (``kamdocs-part:<id>`` URIs become links to the
named destination, as WeasyPrint writes internal links), the outline (nested by WeasyPrint's own
algorithm from the bookmarks of all parts), the page labels (i, ii … for the front matter, then
1, 2 …), the catalogue entries and metadata of the first part, and — for a tagged PDF (PDF/UA,
PDF/A-3a) — one structure tree.

Tagged parts: qpdf does not merge structure trees (qpdf issue 490), so the merge is done here, for
exactly the tree WeasyPrint writes: a ``StructTreeRoot`` with one ``Document`` element whose kids
are the elements of each page in page order, and a flat ``ParentTree`` whose keys are the page
indexes (``StructParents``) followed by one key per link annotation (``StructParent``). The merged
tree is the one WeasyPrint writes for the whole document: the parts' ``Document`` kids in order
under the first part's ``Document``, page keys renumbered to the document's page indexes,
annotation keys after the last page in page order; every element whose parent was a later part's
``Document`` (its kids and the page margins' elements, which are not among the kids) points at
the merged one. Any other tree (role or class maps, an id tree, namespaces, more than one root
element) raises :class:`StitchUnsupported` and the document is built in one process.

qpdf copies the parts' content streams without decoding them, keeps only the objects the document
refers to and packs the small ones into compressed object streams (a file about the size of the
one-process PDF, where pypdf's plain objects made it three times as large). Its file ``/ID`` is
derived from the content (``deterministic_id``), so the file is byte-identical run to run.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kamdocs.render.parts import PART_LINK, Bookmark

_OWN_KEYS = frozenset({"/Type", "/Pages", "/Outlines", "/Names", "/StructTreeRoot", "/PageLabels"})
_TREE_KEYS = frozenset({"/Type", "/K", "/ParentTree"})
"""The only entries of a part's structure tree root the merge understands."""


class StitchUnsupported(Exception):
    """The parts carry structure the stitcher cannot merge; build in one process."""


def dest_names(node: Any) -> list[tuple[str, Any]]:
    """Return (name, destination) of a pikepdf name tree node, in order (flat ``/Names`` or ``/Kids``)."""
    found: list[tuple[str, Any]] = []
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            found.append((str(names[i]), names[i + 1]))
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
    """The structure tree of the document, filled part by part (the first part's root and Document)."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.root: Any = None
        self.document: Any = None
        self.pages: list[tuple[Any, Any]] = []
        """(page, array of the elements of its marked contents), in document order."""
        self.annotations: list[tuple[Any, Any]] = []
        """(annotation, its element), in document order."""

    def add(self, source: Any, pages: list[Any]) -> None:
        """Add the tree of the part ``source`` whose pages were just copied (``pages``: the copies)."""
        from pikepdf import Array, Name

        tree = source.Root.get("/StructTreeRoot")
        roots = tree.get("/K") if tree is not None else None
        if tree is None or set(tree.keys()) - _TREE_KEYS or roots is None or len(roots) != 1:
            raise StitchUnsupported("a structure tree other than WeasyPrint's")
        document = roots[0]
        if set(document.keys()) - {"/Type", "/S", "/K", "/P"} or document.get("/S") != Name.Document:
            raise StitchUnsupported("a structure tree other than WeasyPrint's")
        nums = tree["/ParentTree"]
        if "/Nums" not in nums or "/Kids" in nums:
            raise StitchUnsupported("a nested parent tree")
        # Copied through the same map as the pages: elements refer to the copied pages (/Pg).
        copied_tree = self.out.copy_foreign(tree)
        copied_document = copied_tree["/K"][0]
        entries = copied_tree["/ParentTree"]["/Nums"]
        if self.root is None:
            self.root = copied_tree
            self.document = copied_document
        else:
            self._adopt(copied_document, entries)
        by_key = {int(entries[i]): entries[i + 1] for i in range(0, len(entries), 2)}
        for index, page in enumerate(pages):
            self.pages.append((page, by_key.pop(index, None)))
        annotations = {
            int(annotation["/StructParent"]): annotation
            for page in pages
            for annotation in page.obj.get("/Annots", Array())
            if "/StructParent" in annotation
        }
        for key in sorted(by_key):
            if key not in annotations:
                raise StitchUnsupported(f"no annotation has the structure key {key}")
            self.annotations.append((annotations[key], by_key[key]))

    def _adopt(self, document: Any, entries: Any) -> None:
        """Move the kids of a later part's copied ``document`` under the merged one, margins too."""
        from pikepdf import Array

        own = document.objgen
        kids = self.document["/K"]
        for kid in document["/K"]:
            kid["/P"] = self.document
            kids.append(kid)
        # The margins' elements are not among the kids: reach them from the marked contents upwards.
        seen: set[tuple[int, int]] = set()
        for i in range(1, len(entries), 2):
            value = entries[i]
            for element in value if isinstance(value, Array) else [value]:
                while element is not None and element.objgen not in seen and element.objgen != own:
                    seen.add(element.objgen)
                    parent = element.get("/P")
                    if parent is not None and parent.objgen == own:
                        element["/P"] = self.document
                        break
                    element = parent

    def write(self) -> None:
        """Number pages and annotations as WeasyPrint does and add the tree to the catalogue."""
        from pikepdf import Array, Dictionary

        nums = Array()
        for index, (page, elements) in enumerate(self.pages):
            page.obj["/StructParents"] = index
            nums.append(index)
            nums.append(elements if elements is not None else Array())
        for index, (annotation, element) in enumerate(self.annotations, start=len(self.pages)):
            annotation["/StructParent"] = index
            nums.append(index)
            nums.append(element)
        self.root["/ParentTree"] = self.out.make_indirect(Dictionary(Nums=nums))
        self.out.Root["/StructTreeRoot"] = self.root


def _copy(out: Any, value: Any) -> Any:
    """Return ``value`` of another PDF as an object of ``out`` (qpdf copies indirect objects only)."""
    from pikepdf import Array, Dictionary, Object

    if not isinstance(value, Object):  # a number or boolean, as pikepdf hands them out
        return value
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(out, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(out, item) for key, item in value.items()})
    return value


def stitch(paths: Sequence[Path], bookmarks: Sequence[Bookmark], handle: Any, *, front: int = 0) -> int:
    """Write the parts at ``paths`` as one PDF to the binary file ``handle``; return its page count.

    ``bookmarks`` are those of every part, their pages counted from the first page of the document;
    the first ``front`` pages are labelled i, ii …, the rest 1, 2 … (no labels when 0).
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    out = pikepdf.Pdf.new()
    sources: list[Any] = []  # open until saved: qpdf reads the copied streams from them then
    dests: dict[str, Any] = {}
    structure: _Structure | None = None
    version = "1.7"
    try:
        for number, path in enumerate(paths):
            source = pikepdf.open(path)
            sources.append(source)
            tagged = "/StructTreeRoot" in source.Root
            if number == 0:
                structure = _Structure(out) if tagged else None
                version = source.pdf_version
            elif tagged != (structure is not None):
                raise StitchUnsupported("tagged and untagged parts")
            first = len(out.pages)
            with warnings.catch_warnings():
                # Its warning is about named destinations and forms: the destinations are rebuilt
                # below, and a handbook has no forms.
                warnings.filterwarnings("ignore", message="Copying pages from another Pdf")
                out.pages.extend(source.pages)
            copies = [out.pages[first + i] for i in range(len(source.pages))]
            if structure is not None:
                structure.add(source, copies)
            names = source.Root.get("/Names")
            if names is not None and "/Dests" in names:
                for name, dest in dest_names(names["/Dests"]):
                    dests[name] = _copy(out, dest)
            if number == 0:
                if "/Info" in source.trailer:
                    out.trailer["/Info"] = _copy(out, source.trailer["/Info"])
                for key in source.Root.keys():
                    if key not in _OWN_KEYS:
                        out.Root[key] = _copy(out, source.Root[key])
        for page in out.pages:
            for annotation in page.obj.get("/Annots", Array()):
                action = annotation.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                if uri.startswith(PART_LINK):
                    del annotation["/A"]
                    annotation["/Dest"] = String(uri[len(PART_LINK) :])
        if dests:
            flat = Array()
            for name in sorted(dests):
                flat.append(String(name))
                flat.append(dests[name])
            out.Root["/Names"] = Dictionary(Dests=out.make_indirect(Dictionary(Names=flat)))
        _write_outline(out, outline_tree(bookmarks, len(out.pages)))
        if structure is not None:
            structure.write()
        if front:
            out.Root["/PageLabels"] = Dictionary(
                Nums=Array([0, Dictionary(S=Name.r), front, Dictionary(S=Name.D, St=1)])
            )
        out.save(
            handle,
            min_version=version,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
            fix_metadata_version=False,
        )
        return len(out.pages)
    finally:
        for source in sources:
            source.close()
        out.close()


def _write_outline(out: Any, tree: list[Any]) -> None:
    """Add the outline as WeasyPrint's ``add_outlines`` writes it (counts, open and closed entries)."""
    from pikepdf import Array, Dictionary, Name, String

    pages = out.pages

    def add(entries: list[Any], parent: Any) -> tuple[list[Any], int]:
        count = len(entries)
        made: list[Any] = []
        for title, (page, x, y), children, state in entries:
            destination = Array([pages[page].obj, Name.XYZ, x, y, 0])
            item = out.make_indirect(Dictionary(Title=String(title), Dest=destination))
            kids, kids_count = add(children, item)
            item["/Count"] = -kids_count if state == "closed" else kids_count
            if state != "closed":
                count += kids_count
            if made:
                item["/Prev"] = made[-1]
                made[-1]["/Next"] = item
            if kids:
                item["/First"] = kids[0]
                item["/Last"] = kids[-1]
            if parent is not None:
                item["/Parent"] = parent
            made.append(item)
        return made, count

    if not tree:
        return
    outlines = out.make_indirect(Dictionary())
    top, count = add(tree, outlines)
    outlines["/Count"] = count
    outlines["/First"] = top[0]
    outlines["/Last"] = top[-1]
    out.Root["/Outlines"] = outlines
