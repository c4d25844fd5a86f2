"""Parsed files by content, so that loading many revisions of a project parses each version once.

`kamdocs history` loads the same project at dozens of revisions that differ in one file each. The
key of a file is its path, the model it is validated against and the SHA-1 of its text computed the
way git names a blob, so a file is parsed and validated once per content, in whichever revision
(or working tree) it occurs. Only what a file yields on its own is kept: cross-checks between files
run on every load.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from kamdocs.errors import Problem


def blob_id(data: bytes) -> str:
    """Return the git blob id of ``data``: the SHA-1 of a ``blob <size>`` header, a NUL byte and the bytes."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class ParsedFile:
    """What reading one file yields: its positions, problems, model value and valid rest."""

    located: Any
    """The parsed :class:`~kamdocs.load.yamlio.Located`, or None when the YAML did not parse."""
    problems: tuple[Problem, ...]
    value: Any
    salvaged: Any
    """The :class:`~kamdocs.load.salvage.Salvaged` rest of an invalid file, or None."""


class ParseCache:
    """Parsed and validated files keyed by (path, model, blob id of the text)."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str, str], ParsedFile] = {}
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(rel: str, kind: str, text: str) -> tuple[str, str, str]:
        """Return the cache key of ``text`` read from ``rel`` as ``kind``."""
        return rel, kind, blob_id(text.encode("utf-8", "surrogatepass"))

    def get(self, key: tuple[str, str, str]) -> ParsedFile | None:
        """Return the cached result for ``key``, counting hits and misses."""
        found = self._files.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: tuple[str, str, str], parsed: ParsedFile) -> None:
        """Remember ``parsed`` under ``key``."""
        self._files[key] = parsed
