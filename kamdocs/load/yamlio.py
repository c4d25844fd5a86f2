"""Project files as YAML: the guarded reader of :mod:`kamdocs.yamlsafe` plus the project's folder rules.

The loader's modules import the parser's names from here, so that reading a project file always
goes through :func:`read_source` (no link out of the project) and :func:`list_dir` (NFC order).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from kamdocs.yamlsafe import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    Located,
    Mark,
    PathKey,
    YamlProblem,
    decode,
    parse,
    read_text,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Located",
    "Mark",
    "PathKey",
    "YamlProblem",
    "decode",
    "list_dir",
    "parse",
    "read_source",
    "read_text",
]


# The folder and file problems below have no position in any file: line and column 0
# (shown as ``path: error: …``).


def list_dir(folder: Path) -> list[Path]:
    """Return the entries of a project folder sorted by their NFC name; raise YamlProblem if unreadable."""
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise YamlProblem(f"cannot read the folder: {exc.strerror or exc}", 0, 0) from None
    return sorted(entries, key=lambda p: unicodedata.normalize("NFC", p.name))


def read_source(path: Path, root: Path) -> str:
    """Read a project file as UTF-8, refusing links that lead outside ``root`` (and oversized files)."""
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        # A pull request could add data/company.yaml as a link to a secret file of the CI machine;
        # its values would then be printed in error messages or published in the playbook.
        raise YamlProblem(
            "this file is a link to a file outside the project folder; kamdocs reads only files inside "
            "the project — copy the file into the project instead",
            0,
            0,
        )
    if not real.is_file():
        raise YamlProblem("this is not a regular file; kamdocs reads only regular files", 0, 0)
    return read_text(real)
