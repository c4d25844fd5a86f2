"""Round-trip editing of YAML files with ruamel.yaml that leaves untouched lines byte-identical.

ruamel.yaml keeps comments, key order and quoting, but re-emitting a whole
document still normalises a few things (the indentation of block scalars or
of a differently indented list, line-continued plain text). So the edited
document is not written as ruamel emits it: the lines ruamel changed *because
of our edits* (the diff between its output before and after the edits) are
patched into the original text. Only where an edit falls into a region that
ruamel would reformat anyway does that region take ruamel's form; the result
is always re-read and compared with ruamel's, and ruamel's output is used when
they differ, so the data written is never wrong.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (3, 5, 2))
"""(mapping, sequence, offset) styles tried to find the one the file is written in."""


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.splitlines(), b.splitlines(), autojunk=False).ratio()


class Document:
    """One YAML file loaded for editing; :meth:`render` returns the new text."""

    def __init__(self, path: Path, rel: str) -> None:
        self.path = path
        self.rel = rel
        self.exists = path.is_file()
        raw = path.read_bytes().decode("utf-8") if self.exists else ""
        self.bom = raw.startswith("\ufeff")
        text = raw.removeprefix("\ufeff")
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.original = text.replace("\r\n", "\n")
        self.yaml = _yaml(2, 4, 2)
        data = self.yaml.load(self.original) if self.original.strip() else None
        if data is None:
            data = CommentedMap()
        self.data: Any = data
        self.before = self._pick_style()

    def _pick_style(self) -> str:
        """Choose the indentation whose output matches the file best; return that output."""
        best, best_text, best_score = self.yaml, _dump(self.yaml, self.data), -1.0
        for style in _INDENTS:
            yaml = _yaml(*style)
            text = _dump(yaml, self.data)
            if text == self.original:
                best, best_text = yaml, text
                break
            score = _similarity(text, self.original)
            if score > best_score:
                best, best_text, best_score = yaml, text, score
        self.yaml = best
        return best_text

    def render(self) -> str:
        """Return the file's new text: the original with only the edited lines replaced."""
        after = _dump(self.yaml, self.data)
        if not self.original.strip():
            text = after
        else:
            text = merge(self.original, self.before, after)
            if text != after and not _same_data(text, after):
                text = after
        text = text.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "") + text

    def encoded(self) -> bytes:
        """Return the new file content as bytes."""
        return self.render().encode("utf-8")


def _same_data(a: str, b: str) -> bool:
    safe = YAML(typ="safe", pure=True)
    try:
        return bool(safe.load(a) == safe.load(b))
    except Exception:  # noqa: BLE001 - any failure to read the patched text means: do not use it
        return False


def merge(original: str, before: str, after: str) -> str:
    """Apply the line changes ``before → after`` to ``original`` (``before`` is a reformatted ``original``).

    Returns ``after`` when a change touches lines that ``before`` does not share with ``original``.
    """
    if before == after:
        return original
    if original == before:
        return after
    o_lines = original.splitlines(keepends=True)
    b_lines = before.splitlines(keepends=True)
    a_lines = after.splitlines(keepends=True)
    b_to_o: dict[int, int] = {}
    for tag, i1, _i2, j1, j2 in difflib.SequenceMatcher(None, o_lines, b_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                b_to_o[j1 + k] = i1 + k
    edits: list[tuple[int, int, list[str]]] = []
    for tag, j1, j2, k1, k2 in difflib.SequenceMatcher(None, b_lines, a_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if j1 == j2:
            if j1 == 0:
                at = 0
            elif j1 - 1 in b_to_o:
                at = b_to_o[j1 - 1] + 1
            elif j1 in b_to_o:
                at = b_to_o[j1]
            else:
                return after
            edits.append((at, at, a_lines[k1:k2]))
            continue
        mapped = [b_to_o.get(j) for j in range(j1, j2)]
        if any(m is None for m in mapped):
            return after
        start = b_to_o[j1]
        if [m - start for m in mapped if m is not None] != list(range(j2 - j1)):
            return after
        edits.append((start, start + (j2 - j1), a_lines[k1:k2]))
    result = list(o_lines)
    for start, end, lines in sorted(edits, key=lambda e: e[0], reverse=True):
        result[start:end] = lines
    return "".join(result)
