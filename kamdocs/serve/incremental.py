"""What a change touches: which sources really changed and which output pages differ.

The watcher reports paths; this module turns them into a :class:`ChangeSet`
(a no-op save, e.g. an editor touching a file, changes nothing and triggers no
build) and compares the new output with the previous one so that only tabs
showing a changed page reload. Which pages a build re-renders is decided by
content in :mod:`kamdocs.render.memo`, not here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CONFIG_FILE = "kamdocs.yaml"
WATCHED_DIRS = ("data", "content", "themes")


def relative_source(root: Path, path: Path) -> str | None:
    """Return ``path`` relative to ``root`` in POSIX form when it is a watched source, else None."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return None
    parts = rel.parts
    if not parts:
        return None
    if parts == (CONFIG_FILE,) or (parts[0] in WATCHED_DIRS and len(parts) > 1):
        return rel.as_posix()
    return None


def watched_change(root: Path, path: Path) -> str | None:
    """Return the relative path of a change that may matter to the build, else None.

    That is a source (see :func:`relative_source`) or a watched top-level folder
    itself: a ``themes/`` created with files in it at once may report only the
    folder, because inotify watches a new folder only after its creation event.
    """
    rel = relative_source(root, path)
    if rel is None and path.parent == root and path.name in WATCHED_DIRS:
        return path.name
    return rel


@dataclass(frozen=True)
class ChangeSet:
    """Sources that changed since the last build, sorted by kind."""

    config: bool = False
    themes: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Tell whether nothing changed."""
        return not (self.config or self.themes or self.data or self.chapters or self.assets)

    def describe(self) -> str:
        """Return a short human summary such as ``content/10-ziele.md`` or ``3 files``."""
        files = [*([CONFIG_FILE] if self.config else []), *self.themes, *self.data, *self.chapters, *self.assets]
        return files[0] if len(files) == 1 else f"{len(files)} files"


def classify(paths: Iterable[str]) -> ChangeSet:
    """Sort changed source paths (relative, POSIX) into a :class:`ChangeSet`."""
    config = False
    themes: list[str] = []
    data: list[str] = []
    chapters: list[str] = []
    assets: list[str] = []
    for rel in sorted(set(paths)):
        if rel == CONFIG_FILE:
            config = True
        elif rel.startswith("themes/"):
            themes.append(rel)
        elif rel.startswith("data/"):
            data.append(rel)
        elif rel.startswith("content/") and rel.endswith(".md") and rel.count("/") == 1:
            chapters.append(rel)
        elif rel.startswith("content/"):
            assets.append(rel)
    return ChangeSet(config, tuple(themes), tuple(data), tuple(chapters), tuple(assets))


def _digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None  # deleted, or a directory


class SourceFingerprints:
    """Content hashes of the watched sources, to drop saves that changed no byte."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._hashes: dict[str, str | None] = {}

    def scan(self) -> None:
        """Record every watched source as it is now (at start-up)."""
        files = [self.root / CONFIG_FILE]
        for folder in WATCHED_DIRS:
            files.extend(p for p in sorted((self.root / folder).rglob("*")) if p.is_file())
        for path in files:
            rel = relative_source(self.root, path)
            if rel is not None:
                self._hashes[rel] = _digest(path)

    def changed(self, rels: Iterable[str]) -> list[str]:
        """Return the files among ``rels`` whose content differs from the last record, and record them.

        A folder stands for the files in it: inotify adds its watch on a new
        folder only after the folder event, so files written at once into a new
        folder (an unpacked theme) may never report themselves.
        """
        files: set[str] = set()
        for rel in set(rels):
            path = self.root / rel
            if path.is_dir():
                files.update(
                    r for p in path.rglob("*") if p.is_file() and (r := relative_source(self.root, p)) is not None
                )
            elif not path.exists() and rel not in self._hashes:
                files.update(known for known in self._hashes if known.startswith(rel + "/"))  # a removed folder
            else:
                files.add(rel)
        result = []
        for rel in sorted(files):
            digest = _digest(self.root / rel)
            if self._hashes.get(rel, "missing") != digest:
                self._hashes[rel] = digest
                result.append(rel)
        return result


class OutputIndex:
    """Content hashes of the served output, to tell which files a build changed."""

    def __init__(self) -> None:
        self._hashes: dict[str, str] = {}

    def update(self, out: Path) -> set[str]:
        """Hash the files under ``out`` and return the relative paths added, changed or removed."""
        new: dict[str, str] = {}
        for path in sorted(out.rglob("*")):
            if path.is_file() and not path.is_symlink():
                digest = _digest(path)
                if digest is not None:
                    new[path.relative_to(out).as_posix()] = digest
        changed = {rel for rel, digest in new.items() if self._hashes.get(rel) != digest}
        changed.update(set(self._hashes) - set(new))
        self._hashes = new
        return changed
