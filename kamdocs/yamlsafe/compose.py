"""YAML text → node tree: our own composer over parser events, and readable syntax errors.

The parser's events (libyaml's when installed, else PyYAML's) are composed
without recursion, so the nesting depth is bounded before descending, and
without resolving implicit tags: plain scalars keep the tag ``PLAIN`` and are
resolved later by YAML 1.2 rules. Nothing here ever constructs a Python object
from a tag.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64
MAX_NODES = 200_000
PLAIN = "tag:kamdocs:plain"
"""Tag of a plain (unquoted, untagged) scalar, resolved later by YAML 1.2 rules."""


class YamlProblem(Exception):
    """A file could not be read as YAML; carries the 1-based position."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


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


def compose(text: str) -> tuple[Node | None, bool]:
    """Build the node tree of a single document from parser events, without recursion.

    Our own composer (instead of PyYAML's recursive one, or libyaml's, which recurses
    in C) bounds the depth before descending and resolves no implicit tags: plain
    scalars keep the tag ``PLAIN`` and are resolved later by YAML 1.2 rules, so
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
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                second.start_mark,
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
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", start)
            node = anchors[event.anchor]
            aliased = True
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None:
                tag = PLAIN if event.implicit[0] else _STR
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


def check_size(root: Node) -> None:
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


def _char_at(text: str, mark: Any) -> str:
    """Return the character at a parser mark ('' past the end)."""
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return str(lines[mark.line][mark.column])


def explain(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Translate a YAML parser error (libyaml's or PyYAML's wording) into what to write instead."""
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    char = _char_at(text, exc.problem_mark)
    if "maximum nesting depth" in problem:
        # libyaml ≥ 0.2.5 as bundled with PyYAML 6.0.4 stops deep nesting itself (at 1000 levels).
        return f"nesting is deeper than {MAX_DEPTH} levels; a playbook file never needs that much"
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
        return (
            f"{problem.removeprefix('found ')}: '*' refers to an anchor '&name' defined above; "
            "put text that starts with '*' in quotes"
        )
    if (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or "did not find expected '-' indicator" in problem
    ):
        mark = exc.problem_mark
        line = text.split("\n")[mark.line] if mark is not None and mark.line < len(text.split("\n")) else ""
        if mark is not None and line[: mark.column].strip():
            return "unexpected text after a value; put the whole value in quotes if it belongs to it"
        return (
            "the indentation does not match the lines above; indent entries of the same list "
            "or mapping equally (with spaces)"
        )
    if "found another document" in problem or "expected a single document" in context:
        return "a file holds a single YAML document; remove the second '---'"
    extra = f" ({context})" if context else ""
    return f"invalid YAML: {problem}{extra}"
