"""``kamdocs excel import``: read a workbook back into the YAML files, all or nothing.

1. The project must load cleanly (the workbook is compared with its models).
2. Every input cell is validated (:mod:`~kamdocs.excel.desired`); any error → nothing is written.
3. The changes are applied to round-trip documents and the would-be files are
   written into a temporary copy of the project, which the full loader and its
   cross-checks must accept; their errors are traced back to the cells.
4. Only then are the changed files replaced, each atomically.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from openpyxl.utils.cell import column_index_from_string

from kamdocs.errors import KamdocsError, Problem, Severity
from kamdocs.excel.apply import apply_candidates, apply_competencies, apply_readiness, apply_tasks
from kamdocs.excel.desired import Builder, candidate_items, competency_items, readiness_items, task_items
from kamdocs.excel.readback import Reader, read_workbook
from kamdocs.excel.sync import Change
from kamdocs.excel.yamledit import Document
from kamdocs.load import load_project
from kamdocs.load.yamlio import Located, YamlProblem, parse

_REF = re.compile(r"!\$?([A-Z]+)\$?(\d+)$")
_STEP = re.compile(r"([^.\[]+)(?:\[([^\]]+)\])?")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def import_workbook(root: Path, workbook: Path, *, dry_run: bool, prune: bool) -> str:
    """Import ``workbook`` into the project at ``root``; return the printed report."""
    loaded = load_project(root)
    if loaded.playbook is None:
        raise KamdocsError(
            [
                *loaded.errors,
                Problem("kamdocs.yaml", 1, 1, Severity.NOTE, "fix the project first: nothing was imported"),
            ]
        )
    playbook = loaded.playbook
    source = _display(workbook)
    sheets, problems = read_workbook(workbook, source)
    if not sheets and not problems:
        raise KamdocsError(
            f"{source}: no sheet kamdocs knows (Voraussetzungen/Readiness, Aufgaben/Tasks, "
            "Kompetenzen/Competencies, Bewertungen/Ratings); export one with 'kamdocs excel export'"
        )
    reader = Reader(source)
    reader.problems.extend(problems)
    builder = Builder(reader, playbook)
    docs: dict[str, Document] = {}
    changes: list[Change] = []

    def document(name: str) -> Document:
        rel = f"data/{name}"
        docs.setdefault(rel, Document(root / rel, rel))
        return docs[rel]

    plan = []
    if "readiness" in sheets:
        plan.append(("readiness", readiness_items(sheets["readiness"], builder)))
    if "tasks" in sheets:
        current = {t.id for t in playbook.tasks.tasks} if playbook.tasks else set()
        sheet_ids = {str(r.value("id")) for r in sheets["tasks"].rows}
        plan.append(("tasks", task_items(sheets["tasks"], builder, set() if prune else current - sheet_ids)))
    profile = [c.id for c in playbook.competencies.competencies] if playbook.competencies else []
    if "competencies" in sheets:
        items = competency_items(sheets["competencies"], builder)
        listed = [i.id for i in items]
        profile = listed + ([] if prune else [cid for cid in profile if cid not in listed])
        plan.append(("competencies", items))
    if "ratings" in sheets:
        plan.append(("ratings", candidate_items(sheets["ratings"], builder, set(profile))))
    if reader.problems:
        raise KamdocsError(reader.problems)
    for kind, items in plan:
        if kind == "readiness":
            changes += apply_readiness(document("readiness.yaml"), items, playbook.readiness, prune)
        elif kind == "tasks":
            changes += apply_tasks(document("tasks.yaml"), items, playbook.tasks, prune)
        elif kind == "competencies":
            changes += apply_competencies(document("competencies.yaml"), items, playbook.competencies, prune)
        else:
            changes += apply_candidates(document("candidates.yaml"), items, playbook.candidates, profile, prune)
    edited = {c.file for c in changes if c.kind != "keep"}
    texts = {rel: doc.encoded() for rel, doc in docs.items() if rel in edited}
    if texts:
        _verify(root, texts, changes, source, playbook.as_of)
        if not dry_run:
            write_files({root / rel: data for rel, data in texts.items()})
    return _report(changes, edited, dry_run)


def _report(changes: list[Change], edited: set[str], dry_run: bool) -> str:
    lines = [c.line() for c in changes]
    count = sum(1 for c in changes if c.kind != "keep")
    files = f"{len(edited)} file{'' if len(edited) == 1 else 's'}"
    if not count:
        lines.append("No changes: the YAML files already match the workbook.")
    elif dry_run:
        lines.append(f"Dry run: {count} change{'' if count == 1 else 's'} in {files}; nothing written.")
    else:
        lines.append(f"{count} change{'' if count == 1 else 's'} written to {files}.")
    return "\n".join(lines)


def _copy_project(root: Path, target: Path) -> None:
    shutil.copy2(root / "kamdocs.yaml", target / "kamdocs.yaml")
    for folder in ("data", "content"):
        if (root / folder).is_dir():
            shutil.copytree(root / folder, target / folder, symlinks=True)


def _verify(root: Path, texts: dict[str, bytes], changes: list[Change], source: str, as_of: object) -> None:
    """Load the would-be project from a temporary copy; raise with its errors traced to cells."""
    with tempfile.TemporaryDirectory(prefix="kamdocs-import-") as temp:
        copy = Path(temp)
        _copy_project(root, copy)
        for rel, data in texts.items():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / rel).write_bytes(data)
        result = load_project(copy, as_of=as_of)  # type: ignore[arg-type]
    errors = result.errors
    if not errors:
        return
    cells = _cells_by_line(texts, changes)
    located: list[Problem] = []
    for problem in errors:
        ref = cells.get((problem.path, problem.line))
        match = _REF.search(ref) if ref else None
        if ref and match:
            row, col = int(match.group(2)), column_index_from_string(match.group(1))
            located.append(Problem(source, row, col, Severity.ERROR, f"{ref}: {problem.message}"))
        else:
            located.append(
                Problem(
                    problem.path,
                    problem.line,
                    problem.col,
                    Severity.ERROR,
                    f"{problem.message} (in the file as the import would write it; nothing was written)",
                )
            )
    raise KamdocsError(located)


def _resolve(data: object, path: str) -> tuple[str | int, ...] | None:
    """Turn ``tasks[kickoff].status`` into the data path ``("tasks", 3, "status")``."""
    steps: list[str | int] = []
    node = data
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None or not isinstance(node, dict) or match.group(1) not in node:
            return tuple(steps) if steps else None
        steps.append(match.group(1))
        node = node[match.group(1)]
        if match.group(2) is not None:
            if not isinstance(node, list):
                return tuple(steps)
            index = next(
                (i for i, v in enumerate(node) if isinstance(v, dict) and str(v.get("id")) == match.group(2)), None
            )
            if index is None:
                return tuple(steps)
            steps.append(index)
            node = node[index]
    return tuple(steps)


def _cells_by_line(texts: dict[str, bytes], changes: list[Change]) -> dict[tuple[str, int], str]:
    """Return (file, line) → cell reference for every line a change wrote."""
    parsed: dict[str, Located] = {}
    for rel, data in texts.items():
        try:
            parsed[rel] = parse(data.decode("utf-8").removeprefix("\ufeff"))
        except YamlProblem:
            continue
    cells: dict[tuple[str, int], str] = {}
    for change in changes:
        located = parsed.get(change.file)
        if located is None or change.ref is None:
            continue
        path = _resolve(located.data, change.path)
        if path is None:
            continue
        for key, mark in located.values.items():
            if key[: len(path)] == path:
                cells.setdefault((change.file, mark.line), change.ref)
    return cells


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary sibling first, then move them all into place."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((temp, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if path.exists():
                shutil.copymode(path, temp)
        for temp, path in temps:
            os.replace(temp, path)
    except OSError as exc:
        raise KamdocsError(f"{exc.filename or ''}: cannot write: {exc.strerror}") from None
    finally:
        for temp, _ in temps:
            Path(temp).unlink(missing_ok=True)
