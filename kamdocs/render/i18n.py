"""The message catalogue: every label of the theme and the charts in German and English.

Labels live in ``messages/<lang>.yaml`` and ``messages/<lang>.<part>.yaml``
beside this module (flat ``key: text`` mappings; one part per renderer) rather
than in ``if lang == …`` chains, so a translation is a data change.
A theme may add or override labels with its own ``messages/<lang>.yaml``.
Every label file is read with the guarded YAML reader of the data files, so a
broken one is a ``path:line:col: error:`` like a broken data file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.resources import PACKAGE_DIR
from kamdocs.values import YamlFloat, YamlInt
from kamdocs.yamlsafe import YamlProblem, parse, read_text

MESSAGE_DIR = Path(__file__).resolve().parent / "messages"
LANGUAGES = ("de", "en")


def shown_path(path: Path) -> str:
    """Return a label file's path as its author knows it.

    A theme's file is ``themes/<name>/messages/<lang>.yaml`` (relative to the project, like
    every other path kamdocs reports); a built-in one is ``kamdocs/render/messages/<file>``.
    """
    parts = path.parts
    if len(parts) >= 4 and parts[-4] == "themes" and parts[-2] == "messages":
        return "/".join(parts[-4:])
    if path.is_relative_to(PACKAGE_DIR.parent):
        return path.relative_to(PACKAGE_DIR.parent).as_posix()
    return path.as_posix()


def read_labels(path: Path) -> dict[str, str]:
    """Read one label file (``key: text`` lines); raise :class:`KamdocsError` with every problem in it."""
    shown = shown_path(path)
    real = path.resolve()
    # The folder that holds the theme (or kamdocs' own messages): a label file may not lead out of it.
    home = path.parent.parent.resolve() if path.parent.name == "messages" else path.parent.resolve()
    if not real.is_relative_to(home):
        raise _error(shown, 1, 1, "this file is a link to a file outside the theme; copy the file into the theme")
    try:
        located = parse(read_text(real))
    except YamlProblem as exc:
        raise _error(shown, exc.line, exc.col, exc.message) from None
    except OSError as exc:
        raise _error(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    problems = [Problem(shown, p.line, p.col, Severity.ERROR, p.message) for p in located.problems]
    labels: dict[str, str] = {}
    if located.data is None:
        pass  # an empty file overrides nothing
    elif not isinstance(located.data, dict):
        problems.append(
            Problem(
                shown,
                1,
                1,
                Severity.ERROR,
                "a label file holds 'key: text' lines, e.g. 'site.menu: Menü', not a list or a single text",
            )
        )
    else:
        for key, value in located.data.items():
            if isinstance(value, YamlInt | YamlFloat):
                labels[key] = value.raw
            elif isinstance(value, str):
                labels[key] = value
            else:
                mark = located.mark((key,))
                problems.append(
                    Problem(
                        shown,
                        mark.line,
                        mark.col,
                        Severity.ERROR,
                        f"the label {key!r} must be a text, e.g. '{key}: \"…\"' (quote texts such as yes, "
                        "true or null, and write no list or mapping)",
                    )
                )
    if problems:
        raise KamdocsError(problems)
    return labels


def _error(shown: str, line: int, col: int, message: str) -> KamdocsError:
    return KamdocsError([Problem(shown, line, col, Severity.ERROR, message)])


@lru_cache(maxsize=128)
def _cached_labels(path: Path, _mtime_ns: int, _size: int) -> dict[str, str]:
    # Keyed by modification time and size too, so that an edited theme label shows in `kamdocs serve`.
    return read_labels(path)


def _load(path: Path) -> dict[str, str]:
    try:
        status = path.stat()
    except OSError:
        return {}  # no such file: nothing to add
    return _cached_labels(path, status.st_mtime_ns, status.st_size) if path.is_file() else {}


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
