"""The generated components a chapter may place with ``{{< name arg >}}`` (the catalogue's components)."""

from __future__ import annotations

from collections.abc import Iterable

from kamdocs.analysis.audience import View
from kamdocs.errors import Problem, Severity
from kamdocs.model import Placeholder
from kamdocs.site.catalogue import COMPONENT_NAMES, COMPONENTS
from kamdocs.site.model import Component
from kamdocs.suggest import closest


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = closest(word, choices)
    return f"did you mean '{close}'? " if close is not None else ""


def check_component(
    placeholder: Placeholder, source: str, first_line: int, view: View
) -> tuple[Component | None, Problem | None]:
    """Validate one placeholder; return the component with its data, or the problem that explains what to write."""
    line = first_line + placeholder.line - 1
    pb = view.playbook

    def problem(message: str) -> tuple[None, Problem]:
        return None, Problem(source, line, 1, Severity.ERROR, message)

    kind = COMPONENTS.get(placeholder.name)
    if kind is None:
        hint = _did_you_mean(placeholder.name, COMPONENT_NAMES)
        return problem(f"unknown component '{placeholder.name}'; {hint}use one of: {', '.join(COMPONENT_NAMES)}")
    if placeholder.arg is not None:
        if kind.ids is None:
            return problem(f"component '{placeholder.name}' takes no argument; write {{{{< {placeholder.name} >}}}}")
        known = kind.ids(pb)
        if placeholder.arg not in known:
            choice = ", ".join(sorted(known)) or "none defined"
            hint = _did_you_mean(placeholder.arg, known)
            return problem(f"component '{placeholder.name}': unknown id '{placeholder.arg}'; {hint}known: {choice}")
    data = kind.build(view, placeholder.arg) if kind.has_data(pb) else None
    if data is None:
        return None, Problem(
            source,
            line,
            1,
            Severity.WARNING,
            f"component '{placeholder.name}' shows nothing: the playbook has no {kind.needs} data",
        )
    return Component(placeholder.name, placeholder.arg, source, line, data), None
