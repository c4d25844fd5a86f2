"""``kamdocs init``: write the example playbook into a new project folder.

Only the playbook itself is copied — ``kamdocs.yaml``, ``data/`` and
``content/`` — never anything else of the folder the example lives in (in a
source checkout that is the repository root, with the package, themes, tests
and ``.git``). Files are first written into a temporary folder beside the
target and then moved into place, so a failure leaves no half-written project.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from kamdocs.errors import KamdocsError
from kamdocs.resources import example_dir

PLAYBOOK_ITEMS = ("kamdocs.yaml", "data", "content", ".gitignore")
"""What makes up a playbook project; the only things `init` writes."""

GITIGNORE = """\
# Written by `kamdocs init`. The playbook's sources belong in git; what kamdocs makes from them does not.
/site/
# Excel exports of the restricted audience hold personal data (candidate ratings).
*.xlsx
"""

LANGUAGES = ("de", "en")

_IGNORED = shutil.ignore_patterns(".*", "__pycache__", "*.pyc", "*~")


def _source(lang: str) -> Path:
    """Return the example folder for ``lang`` or explain why there is none."""
    if lang not in LANGUAGES:
        raise KamdocsError(f"no example playbook in language {lang!r}; choose one of: {', '.join(LANGUAGES)}")
    source = example_dir(lang)
    if not (source / "kamdocs.yaml").is_file() or not (source / "data").is_dir():
        raise KamdocsError(
            f"the {lang} example playbook is missing from this installation ({source}); reinstall kamdocs"
        )
    return source


def _check_target(directory: Path) -> None:
    """Refuse a target that is a file or a folder with anything in it."""
    if directory.exists() and not directory.is_dir():
        raise KamdocsError(f"{directory} is a file; give a new or empty folder for the playbook")
    if directory.is_dir() and any(directory.iterdir()):
        raise KamdocsError(
            f"{directory} is not empty; kamdocs init writes a new playbook only into a new or empty "
            "folder, so that nothing is overwritten — choose another folder, e.g. 'kamdocs init my-playbook'"
        )


def _copy_playbook(source: Path, staging: Path) -> None:
    """Copy the playbook items of ``source`` into ``staging`` (no symlinks followed outside)."""
    for name in PLAYBOOK_ITEMS:
        item = source / name
        if item.is_dir():
            shutil.copytree(item, staging / name, ignore=_IGNORED, symlinks=False, copy_function=shutil.copy2)
        elif item.is_file():
            shutil.copy2(item, staging / name)
    (staging / ".gitignore").write_text(GITIGNORE, encoding="utf-8")


def init_project(directory: Path, lang: str) -> list[Path]:
    """Copy the example playbook in ``lang`` into ``directory``; return the written files, sorted."""
    directory = Path(directory)
    source = _source(lang)
    _check_target(directory)
    created = not directory.exists()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # The staging folder sits beside the target, on the same file system, so the final
        # moves are renames; it is removed whatever happens.
        with tempfile.TemporaryDirectory(prefix=".kamdocs-init-", dir=directory.resolve().parent) as temp:
            staging = Path(temp)
            _copy_playbook(source, staging)
            for name in PLAYBOOK_ITEMS:
                if (staging / name).exists():
                    os.replace(staging / name, directory / name)
    except OSError as exc:
        _undo(directory, created)
        raise KamdocsError(f"cannot write the playbook to {directory}: {_reason(exc)}") from None
    return sorted(path for path in directory.rglob("*") if path.is_file())


def _reason(exc: OSError) -> str:
    """Return the first underlying reason; copytree collects its failures into one shutil.Error."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        first = exc.args[0][0]
        text = str(first[-1]) if isinstance(first, tuple) else str(first)
        return re.sub(r"^\[Errno \d+\] ", "", text)
    return exc.strerror or str(exc)


def _undo(directory: Path, created: bool) -> None:
    """Remove what a failed init wrote (the folder was empty or new before)."""
    for name in PLAYBOOK_ITEMS:
        target = directory / name
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        elif target.exists():
            target.unlink(missing_ok=True)
    if created:
        try:
            directory.rmdir()
        except OSError:
            pass
