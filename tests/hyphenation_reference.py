"""Read the reference hyphenation lists in tests/hyphenation/ and judge breaks against them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "hyphenation"
HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character
PUNCTUATION = ".,;:!?()[]»«„“”\"'‚‘’–—/"


@dataclass(frozen=True)
class Reference:
    """One word with the breaks a typesetter may use ("-") and its compound joints ("=")."""

    word: str
    acceptable: frozenset[int]
    joints: frozenset[int]

    def show(self, breaks: list[int]) -> str:
        """The word with ``breaks`` marked by "-", e.g. ``Deut-schlands``."""
        parts, start = [], 0
        for point in sorted(breaks):
            parts.append(self.word[start:point])
            start = point
        return "-".join([*parts, self.word[start:]])


def parse(line: str) -> Reference:
    """Parse ``Ab-was-ser=in-fra-struk-tur`` into the word and its break offsets."""
    word, acceptable, joints = "", set(), set()
    for char in line:
        if char in "-=":
            acceptable.add(len(word))
            if char == "=":
                joints.add(len(word))
        else:
            word += char
    return Reference(word, frozenset(acceptable), frozenset(joints))


def load(language: str) -> dict[str, Reference]:
    """Return the reference of ``de`` or ``en``, keyed by the lower-case word."""
    references = {}
    for raw in (REFERENCE_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            reference = parse(line)
            references[reference.word.lower()] = reference
    return references


def wrong(reference: Reference, breaks: list[int]) -> list[int]:
    """Return the breaks the reference does not accept."""
    return [point for point in breaks if point not in reference.acceptable]


def line_end_breaks(lines: list[str]) -> list[tuple[str, list[int]]]:
    """Find hyphenated words in extracted text lines: (whole word, offsets of its line-end breaks).

    A line ending in the hyphenate character continues with the first word of the next line, which
    may itself end in another break ("Abwasser‐", "infra‐", "struktur"). Of a word spelt with hyphens
    ("Key-Account-Manage‐ment") only the part holding the break counts; so does a possessive "'s".
    """
    found = []
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.endswith(HYPHEN):
            index += 1
            continue
        head = line[:-1].split()
        word = head[-1].rsplit("-", 1)[-1].lstrip(PUNCTUATION) if head else ""
        breaks = [len(word)]
        index += 1
        while index < len(lines):
            tokens = lines[index].split()
            if not tokens:
                index += 1
                continue
            piece = tokens[0]
            if len(tokens) == 1 and piece.endswith(HYPHEN):
                word += piece[:-1]
                breaks.append(len(word))
                index += 1
                continue
            word += re.split(r"[-'’]", piece, maxsplit=1)[0].rstrip(PUNCTUATION)
            break
        found.append((word, breaks))
    return found
