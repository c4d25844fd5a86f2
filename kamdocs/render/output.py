"""The output folder: where a build may write (SECURITY rows 20, 32), the atomic swap (row 21), hygiene (rows 31, 33).

A folder kamdocs writes holds a marker file, :data:`MARKER`, naming the audience it was built for.
Only a marked folder is ever replaced or cleaned; a build carries files of the previous output over
(the PDF during an HTML-only build) only when that output was built for the same audience, so an
internal build never leaves a restricted file behind. A build first removes what earlier builds
that were killed left beside the output folder (their staging folders carry their own marker), and
its staging folder is private (0700) and ignored by git until it becomes the output.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kamdocs.errors import BuildError

MARKER = ".kamdocs-output"
MARKER_TEXT = "This folder is written by kamdocs build; it is replaced completely on every build.\n"
STAGE_MARKER = ".kamdocs-staging"
"""Written first into every staging folder: ``<host> <pid>`` of the build that owns it."""
PROTECTED = ("content", "data", "themes")
_IGNORE_ALL = "# a kamdocs build in progress (or one that was killed): never commit this\n*\n"

# Failures of the machine, not of kamdocs or of the project: reported as a sentence (SECURITY row 34).
_ENVIRONMENT_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EFBIG: "a file grew larger than the file system allows",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def _refuse(out: Path, why: str) -> BuildError:
    return BuildError(
        f"refusing to write the site into '{out}': {why}. Choose a new or kamdocs-made folder, e.g. --out site"
    )


def check_output_dir(out: Path, project: Path, base: Path | None = None) -> Path:
    """Return the resolved output folder, or raise BuildError when writing there could destroy data.

    ``base`` is given for ``--out`` (relative to the current folder), which may name any folder;
    without it, ``out`` is ``output_dir`` from kamdocs.yaml, which a pull request can change, so it
    must stay inside the project and out of its ``.git`` (SECURITY row 32).
    """
    project = project.resolve()
    if out.name in ("", ".", "..", "~") or str(out).startswith("~"):
        raise _refuse(out, "name a dedicated folder, not '.', '..' or '~'")
    unresolved = (base or project) / out
    if unresolved.is_symlink():
        raise _refuse(out, "it is a symbolic link; name the real folder")
    target = unresolved.resolve()
    if base is None:
        if not target.is_relative_to(project):
            raise BuildError(
                f"kamdocs.yaml: output_dir '{out}' leads outside the project; write a folder inside it "
                "such as 'site' (only --out on the command line may name a folder elsewhere)"
            )
        if target.relative_to(project).parts[0] in (".git", ".hg", ".svn"):
            raise BuildError(
                f"kamdocs.yaml: output_dir '{out}' is inside the version control folder; write a folder such as 'site'"
            )
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


def previous_audience(target: Path) -> str | None:
    """Return the audience the output in ``target`` was built for, or None (none, or an older kamdocs)."""
    try:
        text = (target / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "audience":
            return value.strip() or None
    return None


def environment_error(exc: OSError, doing: str) -> BuildError | None:
    """Return the sentence for a failure of the machine (disk full, no permission), or None for anything else."""
    reason = _ENVIRONMENT_ERRORS.get(exc.errno or 0)
    if reason is None:
        return None
    where = f" '{exc.filename}'" if exc.filename else ""
    return BuildError(f"cannot {doing}{where}: {reason}; nothing was changed in the output folder")


def _make_readable(path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)  # mkdtemp creates 0700; a website is for reading


def _writable(path: str) -> None:
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISDIR(mode):
            os.chmod(path, stat.S_IMODE(mode) | stat.S_IRWXU)
    except OSError:
        pass


def remove_tree(folder: Path, last: tuple[str, ...] = (MARKER, STAGE_MARKER, ".gitignore")) -> bool:
    """Remove a folder kamdocs made, even one a user made read-only; its marker files go last.

    Return whether it is gone. Removing the markers last means a removal that fails half-way
    leaves a folder the next build still recognises as its own.
    """
    for current, dirnames, _ in os.walk(folder):
        _writable(current)
        for name in dirnames:
            _writable(os.path.join(current, name))
    for item in sorted(folder.iterdir()) if folder.is_dir() else ():
        if item.name in last:
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item, ignore_errors=True)
        else:
            item.unlink(missing_ok=True)
    for name in last:
        (folder / name).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        return not folder.exists()
    return True


def _owner(stage_marker: Path) -> tuple[str, int] | None:
    try:
        host, pid = stage_marker.read_text(encoding="utf-8").split()
        return host, int(pid)
    except (OSError, ValueError):
        return None


def _running(host: str, pid: int) -> bool:
    """Tell whether the build that owns a staging folder may still be running."""
    if host != socket.gethostname():
        return True  # a shared folder: another machine's build is none of ours to judge
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def remove_leftovers(target: Path) -> None:
    """Remove the staging and old folders that killed or failed builds of ``target`` left beside it.

    Only folders with kamdocs' names that hold kamdocs' marker are touched: a staging folder whose
    build is no longer running, a previous output whose removal failed.
    """
    parent = target.parent
    if not parent.is_dir():
        return
    for prefix, marker in ((f".{target.name}.kamdocs-new-", STAGE_MARKER), (f".{target.name}.kamdocs-old-", MARKER)):
        for folder in sorted(parent.glob(prefix + "*")):
            if folder.is_symlink() or not folder.is_dir():
                continue
            if marker == STAGE_MARKER:
                owner = _owner(folder / marker)
                if owner is None or _running(*owner):
                    continue
            elif not (folder / marker).is_file() and not (folder / STAGE_MARKER).is_file():
                continue
            remove_tree(folder)


def _new_stage(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.kamdocs-new-", dir=target.parent))
    except OSError as exc:
        raise environment_error(exc, "create the output folder next to") or exc from None
    # Marked before anything else is written: a build killed now leaves a folder the next build removes.
    (stage / STAGE_MARKER).write_text(f"{socket.gethostname()} {os.getpid()}\n", encoding="utf-8")
    (stage / ".gitignore").write_text(_IGNORE_ALL, encoding="utf-8")
    return stage


@contextmanager
def staged_output(target: Path, keep: tuple[str, ...] = (), audience: str = "internal") -> Iterator[Path]:
    """Yield a fresh private folder next to ``target``; on success swap it in, on failure remove it.

    ``keep`` names files of the previous output to carry over when the new build does not write them
    (the PDF during an HTML-only build); the caller passes them only when the previous output was
    built for the same ``audience``. The previous output stays untouched until the swap.
    """
    remove_leftovers(target)
    stage = _new_stage(target)
    try:
        yield stage
        (stage / MARKER).write_text(f"{MARKER_TEXT}audience: {audience}\n", encoding="utf-8")
        for name in keep:
            previous = target / name
            if previous.is_file() and not previous.is_symlink() and not (stage / name).exists():
                shutil.copy2(previous, stage / name)
        (stage / ".gitignore").unlink()
        (stage / STAGE_MARKER).unlink()
        _make_readable(stage)
    except BaseException as exc:
        remove_tree(stage)
        if isinstance(exc, OSError):
            raise environment_error(exc, "write") or exc from None
        raise
    old: Path | None = None
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.kamdocs-old-", dir=target.parent))
            old.rmdir()
            os.rename(target, old)
        os.rename(stage, target)
    except OSError as exc:
        if old is not None and old.exists() and not target.exists():
            os.rename(old, target)
        remove_tree(stage)
        raise environment_error(exc, "replace the output folder") or exc from None
    if old is not None:
        remove_tree(old)
