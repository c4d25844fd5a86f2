"""The terminal form of `kamdocs history`: one line per revision, newest first."""

from __future__ import annotations

from collections.abc import Mapping

from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import Catalogue
from kamdocs.report import shorten, table
from kamdocs.vcs.history import History, Revision


def kpi_counts(counts: Mapping[str, int] | None) -> str:
    """Return ``achieved/on track/at risk/no data`` counts as ``2/3/1/0``."""
    if counts is None:
        return "–"
    return "/".join(str(counts.get(s, 0)) for s in ("achieved", "on_track", "at_risk", "no_data"))


def render_text(history: History) -> str:
    """Return the history as an aligned table with a line of notes."""
    label = Catalogue(history.language)
    fmt = Formatter(history.language, history.currency)

    def plain(text: str) -> str:
        return text.replace("\u00a0", " ").replace("\u202f", " ")

    lines = [label("history.title")]
    for note in history.notes:
        lines.append(label("history.unavailable", reason=note))
    if not history.available:
        return "\n".join(lines) + "\n"
    if not history.revisions:
        lines.append(label("history.none"))
    else:
        lines.append(label("history.intro", count=len(history.revisions)))
        forecast = any(r.figures is not None and r.figures.forecast_end is not None for r in history.revisions)
        header = [
            label("history.revision"),
            label("history.date"),
            label("history.author"),
            label("history.readiness"),
            label("history.kpis_short"),
            label("history.end"),
            *([label("history.forecast_end")] if forecast else []),
            label("history.overdue"),
            label("history.budget"),
            label("history.accounts"),
            label("history.subject"),
        ]

        def row(r: Revision) -> list[str]:
            subject = label("history.withheld") if r.withheld else shorten(r.commit.subject, 60)
            first = [r.commit.short, plain(fmt.date(r.commit.date.date(), "short")), shorten(r.commit.author, 24)]
            f = r.figures
            if f is None:
                invalid = label("history.invalid", count=len(r.problems))
                return [*first, invalid, "", "", *([""] if forecast else []), "", "", "", subject]
            return [
                *first,
                plain(fmt.percent(f.readiness)),
                kpi_counts(f.kpis),
                plain(fmt.date(f.end, "short")),
                *([plain(fmt.date(f.forecast_end, "short"))] if forecast else []),
                "–" if f.overdue is None else str(f.overdue),
                plain(fmt.money(f.budget)),
                "–" if f.accounts is None else str(f.accounts),
                subject,
            ]

        right = (3, 6 + int(forecast), 7 + int(forecast), 8 + int(forecast))
        lines += ["", *table(header, [row(r) for r in history.revisions], right)]
        lines += ["", f"{label('history.kpis_short')}: {label('history.kpis')}"]
    if history.uncommitted:
        lines += ["", label("history.uncommitted")]
    return "\n".join(lines) + "\n"
