"""Warn when a text the internal audience reads names a candidate who is not an appointed KAM.

Only the exact ``kam`` value of an account was ever recognised as a person; a candidate's name in
free text (a task owner, a chapter, "Vogt, Katrin", a double space) goes onto the intranet as
written. kamdocs does not guess what to blank: it tells the author where the name is, and the
author decides (docs/audiences.md). Appointed KAMs are named in every audience anyway.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kamdocs.errors import Problem, Severity
from kamdocs.load.yamlio import Located, YamlProblem, read_source
from kamdocs.model import Chapter
from kamdocs.model.accounts import Account
from kamdocs.model.people import Candidates

CANDIDATES_FILE = "data/candidates.yaml"
_TITLES = frozenset({"dr", "prof", "dipl", "ing", "mag", "herr", "frau", "mr", "mrs", "ms", "med", "rer", "nat"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_GAP = r"[\s\u00a0]+"


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# The only characters that re.IGNORECASE matches to an ASCII letter although their lower case
# differs from that letter's (İ and ı to i, ſ to s; checked over all of Unicode in the tests).
_IGNORECASE_EXTRA = re.compile("[\u0130\u0131\u017f]")


def _words(name: str) -> list[str]:
    return [w for w in _WORD.findall(unicodedata.normalize("NFKC", name)) if w.casefold() not in _TITLES]


def family_key(name: str) -> str | None:
    """Return the lower-case family name every match of :func:`name_pattern` contains, when it is ASCII."""
    words = _words(name)
    return words[-1].lower() if len(words) >= 2 and words[-1].isascii() else None


def searchable(text: str) -> str | None:
    """Return ``text`` lower-cased for :func:`could_name`, or None when it must be searched name by name.

    A match spells the family name in any case, so an ASCII family name is a substring of the
    lower-cased text — unless the text holds one of the few letters IGNORECASE treats specially.
    """
    return None if _IGNORECASE_EXTRA.search(text) else text.lower()


def could_name(key: str | None, lowered: str | None) -> bool:
    """Return False only when a text (as :func:`searchable` gave it) cannot name the family ``key``."""
    return key is None or lowered is None or key in lowered


def name_pattern(name: str) -> re.Pattern[str] | None:
    """Return a pattern for ``Katrin Vogt``, ``Vogt, Katrin`` and ``Vogt Katrin`` (any spacing, any case).

    None for a single word: a first name alone would match ordinary words and other people.
    """
    words = _words(name)
    if len(words) < 2:
        return None
    given, family = words[:-1], words[-1]
    forward = _GAP.join(re.escape(w) for w in [*given, family])
    first_only = _GAP.join(re.escape(w) for w in (given[0], family))
    backward = re.escape(family) + r"(?:[\s\u00a0]*,[\s\u00a0]*|" + _GAP + ")" + _GAP.join(re.escape(w) for w in given)
    variants = dict.fromkeys([forward, first_only, backward])
    return re.compile(r"(?<!\w)(?:" + "|".join(variants) + r")(?!\w)", re.IGNORECASE)


def _strings(data: Any, path: tuple[Any, ...] = ()) -> Iterable[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _message(field: str, name: str) -> str:
    return (
        f"{field} names {name!r}, a candidate whose assessment is personal data, and the internal "
        "audience reads this text: leave the name out, or move the text into a chapter with "
        "'audience: restricted' (the appointed KAM of an account may be named)"
    )


def privacy_warnings(
    root: Path,
    candidates: Candidates | None,
    accounts: Sequence[Account],
    chapters: Sequence[Chapter],
    sources: Mapping[str, Located],
) -> list[Problem]:
    """Return a warning for each internal text that names a candidate who is not an appointed KAM."""
    if candidates is None:
        return []
    kams = {_normal(a.kam) for a in accounts if a.kam}
    watched: list[tuple[str, re.Pattern[str], str | None]] = []
    for candidate in candidates.candidates:
        if candidate.id in kams or _normal(candidate.name) in kams:
            continue
        pattern = name_pattern(candidate.name)
        if pattern is not None:
            watched.append((candidate.name, pattern, family_key(candidate.name)))
    if not watched:
        return []
    # Any family name at all: one search rules out most texts before the per-candidate tests.
    keys = sorted({key for _, _, key in watched if key is not None}, key=lambda k: (-len(k), k))
    any_key = re.compile("|".join(re.escape(k) for k in keys)) if keys else None
    unkeyed = [entry for entry in watched if entry[2] is None]

    def suspects(text: str) -> list[tuple[str, re.Pattern[str], str | None]]:
        """Return the watched names ``text`` may contain (every one that the substring test leaves)."""
        lowered = searchable(text)
        if lowered is not None and any_key is not None and any_key.search(lowered) is None:
            return unkeyed
        return [entry for entry in watched if could_name(entry[2], lowered)]

    problems: list[Problem] = []
    for rel, located in sorted(sources.items()):
        if rel == CANDIDATES_FILE:
            continue
        for path, text in _strings(located.data):
            # The substring test first: most texts (ids, dates, other names) cannot match, and a
            # regex search per candidate and text was a fifth of `check` on a large playbook.
            for name, pattern, _ in suspects(text):
                if pattern.search(text):
                    mark = located.mark(path)
                    field = str(next((p for p in reversed(path) if isinstance(p, str)), "the text"))
                    problems.append(Problem(rel, mark.line, mark.col, Severity.WARNING, _message(field, name)))
    for chapter in chapters:
        if chapter.front.audience == "restricted" or chapter.front.draft:
            continue
        # The front matter (title, description) is published too; it is read again for its positions.
        try:
            text = unicodedata.normalize("NFC", read_source(root / chapter.source, root))
        except (OSError, YamlProblem):
            text = "\n" * (chapter.body_line - 1) + chapter.body
        for name, pattern, _ in suspects(text):
            for match in pattern.finditer(text):
                before = text[: match.start()]
                line = before.count("\n") + 1
                col = match.start() - (before.rfind("\n") + 1) + 1
                where = "the chapter" if line >= chapter.body_line else "the chapter's front matter"
                problems.append(Problem(chapter.source, line, col, Severity.WARNING, _message(where, name)))
    return problems
