"""The Gantt chart for paper: a long plan as consecutive charts of whole phases on one time axis."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from markupsafe import Markup

from kamdocs.analysis.results import Schedule, ScheduledTask
from kamdocs.render.charts.gantt import gantt, plan_axis


def gantt_parts(schedule: Schedule, *, as_of: dt.date, max_height: float, **options: Any) -> list[Markup]:
    """Return the Gantt chart as consecutive charts of whole phases, each at most ``max_height`` tall.

    For paper: a long plan does not fit one page at a legible size, so the PDF prints it as parts
    on one time axis (the legend under the last), and the pages may break between them.
    """
    axis = plan_axis(schedule, as_of)
    phase_ids = [phase.id for phase in schedule.phases]
    groups = [tuple(task for task in schedule.tasks if task.phase == pid) for pid in phase_ids]
    rest = tuple(task for task in schedule.tasks if task.phase not in phase_ids)
    pieces: list[tuple[str | None, tuple[ScheduledTask, ...]]] = [
        (pid, tasks) for pid, tasks in zip(phase_ids, groups, strict=True) if tasks
    ]
    if rest:
        pieces.append((None, rest))
    chart_id = str(options.pop("chart_id"))

    def draw(chunk: list[tuple[str | None, tuple[ScheduledTask, ...]]], index: int, last: bool) -> Markup:
        ids = {pid for pid, _ in chunk}
        part = dataclasses.replace(
            schedule,
            tasks=tuple(task for _, tasks in chunk for task in tasks),
            phases=tuple(phase for phase in schedule.phases if phase.id in ids),
        )
        return gantt(part, as_of=as_of, axis=axis, legend=last, chart_id=f"{chart_id}-{index}", **options)

    if len(pieces) <= 1:
        return [gantt(schedule, as_of=as_of, axis=axis, chart_id=chart_id, **options)]
    parts: list[Markup] = []
    chunk: list[tuple[str | None, tuple[ScheduledTask, ...]]] = []
    for position, piece in enumerate(pieces):
        last = position == len(pieces) - 1
        if chunk and _height(draw([*chunk, piece], len(parts) + 1, last)) > max_height:
            parts.append(draw(chunk, len(parts) + 1, False))
            chunk = []
        chunk.append(piece)
    parts.append(draw(chunk, len(parts) + 1, True))
    return parts


def _height(chart: Markup) -> float:
    found = re.search(r'viewBox="[\d.]+ [\d.]+ [\d.]+ ([\d.]+)"', chart)
    return float(found.group(1)) if found else 0.0
