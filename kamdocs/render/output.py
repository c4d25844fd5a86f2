"""A safe output folder (SECURITY row 20) and the atomic swap of a finished build (row 21)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kamdocs.errors import BuildError

MARKER = ".kamdocs-output"
MARKER_TEXT = "This folder is written by kamdocs build; it is replaced completely on every build.\n"
PROTECTED = ("content", "data", "themes")


def _refuse(out: Path, why: str) -> BuildError:
    return BuildError(
        f"refusing to write the site into '{out}': {why}. Choose a new or kamdocs-made folder, e.g. --out site"
    )


def check_output_dir(out: Path, project: Path, base: Path | None = None) -> Path:
    """Return the resolved output folder, or raise BuildError when writing there could destroy data.

    A relative ``out`` is taken relative to ``base`` (the project for ``output_dir``, the current folder
    for ``--out``).
    """
    project = project.resolve()
    if out.name in ("", ".", "..", "~") or str(out).startswith("~"):
        raise _refuse(out, "name a dedicated folder, not '.', '..' or '~'")
    unresolved = (base or project) / out
    if unresolved.is_symlink():
        raise _refuse(out, "it is a symbolic link; name the real folder")
    target = unresolved.resolve()
    home = Path.home().resolve()
    if target == Path(target.anchor) or target == home:
        raise _refuse(out, "that is the root or your home folder")
    if project.is_relative_to(target):
        raise _refuse(out, "it is or contains the project")
    if Path.cwd().resolve().is_relative_to(target):
        raise _refuse(out, "it is or contains the current folder")
    for name in PROTECTED:
        if target.is_relative_to(project / name):
            raise _refuse(out, f"it is inside the project's {name}/ folder")
    if target.exists() and not target.is_dir():
        raise _refuse(out, "it exists and is not a plain folder")
    if target.is_dir():
        if (target / ".git").exists():
            raise _refuse(out, "it contains a .git repository")
        if (target / "kamdocs.yaml").exists():
            raise _refuse(out, "it contains a kamdocs project")
        if any(target.iterdir()) and not (target / MARKER).is_file():
            raise _refuse(out, f"it is not empty and was not made by kamdocs (no {MARKER} file in it)")
    return target


def _make_readable(path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)  # mkdtemp creates 0700; a website is for reading


@contextmanager
def staged_output(target: Path, keep: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield a fresh folder next to ``target``; on success swap it in, on failure remove it.

    ``keep`` names files of the previous output to carry over when the new build does not write them
    (the PDF during an HTML-only build). The previous output stays untouched until the swap.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.kamdocs-new-", dir=target.parent))
    try:
        _make_readable(stage)
        yield stage
        (stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        for name in keep:
            previous = target / name
            if previous.is_file() and not previous.is_symlink() and not (stage / name).exists():
                shutil.copy2(previous, stage / name)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.kamdocs-old-", dir=target.parent))
        old.rmdir()
        os.rename(target, old)
    try:
        os.rename(stage, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
