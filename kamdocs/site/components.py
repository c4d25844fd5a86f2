"""The generated components a chapter may place with ``{{< name arg >}}`` (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kamdocs.errors import Problem, Severity
from kamdocs.model import Placeholder, Playbook
from kamdocs.site.model import Component
from kamdocs.suggest import closest


def _goal_ids(pb: Playbook) -> set[str]:
    return {goal.id for goal in pb.goals.goals} if pb.goals else set()


def _area_ids(pb: Playbook) -> set[str]:
    return {area.id for area in pb.readiness.areas} if pb.readiness else set()


def _phase_ids(pb: Playbook) -> set[str]:
    return {phase.id for phase in pb.tasks.phases} if pb.tasks else set()


def _variant_ids(pb: Playbook) -> set[str]:
    return {variant.id for variant in pb.organisation.variants} if pb.organisation else set()


# name → (data it needs, ids its optional argument may take; None = takes no argument)
_NEEDS: dict[str, tuple[str, Callable[[Playbook], set[str]] | None]] = {
    "kpi_table": ("goals", _goal_ids),
    "kpi_chart": ("goals", None),
    "readiness_chart": ("readiness", None),
    "readiness_table": ("readiness", _area_ids),
    "action_list": ("readiness", None),
    "gantt": ("tasks", _phase_ids),
    "task_table": ("tasks", _phase_ids),
    "org_chart": ("organisation", _variant_ids),
    "raci": ("organisation", None),
    "international": ("organisation", None),
    "competency_profile": ("competencies", None),
    "team_heatmap": ("competencies", None),
    "portfolio": ("accounts", None),
    "account_table": ("accounts", None),
    "budget_table": ("budget", None),
    "swot": ("company", None),
}
COMPONENT_NAMES = tuple(sorted(_NEEDS))


def _has_data(pb: Playbook, needs: str) -> bool:
    if needs == "accounts":
        return bool(pb.accounts)
    if needs == "company":
        return pb.company.market is not None and pb.company.market.swot is not None
    return getattr(pb, needs) is not None


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = closest(word, choices)
    return f"did you mean '{close}'? " if close is not None else ""


def check_component(
    placeholder: Placeholder, source: str, first_line: int, pb: Playbook
) -> tuple[Component | None, Problem | None]:
    """Validate one placeholder; return the component or the problem that explains what to write."""
    line = first_line + placeholder.line - 1

    def problem(message: str) -> tuple[None, Problem]:
        return None, Problem(source, line, 1, Severity.ERROR, message)

    spec = _NEEDS.get(placeholder.name)
    if spec is None:
        hint = _did_you_mean(placeholder.name, COMPONENT_NAMES)
        return problem(f"unknown component '{placeholder.name}'; {hint}use one of: {', '.join(COMPONENT_NAMES)}")
    needs, ids = spec
    if placeholder.arg is not None:
        if ids is None:
            return problem(f"component '{placeholder.name}' takes no argument; write {{{{< {placeholder.name} >}}}}")
        known = ids(pb)
        if placeholder.arg not in known:
            choice = ", ".join(sorted(known)) or "none defined"
            hint = _did_you_mean(placeholder.arg, known)
            return problem(f"component '{placeholder.name}': unknown id '{placeholder.arg}'; {hint}known: {choice}")
    if not _has_data(pb, needs):
        return None, Problem(
            source,
            line,
            1,
            Severity.WARNING,
            f"component '{placeholder.name}' shows nothing: the playbook has no {needs} data",
        )
    return Component(placeholder.name, placeholder.arg, source, line), None
