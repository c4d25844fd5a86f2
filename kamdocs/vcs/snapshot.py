"""Load a project as it was at a git revision, without touching the working tree.

The files the loader reads (``kamdocs.yaml``, ``data/``, the chapters in ``content/``) are written
from their blobs into a private temporary folder outside the project, and the ordinary loader reads
them there: a revision gets exactly the validation messages of ``kamdocs check``, with the revision
in front of every path (``HEAD:data/tasks.yaml:12:3``). The folder is reused from revision to
revision and only files whose blob changed are rewritten; parsed files are cached by blob id
(:class:`~kamdocs.load.cache.ParseCache`) and analyses by the blob ids of the data files, so a
history of revisions that each change one file costs little more than one load.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from kamdocs.analysis import analyse
from kamdocs.analysis.results import Analysis
from kamdocs.errors import NO_POSITION, Problem, Severity
from kamdocs.load import LoadResult, load_project
from kamdocs.load.cache import ParseCache
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.model import Playbook
from kamdocs.vcs.git import Commit, Repository

WORKING_TREE = "working tree"
_READ_FILES = ("kamdocs.yaml",)
_READ_FOLDERS = {"data": (".yaml", ".yml"), "content": (".md",)}


@dataclass(frozen=True)
class State:
    """One version of the project: loaded and analysed, or the problems that stop it."""

    label: str
    """How the user named it (``HEAD``, ``main~3``, a short id) or ``working tree``."""
    commit: Commit | None
    """None for the working tree."""
    result: LoadResult
    """Problems carry the label in their paths (``HEAD:data/tasks.yaml``)."""
    analysis: Analysis | None
    data_key: tuple[tuple[str, str], ...] = ()
    """(path, blob id) of the data files and kamdocs.yaml: what the analysis depends on."""

    @property
    def playbook(self) -> Playbook | None:
        """Return the playbook, None when the revision does not check."""
        return self.result.playbook

    @property
    def errors(self) -> list[Problem]:
        """Return the problems of severity error."""
        return self.result.errors


def _with_label(problems: list[Problem], label: str, folder: Path) -> list[Problem]:
    """Put ``label:`` in front of every path and hide the temporary folder in messages."""
    where = str(folder)
    return [replace(p, path=f"{label}:{p.path}", message=p.message.replace(where, f"{label}:.")) for p in problems]


def _reference(playbook: Playbook, fallback: dt.date | None) -> Playbook:
    """Use ``fallback`` as as_of unless the revision's kamdocs.yaml sets one."""
    if fallback is None or playbook.config.as_of is not None:
        return playbook
    return replace(playbook, as_of=fallback)


class Snapshots:
    """Loads revisions of one project, sharing a temporary folder and caches between them."""

    def __init__(self, project: Path, repo: Repository | None) -> None:
        self.project = Path(project)
        self.repo = repo
        self.parsed = ParseCache()
        self.renderer = ChapterRenderer()
        """Rendered chapters by content, shared by every version loaded."""
        self._analyses: dict[tuple[object, ...], Analysis] = {}
        self._states: dict[tuple[str, dt.date | None], State] = {}
        self._loads: dict[str, tuple[LoadResult, Path, tuple[tuple[str, str], ...]]] = {}
        self._folder: Path | None = None
        self._written: dict[str, tuple[str, str]] = {}

    def __enter__(self) -> Snapshots:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary folder."""
        if self._folder is not None:
            shutil.rmtree(self._folder.parent, ignore_errors=True)
            self._folder = None
            self._written = {}

    # --- loading ---------------------------------------------------------------------------------

    def working_tree(self, as_of: dt.date | None = None) -> State:
        """Load the project folder as it is on disk."""
        result = load_project(self.project, cache=self.parsed, renderer=self.renderer)
        return self._finish(WORKING_TREE, None, result, as_of, ())

    def at(self, commit: Commit, label: str, as_of: dt.date | None = None) -> State:
        """Load the project as it was in ``commit``; as_of falls back to ``as_of`` when not configured."""
        key = (commit.id, as_of)
        found = self._states.get(key)
        if found is not None:
            return replace(found, label=label) if found.label != label else found
        loaded = self._loads.get(commit.id)
        if loaded is None:
            # Loading does not depend on as_of: one load per commit, analysed for each date asked.
            folder = self._materialise(commit)
            raw = load_project(folder, cache=self.parsed, renderer=self.renderer)
            data_key = tuple(
                sorted((rel, oid) for rel, (_, oid) in self._written.items() if not rel.startswith("content/"))
            )
            loaded = self._loads[commit.id] = (raw, folder, data_key)
        raw, folder, data_key = loaded
        result = LoadResult(raw.playbook, _with_label(raw.problems, label, folder), raw.sources)
        state = self._finish(label, commit, result, as_of, data_key)
        self._states[key] = state
        return state

    def _finish(
        self,
        label: str,
        commit: Commit | None,
        result: LoadResult,
        as_of: dt.date | None,
        data_key: tuple[tuple[str, str], ...],
    ) -> State:
        playbook = result.playbook
        if playbook is None:
            return State(label, commit, result, None, data_key)
        playbook = _reference(playbook, as_of)
        result = LoadResult(playbook, result.problems, result.sources)
        cache_key: tuple[object, ...] | None = (data_key, playbook.as_of) if data_key else None
        analysis = self._analyses.get(cache_key) if cache_key is not None else None
        if analysis is None:
            analysis = analyse(playbook)
            if cache_key is not None:
                self._analyses[cache_key] = analysis
        return State(label, commit, result, analysis, data_key)

    # --- the temporary folder --------------------------------------------------------------------

    def _wanted(self, commit: Commit) -> dict[str, tuple[str, str]]:
        """Return relative path → (mode, blob id) of the files the loader reads in ``commit``."""
        assert self.repo is not None
        wanted: dict[str, tuple[str, str]] = {}
        for name in _READ_FILES:
            file = self.repo.entry(commit, name)
            if file is not None and not file.is_tree:
                wanted[name] = (file.mode, file.oid)
        for folder, suffixes in _READ_FOLDERS.items():
            tree = self.repo.entry(commit, folder)
            if tree is None or not tree.is_tree:
                continue
            for rel, entry in self.repo.walk(tree.oid, f"{folder}/"):
                if entry.mode == "160000" or not rel.lower().endswith(suffixes):
                    continue  # a submodule, or a file the loader never opens (images …)
                wanted[rel] = (entry.mode, entry.oid)
        return wanted

    def _materialise(self, commit: Commit) -> Path:
        """Make the temporary folder hold the loader's files of ``commit``; return the project root there."""
        assert self.repo is not None
        if self._folder is None:
            # A private folder (mode 700) outside the project: nothing of a revision lands in it.
            self._folder = Path(tempfile.mkdtemp(prefix="kamdocs-revision-")) / "project"
            self._folder.mkdir()
        root = self._folder
        wanted = self._wanted(commit)
        for rel in [r for r, value in self._written.items() if wanted.get(r) != value]:
            (root / rel).unlink(missing_ok=True)
            del self._written[rel]
        for rel, (mode, oid) in wanted.items():
            if rel in self._written:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if mode == "120000":
                # Links are recreated as they are, so the loader refuses the same ones it would refuse
                # in a checkout (a link that leads out of the project).
                os.symlink(os.fsdecode(self.repo.blob(oid)), path)
            else:
                with open(path, "xb") as sink:
                    self.repo.blob(oid, sink)
                path.chmod(stat.S_IRUSR)
            self._written[rel] = (mode, oid)
        _prune_empty(root)
        return root


def _prune_empty(root: Path) -> None:
    """Remove empty folders: a checkout has none (git does not store them)."""
    for folder, _dirs, _files in os.walk(root, topdown=False):
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)


def notice(message: str) -> Problem:
    """Return a note about the history (``git: note: …``)."""
    return Problem("git", NO_POSITION, NO_POSITION, Severity.NOTE, message)
