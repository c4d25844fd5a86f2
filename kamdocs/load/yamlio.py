"""Read YAML safely, keeping the line and column of every key and value.

The parser's *events* (libyaml's when installed, else PyYAML's) are composed
into a node tree by our own non-recursive composer — nothing ever constructs
Python objects from tags — and the tree is turned into plain data by our own
builder, which:

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

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

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
_PLAIN = "tag:kamdocs:plain"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


class YamlInt(int):
    """An int read from YAML that remembers the text it was written as."""

    raw: str


class YamlFloat(float):
    """A float read from YAML that remembers the text it was written as."""

    raw: str


class YamlProblem(Exception):
    """A file could not be read as YAML; carries the 1-based position."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


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


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def _event_parser(text: str) -> Any:
    """Return a parser that yields events: libyaml's when available (about ten times faster)."""
    if getattr(yaml, "__with_libyaml__", False):
        return yaml.CSafeLoader(text)
    return yaml.SafeLoader(text)  # pragma: no cover - PyYAML without libyaml


def _too_deep(mark: Any) -> YamlProblem:
    return YamlProblem(
        f"nesting is deeper than {MAX_DEPTH} levels; a playbook file never needs that much",
        mark.line + 1,
        mark.column + 1,
    )


def _compose(text: str) -> tuple[Node | None, bool]:
    """Build the node tree of a single document from parser events, without recursion.

    Our own composer (instead of PyYAML's recursive one, or libyaml's, which recurses
    in C) bounds the depth before descending and resolves no implicit tags: plain
    scalars keep the tag ``_PLAIN`` and are resolved later by YAML 1.2 rules, so
    ``NO`` stays text and ``2027-01-01`` is not turned into a date. Returns the root
    and whether any alias was used (only then can the data grow beyond the text).
    """
    parser = _event_parser(text)
    try:
        parser.get_event()  # StreamStart
        if parser.check_event(yaml.StreamEndEvent):
            return None, False
        document = parser.get_event()  # DocumentStart
        root, aliased = _compose_document(parser)
        parser.get_event()  # DocumentEnd
        if not parser.check_event(yaml.StreamEndEvent):
            second = parser.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", document.start_mark,
                "but found another document", second.start_mark,
            )
        return root, aliased
    finally:
        parser.dispose()


def _compose_document(parser: Any) -> tuple[Node, bool]:
    anchors: dict[str, Node] = {}
    aliased = False
    stack: list[tuple[Node, list[Node | None]]] = []  # open collections with a pending mapping key
    while True:
        event = parser.get_event()
        # libyaml's marks are a different class with the same fields as PyYAML's.
        start: Any = event.start_mark
        end: Any = event.end_mark
        node: Node | None = None
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", start
                )
            node = anchors[event.anchor]
            aliased = True
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None:
                tag = _PLAIN if event.implicit[0] else _STR
            elif tag == "!":
                tag = _STR  # the non-specific tag: "this is text"
            node = ScalarNode(tag, event.value, start, end, style=event.style or None)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(event.start_mark)
            is_seq = isinstance(event, yaml.SequenceStartEvent)
            tag = event.tag if event.tag not in (None, "!") else (_SEQ if is_seq else _MAP)
            kind = SequenceNode if is_seq else MappingNode
            collection = kind(tag, [], start, None, flow_style=event.flow_style)
            _anchor(anchors, event, collection)
            stack.append((collection, [None]))
            continue
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            node = stack.pop()[0]
            node.end_mark = end
        if node is None:  # pragma: no cover - the parser yields no other events inside a document
            raise YamlProblem("unexpected YAML event", event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            _anchor(anchors, event, node)
        if not stack:
            return node, aliased
        parent, pending = stack[-1]
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
        elif pending[0] is None:
            pending[0] = node
        else:
            parent.value.append((pending[0], node))
            pending[0] = None


def _anchor(anchors: dict[str, Node], event: Any, node: Node) -> None:
    """Remember ``node`` under the event's anchor; an anchor defined twice is an error."""
    if event.anchor is None:
        return
    if event.anchor in anchors:
        raise YamlProblem(
            f"the anchor '&{event.anchor}' is defined twice; give each anchor its own name",
            event.start_mark.line + 1,
            event.start_mark.column + 1,
        )
    anchors[event.anchor] = node


def _check_size(root: Node) -> None:
    """Refuse documents whose aliases expand to too many nodes."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        if total > MAX_NODES:
            raise YamlProblem(
                f"aliases (*name) expand this file to more than {MAX_NODES:,} values; "
                "write the data out instead of repeating anchors",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        sizes[id(node)] = total


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
        number = YamlFloat(float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                                 .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan")))
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
        if node.tag == _PLAIN and isinstance(node, ScalarNode):
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
            if key_node.tag == "tag:yaml.org,2002:merge" or (key_node.tag == _PLAIN and key_node.value == "<<"):
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


def _char_at(text: str, mark: Any) -> str:
    """Return the character at a parser mark ('' past the end)."""
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return str(lines[mark.line][mark.column])


def _explain(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Translate a YAML parser error (libyaml's or PyYAML's wording) into what to write instead."""
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    char = _char_at(text, exc.problem_mark)
    if char == "\t" or "\\t" in problem or "'\\t'" in problem:
        return "a tab character is used for indentation; YAML indentation must use spaces"
    if "end of stream" in problem and "quoted scalar" in context:
        return "a quoted text is never closed; add the closing quote"
    if "flow sequence" in context and "expected ',' or ']'" in problem:
        return "a list started with '[' is never closed; add ']' (or a ',' between items)"
    if "flow mapping" in context and "expected ',' or '}'" in problem:
        return "a mapping started with '{' is never closed; add '}' (or a ',' between entries)"
    if "could not find expected ':'" in problem:
        return "expected 'key: value' here; check the indentation and that every key ends with ':'"
    if "mapping values are not allowed" in problem:
        return "a ':' is not allowed here; put text that contains ': ' in quotes"
    if "cannot start any token" in problem:
        return f"a value cannot start with {char or 'this character'!r}; put the text in quotes"
    if "found undefined alias" in problem:
        return f"{problem.removeprefix('found ')}: '*' refers to an anchor '&name' defined above; " \
               "put text that starts with '*' in quotes"
    if "expected <block end>" in problem or "did not find expected key" in problem \
            or "did not find expected '-' indicator" in problem:
        mark = exc.problem_mark
        line = text.split("\n")[mark.line] if mark is not None and mark.line < len(text.split("\n")) else ""
        if mark is not None and line[: mark.column].strip():
            return "unexpected text after a value; put the whole value in quotes if it belongs to it"
        return "the indentation does not match the lines above; indent entries of the same list " \
               "or mapping equally (with spaces)"
    if "found another document" in problem or "expected a single document" in context:
        return "a file holds a single YAML document; remove the second '---'"
    extra = f" ({context})" if context else ""
    return f"invalid YAML: {problem}{extra}"


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
    if "\t" in text:
        for number, source_line in enumerate(text.splitlines(), start=1):
            stripped = source_line.lstrip(" ")
            if stripped.startswith("\t"):
                raise YamlProblem(
                    "a tab character is used for indentation; YAML indentation must use spaces",
                    number + line_offset,
                    len(source_line) - len(stripped) + 1,
                )
    try:
        root, aliased = _compose(text)
    except YamlProblem as exc:
        exc.line += line_offset
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and any(
            word in (exc.context or "") for word in ("quoted scalar", "flow sequence", "flow mapping")
        ) and exc.problem_mark is not None and exc.problem_mark.line != exc.context_mark.line:
            mark = exc.context_mark  # point at the opening quote or bracket, not the end of the file
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        raise YamlProblem(_explain(exc, text), line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", 1 + line_offset, 1) from None
    if root is None:
        return Located(None)
    if aliased:
        _check_size(root)
    builder = _Builder(line_offset)
    builder.located.data = builder.build(root, ())
    return builder.located
