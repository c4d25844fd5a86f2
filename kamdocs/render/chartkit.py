"""A thin adapter between templates and :mod:`kamdocs.render.charts` (inline SVG, no JavaScript).

Templates call ``chart("gantt", schedule, chart_id="gantt")``; the adapter adds the formatter and the
label catalogue. A chart function that does not exist (yet) draws nothing: the data table that
accompanies every chart still shows the numbers.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import Catalogue

CHART_FUNCTIONS = (
    "readiness_bars",
    "kpi_bars",
    "gantt",
    "org_chart",
    "radar",
    "team_heatmap",
    "portfolio_matrix",
    "progress_bar",
)


def _find(name: str) -> Any:
    try:
        module = importlib.import_module("kamdocs.render.charts")
    except ImportError:
        return None
    return getattr(module, name, None)


@dataclass(frozen=True)
class Charts:
    """Draw charts with one formatter and catalogue."""

    fmt: Formatter
    labels: Catalogue

    def available(self, name: str) -> bool:
        """Return whether the chart function ``name`` exists."""
        return _find(name) is not None

    def __call__(self, name: str, *args: Any, chart_id: str, **kwargs: Any) -> Markup:
        """Return the chart ``name`` as inline SVG, or empty markup when it is not available."""
        if name not in CHART_FUNCTIONS:
            raise ValueError(f"unknown chart {name!r}")
        function = _find(name)
        if function is None:
            return Markup("")
        # Pass the formatter and the catalogue only to the chart functions that take them.
        accepted = inspect.signature(function).parameters
        shared = {key: value for key, value in (("fmt", self.fmt), ("t", self.labels)) if key in accepted}
        return Markup(function(*args, chart_id=chart_id, **shared, **kwargs))


def schedule_of_phase(schedule: Any, phase: str | None) -> Any:
    """Return ``schedule`` restricted to the tasks of ``phase`` (all tasks when None)."""
    if phase is None:
        return schedule
    tasks = tuple(task for task in schedule.tasks if task.phase == phase)
    phases = tuple(p for p in schedule.phases if p.id == phase)
    return dataclasses.replace(schedule, tasks=tasks, phases=phases)
