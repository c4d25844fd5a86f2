"""Refuse chapter Markdown that would take Python-Markdown minutes or overflow its stack.

Python-Markdown's inline patterns rescan a paragraph once per opening bracket (quadratic: 60 KB of
nested ``[[[…`` takes minutes), and nested lists and quotes recurse once per level (400 levels end
in a RecursionError). The 2 MB file cap alone would still allow hours of CPU in CI, so a chapter is
checked line by line *before* it is parsed (SECURITY row 37): the limits are far above what prose
needs, and the error names the line and says what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NESTING = 24
"""Levels of lists and block quotes inside each other."""
MAX_BRACKETS_PER_PARAGRAPH = 400
"""``[`` in one paragraph (links, images and footnote markers each have one)."""
MAX_ANGLES = 3000
"""``<`` in one chapter outside code blocks (HTML tags; unclosed ones cost quadratic time)."""
MAX_BRACKETS = 5_000
"""``[`` in one chapter outside code blocks."""

_FENCE = re.compile(r"^\s*(```|~~~)")
_NESTING_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*")


@dataclass(frozen=True)
class TooComplex:
    """Where a chapter body exceeds a limit (``line`` counts from 1 in the body) and why."""

    line: int
    col: int
    message: str


def _nesting(line: str) -> int:
    """Return how many list or quote levels ``line`` opens or continues (tabs count as 4 columns)."""
    prefix = _NESTING_PREFIX.match(line)
    if prefix is None or not prefix.group(0):
        return 0
    text = prefix.group(0)
    markers = sum(1 for token in re.finditer(r">|[-*+]|\d{1,9}[.)]", text))
    columns = len(text.expandtabs(4)) - len(re.sub(r"[ \t]", "", text))
    return markers + columns // 4


def check_complexity(body: str) -> TooComplex | None:
    """Return the first place where ``body`` exceeds a limit, or None; code blocks are not counted."""
    fence: str | None = None
    total = 0
    block_start = 0
    in_block = False
    brackets = angles = 0
    lines = body.split("\n")
    for index, line in enumerate(lines, start=1):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = None if fence == marker else (fence or marker)
            brackets = 0
            in_block = False
            continue
        if fence is not None:
            continue
        if not line.strip():
            brackets = 0
            in_block = False
            continue
        if not in_block:
            block_start, in_block = index, True
        if _nesting(line) > MAX_NESTING:
            return TooComplex(
                index,
                1,
                f"lists or quotes nested more than {MAX_NESTING} levels deep; "
                "flatten the list (a table or sub-headings read better)",
            )
        count = line.count("[")
        brackets += count
        total += count
        angles += line.count("<")
        if brackets > MAX_BRACKETS_PER_PARAGRAPH:
            return TooComplex(
                block_start,
                1,
                f"this paragraph has more than {MAX_BRACKETS_PER_PARAGRAPH} '[' (links, images, footnotes); "
                "split it with blank lines or put literal text into a code block",
            )
        if angles > MAX_ANGLES:
            return TooComplex(
                index,
                1,
                f"this chapter has more than {MAX_ANGLES} '<' (HTML tags) outside code blocks; "
                "write the markup as Markdown or split the chapter",
            )
        if total > MAX_BRACKETS:
            return TooComplex(
                index,
                1,
                f"this chapter has more than {MAX_BRACKETS} '[' (links, images, footnotes) outside code blocks; "
                "split it into several chapters",
            )
    return None
