"""The text (terminal) and Markdown (pull-request comment) forms of `kamdocs diff`.

People read titles, not ids: every item is named by its title in the playbook language; ids are
only in the JSON form. Text from the playbook is cleaned of control characters (terminal) or escaped
(Markdown), so a pull request cannot inject markup, mentions or links into the comment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from kamdocs.errors import Problem
from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import Catalogue
from kamdocs.report import clean
from kamdocs.vcs.compare import Delta, ItemChange, SectionChange
from kamdocs.vcs.diff import FORMAT, WORKING_TREE, PlanDiff, Side, diff_json, dumps
from kamdocs.vcs.snapshot import State

MAX_ITEMS = 25
"""Items listed per collection and kind in the terminal before "… and N more"."""
_VALUE_LABELS = {
    ("kpis", "status"): "report.status.",
    ("tasks", "status"): "report.task_status.",
    ("accounts", "quadrant"): "report.quadrant.",
    ("chapters", "audience"): "diff.audience.",
}
# Characters that could start markup, HTML, an entity, an issue link (#12), a mention (@team), math
# ($) or strike-through (~) in GitHub's or GitLab's Markdown.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>#|@~!&$])")
_COLOURS = {"added": "32", "removed": "31", "changed": "33", "heading": "1"}
_MARKS = {"added": "+", "removed": "−", "changed": "~"}
_MD_MARKS = {"added": "+ ", "removed": "− ", "changed": ""}


class _Words:
    """Labels and formatted values in the playbook language."""

    def __init__(self, language: str, currency: str) -> None:
        self.label = Catalogue(language)
        self.fmt = Formatter(language, currency)

    def plain(self, text: str) -> str:
        return text.replace("\u00a0", " ").replace("\u202f", " ")

    def field(self, scope: str, key: str, *, figure: bool = False) -> str:
        """Return the label of a field of a collection, or of a section's figure (``figure``)."""
        kind = "figure" if figure else "field"
        for candidate in (f"diff.{kind}.{scope}.{key}", f"diff.field.{key}"):
            if candidate in self.label.messages:
                return self.label(candidate)
        return key

    def number(self, value: float) -> str:
        digits = 0 if float(value).is_integer() else 1 if round(value, 1) == value else 2
        return self.plain(self.fmt.number(value, digits))

    def value(self, scope: str, delta: Delta, value: Any) -> str:
        """Return one side of a delta as text."""
        if value is None:
            return "–"
        kind = delta.kind
        if kind == "percent":
            return self.plain(self.fmt.percent(value))
        if kind == "money":
            return self.plain(self.fmt.money(value))
        if kind == "date" and isinstance(value, dt.date):
            return self.plain(self.fmt.date(value))
        if kind == "flag":
            return self.label("diff.yes" if value else "diff.no")
        if kind == "path":
            # "›" between the steps: "→" already separates the old path from the new one.
            return " › ".join(clean(title) for _, title in value) or "–"
        if kind == "status":
            prefix = _VALUE_LABELS.get((scope, delta.key))
            key = f"{prefix}{value}" if prefix else ""
            return self.label(key) if key in self.label.messages else clean(str(value))
        if kind in ("number", "count") and isinstance(value, int | float):
            return self.number(value)
        return clean(str(value))

    def change(self, delta: Delta) -> str:
        """Return the change in its unit (``+6.2 points``, ``+14 days``), '' when it has none."""
        change = delta.change
        if change is None or change == 0:
            return ""
        sign = "+" if change > 0 else "−"
        if delta.kind == "percent":
            return self.label("diff.points", value=self.plain(self.fmt.signed(change, 1)))
        if delta.kind == "date":
            key = "diff.day" if abs(change) == 1 else "diff.days"
            return self.label(key, value=f"{sign}{abs(int(change))}")
        if delta.kind == "money":
            return sign + self.plain(self.fmt.money(abs(change)))
        return sign + self.number(abs(change))

    def delta(self, scope: str, delta: Delta, *, figure: bool = False) -> str:
        """Return ``label old → new (change)``, or ``label value`` for a value on one side only."""
        name = self.field(scope, delta.key, figure=figure)
        if delta.key == "words_changed":
            return f"{self.number(delta.new)} {name}"
        old, new = self.value(scope, delta, delta.old), self.value(scope, delta, delta.new)
        change = self.change(delta)
        if delta.old is None and delta.new is not None:
            return f"{name} {new}"
        return f"{name} {old} → {new}" + (f" ({change})" if change else "")

    def quote(self, text: str) -> str:
        return self.label("diff.quote", text=clean(text))

    def item(self, item: ItemChange) -> str:
        """Return ``Task “Title” (formerly “Old”)``."""
        text = f"{self.label('diff.item.' + item.collection)} {self.quote(item.title)}"
        if item.old_title is not None:
            text += f" ({self.label('diff.retitled_from', title=self.quote(item.old_title))})"
        elif item.old_id is not None:
            text += f" ({self.label('diff.renamed_from', id=clean(item.old_id))})"
        return text

    def side(self, side: Side) -> str:
        if side.commit is None:
            return self.label("diff.working_tree")
        date = self.plain(self.fmt.date(side.commit.date.date(), "short"))
        return f"{clean(side.label)} ({side.commit.short}, {date})"

    def header_line(self, diff: PlanDiff) -> str:
        audience = self.label(f"diff.audience.{diff.audience}")
        if diff.old.as_of == diff.new.as_of:
            return self.label(
                "diff.audience_line_same", audience=audience, date=self.plain(self.fmt.date(diff.new.as_of))
            )
        return self.label(
            "diff.audience_line",
            audience=audience,
            old=self.plain(self.fmt.date(diff.old.as_of)),
            new=self.plain(self.fmt.date(diff.new.as_of)),
        )

    def section(self, change: SectionChange) -> str:
        title = self.label(f"diff.section.{change.key}")
        if change.status != "changed":
            title += f" ({self.label('diff.section_' + change.status)})"
        return title


def render(diff: PlanDiff, fmt: str, *, colour: bool = False) -> str:
    """Return the diff in ``fmt``: text, markdown or json."""
    if fmt == "json":
        return dumps(diff_json(diff))
    if fmt == "markdown":
        return render_markdown(diff)
    return render_text(diff, colour=colour)


# --- text ---------------------------------------------------------------------------------------


def render_text(diff: PlanDiff, *, colour: bool = False) -> str:
    """Return the terminal form; ANSI colours only when ``colour`` (a terminal)."""
    words = _Words(diff.language, diff.currency)

    def paint(text: str, kind: str) -> str:
        return f"\x1b[{_COLOURS[kind]}m{text}\x1b[0m" if colour else text

    lines = [
        paint(f"{words.label('diff.title')}: {words.side(diff.old)} → {words.side(diff.new)}", "heading"),
        words.header_line(diff),
    ]
    if not diff.changed:
        return "\n".join([*lines, "", words.label("diff.no_changes")]) + "\n"
    for change in diff.sections:
        lines += ["", paint(words.section(change), "heading")]
        for delta in change.figures:
            lines.append(f"  {words.delta(change.key, delta, figure=True)}")
        shown: dict[tuple[str, str], int] = {}
        for item in change.items:
            key = (item.collection, item.status)
            shown[key] = shown.get(key, 0) + 1
            if shown[key] > MAX_ITEMS:
                continue
            text = f"  {_MARKS[item.status]} {words.item(item)}"
            if item.status == "changed" and item.deltas:
                text += ": " + "; ".join(words.delta(item.collection, d) for d in item.deltas)
            lines.append(paint(text, item.status))
        for (_collection, _status), count in shown.items():
            if count > MAX_ITEMS:
                lines.append(f"    {words.label('diff.more', count=count - MAX_ITEMS)}")
    return "\n".join(lines) + "\n"


# --- Markdown -----------------------------------------------------------------------------------


def md(text: str) -> str:
    """Escape text from the playbook for Markdown: no markup, links, HTML or @mentions."""
    text = " ".join(clean(text).split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def _summary(words: _Words, change: SectionChange, escape: Callable[[str], str] = md) -> str:
    """Return the one-line summary of a section: its figures, then counts of items."""
    parts = [escape(words.delta(change.key, d, figure=True)) for d in change.figures[:3]]
    collections = list(dict.fromkeys(i.collection for i in change.items))
    for collection in collections:
        counts = [
            words.label(f"diff.{status}", count=n)
            for status in ("added", "removed", "changed")
            if (n := change.count(collection, status))
        ]
        parts.append(f"{escape(words.label('diff.items.' + collection))}: {', '.join(counts)}")
    return "; ".join(parts)


def summary_lines(diff: PlanDiff) -> tuple[str, ...]:
    """Return one plain line per changed section (``Task plan: plan end … (+14 days); tasks: 3 changed``)."""
    words = _Words(diff.language, diff.currency)
    return tuple(f"{words.section(c)}: {_summary(words, c, clean)}" for c in diff.sections)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(diff: PlanDiff) -> str:
    """Return a pull-request comment: a short summary first, the details folded."""
    words = _Words(diff.language, diff.currency)
    lines = [
        f"### {md(words.label('diff.title'))}",
        "",
        f"{md(words.side(diff.old))} → {md(words.side(diff.new))}  ",
        md(words.header_line(diff)),
        "",
    ]
    if not diff.changed:
        return "\n".join([*lines, md(words.label("diff.no_changes"))]) + "\n"
    for change in diff.sections:
        lines.append(f"- **{md(words.section(change))}:** {_summary(words, change)}")
    lines += ["", f"<details><summary>{md(words.label('diff.details'))}</summary>", ""]
    header = [md(words.label(k)) for k in ("diff.what", "diff.before", "diff.after", "diff.change")]
    for change in diff.sections:
        lines += [f"#### {md(words.section(change))}", "", _row(header), "|---|---:|---:|---:|"]
        for delta in change.figures:
            lines.append(_row(_cells(words, change.key, md(words.field(change.key, delta.key, figure=True)), delta)))
        for item in change.items:
            name = f"{_MD_MARKS[item.status]}{md(words.item(item))}"
            if item.status != "changed" or not item.deltas:
                lines.append(
                    _row(
                        [
                            name,
                            "",
                            "",
                            md(words.label("diff.section_" + item.status)) if item.status != "changed" else "",
                        ]
                    )
                )
                continue
            for delta in item.deltas:
                lines.append(
                    _row(
                        _cells(words, item.collection, f"{name}: {md(words.field(item.collection, delta.key))}", delta)
                    )
                )
        lines.append("")
    lines.append("</details>")
    return "\n".join(lines) + "\n"


def _cells(words: _Words, scope: str, name: str, delta: Delta) -> list[str]:
    if delta.key == "words_changed":
        return [name, "", "", md(words.number(delta.new))]
    return [
        name,
        md(words.value(scope, delta, delta.old)),
        md(words.value(scope, delta, delta.new)),
        md(words.change(delta)),
    ]


# --- a revision that does not check -------------------------------------------------------------


def failure(states: Sequence[State], problems: Sequence[Problem], audience: str, fmt: str) -> str:
    """Return what stdout shows when a version does not check (the problems also go to stderr)."""
    shown = [_for_audience(p, audience) for p in problems]
    if fmt == "json":
        return dumps(
            {
                "format": FORMAT,
                "audience": audience,
                "checks": False,
                "failing": [s.label for s in states],
                "problems": [
                    {"path": p.path, "line": p.line, "col": p.col, "severity": p.severity.label, "message": p.message}
                    for p in shown
                ],
            }
        )
    if fmt != "markdown":
        return ""
    playbook = next((s.playbook for s in states if s.playbook is not None), None)
    words = _Words(playbook.config.language if playbook else "en", "EUR")
    labels = ", ".join(WORKING_TREE if s.commit is None else s.label for s in states)
    lines = [f"### {md(words.label('diff.title'))}", "", md(words.label("diff.not_checking", labels=labels)), ""]
    lines += ["- `" + p.format().replace("`", "'") + "`" for p in shown]
    return "\n".join(lines) + "\n"


def _for_audience(problem: Problem, audience: str) -> Problem:
    """Keep where a problem in personal data is, but not what it says, for the internal audience."""
    if audience == "restricted" or not problem.path.split(":", 1)[-1].startswith("data/candidates."):
        return problem
    return Problem(
        problem.path, problem.line, problem.col, problem.severity, "(details only with --audience restricted)"
    )
