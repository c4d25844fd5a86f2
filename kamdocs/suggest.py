"""The one "did you mean …?" of kamdocs: which known name a misspelt one most likely meant.

A base module: it imports nothing of kamdocs, so every layer (loading, the site's
components, the Excel import) phrases a suggestion the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

CUTOFF = 0.6
"""How similar a known name must be to be suggested (difflib's ratio, 0–1)."""
SHOWN = 12
"""How many known ids a message lists when none is close."""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the known choice closest to ``word``, or None when none is similar enough."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=CUTOFF)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], *, show: Callable[[str], str] = repr) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or an empty string."""
    found = closest(word, choices)
    return f"; did you mean {show(found)}?" if found is not None else ""


def suggest(word: str, known: Iterable[str]) -> str:
    """Return "; did you mean 'x'?", else the list of known ids, for a reference that does not exist."""
    choices = sorted(set(known))
    hint = did_you_mean(word, choices)
    if hint or not choices:
        return hint
    shown = ", ".join(choices[:SHOWN]) + (", …" if len(choices) > SHOWN else "")
    return f"; known ids: {shown}"
