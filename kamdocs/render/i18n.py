"""The message catalogue: every label of the theme and the charts in German and English.

Labels live in ``messages/<lang>.yaml`` and ``messages/<lang>.<part>.yaml``
beside this module (flat ``key: text`` mappings; one part per renderer) rather
than in ``if lang == …`` chains, so a translation is a data change.
A theme may add or override labels with its own ``messages/<lang>.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

MESSAGE_DIR = Path(__file__).resolve().parent / "messages"
LANGUAGES = ("de", "en")


@lru_cache(maxsize=128)
def _load(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def _files(lang: str) -> list[Path]:
    return [MESSAGE_DIR / f"{lang}.yaml", *sorted(MESSAGE_DIR.glob(f"{lang}.*.yaml"))]


class Catalogue:
    """Look up labels for one language, with optional theme overrides."""

    def __init__(self, lang: str, extra_dirs: tuple[Path, ...] = ()) -> None:
        self.lang = lang
        merged: dict[str, str] = {}
        for language in dict.fromkeys(("en", lang)):  # English fills gaps of other languages
            for path in _files(language):
                merged.update(_load(path))
        for folder in extra_dirs:
            merged.update(_load(folder / f"{lang}.yaml"))
        self.messages = merged

    def __call__(self, key: str, **values: object) -> str:
        """Return the label for ``key`` with ``{name}`` placeholders filled in."""
        text = self.messages.get(key)
        if text is None:
            raise KeyError(f"no label {key!r} in the message catalogue")
        return text.format(**values) if values else text


def catalogue(lang: str) -> Catalogue:
    """Return the built-in catalogue for ``lang``."""
    return Catalogue(lang)
