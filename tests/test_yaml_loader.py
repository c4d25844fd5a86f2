"""The marked YAML reader: values, positions, YAML 1.2 scalars, readable syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamdocs.values import YamlFloat, YamlInt
from kamdocs.yamlsafe import MAX_FILE_BYTES, Mark, YamlProblem, decode, parse, read_text


def problem(text: str) -> tuple[int, int, str]:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    return info.value.line, info.value.col, info.value.message


def test_values_and_positions_of_keys_and_values() -> None:
    located = parse("name: ACME\nmission:\n  statement: Wir\n  values: [a, b]\n")
    assert located.data == {"name": "ACME", "mission": {"statement": "Wir", "values": ["a", "b"]}}
    assert located.keys[("mission", "statement")] == Mark(3, 3)
    assert located.values[("mission", "statement")] == Mark(3, 14)
    assert located.values[("mission", "values", 1)] == Mark(4, 15)
    # An unknown path falls back to its nearest known parent.
    assert located.mark(("mission", "values", 7)) == Mark(4, 11)
    assert located.mark(("mission", "nothing"), key=True) == Mark(2, 1)


def test_line_offset_for_front_matter() -> None:
    assert parse("title: X\n", line_offset=1).values[("title",)] == Mark(2, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("Off", "Off"),
        ("2027-01-31", "2027-01-31"),
        ("12:30", "12:30"),
        ("'0755'", "0755"),
        ('"1.10"', "1.10"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
    ],
)
def test_yaml_1_2_scalars(text: str, expected: object) -> None:
    assert parse(f"v: {text}\n").data["v"] == expected


@pytest.mark.parametrize(
    ("text", "value", "raw", "kind"),
    [
        ("0755", 755, "0755", YamlInt),
        ("1.10", 1.1, "1.10", YamlFloat),
        ("0o17", 15, "0o17", YamlInt),
        ("0x1F", 31, "0x1F", YamlInt),
        ("-3", -3, "-3", YamlInt),
        ("1e3", 1000.0, "1e3", YamlFloat),
    ],
)
def test_numbers_remember_the_text_as_written(text: str, value: float, raw: str, kind: type) -> None:
    parsed = parse(f"v: {text}\n").data["v"]
    assert isinstance(parsed, kind)
    assert parsed == value
    assert isinstance(parsed, YamlInt | YamlFloat) and parsed.raw == raw


def test_keys_keep_their_text() -> None:
    assert parse("1: a\nNO: b\n").data == {"1": "a", "NO": "b"}


def test_empty_document() -> None:
    assert parse("").data is None
    assert parse("# nur ein Kommentar\n").data is None


def test_duplicate_keys_are_collected_and_name_both_lines() -> None:
    located = parse("score: 1\nname: x\nscore: 2\nsub:\n  a: 1\n  a: 2\n")
    assert located.data == {"score": 1, "name": "x", "sub": {"a": 1}}  # the first value is kept
    assert [(p.line, p.col, p.message) for p in located.problems] == [
        (
            3,
            1,
            "duplicate key 'score': it is already defined on line 1; a second value would silently "
            "replace the first — keep one of them",
        ),
        (
            6,
            3,
            "duplicate key 'a': it is already defined on line 5; a second value would silently "
            "replace the first — keep one of them",
        ),
    ]


def test_duplicate_key_on_the_same_line_names_the_column() -> None:
    located = parse("c: {score: 1, score: 2}\n")
    assert [(p.line, p.col, p.message) for p in located.problems] == [
        (
            1,
            15,
            "duplicate key 'score': it is already defined on line 1, column 5; a second value would "
            "silently replace the first — keep one of them",
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, 2\nb: 3\n", (1, 4, "a list started with '[' is never closed; add ']' (or a ',' between items)")),
        ("a: {b: 1\n", (1, 4, "a mapping started with '{' is never closed; add '}' (or a ',' between entries)")),
        ("a: @x\n", (1, 4, "a value cannot start with '@'; put the text in quotes")),
        (
            "a: *nope\n",
            (
                1,
                4,
                "undefined alias 'nope': '*' refers to an anchor '&name' defined above; "
                "put text that starts with '*' in quotes",
            ),
        ),
        (
            "a:\n  - 1\n - 2\n",
            (
                3,
                2,
                "the indentation does not match the lines above; indent entries of the "
                "same list or mapping equally (with spaces)",
            ),
        ),
        ("a: 'x' y\n", (1, 8, "unexpected text after a value; put the whole value in quotes if it belongs to it")),
        ("a: 1\n---\nb: 2\n", (2, 1, "a file holds a single YAML document; remove the second '---'")),
        ("key: value: other\n", (1, 11, "a ':' is not allowed here; put text that contains ': ' in quotes")),
        (
            "a: b\nc\nd: e\n",
            (3, 1, "expected 'key: value' here; check the indentation and that every key ends with ':'"),
        ),
        ("? [a]\n: 1\n", (1, 3, "a key must be plain text, not a list or mapping")),
        ("a: &x 1\n<<: *x\n", (2, 1, "merge keys ('<<') are not supported; write the keys out")),
    ],
)
def test_syntax_errors_say_what_is_wrong_and_where(text: str, expected: tuple[int, int, str]) -> None:
    assert problem(text) == expected


def test_decode_reports_position_of_invalid_utf8() -> None:
    with pytest.raises(YamlProblem) as info:
        decode(b"name: ok\ntitle: M\xfcller\n")
    assert (info.value.line, info.value.col, info.value.message) == (
        2,
        9,
        "the file is not valid UTF-8 (byte 0xfc); save it as UTF-8",
    )


def test_decode_drops_a_byte_order_mark() -> None:
    assert decode("\ufeffa: 1\n".encode()) == "a: 1\n"


def test_read_text_refuses_files_over_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    assert info.value.message == (
        "the file is 2.0 MB; playbook files are limited to 2 MB — split it or remove pasted data"
    )


def test_anchors_and_aliases_are_expanded() -> None:
    located = parse("base: &b {weight: 2}\nother: *b\nlist: [&x 1, *x]\n")
    assert located.data == {"base": {"weight": 2}, "other": {"weight": 2}, "list": [1, 1]}


def test_anchor_defined_twice() -> None:
    assert problem("a: &x 1\nb: &x 2\n") == (2, 4, "the anchor '&x' is defined twice; give each anchor its own name")


def test_standard_tags_keep_text() -> None:
    assert parse("a: !!str 0755\nb: ! 12\nc: !!int '5'\n").data == {"a": "0755", "b": "12", "c": "5"}


def test_front_matter_errors_carry_the_offset() -> None:
    with pytest.raises(YamlProblem) as info:
        parse("title: 'x\n", line_offset=1)
    assert (info.value.line, info.value.col) == (2, 8)
    with pytest.raises(YamlProblem) as info:
        parse("x: " + "[" * 100 + "]" * 100 + "\n", line_offset=1)
    assert (info.value.line, info.value.col) == (2, 67)  # the 65th level


def test_flow_and_block_styles_give_the_same_data() -> None:
    block = parse("tasks:\n  - id: a\n    depends_on:\n      - b\n").data
    flow = parse("tasks: [{id: a, depends_on: [b]}]\n").data
    assert block == flow == {"tasks": [{"id": "a", "depends_on": ["b"]}]}


def test_tab_inside_a_text_block_is_content_but_tab_indentation_is_an_error() -> None:
    assert parse("a: |\n  Liste:\n  \tPunkt\n").data == {"a": "Liste:\n\tPunkt\n"}
    assert problem("a:\n  b: 1\n\tc: 2\n") == (
        3,
        1,
        "a tab character is used for indentation; YAML indentation must use spaces",
    )


def test_windows_line_endings() -> None:
    located = parse("name: A\r\nmission:\r\n  statement: S\r\n  statement: T\r\n")
    assert located.data == {"name": "A", "mission": {"statement": "S"}}
    assert [(p.line, p.col) for p in located.problems] == [(4, 3)]


YAMLISH = st.lists(
    st.sampled_from([*"ab1: -[]{},'\"!&*|>#\t\n?%@`.~", "\r\n", "é", "\x00", "\ufeff", "<<", "- ", ": "]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_parses_or_raises_a_located_problem(text: str) -> None:
    try:
        located = parse(text)
    except YamlProblem as exc:
        assert exc.line >= 1 and exc.col >= 1 and exc.message
    else:
        assert all(mark.line >= 1 and mark.col >= 1 for mark in located.values.values())


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=60))
def test_any_bytes_decode_or_raise_a_located_problem(raw: bytes) -> None:
    try:
        decode(raw)
    except YamlProblem as exc:
        assert exc.line >= 1 and exc.col >= 1
