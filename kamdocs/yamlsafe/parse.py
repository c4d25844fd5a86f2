"""Read YAML safely, keeping the line and column of every key and value.

The text is composed into a node tree by :mod:`kamdocs.yamlsafe.compose` (our
own non-recursive composer over parser events — nothing ever constructs Python
objects from tags); the tree is turned into plain data here by our own builder,
which:

* resolves plain scalars by the YAML 1.2 core schema (``NO`` and ``on`` stay
  text; dates stay text and are parsed by the models), and keeps the text as
  written for numbers so that a string field gets ``0755`` or ``1.10`` back;
* rejects every explicit tag other than the standard ones, so nothing like
  ``!!python/object/apply`` can ever run;
* reports duplicate keys with both lines instead of keeping the last value;
* bounds nesting depth and the size that aliases expand to ("billion laughs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kamdocs.values import YamlFloat, YamlInt
from kamdocs.yamlsafe.compose import MAX_DEPTH, MAX_NODES, PLAIN, YamlProblem, check_size, compose, explain

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Located",
    "Mark",
    "PathKey",
    "YamlProblem",
    "decode",
    "parse",
    "read_text",
]

MAX_FILE_BYTES = 2 * 1024 * 1024

PathKey = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    col: int


@dataclass
class Located:
    """Parsed YAML data plus the position of every key and value by path."""

    data: Any
    values: dict[PathKey, Mark] = field(default_factory=dict)
    keys: dict[PathKey, Mark] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)
    """Errors that did not stop parsing (duplicate keys); the data keeps the first value."""

    def mark(self, path: PathKey, *, key: bool = False) -> Mark:
        """Return the best position for ``path``: the key or value, else the nearest parent."""
        probe = tuple(path)
        while True:
            table = self.keys if key else self.values
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return Mark(1, 1)
            probe = probe[:-1]


def _mark(node: Node, line_offset: int) -> Mark:
    return Mark(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def _scalar(node: ScalarNode) -> Any:
    text: str = node.value
    tag = node.tag
    if node.style is not None or tag == "tag:yaml.org,2002:str":
        return text  # quoted or block scalar, or explicit !!str: always text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    number: YamlInt | YamlFloat | None = None
    if _INT.match(text):
        number = YamlInt(int(text, 10))
    elif _INT_OCT.match(text):
        number = YamlInt(int(text[2:], 8))
    elif _INT_HEX.match(text):
        number = YamlInt(int(text[2:], 16))
    elif _FLOAT.match(text) or _INF.match(text) or _NAN.match(text):
        number = YamlFloat(
            float(
                text.replace(".inf", "inf")
                .replace(".Inf", "inf")
                .replace(".INF", "inf")
                .replace(".nan", "nan")
                .replace(".NaN", "nan")
                .replace(".NAN", "nan")
            )
        )
    if number is not None:
        number.raw = text
        return number
    return text


class _Builder:
    """Turn a node tree into plain data and a table of marks."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.located = Located(None)

    def build(self, node: Node, path: PathKey) -> Any:
        self.located.values[path] = _mark(node, self.offset)
        if node.tag == PLAIN and isinstance(node, ScalarNode):
            return _scalar(node)
        if node.tag not in _STANDARD_TAGS and not node.tag.startswith("tag:yaml.org,2002:"):
            raise YamlProblem(
                f"the tag {node.tag!r} is not allowed; kamdocs files hold plain data "
                "(remove the '!…' before the value)",
                *_pos(node, self.offset),
            )
        if node.tag not in _STANDARD_TAGS:
            raise YamlProblem(
                f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed; "
                "remove it and write the value as plain text, number, list or mapping",
                *_pos(node, self.offset),
            )
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        raise YamlProblem("unsupported YAML node", *_pos(node, self.offset))  # pragma: no cover

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (key_node.tag == PLAIN and key_node.value == "<<"):
                raise YamlProblem(
                    "merge keys ('<<') are not supported; write the keys out", *_pos(key_node, self.offset)
                )
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("a key must be plain text, not a list or mapping", *_pos(key_node, self.offset))
            key = str(key_node.value)  # keys keep the text as written: `1:` is "1", `NO:` is "NO"
            line, col = _pos(key_node, self.offset)
            if key in first_line:
                # Keep the first value and go on, so that every other problem of the file is
                # still reported in the same run.
                first, first_col = first_line[key]
                where = f"line {first}" + (f", column {first_col}" if first == line else "")
                self.located.problems.append(
                    YamlProblem(
                        f"duplicate key {key!r}: it is already defined on {where}; a second value "
                        "would silently replace the first — keep one of them",
                        line,
                        col,
                    )
                )
                continue
            first_line[key] = (line, col)
            self.located.keys[(*path, key)] = Mark(line, col)
            result[key] = self.build(value_node, (*path, key))
        return result


def _pos(node: Node, offset: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1


def decode(raw: bytes) -> str:
    """Decode UTF-8 text, raising :class:`YamlProblem` at the first invalid byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, col
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path) -> str:
    """Read a source file as UTF-8, refusing files over the size cap."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {size / 1024 / 1024:.1f} MB; playbook files are limited to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB — split it or remove pasted data"
        )
    return decode(path.read_bytes())


def parse(text: str, *, line_offset: int = 0) -> Located:
    """Parse one YAML document into :class:`Located` data, or raise :class:`YamlProblem`."""
    # Tabs used for indentation are reported by the parser at the tab (see compose.explain);
    # a tab inside a block of text ('|') is content and stays.
    try:
        root, aliased = compose(text)
    except YamlProblem as exc:
        exc.line += line_offset
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if (
            exc.context_mark is not None
            and any(word in (exc.context or "") for word in ("quoted scalar", "flow sequence", "flow mapping"))
            and exc.problem_mark is not None
            and exc.problem_mark.line != exc.context_mark.line
        ):
            mark = exc.context_mark  # point at the opening quote or bracket, not the end of the file
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        raise YamlProblem(explain(exc, text), line, col) from None
    except yaml.reader.ReaderError as exc:
        # A control character (a NUL byte): PyYAML's offset for it is not reliable, so find it again.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        position = found.start() if found else 0
        before = text[:position]
        line = before.count("\n") + 1 + line_offset
        col = position - (before.rfind("\n") + 1) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlProblem(
            f"invalid YAML: the control character {character} is not allowed; delete it "
            "(it is invisible in most editors)",
            line,
            col,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", 1 + line_offset, 1) from None
    if root is None:
        return Located(None)
    if aliased:
        check_size(root)
    builder = _Builder(line_offset)
    builder.located.data = builder.build(root, ())
    return builder.located
