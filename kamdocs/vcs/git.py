"""Read a project's git history straight from the object database, through the ``git`` program.

One long-lived ``git cat-file --batch`` process serves every tree, blob and commit object, so loading
dozens of revisions costs one process start (see docs/architecture.md, "Reading git history", for
the measurements against pygit2 and dulwich). Nothing here checks anything out or writes the index,
and no git command may reach the network: every call runs with ``protocol.allow=never`` (a partial
clone's missing object is then an error instead of a fetch), without terminal prompts and without
optional locks (``git status`` does not rewrite the index).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Configuration that every git call runs with: no transport may start (so nothing is fetched, not
# even a partial clone's missing object), no fsmonitor hook runs, paths come unquoted.
_CONFIG = ("-c", "protocol.allow=never", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false")
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never ask for a user name or password
    "GIT_NO_LAZY_FETCH": "1",  # git ≥ 2.44: a missing object of a partial clone is not fetched
    "GIT_OPTIONAL_LOCKS": "0",  # `git status` must not refresh (write) the index
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "LC_ALL": "C",  # messages we recognise are the English ones
    "LANGUAGE": "C",
}


class GitUnavailable(Exception):
    """The history cannot be read (no git, no repository, no commits, a shallow clone …): a note."""


class UnknownRevision(Exception):
    """A revision name that the repository does not have."""

    def __init__(self, revision: str, reason: str) -> None:
        super().__init__(f"unknown revision {revision!r}: {reason}")
        self.revision = revision
        self.reason = reason


@dataclass(frozen=True)
class Commit:
    """The facts of one commit that kamdocs shows."""

    id: str
    parents: tuple[str, ...]
    tree: str
    author: str
    """The author's name (never the e-mail address)."""
    date: dt.datetime
    """The committer date, in the committer's time zone."""
    subject: str

    @property
    def short(self) -> str:
        """Return the abbreviated id (the first 8 hex digits)."""
        return self.id[:8]


@dataclass(frozen=True)
class Entry:
    """One entry of a git tree."""

    name: str
    mode: str
    """``100644``/``100755`` file, ``120000`` link, ``40000`` folder, ``160000`` submodule."""
    oid: str

    @property
    def is_tree(self) -> bool:
        """Return True for a folder."""
        return self.mode == "40000"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(_ENV)
    return env


def _parse_person(line: str) -> tuple[str, dt.datetime]:
    """Parse ``Name <mail> 1700000000 +0100`` into the name and an aware time."""
    head, _, rest = line.rpartition(">")
    name = head.partition("<")[0].strip()
    parts = rest.split()
    try:
        seconds = int(parts[0])
        sign = -1 if parts[1].startswith("-") else 1
        offset = dt.timedelta(hours=int(parts[1][1:3]), minutes=int(parts[1][3:5])) * sign
        return name, dt.datetime.fromtimestamp(seconds, dt.timezone(offset))
    except (IndexError, ValueError, OverflowError, OSError):
        return name, dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def parse_commit(oid: str, raw: bytes) -> Commit:
    """Parse a raw commit object (headers, blank line, message)."""
    head, _, message = raw.partition(b"\n\n")
    encoding = "utf-8"
    tree, author, committed, parents = "", "", dt.datetime(1970, 1, 1, tzinfo=dt.UTC), []
    for line in head.decode("utf-8", "replace").split("\n"):
        key, _, value = line.partition(" ")
        if key == "tree":
            tree = value
        elif key == "parent":
            parents.append(value)
        elif key == "author":
            author = _parse_person(value)[0]
        elif key == "committer":
            committed = _parse_person(value)[1]
        elif key == "encoding":
            encoding = value.strip() or "utf-8"
    try:
        text = message.decode(encoding, "replace")
    except LookupError:
        text = message.decode("utf-8", "replace")
    # Like git's %s: the first paragraph joined into one line.
    subject = " ".join(text.strip().split("\n\n", 1)[0].split())
    return Commit(oid, tuple(parents), tree, author, committed, subject)


def parse_tree(raw: bytes, hash_bytes: int = 20) -> list[Entry]:
    """Parse a raw tree object into its entries (names that could leave a folder are dropped)."""
    entries: list[Entry] = []
    index = 0
    size = len(raw)
    while index < size:
        space = raw.index(b" ", index)
        nul = raw.index(b"\0", space)
        mode = raw[index:space].decode("ascii", "replace")
        name = os.fsdecode(raw[space + 1 : nul])
        end = nul + 1 + hash_bytes
        oid = raw[nul + 1 : end].hex()
        index = end
        # git refuses such names when checking out; a crafted repository may still hold them.
        if name in ("", ".", "..", ".git") or "/" in name or "\\" in name:
            continue
        entries.append(Entry(name, mode, oid))
    return entries


class _CatFile:
    """A ``git cat-file --batch`` process: object name in, type and content out."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                ["git", *_CONFIG, "cat-file", "--batch"],
                cwd=self.top,
                env=_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self.process

    def read(self, name: str, sink: IO[bytes] | None = None) -> tuple[str, bytes] | None:
        """Return (type, content) of the object ``name`` (any revision syntax), None when missing.

        With ``sink`` the content is copied there in chunks (and b"" returned), so a huge blob of an
        old revision never sits in memory.
        """
        if "\n" in name or "\0" in name:
            return None
        process = self._start()
        stdin: IO[bytes] | None = process.stdin
        stdout: IO[bytes] | None = process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(os.fsencode(name) + b"\n")
            stdin.flush()
            header = stdout.readline()
        except (BrokenPipeError, OSError):
            header = b""
        if not header:
            # git died: a partial clone lacks the object (and must not fetch it), or the repository
            # is damaged. The next request starts a new process.
            self.close()
            raise GitUnavailable(
                "the repository lacks objects this revision needs (a partial clone?); "
                "kamdocs never fetches — fetch the full history with 'git fetch --refetch'"
            )
        fields = header.split()
        if len(fields) != 3:
            return None  # "<name> missing" or "<name> ambiguous"
        size = int(fields[2])
        kind = fields[1].decode("ascii")
        if sink is None:
            data = stdout.read(size)
        else:
            data, left = b"", size
            while left > 0:
                chunk = stdout.read(min(left, 1 << 20))
                if not chunk:
                    break
                sink.write(chunk)
                left -= len(chunk)
        stdout.read(1)  # the newline after the content
        return kind, data

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def run_git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run one git command with the offline configuration; raise GitUnavailable when git is missing."""
    try:
        result = subprocess.run(
            ["git", *_CONFIG, *args], cwd=cwd, env=_env(), capture_output=True, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise GitUnavailable("git is not installed (or not on PATH)") from None
    if check and result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitUnavailable(message[-1] if message else f"git {args[0]} failed")
    return result


def _why_no_repository(stderr: str) -> str:
    if "dubious ownership" in stderr:
        return (
            "git refuses to read this repository because another user owns it; if you trust it, run "
            "'git config --global --add safe.directory <path>'"
        )
    return "the project is not in a git repository"


class Repository:
    """The git repository that holds a project (which may be a subfolder of it)."""

    def __init__(
        self, project: Path, top: Path, prefix: str, *, shallow: bool, partial: bool, hash_bytes: int = 20
    ) -> None:
        self.project = project
        self.top = top
        self.prefix = prefix
        """The project folder relative to the repository root, '' or ending in '/'."""
        self.shallow = shallow
        self.partial = partial
        self.hash_bytes = hash_bytes
        self._cat = _CatFile(top)
        self._commits: dict[str, Commit] = {}
        self._trees: dict[str, list[Entry]] = {}

    @classmethod
    def open(cls, project: Path) -> Repository:
        """Open the repository of ``project`` or raise GitUnavailable saying why there is none."""
        project = Path(project).resolve()
        if shutil.which("git") is None:
            raise GitUnavailable("git is not installed (or not on PATH)")
        probe = run_git(
            project,
            "rev-parse",
            "--show-toplevel",
            "--show-prefix",
            "--is-shallow-repository",
            "--show-object-format",
            check=False,
        )
        if probe.returncode != 0:
            raise GitUnavailable(_why_no_repository(probe.stderr.decode("utf-8", "replace")))
        lines = probe.stdout.decode("utf-8", "surrogateescape").split("\n")
        if len(lines) < 4 or not lines[0]:
            raise GitUnavailable("the project is not in a git repository's working tree")
        top, prefix, shallow = Path(lines[0]), lines[1], lines[2].strip() == "true"
        hash_bytes = 32 if lines[3].strip() == "sha256" else 20
        promisor = run_git(top, "config", "--get-regexp", r"^remote\..*\.promisor$", check=False)
        partial = b"true" in promisor.stdout
        return cls(project, top, prefix, shallow=shallow, partial=partial, hash_bytes=hash_bytes)

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the cat-file process."""
        self._cat.close()

    # --- revisions -------------------------------------------------------------------------------

    def resolve(self, revision: str) -> Commit:
        """Return the commit ``revision`` names (HEAD, main~3, a tag, a short id …)."""
        if not revision or revision.startswith("-") or any(ch in revision for ch in "\n\0"):
            raise UnknownRevision(revision, "not a revision name")
        result = run_git(
            self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False
        )
        if result.returncode != 0:
            reason = "no such branch, tag or commit in this repository"
            if self.shallow:
                reason += " (a shallow clone: fetch the full history with 'git fetch --unshallow')"
            raise UnknownRevision(revision, reason)
        return self.commit(result.stdout.decode("ascii").strip())

    def merge_base(self, a: Commit, b: Commit) -> Commit:
        """Return the best common ancestor of two commits (``A...B``: what B changed since it forked)."""
        result = run_git(self.top, "merge-base", a.id, b.id, check=False)
        if result.returncode != 0:
            raise UnknownRevision(f"{a.short}...{b.short}", "the two revisions have no common ancestor")
        return self.commit(result.stdout.decode("ascii").strip())

    def head(self) -> Commit:
        """Return the commit HEAD points at; GitUnavailable when there is none yet."""
        try:
            return self.resolve("HEAD")
        except UnknownRevision:
            raise GitUnavailable("the repository has no commits yet") from None

    def commit(self, oid: str) -> Commit:
        """Return the commit with the full id ``oid``."""
        found = self._commits.get(oid)
        if found is None:
            obj = self._cat.read(oid)
            if obj is None or obj[0] != "commit":
                raise UnknownRevision(oid, "no such commit")
            found = parse_commit(oid, obj[1])
            self._commits[oid] = found
        return found

    # --- trees and blobs -------------------------------------------------------------------------

    def entry(self, commit: Commit, path: str) -> Entry | None:
        """Return the tree entry at ``path`` (relative to the project) in ``commit``, None when absent."""
        parts = [p for p in (self.prefix + path).split("/") if p]
        found: Entry | None = Entry("", "40000", commit.tree)
        for part in parts:
            if found is None or not found.is_tree:
                return None
            found = next((e for e in self.tree(found.oid) if e.name == part), None)
        return found

    def tree(self, oid: str) -> list[Entry]:
        """Return the entries of the tree ``oid`` (cached: unchanged folders share their id)."""
        found = self._trees.get(oid)
        if found is None:
            obj = self._cat.read(oid)
            found = parse_tree(obj[1], self.hash_bytes) if obj is not None and obj[0] == "tree" else []
            self._trees[oid] = found
        return found

    def walk(self, oid: str, base: str = "") -> Iterator[tuple[str, Entry]]:
        """Yield (relative path, entry) of every non-folder entry below the tree ``oid``."""
        stack = [(oid, base)]
        while stack:
            tree, prefix = stack.pop()
            for entry in self.tree(tree):
                if entry.is_tree:
                    stack.append((entry.oid, f"{prefix}{entry.name}/"))
                else:
                    yield f"{prefix}{entry.name}", entry

    def blob(self, oid: str, sink: IO[bytes] | None = None) -> bytes:
        """Return the content of the blob ``oid`` (or copy it to ``sink`` and return b"")."""
        obj = self._cat.read(oid, sink)
        if obj is None or obj[0] != "blob":
            raise GitUnavailable(f"the repository lacks the object {oid[:8]}")
        return obj[1]

    # --- history ---------------------------------------------------------------------------------

    def log(self, paths: Sequence[str], *, start: str = "HEAD") -> Iterator[tuple[Commit, tuple[str, ...]]]:
        """Yield (commit, changed paths relative to the project) newest first, for commits touching ``paths``.

        Paths are relative to the project; renames count as a removal and an addition.
        """
        specs = [f":(top,literal){self.prefix}{p}" for p in paths]
        if not specs and self.prefix:
            specs = [f":(top,literal){self.prefix.rstrip('/')}"]
        args = ["git", *_CONFIG, "log", "-z", "--name-only", "--no-renames", "--format=%x00%H", start, "--", *specs]
        try:
            process = subprocess.Popen(
                args,
                cwd=self.top,
                env=_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitUnavailable("git is not installed (or not on PATH)") from None
        assert process.stdout is not None
        try:
            for oid, names in _log_records(process.stdout):
                inside = tuple(n[len(self.prefix) :] for n in names if n.startswith(self.prefix) and n != self.prefix)
                yield self.commit(oid), inside
        finally:
            process.stdout.close()
            process.kill()
            process.wait()

    def changed_paths(self, paths: Sequence[str]) -> frozenset[str]:
        """Return the paths (relative to the project) below ``paths`` with uncommitted changes."""
        specs = [f":(top,literal){self.prefix}{p}" for p in paths]
        result = run_git(self.top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *specs, check=False)
        if result.returncode != 0:
            return frozenset()
        changed: set[str] = set()
        fields = result.stdout.split(b"\0")
        index = 0
        while index < len(fields):
            field = fields[index]
            index += 1
            if len(field) < 4:
                continue
            name = os.fsdecode(field[3:])
            if field[:1] in (b"R", b"C"):
                index += 1  # the next field is the old name of a rename or copy
            if name.startswith(self.prefix):
                changed.add(name[len(self.prefix) :])
        return frozenset(changed)


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """Yield the NUL-separated fields of ``stream``."""
    pending = b""
    while chunk := stream.read(65536):
        pending += chunk
        *complete, pending = pending.split(b"\0")
        yield from complete
    if pending:
        yield pending


def _log_records(stream: IO[bytes]) -> Iterator[tuple[str, list[str]]]:
    """Parse ``git log -z --name-only --format=%x00%H``: an empty field, the id, then the names.

    File names are never empty, so an empty field always announces the next commit id; the first
    name follows the id after a newline.
    """
    oid: str | None = None
    names: list[str] = []
    expect_id = False
    first = False
    for token in _tokens(stream):
        if not token:
            expect_id = True
            continue
        if expect_id:
            if oid is not None:
                yield oid, names
            oid, names, expect_id, first = token.decode("ascii", "replace").strip(), [], False, True
            continue
        if first:
            token = token.removeprefix(b"\n")
            first = False
        if token:
            names.append(os.fsdecode(token))
    if oid is not None:
        yield oid, names
