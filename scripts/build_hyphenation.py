r"""Build kamdocs' single-level hyphenation dictionaries from the TeX hyph-utf8 patterns.

Usage: ``python scripts/build_hyphenation.py`` (writes ``kamdocs/render/hyphenation/hyph_*.dic``)
or ``python scripts/build_hyphenation.py --check`` (exit 1 if a shipped dictionary is stale).

Inputs, all committed in ``scripts/hyphenation/`` (see its SOURCES.md):
- the upstream TeX pattern files (``\patterns{…}`` and ``\hyphenation{…}``), unmodified;
- ``exceptions-<lang>.txt``: our own whole-word exceptions, one word a line with its
  acceptable breaks marked by ``-`` (``Deutsch-lands``); ``#`` starts a comment.

Output: one Pyphen/libhyphen dictionary (``.dic``) per language with a single level of
patterns, so Pyphen (which merges the levels of two-level LibreOffice files) reads it as
TeX would. What TeX does outside the patterns is compiled into patterns too:
- the hyphenmins (no break leaving fewer than ``left``/``right`` letters) as patterns with
  the even value 8, which beats every upstream value (at most 7);
- exceptions as ``.word.`` patterns with 9 at each allowed break and 8 everywhere else, so
  they override the patterns for exactly that word (in any letter case) and nothing else.
The output is sorted and carries no date, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "hyphenation"
TARGET = ROOT / "kamdocs" / "render" / "hyphenation"

INHIBIT = 8  # even and above every upstream value: no break here
FORCE = 9  # odd and the highest digit: break here (exceptions only)


@dataclass(frozen=True)
class Language:
    """One dictionary to build."""

    output: str
    source: str
    exceptions: str
    left: int
    right: int


LANGUAGES = (
    # German, reformed spelling: hyphenmins 2/2 as the upstream file's typesetting default.
    Language("hyph_de_DE.dic", "hyph-de-1996.tex", "exceptions-de.txt", left=2, right=2),
    # English: the American patterns (Liang/Knuth with Kuiken's additions) also for kamdocs'
    # British spelling: the British hyph-en-gb patterns break "short-l-ist", "wastewa-ter".
    Language("hyph_en_US.dic", "hyph-en-us.tex", "exceptions-en.txt", left=2, right=3),
)

_TOKEN = re.compile(r"(\d?)(\D?)")


def tex_groups(text: str, command: str) -> list[str]:
    r"""Return the whitespace-separated entries of every ``\command{…}`` group of a TeX file."""
    body = "\n".join(line.split("%", 1)[0] for line in text.splitlines())
    entries: list[str] = []
    for match in re.finditer(r"\\" + command + r"\s*\{([^}]*)\}", body):
        entries.extend(match.group(1).split())
    return entries


def parse_pattern(pattern: str) -> tuple[str, tuple[int, ...]]:
    """Split a TeX pattern such as ``.ab5erk`` into its letters and the values between them."""
    letters: list[str] = []
    values: list[int] = []
    for digit, letter in _TOKEN.findall(pattern):
        values.append(int(digit or 0))
        if letter:
            letters.append(letter)
    values = values[: len(letters) + 1]
    values += [0] * (len(letters) + 1 - len(values))
    return "".join(letters), tuple(values)


def format_pattern(letters: str, values: tuple[int, ...]) -> str:
    """Write letters and values back as a pattern (zeros left out)."""
    parts = [(str(value) if value else "") + letter for value, letter in zip(values, letters, strict=False)]
    return "".join(parts) + (str(values[-1]) if values[-1] else "")


def read_exceptions(path: Path) -> list[str]:
    """Read an exception list: one hyphenated word a line, ``#`` comments, blank lines ignored."""
    words = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if " " in line or not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", line):
            raise SystemExit(f"{path}:{number}: error: write one word with its breaks marked by '-', not {line!r}")
        words.append(line)
    return words


def exception_pattern(word: str, left: int, right: int) -> tuple[str, tuple[int, ...]]:
    """Compile a hyphenated word (``Deutsch-lands``) into a whole-word pattern overriding all others."""
    letters = word.replace("-", "").lower()
    # A break closer to an end than the hyphenmins stays forbidden, as in TeX.
    breaks = {len(part) for part in itertools.accumulate(word.lower().split("-"))}
    breaks = {point for point in breaks if left <= point <= len(letters) - right}
    # Values sit between the letters of ".word.": index i + 1 is the break after i letters.
    values = [0] * (len(letters) + 3)
    for point in range(1, len(letters)):
        values[point + 1] = FORCE if point in breaks else INHIBIT
    return f".{letters}.", tuple(values)


def hyphenmin_patterns(alphabet: list[str], left: int, right: int) -> list[tuple[str, tuple[int, ...]]]:
    """Patterns that forbid a break leaving fewer than ``left``/``right`` letters on a line."""
    patterns = []
    for size in range(1, left):
        for chars in itertools.product(alphabet, repeat=size):
            patterns.append(("." + "".join(chars), (0,) * (size + 1) + (INHIBIT,)))
    for size in range(1, right):
        for chars in itertools.product(alphabet, repeat=size):
            patterns.append(("".join(chars) + ".", (INHIBIT,) + (0,) * (size + 1)))
    return patterns


def merge(table: dict[str, tuple[int, ...]], letters: str, values: tuple[int, ...]) -> None:
    """Add a pattern; two patterns with the same letters combine by the maximum, as TeX's trie does."""
    old = table.get(letters)
    table[letters] = values if old is None else tuple(map(max, old, values))


def licence_header(source_text: str) -> list[str]:
    """The upstream file's leading comment block (title, copyright, licence), kept verbatim."""
    header = []
    for line in source_text.splitlines():
        if not line.startswith("%"):
            break
        header.append(line)
    return header


def build(language: Language, sources: Path = SOURCES) -> str:
    """Return the text of one ``.dic`` file."""
    source_path = sources / language.source
    source_text = source_path.read_text(encoding="utf-8")
    exceptions_path = sources / language.exceptions
    table: dict[str, tuple[int, ...]] = {}
    for pattern in tex_groups(source_text, "patterns"):
        merge(table, *parse_pattern(pattern))
    if max(max(values) for values in table.values()) >= INHIBIT:
        raise SystemExit(f"{source_path}: error: pattern values reach {INHIBIT}; exceptions cannot override them")
    alphabet = sorted({char for letters in table for char in letters} - {"."})
    for letters, values in hyphenmin_patterns(alphabet, language.left, language.right):
        merge(table, letters, values)
    upstream = tex_groups(source_text, "hyphenation")
    ours = read_exceptions(exceptions_path)
    for word in upstream + ours:
        merge(table, *exception_pattern(word, language.left, language.right))
    digest = hashlib.sha256(source_path.read_bytes()).hexdigest()
    exceptions_digest = hashlib.sha256(exceptions_path.read_bytes()).hexdigest()
    lines = [
        "UTF-8",
        f"LEFTHYPHENMIN {language.left}",
        f"RIGHTHYPHENMIN {language.right}",
        "% Generated by scripts/build_hyphenation.py: do not edit; change the inputs and run it again.",
        f"% Patterns: {language.source} (hyph-utf8) sha256 {digest}",
        f"% Exceptions: {len(upstream)} from {language.source}, {len(ours)} from {language.exceptions}"
        f" sha256 {exceptions_digest}",
        f"% Single level; hyphenmins {language.left}/{language.right} and exceptions compiled into patterns.",
        "% The upstream file's header with its copyright and licence follows.",
        *licence_header(source_text),
    ]
    lines.extend(format_pattern(letters, table[letters]) for letters in sorted(table))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) every dictionary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only report dictionaries that differ from the inputs")
    args = parser.parse_args(argv)
    stale = []
    for language in LANGUAGES:
        text = build(language)
        target = TARGET / language.output
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target)
        else:
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {target.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    for target in stale:
        print(f"{target.relative_to(ROOT)} is stale: run python scripts/build_hyphenation.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
