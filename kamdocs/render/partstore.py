"""Rendered parts of the PDF kept on disk between the PDF builds of ``kamdocs serve``.

A part is reused when its HTML, its numbering and every file its stylesheets, fonts and images may
come from (the theme folders, ``content/assets``, the logo: size and modification time) are the same.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from kamdocs.render.parts import Bookmark, Numbering, Part, PartOutcome
from kamdocs.render.stamp import stamps_from_json, stamps_to_json


def _numbering(data: dict[str, Any]) -> Numbering:
    toc = tuple((a, p) for a, p in data["toc"])
    return Numbering(data["first_page"], data["total"], toc, data["placeholder"])


def files_fingerprint(roots: tuple[Path, ...]) -> str:
    """Return a digest of the names, sizes and modification times of every file under ``roots``."""
    digest = hashlib.sha256()
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class PartStore:
    """Page counts and written PDFs of parts, in a private folder."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.used: set[str] = set()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _key(self, part: Part, numbering: Numbering) -> str:
        text = f"{self.fingerprint}\0{part.html}\0{numbering!r}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _read(self, key: str, part: Part) -> PartOutcome | None:
        path = self.folder / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        self.used.add(key)
        numbering = _numbering(data["numbering"])
        pdf = self._pdf(part, numbering)
        outcome = PartOutcome(
            part.index,
            numbering,
            data["pages"],
            dict(data["anchors"]),
            tuple(Bookmark(**mark) for mark in data["bookmarks"]),
            pdf,
            tuple((u, r) for u, r in data["broken_images"]),
        )
        if data.get("stamps") is None or pdf is None:
            return outcome
        # Stamped again from the PDF as it was drawn (kept under its own numbers).
        drawn = _numbering(data["drawn"]) if data.get("drawn") else None
        source = self._pdf(part, drawn) if drawn is not None else None
        if drawn is not None and source is None:
            return outcome
        return replace(outcome, stamps=stamps_from_json(data["stamps"]), drawn=drawn, source=source)

    def _pdf(self, part: Part, numbering: Numbering) -> Path | None:
        key = self._key(part, numbering)
        pdf = self.folder / f"{key}.pdf"
        if not pdf.is_file():
            return None
        self.used.add(key)
        return pdf

    def rendered(self, part: Part, numbering: Numbering) -> PartOutcome | None:
        """Return the written part of an earlier build with exactly these numbers."""
        found = self._read(self._key(part, numbering), part)
        return found if found is not None and found.path is not None else None

    def keep(self, part: Part, outcome: PartOutcome) -> PartOutcome:
        """Store the outcome (and its PDF); return it pointing at the stored PDF."""
        data = {
            "numbering": asdict(outcome.numbering),
            "pages": outcome.pages,
            "anchors": outcome.anchors,
            "bookmarks": [asdict(mark) for mark in outcome.bookmarks],
            "broken_images": list(outcome.broken_images),
            "stamps": stamps_to_json(outcome.stamps) if outcome.stamps is not None else None,
            "drawn": asdict(outcome.drawn) if outcome.drawn is not None else None,
        }
        if outcome.path is None:
            return outcome
        key = self._key(part, outcome.numbering)
        self.used.add(key)
        (self.folder / f"{key}.json").write_text(json.dumps(data), encoding="utf-8")
        target = self.folder / f"{key}.pdf"
        if outcome.path != target:
            shutil.copyfile(outcome.path, target)
        if outcome.source is not None and outcome.drawn is not None:
            self._pdf(part, outcome.drawn)  # the PDF as drawn stays while this one is used
        return replace(outcome, path=target)

    def forget_unused(self) -> None:
        """Remove every entry this build did not use (the store holds one handbook's parts)."""
        for path in sorted(self.folder.iterdir()):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
        self.used.clear()
