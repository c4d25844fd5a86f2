"""kamdocs' own hyphenation dictionaries for the PDF, lent to WeasyPrint while it lays out.

WeasyPrint hyphenates through Pyphen, which looks a language up in its module-level
``pyphen.LANGUAGES`` table. Pyphen's German file is LibreOffice's two-level dictionary whose
levels it merges, which gives breaks such as "Deut-schlands" and "forts-chreiben"; its
English files allow two-letter endings ("custom-er"). kamdocs ships single-level
dictionaries built from the TeX hyph-utf8 patterns by ``scripts/build_hyphenation.py``
(sources and licences: ``LICENSES.md`` beside this file; how to add an exception:
``docs/typography.md``).

:func:`kamdocs_hyphenation` points the languages kamdocs writes at those files for the
duration of a ``with`` block and puts Pyphen's table back afterwards, so nothing else in the
process sees a changed Pyphen. Each language has its own entry, so a German build followed by
an English one uses the right patterns; blocks may nest or overlap across threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["DICTIONARIES", "dictionary_path", "kamdocs_hyphenation"]

DICTIONARIES: dict[str, str] = {
    # kamdocs writes lang="de"; the regional tags that share the 1996 spelling get the same file.
    # de-CH (no ß) keeps Pyphen's file: the patterns are not checked against Swiss spelling.
    "de": "hyph_de_DE.dic",
    "de_DE": "hyph_de_DE.dic",
    "de_AT": "hyph_de_DE.dic",
    # kamdocs writes lang="en" with British spelling; the American patterns break it best
    # (the British ones give "short-l-ist"), so every English tag gets them.
    "en": "hyph_en_US.dic",
    "en_GB": "hyph_en_US.dic",
    "en_US": "hyph_en_US.dic",
}
"""Pyphen language name → kamdocs dictionary file in this package."""

_HERE = Path(__file__).resolve().parent
_lock = threading.Lock()
_users = 0
_saved: dict[str, Any] = {}
_MISSING = object()


def dictionary_path(language: str) -> Path:
    """Return the path of kamdocs' dictionary for a Pyphen language name (``de``, ``en_GB`` …)."""
    return _HERE / DICTIONARIES[language]


def _pyphen() -> Any:
    # Imported on first use: HTML-only builds never need it.
    import pyphen  # type: ignore[import-untyped]

    return pyphen


def _install() -> None:
    pyphen = _pyphen()
    for name in DICTIONARIES:
        _saved[name] = pyphen.LANGUAGES.get(name, _MISSING)
        pyphen.LANGUAGES[name] = dictionary_path(name)
        # Pyphen resolves "de-DE" through this lower-case index; add what an older Pyphen lacks.
        _saved["lower:" + name] = pyphen.LANGUAGES_LOWERCASE.get(name.lower(), _MISSING)
        pyphen.LANGUAGES_LOWERCASE[name.lower()] = name


def _restore() -> None:
    pyphen = _pyphen()
    for name in DICTIONARIES:
        for table, key, saved in (
            (pyphen.LANGUAGES, name, _saved.pop(name)),
            (pyphen.LANGUAGES_LOWERCASE, name.lower(), _saved.pop("lower:" + name)),
        ):
            if saved is _MISSING:
                table.pop(key, None)
            else:
                table[key] = saved


@contextmanager
def kamdocs_hyphenation() -> Iterator[None]:
    """Make Pyphen (and so WeasyPrint) use kamdocs' dictionaries inside the ``with`` block."""
    global _users
    with _lock:
        if _users == 0:
            _install()
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                _restore()
