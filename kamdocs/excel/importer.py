"""``kamdocs excel import``: read a workbook back into the YAML files, all or nothing.

1. The project must load cleanly (the workbook is compared with its models).
2. Every row is validated with the model of its file (:mod:`~kamdocs.excel.desired`).
3. The rows are applied to round-trip documents, and the project as the import
   would write it goes through the rule book of ``kamdocs check``
   (:mod:`~kamdocs.excel.rulecheck`): the same mistake gets the same message,
   shown at its cell. Any error of 2 or 3 → nothing is written.
4. As a last guard, the would-be files are written into a temporary copy of the
   project, which the full loader must accept.
5. Only then are the changed files replaced, each atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from kamdocs.errors import KamdocsError, Problem, Severity, sort_problems
from kamdocs.excel import positions
from kamdocs.excel.account_import import KINDS, account_of, apply_account
from kamdocs.excel.apply import apply_candidates, apply_competencies, apply_readiness, apply_tasks
from kamdocs.excel.apply_plan import apply_baseline_date, apply_goals, apply_points, apply_routines
from kamdocs.excel.desired import Builder, Item, candidate_items, competency_items, readiness_items, task_items
from kamdocs.excel.desired_plan import goal_items, point_items, routine_items
from kamdocs.excel.readback import Reader, read_workbook
from kamdocs.excel.rulecheck import NOTE, check_would_be
from kamdocs.excel.sync import Change, Syncer
from kamdocs.excel.yamledit import Document
from kamdocs.load import load_project
from kamdocs.load.crosscheck import ACCOUNTS_DIR


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
    sheets, problems, properties = read_workbook(workbook, source)
    if not sheets and not problems:
        raise KamdocsError(
            f"{source}: no sheet kamdocs knows (Voraussetzungen/Readiness, Aufgaben/Tasks, Routinen/Routines, "
            "Kompetenzen/Competencies, Bewertungen/Ratings, Kennzahlen/KPIs, Kennzahlen-Verlauf/KPI history, "
            "or an account's Ziele/Goals, Maßnahmen/Actions, Finanzen/Financials); "
            "export one with 'kamdocs excel export'"
        )
    reader = Reader(source)
    reader.problems.extend(problems)
    builder = Builder(reader)
    docs: dict[str, Document] = {}
    syncers: list[Syncer] = []
    unchecked: list[Problem] = []

    def document(name: str) -> Document:
        rel = f"data/{name}"
        docs.setdefault(rel, Document(root / rel, rel))
        return docs[rel]

    if "readiness" in sheets:
        items = readiness_items(sheets["readiness"], builder)
        syncers.append(apply_readiness(document("readiness.yaml"), items, playbook.readiness, prune))
    if "tasks" in sheets:
        items = task_items(sheets["tasks"], builder)
        syncers.append(apply_tasks(document("tasks.yaml"), items, playbook.tasks, prune))
    if "routines" in sheets:
        items = routine_items(sheets["routines"], builder)
        syncers.append(apply_routines(document("tasks.yaml"), items, playbook.tasks, prune))
    if "kpis" in sheets:
        items = goal_items(sheets["kpis"], builder)
        syncer = apply_goals(document("goals.yaml"), items, playbook.goals, prune)
        apply_baseline_date(document("goals.yaml"), syncer, sheets["kpis"].head.get("baseline_date"), playbook.goals)
        syncers.append(syncer)
    if "kpi_points" in sheets:
        points = point_items(sheets["kpi_points"], builder)
        syncer = Syncer("data/goals.yaml", prune)
        known = {key: item for done in syncers for key, item in done.origins.items()}
        apply_points(document("goals.yaml"), syncer, points, builder, known)
        syncers.append(syncer)
    profile = [c.id for c in playbook.competencies.competencies] if playbook.competencies else []
    if "competencies" in sheets:
        items = competency_items(sheets["competencies"], builder)
        listed = [i.id for i in items]
        profile = listed + ([] if prune else [cid for cid in profile if cid not in listed])
        syncers.append(apply_competencies(document("competencies.yaml"), items, playbook.competencies, prune))
    if "ratings" in sheets:
        items = candidate_items(sheets["ratings"], builder)
        syncers.append(apply_candidates(document("candidates.yaml"), items, playbook.candidates, profile, prune))
    if any(kind in sheets for kind in KINDS):
        account = account_of(sheets, playbook.accounts, builder)
        if account is not None:
            rel = _account_file(loaded.sources, account.id)
            docs.setdefault(rel, Document(root / rel, rel))
            # Before any row is applied: if the numbers point at other items, every later message would mislead.
            exported = positions.check(docs[rel], account, sheets, properties, source)
            unchecked.extend(exported.warnings)
            syncers.append(apply_account(docs[rel], account, sheets, builder, prune, exported.counts))
    changes = [change for syncer in syncers for change in syncer.changes]
    edited = {c.file for c in changes if c.kind != "keep"}
    # The files are rendered before the rules run: for rows with errors these leave items out of the documents.
    texts = {rel: doc.encoded() for rel, doc in docs.items() if rel in edited}
    origins: dict[int, Item] = {key: item for syncer in syncers for key, item in syncer.origins.items()}
    found = check_would_be(loaded, docs, origins, builder.left_out, source)
    problems = reader.problems + [p for p in found if p.severity is Severity.ERROR]
    if problems:
        raise KamdocsError(unchecked + problems)
    if texts:
        _verify(root, texts, playbook.as_of)
        if not dry_run:
            write_files({root / rel: data for rel, data in texts.items()})
    # Warnings do not stop an import; those about cells are shown as `check` would show them afterwards.
    warnings = unchecked + sort_problems(p for p in found if p.severity is Severity.WARNING and p.path == source)
    return _report(changes, edited, dry_run, warnings)


def _account_file(sources: Mapping[str, object], account_id: str) -> str:
    """Return the path of the account's file relative to the project (its name is the id)."""
    for rel in sources:
        if rel.startswith(ACCOUNTS_DIR) and Path(rel).stem == account_id:
            return rel
    return f"{ACCOUNTS_DIR}{account_id}.yaml"  # pragma: no cover - a loaded account has its file


def _report(changes: list[Change], edited: set[str], dry_run: bool, warnings: list[Problem]) -> str:
    lines = [c.line() for c in changes] + [w.format() for w in warnings]
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


def _verify(root: Path, texts: dict[str, bytes], as_of: object) -> None:
    """Load the would-be project from a temporary copy; raise with its errors (the rules passed: a last guard)."""
    with tempfile.TemporaryDirectory(prefix="kamdocs-import-") as temp:
        copy = Path(temp)
        _copy_project(root, copy)
        for rel, data in texts.items():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / rel).write_bytes(data)
        result = load_project(copy, as_of=as_of)  # type: ignore[arg-type]
    if result.errors:
        raise KamdocsError([Problem(p.path, p.line, p.col, p.severity, p.message + NOTE) for p in result.errors])


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
