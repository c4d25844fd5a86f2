"""`kamdocs diff`: what changed in the plan between two versions, in the plan's terms.

Both versions are loaded (a revision from the object database, or the working tree), analysed
and filtered for the audience; :mod:`kamdocs.vcs.sections` says what is compared. The JSON form is
versioned (``"format": 1``) and documented in docs/git.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamdocs.analysis.audience import View, make_view
from kamdocs.clock import reference_date
from kamdocs.errors import NO_POSITION, Problem, Severity
from kamdocs.model import Audience
from kamdocs.vcs.compare import Delta, ItemChange, SectionChange, compare_section
from kamdocs.vcs.git import Commit, GitUnavailable, Repository, UnknownRevision
from kamdocs.vcs.sections import SECTIONS
from kamdocs.vcs.snapshot import WORKING_TREE, Snapshots, State

FORMAT = 1
FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True)
class Side:
    """One of the two compared versions."""

    label: str
    commit: Commit | None
    as_of: dt.date


@dataclass(frozen=True)
class PlanDiff:
    """The changes between two versions of a plan, as one audience may see them."""

    old: Side
    new: Side
    audience: Audience
    language: str
    currency: str
    sections: tuple[SectionChange, ...]

    @property
    def changed(self) -> bool:
        """Return True when anything changed."""
        return bool(self.sections)


@dataclass
class DiffOutcome:
    """What the command prints and its exit status."""

    output: str
    exit_code: int = 0
    problems: list[Problem] = field(default_factory=list)
    """Printed to stderr: notes outside git, the problems of a revision that does not check."""


def compare(old: View, new: View, old_side: Side, new_side: Side, audience: Audience) -> PlanDiff:
    """Compare two views section by section."""
    changes = tuple(c for section in SECTIONS if (c := compare_section(section, old, new)) is not None)
    config = new.playbook.config
    return PlanDiff(old_side, new_side, audience, config.language, config.currency, changes)


def _split(revisions: Sequence[str]) -> tuple[str | None, str | None, bool]:
    """Return (old, new, merge base?) from the arguments; None stands for HEAD / the working tree."""
    if len(revisions) == 1 and "..." in revisions[0]:
        a, _, b = revisions[0].partition("...")
        return a or "HEAD", b or "HEAD", True
    if len(revisions) == 1 and ".." in revisions[0]:
        a, _, b = revisions[0].partition("..")
        return a or "HEAD", b or "HEAD", False
    if not revisions:
        return "HEAD", None, False
    if len(revisions) == 1:
        return revisions[0], None, False
    return revisions[0], revisions[1], False


def _side(state: State) -> Side:
    assert state.playbook is not None
    return Side(state.label, state.commit, state.playbook.as_of)


def run_diff(
    project: Path, revisions: Sequence[str], *, audience: Audience, fmt: str, colour: bool = False
) -> DiffOutcome:
    """Load, compare and render; never raises for bad input or a missing repository."""
    from kamdocs.vcs import render_diff

    old_name, new_name, merge_base = _split(revisions)
    try:
        repo = Repository.open(project)
    except GitUnavailable as exc:
        return _unavailable(str(exc), explicit=bool(revisions))
    with repo, Snapshots(project, repo) as snapshots:
        try:
            if not revisions:
                repo.head()  # a repository without commits: a note, like outside git
            old_commit = repo.resolve(old_name or "HEAD")
            new_commit = repo.resolve(new_name) if new_name is not None else None
            if merge_base and new_commit is not None:
                old_commit = repo.merge_base(old_commit, new_commit)
        except GitUnavailable as exc:
            return _unavailable(str(exc), explicit=bool(revisions))
        except UnknownRevision as exc:
            return DiffOutcome("", 2, [Problem("git", NO_POSITION, NO_POSITION, Severity.ERROR, str(exc))])
        fallback = reference_date(None)
        try:
            old = snapshots.at(old_commit, old_name or "HEAD", fallback)
            if new_commit is not None and new_name is not None:
                new = snapshots.at(new_commit, new_name, fallback)
            else:
                new = snapshots.working_tree(fallback)
        except GitUnavailable as exc:
            return _unavailable(str(exc), explicit=True)
        failing = [s for s in (old, new) if s.playbook is None]
        if failing:
            problems = [p for s in failing for p in s.result.problems if p.severity is Severity.ERROR]
            return DiffOutcome(render_diff.failure(failing, problems, audience, fmt), 1, problems)
        assert old.playbook is not None and new.playbook is not None
        assert old.analysis is not None and new.analysis is not None
        diff = compare(
            make_view(old.playbook, old.analysis, audience),
            make_view(new.playbook, new.analysis, audience),
            _side(old),
            _side(new),
            audience,
        )
    return DiffOutcome(render_diff.render(diff, fmt, colour=colour))


def _unavailable(reason: str, *, explicit: bool) -> DiffOutcome:
    """Outside git: a note and exit 0; a revision the user named cannot be found: exit 2."""
    if explicit:
        return DiffOutcome(
            "", 2, [Problem("git", NO_POSITION, NO_POSITION, Severity.ERROR, f"{reason}; no revision can be read")]
        )
    return DiffOutcome(
        "", 0, [Problem("git", NO_POSITION, NO_POSITION, Severity.NOTE, f"{reason}; there is nothing to compare")]
    )


# --- JSON ---------------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """Return ``value`` as JSON data: dates ISO, a path as its ids."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [json_value(v[0] if isinstance(v, tuple) else v) for v in value]
    return value


def _delta(delta: Delta) -> dict[str, Any]:
    return {"from": json_value(delta.old), "to": json_value(delta.new), "change": delta.change}


def _item(item: ItemChange) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "title": item.title, "status": item.status}
    if item.old_id is not None:
        data["old_id"] = item.old_id
    if item.old_title is not None:
        data["old_title"] = item.old_title
    data["fields"] = {d.key: _delta(d) for d in item.deltas}
    return data


def _section(change: SectionChange) -> dict[str, Any]:
    data: dict[str, Any] = {"status": change.status, "figures": {d.key: _delta(d) for d in change.figures}}
    for item in change.items:
        data.setdefault(item.collection, []).append(_item(item))
    return data


def side_json(side: Side) -> dict[str, Any]:
    """Return one side as JSON data."""
    commit = side.commit
    return {
        "label": side.label,
        "commit": commit.id if commit is not None else None,
        "date": commit.date.isoformat() if commit is not None else None,
        "as_of": side.as_of.isoformat(),
    }


def diff_json(diff: PlanDiff) -> dict[str, Any]:
    """Return the diff as the documented JSON data (``"format": 1``)."""
    return {
        "format": FORMAT,
        "audience": diff.audience,
        "from": side_json(diff.old),
        "to": side_json(diff.new),
        "changed": diff.changed,
        "sections": {c.key: _section(c) for c in diff.sections},
    }


def dumps(data: Any) -> str:
    """Return JSON text the way every kamdocs command prints it."""
    return json.dumps(data, indent=2, ensure_ascii=False)


__all__ = ["FORMATS", "WORKING_TREE", "DiffOutcome", "PlanDiff", "Side", "compare", "diff_json", "run_diff"]
